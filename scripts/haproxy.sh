#!/usr/bin/env bash
# Installs Debian's HAProxy for the scale bench's same-run comparison (openenv4j bench --only scale;
# docs/scale-out.md). Cached: does nothing when haproxy is already on the PATH. Needs root (apt-get).
# The package's own service is not started: the bench runs haproxy itself with its own configuration.
set -euo pipefail
if command -v haproxy >/dev/null 2>&1; then
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# policy-rc.d exit 101: the package's post-install must not start a system-wide haproxy.
policy=/usr/sbin/policy-rc.d
created=0
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' > "$policy"
  chmod +x "$policy"
  created=1
fi
trap '[ "$created" = 1 ] && rm -f "$policy"' EXIT
apt-get install -y -q --no-install-recommends haproxy
command -v haproxy
