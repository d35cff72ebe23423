#!/usr/bin/env bash
# Make sure bubblewrap (`bwrap`, Debian package `bubblewrap`) is installed: the sandbox runs every
# command of the terminal and code environments inside it.
#
#   bubblewrap.sh
#
# Does nothing when `bwrap` is already on the PATH. Otherwise installs the Debian package with apt-get
# (as root, or through sudo when available). Fails with a clear message when it cannot.
set -euo pipefail

die() { echo "bubblewrap: ERROR: $*" >&2; exit 1; }

if command -v bwrap >/dev/null 2>&1; then
    echo "bubblewrap: $(command -v bwrap) is installed ($(bwrap --version 2>/dev/null || echo 'version unknown'))"
    exit 0
fi

command -v apt-get >/dev/null 2>&1 \
    || die "bwrap is missing and apt-get is not available; install the 'bubblewrap' package by hand"

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 \
        || die "bwrap is missing; run 'apt-get install -y bubblewrap' as root (no sudo here)"
    SUDO=(sudo -n)
fi

echo "bubblewrap: installing the Debian package 'bubblewrap'"
"${SUDO[@]}" apt-get update -q
DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -q --no-install-recommends bubblewrap
command -v bwrap >/dev/null 2>&1 || die "apt-get finished but bwrap is still not on the PATH"
echo "bubblewrap: installed $(bwrap --version)"
