"""Serving an environment from Python: the server is a child JVM, stopped however the parent ends."""

from __future__ import annotations

import atexit
import collections
import logging
import os
import re
import shlex
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.request
import warnings
from pathlib import Path
from typing import Any, Mapping, Sequence

from . import _runtime

_log = logging.getLogger("openenv4j")

# The start-up line of 'openenv4j serve' (ServeCommand), which holds the bound address.
_SERVING = re.compile(r"^Serving '[^']*' at (https?://\S+) \(WebSocket ")

_live: set["Server"] = set()
_live_lock = threading.Lock()


class ServerError(RuntimeError):
    """The server did not start (its output is in the message) or did not answer ``/health`` in time."""


def jar_path() -> Path:
    """The command-line jar shipped in this package (``$OPENENV4J_JAR`` names another one)."""
    override = os.environ.get("OPENENV4J_JAR")
    path = Path(override) if override else Path(__file__).parent / "_jar" / "openenv4j.jar"
    if not path.is_file():
        raise ServerError(f"the openenv4j command-line jar is missing: {path} (a broken installation? "
                          "reinstall with 'pip install --force-reinstall openenv4j')")
    return path


def java_command(runtime: _runtime.JavaRuntime, java_options: Sequence[str] = ()) -> list[str]:
    """``java [options] -jar <the jar>``; ``$OPENENV4J_JAVA_OPTS`` adds options as for ``./openenv4j``."""
    return [str(runtime.java), *shlex.split(os.environ.get("OPENENV4J_JAVA_OPTS", "")), *java_options,
            "-jar", str(jar_path())]


def _flags(options: Mapping[str, Any]) -> list[str]:
    """``serve`` flags from keyword arguments: ``max_sessions=8`` is ``--max-sessions 8``, ``web=False`` is
    ``--no-web``, ``offline=True`` is ``--offline``, lists are comma-joined, ``None`` is left out."""
    args: list[str] = []
    for name, value in options.items():
        flag = "--" + name.replace("_", "-")
        if value is None:
            continue
        if value is True:
            args.append(flag)
        elif value is False:
            args.append("--no-" + name.replace("_", "-"))
        elif isinstance(value, (list, tuple, set, frozenset)):
            args += [flag, ",".join(str(v) for v in value)]
        else:
            args += [flag, str(value)]
    return args


class Server:
    """One ``openenv4j serve`` process. Use :func:`serve` (``with serve("wordle") as url: ...``) or
    :meth:`start` and :meth:`stop`.

    The server runs in a process group of its own and stops when :meth:`stop` is called, when the ``with`` block
    ends (also by an exception or ``KeyboardInterrupt``), at interpreter exit, and when this Python process dies
    in any way (the server watches its standard input, a pipe only this process holds).
    """

    def __init__(self, env: str, *, port: int = 0, host: str = "127.0.0.1", java: str | os.PathLike[str] | None = None,
                 java_options: Sequence[str] = (), environ: Mapping[str, str] | None = None,
                 args: Sequence[str] = (), startup_timeout: float = 120.0, output_lines: int = 200,
                 **options: Any) -> None:
        self.env = env
        self.runtime = _runtime.find_java(java)
        self.command = [*java_command(self.runtime, java_options), "serve", env, "--port", str(port),
                        "--host", host, "--stop-on-stdin-close", *_flags(options), *args]
        self._environ = environ
        self._startup_timeout = startup_timeout
        self._output: collections.deque[str] = collections.deque(maxlen=output_lines)
        self._ready = threading.Event()
        self._lock = threading.Lock()
        self.process: subprocess.Popen[str] | None = None
        self.url: str | None = None
        """The base URL (``http://127.0.0.1:<port>``) once started."""
        self.port: int | None = None
        """The bound port once started (the one the system chose for port 0)."""

    @property
    def output(self) -> str:
        """The server's latest output lines (standard output and error)."""
        return "\n".join(self._output)

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self) -> str:
        """Starts the server, waits until ``/health`` answers, and returns its base URL."""
        with self._lock:
            if self.process is not None:
                raise ServerError("this server was already started; make a new one")
            for note in _runtime.limitations(self.env, self.runtime):
                warnings.warn(note, RuntimeWarning, stacklevel=3)
            environ = dict(os.environ)
            environ.update(self._environ or {})
            kwargs: dict[str, Any] = {}
            if os.name == "nt":
                kwargs["creationflags"] = subprocess.CREATE_NEW_PROCESS_GROUP  # type: ignore[attr-defined]
            else:
                kwargs["start_new_session"] = True  # Ctrl+C in a terminal reaches Python, which stops the server
            _log.debug("starting %s", shlex.join(self.command))
            self.process = subprocess.Popen(self.command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                            stderr=subprocess.STDOUT, env=environ, text=True, encoding="utf-8",
                                            errors="replace", **kwargs)
            with _live_lock:
                _live.add(self)
        try:
            threading.Thread(target=self._read, name=f"openenv4j-{self.env}-output", daemon=True).start()
            self._await_start()
            return self.url  # type: ignore[return-value]
        except BaseException:
            self.stop()
            raise

    def _read(self) -> None:
        process = self.process
        assert process is not None and process.stdout is not None
        try:
            with process.stdout:
                for line in process.stdout:
                    line = line.rstrip("\r\n")
                    self._output.append(line)
                    _log.debug("%s: %s", self.env, line)
                    match = _SERVING.match(line)
                    if match and not self._ready.is_set():
                        self.url = match.group(1)
                        self.port = int(self.url.rsplit(":", 1)[1])
                        self._ready.set()
        except (OSError, ValueError):
            pass
        finally:
            self._ready.set()  # the output ended (the process did): wake the waiter

    def _await_start(self) -> None:
        deadline = time.monotonic() + self._startup_timeout
        if not self._ready.wait(self._startup_timeout) or self.url is None:
            self._fail("did not start" if self.running else f"exited with code {self.process.wait()}")
        while True:
            try:
                with urllib.request.urlopen(self.url + "/health", timeout=5) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            if not self.running:
                self._fail(f"exited with code {self.process.wait()}")
            if time.monotonic() > deadline:
                self._fail(f"did not answer {self.url}/health within {self._startup_timeout:g} s")
            time.sleep(0.05)

    def _fail(self, what: str) -> None:
        self.stop()
        raise ServerError(f"openenv4j serve {self.env} {what}. Its output:\n{self.output}\n"
                          f"(command: {shlex.join(self.command)})")

    def stop(self, timeout: float = 10.0) -> None:
        """Stops the server and waits for it: closes its standard input (it shuts down cleanly), then
        terminates it, then kills its process group. Safe to call more than once."""
        process = self.process
        if process is None:
            return
        try:
            if process.poll() is None:
                try:
                    if process.stdin is not None:
                        process.stdin.close()
                except OSError:
                    pass
                try:
                    process.wait(timeout)
                except subprocess.TimeoutExpired:
                    process.terminate()
                    try:
                        process.wait(5)
                    except subprocess.TimeoutExpired:
                        self._kill(process)
                except BaseException:  # a second Ctrl+C while waiting: no more patience, but no process left
                    self._kill(process)
                    raise
            process.wait()
        finally:
            with _live_lock:
                _live.discard(self)

    @staticmethod
    def _kill(process: subprocess.Popen[str]) -> None:
        """Kills the server's process group (it is not yet reaped, so the group id is still its own)."""
        try:
            if process.returncode is not None:
                return
            if os.name != "nt":
                os.killpg(process.pid, signal.SIGKILL)
            else:
                process.kill()
        except (ProcessLookupError, PermissionError):
            pass
        process.wait()

    def __enter__(self) -> str:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def __repr__(self) -> str:
        state = self.url if self.running else "stopped" if self.process else "not started"
        return f"<openenv4j.Server {self.env!r} {state}>"


def serve(env: str, *, port: int = 0, host: str = "127.0.0.1", **options: Any) -> Server:
    """A server of the built-in environment ``env``, for a ``with`` block that yields its base URL::

        with openenv4j.serve("wordle") as url:
            ...  # any OpenEnv client on url

    ``port=0`` (the default) lets the system choose a free port (``Server.port`` tells which). Other keyword
    arguments are ``openenv4j serve`` flags (``max_sessions=64`` is ``--max-sessions 64``, ``web=False`` is
    ``--no-web``); ``java`` picks the Java runtime, ``java_options`` adds JVM options, ``environ`` adds environment
    variables, ``args`` adds raw command-line arguments, ``startup_timeout`` bounds the wait (seconds).
    """
    return Server(env, port=port, host=host, **options)


def stop_all() -> None:
    """Stops every server this process started and has not stopped (run at interpreter exit)."""
    with _live_lock:
        servers = list(_live)
    for server in servers:
        server.stop()


atexit.register(stop_all)
