#!/usr/bin/env bash
# Builds the OpenEnv4j Java base image, reproducibly and without a registry or a Docker daemon:
#   scripts/images/java-base.sh [--force] [--output FILE]
# The root file system is the Debian packages libc6 (glibc) and dash (/bin/sh, for the `server` entry script),
# unpacked with dpkg-deb, plus a runtime jlinked from the JDK this build uses with the modules the server needs
# (at /opt/java, on PATH); a non-root user nonroot (uid/gid 65532), /tmp mode 1777. It is packed as one layer
# (sorted names, mtime 0, numeric owners) into a Docker-archive tar (`docker load` and Jib's tar:// base both
# read it); the image is created at the epoch, so the same inputs give the same image id and digest.
# Output (default): ~/.cache/openenv4j/images/java-base.tar (OPENENV4J_IMAGES_CACHE moves the directory).
# It is rebuilt only when its inputs change: the package files, the JDK's release file and these scripts
# (recorded in java-base.tar.inputs). Prints the image id (sha256 of its config) on stdout.
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
root=$(cd "$here/../.." && pwd)
. "$root/scripts/jdk.sh"
openenv4j_find_jdk >/dev/null || exit 1
. "$here/image-lib.sh"
image_base_args java-base "$@"

debs=$(image_fetch_debs "$cache/debs" $(image_versions libc6 dash))
inputs=$(image_inputs "$0" $debs)
if ! $force && [ -f "$out" ] && [ "$(cat "$out.inputs" 2>/dev/null)" = "$inputs" ]; then
  image_id "$out"; exit 0
fi
echo "java-base.sh: building $out" >&2

work=$(mktemp -d "$cache/.java-base.XXXXXX")
trap 'rm -rf "$work"' EXIT
rootfs=$work/rootfs
image_unpack_debs "$rootfs" $debs
image_jlink "$rootfs"
image_finish_rootfs "$rootfs"
image_pack_base "$rootfs" "$out" "$work" java-base "$inputs" /opt/java/bin:/usr/local/bin:/usr/bin:/bin
image_id "$out"
