"""Undo commands: each redo/undo pair returns the document to exactly the state before."""

from __future__ import annotations

import pytest
from pydantic import ValidationError
from PySide6.QtGui import QUndoStack

from vsm_desktop.model import (
    Connection,
    ConnectionKind,
    Element,
    Lane,
    MapDocument,
    ValueStreamMap,
)
from vsm_desktop.ui.commands import (
    AddConnectionCommand,
    AddElementsCommand,
    AddLaneCommand,
    MoveElementsCommand,
    MoveLaneCommand,
    RemoveItemsCommand,
    RemoveLaneCommand,
    UpdateCalendarCommand,
    UpdateConnectionCommand,
    UpdateElementsCommand,
    UpdateLaneCommand,
    UpdateMapInfoCommand,
)


@pytest.fixture
def document() -> MapDocument:
    lanes = [Lane(id="dev", name="Dev", height=200), Lane(id="ops", name="Ops", height=200)]
    elements = [
        Element(id="a", name="Build", lane_id="dev", x=300, y=100, wait_time=4),
        Element(id="b", name="Test", lane_id="dev", x=600, y=100),
        Element(id="c", name="Release", lane_id="ops", x=900, y=320),
        Element(id="k", kind="kaizen", name="Automate", lane_id="dev", x=600, y=30, target_id="b"),
    ]
    connections = [
        Connection(id="ab", source_id="a", target_id="b"),
        Connection(id="bc", source_id="b", target_id="c", delay=8),
    ]
    return MapDocument(ValueStreamMap(lanes=lanes, elements=elements, connections=connections))


def _round_trip(document: MapDocument, command) -> None:
    """Push, undo, redo: undo restores the start, redo the edited state, exactly."""
    stack = QUndoStack()
    before = document.to_map()
    stack.push(command)
    after = document.to_map()
    assert after != before
    stack.undo()
    assert document.to_map() == before
    stack.redo()
    assert document.to_map() == after


def test_every_command_undoes_and_redoes_exactly(document):
    _round_trip(
        document,
        AddElementsCommand(
            document,
            [Element(id="n", name="New", lane_id="ops", x=1200, y=300)],
            [Connection(id="cn", source_id="c", target_id="n")],
        ),
    )
    _round_trip(
        document, MoveElementsCommand(document, {"a": (300, 100)}, {"a": (320, 300)}, {"a": "ops"})
    )
    _round_trip(document, UpdateElementsCommand(document, {"b": {"wait_time": 16.0}}, "Wait"))
    _round_trip(
        document, AddConnectionCommand(document, Connection(id="ac", source_id="a", target_id="c"))
    )
    _round_trip(
        document, UpdateConnectionCommand(document, "bc", {"kind": ConnectionKind.REWORK}, "Rework")
    )
    _round_trip(document, AddLaneCommand(document, Lane(id="sec", name="Security"), 1))
    _round_trip(document, UpdateLaneCommand(document, "dev", {"height": 260.0}, "Resize"))
    _round_trip(document, MoveLaneCommand(document, "ops", 0))
    _round_trip(document, UpdateMapInfoCommand(document, {"title": "API"}, "Rename map"))
    _round_trip(document, UpdateCalendarCommand(document, {"hours_per_day": 7.5}, "Calendar"))


def test_removing_an_element_takes_its_connections_and_undo_restores_them(document):
    stack = QUndoStack()
    before = document.to_map()
    stack.push(RemoveItemsCommand(document, ["b"], []))
    assert document.connections() == []
    assert document.element("k").target_id is None  # the idea lost its target
    assert stack.undoText() == "Delete 'Test'"
    stack.undo()
    assert document.to_map() == before


def test_removing_a_loose_connection_alone(document):
    stack = QUndoStack()
    stack.push(RemoveItemsCommand(document, [], ["bc"]))
    assert [c.id for c in document.connections()] == ["ab"]
    assert stack.undoText() == "Delete 1 connection"
    stack.undo()
    assert {c.id for c in document.connections()} == {"ab", "bc"}


def test_removing_a_lane_can_move_its_elements_into_another(document):
    stack = QUndoStack()
    before = document.to_map()
    stack.push(RemoveLaneCommand(document, "ops", move_elements_to="dev"))
    released = document.element("c")
    assert released.lane_id == "dev"
    assert released.y == 120  # same offset (320 - 200) inside the dev band (0-200)
    stack.undo()
    assert document.to_map() == before


def test_removing_a_lane_can_delete_its_elements(document):
    stack = QUndoStack()
    before = document.to_map()
    stack.push(RemoveLaneCommand(document, "ops", move_elements_to=None))
    assert not document.has_element("c")
    assert [c.id for c in document.connections()] == ["ab"]
    stack.undo()
    assert document.to_map() == before


def test_bad_values_raise_before_anything_reaches_the_stack(document):
    stack = QUndoStack()
    before = document.to_map()
    with pytest.raises(ValidationError):
        stack.push(UpdateElementsCommand(document, {"a": {"pca": 140}}, "Bad %C&A"))
    with pytest.raises(ValidationError):
        stack.push(UpdateLaneCommand(document, "dev", {"height": 5.0}, "Too thin"))
    with pytest.raises(ValueError):
        stack.push(UpdateConnectionCommand(document, "ab", {"target_id": "c"}, "Re-aim"))
    assert stack.count() == 0
    assert document.to_map() == before


def test_naming_a_new_element_merges_into_its_add_step(document):
    stack = QUndoStack()
    stack.push(AddElementsCommand(document, [Element(id="n", lane_id="dev", x=900, y=100)]))
    stack.push(
        UpdateElementsCommand(
            document, {"n": {"name": "Sign off"}}, "Rename", names_new_element=True
        )
    )
    assert stack.count() == 1
    assert stack.undoText() == "Add Step 'Sign off'"
    stack.undo()
    assert not document.has_element("n")
    stack.redo()
    assert document.element("n").name == "Sign off"
    # A later rename is its own step.
    stack.push(UpdateElementsCommand(document, {"n": {"name": "Approve"}}, "Rename"))
    assert stack.count() == 2
