#!/usr/bin/env python3
"""Reference "bench" server: the Python reference serving the load-test environment.

The same semantics as OpenEnv4j's ``BenchEnvironment`` (openenv4j-envs, package ``bench``), so
``openenv4j bench`` can drive both servers with the same frames and check the same replies:

* ``BenchAction(Action)``: ``tag: Optional[str] = None`` (echoed back), ``delay_ms: Optional[int] = None``
  (overrides the episode's delay for this step).
* ``BenchObservation(Observation)``: ``step: int``, ``tag: Optional[str]``, ``payload: str``.
* ``BenchState(State)``: adds ``delay_ms: int`` and ``payload_bytes: int``.
* metadata: name "bench".
* ``reset(seed=None, episode_id=None, delay_ms=<default>, payload_bytes=<default>)``: episode id = given or
  a fresh uuid4, step_count 0; observation step=0, tag=None, payload="x" * payload_bytes, reward 0.0,
  done False. Negative values (or payload_bytes above 64 MiB) raise.
* ``step(action)``: delay = action.delay_ms if given else the episode's; negative raises; sleeps delay ms
  (``time.sleep`` on the session's thread, as a blocking Python environment would); step_count += 1;
  observation step=step_count, tag=action.tag, payload; reward 1.0, done False.

Usage::

    python ref_bench_server.py --port 8124 [--host 127.0.0.1] [--max-sessions 20000]
                               [--delay-ms 0] [--payload-bytes 16]

There is no readiness line: poll ``GET /health`` until it answers 200.
"""

from __future__ import annotations

import argparse
import time
import uuid
from typing import Any, Optional

import uvicorn

from openenv.core.env_server.http_server import create_app
from openenv.core.env_server.interfaces import Environment
from openenv.core.env_server.types import Action, EnvironmentMetadata, Observation, State

MAX_PAYLOAD_BYTES = 64 * 1024 * 1024
DEFAULT_DELAY_MS = 0
DEFAULT_PAYLOAD_BYTES = 16


class BenchAction(Action):
    tag: Optional[str] = None
    delay_ms: Optional[int] = None


class BenchObservation(Observation):
    step: int = 0
    tag: Optional[str] = None
    payload: str = ""


class BenchState(State):
    delay_ms: int = 0
    payload_bytes: int = 0


class BenchEnvironment(Environment):
    SUPPORTS_CONCURRENT_SESSIONS = True

    def __init__(self) -> None:
        super().__init__()
        self._configure(DEFAULT_DELAY_MS, DEFAULT_PAYLOAD_BYTES)
        self._state = BenchState(delay_ms=self._delay_ms, payload_bytes=len(self._payload))

    def _configure(self, delay_ms: int, payload_bytes: int) -> None:
        self._delay_ms = delay_ms
        self._payload = "x" * payload_bytes

    def reset(
        self,
        seed: Optional[int] = None,
        episode_id: Optional[str] = None,
        delay_ms: Optional[int] = None,
        payload_bytes: Optional[int] = None,
        **kwargs: Any,
    ) -> BenchObservation:
        delay = DEFAULT_DELAY_MS if delay_ms is None else int(delay_ms)
        size = DEFAULT_PAYLOAD_BYTES if payload_bytes is None else int(payload_bytes)
        if delay < 0 or size < 0 or size > MAX_PAYLOAD_BYTES:
            raise ValueError(f"delay_ms must be >= 0 and payload_bytes within 0..{MAX_PAYLOAD_BYTES}")
        self._configure(delay, size)
        self._state = BenchState(
            episode_id=episode_id or str(uuid.uuid4()), step_count=0, delay_ms=delay, payload_bytes=size
        )
        return BenchObservation(step=0, tag=None, payload=self._payload, reward=0.0, done=False)

    def step(self, action: BenchAction, timeout_s: Optional[float] = None, **kwargs: Any) -> BenchObservation:
        delay = self._delay_ms if action.delay_ms is None else action.delay_ms
        if delay < 0:
            raise ValueError(f"delay_ms must not be negative, got {delay}")
        if delay > 0:
            time.sleep(delay / 1000.0)
        self._state.step_count += 1
        return BenchObservation(
            step=self._state.step_count, tag=action.tag, payload=self._payload, reward=1.0, done=False
        )

    @property
    def state(self) -> BenchState:
        return self._state

    def get_metadata(self) -> EnvironmentMetadata:
        return EnvironmentMetadata(
            name="bench",
            description="Load-test environment: steps wait a set time and return a payload of a set size.",
            version="1.0.0",
        )


def build_app(max_sessions: int):
    return create_app(
        BenchEnvironment, BenchAction, BenchObservation, env_name="bench", max_concurrent_envs=max_sessions
    )


def main(argv: Optional[list[str]] = None) -> None:
    global DEFAULT_DELAY_MS, DEFAULT_PAYLOAD_BYTES
    parser = argparse.ArgumentParser(description="OpenEnv reference bench server")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--max-sessions", type=int, default=20000)
    parser.add_argument("--delay-ms", type=int, default=0)
    parser.add_argument("--payload-bytes", type=int, default=16)
    args = parser.parse_args(argv)
    DEFAULT_DELAY_MS, DEFAULT_PAYLOAD_BYTES = args.delay_ms, args.payload_bytes
    uvicorn.run(
        build_app(args.max_sessions),
        host=args.host,
        port=args.port,
        log_level="error",
        backlog=4096,
        ws_max_size=16 * 1024 * 1024,
    )


if __name__ == "__main__":
    main()
