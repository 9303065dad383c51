"""A compare side follows an edit instead of building its scene again.

An edit with the compare window open changes a few elements of one state. Building that side's
scene again took its 11,000 items at 5,000 elements, whatever the edit. Instead a worker works
out which records differ between the map the side shows and the new one (`map_changes`), and the
GUI thread applies them to the side's read-only document as edits (`follow_changes`): its scene
updates only the changed items, as the canvas does after an edit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel

from ..model import Connection, Element, ValueStreamMap

if TYPE_CHECKING:
    from ..analysis.result import FlowAnalysis
    from .canvas.items.ladder import LaidOutLadder
    from .canvas.scene import MapScene

# More changed records than this and a new scene, built in slices, costs the window less than
# applying them at once (each changed element is validated and redrawn).
FOLLOW_AT_MOST = 200

_R = TypeVar("_R", bound=BaseModel)


@dataclass(frozen=True)
class MapChanges:
    """What turns the map a side shows into the new one, record by record. The records and
    values are the side's own copies: its document may change them later."""

    removed_connections: list[str] = field(default_factory=list)
    removed_elements: list[str] = field(default_factory=list)
    added_elements: list[Element] = field(default_factory=list)
    changed_elements: dict[str, dict[str, Any]] = field(default_factory=dict)
    added_connections: list[Connection] = field(default_factory=list)
    changed_connections: dict[str, dict[str, Any]] = field(default_factory=dict)

    def element_ids(self) -> set[str]:
        """The elements removed, added or changed."""
        return {*self.removed_elements, *(e.id for e in self.added_elements),
                *self.changed_elements}

    @property
    def count(self) -> int:
        return (len(self.removed_connections) + len(self.removed_elements)
                + len(self.added_elements) + len(self.changed_elements)
                + len(self.added_connections) + len(self.changed_connections))


def map_changes(shown: ValueStreamMap, new: ValueStreamMap) -> MapChanges | None:
    """On the worker: the record changes from `shown` to `new`; None when a side had better
    build a new scene (other lanes, calendar or title, which every item shows, an element of
    another kind, or more than FOLLOW_AT_MOST changes)."""
    if (shown.lanes, shown.calendar, shown.info) != (new.lanes, new.calendar, new.info):
        return None
    changes = MapChanges()
    old_elements = {element.id: element for element in shown.elements}
    new_elements = {element.id: element for element in new.elements}
    changes.removed_elements.extend(i for i in old_elements if i not in new_elements)
    for element_id, element in new_elements.items():
        old = old_elements.get(element_id)
        if old is None:
            changes.added_elements.append(element.model_copy())
        elif old != element:
            if old.kind is not element.kind:
                return None
            changes.changed_elements[element_id] = _changed_fields(old, element)
    old_connections = {connection.id: connection for connection in shown.connections}
    for connection in new.connections:
        old_connection = old_connections.pop(connection.id, None)
        if old_connection is None or _ends(old_connection) != _ends(connection):
            if old_connection is not None:  # other ends: taken away and drawn anew
                changes.removed_connections.append(connection.id)
            changes.added_connections.append(connection.model_copy())
        elif old_connection != connection:
            changes.changed_connections[connection.id] = _changed_fields(old_connection,
                                                                         connection)
    changes.removed_connections.extend(old_connections)  # in the shown map only
    return changes if changes.count <= FOLLOW_AT_MOST else None


def _ends(connection: Connection) -> tuple[str, str]:
    return connection.source_id, connection.target_id


def _changed_fields(old: _R, new: _R) -> dict[str, Any]:
    return {
        name: getattr(new, name)
        for name in type(new).model_fields
        if getattr(old, name) != getattr(new, name)
    }


def follow_changes(
    scene: MapScene,
    changes: MapChanges,
    analysis: FlowAnalysis,
    ladder: LaidOutLadder | None,
) -> None:
    """On the GUI thread: apply the changes to the scene's document as one finished edit, with
    the new map's figures (and its ladder, laid out on the worker), so that the scene measures
    itself and lays out its ladder once."""
    document = scene.document
    with document.batch():
        document.remove_connections(changes.removed_connections)
        document.remove_elements(changes.removed_elements)
        document.add_elements(changes.added_elements)
        if changes.changed_elements:
            document.update_elements(changes.changed_elements)
        document.add_connections(changes.added_connections)
        for connection_id, fields in changes.changed_connections.items():
            document.update_connection(connection_id, **fields)
        scene.set_analysis(analysis, ladder)
