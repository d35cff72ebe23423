#!/usr/bin/env bash
# Runs the JMH microbenchmarks of the hot paths (io.openenv4j.bench.jmh) after building the bench module.
# Arguments go to JMH, e.g.:  openenv4j-bench/scripts/jmh.sh HotPathBenchmarks.wholeStep -p payloadBytes=16
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
. "$root/scripts/jdk.sh"
openenv4j_find_jdk || exit 1
(cd "$root" && mvn -q -B -ntp -pl openenv4j-bench -am package -DskipTests -Dopenenv4j.interop.skip=true)
bench="$root/openenv4j-bench/target"
exec "$JAVA_HOME/bin/java" -cp "$bench/classes:$(cat "$bench/jmh-classpath.txt")" org.openjdk.jmh.Main "$@"
