"""Start-up as a person sees it: from spawning the process to its first painted window.

The app (with the sample map, or with a map file) and a bare PySide6 window are spawned
alternately (`probe.py`); each prints "painted <peak MB>" at its first paint and quits. The
time runs from the spawn to that line; the probe's exit is waited for untimed.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from .processes import script, spawn_python
from .side_by_side import SAMPLE, Measured
from .timing import alternated


def private_places(folder: Path) -> dict[str, str]:
    """XDG folders of the probes' own, so that no probe meets the user's app: a window open
    elsewhere would take the map over the single-instance socket (the probe quits unpainted),
    and recovery copies in the user's data folder would put a dialog before the first frame."""
    places = {}
    for name in ("CONFIG", "DATA", "RUNTIME"):  # not the cache: fontconfig would start cold
        place = folder / name.lower()
        place.mkdir(mode=0o700)
        places[f"XDG_{name}_HOME" if name != "RUNTIME" else "XDG_RUNTIME_DIR"] = str(place)
    return places


class Probes:
    def __init__(self, folder: str) -> None:
        self.running: list[subprocess.Popen[str]] = []
        self.app_peaks_mb: list[float] = []  # each app probe's own peak resident memory
        self.places = private_places(Path(folder))

    def until_painted(self, args: list[str]) -> None:
        child = spawn_python([script("probe.py"), *args], self.places)
        self.running.append(child)
        assert child.stdout is not None
        line = child.stdout.readline()
        if not line.startswith("painted"):
            raise RuntimeError(f"`python benchmarks/probe.py {' '.join(args)}` did not report a "
                               "painted window; run it to see why")
        if args[0] == "app":
            self.app_peaks_mb.append(float(line.split()[1]))

    def reap(self) -> None:
        while self.running:
            child = self.running.pop()
            child.wait(timeout=300)
            if child.stdout is not None:
                child.stdout.close()

    def app_against_bare(self, key: str, size: int | str, app_args: list[str],
                         runs: int) -> Measured:
        try:
            pair = alternated(
                lambda: self.until_painted(["app", *app_args]),
                lambda: self.until_painted(["bare"]),
                runs,
                setup=self.reap,
                warm_up=True,  # fills the bytecode cache and the font cache, on both sides
            )
        finally:
            self.reap()
        return Measured(key, size, pair, runs)


def measure_startup(runs: int) -> Measured:
    """(c): the app with its sample map against the bare window."""
    with tempfile.TemporaryDirectory() as folder:
        return Probes(folder).app_against_bare("startup", SAMPLE, [], runs)


def measure_start_with_map(path: Path, size: int, runs: int) -> tuple[Measured, float]:
    """(f): `vsm-desktop FILE` to the map painted, against the bare window; and the app's
    largest peak memory in MB."""
    with tempfile.TemporaryDirectory() as folder:
        probes = Probes(folder)
        measured = probes.app_against_bare("start_with_map", size, [str(path)], runs)
    return measured, max(probes.app_peaks_mb)
