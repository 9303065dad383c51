"""Edits that rewire the flow around an element: insert into a handover, join on delete,
move one end of a connection, and where a step appended after another one sits.

Each edit is planned here from the document as it is, as plain data (which connections go, which
come), so that the undo commands in the ui only apply and revert the plan. Qt-free and tested
without a display.

Insert: the handover from A to B becomes A -> X -> B. The part into the successor (X -> B) keeps
the original connection: its id, delay, method and label, because the delay and the method
describe how the work reaches B (a ticket waiting in B's queue), and that stays true. The new
part A -> X is a plain flow. So inserting a zero-time element never changes the lead time, and
deleting it again with a join gives back exactly the connection that was split.

Join on delete: each flow predecessor of the deleted elements is connected to each flow
successor beyond them (through a run of deleted elements too), unless they are already
connected. A join copies the connection that arrived at the successor, the mirror of insert.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from .elements import Connection, ConnectionKind, Element, ElementKind, new_id
from .layout import COLUMN_PITCH, ELEMENT_SIZE, FIRST_COLUMN_X

if TYPE_CHECKING:
    from .document import MapDocument

End = Literal["source", "target"]


@dataclass(frozen=True)
class Rewiring:
    """Connections one edit takes out and puts in; revert is the exact inverse of apply."""

    removed: tuple[Connection, ...] = ()
    added: tuple[Connection, ...] = ()

    def apply(self, document: MapDocument) -> None:
        with document.batch():
            document.remove_connections([c.id for c in self.removed])
            document.add_connections([c.model_copy() for c in self.added])

    def revert(self, document: MapDocument) -> None:
        with document.batch():
            document.remove_connections([c.id for c in self.added])
            document.add_connections([c.model_copy() for c in self.removed])


def _name(document: MapDocument, element_id: str) -> str:
    return f"'{document.element(element_id).display_name}'"


def _names(document: MapDocument, element_ids: Iterable[str]) -> str:
    names = [_name(document, i) for i in dict.fromkeys(element_ids)]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


# -- insert -------------------------------------------------------------------------------------


def can_sit_inside_flow(element: Element) -> bool:
    """Steps, queues and approvals can go between two elements; requests, ends, ideas cannot."""
    return element.kind in (ElementKind.STEP, ElementKind.QUEUE, ElementKind.APPROVAL)


def plan_insert(document: MapDocument, connection_id: str, element: Element) -> Rewiring:
    """Split a flow connection around ``element`` (in the map already, or about to be added).

    Raises ValueError with a sentence for the status bar when it cannot go there.
    """
    connection = document.connection(connection_id)
    if connection.kind is not ConnectionKind.FLOW:
        raise ValueError("Only a handover (flow) can take an element in between.")
    if not can_sit_inside_flow(element):
        raise ValueError(f"A {element.kind.label.lower()} cannot sit in the middle of a flow.")
    if element.id in (connection.source_id, connection.target_id):
        raise ValueError("The element is already an end of that handover.")
    if document.has_element(element.id) and document.connections_of([element.id]):
        raise ValueError(
            f"{_name(document, element.id)} is already connected; only an unconnected element "
            "can be dropped into a handover."
        )
    into = Connection(source_id=connection.source_id, target_id=element.id)
    out_of = connection.model_copy(update={"source_id": element.id})
    return Rewiring(removed=(connection,), added=(into, out_of))


# -- delete and join ----------------------------------------------------------------------------


def plan_joins(document: MapDocument, element_ids: Iterable[str]) -> Rewiring:
    """The flow connections that keep a path through the elements about to be deleted.

    Read from the connections that touch the deleted elements and their predecessors, not from
    ``document.graph``: the graph is built on first use, and a delete must not build the whole
    map's graph on the GUI thread (about 80 ms at 5,000 elements) to look at a few arrows.
    """
    ordered = [i for i in dict.fromkeys(element_ids) if document.has_element(i)]
    deleted = set(ordered)
    flows_in: dict[str, list[Connection]] = {}
    flows_out: dict[str, list[Connection]] = {}
    for connection in document.connections_of(deleted):
        if connection.kind is ConnectionKind.FLOW:
            flows_in.setdefault(connection.target_id, []).append(connection)
            flows_out.setdefault(connection.source_id, []).append(connection)
    sources = {
        c.source_id
        for node in ordered
        for c in flows_in.get(node, ())
        if c.source_id not in deleted
    }
    connected = {
        (c.source_id, c.target_id)
        for c in document.connections_of(sources)
        if c.kind is ConnectionKind.FLOW and c.source_id in sources
    }

    joins: dict[tuple[str, str], Connection] = {}
    for node in ordered:
        for source in dict.fromkeys(c.source_id for c in flows_in.get(node, ())):
            if source in deleted:
                continue
            # Walk forward through deleted elements to the first kept ones.
            seen, frontier = {node}, [node]
            while frontier:
                current = frontier.pop()
                for arriving in flows_out.get(current, ()):
                    target = arriving.target_id
                    if target in deleted:
                        if target not in seen:
                            seen.add(target)
                            frontier.append(target)
                    elif (
                        target != source
                        and (source, target) not in joins
                        and (source, target) not in connected
                    ):
                        joins[(source, target)] = arriving.model_copy(
                            update={"id": new_id(), "source_id": source}
                        )
    return Rewiring(added=tuple(joins.values()))


def describe_joins(document: MapDocument, joins: Rewiring) -> str:
    """What the status bar says after a delete that joined ("Joined 'A' to 'C'")."""
    if not joins.added:
        return ""
    by_source: dict[str, list[str]] = {}
    for connection in joins.added:
        by_source.setdefault(connection.source_id, []).append(connection.target_id)
    parts = [
        f"{_name(document, source)} to {_names(document, targets)}"
        for source, targets in by_source.items()
        if document.has_element(source) and all(document.has_element(t) for t in targets)
    ]
    return "Joined " + "; ".join(parts) + "." if parts else ""


# -- moving one end of a connection -------------------------------------------------------------


def plan_reconnect(
    document: MapDocument, connection_id: str, end: End, element_id: str
) -> Rewiring | None:
    """Move the source or target of a connection to another element; None if nothing changes.

    The connection keeps its id, kind, delay and method. Raises ValueError with a sentence for
    the status bar when the new end is not allowed.
    """
    connection = document.connection(connection_id)
    if getattr(connection, f"{end}_id") == element_id:
        return None
    element = document.element(element_id)
    if not element.kind.in_flow:
        raise ValueError("Kaizen ideas and notes take no arrows; use their target.")
    moved = connection.model_copy(update={f"{end}_id": element_id})
    if moved.source_id == moved.target_id:
        raise ValueError("A connection cannot start and end on the same element.")
    for other in document.connections_of([moved.source_id]):
        if (
            other.id != connection.id
            and other.kind is moved.kind
            and (other.source_id, other.target_id) == (moved.source_id, moved.target_id)
        ):
            raise ValueError(
                f"{_name(document, moved.source_id)} is already connected to "
                f"{_name(document, moved.target_id)}."
            )
    return Rewiring(removed=(connection,), added=(moved,))


# -- where an appended step goes ----------------------------------------------------------------


def spot_after(
    document: MapDocument,
    previous: Element | None,
    lane_id: str | None,
    kind: ElementKind,
    ignoring: Iterable[str] = (),
) -> tuple[float, float]:
    """A free centre one column right of ``previous``, on the line its lane already uses.

    ``ignoring``: elements that will make room themselves (a "value realised" end moving right).
    One pass keeps the elements that could be in the way (on that line, not left behind); the
    columns are then tried left to right against those, in order, so a long row costs its
    length once, not the whole map once per column.
    """
    if previous is not None and previous.lane_id == lane_id:
        y = previous.y
    else:
        y = _lane_line(document, lane_id, previous)
    x = previous.x + COLUMN_PITCH if previous is not None else FIRST_COLUMN_X
    width, height = ELEMENT_SIZE[kind]
    skipped = set(ignoring)
    in_the_way = []  # (centre x, how near a column's centre may come), on this line
    for element in document.elements():
        other_width, other_height = ELEMENT_SIZE[element.kind]
        reach = (width + other_width) / 2 + 20
        if (
            abs(element.y - y) < (height + other_height) / 2 + 10
            and element.x + reach > x
            and element.id not in skipped
        ):
            in_the_way.append((element.x, reach))
    in_the_way.sort(key=lambda other: other[0] - other[1])
    index = 0
    while index < len(in_the_way):
        other_x, reach = in_the_way[index]
        if abs(other_x - x) < reach:
            x += COLUMN_PITCH
        elif other_x < x:
            index += 1  # left behind: the columns only move right
        else:
            break  # it and every one after it start right of this column
    return x, y


def _lane_line(document: MapDocument, lane_id: str | None, previous: Element | None) -> float:
    """The y a step appended in a lane goes on: its last flow element's, else the band's middle."""
    in_lane = [e for e in document.elements() if e.lane_id == lane_id and e.kind.in_flow]
    if in_lane:
        return in_lane[-1].y
    band = next((b for b in document.lane_bands() if b.lane.id == lane_id), None)
    if band is not None:
        return (band.top + band.bottom) / 2
    return previous.y if previous is not None else 100.0


def y_in_lane(document: MapDocument, old_lane_id: str | None, new_lane_id: str, y: float) -> float:
    """Where an element changing lane goes: the same offset within the new band, or its middle."""
    bands = {band.lane.id: band for band in document.lane_bands()}
    new_band = bands[new_lane_id]
    old_band = bands.get(old_lane_id or "")
    offset = (y - old_band.top) if old_band else (new_band.bottom - new_band.top) / 2
    return new_band.top + min(max(offset, 0.0), new_band.bottom - new_band.top)
