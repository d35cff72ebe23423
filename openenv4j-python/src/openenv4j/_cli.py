"""The ``openenv4j`` console script: the same commands as the repository's ``./openenv4j`` launcher."""

from __future__ import annotations

import os
import subprocess
import sys

from . import _runtime, _server


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    try:
        runtime = _runtime.find_java()
        command = [*_server.java_command(runtime), *args]
    except (_runtime.JavaNotFoundError, _server.ServerError) as e:
        print(f"openenv4j: {e}", file=sys.stderr)
        return 1
    if len(args) >= 2 and args[0] == "serve" and not args[1].startswith("-"):
        for note in _runtime.limitations(args[1], runtime):
            print(f"openenv4j: note: {note}", file=sys.stderr)
    if os.name == "nt":
        try:
            return subprocess.call(command)
        except KeyboardInterrupt:
            return 130
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(command[0], command)  # the JVM takes this process's place: signals and exit code are its own
    return 0  # not reached


if __name__ == "__main__":
    sys.exit(main())
