#!/usr/bin/env python3
"""Drive any OpenEnv server and print a JSON transcript.

The driver uses the *unmodified* reference client classes from
``openenv-core`` (``GenericEnvClient``, ``MCPToolClient``, ``EnvClient``) and,
for the protocol-error scenarios, a raw ``websockets`` / ``httpx`` client. It
is run by the Java interop tests against the Python reference server and the
Java server; the two transcripts are then compared.

Usage::

    python client_driver.py --url http://127.0.0.1:8123 --scenario echo-generic
        [--timeout 20] [--env auto|echo|counter] [--raw]

Scenarios (see SCENARIOS below): echo-generic, echo-mcp, counter-typed,
errors-raw, http-routes, mcp-raw, factory-error.

Output (stdout, one JSON document)::

    {"scenario": ..., "client": {versions}, "normalised": [...],
     "steps": [{"op": ..., "result": ...}, ...]}

Raw WebSocket / HTTP steps also carry a ``"request"`` key. A step that raised
records ``"result": {"exception": {"type": <class name>, "message": <str>}}``.

Normalisation (disabled with ``--raw``), applied to every string in the
transcript:

* any UUID (8-4-4-4-12 hex) -> ``"<uuid>"`` (generated episode ids, HTTP-MCP
  session ids, the echo env's constructor-time episode id on ``GET /state``);
* the value of ``"version"`` inside an ``"io.modelcontextprotocol/serverInfo"``
  object (FastMCP's library version in ``call_tool`` result ``meta``) ->
  ``"<server-version>"``;
* the server's base URL in HTTP ``location`` headers -> ``"<base>"``.

Everything else (pydantic ``url`` values, ``input`` values, error texts,
reward types such as ``0.0`` vs ``0``) is kept verbatim.

Exit status: 0 whenever a transcript was produced (failed steps are recorded
in it); non-zero only for harness bugs / bad command lines.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import enum
import json
import re
import sys
import time
import traceback
from importlib import metadata as importlib_metadata
from typing import Any, Callable, Dict, List, Optional

import httpx
from pydantic import BaseModel, Field
from websockets.asyncio.client import connect as ws_connect
from websockets.exceptions import ConnectionClosed

from openenv.core.client_types import StepResult
from openenv.core.env_client import EnvClient
from openenv.core.env_server.types import Action, Observation, State
from openenv.core.generic_client import GenericEnvClient
from openenv.core.mcp_client import MCPToolClient

# --------------------------------------------------------------------------
# JSON helpers and normalisation
# --------------------------------------------------------------------------

UUID_RE = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
SERVER_INFO_KEY = "io.modelcontextprotocol/serverInfo"
# The same, inside raw frame text (compact or json.dumps spacing).
SERVER_INFO_TEXT_RE = re.compile(r'("io\.modelcontextprotocol/serverInfo":\s*\{[^{}]*?"version":\s*")[^"]*(")')

NORMALISATIONS = [
    "UUID strings (8-4-4-4-12 hex, anywhere in a string) -> '<uuid>'",
    "'io.modelcontextprotocol/serverInfo'.version (FastMCP version in tool-result meta) -> '<server-version>'",
    "server base URL in HTTP 'location' headers -> '<base>'",
]


def to_jsonable(value: Any) -> Any:
    """Turn client-side objects (pydantic models, dataclasses, enums) into JSON values."""
    if isinstance(value, BaseModel):
        return to_jsonable(value.model_dump(mode="json"))
    if isinstance(value, StepResult):
        return {
            "observation": to_jsonable(value.observation),
            "reward": to_jsonable(value.reward),
            "done": to_jsonable(value.done),
        }
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return to_jsonable(dataclasses.asdict(value))
    if isinstance(value, enum.Enum):
        return to_jsonable(value.value)
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return repr(value)


def normalise(value: Any, base_url: str) -> Any:
    if isinstance(value, str):
        value = SERVER_INFO_TEXT_RE.sub(r"\1<server-version>\2", value)
        return UUID_RE.sub("<uuid>", value)
    if isinstance(value, list):
        return [normalise(v, base_url) for v in value]
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if k == SERVER_INFO_KEY and isinstance(v, dict) and "version" in v:
                v = dict(v)
                v["version"] = "<server-version>"
            if k == "location" and isinstance(v, str) and v.startswith(base_url):
                v = "<base>" + v[len(base_url):]
            out[k] = normalise(v, base_url)
        return out
    return value


def exception_record(exc: BaseException) -> Dict[str, Any]:
    return {"exception": {"type": type(exc).__name__, "message": str(exc)}}


def parse_frame(text: Any) -> Any:
    if isinstance(text, bytes):
        return {"binary": text.hex()}
    try:
        return json.loads(text)
    except Exception:
        return None


class Transcript:
    def __init__(self) -> None:
        self.steps: List[Dict[str, Any]] = []

    def add(self, op: str, result: Any, **extra: Any) -> None:
        step: Dict[str, Any] = {"op": op}
        step.update(extra)
        step["result"] = to_jsonable(result)
        self.steps.append(step)

    def call(self, op: str, fn: Callable[[], Any], **extra: Any) -> Any:
        """Run fn(); record its result, or the exception it raised."""
        try:
            value = fn()
        except Exception as exc:  # recorded, never fatal
            self.add(op, exception_record(exc), **extra)
            return None
        self.add(op, value, **extra)
        return value

    async def acall(self, op: str, coro_fn: Callable[[], Any], **extra: Any) -> Any:
        try:
            value = await coro_fn()
        except Exception as exc:
            self.add(op, exception_record(exc), **extra)
            return None
        self.add(op, value, **extra)
        return value


def safe_close(client: Any) -> None:
    try:
        client.close()
    except Exception:
        pass


# --------------------------------------------------------------------------
# Scenario: echo-generic (GenericEnvClient, sync wrapper)
# --------------------------------------------------------------------------


def scenario_echo_generic(t: Transcript, args: argparse.Namespace) -> None:
    env = GenericEnvClient(base_url=args.url, message_timeout_s=args.timeout).sync()
    try:
        t.call("reset(seed=42, episode_id='ep-1')", lambda: env.reset(seed=42, episode_id="ep-1"))
        t.call("step list_tools", lambda: env.step({"type": "list_tools"}))
        t.call(
            "step call_tool echo_message 'hello'",
            lambda: env.step({"type": "call_tool", "tool_name": "echo_message", "arguments": {"message": "hello"}}),
        )
        t.call(
            "step call_tool echo_with_length 'héllo wörld'",
            lambda: env.step(
                {"type": "call_tool", "tool_name": "echo_with_length", "arguments": {"message": "héllo wörld"}}
            ),
        )
        t.call(
            "step call_tool no_such_tool",
            lambda: env.step({"type": "call_tool", "tool_name": "no_such_tool", "arguments": {}}),
        )
        t.call("state", lambda: env.state())
        t.call("step invalid action {'type':'call_tool'} (no tool_name)", lambda: env.step({"type": "call_tool"}))
        t.call("state after invalid action", lambda: env.state())
        t.call("reset()", lambda: env.reset())
        t.call("state after reset()", lambda: env.state())
    finally:
        safe_close(env)


# --------------------------------------------------------------------------
# Scenario: echo-mcp (MCPToolClient, the base of echo_env's EchoEnv)
# --------------------------------------------------------------------------


def scenario_echo_mcp(t: Transcript, args: argparse.Namespace) -> None:
    env = MCPToolClient(base_url=args.url, message_timeout_s=args.timeout).sync()
    try:
        t.call("reset(episode_id='mcp-1')", lambda: env.reset(episode_id="mcp-1"))
        t.call("list_tools()", lambda: env.list_tools())
        t.call("has_tool('echo_message') (cached)", lambda: env.has_tool("echo_message"))
        t.call("call_tool('echo_message', message='hello')", lambda: env.call_tool("echo_message", message="hello"))
        t.call(
            "call_tool('echo_with_length', message='héllo wörld')",
            lambda: env.call_tool("echo_with_length", message="héllo wörld"),
        )
        t.call("call_tool('no_such_tool')", lambda: env.call_tool("no_such_tool"))
        t.call("call_tool('echo_message') missing argument", lambda: env.call_tool("echo_message"))
        t.call("state()", lambda: env.state())
    finally:
        safe_close(env)


# --------------------------------------------------------------------------
# Scenario: counter-typed (a typed EnvClient, like the reference env clients)
# --------------------------------------------------------------------------


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


class CounterEnv(EnvClient[CounterAction, CounterObservation, CounterState]):
    """Typed client in the style of the reference env clients (e.g. coding_env).

    Observations are parsed with ``CounterObservation(**payload["observation"])``,
    so any unknown observation key makes the client fail (extra="forbid").
    As a test hook, a plain dict passed to ``step`` is sent unchanged (used to
    send deliberately invalid actions through the real client transport).
    """

    def _step_payload(self, action: Any) -> Dict[str, Any]:
        if isinstance(action, dict):
            return dict(action)
        return {"delta": action.delta, "note": action.note}

    def _parse_result(self, payload: Dict[str, Any]) -> StepResult[CounterObservation]:
        obs = CounterObservation(**payload["observation"])
        return StepResult(
            observation=obs,
            reward=payload.get("reward"),
            done=bool(payload.get("done", False)),
        )

    def _parse_state(self, payload: Dict[str, Any]) -> CounterState:
        return CounterState(
            episode_id=payload.get("episode_id"),
            step_count=payload.get("step_count", 0),
            total=payload.get("total", 0),
        )


def counter_result(result: StepResult) -> Dict[str, Any]:
    """Record only the observation fields the server actually sent."""
    return {
        "observation": result.observation.model_dump(mode="json", exclude_unset=True),
        "reward": result.reward,
        "done": result.done,
    }


def scenario_counter_typed(t: Transcript, args: argparse.Namespace) -> None:
    env = CounterEnv(base_url=args.url, message_timeout_s=args.timeout).sync()
    try:
        t.call(
            "reset(seed=7, episode_id='c-1', start=2)",
            lambda: counter_result(env.reset(seed=7, episode_id="c-1", start=2)),
        )
        t.call("step delta=3", lambda: counter_result(env.step(CounterAction(delta=3))))
        # model_construct skips client-side validation, so "4" goes out as a string.
        t.call(
            "step delta='4' (string; server-side lax int)",
            lambda: counter_result(env.step(CounterAction.model_construct(delta="4", note=""))),
        )
        t.call("step delta=13 (env raises)", lambda: counter_result(env.step(CounterAction(delta=13))))
        t.call("step delta=1 note='hi'", lambda: counter_result(env.step(CounterAction(delta=1, note="hi"))))
        t.call("state", lambda: env.state())
        t.call(
            "step {'delta':1,'bogus':true} (extra key)",
            lambda: counter_result(env.step({"delta": 1, "bogus": True})),
        )
        t.call("state after rejected steps", lambda: env.state())
        t.call("reset(seed=1)", lambda: counter_result(env.reset(seed=1)))
        for i in range(1, 6):
            res = t.call(f"step delta=4 #{i}", lambda: counter_result(env.step(CounterAction(delta=4))))
            if not isinstance(res, dict) or res.get("done") is not False:
                break
        t.call("state at end", lambda: env.state())
    finally:
        safe_close(env)


# --------------------------------------------------------------------------
# Raw WebSocket helpers
# --------------------------------------------------------------------------


def ws_url(base: str, path: str) -> str:
    base = base.rstrip("/")
    if base.startswith("https://"):
        base = "wss://" + base[len("https://"):]
    elif base.startswith("http://"):
        base = "ws://" + base[len("http://"):]
    elif not base.startswith(("ws://", "wss://")):
        base = "ws://" + base
    return base + path


async def connection_state(ws: Any, wait_s: float) -> Dict[str, Any]:
    """Report whether the server closed the connection (waiting up to wait_s)."""
    try:
        await asyncio.wait_for(ws.wait_closed(), timeout=wait_s)
    except asyncio.TimeoutError:
        return {"open": True}
    return {"open": False, "close_code": ws.close_code, "close_reason": ws.close_reason}


async def exchange(ws: Any, frame: Any, timeout: float, close_wait: float) -> Dict[str, Any]:
    """Send one frame, read one reply (if any), then check the connection state."""
    out: Dict[str, Any] = {}
    try:
        await ws.send(frame)
    except ConnectionClosed as exc:
        out["send_error"] = f"{type(exc).__name__}: {exc}"
    try:
        reply = await asyncio.wait_for(ws.recv(), timeout=timeout)
        out["reply"] = reply if isinstance(reply, str) else {"binary": reply.hex()}
        out["reply_json"] = parse_frame(reply)
    except asyncio.TimeoutError:
        out["reply"] = None
        out["reply_note"] = f"no reply within {timeout}s"
    except ConnectionClosed:
        out["reply"] = None
        out["reply_note"] = "connection closed without reply"
    out["connection"] = await connection_state(ws, close_wait)
    return out


def describe_frame(frame: Any) -> Any:
    if isinstance(frame, bytes):
        return {"binary": frame.hex()}
    return frame


# --------------------------------------------------------------------------
# Scenario: errors-raw
# --------------------------------------------------------------------------

SAME_CONNECTION_FRAMES = [
    ("malformed JSON", "{not json"),
    ("empty text frame", ""),
    ("unknown type", '{"type":"wat","data":{}}'),
    ("missing type", '{"data":{}}'),
    ("step without data", '{"type":"step"}'),
    ("step with data not an object", '{"type":"step","data":"x"}'),
    ("envelope with extra key", '{"type":"reset","data":{},"id":1}'),
    ("state with data", '{"type":"state","data":{}}'),
    ("close with data", '{"type":"close","data":{}}'),
    ("reset with data not an object", '{"type":"reset","data":[1,2]}'),
    ("reset with data null", '{"type":"reset","data":null}'),
    ("mcp without data", '{"type":"mcp"}'),
    ("type not a string", '{"type":5}'),
    ("state (session still usable)", '{"type":"state"}'),
]

FATAL_FRAMES = [
    ("binary frame", b"\x01\x02"),
    ("non-object JSON array", "[1,2]"),
    ("non-object JSON string", '"reset"'),
    ("non-object JSON number", "42"),
    ("JSON null", "null"),
]


async def _errors_raw(t: Transcript, args: argparse.Namespace) -> None:
    url = ws_url(args.url, "/ws")
    timeout = args.timeout

    async def same_connection() -> None:
        async with ws_connect(url, open_timeout=timeout) as ws:
            for name, frame in SAME_CONNECTION_FRAMES:
                result = await exchange(ws, frame, timeout, close_wait=0.3)
                t.add(f"same connection: {name}", result, request=describe_frame(frame))
                if not result["connection"]["open"]:
                    break
            result = await exchange(ws, '{"type":"close"}', 2.0, close_wait=5.0)
            t.add("same connection: close", result, request='{"type":"close"}')

    try:
        await same_connection()
    except Exception as exc:
        t.add("same connection: connect", exception_record(exc))

    for name, frame in FATAL_FRAMES:
        try:
            async with ws_connect(url, open_timeout=timeout) as ws:
                result = await exchange(ws, frame, timeout, close_wait=5.0)
            t.add(f"fresh connection: {name}", result, request=describe_frame(frame))
        except Exception as exc:
            t.add(f"fresh connection: {name}", exception_record(exc), request=describe_frame(frame))

    await capacity_probe(t, url, timeout, args.capacity_limit)


async def capacity_probe(t: Transcript, url: str, timeout: float, limit: int) -> None:
    """Open connections until the server refuses one (at most `limit`).

    With a server started with --max-sessions 1 the second connection is the
    refused one. Each accepted connection is verified with a `state` request.
    """
    opened: List[Any] = []
    accepted = 0
    refused: Optional[Dict[str, Any]] = None
    try:
        for i in range(limit):
            ws = await ws_connect(url, open_timeout=timeout)
            opened.append(ws)
            frame: Any = None
            try:
                frame = await asyncio.wait_for(ws.recv(), timeout=0.5)
            except asyncio.TimeoutError:
                pass
            except ConnectionClosed:
                frame = None
            if frame is None and ws.close_code is None:
                try:
                    await ws.send('{"type":"state"}')
                    frame = await asyncio.wait_for(ws.recv(), timeout=timeout)
                except ConnectionClosed:
                    frame = None
            parsed = parse_frame(frame) if frame is not None else None
            if isinstance(parsed, dict) and parsed.get("type") == "state":
                accepted += 1
                continue
            refused = {
                "connection_index": i,
                "unsolicited_frame": frame,
                "unsolicited_frame_json": parsed,
                "connection": await connection_state(ws, 5.0),
            }
            break
        t.add(
            "capacity probe: open connections until refused",
            {"accepted_before_refusal": accepted, "refused": refused, "limit": limit},
        )
        # Free one slot and show that a new connection is accepted again.
        if refused is not None and opened:
            first = opened[0]
            await first.send('{"type":"close"}')
            await connection_state(first, 5.0)
            await asyncio.sleep(0.2)
            async with ws_connect(url, open_timeout=timeout) as ws:
                result = await exchange(ws, '{"type":"state"}', timeout, close_wait=0.3)
            t.add("capacity probe: new connection after closing one", result, request='{"type":"state"}')
    except Exception as exc:
        t.add("capacity probe", exception_record(exc))
    finally:
        for ws in opened:
            try:
                await ws.close()
            except Exception:
                pass


def scenario_errors_raw(t: Transcript, args: argparse.Namespace) -> None:
    asyncio.run(_errors_raw(t, args))


# --------------------------------------------------------------------------
# Scenario: mcp-raw (JSON-RPC through "mcp" frames on /ws and on WS /mcp)
# --------------------------------------------------------------------------


async def _mcp_raw(t: Transcript, args: argparse.Namespace) -> None:
    timeout = args.timeout
    ws_frames = [
        ("tools/list", {"type": "mcp", "data": {"jsonrpc": "2.0", "id": 1, "method": "tools/list"}}),
        (
            "tools/call echo_message",
            {
                "type": "mcp",
                "data": {
                    "jsonrpc": "2.0",
                    "id": 2,
                    "method": "tools/call",
                    "params": {"name": "echo_message", "arguments": {"message": "hi"}},
                },
            },
        ),
        (
            "tools/call unknown tool",
            {"type": "mcp", "data": {"jsonrpc": "2.0", "id": 3, "method": "tools/call", "params": {"name": "nope"}}},
        ),
        ("unknown method", {"type": "mcp", "data": {"jsonrpc": "2.0", "id": "x", "method": "initialize"}}),
        ("session/create (own session)", {"type": "mcp", "data": {"jsonrpc": "2.0", "id": 4, "method": "openenv/session/create"}}),
        ("invalid JSON-RPC object", {"type": "mcp", "data": {"jsonrpc": "1.0", "id": 5, "method": "tools/list"}}),
        ("state (mcp calls bypass step_count)", {"type": "state"}),
    ]
    try:
        async with ws_connect(ws_url(args.url, "/ws"), open_timeout=timeout) as ws:
            own_session: Optional[str] = None
            for name, frame in ws_frames:
                text = json.dumps(frame)
                result = await exchange(ws, text, timeout, close_wait=0.1)
                t.add(f"/ws mcp frame: {name}", result, request=text)
                rj = result.get("reply_json")
                if name.startswith("session/create") and isinstance(rj, dict):
                    own_session = ((rj.get("data") or {}).get("result") or {}).get("session_id")
            text = json.dumps(
                {
                    "type": "mcp",
                    "data": {"jsonrpc": "2.0", "id": 6, "method": "openenv/session/close", "params": {"session_id": own_session}},
                }
            )
            t.add("/ws mcp frame: session/close (own session)", await exchange(ws, text, timeout, 0.1), request=text)
    except Exception as exc:
        t.add("/ws mcp frames", exception_record(exc))

    mcp_frames = [
        ("tools/list", json.dumps({"jsonrpc": "2.0", "id": 1, "method": "tools/list"})),
        (
            "tools/call echo_with_length",
            json.dumps(
                {"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {"name": "echo_with_length", "arguments": {"message": "héllo"}}},
                ensure_ascii=False,
            ),
        ),
        ("parse error", "{oops"),
        ("invalid request", json.dumps({"jsonrpc": "2.0", "id": 3})),
        ("unknown method", json.dumps({"jsonrpc": "2.0", "id": 4, "method": "ping"})),
    ]
    try:
        async with ws_connect(ws_url(args.url, "/mcp"), open_timeout=timeout) as ws:
            for name, text in mcp_frames:
                t.add(f"WS /mcp: {name}", await exchange(ws, text, timeout, 0.1), request=text)
    except Exception as exc:
        t.add("WS /mcp", exception_record(exc))


def scenario_mcp_raw(t: Transcript, args: argparse.Namespace) -> None:
    asyncio.run(_mcp_raw(t, args))


# --------------------------------------------------------------------------
# HTTP helpers and scenario http-routes
# --------------------------------------------------------------------------


def http_call(
    base: str,
    method: str,
    path: str,
    *,
    json_body: Any = None,
    raw: Optional[bytes] = None,
    content_type: Optional[str] = None,
    timeout: float = 20.0,
) -> Dict[str, Any]:
    headers = {}
    content: Optional[bytes] = None
    if raw is not None:
        content = raw
    elif json_body is not None:
        content = json.dumps(json_body, ensure_ascii=False).encode("utf-8")
        content_type = content_type or "application/json"
    if content_type:
        headers["content-type"] = content_type
    # One-shot client per request: uvicorn drops the connection after a 500.
    resp = httpx.request(
        method, base.rstrip("/") + path, content=content, headers=headers, timeout=timeout, follow_redirects=False
    )
    ctype = resp.headers.get("content-type")
    try:
        body: Any = resp.json()
    except Exception:
        body = resp.text
    out: Dict[str, Any] = {"status": resp.status_code, "content_type": ctype, "body": body}
    for h in ("location", "allow"):
        if h in resp.headers:
            out[h] = resp.headers[h]
    return out


def detect_env(args: argparse.Namespace) -> str:
    if args.env != "auto":
        return args.env
    try:
        meta = http_call(args.url, "GET", "/metadata", timeout=args.timeout)
        if isinstance(meta.get("body"), dict) and meta["body"].get("name") == "counter":
            return "counter"
    except Exception:
        pass
    return "echo"


def scenario_http_routes(t: Transcript, args: argparse.Namespace) -> None:
    base, to = args.url, args.timeout
    env_kind = detect_env(args)
    t.add("detected env", env_kind)

    def h(op: str, method: str, path: str, **kw: Any) -> Any:
        request = {"method": method, "path": path}
        if "json_body" in kw:
            request["body"] = kw["json_body"]
        if "raw" in kw:
            request["body_raw"] = kw["raw"].decode("utf-8", "replace")
        if "content_type" in kw:
            request["content_type"] = kw["content_type"]
        return t.call(op, lambda: http_call(base, method, path, timeout=to, **kw), request=request)

    h("GET /health", "GET", "/health")
    h("GET /metadata", "GET", "/metadata")
    h("GET /schema", "GET", "/schema")
    h("GET /state", "GET", "/state")

    h("POST /reset (no body)", "POST", "/reset")
    h("POST /reset {}", "POST", "/reset", json_body={})
    h("POST /reset {seed:42}", "POST", "/reset", json_body={"seed": 42})
    h("POST /reset {seed:42, episode_id:'h-1', start:3}", "POST", "/reset", json_body={"seed": 42, "episode_id": "h-1", "start": 3})
    h("POST /reset {seed:-1}", "POST", "/reset", json_body={"seed": -1})
    h("POST /reset {seed:'abc'}", "POST", "/reset", json_body={"seed": "abc"})
    h("POST /reset episode_id too long", "POST", "/reset", json_body={"episode_id": "x" * 256})
    h("POST /reset malformed JSON", "POST", "/reset", raw=b"{bad", content_type="application/json")
    h("POST /reset JSON array", "POST", "/reset", json_body=[1, 2])
    h("POST /reset text/plain body", "POST", "/reset", raw=b"{}", content_type="text/plain")

    if env_kind == "counter":
        valid_action = {"delta": 2}
        bad_action = {"delta": "x", "bogus": 1}
        raising_action = {"delta": 13}
    else:
        valid_action = {"type": "call_tool", "tool_name": "echo_message", "arguments": {"message": "hi"}}
        bad_action = {"type": "call_tool", "bogus": 1}
        raising_action = None
    h("POST /step valid action", "POST", "/step", json_body={"action": valid_action})
    if env_kind == "echo":
        h("POST /step list_tools", "POST", "/step", json_body={"action": {"type": "list_tools"}})
    h("POST /step missing action", "POST", "/step", json_body={})
    h("POST /step bad action", "POST", "/step", json_body={"action": bad_action})
    h("POST /step action not an object", "POST", "/step", json_body={"action": 5})
    h("POST /step timeout_s=0", "POST", "/step", json_body={"action": valid_action, "timeout_s": 0})
    h("POST /step with timeout_s and request_id", "POST", "/step", json_body={"action": valid_action, "timeout_s": 5, "request_id": "r-1"})
    if raising_action is not None:
        h("POST /step env raises", "POST", "/step", json_body={"action": raising_action})

    def rpc(op: str, body: Any, raw: Optional[bytes] = None) -> Any:
        if raw is not None:
            return h(f"POST /mcp {op}", "POST", "/mcp", raw=raw, content_type="application/json")
        return h(f"POST /mcp {op}", "POST", "/mcp", json_body=body)

    rpc("{}", {})
    rpc("tools/list", {"jsonrpc": "2.0", "id": 1, "method": "tools/list"})
    rpc(
        "tools/call echo_message",
        {"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {"name": "echo_message", "arguments": {"message": "hi"}}},
    )
    rpc(
        "tools/call echo_with_length",
        {"jsonrpc": "2.0", "id": "s", "method": "tools/call", "params": {"name": "echo_with_length", "arguments": {"message": "yo"}}},
    )
    rpc("tools/call unknown tool", {"jsonrpc": "2.0", "id": 3, "method": "tools/call", "params": {"name": "nope"}})
    rpc("tools/call missing name", {"jsonrpc": "2.0", "id": 4, "method": "tools/call", "params": {}})
    rpc("unknown method", {"jsonrpc": "2.0", "id": 5, "method": "resources/list"})
    rpc("notification (no id)", {"jsonrpc": "2.0", "method": "tools/list"})
    rpc("wrong jsonrpc version", {"jsonrpc": "1.0", "id": 6, "method": "tools/list"})
    rpc("params array", {"jsonrpc": "2.0", "id": 7, "method": "tools/list", "params": [1]})
    rpc("batch array", [{"jsonrpc": "2.0", "id": 8, "method": "tools/list"}])
    rpc("parse error", None, raw=b"{oops")
    created = rpc("openenv/session/create", {"jsonrpc": "2.0", "id": 9, "method": "openenv/session/create"})
    session_id = None
    if isinstance(created, dict) and isinstance(created.get("body"), dict):
        session_id = (created["body"].get("result") or {}).get("session_id")
    if session_id:
        rpc(
            "tools/list with session_id",
            {"jsonrpc": "2.0", "id": 10, "method": "tools/list", "params": {"session_id": session_id}},
        )
        rpc(
            "openenv/session/close",
            {"jsonrpc": "2.0", "id": 11, "method": "openenv/session/close", "params": {"session_id": session_id}},
        )
        rpc(
            "openenv/session/close again",
            {"jsonrpc": "2.0", "id": 12, "method": "openenv/session/close", "params": {"session_id": session_id}},
        )
    rpc("openenv/session/close without session_id", {"jsonrpc": "2.0", "id": 13, "method": "openenv/session/close"})
    rpc("tools/list unknown session_id", {"jsonrpc": "2.0", "id": 14, "method": "tools/list", "params": {"session_id": "nope"}})

    def openapi() -> Dict[str, Any]:
        r = http_call(base, "GET", "/openapi.json", timeout=to)
        body = r["body"]
        if isinstance(body, dict):
            r["body"] = {"info": body.get("info"), "paths": sorted((body.get("paths") or {}).keys())}
        return r

    t.call("GET /openapi.json (info + sorted paths)", openapi, request={"method": "GET", "path": "/openapi.json"})
    h("POST /reset/ (trailing slash, not followed)", "POST", "/reset/")
    h("GET /does-not-exist", "GET", "/does-not-exist")
    h("GET /reset (wrong method)", "GET", "/reset")
    h("POST /health (wrong method)", "POST", "/health")
    h("GET /ws (no upgrade)", "GET", "/ws")


# --------------------------------------------------------------------------
# Scenario: factory-error (server whose env factory raises)
# --------------------------------------------------------------------------


async def _factory_ws(t: Transcript, args: argparse.Namespace) -> None:
    for path in ("/ws", "/mcp"):
        try:
            async with ws_connect(ws_url(args.url, path), open_timeout=args.timeout) as ws:
                frame: Any = None
                try:
                    frame = await asyncio.wait_for(ws.recv(), timeout=args.timeout)
                except (asyncio.TimeoutError, ConnectionClosed):
                    pass
                result = {
                    "unsolicited_frame": frame,
                    "unsolicited_frame_json": parse_frame(frame) if frame is not None else None,
                    "connection": await connection_state(ws, 5.0),
                }
            t.add(f"WS {path}: connect", result)
        except Exception as exc:
            t.add(f"WS {path}: connect", exception_record(exc))


def scenario_factory_error(t: Transcript, args: argparse.Namespace) -> None:
    asyncio.run(_factory_ws(t, args))
    # The reference client: the error frame arrives unsolicited, so reset()
    # sees either the error frame (RuntimeError) or the closed socket,
    # depending on timing. Record the exception class family only.
    env = GenericEnvClient(base_url=args.url, message_timeout_s=args.timeout).sync()
    try:
        try:
            env.reset()
            outcome: Any = {"raised": False}
        except RuntimeError as exc:
            outcome = {"raised": True, "kind": "server-error" if "FACTORY_ERROR" in str(exc) else "other", "message": str(exc)}
        except ConnectionClosed as exc:
            outcome = {"raised": True, "kind": "connection-closed", "message": str(exc)}
        except Exception as exc:
            outcome = {"raised": True, "kind": type(exc).__name__, "message": str(exc)}
        t.add("GenericEnvClient.reset() (outcome is timing dependent)", outcome)
    finally:
        safe_close(env)
    base, to = args.url, args.timeout
    for method, path, body in (
        ("GET", "/health", None),
        ("GET", "/metadata", None),
        ("GET", "/state", None),
        ("POST", "/reset", {}),
        ("POST", "/step", {"action": {}}),
    ):
        t.call(f"{method} {path}", lambda: http_call(base, method, path, json_body=body, timeout=to))
    for name, rpc in (
        ("openenv/session/create", {"jsonrpc": "2.0", "id": 1, "method": "openenv/session/create"}),
        ("tools/list", {"jsonrpc": "2.0", "id": 2, "method": "tools/list"}),
        ("{}", {}),
    ):
        t.call(f"POST /mcp {name}", lambda: http_call(base, "POST", "/mcp", json_body=rpc, timeout=to), request=rpc)


# --------------------------------------------------------------------------
# main
# --------------------------------------------------------------------------

SCENARIOS: Dict[str, Callable[[Transcript, argparse.Namespace], None]] = {
    "echo-generic": scenario_echo_generic,
    "echo-mcp": scenario_echo_mcp,
    "counter-typed": scenario_counter_typed,
    "errors-raw": scenario_errors_raw,
    "http-routes": scenario_http_routes,
    "mcp-raw": scenario_mcp_raw,
    "factory-error": scenario_factory_error,
}


def client_versions() -> Dict[str, str]:
    out = {"python": sys.version.split()[0]}
    for dist in ("openenv-core", "openenv", "websockets", "httpx", "pydantic"):
        try:
            out[dist] = importlib_metadata.version(dist)
        except importlib_metadata.PackageNotFoundError:
            out[dist] = "not installed"
    return out


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description="Drive an OpenEnv server with the reference client")
    parser.add_argument("--url", required=True, help="server base URL, e.g. http://127.0.0.1:8000")
    parser.add_argument("--scenario", required=True, choices=sorted(SCENARIOS))
    parser.add_argument("--timeout", type=float, default=20.0, help="per-reply timeout in seconds")
    parser.add_argument("--env", choices=["auto", "echo", "counter"], default="auto", help="http-routes: which env is served")
    parser.add_argument("--capacity-limit", type=int, default=16, help="errors-raw: max connections for the capacity probe")
    parser.add_argument("--raw", action="store_true", help="disable normalisation")
    args = parser.parse_args(argv)

    transcript = Transcript()
    started = time.monotonic()
    try:
        SCENARIOS[args.scenario](transcript, args)
    except Exception:
        # A failure outside the per-step recording is a harness bug.
        traceback.print_exc()
        return 3
    doc = {
        "scenario": args.scenario,
        "client": client_versions(),
        "normalised": [] if args.raw else NORMALISATIONS,
        "steps": transcript.steps,
    }
    if not args.raw:
        doc["steps"] = normalise(doc["steps"], args.url.rstrip("/"))
    # Always UTF-8, whatever the locale of the calling (Java) process.
    sys.stdout.buffer.write((json.dumps(doc, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
    sys.stdout.flush()
    sys.stderr.write(f"{args.scenario}: {len(transcript.steps)} steps in {time.monotonic() - started:.1f}s\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
