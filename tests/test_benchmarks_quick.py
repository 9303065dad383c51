"""The benchmarks' quick mode runs in CI so that the harness never rots (no timing is judged)."""

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.side_by_side import TARGETS

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_quick_benchmarks_time_every_target_beside_its_floor(tmp_path):
    output = tmp_path / "quick.md"
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--quick", "--output", str(output)],
        cwd=ROOT, capture_output=True, text=True, timeout=540,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    text = output.read_text(encoding="utf-8")
    table = text.split("## Issue 17 targets")[1].split("Floors:")[0]
    rows = [line for line in table.splitlines() if line.startswith("| (")]
    measured = {row.split(" | ")[0] for row in rows}
    assert measured == {f"| ({t.letter}) {t.what}" for t in TARGETS.values()}
    for row in rows:
        cells = row.split(" | ")
        assert cells[2] and cells[3] and cells[4].endswith("x")  # target, floor, ratio
    for line in ("Processor:", "Load average", "System:", "Python 3", "File load", "File save",
                 "Peak memory"):
        assert line in text
    assert socket.gethostname() not in text and str(ROOT) not in text  # it goes into the repo
