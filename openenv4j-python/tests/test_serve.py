"""openenv4j.serve on the machine's JDK (JAVA_HOME), driven by the reference's clients of this venv."""

from __future__ import annotations

import importlib.metadata
import json
import os
import signal
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

import openenv4j
from conftest import gone, play_cartpole, play_wordle, run_python, server_pids

WORDLE_WON = [["YYGG_"], 1.0, True, "won"]
CARTPOLE_BALANCED = [500, 500.0, True, True]


def test_the_package_is_the_installed_wheel_with_the_build_version():
    assert Path(openenv4j.__file__).resolve().is_relative_to(Path(sys.prefix).resolve())
    maven = os.environ["OPENENV4J_MAVEN_VERSION"]
    assert openenv4j.__version__ == (maven[:-len("-SNAPSHOT")] + ".dev0" if maven.endswith("-SNAPSHOT") else maven)
    assert importlib.metadata.version("openenv4j") == openenv4j.__version__


def test_the_machines_jdk_is_chosen_when_java_home_names_one():
    runtime = openenv4j.find_java()
    assert runtime.source == "JAVA_HOME"
    assert runtime.home == Path(os.environ["JAVA_HOME"]).resolve()
    assert runtime.version >= 21


@pytest.mark.reference
def test_wordle_and_cartpole_served_at_once_are_played_by_the_reference_client():
    with openenv4j.serve("wordle") as wordle, openenv4j.serve("cartpole") as cartpole:
        assert wordle != cartpole
        assert play_wordle(wordle) == WORDLE_WON
        assert play_cartpole(cartpole) == CARTPOLE_BALANCED
        assert len(server_pids()) >= 2


def test_the_server_runs_on_the_chosen_java_and_is_gone_after_the_block():
    server = openenv4j.serve("wordle")
    with server as url:
        pid = server.process.pid
        assert Path(f"/proc/{pid}/exe").resolve() == server.runtime.java
        assert urllib.request.urlopen(url + "/health").status == 200
    assert gone(pid, within=0)
    assert not server.running


def test_port_zero_gives_each_server_its_own_bound_port_named_in_the_url():
    with openenv4j.serve("wordle", port=0) as a, openenv4j.serve("wordle", port=0) as b:
        ports = {int(a.rsplit(":", 1)[1]), int(b.rsplit(":", 1)[1])}
        assert len(ports) == 2 and 0 not in ports
        for url in (a, b):
            assert json.load(urllib.request.urlopen(url + "/health")) == {"status": "healthy"}


def test_a_given_port_is_the_one_served():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = openenv4j.serve("cartpole", port=port)
    with server as url:
        assert url == f"http://127.0.0.1:{port}" and server.port == port


@pytest.mark.reference
def test_keyword_options_become_serve_flags():
    # --mode production: no HTTP /reset (WebSocket sessions only)
    with openenv4j.serve("wordle", mode="production", web=False, max_sessions=4) as url:
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(urllib.request.Request(url + "/reset", data=b"{}", method="POST",
                                                          headers={"content-type": "application/json"}))
        assert play_wordle(url) == WORDLE_WON
    with openenv4j.serve("wordle") as url:
        reset = urllib.request.urlopen(urllib.request.Request(url + "/reset", data=b"{}", method="POST",
                                                              headers={"content-type": "application/json"}))
        assert reset.status == 200


def test_an_unknown_environment_raises_with_the_servers_own_message():
    with pytest.raises(openenv4j.ServerError, match="Unknown environment 'no-such-env'"):
        openenv4j.serve("no-such-env").start()


def test_an_unknown_option_raises_with_the_servers_own_message():
    with pytest.raises(openenv4j.ServerError, match="--no-such-flag"):
        openenv4j.serve("wordle", no_such_flag=3).start()


def test_an_exception_in_the_with_block_stops_the_server():
    server = openenv4j.serve("wordle")
    with pytest.raises(KeyboardInterrupt):
        with server:
            pid = server.process.pid
            raise KeyboardInterrupt
    assert gone(pid, within=0)


def _child_serving(code_after: str, with_block: bool = False) -> subprocess.Popen:
    """A child interpreter that serves wordle (in a ``with`` block or started by hand), prints the server's
    pid, then runs ``code_after``."""
    if with_block:
        code = ("import openenv4j, sys, time\n"
                "server = openenv4j.serve('wordle')\n"
                "with server:\n"
                "    print(server.process.pid, flush=True)\n"
                + "".join("    " + line + "\n" for line in code_after.splitlines()))
    else:
        code = ("import openenv4j, sys, time\n"
                "server = openenv4j.serve('wordle')\n"
                "server.start()\n"
                "print(server.process.pid, flush=True)\n" + code_after)
    return subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, start_new_session=True)


def test_ctrl_c_in_a_terminal_stops_the_script_and_its_server():
    child = _child_serving("time.sleep(300)", with_block=True)
    pid = int(child.stdout.readline())
    os.killpg(child.pid, signal.SIGINT)  # what a terminal's Ctrl+C sends: the foreground process group
    assert child.wait(120) != 0
    assert gone(pid, within=0)


def test_interpreter_exit_without_stop_stops_the_server():
    child = _child_serving("sys.exit(0)\n")
    pid = int(child.stdout.readline())
    assert child.wait(120) == 0
    assert gone(pid, within=0)


def test_a_killed_parent_leaves_no_server():
    child = _child_serving("time.sleep(300)\n")
    pid = int(child.stdout.readline())
    child.kill()  # SIGKILL: no atexit, no finally; the server sees its standard input close
    child.wait()
    assert gone(pid, within=60)


def test_the_console_script_has_the_command_lines_commands():
    script = Path(sys.executable).parent / "openenv4j"
    envs = subprocess.run([str(script), "envs"], capture_output=True, text=True, timeout=120)
    assert envs.returncode == 0, envs.stderr
    assert "wordle" in envs.stdout and "cartpole" in envs.stdout
    version = subprocess.run([str(script), "--version"], capture_output=True, text=True, timeout=120)
    assert "openenv4j " + os.environ["OPENENV4J_MAVEN_VERSION"] in version.stdout
    module = run_python("import sys; from openenv4j._cli import main; sys.exit(main(['serve', '--help']))")
    assert module.returncode == 0 and "--stop-on-stdin-close" in module.stdout


def test_the_wheel_ships_the_vector_client_and_its_dependency_and_steps_remote_cartpoles():
    from openenv4j import vector

    assert Path(vector.__file__).resolve().is_relative_to(Path(sys.prefix).resolve())
    with openenv4j.serve("cartpole") as url:
        envs = vector.VectorEnv(url, 4)
        try:
            observations, _ = envs.reset(seed=7)
            assert len(observations) == 4
            total = 0
            for _ in range(20):
                _, rewards, _, _, _ = envs.step([1, 0, 1, 0])
                total += sum(float(r) for r in rewards)
            assert total > 0
        finally:
            envs.close()
