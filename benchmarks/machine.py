"""What a run was measured on: processor, cores, load, system and versions. No host names or
paths, so the text can go into the repository."""

from __future__ import annotations

import contextlib
import os
import platform
import subprocess
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

LIBRARIES = ("PySide6-Essentials", "networkx", "pydantic", "reportlab", "numpy")


def processor() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def operating_system() -> str:
    try:
        for line in Path("/etc/os-release").read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                return f"{line.split('=', 1)[1].strip(chr(34))}, {platform.system()} kernel " \
                       f"{platform.release()}"
    except OSError:
        pass
    return f"{platform.system()} {platform.release()}"


def load_average() -> str:
    try:
        one, five, fifteen = os.getloadavg()
    except OSError:
        return "unknown"
    return f"{one:.2f} / {five:.2f} / {fifteen:.2f}"


def libraries() -> str:
    found = []
    for name in LIBRARIES:
        with contextlib.suppress(PackageNotFoundError):
            found.append(f"{name} {version(name)}")
    return ", ".join(found)


def commit(checkout: Path) -> str:
    """The measured code's commit, with "+ changes" when its files differ from it."""
    def git(*args: str) -> str:
        return subprocess.run(
            ["git", "-C", str(checkout), *args], capture_output=True, text=True, timeout=30
        ).stdout.strip()

    head = git("rev-parse", "--short", "HEAD")
    if not head:
        return "unknown"
    return head + (" + uncommitted changes" if git("status", "--porcelain", "vsm_desktop") else "")


def describe(load_at_start: str, load_at_end: str) -> list[str]:
    return [
        f"- Processor: {processor()}, {os.cpu_count()} cores",
        f"- Load average (1 / 5 / 15 min): {load_at_start} at the start, {load_at_end} at the end",
        f"- System: {operating_system()}",
        f"- Python {platform.python_version()}; {libraries()}",
        "- Qt offscreen (QT_QPA_PLATFORM=offscreen): software rendering, no GPU",
    ]
