#!/usr/bin/env bash
# `openenv4j init` end to end, as a new user would go (docs/authoring.md): generates the project `counter` outside the
# clone, builds it and runs its tests against the release bundle staged by scripts/release.sh alone (as
# scripts/consumer-test.sh does), checks that its openenv.yaml is what `openenv4j manifest` says of the built
# environment, serves it with `openenv4j serve counter --classpath <its jar>` and passes `openenv4j validate` against
# the server with its oracle, then serves it from its own Main (the image's command) and asks /health.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
. "$root/scripts/jdk.sh"
openenv4j_find_jdk || exit 1
. "$root/scripts/staged-repository.sh"
cli="$root/openenv4j-cli/target/openenv4j.jar"
[ -f "$cli" ] || { echo "init-test: no $cli; run scripts/release.sh first" >&2; exit 1; }
java=("$JAVA_HOME/bin/java")

work=$(mktemp -d /tmp/openenv4j-init.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
openenv4j_staged_setup "$work"

# Waits for a server's "Serving '<env>' at http://..." line in $1 (written by process $2) and prints the URL.
served_url() {
  local log=$1 pid=$2
  for _ in $(seq 1 600); do
    url=$(sed -n "s/^Serving '[^']*' at \(http:[^ ]*\) .*/\1/p" "$log" | head -n 1)
    [ -n "$url" ] && { echo "$url"; return 0; }
    kill -0 "$pid" 2>/dev/null || { echo "init-test: the server exited:" >&2; cat "$log" >&2; return 1; }
    sleep 0.1
  done
  echo "init-test: the server did not start in 60 s:" >&2; cat "$log" >&2; return 1
}

echo "init-test: openenv4j init counter, built against OpenEnv4j $version from $staging only" >&2
(cd "$work" && "${java[@]}" -jar "$cli" init counter)
project="$work/counter"
(cd "$project" && "${staged_mvn[@]}" verify)
ran=$(cat "$project/target/surefire-reports/"*.txt | sed -n 's/^Tests run: \([0-9]*\), Failures: 0, Errors: 0.*/\1/p' | paste -sd+ | bc)
[ "${ran:-0}" -ge 5 ] || { echo "init-test: expected the generated project's tests to run, counted ${ran:-0}" >&2; exit 1; }
if grep -rq -- "$root/openenv4j-" "$project/target/surefire-reports" 2>/dev/null; then
  echo "init-test: the test class path names the clone's build output" >&2; exit 1
fi
jar="$project/target/counter-0.1.0-SNAPSHOT.jar"

# The generated manifest is what the manifest generator says of the environment once built.
"${java[@]}" -jar "$cli" manifest counter --classpath "$jar" > "$work/manifest.yaml"
diff -u "$project/openenv.yaml" "$work/manifest.yaml" || { echo "init-test: openenv.yaml differs from openenv4j manifest" >&2; exit 1; }
"${java[@]}" -jar "$cli" envs --classpath "$jar" > "$work/envs.txt" 2> "$work/envs.err"
grep -q '^counter ' "$work/envs.txt" || { echo "init-test: openenv4j envs --classpath does not list counter" >&2; exit 1; }
[ ! -s "$work/envs.err" ] || { echo "init-test: openenv4j envs reported problems:" >&2; cat "$work/envs.err" >&2; exit 1; }

# Served by the command line from the project's jar, and validated over the wire with its oracle.
"${java[@]}" -jar "$cli" serve counter --classpath "$jar" --host 127.0.0.1 --port 0 > "$work/serve.log" 2>&1 &
pids+=($!); server=$!
url=$(served_url "$work/serve.log" "$server")
"${java[@]}" -jar "$cli" validate "$url" --oracle counter --classpath "$jar" --pid "$server" --quiet --json "$work/report.json" \
  || { echo "init-test: openenv4j validate failed against the served counter:" >&2; cat "$work/report.json" >&2; exit 1; }
kill -TERM "$server"; wait "$server" || true

# Served by its own Main (the image's command) through the Launcher, with OpenEnv4j on the class path.
PORT=0 HOST=127.0.0.1 "${java[@]}" -cp "$cli:$jar" com.example.counter.Main > "$work/main.log" 2>&1 &
pids+=($!); main=$!
url=$(served_url "$work/main.log" "$main")
port=${url##*:}
exec 3<>"/dev/tcp/127.0.0.1/$port"
printf 'GET /health HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3
health=$(cat <&3); exec 3<&-
case "$health" in
  "HTTP/1."?" 200"*'{"status":"healthy"}') ;;
  *) echo "init-test: $url/health answered: $health" >&2; exit 1 ;;
esac
kill -TERM "$main"; wait "$main" || true

# What a new user types in a clone (the issue's words): ./openenv4j init, then a plain `mvn -q verify` in the project.
# The launcher publishes the clone's build to target/local-repository and the generated pom resolves OpenEnv4j from
# there; third-party artifacts come from the user's own Maven set-up (~/.m2, Maven Central).
(cd "$work" && "$root/openenv4j" init plain-counter >/dev/null)
grep -q "$root/target/local-repository" "$work/plain-counter/pom.xml" \
  || { echo "init-test: ./openenv4j init did not point the project at the clone's local repository" >&2; exit 1; }
(cd "$work/plain-counter" && mvn -q -B -ntp verify > "$work/plain.log" 2>&1) \
  || { echo "init-test: mvn -q verify failed in a project made by ./openenv4j init:" >&2; tail -40 "$work/plain.log" >&2; exit 1; }
[ -f "$work/plain-counter/target/plain-counter-0.1.0-SNAPSHOT.jar" ] || { echo "init-test: plain-counter built no jar" >&2; exit 1; }
echo "init-test: the generated counter project built, passed its $ran tests, served and passed openenv4j validate;"\
  "./openenv4j init plus mvn -q verify also passes"
