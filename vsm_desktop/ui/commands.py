"""Undo commands: every edit made in the GUI is one of these, and they only call MapDocument.

The canvas never changes graphics items directly; it pushes a command, the document changes and
emits events, and the scene follows. Commands that take field values validate them in their
constructor, so a bad value raises before anything reaches the undo stack.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from functools import partial
from typing import Any

from pydantic import BaseModel
from PySide6.QtGui import QUndoCommand

from vsm_desktop.model import (
    Connection,
    ConnectionKind,
    Element,
    ElementKind,
    Lane,
    MapDocument,
    RemovedItems,
)
from vsm_desktop.model.flow_edits import (
    End,
    Rewiring,
    describe_joins,
    plan_insert,
    plan_joins,
    plan_reconnect,
    y_in_lane,
)
from vsm_desktop.model.layout import COLUMN_PITCH

# Commands sharing this id may merge: a rename typed right after adding an element becomes part
# of the "Add Step" entry, so one undo removes the freshly typed step.
_ADD_AND_NAME_ID = 4101


def count_phrase(number: int, noun: str = "element") -> str:
    """How the Edit menu counts things: "1 element", "3 elements"."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _element_phrase(document: MapDocument, element_ids: list[str]) -> str:
    """How the Edit menu names elements: "'Risk review'" for one, "3 elements" for several."""
    if len(element_ids) == 1 and document.has_element(element_ids[0]):
        return f"'{document.element(element_ids[0]).display_name}'"
    return count_phrase(len(element_ids), "element")


class AddElementsCommand(QUndoCommand):
    """Add elements (and connections among them or to existing elements) as one step."""

    def __init__(
        self,
        document: MapDocument,
        elements: Iterable[Element],
        connections: Iterable[Connection] = (),
        text: str | None = None,
    ) -> None:
        super().__init__()
        self._document = document
        self._elements = [element.model_copy() for element in elements]
        self._connections = [connection.model_copy() for connection in connections]
        if text is None:
            if len(self._elements) == 1:
                text = f"Add {self._elements[0].kind.label}"
            else:
                text = f"Add {count_phrase(len(self._elements), 'element')}"
        self.setText(text)

    @property
    def element_ids(self) -> list[str]:
        return [element.id for element in self._elements]

    def redo(self) -> None:
        with self._document.batch():
            self._document.add_elements([element.model_copy() for element in self._elements])
            if self._connections:
                self._document.add_connections([c.model_copy() for c in self._connections])

    def undo(self) -> None:
        self._document.remove_elements(self.element_ids)

    def id(self) -> int:
        return _ADD_AND_NAME_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        """Absorb the naming of the element this command just added (see UpdateElementsCommand)."""
        if not isinstance(other, UpdateElementsCommand) or not other.names_new_element:
            return False
        if set(other.changes) != {self._elements[0].id} or len(self._elements) != 1:
            return False
        element = self._elements[0]
        self._elements[0] = element.model_validate(
            {**element.model_dump(), **other.changes[element.id]}
        )
        self.setText(f"Add {element.kind.label} '{self._elements[0].display_name}'")
        return True


class RemoveItemsCommand(QUndoCommand):
    """Delete elements with every connection touching them, plus chosen connections.

    With ``join``, each flow predecessor of the deleted elements is connected to each successor
    beyond them (model/flow_edits.py), so the map keeps a path from start to end.
    """

    def __init__(
        self,
        document: MapDocument,
        element_ids: Iterable[str],
        connection_ids: Iterable[str] = (),
        text: str | None = None,
        join: bool = False,
    ) -> None:
        super().__init__()
        self._document = document
        self._element_ids = list(dict.fromkeys(element_ids))
        self._connection_ids = list(dict.fromkeys(connection_ids))
        self._removed = RemovedItems()
        self._removed_connections: list[Connection] = []
        self._joins = plan_joins(document, self._element_ids) if join else Rewiring()
        # Said in the status bar after the delete ("Joined 'A' to 'C'.").
        self.joined_text = describe_joins(document, self._joins)
        if text is None:
            if self._element_ids:
                text = f"Delete {_element_phrase(document, self._element_ids)}"
            else:
                text = f"Delete {count_phrase(len(self._connection_ids), 'connection')}"
        self.setText(text)

    def redo(self) -> None:
        element_set = set(self._element_ids)
        loose = [
            connection_id
            for connection_id in self._connection_ids
            if self._document.has_connection(connection_id)
            and not {
                self._document.connection(connection_id).source_id,
                self._document.connection(connection_id).target_id,
            }
            & element_set
        ]
        with self._document.batch():
            self._removed_connections = self._document.remove_connections(loose)
            self._removed = self._document.remove_elements(self._element_ids)
            self._joins.apply(self._document)

    def undo(self) -> None:
        with self._document.batch():
            self._joins.revert(self._document)
            self._document.restore(self._removed)
            self._document.add_connections(self._removed_connections)


class MoveElementsCommand(QUndoCommand):
    """Move elements to new centres; elements dragged into another band change lane too.

    ``new_lanes`` extends the contract: {element id: lane id} for elements whose lane changes
    with the move, so that a drag across bands is one undo step.
    """

    def __init__(
        self,
        document: MapDocument,
        old_positions: Mapping[str, tuple[float, float]],
        new_positions: Mapping[str, tuple[float, float]],
        new_lanes: Mapping[str, str | None] | None = None,
        text: str | None = None,
    ) -> None:
        super().__init__()
        self._document = document
        self._old_positions = dict(old_positions)
        self._new_positions = dict(new_positions)
        self._new_lanes = {
            element_id: lane_id
            for element_id, lane_id in (new_lanes or {}).items()
            if document.element(element_id).lane_id != lane_id
        }
        self._old_lanes = {
            element_id: document.element(element_id).lane_id for element_id in self._new_lanes
        }
        if text is None:
            text = f"Move {_element_phrase(document, list(self._new_positions))}"
        self.setText(text)

    def _apply(self, positions: dict, lanes: dict) -> None:
        with self._document.batch():
            self._document.move_elements(positions)
            if lanes:
                self._document.update_elements(
                    {element_id: {"lane_id": lane_id} for element_id, lane_id in lanes.items()}
                )

    def redo(self) -> None:
        self._apply(self._new_positions, self._new_lanes)

    def undo(self) -> None:
        self._apply(self._old_positions, self._old_lanes)


class UpdateElementsCommand(QUndoCommand):
    """Change fields of one or more elements, e.g. "Change wait time of 'Risk review'"."""

    def __init__(
        self,
        document: MapDocument,
        changes: Mapping[str, Mapping[str, Any]],
        text: str,
        names_new_element: bool = False,
    ) -> None:
        super().__init__(text)
        self._document = document
        self.changes = {element_id: dict(fields) for element_id, fields in changes.items()}
        # Validate everything now: a bad value raises here, before the command is pushed.
        for element_id, fields in self.changes.items():
            element = document.element(element_id)
            element.model_validate({**element.model_dump(), **fields})
        self._old = {
            element_id: {name: getattr(document.element(element_id), name) for name in fields}
            for element_id, fields in self.changes.items()
        }
        self.names_new_element = names_new_element

    def redo(self) -> None:
        self._document.update_elements(self.changes)

    def undo(self) -> None:
        self._document.update_elements(self._old)

    def id(self) -> int:
        return _ADD_AND_NAME_ID if self.names_new_element else -1


class AddConnectionCommand(QUndoCommand):
    def __init__(self, document: MapDocument, connection: Connection, text: str | None = None):
        super().__init__()
        self._document = document
        self._connection = connection.model_copy()
        if text is None:
            source = document.element(connection.source_id).display_name
            target = document.element(connection.target_id).display_name
            text = f"Connect '{source}' to '{target}'"
        self.setText(text)

    @property
    def connection_id(self) -> str:
        return self._connection.id

    def redo(self) -> None:
        self._document.add_connections([self._connection.model_copy()])

    def undo(self) -> None:
        self._document.remove_connections([self._connection.id])


class UpdateFieldsCommand(QUndoCommand):
    """Change some fields of one record (an arrow, a lane, the map's info or its calendar).

    The new values are validated before the command is pushed (a bad value raises here), and
    undo writes the old values back through the same document method.
    """

    def __init__(
        self,
        text: str,
        record: BaseModel,
        changes: Mapping[str, Any],
        apply: Callable[..., object],
    ) -> None:
        super().__init__(text)
        self._changes = dict(changes)
        record.model_validate({**record.model_dump(), **self._changes})
        self._old = {name: getattr(record, name) for name in self._changes}
        self._apply = apply

    def redo(self) -> None:
        self._apply(**self._changes)

    def undo(self) -> None:
        self._apply(**self._old)


class UpdateConnectionCommand(UpdateFieldsCommand):
    def __init__(
        self, document: MapDocument, connection_id: str, changes: Mapping[str, Any], text: str
    ) -> None:
        if {"source_id", "target_id"} & set(changes):
            raise ValueError("remove and add a connection to change its ends")
        apply = partial(document.update_connection, connection_id)
        super().__init__(text, document.connection(connection_id), changes, apply)


class AddLaneCommand(QUndoCommand):
    def __init__(
        self, document: MapDocument, lane: Lane, index: int | None = None, text: str | None = None
    ) -> None:
        super().__init__(text or f"Add lane '{lane.name}'")
        self._document = document
        self._lane = lane.model_copy()
        self._index = len(document.lanes) if index is None else index

    def redo(self) -> None:
        self._document.add_lane(self._lane.model_copy(), self._index)

    def undo(self) -> None:
        self._document.remove_lane(self._lane.id)


class RemoveLaneCommand(QUndoCommand):
    """Remove a lane; its elements move to another lane (keeping their offset) or are deleted."""

    def __init__(
        self, document: MapDocument, lane_id: str, move_elements_to: str | None = None
    ) -> None:
        lane = document.lane(lane_id)
        super().__init__(f"Remove lane '{lane.name}'")
        self._document = document
        self._lane_id = lane_id
        self._move_to = move_elements_to
        if move_elements_to == lane_id:
            raise ValueError("choose another lane to move the elements to")
        if move_elements_to is not None:
            document.lane(move_elements_to)  # raises StopIteration for an unknown lane
        self._lane: Lane | None = None
        self._index = 0
        self._removed = RemovedItems()
        self._old_places: dict[str, dict[str, Any]] = {}

    def redo(self) -> None:
        document = self._document
        members = [e.id for e in document.elements() if e.lane_id == self._lane_id]
        with document.batch():
            if members and self._move_to is not None:
                self._old_places = {}
                new_places = {}
                for element_id in members:
                    element = document.element(element_id)
                    self._old_places[element_id] = {"lane_id": element.lane_id, "y": element.y}
                    y = y_in_lane(document, self._lane_id, self._move_to, element.y)
                    new_places[element_id] = {"lane_id": self._move_to, "y": y}
                document.update_elements(new_places)
            elif members:
                self._removed = document.remove_elements(members)
            self._lane, self._index = document.remove_lane(self._lane_id)

    def undo(self) -> None:
        document = self._document
        with document.batch():
            document.add_lane(self._lane.model_copy(), self._index)
            if self._old_places:
                document.update_elements(self._old_places)
            elif self._removed.elements:
                document.restore(self._removed)


class UpdateLaneCommand(UpdateFieldsCommand):
    def __init__(
        self, document: MapDocument, lane_id: str, changes: Mapping[str, Any], text: str
    ) -> None:
        apply = partial(document.update_lane, lane_id)
        super().__init__(text, document.lane(lane_id), changes, apply)


class MoveLaneCommand(QUndoCommand):
    def __init__(self, document: MapDocument, lane_id: str, new_index: int) -> None:
        lane = document.lane(lane_id)
        super().__init__(f"Move lane '{lane.name}'")
        self._document = document
        self._lane_id = lane_id
        self._new_index = max(0, min(new_index, len(document.lanes) - 1))
        self._old_index = 0

    def redo(self) -> None:
        self._old_index = self._document.move_lane(self._lane_id, self._new_index)

    def undo(self) -> None:
        self._document.move_lane(self._lane_id, self._old_index)


class UpdateMapInfoCommand(UpdateFieldsCommand):
    def __init__(self, document: MapDocument, changes: Mapping[str, Any], text: str) -> None:
        super().__init__(text, document.info, changes, document.update_info)


class UpdateCalendarCommand(UpdateFieldsCommand):
    def __init__(self, document: MapDocument, changes: Mapping[str, Any], text: str) -> None:
        super().__init__(text, document.calendar, changes, document.update_calendar)


def _handover_phrase(document: MapDocument, connection: Connection) -> str:
    source = document.element(connection.source_id).display_name
    target = document.element(connection.target_id).display_name
    return f"'{source}' → '{target}'"


class InsertIntoConnectionCommand(QUndoCommand):
    """Put an element into a handover, splitting it in two (one undo step).

    A new element is added; an existing unconnected one moves to ``position`` (and its lane).
    Raises ValueError (a sentence for the status bar) when the element cannot go there.
    """

    def __init__(
        self,
        document: MapDocument,
        connection_id: str,
        element: Element,
        position: tuple[float, float] | None = None,
        lane_id: str | None = None,
    ) -> None:
        super().__init__()
        self._document = document
        self._is_new = not document.has_element(element.id)
        self._element = element.model_copy()
        self._rewiring = plan_insert(document, connection_id, self._element)
        self._new_place: dict[str, object] = {}
        self._old_place: dict[str, object] = {}
        if not self._is_new and position is not None:
            self._new_place = {"x": position[0], "y": position[1], "lane_id": lane_id}
            self._old_place = {name: getattr(element, name) for name in self._new_place}
        phrase = _handover_phrase(document, document.connection(connection_id))
        self.setText(f"Insert '{element.display_name}' into {phrase}")

    @property
    def element_id(self) -> str:
        return self._element.id

    def redo(self) -> None:
        with self._document.batch():
            if self._is_new:
                self._document.add_elements([self._element.model_copy()])
            elif self._new_place:
                self._document.update_element(self._element.id, **self._new_place)
            self._rewiring.apply(self._document)

    def undo(self) -> None:
        with self._document.batch():
            self._rewiring.revert(self._document)
            if self._is_new:
                self._document.remove_elements([self._element.id])
            elif self._old_place:
                self._document.update_element(self._element.id, **self._old_place)


class ReconnectCommand(QUndoCommand):
    """Move the source or target of a connection to another element (one undo step).

    Raises ValueError (a sentence for the status bar) when the new end is not allowed; check
    ``changes`` before pushing: dropping an end back where it was changes nothing.
    """

    def __init__(self, document: MapDocument, connection_id: str, end: End, element_id: str):
        super().__init__()
        self._document = document
        self._rewiring = plan_reconnect(document, connection_id, end, element_id)
        name = document.element(element_id).display_name
        verb = "Start" if end == "source" else "Send"
        self.setText(f"{verb} the connection {'from' if end == 'source' else 'to'} '{name}'")

    @property
    def changes(self) -> bool:
        return self._rewiring is not None

    def redo(self) -> None:
        if self._rewiring is not None:
            self._rewiring.apply(self._document)

    def undo(self) -> None:
        if self._rewiring is not None:
            self._rewiring.revert(self._document)


class AppendStepCommand(QUndoCommand):
    """A step typed after another one: its new lane (if any), the step, and the flow into it.

    When the previous element hands over to a "value realised" end, the new step goes into that
    handover, so the map still ends where it ended.
    """

    def __init__(
        self,
        document: MapDocument,
        element: Element,
        previous_id: str | None = None,
        new_lane: Lane | None = None,
    ) -> None:
        super().__init__(f"Add {element.kind.label} '{element.display_name}'")
        self._document = document
        self._element = element.model_copy()
        self._new_lane = new_lane.model_copy() if new_lane is not None else None
        self._rewiring = Rewiring()
        self._end_moves: dict[str, tuple[tuple[float, float], tuple[float, float]]] = {}
        if previous_id is not None and document.has_element(previous_id):
            into_end = [
                c for c in document.connections_of([previous_id])
                if c.source_id == previous_id
                and c.kind is ConnectionKind.FLOW
                and document.element(c.target_id).kind is ElementKind.END
            ]
            if into_end:
                self._rewiring = plan_insert(document, into_end[0].id, self._element)
                # The end moves right when the new step would sit on it or after it.
                end = document.element(into_end[0].target_id)
                if end.x < self._element.x + COLUMN_PITCH / 2:
                    new_x = self._element.x + COLUMN_PITCH
                    self._end_moves = {end.id: ((end.x, end.y), (new_x, end.y))}
            elif document.element(previous_id).kind.in_flow:
                link = Connection(source_id=previous_id, target_id=self._element.id)
                self._rewiring = Rewiring(added=(link,))

    @property
    def element_id(self) -> str:
        return self._element.id

    def redo(self) -> None:
        with self._document.batch():
            if self._new_lane is not None:
                self._document.add_lane(self._new_lane.model_copy())
            self._document.add_elements([self._element.model_copy()])
            self._rewiring.apply(self._document)
            if self._end_moves:
                self._document.move_elements({i: new for i, (_, new) in self._end_moves.items()})

    def undo(self) -> None:
        with self._document.batch():
            if self._end_moves:
                self._document.move_elements({i: old for i, (old, _) in self._end_moves.items()})
            self._rewiring.revert(self._document)
            self._document.remove_elements([self._element.id])
            if self._new_lane is not None:
                self._document.remove_lane(self._new_lane.id)
