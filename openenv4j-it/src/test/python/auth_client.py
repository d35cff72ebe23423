"""Drives a token-protected OpenEnv4j server with the unmodified reference clients and prints a JSON summary.

--style headers: the ``headers=`` argument (``openenv`` 0.3.1 and later, e.g. 0.10.0).
--style url:     the token as the password of the base URL, ``http://openenv:<token>@host:port``; the
                 clients' websockets and httpx send it as HTTP Basic (works with ``openenv-core`` 0.3.0).
"""

from __future__ import annotations

import argparse
import json
import sys
from urllib.parse import urlsplit, urlunsplit

from openenv.core.generic_client import GenericEnvClient
from openenv.core.mcp_client import MCPToolClient


def with_credentials(url: str, token: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, f"openenv:{token}@{parts.netloc}", parts.path, parts.query, parts.fragment))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--style", choices=["headers", "url"], required=True)
    args = parser.parse_args()
    out: dict = {}

    try:
        anonymous = GenericEnvClient(base_url=args.url, message_timeout_s=20).sync()
        anonymous.reset()
        out["anonymous"] = "accepted"
    except Exception as e:  # the handshake is refused with 401
        out["anonymous"] = f"refused: {type(e).__name__}: {e}"

    if args.style == "headers":
        base, extra = args.url, {"headers": {"Authorization": f"Bearer {args.token}"}}
    else:
        base, extra = with_credentials(args.url, args.token), {}

    env = GenericEnvClient(base_url=base, message_timeout_s=20, **extra).sync()
    try:
        env.reset(episode_id="auth-1")
        step = env.step({"type": "call_tool", "tool_name": "echo_message", "arguments": {"message": "hi"}})
        out["step_observation"] = step.observation if isinstance(step.observation, dict) else str(step.observation)
        out["state_episode_id"] = env.state().episode_id if hasattr(env.state(), "episode_id") else env.state().get("episode_id")
    finally:
        env.close()

    tools = MCPToolClient(base_url=base, message_timeout_s=20, **extra).sync()
    try:
        tools.reset()
        out["tools"] = sorted(tool.name for tool in tools.list_tools())
        out["echo"] = str(tools.call_tool("echo_message", message="over MCP"))
    finally:
        tools.close()
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
