"""A small MCP server written with the `mcp` Python SDK, served over Streamable HTTP.

Used by the OpenEnv4j MCP client interop tests (McpPythonServerInteropTest). The SDK comes
from the interop venv (openenv4j-it/target/pyref): mcp 2.x calls the high-level server
`MCPServer` (`mcp.server.mcpserver`); mcp 1.x called it `FastMCP` (`mcp.server.fastmcp`).
Both are supported.

    python mcp_tool_server.py --port 8123 [--host 127.0.0.1] [--json-response]
"""

import argparse
import asyncio

try:
    from mcp.server.mcpserver import Context, MCPServer as Server
except ImportError:  # mcp < 2
    from mcp.server.fastmcp import Context, FastMCP as Server


def build() -> "Server":
    server = Server("openenv4j-interop")

    @server.tool()
    def add(a: int, b: int) -> int:
        """Add two integers."""
        return a + b

    @server.tool()
    def stats(values: list[float]) -> dict[str, float]:
        """Count, sum and mean of some numbers."""
        return {"count": len(values), "sum": sum(values), "mean": sum(values) / len(values) if values else 0.0}

    @server.tool()
    def fail(message: str) -> str:
        """Always raises."""
        raise ValueError(message)

    @server.tool()
    async def slow(seconds: float, ctx: Context) -> str:
        """Reports progress and a log line, then sleeps."""
        for step in range(2):
            await ctx.report_progress(step + 1, 2, f"step {step + 1}")
            await ctx.info(f"working, step {step + 1}")
        await asyncio.sleep(seconds)
        return f"slept {seconds}"

    return server


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--json-response", action="store_true", help="reply application/json instead of SSE")
    args = parser.parse_args()
    build().run("streamable-http", host=args.host, port=args.port, json_response=args.json_response)


if __name__ == "__main__":
    main()
