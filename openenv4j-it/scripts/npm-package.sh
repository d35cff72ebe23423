#!/usr/bin/env bash
# Install (idempotently) one pinned npm package into a directory of its own, for the tests that need it.
#
#   npm-package.sh <dir> <package> <version> <what needs it>
#
# Runs `npm install` of <package>@<version> into <dir> (a package.json of its own, so nothing is installed
# globally). On success it writes <dir>/.openenv4j-ready with the pin; when that marker already matches, the
# script returns immediately without touching the network.
set -euo pipefail

die() { echo "npm-package: ERROR: $*" >&2; exit 1; }

[ $# -eq 4 ] && [ -n "$1" ] || die "usage: $(basename "$0") <dir> <package> <version> <what needs it>"
DIR=$1
PACKAGE=$2
EXPECTED="$2@$3"
PURPOSE=$4
MARKER="$DIR/.openenv4j-ready"

if [ -f "$MARKER" ] && [ "$(cat "$MARKER")" = "$EXPECTED" ] && [ -f "$DIR/node_modules/$PACKAGE/package.json" ]; then
    echo "npm-package: $EXPECTED in $DIR is up to date"
    exit 0
fi

command -v node >/dev/null 2>&1 || die "'node' not found on PATH; Node.js >= 18 is required for $PURPOSE"
command -v npm >/dev/null 2>&1 || die "'npm' not found on PATH; it comes with Node.js >= 18"
node -e 'process.exit(parseInt(process.versions.node) >= 18 ? 0 : 1)' \
    || die "$(node --version) is too old; Node.js >= 18 is required"

mkdir -p "$DIR"
rm -f "$MARKER"
[ -f "$DIR/package.json" ] || printf '{"name":"openenv4j-test-tools","private":true}\n' > "$DIR/package.json"
echo "npm-package: installing $EXPECTED into $DIR"
npm install --prefix "$DIR" --no-audit --no-fund --loglevel=error --save-exact "$EXPECTED" \
    || die "npm install $EXPECTED failed"
node -e "require(require('path').resolve('$DIR/node_modules/$PACKAGE/package.json'))" \
    || die "the installed $PACKAGE cannot be read"
printf '%s\n' "$EXPECTED" > "$MARKER.tmp" && mv "$MARKER.tmp" "$MARKER"
echo "npm-package: ready ($EXPECTED)"
