#!/usr/bin/env bash
# Formats every Java source of the project (palantir-java-format through Spotless, as the build checks it).
#   scripts/format.sh          # formats in place
#   scripts/format.sh check    # only checks, as every build does
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/scripts/jdk.sh"
openenv4j_find_jdk || exit 1
cd "$root"
goal=${1:-apply}
exec mvn -B -ntp -q -pl '!openenv4j-bom' "spotless:$goal"
