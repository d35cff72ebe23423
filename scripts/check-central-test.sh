#!/usr/bin/env bash
# Shows that scripts/CheckCentral.java refuses bundles Central would refuse: on a copy of the staged bundle
# (scripts/release.sh first) with a javadoc jar removed, a checksum wrong, a POM without <description> and a
# module dropped from the BOM, it must report each of those; asked for signatures on an unsigned bundle, it
# must report the missing .asc files; the intact copy must pass.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
. "$root/scripts/jdk.sh"
openenv4j_find_jdk || exit 1
staging="$root/target/staging"
[ -d "$staging/io/openenv4j" ] || { echo "check-central-test: nothing staged; run scripts/release.sh first" >&2; exit 1; }
copy=$(mktemp -d /tmp/openenv4j-check-central.XXXXXX); trap 'rm -rf "$copy"' EXIT
cp -r "$staging/." "$copy/"
check() { "$JAVA_HOME/bin/java" "$root/scripts/CheckCentral.java" "$copy" "$@"; }
fail() { echo "check-central-test: $*" >&2; exit 1; }
newest() { ls "$copy/io/openenv4j/$1"/*/"$1"-*"$2" | sort | tail -n 1; }

check >/dev/null || fail "the intact staged bundle does not pass"

rm "$(newest openenv4j-core -javadoc.jar)"
echo 0000 > "$(newest openenv4j-wire -sources.jar).sha1"
pom=$(newest openenv4j-mcp .pom); sed -i '0,/<description>.*<\/description>/{/<description>.*<\/description>/d}' "$pom"
bom=$(newest openenv4j-bom .pom); python3 - "$bom" <<'PY'
import re, sys
p = sys.argv[1]; s = open(p).read()
s = re.sub(r"\s*<dependency>\s*<groupId>io\.openenv4j</groupId>\s*<artifactId>openenv4j-client</artifactId>.*?</dependency>", "", s, count=1, flags=re.S)
open(p, "w").write(s)
PY
if out=$(check); then fail "a broken bundle passed"; fi
for expected in "openenv4j-core: missing openenv4j-core-.*-javadoc.jar" \
                "openenv4j-wire-.*-sources.jar: .sha1 does not match its content" \
                "openenv4j-mcp: POM has no <description>" \
                "openenv4j-bom does not list the published module openenv4j-client"; do
  echo "$out" | grep -q -- "$expected" || { echo "$out" >&2; fail "expected a problem matching '$expected'"; }
done

rm -rf "$copy"/*; cp -r "$staging/." "$copy/"
if out=$(check --signed); then fail "an unsigned bundle passed a check for signatures"; fi
echo "$out" | grep -q "openenv4j-server-.*\.jar: no .asc signature" || { echo "$out" >&2; fail "missing signatures were not reported"; }
echo "check-central-test: the Central check refuses a missing javadoc jar, a wrong checksum, a POM without description, an incomplete BOM and missing signatures"
