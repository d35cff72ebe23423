#!/usr/bin/env bash
# Make sure bubblewrap (`bwrap`, Debian package `bubblewrap`) is installed: the sandbox runs every
# command of the terminal and code environments inside it.
#
#   bubblewrap.sh
#
# Does nothing when `bwrap` is already on the PATH. Otherwise installs the Debian package with apt-get
# (as root, or through sudo when available). Fails with a clear message when it cannot.
#
# For the tests only: the kernel's system-call table (/usr/include/<arch>/asm/unistd_64.h, Debian package
# linux-libc-dev), against which SeccompTest checks the sandbox's filter; installed when missing and
# apt-get can be used, skipped (those checks are then skipped) otherwise.
set -euo pipefail

die() { echo "bubblewrap: ERROR: $*" >&2; exit 1; }

syscall_table() {
    if [ -e /usr/include/x86_64-linux-gnu/asm/unistd_64.h ] || [ "$(uname -m)" != x86_64 ]; then
        return 0
    fi
    if command -v apt-get >/dev/null 2>&1 && { [ "$(id -u)" -eq 0 ] || sudo -n true 2>/dev/null; }; then
        local sudo=()
        [ "$(id -u)" -eq 0 ] || sudo=(sudo -n)
        echo "bubblewrap: installing the Debian package 'linux-libc-dev' (the kernel's system-call table, for the tests)"
        "${sudo[@]}" apt-get -o DPkg::Lock::Timeout=600 update -q >/dev/null \
            && DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get -o DPkg::Lock::Timeout=600 install -y -q \
                --no-install-recommends linux-libc-dev >/dev/null \
            || echo "bubblewrap: could not install linux-libc-dev; SeccompTest skips its system-call checks" >&2
    fi
}

if command -v bwrap >/dev/null 2>&1; then
    echo "bubblewrap: $(command -v bwrap) is installed ($(bwrap --version 2>/dev/null || echo 'version unknown'))"
    syscall_table
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
syscall_table
