#!/usr/bin/env bash
# Install (idempotently) the third-party MCP reference servers from npm that the
# MCP client and bridge interop tests run against.
#
#   mcp-servers.sh <dir>
#
# Writes <dir>/package.json pinning the servers below and runs `npm install` in
# <dir> (the public npm registry, or whatever npm is configured to use). Only the
# servers are pinned; their own dependencies float within the ranges they declare
# (npm writes what it resolved to <dir>/package-lock.json). On success it writes
# <dir>/.openenv4j-ready containing the pins; when that marker already matches,
# the script returns at once without touching the network.
#
# Folder and script are this suite's own: other npm installs of the build (the
# TypeScript MCP SDK, for instance) live in folders of their own.
set -euo pipefail

die() { echo "mcp-servers: ERROR: $*" >&2; exit 1; }

[ $# -eq 1 ] && [ -n "$1" ] || die "usage: $(basename "$0") <dir>"
DIR=$1

# Pinned servers (name version); bump together with docs/mcp-client.md.
PINS=(
    "@modelcontextprotocol/server-everything 2026.8.31"
    "@modelcontextprotocol/server-filesystem 2026.8.31"
)
BINS=(mcp-server-everything mcp-server-filesystem)
MARKER="$DIR/.openenv4j-ready"
EXPECTED=$(printf '%s\n' "${PINS[@]}")

ready() {
    [ -f "$MARKER" ] && [ "$(cat "$MARKER")" = "$EXPECTED" ] || return 1
    for bin in "${BINS[@]}"; do
        [ -e "$DIR/node_modules/.bin/$bin" ] || return 1
    done
}

if ready; then
    echo "mcp-servers: $DIR is up to date"
    exit 0
fi

command -v node >/dev/null 2>&1 || die "'node' not found on PATH; Node.js >= 18 is required for the MCP interop tests"
command -v npm >/dev/null 2>&1 || die "'npm' not found on PATH; it comes with Node.js >= 18"
node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 18 ? 0 : 1)' \
    || die "node $(node --version) is too old; Node.js >= 18 is required"

if [ -e "$DIR" ] && [ ! -f "$DIR/package.json" ] && [ -n "$(ls -A "$DIR" 2>/dev/null)" ]; then
    die "$DIR exists, is not empty and holds no package.json; refusing to touch it"
fi
mkdir -p "$DIR"
rm -f "$MARKER"

{
    echo '{'
    echo '  "name": "openenv4j-mcp-servers",'
    echo '  "private": true,'
    echo '  "description": "Third-party MCP servers for the OpenEnv4j interop tests (written by mcp-servers.sh)",'
    echo '  "dependencies": {'
    last=$((${#PINS[@]} - 1))
    for i in "${!PINS[@]}"; do
        read -r name version <<< "${PINS[$i]}"
        sep=$([ "$i" -lt "$last" ] && echo ',' || echo '')
        echo "    \"$name\": \"$version\"$sep"
    done
    echo '  }'
    echo '}'
} > "$DIR/package.json"

echo "mcp-servers: installing $(printf '%s ' "${PINS[@]}")into $DIR"
(cd "$DIR" && npm install --no-audit --no-fund --loglevel=error) || die "npm install in $DIR failed"

for bin in "${BINS[@]}"; do
    [ -e "$DIR/node_modules/.bin/$bin" ] || die "npm install did not provide $bin"
done

printf '%s\n' "${PINS[@]}" > "$MARKER.tmp" && mv "$MARKER.tmp" "$MARKER"
echo "mcp-servers: ready"
