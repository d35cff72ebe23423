#!/usr/bin/env python3
"""Capture golden wire exchanges from the OpenEnv reference server.

Starts the reference servers of this directory (echo, counter, broken factory,
and a second echo limited to one session) on free ports with the Python that
runs this script, sends raw frames with ``websockets`` and raw HTTP requests
with ``httpx``, and writes one JSON file per exchange into the output
directory::

    {"description": str,
     "transport": "ws" | "http",
     "server": "echo" | "counter" | "broken" | "echo-max1",
     ...}

WebSocket files (``transport: "ws"``)::

    "path": "/ws" | "/mcp",
    "preceding": [text frames sent earlier on the same connection],
    "request": <the frame sent, parsed JSON; a string if it is not JSON;
                {"binary_hex": ...} for a binary frame; null = just connect>,
    "request_text": <exact text sent> | null,
    "response": <reply frame parsed as JSON> | null (no reply),
    "response_text": <exact reply text> | null,
    "connection_after": {"open": true} | {"open": false, "close_code": int, "close_reason": str}

HTTP files (``transport: "http"``)::

    "request": {"method", "path", "content_type", "body" (JSON value, or raw string
                when "body_is_raw": true; null = no body)},
    "response": {"status", "content_type", "body" (parsed JSON, else text),
                 "body_text" (exact), "headers" (location/allow when present)}

Nothing is normalised: generated UUIDs and the FastMCP version inside tool
result ``meta`` are as captured (see README.md written next to the files).

Usage::

    python capture_golden.py OUTPUT_DIR
"""

from __future__ import annotations

import asyncio
import json
import os
import platform
import socket
import subprocess
import sys
import time
from importlib import metadata as importlib_metadata
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import httpx
from websockets.asyncio.client import connect as ws_connect
from websockets.exceptions import ConnectionClosed

HERE = Path(__file__).resolve().parent
TIMEOUT = 20.0

SERVERS = {
    # name: (script, extra args)
    "echo": ("ref_echo_server.py", ["--max-sessions", "8"]),
    "counter": ("ref_counter_server.py", ["--max-sessions", "8"]),
    "broken": ("ref_broken_server.py", ["--max-sessions", "8"]),
    "echo-max1": ("ref_echo_server.py", ["--max-sessions", "1"]),
}


# --------------------------------------------------------------------------
# server processes
# --------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Servers:
    def __init__(self) -> None:
        self.procs: Dict[str, subprocess.Popen] = {}
        self.urls: Dict[str, str] = {}

    def start(self) -> None:
        for name, (script, extra) in SERVERS.items():
            port = free_port()
            cmd = [sys.executable, str(HERE / script), "--port", str(port), "--host", "127.0.0.1", *extra]
            self.procs[name] = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            self.urls[name] = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90
        pending = set(self.procs)
        while pending and time.monotonic() < deadline:
            for name in list(pending):
                if self.procs[name].poll() is not None:
                    raise RuntimeError(f"server {name} exited with {self.procs[name].returncode}")
                try:
                    if httpx.get(self.urls[name] + "/health", timeout=1.0).status_code == 200:
                        pending.discard(name)
                except httpx.HTTPError:
                    pass
            time.sleep(0.25)
        if pending:
            raise RuntimeError(f"servers not healthy in time: {sorted(pending)}")

    def stop(self) -> None:
        for proc in self.procs.values():
            if proc.poll() is None:
                proc.terminate()
        for proc in self.procs.values():
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()


# --------------------------------------------------------------------------
# capture helpers
# --------------------------------------------------------------------------


def parse_or_raw(text: Any) -> Any:
    if text is None:
        return None
    if isinstance(text, bytes):
        return {"binary_hex": text.hex()}
    try:
        return json.loads(text)
    except ValueError:
        return text


def ws_url(base: str, path: str) -> str:
    return base.replace("http://", "ws://", 1) + path


async def _connection_after(ws: Any, wait_s: float) -> Dict[str, Any]:
    try:
        await asyncio.wait_for(ws.wait_closed(), timeout=wait_s)
    except asyncio.TimeoutError:
        return {"open": True}
    return {"open": False, "close_code": ws.close_code, "close_reason": ws.close_reason}


async def ws_conversation(url: str, frames: List[Any], close_wait: float = 0.3) -> List[Dict[str, Any]]:
    """Send frames one at a time on one connection; record each reply."""
    out: List[Dict[str, Any]] = []
    async with ws_connect(url, open_timeout=TIMEOUT) as ws:
        for frame in frames:
            entry: Dict[str, Any] = {"request_raw": frame}
            try:
                await ws.send(frame)
            except ConnectionClosed:
                pass
            try:
                reply = await asyncio.wait_for(ws.recv(), timeout=TIMEOUT)
            except (asyncio.TimeoutError, ConnectionClosed):
                reply = None
            entry["response_text"] = reply
            entry["connection_after"] = await _connection_after(ws, close_wait if reply is not None else 5.0)
            out.append(entry)
            if not entry["connection_after"]["open"]:
                break
    return out


async def ws_connect_only(url: str) -> Dict[str, Any]:
    """Connect and record the unsolicited first frame (capacity / factory errors)."""
    async with ws_connect(url, open_timeout=TIMEOUT) as ws:
        try:
            reply = await asyncio.wait_for(ws.recv(), timeout=TIMEOUT)
        except (asyncio.TimeoutError, ConnectionClosed):
            reply = None
        return {"request_raw": None, "response_text": reply, "connection_after": await _connection_after(ws, 5.0)}


class Golden:
    def __init__(self, outdir: Path, servers: Servers) -> None:
        self.outdir = outdir
        self.servers = servers
        self.written: List[Tuple[str, str]] = []

    def _write(self, name: str, doc: Dict[str, Any]) -> None:
        path = self.outdir / f"{name}.json"
        if any(n == name for n, _ in self.written):
            raise RuntimeError(f"duplicate golden name {name}")
        path.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        self.written.append((name, doc["description"]))

    # ---- WebSocket -------------------------------------------------------

    def ws(
        self,
        server: str,
        frames: List[Any],
        files: Dict[int, Tuple[str, str]],
        path: str = "/ws",
        close_wait: float = 0.3,
    ) -> None:
        """Run one conversation; files maps frame index (negative allowed) -> (name, description)."""
        conv = asyncio.run(ws_conversation(ws_url(self.servers.urls[server], path), frames, close_wait))
        for idx, (name, description) in files.items():
            i = idx if idx >= 0 else len(frames) + idx
            if i >= len(conv):
                raise RuntimeError(f"{name}: conversation ended before frame {i}")
            self._write_ws(name, description, server, path, [f for f in frames[:i]], conv[i])

    def ws_connect(self, server: str, name: str, description: str, path: str = "/ws") -> None:
        entry = asyncio.run(ws_connect_only(ws_url(self.servers.urls[server], path)))
        self._write_ws(name, description, server, path, [], entry)

    def _write_ws(self, name, description, server, path, preceding, entry) -> None:
        raw = entry["request_raw"]
        doc = {
            "description": description,
            "transport": "ws",
            "server": server,
            "path": path,
            "preceding": [p if isinstance(p, str) else {"binary_hex": p.hex()} for p in preceding],
            "request": parse_or_raw(raw),
            "request_text": raw if isinstance(raw, str) else None,
            "response": parse_or_raw(entry["response_text"]),
            "response_text": entry["response_text"],
            "connection_after": entry["connection_after"],
        }
        self._write(name, doc)

    # ---- HTTP ------------------------------------------------------------

    def http(
        self,
        server: str,
        name: str,
        description: str,
        method: str,
        path: str,
        body: Any = None,
        raw: Optional[str] = None,
        content_type: Optional[str] = None,
    ) -> Dict[str, Any]:
        headers: Dict[str, str] = {}
        content: Optional[bytes] = None
        if raw is not None:
            content = raw.encode("utf-8")
        elif body is not None:
            content = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
            content_type = content_type or "application/json"
        if content_type:
            headers["content-type"] = content_type
        # A fresh connection per request (uvicorn closes the connection after a 500).
        resp = httpx.request(
            method,
            self.servers.urls[server] + path,
            content=content,
            headers=headers,
            timeout=TIMEOUT,
            follow_redirects=False,
        )
        try:
            parsed: Any = resp.json()
        except ValueError:
            parsed = resp.text
        response = {
            "status": resp.status_code,
            "content_type": resp.headers.get("content-type"),
            "body": parsed,
            "body_text": resp.text,
            "headers": {h: resp.headers[h] for h in ("location", "allow") if h in resp.headers},
        }
        request = {
            "method": method,
            "path": path,
            "content_type": content_type,
            "body": raw if raw is not None else body,
        }
        if raw is not None:
            request["body_is_raw"] = True
        if name:
            self._write(
                name,
                {"description": description, "transport": "http", "server": server, "request": request, "response": response},
            )
        return response

    def rpc(self, server: str, name: str, description: str, body: Any = None, raw: Optional[str] = None) -> Dict[str, Any]:
        return self.http(server, name, description, "POST", "/mcp", body=body, raw=raw,
                         content_type="application/json" if raw is not None else None)


# --------------------------------------------------------------------------
# the captures
# --------------------------------------------------------------------------


def j(obj: Any) -> str:
    """Compact JSON text, UTF-8 (what the reference client sends is json.dumps; compact is fine)."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def capture_ws(g: Golden) -> None:
    # --- echo: the full MCP-through-step conversation -------------------
    g.ws(
        "echo",
        [
            j({"type": "reset", "data": {"seed": 42, "episode_id": "ep-1"}}),
            j({"type": "step", "data": {"type": "list_tools"}}),
            j({"type": "step", "data": {"type": "call_tool", "tool_name": "echo_message", "arguments": {"message": "hello"}}}),
            j({"type": "step", "data": {"type": "call_tool", "tool_name": "echo_with_length", "arguments": {"message": "héllo wörld"}}}),
            j({"type": "step", "data": {"type": "call_tool", "tool_name": "no_such_tool", "arguments": {}}}),
            j({"type": "step", "data": {"type": "call_tool", "tool_name": "echo_message", "arguments": {}}}),
            j({"type": "step", "data": {"tool_name": "echo_message", "arguments": {"message": "untyped"}}}),
            j({"type": "state"}),
            j({"type": "mcp", "data": {"jsonrpc": "2.0", "id": 1, "method": "tools/list"}}),
            j({"type": "mcp", "data": {"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {"name": "echo_message", "arguments": {"message": "via mcp"}}}}),
            j({"type": "mcp", "data": {"jsonrpc": "2.0", "id": 3, "method": "openenv/session/create"}}),
            j({"type": "mcp", "data": {"jsonrpc": "2.0", "id": 4, "method": "initialize", "params": {}}}),
            j({"type": "mcp", "data": {"jsonrpc": "1.0", "id": 5, "method": "tools/list"}}),
            j({"type": "state"}),
            j({"type": "reset"}),
            j({"type": "close"}),
        ],
        {
            0: ("ws-reset-echo", "reset with seed and episode_id on the echo env; reset metadata is not transmitted"),
            1: ("ws-step-list-tools-echo", "step with a list_tools action; OpenEnv Tool objects (name, description, input_schema); reward null"),
            2: ("ws-step-call-tool-echo", "step with a call_tool action (str result: wrapped structured_content, fastmcp wrap_result meta)"),
            3: ("ws-step-call-tool-with-length-echo", "call_tool with a dict result and non-ASCII text (raw UTF-8 in the frame)"),
            4: ("ws-step-call-tool-unknown-echo", "call_tool of an unknown tool: observation with error tool_not_found (not an error frame)"),
            5: ("ws-step-call-tool-invalid-args-echo", "call_tool with a missing argument: observation with error invalid_args"),
            6: ("ws-step-call-tool-untyped-echo", "call_tool action without the 'type' discriminator (action class is CallToolAction)"),
            7: ("ws-state-echo", "state after 6 steps: every step (incl. list_tools and failed tools) counts"),
            8: ("ws-mcp-tools-list-echo", "'mcp' frame on /ws: tools/list (MCP SDK Tool dump, mcp 2.x snake_case keys)"),
            9: ("ws-mcp-tools-call-echo", "'mcp' frame on /ws: tools/call"),
            10: ("ws-mcp-session-create-echo", "'mcp' frame on /ws: openenv/session/create returns the WebSocket's own session id"),
            11: ("ws-mcp-method-not-found-echo", "'mcp' frame on /ws: unknown method -> -32601"),
            12: ("ws-mcp-invalid-request-echo", "'mcp' frame on /ws whose data is not a valid JSON-RPC request -> type mcp, -32600"),
            13: ("ws-state-after-mcp-echo", "state after 'mcp' frames: MCP calls bypass step(), step_count unchanged"),
            14: ("ws-reset-no-data-echo", "reset without data (data defaults to {}): a fresh uuid episode id is generated"),
            15: ("ws-close-echo", "close: no reply, the server closes the socket with 1000"),
        },
    )
    # Closing the connection's own session needs its id, so this one is interactive.
    async def own_close() -> Tuple[str, Dict[str, Any]]:
        first = j({"type": "mcp", "data": {"jsonrpc": "2.0", "id": 1, "method": "openenv/session/create"}})
        async with ws_connect(ws_url(g.servers.urls["echo"], "/ws"), open_timeout=TIMEOUT) as ws:
            await ws.send(first)
            sid = json.loads(await asyncio.wait_for(ws.recv(), TIMEOUT))["data"]["result"]["session_id"]
            second = j({"type": "mcp", "data": {"jsonrpc": "2.0", "id": 2, "method": "openenv/session/close", "params": {"session_id": sid}}})
            await ws.send(second)
            reply = await asyncio.wait_for(ws.recv(), TIMEOUT)
            entry = {"request_raw": second, "response_text": reply, "connection_after": await _connection_after(ws, 0.3)}
        return first, entry

    first, entry = asyncio.run(own_close())
    g._write_ws(
        "ws-mcp-session-close-own-echo",
        "'mcp' frame on /ws: openenv/session/close of the connection's own session -> -32600",
        "echo", "/ws", [first], entry,
    )

    # --- counter: typed env ---------------------------------------------
    g.ws(
        "counter",
        [
            j({"type": "reset", "data": {"seed": 7, "episode_id": "c-1", "start": 2}}),
            j({"type": "step", "data": {"delta": 3, "note": ""}}),
            j({"type": "step", "data": {"delta": "4"}}),
            j({"type": "step", "data": {"delta": 13}}),
            j({"type": "step", "data": {"delta": 1, "bogus": True}}),
            j({"type": "step", "data": {"delta": 1.5}}),
            j({"type": "step", "data": {"delta": 1, "note": "hi", "metadata": {"k": "v"}}}),
            j({"type": "state"}),
            j({"type": "reset", "data": {"seed": -5, "start": "3", "unknown_kw": True}}),
            j({"type": "mcp", "data": {"jsonrpc": "2.0", "id": 1, "method": "tools/list"}}),
        ],
        {
            0: ("ws-reset-counter", "reset of the typed counter env with an env-specific kwarg (start)"),
            1: ("ws-step-counter", "typed step: observation fields without reward/done/metadata; float reward"),
            2: ("ws-step-lax-int-string-counter", "typed step: \"4\" accepted for an int field (pydantic lax mode)"),
            3: ("ws-error-execution-error", "env.step raised ValueError -> EXECUTION_ERROR with the exception text; session continues"),
            4: ("ws-error-validation-action-extra-key", "action with an unknown key -> VALIDATION_ERROR, errors with loc relative to the action"),
            5: ("ws-error-validation-action-int-from-float", "action with 1.5 for an int field -> VALIDATION_ERROR int_from_float"),
            6: ("ws-step-done-counter", "step reaching total >= 10: done true; action metadata accepted"),
            7: ("ws-state-counter", "state of a State subclass: extra field 'total' included over WS"),
            8: ("ws-reset-unvalidated-kwargs-counter", "WS reset kwargs reach the env unvalidated (seed -5, start \"3\"); unknown kwargs accepted via **kwargs"),
            9: ("ws-mcp-not-mcp-env-counter", "'mcp' frame to a non-MCP env -> -32603 Environment does not support MCP"),
        },
    )

    g.ws(
        "counter",
        [j({"type": "step", "data": {"delta": 2}}), j({"type": "state"})],
        {
            0: ("ws-step-before-reset-counter", "step on a fresh session without reset (allowed; env-defined behaviour)"),
            1: ("ws-state-before-reset-counter", "state of a never-reset counter session: episode_id null"),
        },
    )

    # --- protocol errors on one connection (echo) -----------------------
    g.ws(
        "echo",
        [
            "{not json",
            "",
            j({"type": "wat", "data": {}}),
            j({"data": {}}),
            j({"type": "step"}),
            j({"type": "step", "data": "x"}),
            j({"type": "reset", "data": {}, "id": 1}),
            j({"type": "state", "data": {}}),
            j({"type": "close", "data": {}}),
            j({"type": "reset", "data": [1, 2]}),
            j({"type": "mcp"}),
            j({"type": "state"}),
        ],
        {
            0: ("ws-error-invalid-json", "malformed JSON -> INVALID_JSON (json module message); session continues"),
            1: ("ws-error-invalid-json-empty", "empty text frame -> INVALID_JSON"),
            2: ("ws-error-unknown-type", "unknown message type -> UNKNOWN_TYPE"),
            3: ("ws-error-missing-type", "object without 'type' -> UNKNOWN_TYPE with an empty type in the message"),
            4: ("ws-error-step-missing-data", "step without data -> VALIDATION_ERROR (missing, loc [data])"),
            5: ("ws-error-step-data-not-object", "step whose data is a string -> VALIDATION_ERROR (dict_type)"),
            6: ("ws-error-envelope-extra-key", "envelope with an extra key (id) -> VALIDATION_ERROR (extra_forbidden)"),
            7: ("ws-error-state-with-data", "state with a data key -> VALIDATION_ERROR (extra_forbidden)"),
            8: ("ws-error-close-with-data", "close with a data key -> VALIDATION_ERROR; the session stays open"),
            9: ("ws-error-reset-data-not-object", "reset whose data is an array -> VALIDATION_ERROR (dict_type)"),
            10: ("ws-error-mcp-missing-data", "mcp frame without data -> VALIDATION_ERROR"),
            11: ("ws-state-after-errors-echo", "state after the protocol errors above: the session is still usable"),
        },
    )
    g.ws("echo", [b"\x01\x02"], {0: ("ws-error-session-binary-frame", "binary frame -> SESSION_ERROR (message \"'text'\"), then close 1000")}, close_wait=5.0)
    g.ws("echo", ["[1,2]"], {0: ("ws-error-session-non-object-json", "JSON array frame -> SESSION_ERROR, then close 1000")}, close_wait=5.0)
    g.ws("echo", ['"reset"'], {0: ("ws-error-session-json-string", "JSON string frame -> SESSION_ERROR, then close 1000")}, close_wait=5.0)

    # --- capacity (echo limited to one session) and factory errors -------
    async def capacity() -> Tuple[Dict[str, Any], Dict[str, Any]]:
        base = g.servers.urls["echo-max1"]
        async with ws_connect(ws_url(base, "/ws")) as holder:
            await holder.send(j({"type": "state"}))
            await holder.recv()
            ws_entry = await ws_connect_only(ws_url(base, "/ws"))
            mcp_entry = await ws_connect_only(ws_url(base, "/mcp"))
            await holder.send(j({"type": "close"}))
            await _connection_after(holder, 5.0)
        return ws_entry, mcp_entry

    ws_entry, mcp_entry = asyncio.run(capacity())
    g._write_ws("ws-error-capacity-reached", "second /ws connection to a server with max_concurrent_envs=1: unsolicited CAPACITY_REACHED, then close 1000", "echo-max1", "/ws", [], ws_entry)
    g._write_ws("wsmcp-capacity-reached", "second connection (WS /mcp) to a full server: unsolicited JSON-RPC -32000 with active/max sessions, then close", "echo-max1", "/mcp", [], mcp_entry)
    time.sleep(0.3)
    g.ws_connect("broken", "ws-error-factory-error", "/ws connection when the env factory raises: unsolicited FACTORY_ERROR, then close 1000")
    g.ws_connect("broken", "wsmcp-factory-error", "WS /mcp connection when the env factory raises: unsolicited JSON-RPC -32000 with factory_name, then close", path="/mcp")

    # --- WS /mcp endpoint (plain JSON-RPC frames, json.dumps formatting) --
    g.ws(
        "echo",
        [
            j({"jsonrpc": "2.0", "id": 1, "method": "tools/list"}),
            j({"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {"name": "echo_with_length", "arguments": {"message": "héllo"}}}),
            "{oops",
            j({"jsonrpc": "2.0", "id": 3}),
            j({"jsonrpc": "2.0", "id": 4, "method": "ping"}),
            j({"jsonrpc": "2.0", "id": 5, "method": "openenv/session/create"}),
        ],
        {
            0: ("wsmcp-tools-list-echo", "WS /mcp tools/list (json.dumps formatting: ', ' and ': ' separators)"),
            1: ("wsmcp-tools-call-echo", "WS /mcp tools/call with non-ASCII input (\\u-escaped by json.dumps)"),
            2: ("wsmcp-parse-error", "WS /mcp malformed JSON -> -32700 'Parse error: <json message>'; connection stays open"),
            3: ("wsmcp-invalid-request", "WS /mcp request without method -> -32600"),
            4: ("wsmcp-method-not-found", "WS /mcp unknown method -> -32601"),
            5: ("wsmcp-session-create", "WS /mcp openenv/session/create returns the connection's own session id"),
        },
        path="/mcp",
    )


def capture_http(g: Golden) -> None:
    # informational routes
    g.http("echo", "http-health", "GET /health", "GET", "/health")
    g.http("broken", "http-health-broken-factory", "GET /health does not build the env: healthy even when the factory fails", "GET", "/health")
    g.http("echo", "http-metadata-echo", "GET /metadata with the default metadata (class name)", "GET", "/metadata")
    g.http("counter", "http-metadata-counter", "GET /metadata with env-provided metadata", "GET", "/metadata")
    g.http("echo", "http-schema-echo", "GET /schema of an MCP env (CallToolAction / CallToolObservation / base State)", "GET", "/schema")
    g.http("counter", "http-schema-counter", "GET /schema of the typed counter env (state is always the base State schema)", "GET", "/schema")
    g.http("echo", "http-state-echo", "GET /state: a freshly constructed env (echo assigns a uuid in its constructor)", "GET", "/state")
    g.http("counter", "http-state-counter", "GET /state: base State response model drops the subclass field 'total'", "GET", "/state")
    g.http("echo", "http-openapi", "GET /openapi.json (FastAPI document; info.version 1.0.0)", "GET", "/openapi.json")

    # /reset
    g.http("echo", "http-reset-echo", "POST /reset without a body", "POST", "/reset")
    g.http("echo", "http-reset-empty-object-echo", "POST /reset {}", "POST", "/reset", body={})
    g.http("counter", "http-reset-counter", "POST /reset with seed, episode_id and an env kwarg", "POST", "/reset", body={"seed": 42, "episode_id": "h-1", "start": 3})
    g.http("counter", "http-reset-422-null-body", "POST /reset with a JSON null body -> 422 model_attributes_type (only an absent body means {})",
           "POST", "/reset", raw="null", content_type="application/json")
    g.http("echo", "http-reset-422-negative-seed", "POST /reset seed < 0 -> 422 greater_than_equal", "POST", "/reset", body={"seed": -1})
    g.http("echo", "http-reset-422-seed-not-int", "POST /reset seed 'abc' -> 422 int_parsing", "POST", "/reset", body={"seed": "abc"})
    g.http("echo", "http-reset-422-episode-id-too-long", "POST /reset episode_id of 256 chars -> 422 string_too_long", "POST", "/reset", body={"episode_id": "x" * 256})
    g.http("echo", "http-reset-422-malformed-json", "POST /reset malformed JSON -> 422 json_invalid", "POST", "/reset", raw="{bad", content_type="application/json")
    g.http("echo", "http-reset-422-not-object", "POST /reset JSON array -> 422 model_attributes_type", "POST", "/reset", body=[1, 2])
    g.http("echo", "http-reset-422-wrong-content-type", "POST /reset with text/plain -> 422 (body not parsed as JSON)", "POST", "/reset", raw="{}", content_type="text/plain")
    g.http("broken", "http-reset-500-factory-error", "POST /reset when the factory raises -> 500 text/plain", "POST", "/reset", body={})

    # /step
    g.http("echo", "http-step-echo", "POST /step call_tool on a fresh (never reset) env; reward null", "POST", "/step",
           body={"action": {"type": "call_tool", "tool_name": "echo_message", "arguments": {"message": "hi"}}})
    g.http("echo", "http-step-list-tools-echo", "POST /step list_tools", "POST", "/step", body={"action": {"type": "list_tools"}})
    g.http("counter", "http-step-counter", "POST /step typed action on a fresh env; reward coerced to float", "POST", "/step", body={"action": {"delta": 2}})
    g.http("counter", "http-step-extras-counter", "POST /step with timeout_s, request_id and an unknown extra key (all allowed)", "POST", "/step",
           body={"action": {"delta": 2}, "timeout_s": 5, "request_id": "r-1", "extra": True})
    g.http("echo", "http-step-422-missing-action", "POST /step without action -> 422 missing", "POST", "/step", body={})
    g.http("counter", "http-step-422-invalid-action", "POST /step invalid action -> 422, loc relative to the action, with url", "POST", "/step",
           body={"action": {"delta": "x", "bogus": 1}})
    g.http("echo", "http-step-422-action-not-object", "POST /step action is a number -> 422 dict_type", "POST", "/step", body={"action": 5})
    g.http("echo", "http-step-422-timeout", "POST /step timeout_s 0 -> 422 greater_than", "POST", "/step",
           body={"action": {"type": "list_tools"}, "timeout_s": 0})
    g.http("counter", "http-step-500-env-error", "POST /step when env.step raises -> 500 'Internal Server Error' text/plain", "POST", "/step",
           body={"action": {"delta": 13}})

    # routing
    g.http("echo", "http-307-trailing-slash", "POST /reset/ -> 307 redirect to /reset (not followed)", "POST", "/reset/")
    g.http("echo", "http-404-unknown-path", "unknown path -> 404", "GET", "/does-not-exist")
    g.http("echo", "http-404-get-ws", "GET /ws without upgrade -> 404", "GET", "/ws")
    g.http("echo", "http-405-wrong-method", "GET /reset -> 405 with allow header", "GET", "/reset")
    g.http("echo", "http-404-root", "GET / without the web interface -> 404", "GET", "/")
    g.http("echo", "http-docs", "GET /docs (FastAPI Swagger UI HTML)", "GET", "/docs")
    g.http("echo", "http-redoc", "GET /redoc (FastAPI ReDoc HTML)", "GET", "/redoc")
    g.http("broken", "http-500-factory-metadata", "GET /metadata when the factory raises -> 500 text/plain", "GET", "/metadata")


def capture_mcp_http(g: Golden) -> None:
    g.rpc("echo", "mcp-tools-list", "POST /mcp tools/list (MCP SDK Tool dump, mcp 2.x keys)", {"jsonrpc": "2.0", "id": 1, "method": "tools/list"})
    g.rpc("echo", "mcp-tools-call", "POST /mcp tools/call with a dict result",
          {"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {"name": "echo_with_length", "arguments": {"message": "yo"}}})
    g.rpc("echo", "mcp-tools-call-wrapped", "POST /mcp tools/call with a str result (wrapped structured_content), string id",
          {"jsonrpc": "2.0", "id": "req-1", "method": "tools/call", "params": {"name": "echo_message", "arguments": {"message": "hi"}}})
    g.rpc("echo", "mcp-tools-call-unknown-tool", "POST /mcp tools/call unknown tool -> -32603",
          {"jsonrpc": "2.0", "id": 3, "method": "tools/call", "params": {"name": "nope"}})
    g.rpc("echo", "mcp-tools-call-invalid-args", "POST /mcp tools/call missing argument -> -32603 with the FastMCP validation text",
          {"jsonrpc": "2.0", "id": 4, "method": "tools/call", "params": {"name": "echo_message", "arguments": {}}})
    g.rpc("echo", "mcp-tools-call-missing-name", "POST /mcp tools/call without name -> -32602",
          {"jsonrpc": "2.0", "id": 5, "method": "tools/call", "params": {}})
    g.rpc("echo", "mcp-method-not-found", "POST /mcp unknown method -> -32601", {"jsonrpc": "2.0", "id": 6, "method": "resources/list"})
    g.rpc("echo", "mcp-notification-no-id", "POST /mcp request without id is still answered, id null", {"jsonrpc": "2.0", "method": "tools/list"})
    g.rpc("echo", "mcp-invalid-request-empty", "POST /mcp {} -> -32600 (what openenv validate sends)", {})
    g.rpc("echo", "mcp-invalid-request-version", "POST /mcp jsonrpc 1.0 -> -32600", {"jsonrpc": "1.0", "id": 7, "method": "tools/list"})
    g.rpc("echo", "mcp-invalid-request-params-array", "POST /mcp params array -> -32600", {"jsonrpc": "2.0", "id": 8, "method": "tools/list", "params": [1]})
    g.rpc("echo", "mcp-invalid-request-id-float", "POST /mcp float id -> -32600", {"jsonrpc": "2.0", "id": 1.5, "method": "tools/list"})
    g.rpc("echo", "mcp-invalid-request-extra-key", "POST /mcp extra top-level key -> -32600", {"jsonrpc": "2.0", "id": 9, "method": "tools/list", "x": 1})
    g.rpc("echo", "mcp-parse-error", "POST /mcp malformed JSON -> -32700 'Parse error'", raw="{oops")
    g.rpc("echo", "mcp-batch-array", "POST /mcp batch array -> -32700 (batches unsupported)", [{"jsonrpc": "2.0", "id": 10, "method": "tools/list"}])
    created = g.rpc("echo", "mcp-session-create", "POST /mcp openenv/session/create", {"jsonrpc": "2.0", "id": 11, "method": "openenv/session/create"})
    sid = created["body"]["result"]["session_id"]
    g.rpc("echo", "mcp-tools-call-session", "POST /mcp tools/call bound to a session",
          {"jsonrpc": "2.0", "id": 12, "method": "tools/call", "params": {"name": "echo_message", "arguments": {"message": "s"}, "session_id": sid}})
    g.rpc("echo", "mcp-session-close", "POST /mcp openenv/session/close",
          {"jsonrpc": "2.0", "id": 13, "method": "openenv/session/close", "params": {"session_id": sid}})
    g.rpc("echo", "mcp-session-close-unknown", "POST /mcp openenv/session/close of an unknown (already closed) session -> -32602",
          {"jsonrpc": "2.0", "id": 14, "method": "openenv/session/close", "params": {"session_id": sid}})
    g.rpc("echo", "mcp-session-close-missing-id", "POST /mcp openenv/session/close without session_id -> -32602",
          {"jsonrpc": "2.0", "id": 15, "method": "openenv/session/close"})
    g.rpc("echo", "mcp-unknown-session", "POST /mcp tools/list with an unknown session_id -> -32602",
          {"jsonrpc": "2.0", "id": 16, "method": "tools/list", "params": {"session_id": "nope"}})
    g.rpc("counter", "mcp-not-mcp-env", "POST /mcp tools/list on a non-MCP env -> -32603", {"jsonrpc": "2.0", "id": 17, "method": "tools/list"})
    counter_session = g.rpc("counter", "mcp-session-create-not-mcp-env", "POST /mcp openenv/session/create works for non-MCP envs too",
                            {"jsonrpc": "2.0", "id": 18, "method": "openenv/session/create"})
    # release the counter session again (not saved)
    g.rpc("counter", "", "", {"jsonrpc": "2.0", "id": 19, "method": "openenv/session/close",
                               "params": {"session_id": counter_session["body"]["result"]["session_id"]}})
    g.rpc("broken", "mcp-session-create-factory-error", "POST /mcp openenv/session/create when the factory raises -> -32000 with factory_name",
          {"jsonrpc": "2.0", "id": 20, "method": "openenv/session/create"})
    g.rpc("broken", "mcp-500-factory-error", "POST /mcp tools/list (session-less) when the factory raises -> HTTP 500 text",
          {"jsonrpc": "2.0", "id": 21, "method": "tools/list"})
    first = g.rpc("echo-max1", "", "", {"jsonrpc": "2.0", "id": 22, "method": "openenv/session/create"})
    g.rpc("echo-max1", "mcp-session-create-capacity", "POST /mcp openenv/session/create on a full server -> -32000 with active/max sessions",
          {"jsonrpc": "2.0", "id": 23, "method": "openenv/session/create"})
    g.rpc("echo-max1", "", "", {"jsonrpc": "2.0", "id": 24, "method": "openenv/session/close",
                                 "params": {"session_id": first["body"]["result"]["session_id"]}})


# --------------------------------------------------------------------------
# README
# --------------------------------------------------------------------------

VERSION_DISTS = ["openenv-core", "fastapi", "starlette", "uvicorn", "pydantic", "pydantic-core", "fastmcp", "mcp", "websockets", "httpx"]


def write_readme(g: Golden, outdir: Path) -> None:
    versions = []
    for dist in VERSION_DISTS:
        try:
            versions.append(f"{dist} {importlib_metadata.version(dist)}")
        except importlib_metadata.PackageNotFoundError:
            versions.append(f"{dist} (not installed)")
    lines = [
        "# Golden wire exchanges (OpenEnv reference server)",
        "",
        "Captured from the Python reference implementation (`openenv-core` on PyPI) by",
        "`openenv4j-it/src/test/python/capture_golden.py`; do not edit by hand, re-run instead:",
        "",
        "```",
        "openenv4j-it/target/pyref/bin/python openenv4j-it/src/test/python/capture_golden.py \\",
        "    openenv4j-wire/src/test/resources/golden",
        "```",
        "",
        "The script starts `ref_echo_server.py` (max 8 sessions), `ref_counter_server.py`,",
        "`ref_broken_server.py` and a second echo server with `--max-sessions 1` (field",
        "`server`: echo / counter / broken / echo-max1) on free localhost ports and sends raw",
        "frames (`websockets`) and raw HTTP requests (`httpx`, one connection per request).",
        "",
        f"Captured with Python {platform.python_version()} and: " + ", ".join(versions) + ".",
        "",
        "File format: see the module docstring of `capture_golden.py`. Frames are verbatim",
        "(`request_text` / `response_text` / `body_text` are the exact bytes as UTF-8 text). Volatile",
        "values are NOT normalised: generated uuid4 episode/session ids, the FastMCP version in",
        "`\"io.modelcontextprotocol/serverInfo\"` inside tool-result `meta`, and the pydantic",
        "minor version inside `https://errors.pydantic.dev/<ver>/v/...` URLs, and the capture port",
        "in the 307 `location` header. `preceding` lists the",
        "frames sent earlier on the same connection (state/step_count depend on them).",
        "",
        "| file | exchange |",
        "|---|---|",
    ]
    for name, description in sorted(g.written):
        lines.append(f"| `{name}.json` | {description} |")
    (outdir / "README.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: List[str]) -> int:
    if len(argv) != 1:
        print("usage: capture_golden.py OUTPUT_DIR", file=sys.stderr)
        return 2
    outdir = Path(argv[0])
    outdir.mkdir(parents=True, exist_ok=True)
    servers = Servers()
    try:
        servers.start()
        g = Golden(outdir, servers)
        capture_ws(g)
        capture_http(g)
        capture_mcp_http(g)
        write_readme(g, outdir)
    finally:
        servers.stop()
    print(f"wrote {len(g.written)} golden files + README.md to {outdir}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
