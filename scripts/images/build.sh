#!/usr/bin/env bash
# openenv4j build: OCI image tars with Jib, no Docker daemon needed (docs/images.md).
#   openenv4j build FAMILY [MAVEN_ARGS...]    one built-in family (classic games text apitools terminal code browser)
#   openenv4j build all [MAVEN_ARGS...]       every family
#   openenv4j build --project DIR [MAVEN_ARGS...]
#                                             a project made by 'openenv4j init' (its image build reads the Java
#                                             base from -Dopenenv4j.base.image, set here)
# Families go to openenv4j-images/target/images/FAMILY.tar (with .digest and .id files) and load with
# 'docker load -i'. The bases are built first when missing or stale (scripts/images/*-base.sh, cached under
# ~/.cache/openenv4j/images).
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
root=$(cd "$here/../.." && pwd)
. "$root/scripts/jdk.sh"
openenv4j_find_jdk >/dev/null || exit 1
usage() { sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
[ $# -ge 1 ] || usage
command -v mvn >/dev/null 2>&1 || { echo "openenv4j build: needs Maven 3.8+ ('apt-get install maven')." >&2; exit 1; }
families=$(grep -v '^#' "$here/families.txt" | awk 'NF {print $1 " " $2}')

if [ "$1" = --project ]; then
  [ $# -ge 2 ] && [ -f "$2/pom.xml" ] || { echo "openenv4j build: --project needs a directory with a pom.xml" >&2; exit 2; }
  dir=$2; shift 2
  base=$("$here/java-base.sh") >&2
  cache=${OPENENV4J_IMAGES_CACHE:-$HOME/.cache/openenv4j/images}
  echo "openenv4j build: Java base $base" >&2
  (cd "$dir" && mvn -B -q -Pimage package -DskipTests "-Dopenenv4j.base.image=$cache/java-base.tar" "$@")
  find "$dir/target" -maxdepth 2 -name '*.tar' -newer "$dir/pom.xml" -print 2>/dev/null || true
  exit 0
fi

wanted=$1; shift
flags=()
sandbox=false
found=false
while read -r family base; do
  if [ "$wanted" = all ] || [ "$wanted" = "$family" ]; then
    found=true
    [ "$base" = sandbox ] && sandbox=true
  else
    flags+=("-Dopenenv4j.images.skip.$family=true")
  fi
done <<< "$families"
$found || { echo "openenv4j build: unknown family '$wanted'; families: $(echo "$families" | awk '{print $1}' | tr '\n' ' ')all" >&2; exit 2; }
$sandbox || flags+=("-Dopenenv4j.images.sandbox.skip=true")
(cd "$root" && mvn -B -q -pl openenv4j-images -am package -DskipTests -Dopenenv4j.interop.skip=true \
   -Dopenenv4j.images.skip=false "${flags[@]}" "$@")
for f in "$root"/openenv4j-images/target/images/*.tar; do
  name=$(basename "$f" .tar)
  if [ "$wanted" = all ] || [ "$wanted" = "$name" ]; then
    echo "$f $(cat "${f%.tar}.digest")"
  fi
done
