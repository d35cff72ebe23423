#!/usr/bin/env python3
"""Drive a tool environment with the reference's unmodified MCPToolClient and print a JSON transcript.

Usage::

    python mcp_tool_client_annotated.py --url http://127.0.0.1:8123 [--timeout 20]

Runs the same calls twice: through ``step`` over ``/ws`` (the client's default) and
through ``POST /mcp`` (``use_production_mode = True``, OpenEnv's JSON-RPC dialect).
Each step records its result or the exception it raised. Exit status 0 whenever a
transcript was produced.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, Callable, Dict, List

from openenv.core.mcp_client import MCPToolClient


def jsonable(value: Any) -> Any:
    if hasattr(value, "observation") and hasattr(value, "done"):  # a StepResult
        return {"observation": jsonable(value.observation), "reward": value.reward, "done": value.done}
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return repr(value)


def run(steps: List[Dict[str, Any]], op: str, fn: Callable[[], Any]) -> None:
    try:
        steps.append({"op": op, "result": jsonable(fn())})
    except Exception as exc:  # recorded, never fatal
        steps.append({"op": op, "exception": {"type": type(exc).__name__, "message": str(exc)}})


def transcript(url: str, timeout: float, production: bool) -> List[Dict[str, Any]]:
    steps: List[Dict[str, Any]] = []
    client = MCPToolClient(base_url=url, message_timeout_s=timeout)
    if production:
        client.use_production_mode = True
    env = client.sync()
    try:
        if not production:
            run(steps, "reset", lambda: env.reset())
        run(steps, "list_tools", lambda: [tool.name for tool in env.list_tools()])
        run(steps, "greet", lambda: env.call_tool("greet", who="Ada"))
        run(steps, "add", lambda: env.call_tool("add", a=2, b="3"))
        run(steps, "tally", lambda: env.call_tool("tally"))
        run(steps, "tally again", lambda: env.call_tool("tally"))
        run(steps, "fail", lambda: env.call_tool("fail"))
        run(steps, "add invalid", lambda: env.call_tool("add", a="two"))
        run(steps, "unknown", lambda: env.call_tool("no_such_tool"))
    finally:
        try:
            env.close()
        except Exception:
            pass
    return steps


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--timeout", type=float, default=20.0)
    args = parser.parse_args()
    doc = {"step": transcript(args.url, args.timeout, False), "production": transcript(args.url, args.timeout, True)}
    sys.stdout.buffer.write((json.dumps(doc, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
