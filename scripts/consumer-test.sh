#!/usr/bin/env bash
# Builds and tests examples/consumer (a project outside the build, as a Java team's own would be) against the
# release bundle staged by scripts/release.sh, and nothing else of this clone:
#   * the project is copied to a temporary folder outside the clone;
#   * it gets its own local repository, seeded from ~/.m2/repository with third-party artifacts only (Maven
#     plugins, Jackson, Vert.x, JUnit...); io/openenv4j is left out, so every OpenEnv4j artifact must come
#     from the staging repository;
#   * its settings mirror every repository to the staging folder, so nothing is fetched from the network.
# The test serves the project's own environment and a built-in one on loopback and drives them with the
# client; the testkit's contract test runs on the project's environment.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
. "$root/scripts/jdk.sh"
openenv4j_find_jdk || exit 1
. "$root/scripts/staged-repository.sh"

work=$(mktemp -d /tmp/openenv4j-consumer.XXXXXX); trap 'rm -rf "$work"' EXIT
openenv4j_staged_setup "$work"
cp -r "$root/examples/consumer" "$work/project"
rm -rf "$work/project/target"

echo "consumer-test: building examples/consumer against OpenEnv4j $version from $staging only" >&2
(cd "$work/project" && "${staged_mvn[@]}" verify)

# Every OpenEnv4j artifact the build used came from the staging repository, and the tests really ran.
for m in openenv4j-bom openenv4j-parent openenv4j-core openenv4j-server openenv4j-client openenv4j-envs openenv4j-testkit; do
  ls "$work/repository/io/openenv4j/$m/$version/"*.pom >/dev/null 2>&1 \
    || { echo "consumer-test: $m was not resolved from the staging repository" >&2; exit 1; }
done
if grep -rq -- "$root/openenv4j-" "$work/project/target/surefire-reports" 2>/dev/null; then
  echo "consumer-test: the test class path names the clone's build output" >&2; exit 1
fi
ran=$(cat "$work/project/target/surefire-reports/"*.txt | sed -n 's/^Tests run: \([0-9]*\), Failures: 0, Errors: 0.*/\1/p' | paste -sd+ | bc)
[ "${ran:-0}" -ge 3 ] || { echo "consumer-test: expected the consumer's tests to run, counted ${ran:-0}" >&2; exit 1; }
echo "consumer-test: $ran tests of examples/consumer passed against the staged OpenEnv4j $version"
