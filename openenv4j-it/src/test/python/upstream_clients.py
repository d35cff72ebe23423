#!/usr/bin/env python3
"""Play our ``<name>@openenv`` environments with typed clients shaped as the reference repository's own.

The reference repository (github.com/meta-pytorch/OpenEnv, ``envs/*/models.py`` and ``client.py`` at commit
685de411, 2026-05-01) ships one typed client per environment; they are not on PyPI. The classes below reproduce
those models' field names, types, defaults and strictness (every ``Observation`` and ``Action`` forbids extra keys,
as the reference's base classes do; ``State`` allows them) and parse replies the way each upstream client does,
on the newest reference's ``EnvClient`` base (``openenv`` from PyPI). Each scenario also validates every received
observation strictly against its model (``model_validate`` of the whole observation object), so a key we send
that the reference's model lacks, or a value of the wrong type, fails the scenario.

Usage::

    python upstream_clients.py --url http://127.0.0.1:8123 --scenario chess

Prints one JSON document: ``{"scenario": ..., "openenv": <version>, "facts": {...}}``; exits 1 with the error
on stderr when a scenario's expectation fails.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from enum import Enum
from importlib import metadata as importlib_metadata
from typing import Any, Dict, List, Optional, Tuple

from pydantic import BaseModel, Field

from openenv.core.client_types import StepResult
from openenv.core.env_client import EnvClient
from openenv.core.env_server.types import Action, Observation, State


# ---- chess_env ------------------------------------------------------------------------------------------------

class ChessAction(Action):
    move: str


class ChessObservation(Observation):
    fen: str = ""
    legal_moves: List[str] = Field(default_factory=list)
    is_check: bool = False
    result: Optional[str] = None


class ChessState(State):
    fen: str = "rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - 0 1"
    current_player: str = "white"
    move_history: List[str] = Field(default_factory=list)
    step_count: int = 0


class ChessEnv(EnvClient[ChessAction, ChessObservation, ChessState]):
    def _step_payload(self, action: ChessAction) -> Dict[str, Any]:
        return {"move": action.move}

    def _parse_result(self, payload: Dict[str, Any]) -> StepResult[ChessObservation]:
        obs = payload.get("observation", {})
        observation = ChessObservation(fen=obs.get("fen", ""), legal_moves=obs.get("legal_moves", []),
                                       is_check=obs.get("is_check", False), done=obs.get("done", False),
                                       reward=obs.get("reward", 0.0), result=obs.get("result"),
                                       metadata=obs.get("metadata", {}))
        return StepResult(observation=observation, reward=observation.reward, done=observation.done)

    def _parse_state(self, payload: Dict[str, Any]) -> ChessState:
        return ChessState(episode_id=payload.get("episode_id", ""), fen=payload.get("fen", ""),
                          current_player=payload.get("current_player", "white"),
                          move_history=payload.get("move_history", []), step_count=payload.get("step_count", 0))


# ---- textarena_env --------------------------------------------------------------------------------------------

class TextArenaMessage(BaseModel):
    sender_id: int
    content: str
    category: str


class TextArenaAction(Action):
    message: str


class TextArenaObservation(Observation):
    prompt: str
    messages: List[TextArenaMessage] = Field(default_factory=list)
    current_player_id: int = 0
    legal_players: List[int] = Field(default_factory=list)
    info: Dict[str, Any] = Field(default_factory=dict)


class TextArenaState(State):
    episode_id: Optional[str] = None
    step_count: int = 0
    env_id: str
    num_players: int
    max_turns: Optional[int] = None
    turn: int = 0
    last_reward: float = 0.0
    last_info: Dict[str, Any] = Field(default_factory=dict)
    raw_state: Dict[str, Any] = Field(default_factory=dict)


class TextArenaEnv(EnvClient[TextArenaAction, TextArenaObservation, TextArenaState]):
    def _step_payload(self, action: TextArenaAction) -> Dict:
        return {"message": action.message}

    def _parse_result(self, payload: Dict) -> StepResult[TextArenaObservation]:
        obs = payload.get("observation", {})
        messages = [TextArenaMessage(sender_id=item.get("sender_id", -1), content=item.get("content", ""),
                                     category=item.get("category", "MESSAGE"))
                    for item in obs.get("messages", []) if isinstance(item, dict)]
        observation = TextArenaObservation(prompt=obs.get("prompt", ""), messages=messages,
                                           current_player_id=obs.get("current_player_id", 0),
                                           legal_players=obs.get("legal_players", []), info=obs.get("info", {}),
                                           reward=payload.get("reward"), done=payload.get("done", False),
                                           metadata=obs.get("metadata", {}))
        return StepResult(observation=observation, reward=payload.get("reward"), done=payload.get("done", False))

    def _parse_state(self, payload: Dict[str, Any]) -> TextArenaState:
        return TextArenaState(episode_id=payload.get("episode_id"), step_count=payload.get("step_count", 0),
                              env_id=payload.get("env_id", "unknown"), num_players=payload.get("num_players", 1),
                              max_turns=payload.get("max_turns"), turn=payload.get("turn", 0),
                              last_reward=payload.get("last_reward", 0.0), last_info=payload.get("last_info", {}),
                              raw_state=payload.get("raw_state", {}))


# The helpers TRL's Wordle example imports from the reference's textarena_env/rewards.py (same behaviour).
def extract_guess(text: str) -> str:
    match = re.search(r"\[[A-Za-z]{5}\]", text)
    if match:
        return match.group(0).lower()
    cleaned = re.sub(r"[^a-z]", "", text.lower())
    return f"[{cleaned[:5]}]" if len(cleaned) >= 5 else "[dunno]"


def extract_wordle_feedback(observation: TextArenaObservation) -> str:
    for message in reversed(observation.messages):
        content = message.content.strip()
        if "Feedback:" in content:
            return content.split("Feedback:", 1)[-1].strip()
    return ""


def extract_feedback_counts(feedback: str) -> Tuple[int, int]:
    if not feedback:
        return (0, 0)
    lines = [line.strip() for line in feedback.split("\n") if line.strip()]
    if len(lines) < 2:
        return (0, 0)
    for line in reversed(lines):
        normalized = line.replace(" ", "")
        if normalized and all(c in "GYX" for c in normalized):
            return (normalized.count("G"), normalized.count("Y"))
    return (0, 0)


# ---- connect4_env ---------------------------------------------------------------------------------------------

class Connect4Action(Action):
    column: int


class Connect4Observation(Observation):
    board: List[List[int]] = Field(default_factory=list)
    legal_actions: List[int] = Field(default_factory=list)


class Connect4State(State):
    board: List[List[int]] = Field(default_factory=lambda: [[0] * 7 for _ in range(6)])
    next_player: int = 1


class Connect4Env(EnvClient[Connect4Action, Connect4Observation, Connect4State]):
    def _step_payload(self, action: Connect4Action) -> Dict[str, Any]:
        return {"column": action.column}

    def _parse_result(self, payload: Dict[str, Any]) -> StepResult[Connect4Observation]:
        obs = payload.get("observation", {})
        observation = Connect4Observation(board=obs.get("board", [[0] * 7 for _ in range(6)]),
                                          legal_actions=obs.get("legal_actions", []),
                                          done=payload.get("done", False), reward=payload.get("reward", 0.0),
                                          metadata=obs.get("metadata", {}))
        return StepResult(observation=observation, reward=payload.get("reward", 0.0), done=payload.get("done", False))

    def _parse_state(self, payload: Dict[str, Any]) -> Connect4State:
        return Connect4State(episode_id=payload.get("episode_id", ""),
                             board=payload.get("board", [[0] * 7 for _ in range(6)]),
                             next_player=payload.get("next_player", 1), step_count=payload.get("step_count", 0))


# ---- coding_env -----------------------------------------------------------------------------------------------

class CodeAction(Action):
    code: str


class CodeObservation(Observation):
    stdout: str = ""
    stderr: str = ""
    exit_code: int = 0


class CodeState(State):
    last_exit_code: int = 0


class CodingEnv(EnvClient[CodeAction, CodeObservation, CodeState]):
    def _step_payload(self, action: CodeAction) -> dict:
        return {"code": action.code}

    def _parse_result(self, payload: dict) -> StepResult[CodeObservation]:
        obs = CodeObservation(**payload["observation"])  # every key the server sends, strictly
        return StepResult(observation=obs, reward=payload.get("reward"), done=bool(payload.get("done", False)))

    def _parse_state(self, payload: dict) -> CodeState:
        return CodeState(episode_id=payload.get("episode_id"), step_count=payload.get("step_count", 0),
                         last_exit_code=payload.get("last_exit_code", 0))


# ---- openspiel_env --------------------------------------------------------------------------------------------

class OpenSpielAction(Action):
    action_id: int
    game_name: str = "catch"
    game_params: Dict[str, Any] = Field(default_factory=dict)


class OpenSpielObservation(Observation):
    info_state: List[float]
    legal_actions: List[int]
    game_phase: str = "playing"
    current_player_id: int = 0
    opponent_last_action: Optional[int] = None


class OpenSpielState(State):
    game_name: str = "catch"
    agent_player: int = 0
    opponent_policy: str = "random"
    game_params: Dict[str, Any] = Field(default_factory=dict)
    num_players: int = 1


class OpenSpielEnv(EnvClient[OpenSpielAction, OpenSpielObservation, OpenSpielState]):
    def _step_payload(self, action: OpenSpielAction) -> Dict[str, Any]:
        return {"action_id": action.action_id, "game_name": action.game_name, "game_params": action.game_params}

    def _parse_result(self, payload: Dict[str, Any]) -> StepResult[OpenSpielObservation]:
        obs = payload.get("observation", {})
        observation = OpenSpielObservation(info_state=obs.get("info_state", []),
                                           legal_actions=obs.get("legal_actions", []),
                                           game_phase=obs.get("game_phase", "playing"),
                                           current_player_id=obs.get("current_player_id", 0),
                                           opponent_last_action=obs.get("opponent_last_action"),
                                           done=payload.get("done", False), reward=payload.get("reward"),
                                           metadata=obs.get("metadata", {}))
        return StepResult(observation=observation, reward=payload.get("reward"), done=payload.get("done", False))

    def _parse_state(self, payload: Dict[str, Any]) -> OpenSpielState:
        return OpenSpielState(episode_id=payload.get("episode_id"), step_count=payload.get("step_count", 0),
                              game_name=payload.get("game_name", "unknown"),
                              agent_player=payload.get("agent_player", 0),
                              opponent_policy=payload.get("opponent_policy", "random"),
                              game_params=payload.get("game_params", {}), num_players=payload.get("num_players", 1))


# ---- snake_env ------------------------------------------------------------------------------------------------

class SnakeAction(Action):
    action: int


class SnakeObservation(Observation):
    grid: List[List[int]]
    observation: List[List[List[float]]]
    episode_score: float = 0.0
    episode_steps: int = 0
    episode_fruits: int = 0
    episode_kills: int = 0
    alive: bool = True


class SnakeEnv(EnvClient[SnakeAction, SnakeObservation, State]):
    def _step_payload(self, action: SnakeAction) -> Dict:
        return {"action": action.action}

    def _parse_result(self, payload: Dict) -> StepResult[SnakeObservation]:
        obs = payload.get("observation", {})
        observation = SnakeObservation(grid=obs.get("grid", []), observation=obs.get("observation", []),
                                       episode_score=obs.get("episode_score", 0.0),
                                       episode_steps=obs.get("episode_steps", 0),
                                       episode_fruits=obs.get("episode_fruits", 0),
                                       episode_kills=obs.get("episode_kills", 0), alive=obs.get("alive", True),
                                       done=payload.get("done", False), reward=payload.get("reward"),
                                       metadata=obs.get("metadata", {}))
        return StepResult(observation=observation, reward=payload.get("reward"), done=payload.get("done", False))

    def _parse_state(self, payload: Dict) -> State:
        return State(episode_id=payload.get("episode_id"), step_count=payload.get("step_count", 0))


# ---- maze_env -------------------------------------------------------------------------------------------------

class MazeAction(Action):
    action: int


class MazeObservation(Observation):
    legal_actions: List[int] = Field(default_factory=list)
    current_position: List[int] = Field(default_factory=list)
    previous_position: List[int] = Field(default_factory=list)


class MazeState(State):
    episode_id: Optional[str] = None
    step_count: int
    done: bool = False
    current_position: List[int] = Field(default_factory=list)
    exit_cell: List[int] = Field(default_factory=list)
    status: str = "playing"


class MazeEnv(EnvClient[MazeAction, MazeObservation, MazeState]):
    def _step_payload(self, action: MazeAction) -> Dict:
        return {"action": action.action}

    def _parse_result(self, payload: Dict) -> StepResult[MazeObservation]:
        obs = payload.get("observation", {})
        observation = MazeObservation(legal_actions=obs.get("legal_actions", []),
                                      current_position=obs.get("current_position", []),
                                      previous_position=obs.get("previous_position", []),
                                      done=payload.get("done", False), reward=payload.get("reward"),
                                      metadata=obs.get("metadata", {}))
        return StepResult(observation=observation, reward=payload.get("reward"), done=payload.get("done", False))

    def _parse_state(self, payload: Dict) -> MazeState:
        return MazeState(episode_id=payload.get("episode_id"), step_count=payload.get("step_count", 0),
                         done=payload.get("done", False), current_position=payload.get("current_position", []),
                         exit_cell=payload.get("exit_cell", []), status=payload.get("status", "playing"))


# ---- grid_world_env -------------------------------------------------------------------------------------------

class MoveAction(str, Enum):
    UP = "UP"
    DOWN = "DOWN"
    LEFT = "LEFT"
    RIGHT = "RIGHT"


class GridWorldAction(Action):
    action: MoveAction = Field(..., description="The direction to move the agent.")


class GridWorldObservation(Observation):
    x: int = Field(..., description="Current X position")
    y: int = Field(..., description="Current Y position")
    message: str = Field("", description="Status message")
    reward: float = Field(0.0, description="Reward received from the last action")
    done: bool = Field(False, description="Whether the episode has ended")


class GridWorldEnv(EnvClient[GridWorldAction, GridWorldObservation, State]):
    def _step_payload(self, action: GridWorldAction) -> dict:
        return action.model_dump()

    def _parse_result(self, data: dict) -> StepResult[GridWorldObservation]:
        return StepResult(observation=GridWorldObservation(**data["observation"]), reward=data["reward"],
                          done=data["done"])

    def _parse_state(self, data: dict) -> State:
        return State(**data)


# ---- scenarios ------------------------------------------------------------------------------------------------

class Expectation(AssertionError):
    pass


def expect(condition: bool, what: str) -> None:
    if not condition:
        raise Expectation(what)


class Strict:
    """Validates every observation object received against the reference's model, keeping what it saw."""

    def __init__(self, model: type) -> None:
        self.model = model
        self.keys: set = set()
        self.last: Dict[str, Any] = {}

    def check(self, client: EnvClient, payload: Dict[str, Any]) -> None:
        observation = payload.get("observation", {})
        self.keys.update(observation.keys())
        self.last = payload
        self.model.model_validate(observation)  # extra keys or wrong types raise


def strictly(client_type: type, model: type, url: str):
    """The client over the newest reference's EnvClient, with every raw step payload checked against ``model``."""
    strict = Strict(model)
    parse = client_type._parse_result

    def checked(self, payload):
        strict.check(self, payload)
        return parse(self, payload)

    checked_type = type(client_type.__name__, (client_type,), {"_parse_result": checked})
    return checked_type(base_url=url).sync(), strict


def chess(url: str) -> Dict[str, Any]:
    client, strict = strictly(ChessEnv, ChessObservation, url)
    with client:
        first = client.reset(seed=3)
        expect(first.observation.fen.startswith("rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w"), "start position")
        expect("e2e4" in first.observation.legal_moves and len(first.observation.legal_moves) == 20, "20 legal moves")
        expect(first.observation.result is None and first.observation.is_check is False, "no result, no check")
        played = client.step(ChessAction(move="e2e4"))
        state = client.state()
        expect(state.move_history[0] == "e2e4" and len(state.move_history) == 2, "both sides' moves: %s" % state.move_history)
        expect(state.current_player == "white", "white to move after the reply")
        expect(state.fen == played.observation.fen and state.step_count == 1, "state follows the game")
        # Scholar's mate from a position: white mates with Qxf7#.
        client.reset(seed=1, fen="r1bqkb1r/pppp1ppp/2n2n2/4p2Q/2B1P3/8/PPPP1PPP/RNB1K1NR w KQkq - 4 4")
        mate = client.step(ChessAction(move="h5f7"))
        # The reference's ChessEnv reads done and reward from inside the observation, where no server of the
        # reference's puts them (serialize_observation sends them next to it): its StepResult says not done, reward
        # 0.0, against the reference's own chess server too. The step payload carries them; the result says who won.
        expect(strict.last.get("done") is True and strict.last.get("reward") == 1.0, "mate ends the game with reward 1")
        expect(mate.observation.legal_moves == [], "no legal moves once the game is over")
        expect(mate.observation.result == "1-0", "PGN result 1-0, got %r" % mate.observation.result)
        expect(mate.observation.is_check is True, "the mated king is in check")
        return {"first_legal_moves": len(first.observation.legal_moves), "move_history": state.move_history,
                "current_player": state.current_player, "result": mate.observation.result,
                "is_check": mate.observation.is_check, "keys": sorted(strict.keys)}


def wordle(url: str) -> Dict[str, Any]:
    client, strict = strictly(TextArenaEnv, TextArenaObservation, url)
    with client:
        first = client.reset(answer="crane")
        expect(first.observation.prompt.strip() != "", "the rules as prompt")
        expect([m.category for m in first.observation.messages] == ["PROMPT"], "one PROMPT message at reset")
        guess = extract_guess("I think it is [SLATE] today")
        step = client.step(TextArenaAction(message=guess))
        feedback = extract_wordle_feedback(step.observation)
        greens, yellows = extract_feedback_counts(feedback)
        expect((greens, yellows) == (2, 0), "slate vs crane: 2 green, 0 yellow, got %s from %r" % ((greens, yellows), feedback))
        expect(step.done is False and step.observation.messages[-2].content == "[slate]", "the player's message is kept")
        won = client.step(TextArenaAction(message="[crane]"))
        expect(won.done is True and won.reward == 1.0, "solved: reward 1")
        expect(extract_feedback_counts(extract_wordle_feedback(won.observation)) == (5, 0), "five greens")
        state = client.state()
        expect(state.env_id == "Wordle-v0" and state.num_players == 1 and state.turn == 2, "TextArena state")
        expect(state.last_reward == 1.0 and state.raw_state.get("status") == "won", "raw state: %s" % state.raw_state)
        return {"categories": [m.category for m in won.observation.messages], "greens": greens,
                "feedback": feedback, "env_id": state.env_id, "turn": state.turn, "keys": sorted(strict.keys)}


def connect4(url: str) -> Dict[str, Any]:
    client, strict = strictly(Connect4Env, Connect4Observation, url)
    with client:
        first = client.reset(seed=5)
        expect(first.observation.board == [[0] * 7 for _ in range(6)], "an empty 6x7 board")
        expect(first.observation.legal_actions == list(range(7)), "all columns legal")
        step = client.step(Connect4Action(column=3))
        board = step.observation.board
        expect(board[5][3] == 1, "the agent's disc at the bottom of column 3")
        expect(sum(cell == -1 for row in board for cell in row) == 1, "one opponent disc")
        state = client.state()
        expect(state.board == board and state.next_player == 1 and state.step_count == 1, "state follows the board")
        return {"board": board, "legal_actions": step.observation.legal_actions, "keys": sorted(strict.keys)}


def code(url: str) -> Dict[str, Any]:
    client, strict = strictly(CodingEnv, CodeObservation, url)
    with client:
        client.reset()
        ran = client.step(CodeAction(code="x = 40\nprint(x + 2)"))
        expect(ran.observation.stdout == "42\n" and ran.observation.exit_code == 0, "printed 42: %r" % ran.observation)
        kept = client.step(CodeAction(code="print(x)"))
        expect(kept.observation.stdout == "40\n", "the interpreter keeps its state")
        failed = client.step(CodeAction(code="1/0"))
        expect(failed.observation.exit_code == 1 and "ZeroDivisionError" in failed.observation.stderr, "a raise: exit 1")
        state = client.state()
        expect(state.last_exit_code == 1 and state.step_count == 3, "state: %s" % state)
        return {"stdout": ran.observation.stdout, "exit_codes": [ran.observation.exit_code, failed.observation.exit_code],
                "keys": sorted(strict.keys)}


def blackjack(url: str) -> Dict[str, Any]:
    client, strict = strictly(OpenSpielEnv, OpenSpielObservation, url)
    with client:
        first = client.reset(seed=11)
        expect(len(first.observation.info_state) == 3 and first.observation.legal_actions == [0, 1], "a hand to play")
        expect(first.observation.game_phase == "initial", "initial phase at reset")
        stand = client.step(OpenSpielAction(action_id=1))  # the client's default game_name "catch" is ignored
        expect(stand.done is True and stand.observation.legal_actions == [], "standing ends the hand")
        expect(stand.observation.game_phase == "terminal" and stand.reward in (-1.0, 0.0, 1.0, 1.5), "terminal")
        state = client.state()
        expect(state.game_name == "blackjack" and state.num_players == 1 and state.step_count == 1, "state: %s" % state)
        return {"info_state": first.observation.info_state, "reward": stand.reward, "keys": sorted(strict.keys)}


def snake(url: str) -> Dict[str, Any]:
    client, strict = strictly(SnakeEnv, SnakeObservation, url)
    with client:
        first = client.reset(seed=2)
        grid = first.observation.grid
        expect(len(grid) == 8 and all(len(row) == 8 for row in grid), "an 8x8 grid")
        expect(len(first.observation.observation) == 8 and len(first.observation.observation[0][0]) == 3, "HxWx3")
        expect(sum(cell == 2 for row in grid for cell in row) == 1, "one head")
        step = client.step(SnakeAction(action=0))
        expect(step.observation.episode_steps == 1 and step.observation.alive is True, "one step, alive")
        state = client.state()
        expect(state.step_count == 1, "state counts the step")
        return {"episode_steps": step.observation.episode_steps, "alive": step.observation.alive,
                "keys": sorted(strict.keys)}


def maze(url: str) -> Dict[str, Any]:
    client, strict = strictly(MazeEnv, MazeObservation, url)
    with client:
        first = client.reset(seed=4)
        start = first.observation.current_position
        expect(first.observation.previous_position == start and first.observation.legal_actions, "a start with ways out")
        move = first.observation.legal_actions[0]
        step = client.step(MazeAction(action=move))
        expect(step.observation.previous_position == start and step.observation.current_position != start,
               "a legal move moves: %s -> %s" % (start, step.observation.current_position))
        state = client.state()
        expect(state.current_position == step.observation.current_position and len(state.exit_cell) == 2, "state")
        expect(state.status in ("playing", "win") and state.step_count == 1, "status %s" % state.status)
        return {"start": start, "moved_to": state.current_position, "exit_cell": state.exit_cell,
                "keys": sorted(strict.keys)}


def gridworld(url: str) -> Dict[str, Any]:
    client, strict = strictly(GridWorldEnv, GridWorldObservation, url)
    with client:
        first = client.reset(seed=6)
        step = client.step(GridWorldAction(action=MoveAction.DOWN))
        expect(isinstance(step.observation.x, int) and isinstance(step.observation.y, int), "x and y")
        expect("A" in step.observation.message, "the message draws the grid with the agent")
        state = client.state()
        expect(state.step_count == 1, "state counts the step")
        return {"start": [first.observation.x, first.observation.y], "after": [step.observation.x, step.observation.y],
                "keys": sorted(strict.keys)}


SCENARIOS = {"chess": chess, "wordle": wordle, "connect-four": connect4, "code": code, "blackjack": blackjack,
             "snake": snake, "maze": maze, "gridworld": gridworld}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", required=True)
    parser.add_argument("--scenario", required=True, choices=sorted(SCENARIOS))
    args = parser.parse_args()
    try:
        facts = SCENARIOS[args.scenario](args.url)
    except Exception as error:  # the expectation or the client's own failure, for the Java test to show
        print("%s: %s: %s" % (args.scenario, type(error).__name__, error), file=sys.stderr)
        return 1
    print(json.dumps({"scenario": args.scenario, "openenv": importlib_metadata.version("openenv"), "facts": facts}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
