# Sourced by scripts/consumer-test.sh and scripts/init-test.sh: sets up a Maven build outside the clone that resolves
# OpenEnv4j from the release bundle staged by scripts/release.sh (target/staging) and nothing else of the clone.
#   openenv4j_staged_setup WORK   creates WORK/repository (a local repository seeded from ~/.m2/repository with
#                                 third-party artifacts only: io/openenv4j is left out) and WORK/settings.xml (every
#                                 repository mirrored to the staging folder, so nothing comes from the network);
#                                 sets $staging, $version (the clone's) and $staged_mvn (mvn with both).
openenv4j_staged_setup() {
  local work=$1
  staging="$root/target/staging"
  [ -d "$staging/io/openenv4j/openenv4j-bom" ] || { echo "$(basename "$0"): nothing staged in $staging; run scripts/release.sh first" >&2; return 1; }
  local seed=${OPENENV4J_SEED_REPOSITORY:-$HOME/.m2/repository}
  [ -d "$seed" ] || { echo "$(basename "$0"): no local repository at $seed to take third-party artifacts from (OPENENV4J_SEED_REPOSITORY)" >&2; return 1; }
  version=$(sed -n '/<artifactId>openenv4j-parent<\/artifactId>/{n;s:.*<version>\(.*\)</version>.*:\1:p;}' "$root/pom.xml" | head -n 1)
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
  staged_mvn=(mvn -B -ntp -s "$work/settings.xml" -Dmaven.repo.local="$work/repository" -Dopenenv4j.version="$version")
}
