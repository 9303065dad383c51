"""The benchmarks' quick mode runs in CI so that the suite never rots."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_quick_benchmarks_measure_every_row(tmp_path):
    output = tmp_path / "quick.md"
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--quick", "--output", str(output)],
        cwd=ROOT, capture_output=True, text=True, timeout=240,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    table = output.read_text(encoding="utf-8")
    for row in ("File load", "File save", "Analysis", "dag_longest_path",
                "Open in the canvas", "Drag one element", "Zoomed-out full repaint",
                "PDF report", "Machine:"):
        assert row in table
    assert "–" not in table.split("Machine:")[1].split("| File size")[0]
