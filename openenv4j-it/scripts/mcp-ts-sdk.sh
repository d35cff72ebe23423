#!/usr/bin/env bash
# Install (idempotently) the official MCP TypeScript SDK used by the MCP interop tests.
#
#   mcp-ts-sdk.sh <dir>
#
# Installs the pinned @modelcontextprotocol/sdk into <dir> (see npm-package.sh: nothing global, a marker
# that skips the network once the pin is installed).
set -euo pipefail
[ $# -eq 1 ] && [ -n "$1" ] || { echo "usage: $(basename "$0") <dir>" >&2; exit 1; }
exec bash "$(dirname "$0")/npm-package.sh" "$1" @modelcontextprotocol/sdk 1.32.2 "the MCP interop tests"
