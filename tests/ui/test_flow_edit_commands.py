"""Insert, join-on-delete, reconnect and append as undo commands: one step each, exact undo."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QUndoStack

from vsm_desktop.analysis import analyze
from vsm_desktop.model import (
    Connection,
    ConnectionKind,
    Element,
    ElementKind,
    Lane,
    MapDocument,
    ValueStreamMap,
)
from vsm_desktop.model.layout import COLUMN_PITCH
from vsm_desktop.ui.commands import (
    AppendStepCommand,
    InsertIntoConnectionCommand,
    ReconnectCommand,
    RemoveItemsCommand,
)


@pytest.fixture
def document() -> MapDocument:
    lanes = [Lane(id="dev", name="Dev"), Lane(id="ops", name="Ops")]
    elements = [
        Element(id="s", kind="start", name="Request", lane_id="dev", x=280, y=100),
        Element(id="a", name="Build", lane_id="dev", x=510, y=100, process_time=8, wait_time=4),
        Element(id="b", name="Test", lane_id="dev", x=740, y=100, process_time=2, wait_time=1),
        Element(id="e", kind="end", name="Live", lane_id="ops", x=970, y=300),
    ]
    connections = [
        Connection(id="sa", source_id="s", target_id="a"),
        Connection(id="ab", source_id="a", target_id="b", delay=3),
        Connection(id="be", source_id="b", target_id="e"),
    ]
    return MapDocument(ValueStreamMap(lanes=lanes, elements=elements, connections=connections))


def pairs(document):
    return sorted(
        (c.source_id, c.target_id) for c in document.connections() if c.kind is ConnectionKind.FLOW
    )


def test_insert_a_new_queue_is_one_step_and_undo_restores_the_handover(document):
    stack = QUndoStack()
    before = document.to_map()
    queue = Element(id="q", kind=ElementKind.QUEUE, name="Backlog", wait_time=16, x=620, y=100)
    stack.push(InsertIntoConnectionCommand(document, "ab", queue))
    assert stack.count() == 1
    assert stack.undoText() == "Insert 'Backlog' into 'Build' → 'Test'"
    assert pairs(document) == [("a", "q"), ("b", "e"), ("q", "b"), ("s", "a")]
    # 8 + 4 (Build) + 16 (queue) + 3 (delay, kept on the queue's way out) + 2 + 1 (Test)
    assert analyze(document).lead_time == pytest.approx(34)
    stack.undo()
    assert document.to_map() == before
    stack.redo()
    assert document.has_element("q") and pairs(document)[0] == ("a", "q")


def test_insert_an_existing_loose_element_moves_it_into_place(document):
    stack = QUndoStack()
    loose = Element(id="r", name="Review", lane_id="dev", x=100, y=700)
    document.add_elements([loose])
    before = document.to_map()
    stack.push(InsertIntoConnectionCommand(document, "ab", loose, (620, 300), "ops"))
    moved = document.element("r")
    assert (moved.x, moved.y, moved.lane_id) == (620, 300, "ops")
    assert ("a", "r") in pairs(document) and ("r", "b") in pairs(document)
    stack.undo()
    assert document.to_map() == before


def test_delete_with_join_keeps_a_path_and_says_what_it_joined(document):
    stack = QUndoStack()
    before = document.to_map()
    command = RemoveItemsCommand(document, ["a"], join=True)
    assert command.joined_text == "Joined 'Request' to 'Test'."
    stack.push(command)
    assert pairs(document) == [("b", "e"), ("s", "b")]
    assert analyze(document).critical_path == ("s", "b", "e")
    stack.undo()
    assert document.to_map() == before


def test_delete_without_join_leaves_a_gap(document):
    stack = QUndoStack()
    stack.push(RemoveItemsCommand(document, ["a"]))
    assert pairs(document) == [("b", "e")]


def test_reconnect_is_one_step_with_undo(document):
    stack = QUndoStack()
    before = document.to_map()
    command = ReconnectCommand(document, "ab", "target", "e")
    assert command.changes
    stack.push(command)
    assert document.connection("ab").target_id == "e"
    assert document.connection("ab").delay == 3
    assert stack.undoText() == "Send the connection to 'Live'"
    stack.undo()
    assert document.to_map() == before
    assert not ReconnectCommand(document, "ab", "source", "a").changes


def test_append_after_the_last_step_goes_into_its_handover_to_the_end(document):
    stack = QUndoStack()
    before = document.to_map()
    new_lane = Lane(id="sec", name="Security")
    step = Element(id="n", name="Pen test", lane_id="sec", x=970, y=500, process_time=4)
    stack.push(AppendStepCommand(document, step, previous_id="b", new_lane=new_lane))
    assert [lane.name for lane in document.lanes] == ["Dev", "Ops", "Security"]
    assert pairs(document) == [("a", "b"), ("b", "n"), ("n", "e"), ("s", "a")]
    assert document.element("e").x == 970 + COLUMN_PITCH  # the end made room
    assert stack.count() == 1
    stack.undo()
    assert document.to_map() == before


def test_append_after_a_step_in_the_middle_branches_from_it(document):
    stack = QUndoStack()
    stack.push(AppendStepCommand(document, Element(id="n", name="Docs"), previous_id="a"))
    assert ("a", "n") in pairs(document) and ("a", "b") in pairs(document)
