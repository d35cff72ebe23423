#!/usr/bin/env bash
# Makes sure Debian's headless-capable Chromium (package "chromium") is installed, for the browser
# environment's tests. Does nothing when /usr/bin/chromium exists; otherwise installs the package with
# apt-get (needs root, or passwordless sudo). Never downloads a browser from anywhere else.
set -euo pipefail

if [[ -x /usr/bin/chromium ]]; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "chromium.sh: /usr/bin/chromium is missing and apt-get is not available;" \
       "install the Debian/Ubuntu package 'chromium' (or set OPENENV4J_CHROMIUM to a Chromium binary)" >&2
  exit 1
fi
SUDO=""
if [[ "$(id -u)" != 0 ]]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
  else
    echo "chromium.sh: /usr/bin/chromium is missing; run as root: apt-get update && apt-get install -y chromium" >&2
    exit 1
  fi
fi
echo "chromium.sh: installing the Debian package 'chromium'" >&2
# Wait for another apt/dpkg run to finish rather than failing on its lock.
$SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends chromium >/dev/null
test -x /usr/bin/chromium
/usr/bin/chromium --version >&2
