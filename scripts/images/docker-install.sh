#!/usr/bin/env bash
# Installs what the image tests need when it is missing: Docker Engine from Debian (docker.io: dockerd,
# containerd, runc) and socat (the port forwarder into a container's network namespace). Needs root and the
# Debian archive; does nothing when both are present. The tests start their own daemon (docs/images.md).
set -euo pipefail
if command -v dockerd >/dev/null 2>&1 && command -v docker >/dev/null 2>&1 && command -v socat >/dev/null 2>&1 \
    && command -v nsenter >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "docker-install.sh: dockerd, docker, socat or nsenter is missing and installing them needs root" \
       "('apt-get install docker.io socat util-linux')" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends docker.io socat util-linux >/dev/null
command -v dockerd >/dev/null && command -v socat >/dev/null
