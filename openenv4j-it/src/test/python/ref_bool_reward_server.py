#!/usr/bin/env python3
"""Reference server whose rewards are booleans, for the validator's G8 probe.

Built with the reference ``create_app``. ``FlagAction``: ``hit: bool``
(required). ``FlagObservation``: ``hits: int = 0``. The reward of a step is the
Python bool ``action.hit`` (the reference's ``Observation.reward`` accepts
``bool | int | float | None``); the episode ends after three steps. Over WS the
server sends the bool as is (gap G8); over HTTP it coerces to float.

Usage::

    python ref_bool_reward_server.py --port 8126 [--host 127.0.0.1] [--max-sessions 8]
"""

from __future__ import annotations

import argparse
import uuid
from typing import Any, Optional

import uvicorn

from openenv.core.env_server.http_server import create_app
from openenv.core.env_server.interfaces import Environment
from openenv.core.env_server.types import Action, Observation, State


class FlagAction(Action):
    hit: bool


class FlagObservation(Observation):
    hits: int = 0


class FlagEnvironment(Environment):
    SUPPORTS_CONCURRENT_SESSIONS = True

    def __init__(self) -> None:
        super().__init__()
        self._state = State(episode_id=str(uuid.uuid4()), step_count=0)
        self._hits = 0

    def reset(self, seed: Optional[int] = None, episode_id: Optional[str] = None, **kwargs: Any) -> FlagObservation:
        self._state = State(episode_id=episode_id or str(uuid.uuid4()), step_count=0)
        self._hits = 0
        return FlagObservation(hits=0, reward=False, done=False)

    def step(self, action: FlagAction, timeout_s: Optional[float] = None, **kwargs: Any) -> FlagObservation:
        self._state.step_count += 1
        self._hits += int(action.hit)
        return FlagObservation(hits=self._hits, reward=action.hit, done=self._state.step_count >= 3)

    @property
    def state(self) -> State:
        return self._state


def main(argv: Optional[list[str]] = None) -> None:
    parser = argparse.ArgumentParser(description="OpenEnv reference bool-reward server")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--max-sessions", type=int, default=8)
    args = parser.parse_args(argv)
    app = create_app(FlagEnvironment, FlagAction, FlagObservation, env_name="flag",
                     max_concurrent_envs=args.max_sessions)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")


if __name__ == "__main__":
    main()
