"""Figures beside the targets, without a floor: file load and save, the what-if ranking."""

from __future__ import annotations

import tempfile
from pathlib import Path

from vsm_desktop.analysis.whatif import rank_what_ifs
from vsm_desktop.io.vsm_file import load_map, save_map
from vsm_desktop.model import ValueStreamMap

from .timing import median_seconds


def measure_core(value_stream_map: ValueStreamMap, runs: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.vsm"
        save_map(value_stream_map, path, keep_backup=False)
        return {
            "file_kb": path.stat().st_size / 1024,
            "load": median_seconds(lambda: load_map(path), runs),
            "save": median_seconds(lambda: save_map(value_stream_map, path), runs),
            "whatif": median_seconds(lambda: rank_what_ifs(value_stream_map), runs),
        }
