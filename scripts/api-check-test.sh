#!/usr/bin/env bash
# Shows that the API baseline check (docs/releasing.md) fails the build on an incompatible change: in a copy
# of the sources, a public method of openenv4j-core (ResetRequest.longOption) is renamed, which removes it
# from the API; the release profile's build of openenv4j-core must then fail with japicmp's report naming
# it. The unmodified build passing the same check is shown by scripts/release.sh.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
. "$root/scripts/jdk.sh"
openenv4j_find_jdk || exit 1
copy=$(mktemp -d /tmp/openenv4j-api-check.XXXXXX); trap 'rm -rf "$copy"' EXIT
(cd "$root" && tar -c --exclude=./target --exclude='./*/target' --exclude=./.git pom.xml openenv4j-bom openenv4j-core) | tar -x -C "$copy"
# Only the parent and core are needed: keep the reactor to them.
sed -i '/<module>openenv4j-[a-z]*<\/module>/{/openenv4j-core\|openenv4j-bom/!d}' "$copy/pom.xml"

source="$copy/openenv4j-core/src/main/java/io/openenv4j/core/ResetRequest.java"
sed -i 's/public long longOption(String key, long fallback)/public long longOptionRenamed(String key, long fallback)/' "$source"
grep -q 'longOptionRenamed' "$source" || { echo "api-check-test: the change could not be applied: ResetRequest.longOption moved?" >&2; exit 1; }

mapfile -t api < <("$root/scripts/api-baseline.sh")
log="$copy/build.log"
if (cd "$copy" && mvn -B -ntp -o -Prelease -Dmaven.test.skip=true -Dmaven.javadoc.skip=true -Dmaven.source.skip=true \
      -Dlicense.skipAddThirdParty=true "${api[@]}" -pl openenv4j-core -am verify) >"$log" 2>&1; then
  echo "api-check-test: removing ResetRequest.longOption(String,long) did not fail the build" >&2; exit 1
fi
if ! grep -q 'japicmp' "$log" || ! grep -q 'longOption' "$log"; then
  echo "api-check-test: the build failed, but not on the API check:" >&2; tail -n 40 "$log" >&2; exit 1
fi
grep -m 3 -i -e 'incompatib' "$log" | sed 's/^/api-check-test: japicmp said: /' | cut -c1-300
echo "api-check-test: an incompatible change to openenv4j-core fails the build, as it should"
