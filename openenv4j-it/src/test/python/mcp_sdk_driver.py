#!/usr/bin/env python3
"""Drive an MCP server with the official MCP Python SDK (Streamable HTTP) and print a JSON transcript.

Usage::

    python mcp_sdk_driver.py --url http://127.0.0.1:8123/mcp [--timeout 20]

Uses ``mcp.Client`` (mode "auto": it probes ``server/discover`` and falls back to
the ``initialize`` handshake) and, for a second session, ``mode="legacy"``. Lists
tools page by page, calls tools (a structured result, a wrapped one, a failing
tool, invalid arguments, an unknown tool), pings, and records everything. Exit
status 0 whenever a transcript was produced.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import warnings
from importlib import metadata
from typing import Any, Dict, List

from mcp import Client, MCPError

warnings.simplefilter("ignore")


def dump(value: Any) -> Any:
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json", by_alias=True, exclude_none=True)
    return value


async def record(steps: List[Dict[str, Any]], op: str, coro: Any) -> Any:
    try:
        value = await coro
    except MCPError as exc:
        steps.append({"op": op, "error": {"code": exc.code, "message": exc.message}})
        return None
    except Exception as exc:  # recorded, never fatal
        steps.append({"op": op, "exception": {"type": type(exc).__name__, "message": str(exc)}})
        return None
    steps.append({"op": op, "result": dump(value)})
    return value


async def session(url: str, mode: str, timeout: float) -> Dict[str, Any]:
    steps: List[Dict[str, Any]] = []
    async with Client(url, mode=mode, read_timeout_seconds=timeout) as client:
        out: Dict[str, Any] = {
            "mode": mode,
            "protocol_version": client.protocol_version,
            "server_info": dump(client.server_info),
            "capabilities": dump(client.server_capabilities),
        }
        await record(steps, "ping", client.send_ping())
        names: List[str] = []
        cursor = None
        pages = 0
        while True:
            page = await record(steps, f"list_tools page {pages}", client.list_tools(cursor=cursor))
            if page is None:
                break
            pages += 1
            names.extend(tool.name for tool in page.tools)
            cursor = page.next_cursor
            if not cursor or pages > 20:
                break
        out["tool_names"] = names
        out["pages"] = pages
        await record(steps, "call greet", client.call_tool("greet", {"who": "Ada"}))
        await record(steps, "call add", client.call_tool("add", {"a": 2, "b": 3}))
        await record(steps, "call tally", client.call_tool("tally", {}))
        await record(steps, "call tally again", client.call_tool("tally", {}))
        await record(steps, "call fail", client.call_tool("fail", {}))
        await record(steps, "call add invalid", client.call_tool("add", {"a": "two"}))
        await record(steps, "call unknown", client.call_tool("no_such_tool", {}))
        await record(steps, "call add after errors", client.call_tool("add", {"a": 1, "b": 1}))
        out["steps"] = steps
        return out


async def main_async(args: argparse.Namespace) -> Dict[str, Any]:
    return {
        "client": {"mcp": metadata.version("mcp")},
        "sessions": [await session(args.url, "auto", args.timeout), await session(args.url, "legacy", args.timeout)],
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--timeout", type=float, default=20.0)
    args = parser.parse_args()
    doc = asyncio.run(main_async(args))
    sys.stdout.buffer.write((json.dumps(doc, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
