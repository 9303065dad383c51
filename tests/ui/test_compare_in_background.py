"""The comparison is worked out on a worker and built in slices: progress, cancel, stale results.

A gate holds the worker inside the real comparison (compare_maps) until the test opens it, so
each test decides what happens while the worker is busy, whatever the machine's speed.
"""

from __future__ import annotations

import gc
import threading
import time

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt

from benchmarks.generate import generate_map
from vsm_desktop.analysis.compare import compare_maps
from vsm_desktop.model import MapStates
from vsm_desktop.ui import compare_scenes
from vsm_desktop.ui.background import JobControl, LatestJobRunner
from vsm_desktop.ui.canvas.image_export import build_scene_for_export
from vsm_desktop.ui.sliced_steps import SlicedSteps

from .conftest import two_team_map
from .test_states import cut_wait, duration, wait_for_comparison

WAIT_SECONDS = 20


class Gate:
    """Holds the first `held` comparisons on the worker until open() (later ones pass)."""

    def __init__(self, held: int = 1) -> None:
        self.opened = threading.Event()
        self.entered = threading.Event()
        self.held = held
        self.calls = 0

    def wrap(self, compare):
        def gated(current, future):
            self.calls += 1
            if self.calls <= self.held:
                self.entered.set()
                assert self.opened.wait(WAIT_SECONDS), "the test never opened the gate"
            return compare(current, future)

        return gated

    def open(self) -> None:
        self.opened.set()


@pytest.fixture
def gate(monkeypatch) -> Gate:
    gate = Gate()
    monkeypatch.setattr(compare_scenes, "compare_maps", gate.wrap(compare_maps))
    yield gate
    gate.open()  # never leave a worker waiting after the test


def open_future_state(window) -> None:
    """The two-team map with a future state whose Build waits 1 h (lead time 17 h -> 10 h)."""
    window.files.set_map(two_team_map(), None)
    window.state_control.new_future_state()
    cut_wait(window, "build", 1)
    # Analysed: no edit is left to start a comparison of its own.
    qtbot_wait_for_analysis(window, 6 + 2 + 1 + 1)


def qtbot_wait_for_analysis(window, lead_time: float) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while window.runner.analysis is None or window.runner.analysis.lead_time != lead_time:
        assert time.monotonic() < deadline, "the edit was never analysed"
        QCoreApplication.processEvents()


def start_compare(qtbot, window):
    assert window.state_control.compare_states()
    compare = window.state_control.compare_window
    qtbot.waitExposed(compare)
    return compare


def compare_held_at_the_gate(qtbot, window, gate):
    """The compare window, its worker held inside the comparison, and a list of its refreshes."""
    open_future_state(window)
    compare = start_compare(qtbot, window)
    refreshed: list[None] = []
    compare.refreshed.connect(lambda: refreshed.append(None))
    assert gate.entered.wait(WAIT_SECONDS)
    return compare, refreshed


def test_progress_shows_while_the_worker_compares_and_goes_when_done(qtbot, window, gate):
    open_future_state(window)
    compare = start_compare(qtbot, window)

    assert gate.entered.wait(WAIT_SECONDS)  # the worker is inside the comparison
    assert compare.building and window.state_control.busy
    assert compare.progress_row.isVisible()
    assert compare.progress_label.text() == "Comparing the states…"
    assert compare.cancel_button.text() == "Cancel"
    window.document.element("build")  # the window answers meanwhile: nothing waits for the gate
    assert compare.figure_table.rowCount() == 0  # nothing half-made is shown

    gate.open()
    wait_for_comparison(qtbot, window)

    assert not compare.progress_row.isVisible()
    assert compare.figure_row("Lead time")[1:3] == [duration(17), duration(10)]


def test_escape_cancels_and_update_compares_again(qtbot, window, gate):
    compare, refreshed = compare_held_at_the_gate(qtbot, window, gate)

    qtbot.keyClick(compare, Qt.Key.Key_Escape)

    assert compare.isVisible()  # Esc stopped the comparison, it did not close the window
    assert not window.state_control.busy
    assert compare.progress_label.text().startswith("Cancelled")
    assert compare.cancel_button.text() == "Update"
    gate.open()  # the cancelled job stops at its next check and reports nothing
    assert window.state_control.compare_jobs.wait_for_done(WAIT_SECONDS * 1000)
    QCoreApplication.processEvents()
    assert refreshed == [] and compare.figure_table.rowCount() == 0

    qtbot.mouseClick(compare.cancel_button, Qt.MouseButton.LeftButton)  # Update

    wait_for_comparison(qtbot, window)
    assert refreshed == [None]
    assert compare.figure_row("Lead time")[1:3] == [duration(17), duration(10)]


def test_an_edit_overtakes_the_comparison_being_worked_out(qtbot, window, gate):
    # Held while comparing the future state with Build at 1 h.
    compare, refreshed = compare_held_at_the_gate(qtbot, window, gate)

    cut_wait(window, "intake", 0)  # future state now 2 + 1 + 1 = 4 h
    gate.open()

    wait_for_comparison(qtbot, window)
    assert refreshed == [None]  # the overtaken comparison never showed
    assert compare.figure_row("Lead time")[1:3] == [duration(17), duration(4)]
    assert gate.calls == 2


def test_only_the_newest_request_reports_back(qtbot):
    """A job that ignores its cancel still finishes, but its result is dropped."""
    runner = LatestJobRunner()
    first_may_end = threading.Event()
    results: list[str] = []
    runner.finished.connect(results.append)

    def stubborn(control: JobControl) -> str:
        first_may_end.wait(WAIT_SECONDS)
        return "first"

    runner.submit(stubborn)
    runner.submit(lambda control: "second")
    first_may_end.set()
    assert runner.wait_for_done(WAIT_SECONDS * 1000)
    qtbot.waitUntil(lambda: not runner.busy)
    QCoreApplication.processEvents()  # the first job's queued signal, had it not been dropped
    assert results == ["second"]


def route(item) -> tuple:
    """Where an arrow runs: its ends, the box around its route, and its label's place."""
    return (*item.end_points(), item.boundingRect(), item.label_rect())


def test_the_slices_build_the_scenes_the_comparison_would_build_at_once(qtbot, window):
    current = generate_map(120)
    future = current.derive_future_state()
    window.files.set_states(MapStates(maps=[current, future]), None)
    window.state_control.show_state(1)
    element = next(e for e in window.document.elements() if e.wait_time)
    cut_wait(window, element.id, element.wait_time / 2)
    compare = start_compare(qtbot, window)
    wait_for_comparison(qtbot, window)

    future_now = window.states.map_at(1)
    expected = compare_maps(window.states.map_at(0), future_now)
    assert compare.comparison == expected
    assert compare.element_group("changed")[0][0] == element.name
    for side, (state_map, analysis) in {
        "current": (expected.current, expected.current_analysis),
        "future": (expected.future, expected.future_analysis),
    }.items():
        at_once = build_scene_for_export(state_map, analysis)
        sliced = compare.scenes[side]
        assert {i.element_id: i.pos() for i in sliced.element_items()} == {
            i.element_id: i.pos() for i in at_once.element_items()
        }
        assert {i.connection.id: route(i) for i in sliced.connection_items()} == {
            i.connection.id: route(i) for i in at_once.connection_items()
        }
        assert sliced.sceneRect() == at_once.sceneRect()
        assert sliced.critical_ids == at_once.critical_ids
        assert sliced.constraint_ids == at_once.constraint_ids != frozenset()


def test_an_edit_in_the_future_state_keeps_the_current_scene_and_follows_the_future(
    qtbot, window
):
    open_future_state(window)
    compare = start_compare(qtbot, window)
    wait_for_comparison(qtbot, window)
    current_scene = compare.scenes["current"]
    future_scene = compare.scenes["future"]

    with qtbot.waitSignal(compare.refreshed, timeout=WAIT_SECONDS * 1000):
        cut_wait(window, "intake", 0)

    assert compare.scenes["current"] is current_scene  # unchanged: not built again
    assert compare.scenes["future"] is future_scene  # followed the edit (test_compare_follow)
    marks = [i.data(0) for i in compare.scenes["future"].items() if i.data(0)]
    assert sorted(marks) == ["mark:changed:build", "mark:changed:intake"]


def test_a_built_side_is_kept_off_the_cycle_collector(qtbot, window):
    """Its records and items live as long as the scene: a full collection need not walk them
    (cycle_collector.py), as it would not the window's own map."""
    open_future_state(window)
    compare = start_compare(qtbot, window)
    wait_for_comparison(qtbot, window)

    for scene in compare.scenes.values():
        records = {id(record) for record in scene.document.elements()}
        assert records
        assert not any(id(o) in records for o in gc.get_objects())


def test_the_comparison_shown_is_kept_off_the_cycle_collector(qtbot, window):
    """Both maps and their figures stay as long as the comparison is shown: a full collection
    need not walk them at every edit."""
    open_future_state(window)
    compare = start_compare(qtbot, window)
    wait_for_comparison(qtbot, window)
    with qtbot.waitSignal(compare.refreshed, timeout=WAIT_SECONDS * 1000):
        cut_wait(window, "intake", 0)  # a new comparison, made after the map was shown

    kept = {id(record) for state_map in compare.shown_maps.values()
            for record in state_map.elements}
    assert len(compare.shown_maps) == 2 and kept
    assert not any(id(o) in kept for o in gc.get_objects())


def test_comparisons_replaced_by_newer_ones_are_let_go(qtbot, window):
    """Each edit with compare open builds a comparison in slices; once shown, the slices' runner
    goes, and with it the comparison its signals held (both maps and their figures, each time)."""
    open_future_state(window)
    compare = start_compare(qtbot, window)
    wait_for_comparison(qtbot, window)
    for wait in (0, 1, 2):
        with qtbot.waitSignal(compare.refreshed, timeout=WAIT_SECONDS * 1000):
            cut_wait(window, "intake", wait)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)

    assert compare.findChildren(SlicedSteps) == []
