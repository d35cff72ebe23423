#!/usr/bin/env bash
# Builds the OpenEnv4j Java base image, reproducibly and without a registry or a Docker daemon:
#   scripts/images/java-base.sh [--force] [--output FILE]
# The root file system is the Debian packages libc6 (glibc) and dash (/bin/sh, for the `server` entry script),
# unpacked with dpkg-deb, plus a runtime jlinked from the JDK this build uses with the modules the server needs;
# a non-root user nonroot (uid/gid 65532), /tmp mode 1777. It is packed as one layer (sorted names, mtime 0,
# numeric owners) into a Docker-archive tar (`docker load` and Jib's tar:// base both read it); the image is
# created at the epoch, so the same inputs give the same image id and digest.
# Output (default): ~/.cache/openenv4j/images/java-base.tar (OPENENV4J_IMAGES_CACHE moves the directory).
# It is rebuilt only when its inputs change: the package files, the JDK's release file and this script
# (recorded in java-base.tar.inputs). Prints the image id (sha256 of its config) on stdout.
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
root=$(cd "$here/../.." && pwd)
. "$root/scripts/jdk.sh"
openenv4j_find_jdk >/dev/null || exit 1
. "$here/image-lib.sh"

cache=${OPENENV4J_IMAGES_CACHE:-$HOME/.cache/openenv4j/images}
out=$cache/java-base.tar
force=false
while [ $# -gt 0 ]; do
  case $1 in
    --force) force=true ;;
    --output) out=$2; shift ;;
    *) echo "java-base.sh: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
mkdir -p "$cache" "$(dirname "$out")"

# The modules the server needs (jdeps over the command line's class path), and a few it loads reflectively.
# --generate-cds-archive adds the class data sharing archive (a shorter start-up); jlink writes it byte for byte
# the same on every run.
modules=java.base,java.desktop,java.management,java.naming,java.net.http,java.sql,jdk.httpserver,jdk.jfr,jdk.jshell,jdk.unsupported,java.logging,jdk.crypto.ec,jdk.zipfs,jdk.management

debs=$(image_fetch_debs "$cache/debs" $(image_versions libc6 dash))
inputs=$( { sha256sum "$0" "$here/image-lib.sh" | cut -d' ' -f1; for d in $debs; do sha256sum "$d" | cut -d' ' -f1; done;
            cat "$JAVA_HOME/release"; echo "$modules"; } | sha256sum | cut -d' ' -f1)
if ! $force && [ -f "$out" ] && [ "$(cat "$out.inputs" 2>/dev/null)" = "$inputs" ]; then
  image_id "$out"; exit 0
fi
echo "java-base.sh: building $out" >&2

work=$(mktemp -d "$cache/.java-base.XXXXXX")
trap 'rm -rf "$work"' EXIT
rootfs=$work/rootfs
image_unpack_debs "$rootfs" $debs
"$JAVA_HOME/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
  --compress=zip-6 --generate-cds-archive --output "$rootfs/opt/java"
image_finish_rootfs "$rootfs"

image_pack "$rootfs" "$out" "$work" "openenv4j/java-base:latest" \
  '"PATH=/opt/java/bin:/usr/local/bin:/usr/bin:/bin","JAVA_HOME=/opt/java","LANG=C.UTF-8"' \
  "$(printf '"org.opencontainers.image.title":"openenv4j java-base","io.openenv4j.base.inputs":"%s","io.openenv4j.base.java":"%s"' \
      "$inputs" "$(. "$JAVA_HOME/release"; echo "$JAVA_RUNTIME_VERSION")")"
echo "$inputs" > "$out.inputs"
image_id "$out"
