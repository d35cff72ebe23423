"""Helpers of the package's tests: they run against the installed wheel in a fresh venv (scripts/test-wheel.sh)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

import openenv4j
from openenv.core.generic_client import GenericEnvClient

JAR = str(openenv4j.jar_path())


def server_pids() -> set[int]:
    """Processes running this installation's jar (other venvs and builds use other paths)."""
    pids = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmdline = (entry / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if JAR.encode() in cmdline:
                pids.add(int(entry.name))
    return pids


def gone(pid: int, within: float = 60.0) -> bool:
    """Whether process ``pid`` is gone (a zombie counts as gone), waiting up to ``within`` seconds."""
    deadline = time.monotonic() + within
    while True:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (FileNotFoundError, ProcessLookupError):
            return True
        if state == "Z":
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)


def play_wordle(url: str) -> list:
    """A won game of wordle with the reference's client: [feedback after the first guess, reward, done]."""
    with GenericEnvClient(base_url=url).sync() as env:
        env.reset(seed=1, answer="abbey")
        first = env.step({"guess": "babes"})
        last = env.step({"guess": "abbey"})
        return [first.observation["feedback"], last.reward, last.done, env.state()["status"]]


def play_cartpole(url: str) -> list:
    """CartPole played with the reference's client, following the pole's lean (docs/envs/classic-control.md):
    [steps, return, done, truncated]."""
    with GenericEnvClient(base_url=url).sync() as env:
        result = env.reset(seed=7)
        steps, total = 0, 0.0
        while not result.done and steps < 1000:
            o = result.observation
            result = env.step({"action": 1 if o["pole_angle"] + 0.1 * o["pole_angular_velocity"] > 0 else 0})
            steps += 1
            total += result.reward
        return [steps, total, result.done, result.observation["truncated"]]


def pytest_configure(config):
    config.addinivalue_line("markers", "reference: drives servers with the reference's clients (run in every "
                            "reference's venv; the other tests run in the first one only, see scripts/test-wheel.sh)")


@pytest.fixture(autouse=True)
def no_server_left_behind():
    before = server_pids()
    yield
    left = {pid for pid in server_pids() - before if not gone(pid, within=30)}
    assert not left, f"servers left running: {left}"


def run_python(code: str, env: dict | None = None, **kwargs) -> subprocess.CompletedProcess:
    """Runs ``code`` in a child interpreter of this venv."""
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300,
                          **kwargs)


def without_machine_java() -> dict:
    """The environment of a child that has no JDK: no JAVA_HOME, PATH = only this venv's scripts."""
    env = {k: v for k, v in os.environ.items() if k != "JAVA_HOME"}
    env["PATH"] = str(Path(sys.executable).parent)
    return env
