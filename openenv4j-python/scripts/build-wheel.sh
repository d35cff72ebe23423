#!/usr/bin/env bash
# Build the openenv4j wheel (run by this module's Maven build at `package`).
#
#   build-wheel.sh <cli-jar> <maven-version> <out-dir> [<entry-time, ISO 8601>]
#
# Stages the package (pyproject.toml, README.md, src/, the repository's LICENSE) under <out-dir>/wheel-src with
# the command-line jar as src/openenv4j/_jar/openenv4j.jar and src/openenv4j/_version.py holding the Maven version
# in PEP 440 form (0.1.0-SNAPSHOT -> 0.1.0.dev0, 0.1.0-rc1 -> 0.1.0rc1), then builds it with hatchling (pinned
# below, installed into <out-dir>/build-venv from PyPI once by tool-venv.sh; a marker skips the network) into
# <out-dir>/dist. Every entry carries the given time (SOURCE_DATE_EPOCH), so the same inputs give the same bytes.
set -euo pipefail
die() { echo "build-wheel: ERROR: $*" >&2; exit 1; }
[ $# -ge 3 ] && [ $# -le 4 ] || die "usage: $(basename "$0") <cli-jar> <maven-version> <out-dir> [<entry-time>]"
JAR=$1 MAVEN_VERSION=$2 OUT=$3 STAMP=${4:-}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
[ -f "$JAR" ] || die "the command-line jar $JAR is missing (build openenv4j-cli first)"
mkdir -p "$OUT" && OUT=$(cd "$OUT" && pwd)
HATCHLING="hatchling==1.33.0"

VENV="$OUT/build-venv"
bash "$HERE/scripts/tool-venv.sh" "$VENV" "$HATCHLING" || die "cannot make the build venv $VENV"

VERSION=$("$VENV/bin/python" - "$MAVEN_VERSION" <<'PY'
import re, sys
m = re.fullmatch(r"(\d+(?:\.\d+)*)(?:-(SNAPSHOT|(alpha|beta|rc|a|b|cr|m)-?(\d*)))?", sys.argv[1], re.IGNORECASE)
if not m:
    sys.exit(f"build-wheel: cannot map Maven version {sys.argv[1]!r} to PEP 440")
base, qualifier, kind, number = m.groups()
if qualifier is None:
    print(base)
elif qualifier.upper() == "SNAPSHOT":
    print(f"{base}.dev0")
else:
    print(base + {"alpha": "a", "a": "a", "beta": "b", "b": "b", "m": "a", "rc": "rc", "cr": "rc"}[kind.lower()] + (number or "0"))
PY
) || die "version mapping failed"

STAGE="$OUT/wheel-src"
rm -rf "$STAGE" "$OUT/dist"
mkdir -p "$STAGE/src/openenv4j/_jar" "$OUT/dist"
cp "$HERE/pyproject.toml" "$HERE/README.md" "$HERE/../LICENSE" "$STAGE/"
# every module of the package folder (caches left out)
(cd "$HERE/src" && find openenv4j -type f ! -path '*/__pycache__/*' ! -name '*.pyc' -print0 | xargs -0 -I{} cp --parents {} "$STAGE/src/")
cp "$JAR" "$STAGE/src/openenv4j/_jar/openenv4j.jar"
printf '# Written by the build (scripts/build-wheel.sh) from the Maven version %s.\n__version__ = "%s"\n' \
  "$MAVEN_VERSION" "$VERSION" > "$STAGE/src/openenv4j/_version.py"

if [ -n "$STAMP" ]; then
  SOURCE_DATE_EPOCH=$("$VENV/bin/python" -c 'import datetime,sys; print(int(datetime.datetime.fromisoformat(sys.argv[1].replace("Z","+00:00")).timestamp()))' "$STAMP")
  export SOURCE_DATE_EPOCH
fi
(cd "$STAGE" && "$VENV/bin/python" -m pip wheel --disable-pip-version-check --no-input --quiet --no-deps \
  --no-build-isolation -w "$OUT/dist" .) || die "building the wheel failed"
WHEEL=$(ls "$OUT"/dist/openenv4j-"$VERSION"-py3-none-any.whl 2>/dev/null) || die "no wheel in $OUT/dist"
echo "build-wheel: $WHEEL ($(( $(stat -c %s "$WHEEL") / 1024 )) KiB; the jar $(( $(stat -c %s "$JAR") / 1024 )) KiB)"
