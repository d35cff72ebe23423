#!/usr/bin/env bash
# Runs every test: unit tests of each module, then the integration and interop suites in openenv4j-it
# (which create a Python virtual environment under openenv4j-it/target/pyref with openenv-core from PyPI),
# as part of the release build (scripts/release.sh: sources and javadoc jars, license and API baseline checks,
# the bundle staged in target/staging and checked against Maven Central's requirements); then the release
# checks on that bundle: the Central check's own test, a project outside the build resolving everything
# from the staged bundle alone, byte-identical rebuilds and the API check failing on an incompatible change
# (docs/releasing.md). Extra arguments go to Maven, e.g. ./test.sh -Dopenenv4j.interop.skip=true
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
. "$root/scripts/jdk.sh"
openenv4j_find_jdk || exit 1
command -v mvn >/dev/null 2>&1 || { echo "test.sh: needs Maven 3.8+ ('apt-get install maven')." >&2; exit 1; }
echo "test.sh: JDK at $JAVA_HOME" >&2
cd "$root"
# openenv4j-kubernetes's tests against a real kube-apiserver are off by default for now (docs/scale-out.md); to run
# them: scripts/kube-binaries.sh (once, cached in ~/.cache/openenv4j/kube), then -Dopenenv4j.kube.skip=false.
scripts/release.sh --no-clean "$@"
scripts/check-central-test.sh
scripts/consumer-test.sh
scripts/reproducible.sh
scripts/api-check-test.sh
