#!/usr/bin/env bash
# Builds the OpenEnv4j sandbox base image (for the terminal, code and browser environments), reproducibly and
# without a registry or a Docker daemon:
#   scripts/images/sandbox-base.sh [--force] [--output FILE]
# Like java-base.sh (the same jlinked runtime, users, /tmp and packing), plus Debian's bubblewrap, bash and the
# usual command-line tools, Python 3 and Chromium with the packages they depend on (the dependency closure
# from apt-cache, unpacked with dpkg-deb; no maintainer script runs, so nothing depends on the build's time).
# Output (default): ~/.cache/openenv4j/images/sandbox-base.tar; rebuilt only when the package files, the JDK or
# these scripts change (recorded in sandbox-base.tar.inputs). Prints the image id on stdout. The first build
# downloads ~150 MB of packages (kept under the cache's debs/ directory).
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
root=$(cd "$here/../.." && pwd)
. "$root/scripts/jdk.sh"
openenv4j_find_jdk >/dev/null || exit 1
. "$here/image-lib.sh"

cache=${OPENENV4J_IMAGES_CACHE:-$HOME/.cache/openenv4j/images}
out=$cache/sandbox-base.tar
force=false
while [ $# -gt 0 ]; do
  case $1 in
    --force) force=true ;;
    --output) out=$2; shift ;;
    *) echo "sandbox-base.sh: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
mkdir -p "$cache" "$(dirname "$out")"

modules=java.base,java.desktop,java.management,java.naming,java.net.http,java.sql,jdk.httpserver,jdk.jfr,jdk.jshell,jdk.unsupported,java.logging,jdk.crypto.ec,jdk.zipfs,jdk.management
wanted=(libc6 dash bash coreutils grep sed findutils diffutils tar gzip bubblewrap python3 chromium fonts-dejavu-core ca-certificates)
# What apt would install on an empty system (no Recommends): the closure of their dependencies, as apt's own
# solver picks it from the package lists (so the same lists give the same set).
empty=$(mktemp); : > "$empty"
closure=$(apt-get install -s -o Dir::State::status="$empty" -o APT::Install-Recommends=false "${wanted[@]}" 2>/dev/null \
            | awk '/^Inst / {gsub(/[()]/, "", $3); print $2 "=" $3}' | LC_ALL=C sort -u)
rm -f "$empty"
[ -n "$closure" ] || { echo "sandbox-base.sh: apt found no packages (run 'apt-get update' first)" >&2; exit 1; }
debs=$(image_fetch_debs "$cache/debs" $closure)
inputs=$( { sha256sum "$0" "$here/image-lib.sh" | cut -d' ' -f1; for d in $debs; do sha256sum "$d" | cut -d' ' -f1; done;
            cat "$JAVA_HOME/release"; echo "$modules"; } | sha256sum | cut -d' ' -f1)
if ! $force && [ -f "$out" ] && [ "$(cat "$out.inputs" 2>/dev/null)" = "$inputs" ]; then
  image_id "$out"; exit 0
fi
echo "sandbox-base.sh: building $out from $(echo "$debs" | wc -l) packages" >&2

work=$(mktemp -d "$cache/.sandbox-base.XXXXXX")
trap 'rm -rf "$work"' EXIT
rootfs=$work/rootfs
image_unpack_debs "$rootfs" $debs
"$JAVA_HOME/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
  --compress=zip-6 --generate-cds-archive --output "$rootfs/opt/java"
# What maintainer scripts would have made: the alternatives the environments call, the CA bundle.
[ -e "$rootfs/usr/bin/python3" ] || { echo "sandbox-base.sh: python3 missing from the closure" >&2; exit 1; }
if [ -d "$rootfs/usr/share/ca-certificates" ]; then
  find "$rootfs/usr/share/ca-certificates" -name '*.crt' | LC_ALL=C sort | xargs cat > "$work/ca.pem"
  mkdir -p "$rootfs/etc/ssl/certs"; mv "$work/ca.pem" "$rootfs/etc/ssl/certs/ca-certificates.crt"
fi
# Left out: what headless Chromium without a GPU never loads (Mesa's GPU drivers and the LLVM and Z3 they link,
# Vulkan's validation layer), translations and the cursor theme (~250 MB).
rm -rf "$rootfs/usr/share/locale" "$rootfs/usr/share/i18n" "$rootfs/usr/lib/x86_64-linux-gnu/dri" \
  "$rootfs"/usr/lib/x86_64-linux-gnu/libLLVM-15.so* "$rootfs"/usr/lib/x86_64-linux-gnu/libz3.so* \
  "$rootfs/usr/lib/chromium/libVkLayer_khronos_validation.so" "$rootfs/usr/share/icons/Adwaita/cursors" "$rootfs/usr/include"
image_finish_rootfs "$rootfs"

image_pack "$rootfs" "$out" "$work" "openenv4j/sandbox-base:latest" \
  '"PATH=/opt/java/bin:/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin","JAVA_HOME=/opt/java","LANG=C.UTF-8"' \
  "$(printf '"org.opencontainers.image.title":"openenv4j sandbox-base","io.openenv4j.base.inputs":"%s","io.openenv4j.base.java":"%s"' \
      "$inputs" "$(. "$JAVA_HOME/release"; echo "$JAVA_RUNTIME_VERSION")")"
echo "$inputs" > "$out.inputs"
image_id "$out"
