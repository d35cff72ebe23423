#!/usr/bin/env python3
"""Reference echo server for the OpenEnv4j interop tests.

An MCP environment that behaves like the reference ``echo_env`` shipped with
OpenEnv: two FastMCP tools (``echo_message`` and ``echo_with_length``), every
step (tool listing or tool call) increments ``step_count``, ``reset`` returns a
plain ``Observation`` with reward 0.0, and the app is built with the reference
``create_app`` using ``CallToolAction`` / ``CallToolObservation`` as the
action / observation classes (exactly as echo_env's ``server/app.py`` does).

Usage::

    python ref_echo_server.py --port 8123 [--host 127.0.0.1] [--max-sessions 8]

There is no readiness line: poll ``GET /health`` until it answers 200.
"""

from __future__ import annotations

import argparse
import uuid
from typing import Any, Optional

import uvicorn
from fastmcp import FastMCP

from openenv.core.env_server.http_server import create_app
from openenv.core.env_server.mcp_environment import MCPEnvironment
from openenv.core.env_server.mcp_types import CallToolAction, CallToolObservation
from openenv.core.env_server.types import Action, Observation, State


def _build_tools() -> FastMCP:
    """Create the FastMCP server holding the two echo tools.

    The docstrings are part of the wire contract: FastMCP turns the summary
    line into the tool ``description`` and the ``Args:`` entries into the
    parameter descriptions of the input schema.
    """
    server = FastMCP("echo_env")

    @server.tool
    def echo_message(message: str) -> str:
        """
        Echo back the provided message.

        Args:
            message: The message to echo back

        Returns:
            The same message that was provided
        """
        return message

    @server.tool
    def echo_with_length(message: str) -> dict:
        """
        Echo back the message with its length.

        Args:
            message: The message to echo back

        Returns:
            Dictionary with the message and its length
        """
        return {"message": message, "length": len(message)}

    return server


class EchoEnvironment(MCPEnvironment):
    """Pure-MCP echo environment (tools only; counts every step)."""

    SUPPORTS_CONCURRENT_SESSIONS = True

    def __init__(self) -> None:
        super().__init__(_build_tools())
        # Like the reference env, an episode id exists before the first reset.
        self._state = State(episode_id=str(uuid.uuid4()), step_count=0)

    def reset(
        self,
        seed: Optional[int] = None,
        episode_id: Optional[str] = None,
        **kwargs: Any,
    ) -> Observation:
        self._state = State(episode_id=episode_id or str(uuid.uuid4()), step_count=0)
        # metadata is never transmitted on the wire, but keep it like the reference.
        return Observation(
            done=False,
            reward=0.0,
            metadata={"status": "ready", "message": "Echo environment ready!"},
        )

    def _step_impl(
        self,
        action: Action,
        timeout_s: Optional[float] = None,
        **kwargs: Any,
    ) -> Observation:
        # Only reachable for non-MCP actions; the echo env has none.
        return Observation(
            done=False,
            reward=0.0,
            metadata={
                "error": f"Unknown action type: {type(action).__name__}. "
                "Use ListToolsAction or CallToolAction for MCP interactions."
            },
        )

    # Both entry points count the step, then let MCPEnvironment route it.
    # (The HTTP /step route and the sync path use step(); /ws uses step_async().)
    def step(
        self,
        action: Action,
        timeout_s: Optional[float] = None,
        **kwargs: Any,
    ) -> Observation:
        self._state.step_count += 1
        return super().step(action, timeout_s=timeout_s, **kwargs)

    async def step_async(
        self,
        action: Action,
        timeout_s: Optional[float] = None,
        **kwargs: Any,
    ) -> Observation:
        self._state.step_count += 1
        return await super().step_async(action, timeout_s=timeout_s, **kwargs)

    @property
    def state(self) -> State:
        return self._state


def build_app(max_sessions: int = 8):
    return create_app(
        EchoEnvironment,
        CallToolAction,
        CallToolObservation,
        env_name="echo_env",
        max_concurrent_envs=max_sessions,
    )


def main(argv: Optional[list[str]] = None) -> None:
    parser = argparse.ArgumentParser(description="OpenEnv reference echo server")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--max-sessions", type=int, default=8)
    args = parser.parse_args(argv)
    uvicorn.run(build_app(args.max_sessions), host=args.host, port=args.port, log_level="warning")


if __name__ == "__main__":
    main()
