"""Read what the advice figures need from an open document or a saved map alike."""

from __future__ import annotations

from dataclasses import dataclass

from ..model.calendar import WorkCalendar
from ..model.document import MapDocument
from ..model.elements import Connection, ConnectionKind, Element, ElementKind, Lane, MapInfo
from ..model.value_stream_map import ValueStreamMap


@dataclass(frozen=True)
class MapSource:
    elements: dict[str, Element]  # in file order
    connections: list[Connection]
    lanes: list[Lane]
    info: MapInfo
    calendar: WorkCalendar

    @classmethod
    def of(cls, source: MapDocument | ValueStreamMap | MapSource) -> MapSource:
        if isinstance(source, MapSource):
            return source
        if isinstance(source, MapDocument):
            return cls({e.id: e for e in source.elements()}, source.connections(),
                       list(source.lanes), source.info, source.calendar)
        return cls({e.id: e for e in source.elements}, list(source.connections),
                   list(source.lanes), source.info, source.calendar)

    def flow_edges(self) -> dict[tuple[str, str], Connection]:
        """Flow connections between timed elements; of two parallel flows the slower one, as
        the analysis times them."""
        edges: dict[tuple[str, str], Connection] = {}
        for connection in self.connections:
            if connection.kind is not ConnectionKind.FLOW:
                continue
            source = self.elements.get(connection.source_id)
            target = self.elements.get(connection.target_id)
            if source is None or target is None or not (source.kind.in_flow
                                                        and target.kind.in_flow):
                continue
            pair = (connection.source_id, connection.target_id)
            known = edges.get(pair)
            if known is None or (connection.delay or 0.0) > (known.delay or 0.0):
                edges[pair] = connection
        return edges


def timed_work(element: Element) -> float:
    """Process time the flow counts: a queue is wait only, whatever a CSV put in it."""
    if element.kind is ElementKind.QUEUE or not element.kind.in_flow:
        return 0.0
    return element.process_time or 0.0


def elapsed(element: Element) -> float:
    """Hours an element adds to the elapsed time of the flow."""
    if not element.kind.in_flow:
        return 0.0
    return (element.wait_time or 0.0) + timed_work(element)
