#!/usr/bin/env bash
# The semantic-versioning baseline of the public Java API (docs/releasing.md).
#
# Builds the jars of openenv4j-core, -wire, -client and -testkit at the git revision recorded in the parent
# POM (openenv4j.api.baseline.revision) once, into ~/.cache/openenv4j/api-baseline/<revision>/, and prints
# the Maven arguments of the release build:
#   -Dopenenv4j.api.baseline.dir=<that folder>
#   -Dopenenv4j.api.skip=true   only when this version's API line (the major version, or 0.minor before 1.0)
#                               has moved past the baseline's (openenv4j.api.baseline.version): that is
#                               when an incompatible change is allowed.
# After the first release the baseline revision is that release's tag; moving it is how a release is
# taken as the new baseline.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
. "$root/scripts/jdk.sh"
openenv4j_find_jdk >/dev/null || exit 1

pom_value() { sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" "$root/pom.xml" | head -n 1; }
revision=$(pom_value openenv4j.api.baseline.revision)
baseline_version=$(pom_value openenv4j.api.baseline.version)
version=$(sed -n '/<artifactId>openenv4j-parent<\/artifactId>/{n;s:.*<version>\(.*\)</version>.*:\1:p;}' "$root/pom.xml" | head -n 1)
[ -n "$revision" ] && [ -n "$baseline_version" ] && [ -n "$version" ] || {
  echo "api-baseline: could not read the version or the baseline properties from $root/pom.xml" >&2; exit 1; }

api_line() { # 1.4.2 -> 1, 0.3.1-SNAPSHOT -> 0.3
  local major minor
  major=$(echo "$1" | cut -d. -f1); minor=$(echo "$1" | cut -d. -f2 | sed 's/[^0-9].*//')
  if [ "$major" = 0 ]; then echo "0.$minor"; else echo "$major"; fi
}

modules=(openenv4j-core openenv4j-wire openenv4j-client openenv4j-testkit)
cache=${OPENENV4J_API_BASELINE_CACHE:-$HOME/.cache/openenv4j/api-baseline}
dir="$cache/$revision"
complete() { local m; for m in "${modules[@]}"; do [ -s "$dir/$m.jar" ] || return 1; done; }

if ! complete; then
  git -C "$root" cat-file -e "$revision^{commit}" 2>/dev/null \
    || git -C "$root" fetch -q --depth=1 origin "$revision" 2>/dev/null \
    || { echo "api-baseline: revision $revision is not in this clone (a shallow clone?); fetch it or clone with history." >&2; exit 1; }
  echo "api-baseline: building the API baseline of $revision into $dir (once)..." >&2
  work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
  git -C "$root" archive "$revision" | tar -x -C "$work"
  list=$(IFS=,; echo "${modules[*]}")
  (cd "$work" && mvn -B -ntp -q -DskipTests -Dopenenv4j.interop.skip=true -Dmaven.javadoc.skip=true \
      -pl "$list" -am package) >&2 || { echo "api-baseline: the baseline build failed" >&2; exit 1; }
  mkdir -p "$cache"; staged=$(mktemp -d "$cache/.tmp.XXXXXX")
  for m in "${modules[@]}"; do
    jar=$(ls "$work/$m/target/$m-"*.jar | grep -v -e '-sources\.jar$' -e '-javadoc\.jar$' -e '-tests\.jar$' | head -n 1)
    cp "$jar" "$staged/$m.jar"
  done
  rm -rf "$dir"; mv "$staged" "$dir"
fi

echo "-Dopenenv4j.api.baseline.dir=$dir"
if [ "$(api_line "$version")" != "$(api_line "$baseline_version")" ]; then
  echo "api-baseline: version $version is past the baseline's API line ($baseline_version): incompatible changes allowed" >&2
  echo "-Dopenenv4j.api.skip=true"
fi
