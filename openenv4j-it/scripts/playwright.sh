#!/usr/bin/env bash
# Install (idempotently) playwright-core from npm, which the web page tests (WebPageBrowserTest) drive Chromium with.
#
#   playwright.sh <dir>
#
# playwright-core never downloads a browser: the tests point it at Debian's Chromium (/usr/bin/chromium,
# installed by openenv4j-envs/scripts/chromium.sh). The build passes ~/.cache/openenv4j/playwright as <dir>,
# so the install survives clean builds.
set -euo pipefail
[ $# -eq 1 ] && [ -n "$1" ] || { echo "usage: $(basename "$0") <dir>" >&2; exit 1; }
exec bash "$(dirname "$0")/npm-package.sh" "$1" playwright-core 1.57.0 "the web page tests"
