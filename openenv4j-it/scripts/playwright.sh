#!/usr/bin/env bash
# Install (idempotently) playwright-core from npm, which the web page tests drive Chromium with.
#
#   playwright.sh <dir>
#
# Installs the pinned playwright-core into <dir> (a package.json of its own, nothing global). playwright-core
# never downloads a browser: the tests point it at Debian's Chromium (/usr/bin/chromium, installed by
# openenv4j-envs/scripts/chromium.sh). On success it writes <dir>/.openenv4j-ready with the pinned version;
# when that marker already matches, the script returns at once without touching the network.
set -euo pipefail

VERSION=1.57.0

die() { echo "playwright: ERROR: $*" >&2; exit 1; }

[ $# -eq 1 ] && [ -n "$1" ] || die "usage: $(basename "$0") <dir>"
DIR=$1
MARKER="$DIR/.openenv4j-ready"
EXPECTED="playwright-core@$VERSION"

if [ -f "$MARKER" ] && [ "$(cat "$MARKER")" = "$EXPECTED" ] \
        && [ -f "$DIR/node_modules/playwright-core/package.json" ]; then
    echo "playwright: $DIR is up to date"
    exit 0
fi

command -v node >/dev/null 2>&1 || die "'node' not found on PATH; Node.js >= 18 is required for the web page tests"
command -v npm >/dev/null 2>&1 || die "'npm' not found on PATH; it comes with Node.js >= 18"
node -e 'process.exit(parseInt(process.versions.node) >= 18 ? 0 : 1)' \
    || die "$(node --version) is too old; Node.js >= 18 is required"

mkdir -p "$DIR"
rm -f "$MARKER"
[ -f "$DIR/package.json" ] || printf '{"name":"openenv4j-web-tests","private":true}\n' > "$DIR/package.json"
echo "playwright: installing $EXPECTED into $DIR"
npm install --prefix "$DIR" --no-audit --no-fund --loglevel=error --save-exact "$EXPECTED" \
    || die "npm install $EXPECTED failed"
node -e "require(require('path').resolve('$DIR/node_modules/playwright-core'))" \
    || die "the installed playwright-core cannot be loaded"
printf '%s\n' "$EXPECTED" > "$MARKER.tmp" && mv "$MARKER.tmp" "$MARKER"
echo "playwright: ready ($EXPECTED)"
