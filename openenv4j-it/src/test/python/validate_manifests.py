#!/usr/bin/env python3
"""Runs the newest reference's `openenv validate` command (its own Typer app, in one process) on each package.

Usage: python validate_manifests.py DIR=URL [DIR=URL ...]

For each pair: `openenv validate DIR --level static --skip-build --json` (the openenv.yaml manifest and its
`validation:` block) and `openenv validate --url URL --json` (the running server). The commands run in-process through
Typer's CliRunner, so the interpreter starts once for all environments.

Output (stdout, one JSON document): {DIR: {"manifest": {"exit_code", "report"}, "url": {"exit_code", "report"}}}.
"""

import json
import sys

from openenv.cli.__main__ import app
from typer.testing import CliRunner


def invoke(runner, args):
    result = runner.invoke(app, args)
    try:
        report = json.loads(result.stdout)
    except ValueError:
        report = {"unparsed": result.stdout, "exception": repr(result.exception)}
    return {"exit_code": result.exit_code, "report": report}


def main() -> int:
    runner = CliRunner()
    out = {}
    for pair in sys.argv[1:]:
        directory, url = pair.split("=", 1)
        out[directory] = {
            "manifest": invoke(runner, ["validate", directory, "--level", "static", "--skip-build", "--json"]),
            "url": invoke(runner, ["validate", "--url", url, "--json", "--timeout", "30"]),
        }
    json.dump(out, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
