"""Child processes of a run: the command line, start-up probes and floors.

They run outside the checkout (a temporary folder as working directory) and the scripts of
benchmarks/ run by file name, so the vsm_desktop they import is the one on PYTHONPATH when a
run measures another checkout (`python -m benchmarks --code CHECKOUT`), else the installed one.

They read compiled bytecode, as an installed app does (pip and the bundle ship it): this
machine sets PYTHONDONTWRITEBYTECODE, so without a cache every timed process would compile
each of our modules again (about 130 for the app's start, 0.5-0.8 s here), a cost no user
pays. The cache is a folder of the run's own (PYTHONPYCACHEPREFIX), filled by an untimed first
run of each side (`alternated(..., warm_up=True)`), for the target and the floor alike.
"""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
_bytecode: str | None = tempfile.mkdtemp(prefix="vsm-benchmark-bytecode-")
atexit.register(shutil.rmtree, _bytecode, ignore_errors=True)


def compile_every_run() -> None:
    """No bytecode cache: each child compiles what it imports whenever the environment says
    so (`python -m benchmarks --no-bytecode-cache`; how runs before 4 December 14:00 were)."""
    global _bytecode
    _bytecode = None


def child_environment(extra: dict[str, str] | None = None) -> dict[str, str]:
    """This process's environment with the run's bytecode cache (and `extra`)."""
    if _bytecode is None:
        return {**os.environ, **(extra or {})}
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    return {**env, "PYTHONPYCACHEPREFIX": _bytecode, **(extra or {})}


def script(name: str) -> str:
    return str(HERE / name)


def run_python(args: list[str]) -> None:
    """Run `python ARGS` to its end; its output is not wanted, its failure is."""
    subprocess.run([sys.executable, *args], cwd=tempfile.gettempdir(), check=True,
                   stdout=subprocess.DEVNULL, timeout=600, env=child_environment())


def spawn_python(args: list[str], extra_env: dict[str, str] | None = None
                 ) -> subprocess.Popen[str]:
    """Start `python ARGS` with its output on a pipe (its warnings are not the run's)."""
    return subprocess.Popen([sys.executable, *args], cwd=tempfile.gettempdir(),
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                            env=child_environment(extra_env))
