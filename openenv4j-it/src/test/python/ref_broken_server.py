#!/usr/bin/env python3
"""Reference server whose environment factory always fails.

Built with the reference ``create_app``; used to observe ``FACTORY_ERROR`` on
``/ws``, the ``-32000`` JSON-RPC error of ``openenv/session/create``, and the
HTTP 500 answers of the stateless routes. ``/health`` still answers 200.

The factory is the class ``BrokenEnvironment`` whose constructor raises
``RuntimeError("BrokenEnvironment always fails to start")``; the server
reports ``factory_name`` = ``"BrokenEnvironment"``. Being a class with
``SUPPORTS_CONCURRENT_SESSIONS = True``, it lets the server start with any
``--max-sessions`` (the reference never instantiates a class factory at
start-up).

Usage::

    python ref_broken_server.py --port 8125 [--host 127.0.0.1] [--max-sessions 8]
"""

from __future__ import annotations

import argparse
from typing import Any, Optional

import uvicorn

from openenv.core.env_server.http_server import create_app
from openenv.core.env_server.interfaces import Environment
from openenv.core.env_server.types import Action, Observation, State


class BrokenEnvironment(Environment):
    SUPPORTS_CONCURRENT_SESSIONS = True

    def __init__(self) -> None:
        raise RuntimeError("BrokenEnvironment always fails to start")

    # The abstract methods must exist for the class to be a valid Environment;
    # they are never reached because construction always fails.
    def reset(self, seed: Optional[int] = None, episode_id: Optional[str] = None, **kwargs: Any) -> Observation:
        raise AssertionError("unreachable")

    def step(self, action: Action, timeout_s: Optional[float] = None, **kwargs: Any) -> Observation:
        raise AssertionError("unreachable")

    @property
    def state(self) -> State:
        raise AssertionError("unreachable")


def build_app(max_sessions: int = 8):
    return create_app(
        BrokenEnvironment,
        Action,
        Observation,
        env_name="broken",
        max_concurrent_envs=max_sessions,
    )


def main(argv: Optional[list[str]] = None) -> None:
    parser = argparse.ArgumentParser(description="OpenEnv reference broken-factory server")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--max-sessions", type=int, default=8)
    args = parser.parse_args(argv)
    uvicorn.run(build_app(args.max_sessions), host=args.host, port=args.port, log_level="warning")


if __name__ == "__main__":
    main()
