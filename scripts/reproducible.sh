#!/usr/bin/env bash
# Reproducible-build check: rebuilds modules from a fresh copy of the sources in another folder and compares
# their jars (main, -sources, -javadoc) byte for byte with the bundle scripts/release.sh staged in
# target/staging. Run release.sh first.
#
#   scripts/reproducible.sh                      core, wire and mcp (what ./test.sh runs: ~1 min)
#   scripts/reproducible.sh --all                every staged jar module
#   scripts/reproducible.sh openenv4j-server     the named modules
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
. "$root/scripts/jdk.sh"
openenv4j_find_jdk || exit 1
staging="$root/target/staging/io/openenv4j"
[ -d "$staging" ] || { echo "reproducible: nothing staged in $staging; run scripts/release.sh first" >&2; exit 1; }

if [ "${1:-}" = --all ]; then
  modules=()
  for d in "$staging"/*/; do
    m=$(basename "$d"); ls "$d"*/"$m"-*-sources.jar >/dev/null 2>&1 && modules+=("$m")
  done
elif [ $# -gt 0 ]; then modules=("$@")
else modules=(openenv4j-core openenv4j-wire openenv4j-mcp)
fi

copy=$(mktemp -d /tmp/openenv4j-reproducible.XXXXXX); [ -n "${OPENENV4J_KEEP:-}" ] || trap 'rm -rf "$copy"' EXIT
(cd "$root" && tar -c --exclude=./target --exclude='./*/target' --exclude=./.git . ) | tar -x -C "$copy"
args=(-B -ntp -q -o -Prelease -DskipTests -Dopenenv4j.interop.skip=true -Dlicense.skipAggregateAddThirdParty=true)
mapfile -t api < <("$root/scripts/api-baseline.sh")
args+=("${api[@]}")
# The time the staged build used (release.sh records it), else the commit's, as release.sh takes it.
stamp=$(cat "$root/target/staging.timestamp" 2>/dev/null || git -C "$root" log -1 --format=%cI 2>/dev/null || true)
[ -n "$stamp" ] && args+=("-Dproject.build.outputTimestamp=$stamp")
list=$(IFS=,; echo "${modules[*]}")
echo "reproducible: rebuilding $list in $copy" >&2
(cd "$copy" && mvn "${args[@]}" -pl "$list" -am package) >&2

differ=0 compared=0
for m in "${modules[@]}"; do
  for classifier in "" -sources -javadoc; do
    rebuilt=$(ls "$copy/$m/target/$m"-*"$classifier".jar 2>/dev/null | grep -v -e '-sources\.jar$' -e '-javadoc\.jar$' -e '-tests\.jar$' | head -n 1 || true)
    [ -n "$classifier" ] && rebuilt=$(ls "$copy/$m/target/$m"-*"$classifier".jar 2>/dev/null | head -n 1 || true)
    staged=$(ls "$staging/$m"/*/"$m"-*"$classifier".jar 2>/dev/null | sort | { if [ -z "$classifier" ]; then grep -v -e '-sources\.jar$' -e '-javadoc\.jar$'; else cat; fi; } | tail -n 1 || true)
    if [ -z "$rebuilt" ] || [ -z "$staged" ]; then
      echo "reproducible: $m$classifier: missing (rebuilt: ${rebuilt:-none}, staged: ${staged:-none})"; differ=1; continue
    fi
    compared=$((compared + 1))
    if ! cmp -s "$rebuilt" "$staged"; then
      differ=1
      echo "reproducible: $m$classifier.jar differs between two builds:"
      diff <(unzip -lv "$staged" | awk 'NR>3 {print $7, $8, $1}') <(unzip -lv "$rebuilt" | awk 'NR>3 {print $7, $8, $1}') | head -n 20 || true
    fi
  done
done
[ "$differ" = 0 ] || exit 1
echo "reproducible: $compared jars of ${#modules[@]} modules are byte-identical on rebuild"
