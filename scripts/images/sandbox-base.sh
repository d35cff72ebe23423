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

image_base_args sandbox-base "$@"

# util-linux: setpriv and prlimit, which the sandbox runs its commands under.
wanted=(libc6 dash bash coreutils util-linux procps grep sed findutils diffutils tar gzip bubblewrap python3 chromium
        fonts-dejavu-core ca-certificates)
# What apt would install on an empty system (no Recommends): the closure of their dependencies, as apt's own
# solver picks it from the package lists (so the same lists give the same set).
empty=$(mktemp); : > "$empty"
closure=$(apt-get install -s -o Dir::State::status="$empty" -o APT::Install-Recommends=false "${wanted[@]}" 2>/dev/null \
            | awk '/^Inst / {gsub(/[()]/, "", $3); print $2 "=" $3}' | LC_ALL=C sort -u)
rm -f "$empty"
[ -n "$closure" ] || { echo "sandbox-base.sh: apt found no packages (run 'apt-get update' first)" >&2; exit 1; }
debs=$(image_fetch_debs "$cache/debs" $closure)
inputs=$(image_inputs "$0" $debs)
if ! $force && [ -f "$out" ] && [ "$(cat "$out.inputs" 2>/dev/null)" = "$inputs" ]; then
  image_id "$out"; exit 0
fi
echo "sandbox-base.sh: building $out from $(echo "$debs" | wc -l) packages" >&2

work=$(mktemp -d "$cache/.sandbox-base.XXXXXX")
trap 'rm -rf "$work"' EXIT
rootfs=$work/rootfs
image_unpack_debs "$rootfs" $debs
image_jlink "$rootfs"
# What a maintainer script would have made: the CA bundle.
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

image_pack_base "$rootfs" "$out" "$work" sandbox-base "$inputs" /opt/java/bin:/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin
image_id "$out"
