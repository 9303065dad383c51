"""The compare window with several future states: a picker, and rebuilds only when they show."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from vsm_desktop.analysis import analyze
from vsm_desktop.model import WorkCalendar, format_duration
from vsm_desktop.ui.window.state_control import COMPARE_SETTLE_MS

from .conftest import two_team_map
from .test_states import cut_wait, wait_for_comparison

SETTLED_MS = COMPARE_SETTLE_MS * 3


def duration(hours: float) -> str:
    return format_duration(hours, WorkCalendar())


def two_futures(window) -> None:
    """Future state 1 cuts Build's wait to 1 h; future state 2 cuts Intake's wait to 0."""
    window.files.set_map(two_team_map(), None)
    window.state_control.new_future_state()
    cut_wait(window, "build", 1)
    window.state_control.show_state(0)
    window.state_control.new_future_state()
    cut_wait(window, "intake", 0)
    window.state_control.show_state(1)


def open_compare(qtbot, window):
    assert window.state_control.compare_states()
    compare = window.state_control.compare_window
    qtbot.waitExposed(compare)
    wait_for_comparison(qtbot, window)
    return compare


def test_the_picker_switches_which_future_state_is_compared(qtbot, window):
    two_futures(window)
    compare = open_compare(qtbot, window)
    picker = compare.future_picker
    assert picker.isVisible()
    assert [picker.itemText(i) for i in range(picker.count())] == [
        window.states.label(1),
        window.states.label(2),
    ]
    assert picker.currentText() == window.states.label(1)  # the future state on screen

    compare.pick_future(window.states.label(2))
    wait_for_comparison(qtbot, window)

    second = window.states.map_at(2)
    expected = format_duration(analyze(second).lead_time, second.calendar)
    assert expected == duration(2 + 8 + 1)  # by hand: Intake 0 + 2 h, Build 8 + 1 h
    assert compare.figure_row("Lead time")[2] == expected
    assert compare.figure_row("Lead time")[1] == duration(17)
    assert window.states.label(2) in compare.title.text()
    # Editing the shown state (future 1) keeps the picked one (future 2) in the window.
    cut_wait(window, "build", 0)
    qtbot.wait(SETTLED_MS)
    assert compare.figure_row("Lead time")[2] == expected


def test_deleting_the_compared_future_state_compares_the_one_left(qtbot, window, fake_dialogs):
    two_futures(window)
    compare = open_compare(qtbot, window)
    window.state_control.show_state(1)
    fake_dialogs.answers["ask_confirm"].append(True)
    assert window.state_control.delete_future_state()  # future state 1, the one compared

    qtbot.waitUntil(lambda: not compare.future_picker.isVisible())  # one future: no choice
    wait_for_comparison(qtbot, window)
    assert compare.figure_row("Lead time")[2] == duration(2 + 8 + 1)


def test_quick_edits_rebuild_an_open_comparison_once(qtbot, window):
    two_futures(window)
    compare = open_compare(qtbot, window)
    rebuilds: list[None] = []
    compare.refreshed.connect(lambda: rebuilds.append(None))
    control = window.state_control
    # The test, not the clock, says when the edits have settled: the settle timer cannot run
    # out while the edits are made, however slow the machine.
    control.compare_settle.setInterval(24 * 60 * 60 * 1000)
    jobs_before = control.compare_jobs.generation

    for hours in (5, 4, 3):  # three finished edits, each analysed, in quick succession
        cut_wait(window, "intake", hours)
        QCoreApplication.processEvents()  # each edit's analysis runs before the next edit
    qtbot.waitUntil(lambda: window.runner.analysis.lead_time == 3 + 2 + 1 + 1)
    assert control.compare_settle.isActive() and rebuilds == []  # waiting for the edits

    control.compare_settle.setInterval(0)
    control.compare_settle.start()  # the edits have settled
    qtbot.waitUntil(lambda: len(rebuilds) == 1)
    wait_for_comparison(qtbot, window)
    assert len(rebuilds) == 1
    assert control.compare_jobs.generation == jobs_before + 1  # one comparison worked out
    assert compare.figure_row("Lead time")[2] == duration(3 + 2 + 1 + 1)


def test_a_hidden_comparison_catches_up_only_when_shown_again(qtbot, window):
    two_futures(window)
    compare = open_compare(qtbot, window)
    rebuilds: list[None] = []
    compare.refreshed.connect(lambda: rebuilds.append(None))
    compare.hide()

    cut_wait(window, "intake", 1)
    cut_wait(window, "intake", 2)
    qtbot.wait(SETTLED_MS)
    assert rebuilds == []  # no rebuild nobody can see
    assert compare.figure_row("Lead time")[2] == duration(10)

    compare.show()
    qtbot.waitUntil(lambda: len(rebuilds) == 1)
    assert compare.figure_row("Lead time")[2] == duration(2 + 2 + 1 + 1)
