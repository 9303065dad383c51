"""The responsiveness benchmark counts an action done only when all the window's work is done,
including workers made after the window was built (no timing is judged here).

Each held job is let go only after the benchmark has asked the window more often than its quiet
stretch lasts, so a benchmark that stopped waiting early would return with the job still held.
"""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QRunnable, QThreadPool

from benchmarks import measure_responsiveness as bench_module
from benchmarks.generate import generate_map
from benchmarks.measure_responsiveness import ResponsivenessBench
from vsm_desktop.ui import dialogs
from vsm_desktop.ui.background import LatestJobRunner

HOLD_SECONDS = 30
# More questions than a quiet stretch takes: had the benchmark ignored the job, it would have
# finished waiting (and returned) before the job was let go.
ASKED_BEFORE_LETTING_GO = 3 * bench_module.QUIET_MS // bench_module.POLL_MS


@pytest.fixture
def bench(qapp, tmp_path, monkeypatch):
    monkeypatch.setattr(dialogs, "dialogs", dialogs.dialogs)  # the bench replaces it
    made = ResponsivenessBench(generate_map(30), tmp_path)
    yield made
    made.close()


class Counted:
    """Counts how often the benchmark asks the window, and lets the gate go after `after`."""

    def __init__(self, ask, gate: threading.Event, after: int) -> None:
        self.ask, self.gate, self.after, self.asked = ask, gate, after, 0

    def __call__(self, *args, **kwargs):
        self.asked += 1
        if self.asked > self.after:
            self.gate.set()
        return self.ask(*args, **kwargs)


class HeldJob(QRunnable):
    def __init__(self, gate: threading.Event, finished: list[bool]) -> None:
        super().__init__()
        self.gate, self.finished = gate, finished

    def run(self) -> None:
        assert self.gate.wait(HOLD_SECONDS)
        self.finished.append(True)


def test_a_runner_made_after_the_window_is_waited_for_until_its_result_arrives(bench,
                                                                               monkeypatch):
    gate, results = threading.Event(), []
    runner = LatestJobRunner(bench.window.metrics)
    runner.finished.connect(results.append)
    counted = Counted(bench.working, gate, ASKED_BEFORE_LETTING_GO)
    monkeypatch.setattr(bench, "working", counted)

    runner.submit(lambda _control: gate.wait(HOLD_SECONDS) and "shown")
    bench.settle()

    assert results == ["shown"]
    assert counted.asked > ASKED_BEFORE_LETTING_GO


def test_a_pool_the_window_does_not_own_up_to_is_waited_for_and_named(bench, monkeypatch):
    gate, finished = threading.Event(), []
    pool = QThreadPool(bench.window.whatif)  # made after the window, not a LatestJobRunner
    # The pool is only looked at when the window says it is idle: let go after a few looks.
    counted = Counted(bench.pools_idle, gate, 3)
    monkeypatch.setattr(bench, "pools_idle", counted)

    pool.start(HeldJob(gate, finished))
    bench.settle()

    assert finished == [True]
    assert bench.missed == {"WhatIfPanel"}
    pool.waitForDone()
