"""The window's one answer to "is anything still working?" (window.in_progress).

Tests and the responsiveness benchmark wait on it, so it must count work made after the window
(a new runner), leave out other windows' work, and name what is still running.
"""

from __future__ import annotations

import threading

from vsm_desktop.model import MapStates
from vsm_desktop.ui.background import JobControl, LatestJobRunner
from vsm_desktop.ui.main_window import MainWindow

from .conftest import two_team_map
from .test_states import cut_wait

WAIT_SECONDS = 20


def held_job(gate: threading.Event):
    def work(control: JobControl) -> str:
        assert gate.wait(WAIT_SECONDS), "the test never opened the gate"
        return "done"

    return work


def test_a_runner_made_after_the_window_counts_until_its_result_arrives(qtbot, window):
    assert window.in_progress.working() == []
    runner = LatestJobRunner(window.metrics)  # anywhere under the window, made later
    runner.setObjectName("the held job")
    results: list[str] = []
    runner.finished.connect(results.append)
    gate = threading.Event()

    runner.submit(held_job(gate))

    assert window.in_progress.busy
    assert window.in_progress.working() == ["the held job"]
    gate.set()
    qtbot.waitUntil(lambda: not window.in_progress.busy, timeout=WAIT_SECONDS * 1000)
    assert results == ["done"]  # idle only once the result was delivered, not just computed


def test_another_windows_runner_is_not_this_windows_work(qtbot, window):
    other = MainWindow()
    qtbot.addWidget(other)
    runner = LatestJobRunner(other)
    gate = threading.Event()

    runner.submit(held_job(gate))

    assert other.in_progress.busy
    assert not window.in_progress.busy
    gate.set()
    qtbot.waitUntil(lambda: not other.in_progress.busy, timeout=WAIT_SECONDS * 1000)


def test_an_edit_is_in_progress_until_its_figures_show(qtbot, window):
    value_stream_map = two_team_map()
    window.files.set_states(MapStates(maps=[value_stream_map]), None, remember=False)
    qtbot.waitUntil(lambda: not window.in_progress.busy, timeout=WAIT_SECONDS * 1000)
    build = next(e for e in value_stream_map.elements if e.name == "Build")
    lead_before = window.runner.analysis.lead_time

    cut_wait(window, build.id, 0)

    assert "the figures" in window.in_progress.working()
    qtbot.waitUntil(lambda: not window.in_progress.busy, timeout=WAIT_SECONDS * 1000)
    assert window.runner.analysis.lead_time == lead_before - 8  # Build waited 8 h


def test_named_checks_are_counted_and_named(window):
    saving = [True]
    window.in_progress.track("saving", lambda: saving[0])

    assert window.in_progress.working() == ["saving"]
    saving[0] = False
    assert not window.in_progress.busy
