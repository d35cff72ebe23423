#!/usr/bin/env python3
"""A deterministic-start game served by the newest reference (``openenv`` >= 0.4), as the reference repository's
``connect4_env`` is: an empty board at every reset whatever the seed, no opponent, the board as rows of ints,
``legal_actions``, and observation ``metadata`` (``{"next_player": ...}``) that the reference now sends nested and
top-level. Written here with the reference's own server classes (the upstream environment is not on PyPI), for
``openenv4j validate`` to judge an environment no one here wrote the rules of.

Usage::

    python ref_connect4_server.py --port 8125 [--host 127.0.0.1] [--max-sessions 8]
"""

from __future__ import annotations

import argparse
import uuid
from typing import Any, List, Optional

import uvicorn

from openenv.core.env_server.http_server import create_app
from openenv.core.env_server.interfaces import Environment

# The reference's connect4_env models, as the typed client's side of the tests reproduces them.
from upstream_clients import Connect4Action, Connect4Observation, Connect4State

ROWS = 6
COLUMNS = 7


class Connect4Environment(Environment):
    SUPPORTS_CONCURRENT_SESSIONS = True

    def __init__(self) -> None:
        super().__init__()
        self._board = [[0] * COLUMNS for _ in range(ROWS)]
        self._next = 1
        self._state = Connect4State(episode_id=str(uuid.uuid4()), step_count=0)

    def reset(self, seed: Optional[int] = None, episode_id: Optional[str] = None, **kwargs: Any) -> Connect4Observation:
        self._board = [[0] * COLUMNS for _ in range(ROWS)]
        self._next = 1
        self._state = Connect4State(board=[row[:] for row in self._board], next_player=1,
                                    episode_id=episode_id or str(uuid.uuid4()), step_count=0)
        return self._observe(0.0, False)

    def step(self, action: Connect4Action, timeout_s: Optional[float] = None, **kwargs: Any) -> Connect4Observation:
        col = action.column
        if col < 0 or col >= COLUMNS or self._board[0][col] != 0:
            reward, done = -1.0, True
        else:
            row = max(r for r in range(ROWS) if self._board[r][col] == 0)
            self._board[row][col] = self._next
            reward, done = self._judge(row, col)
        self._next = -self._next
        self._state = Connect4State(board=[r[:] for r in self._board], next_player=self._next,
                                    episode_id=self._state.episode_id, step_count=self._state.step_count + 1)
        return self._observe(reward, done)

    def _judge(self, row: int, col: int):
        player = self._board[row][col]
        for dr, dc in ((1, 0), (0, 1), (1, 1), (1, -1)):
            count = 0
            for k in range(-3, 4):
                r, c = row + k * dr, col + k * dc
                if 0 <= r < ROWS and 0 <= c < COLUMNS and self._board[r][c] == player:
                    count += 1
                    if count >= 4:
                        return 1.0, True
                else:
                    count = 0
        if all(cell != 0 for line in self._board for cell in line):
            return 0.0, True
        return 0.0, False

    def _observe(self, reward: float, done: bool) -> Connect4Observation:
        return Connect4Observation(board=[r[:] for r in self._board],
                                   legal_actions=[c for c in range(COLUMNS) if self._board[0][c] == 0],
                                   reward=reward, done=done, metadata={"next_player": self._next})

    @property
    def state(self) -> Connect4State:
        return self._state


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--max-sessions", type=int, default=8)
    args = parser.parse_args()
    app = create_app(Connect4Environment, Connect4Action, Connect4Observation,
                     env_name="connect4_env", max_concurrent_envs=args.max_sessions)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")


if __name__ == "__main__":
    main()
