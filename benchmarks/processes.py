"""Child processes of a run: the command line, start-up probes and floors.

They run outside the checkout (a temporary folder as working directory) and the scripts of
benchmarks/ run by file name, so the vsm_desktop they import is the one on PYTHONPATH when a
run measures another checkout (`python -m benchmarks --code CHECKOUT`), else the installed one.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent


def script(name: str) -> str:
    return str(HERE / name)


def run_python(args: list[str]) -> None:
    """Run `python ARGS` to its end; its output is not wanted, its failure is."""
    subprocess.run([sys.executable, *args], cwd=tempfile.gettempdir(), check=True,
                   stdout=subprocess.DEVNULL, timeout=600)


def spawn_python(args: list[str], env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    """Start `python ARGS` with its output on a pipe (its warnings are not the run's)."""
    return subprocess.Popen([sys.executable, *args], cwd=tempfile.gettempdir(),
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
