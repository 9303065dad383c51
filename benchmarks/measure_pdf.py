"""The PDF report, written to a temporary file."""

from __future__ import annotations

import tempfile
from pathlib import Path

from vsm_desktop.analysis import analyze
from vsm_desktop.export.pdf_report import write_report
from vsm_desktop.model import ValueStreamMap

from .timing import median_seconds


def measure_pdf(value_stream_map: ValueStreamMap, runs: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.pdf"
        seconds = median_seconds(
            lambda: write_report(value_stream_map, analyze(value_stream_map), path), runs
        )
        return {"pdf_export": seconds, "pdf_bytes": float(path.stat().st_size)}
