#!/usr/bin/env bash
# Install (idempotently) the official MCP TypeScript SDK used by the MCP interop tests.
#
#   mcp-ts-sdk.sh <dir>
#
# Runs `npm install` of the pinned @modelcontextprotocol/sdk into <dir> (a
# package.json of its own, so nothing is installed globally). On success it
# writes <dir>/.openenv4j-ready with the pinned version; when that marker already
# matches, the script returns immediately without touching the network.
set -euo pipefail

SDK_VERSION=1.32.2

die() { echo "mcp-ts-sdk: ERROR: $*" >&2; exit 1; }

[ $# -eq 1 ] && [ -n "$1" ] || die "usage: $(basename "$0") <dir>"
DIR=$1
MARKER="$DIR/.openenv4j-ready"
EXPECTED="@modelcontextprotocol/sdk@$SDK_VERSION"

if [ -f "$MARKER" ] && [ "$(cat "$MARKER")" = "$EXPECTED" ] \
        && [ -f "$DIR/node_modules/@modelcontextprotocol/sdk/package.json" ]; then
    echo "mcp-ts-sdk: $DIR is up to date"
    exit 0
fi

command -v node >/dev/null 2>&1 || die "'node' not found on PATH; Node.js >= 18 is required for the MCP interop tests"
command -v npm >/dev/null 2>&1 || die "'npm' not found on PATH; it comes with Node.js >= 18"
node -e 'process.exit(parseInt(process.versions.node) >= 18 ? 0 : 1)' \
    || die "$(node --version) is too old; Node.js >= 18 is required"

mkdir -p "$DIR"
rm -f "$MARKER"
[ -f "$DIR/package.json" ] || printf '{"name":"openenv4j-mcp-ts-interop","private":true}\n' > "$DIR/package.json"
echo "mcp-ts-sdk: installing $EXPECTED into $DIR"
npm install --prefix "$DIR" --no-audit --no-fund --loglevel=error --save-exact "$EXPECTED" \
    || die "npm install $EXPECTED failed"
node -e "require(require('path').resolve('$DIR/node_modules/@modelcontextprotocol/sdk/package.json'))" \
    || die "the installed SDK cannot be read"
printf '%s\n' "$EXPECTED" > "$MARKER.tmp" && mv "$MARKER.tmp" "$MARKER"
echo "mcp-ts-sdk: ready ($EXPECTED)"
