#!/usr/bin/env bash
# Creates openenv4j-tasks/target/hub-venv with Python huggingface_hub (from PyPI), for the opt-in
# HuggingfaceHubInteropTest:
#   openenv4j-tasks/scripts/hub-interop-venv.sh
#   mvn -B -ntp -pl openenv4j-tasks -am verify -Dtest=HuggingfaceHubInteropTest -Dsurefire.failIfNoSpecifiedTests=false \
#       -Dopenenv4j.hf.python=openenv4j-tasks/target/hub-venv/bin/python -Dopenenv4j.interop.skip=true
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
venv="$here/target/hub-venv"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/pip" install -q --disable-pip-version-check huggingface_hub
"$venv/bin/python" -c "import huggingface_hub; print('huggingface_hub', huggingface_hub.__version__)"
