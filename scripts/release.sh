#!/usr/bin/env bash
# The release command: builds the whole bundle (every published module with its sources and javadoc jars,
# the BOM and the parent POM, signed when a key is given), runs the tests, the third-party license check and
# the API baseline check, deploys the bundle to a local staging repository, target/staging, and checks it
# against Maven Central's requirements (scripts/CheckCentral.java). docs/releasing.md has the whole procedure.
#
#   scripts/release.sh                         clean build, all tests, stage, check
#   scripts/release.sh -DskipTests             the same without running the tests
#   OPENENV4J_GPG_KEY=<key id> scripts/release.sh   also signs every file (.asc); the passphrase, if any,
#                                              comes from MAVEN_GPG_PASSPHRASE
#   scripts/release.sh --no-clean ...          keeps earlier build output (./test.sh uses it, so the Python
#                                              reference's virtual environment under target/ is kept)
#
# Other arguments go to Maven. Every jar entry carries the time of the current commit
# (project.build.outputTimestamp), so the same commit builds the same bytes (scripts/reproducible.sh).
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
. "$root/scripts/jdk.sh"
openenv4j_find_jdk || exit 1
command -v mvn >/dev/null 2>&1 || { echo "release: needs Maven 3.8+ ('apt-get install maven')." >&2; exit 1; }

goals=(clean deploy)
if [ "${1:-}" = --no-clean ]; then goals=(deploy); shift; fi
staging="$root/target/staging"
rm -rf "$staging"

# deploy runs the install phase first; skip it: ~/.m2 must never receive a build of this clone (it would shadow
# the released artifacts and leak into other builds on the machine).
# Jars are always written anew (without a clean, an unchanged module would keep a jar stamped with an earlier
# commit's time).
args=(-B -ntp -Prelease "-DaltDeploymentRepository=staging::file://$staging" -Dmaven.install.skip=true
      -Dmaven.jar.forceCreation=true -Dmaven.source.forceCreation=true)
mapfile -t api < <("$root/scripts/api-baseline.sh")
args+=("${api[@]}")
if stamp=$(git -C "$root" log -1 --format=%cI 2>/dev/null) && [ -n "$stamp" ]; then
  args+=("-Dproject.build.outputTimestamp=$stamp")
fi
check=()
if [ -n "${OPENENV4J_GPG_KEY:-}" ]; then
  args+=("-Dgpg.keyname=$OPENENV4J_GPG_KEY"); check+=(--signed)
fi

echo "release: mvn ${goals[*]} ${args[*]} $*" >&2
(cd "$root" && mvn "${goals[@]}" "${args[@]}" "$@")
# The entry time the bundle was built with, for scripts/reproducible.sh (a commit made since must not count).
printf '%s\n' "${stamp:-}" > "$root/target/staging.timestamp"
"$JAVA_HOME/bin/java" "$root/scripts/CheckCentral.java" "$staging" "${check[@]}"
