"""Auto layout plans on a worker and applies its plan as one undo step; an edit made while it
plans stops it, since the plan would be of a map that is no longer there.

The plan reaches the window through its event loop, so whatever a test does before it waits
happens while the layout is still being planned."""

from __future__ import annotations

from vsm_desktop.ui.commands import UpdateElementsCommand

from .conftest import two_team_map


def untidy_map():
    value_stream_map = two_team_map()
    for index, element in enumerate(value_stream_map.elements):
        element.x, element.y = 900 - 60 * index, 150 + 7 * index  # right to left, askew
    return value_stream_map


def positions(window):
    return {e.id: (e.x, e.y) for e in window.document.elements()}


def wait_for_the_layout(qtbot, window):
    qtbot.waitUntil(lambda: not window.view.edits.laying_out)


def test_auto_layout_says_it_is_planning_then_applies_one_undo_step(qtbot, window):
    window.files.set_map(untidy_map(), None)
    before = positions(window)
    window.actions["auto_layout"].trigger()
    assert window.statusBar().currentMessage() == "Laying out the map…"
    assert positions(window) == before  # nothing moves until the plan is there
    wait_for_the_layout(qtbot, window)

    after = positions(window)
    moved = [i for i in after if after[i] != before[i]]
    assert moved
    assert window.statusBar().currentMessage() == (
        f"Auto layout moved {len(moved)} elements; Undo puts them back.")
    assert window.undo_stack.count() == 1 and window.undo_stack.undoText() == "Auto layout"
    window.undo_stack.undo()
    assert positions(window) == before


def test_an_edit_made_while_planning_stops_the_layout(qtbot, window):
    window.files.set_map(untidy_map(), None)
    before = positions(window)
    window.actions["auto_layout"].trigger()
    window.undo_stack.push(  # typed while the worker plans
        UpdateElementsCommand(window.document, {"build": {"wait_time": 20}}, "Change wait time")
    )
    wait_for_the_layout(qtbot, window)

    assert positions(window) == before
    assert window.undo_stack.count() == 1 and window.undo_stack.undoText() == "Change wait time"
    assert "Auto layout stopped" in window.statusBar().currentMessage()


def test_switching_state_while_planning_stops_the_layout(qtbot, window):
    window.files.set_map(untidy_map(), None)
    window.state_control.new_future_state()
    window.state_control.show_state(0)
    before = positions(window)
    window.actions["auto_layout"].trigger()
    window.state_control.show_state(1)
    wait_for_the_layout(qtbot, window)
    assert window.undo_stack.count() == 0  # nothing laid out in the future state
    window.state_control.show_state(0)

    assert positions(window) == before
    assert window.undo_stack.count() == 0
