"""The newest reference's ``MCPToolClient`` (``openenv`` >= 0.5) on a stateful tool environment.

That client opens an HTTP MCP session (``openenv/session/create``), attaches its WebSocket to it with
``/ws?session_id=<id>``, resets and steps over the socket and calls tools over ``POST /mcp``: all of it must
reach one environment instance. This driver resets with a seed, then reads the episode's task both ways and
changes state one way and reads it the other. Half-way it prints ``{"attached": <session id>}`` and waits for
a line on stdin (the test counts the server's slots meanwhile), then tries what the server must refuse and
``openenv/session/close`` while the socket is attached. Prints one JSON transcript on stdout.

    shared_session.py --url http://127.0.0.1:PORT --env apitools|terminal-tools --seed N
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys

import httpx
import websockets
from openenv.core.env_server.mcp_types import CallToolAction
from openenv.core.mcp_client import MCPToolClient


def plain(value):
    """Tool results and observations as JSON-friendly values."""
    if hasattr(value, "model_dump"):
        return value.model_dump()
    if hasattr(value, "__dict__") and not isinstance(value, (str, int, float, bool, list, dict)):
        return {k: plain(v) for k, v in vars(value).items() if not k.startswith("_")}
    return value


async def raw_attach(ws_url: str, session_id: str) -> dict:
    """Opens /ws?session_id=... by hand and returns the first frame the server sends (a refusal)."""
    async with websockets.connect(f"{ws_url}/ws?session_id={session_id}", open_timeout=10) as ws:
        frame = json.loads(await asyncio.wait_for(ws.recv(), 10))
        try:
            await asyncio.wait_for(ws.recv(), 10)
            closed = False
        except websockets.ConnectionClosed:
            closed = True
        return {"frame": frame, "closed_by_server": closed}


async def rpc(url: str, method: str, params: dict) -> dict:
    async with httpx.AsyncClient() as client:
        response = await client.post(f"{url}/mcp", json={"jsonrpc": "2.0", "id": 1, "method": method, "params": params})
        return response.json()


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--env", required=True, choices=["apitools", "terminal-tools"])
    parser.add_argument("--seed", type=int, required=True)
    args = parser.parse_args()
    ws_url = args.url.replace("http://", "ws://")
    out: dict = {}
    async with MCPToolClient(base_url=args.url, message_timeout_s=60) as env:
        session_id = env._production_session_id
        out["session_id_is_set"] = bool(session_id)
        reset = await env.reset(seed=args.seed)
        out["reset_done"] = reset.done
        out["tools"] = sorted(t.name for t in await env.list_tools())
        if args.env == "apitools":
            # Over HTTP (tools/call with params.session_id) and over the socket (a step, then state).
            out["task_over_http"] = plain(await env.call_tool("get_task"))
            step = await env.step(CallToolAction(tool_name="get_task", arguments={}))
            out["task_over_socket"] = plain(step.observation.result)
            out["state_over_socket"] = plain(await env.state())
        else:
            out["task_over_http"] = plain(await env.call_tool("describe_task"))
            out["write_over_http"] = plain(await env.call_tool("write_file", path="shared.txt", content="one episode"))
            step = await env.step(CallToolAction(tool_name="read_file", arguments={"path": "shared.txt"}))
            out["read_over_socket"] = plain(step.observation.result)
            await env.step(CallToolAction(tool_name="run_command", arguments={"command": "echo two >> shared.txt"}))
            out["read_over_http"] = plain(await env.call_tool("read_file", path="shared.txt"))
            out["state_over_socket"] = plain(await env.state())

        print(json.dumps({"attached": session_id}), flush=True)
        sys.stdin.readline()

        out["second_attach"] = await raw_attach(ws_url, session_id)
        out["unknown_attach"] = await raw_attach(ws_url, "no-such-session")
        out["close_while_attached"] = await rpc(args.url, "openenv/session/close", {"session_id": session_id})
        # The session is still there for its socket until the socket leaves.
        out["state_after_close_request"] = plain(await env.state())
    # The client detached and asked to close again: the session was closed when its socket left.
    out["tools_after_close"] = await rpc(args.url, "tools/list", {"session_id": session_id})
    print(json.dumps(out, default=str), flush=True)


if __name__ == "__main__":
    asyncio.run(main())
