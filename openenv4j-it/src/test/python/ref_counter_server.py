#!/usr/bin/env python3
"""Reference "counter" server for the OpenEnv4j interop tests.

A small typed (non-MCP) environment built with the reference ``create_app``.
The Java side implements the identical environment; this file is the spec:

* ``CounterAction(Action)``: ``delta: int`` (required), ``note: str = ""``.
* ``CounterObservation(Observation)``: ``total: int = 0``, ``last_delta: int = 0``,
  ``history: list[int] = []``, ``message: str = ""``.
* ``CounterState(State)``: adds ``total: int = 0``.
* metadata: name "counter", description
  "Adds deltas to a running total; done at 10 or more.", version "1.0.0".
* ``reset(seed=None, episode_id=None, start=0, **kwargs)``: episode id = given
  or a fresh uuid4 string, step_count 0, total = start, history [];
  observation total=start, last_delta=0, history=[], message="reset seed=<seed>",
  reward=0.0, done=False.
* ``step(action)``: delta 13 raises ``ValueError("unlucky delta 13")``;
  otherwise step_count += 1, total += delta, history += [delta],
  message = note or "added <delta>", reward = float(delta), done = total >= 10.

Usage::

    python ref_counter_server.py --port 8124 [--host 127.0.0.1] [--max-sessions 8]

There is no readiness line: poll ``GET /health`` until it answers 200.
"""

from __future__ import annotations

import argparse
import uuid
from typing import Any, List, Optional

import uvicorn
from pydantic import Field

from openenv.core.env_server.http_server import create_app
from openenv.core.env_server.interfaces import Environment
from openenv.core.env_server.types import (
    Action,
    EnvironmentMetadata,
    Observation,
    State,
)


class CounterAction(Action):
    delta: int
    note: str = ""


class CounterObservation(Observation):
    total: int = 0
    last_delta: int = 0
    history: List[int] = Field(default_factory=list)
    message: str = ""


class CounterState(State):
    total: int = 0


class CounterEnvironment(Environment):
    SUPPORTS_CONCURRENT_SESSIONS = True

    def __init__(self) -> None:
        super().__init__()
        self._state = CounterState()
        self._history: List[int] = []

    def reset(
        self,
        seed: Optional[int] = None,
        episode_id: Optional[str] = None,
        start: int = 0,
        **kwargs: Any,
    ) -> CounterObservation:
        self._state = CounterState(
            episode_id=episode_id or str(uuid.uuid4()),
            step_count=0,
            total=start,
        )
        self._history = []
        return CounterObservation(
            total=start,
            last_delta=0,
            history=[],
            message=f"reset seed={seed}",
            reward=0.0,
            done=False,
        )

    def step(
        self,
        action: CounterAction,
        timeout_s: Optional[float] = None,
        **kwargs: Any,
    ) -> CounterObservation:
        delta = action.delta
        if delta == 13:
            raise ValueError("unlucky delta 13")
        self._state.step_count += 1
        self._state.total += delta
        self._history.append(delta)
        total = self._state.total
        return CounterObservation(
            total=total,
            last_delta=delta,
            history=list(self._history),
            message=action.note or f"added {delta}",
            reward=float(delta),
            done=total >= 10,
        )

    @property
    def state(self) -> CounterState:
        return self._state

    def get_metadata(self) -> EnvironmentMetadata:
        return EnvironmentMetadata(
            name="counter",
            description="Adds deltas to a running total; done at 10 or more.",
            version="1.0.0",
        )


def build_app(max_sessions: int = 8, session_timeout: Optional[float] = None):
    if session_timeout is None:
        return create_app(
            CounterEnvironment,
            CounterAction,
            CounterObservation,
            env_name="counter",
            max_concurrent_envs=max_sessions,
        )
    from openenv.core.env_server.types import ConcurrencyConfig

    return create_app(
        CounterEnvironment,
        CounterAction,
        CounterObservation,
        env_name="counter",
        concurrency_config=ConcurrencyConfig(
            max_concurrent_envs=max_sessions, session_timeout=session_timeout
        ),
    )


def main(argv: Optional[list[str]] = None) -> None:
    parser = argparse.ArgumentParser(description="OpenEnv reference counter server")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--max-sessions", type=int, default=8)
    parser.add_argument("--session-timeout", type=float, default=None)
    args = parser.parse_args(argv)
    uvicorn.run(
        build_app(args.max_sessions, args.session_timeout),
        host=args.host,
        port=args.port,
        log_level="warning",
    )


if __name__ == "__main__":
    main()
