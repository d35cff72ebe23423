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
staging="$root/target/staging"
[ -d "$staging/io/openenv4j/openenv4j-bom" ] || { echo "consumer-test: nothing staged in $staging; run scripts/release.sh first" >&2; exit 1; }
seed=${OPENENV4J_SEED_REPOSITORY:-$HOME/.m2/repository}
[ -d "$seed" ] || { echo "consumer-test: no local repository at $seed to take third-party artifacts from (OPENENV4J_SEED_REPOSITORY)" >&2; exit 1; }
version=$(sed -n '/<artifactId>openenv4j-parent<\/artifactId>/{n;s:.*<version>\(.*\)</version>.*:\1:p;}' "$root/pom.xml" | head -n 1)

work=$(mktemp -d /tmp/openenv4j-consumer.XXXXXX); trap 'rm -rf "$work"' EXIT
cp -r "$root/examples/consumer" "$work/project"
rm -rf "$work/project/target"
mkdir -p "$work/repository"
(cd "$seed" && tar -c --exclude=./io/openenv4j .) | tar -x -C "$work/repository"
cat > "$work/settings.xml" <<XML
<settings>
  <profiles>
    <profile>
      <id>staged-openenv4j</id>
      <repositories>
        <repository>
          <id>openenv4j-staging</id><url>file://$staging</url>
          <snapshots><enabled>true</enabled></snapshots>
        </repository>
      </repositories>
    </profile>
  </profiles>
  <activeProfiles><activeProfile>staged-openenv4j</activeProfile></activeProfiles>
  <mirrors>
    <!-- Every other repository (Maven Central included) points at the staging folder too, so nothing comes
         from the network; id 'central': the seeded third-party artifacts are recorded as coming from it. -->
    <mirror><id>central</id><mirrorOf>*,!openenv4j-staging</mirrorOf><url>file://$staging</url></mirror>
  </mirrors>
</settings>
XML

echo "consumer-test: building examples/consumer against OpenEnv4j $version from $staging only" >&2
(cd "$work/project" && mvn -B -ntp -s "$work/settings.xml" -Dmaven.repo.local="$work/repository" \
    -Dopenenv4j.version="$version" verify)

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
