"""Read what the advice figures need from an open document or a saved map alike."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..model.calendar import WorkCalendar
from ..model.document import MapDocument
from ..model.elements import Connection, ConnectionKind, Element, ElementKind, Lane, MapInfo
from ..model.graph import build_graph
from ..model.value_stream_map import ValueStreamMap
from .network import PreparedMap

if TYPE_CHECKING:  # NetworkX is imported where a graph is built (model/graph.py)
    import networkx as nx

# Enum properties cost a call each; on a 5,000-element map a set lookup is what keeps these
# figures well under the analysis's own time.
FLOW_KINDS = frozenset(kind for kind in ElementKind if kind.in_flow)
WORK_KINDS = frozenset(kind for kind in ElementKind if kind.does_work)


@dataclass
class MapSource:
    elements: dict[str, Element]  # in file order
    connections: list[Connection]
    lanes: list[Lane]
    info: MapInfo
    calendar: WorkCalendar
    _flow_edges: dict[tuple[str, str], Connection] | None = field(default=None, repr=False)
    _graph: nx.MultiDiGraph | None = field(default=None, repr=False)

    @classmethod
    def of(cls, source: MapInput) -> MapSource:
        if isinstance(source, MapSource):
            return source
        if isinstance(source, MapDocument):
            return cls({e.id: e for e in source.elements()}, source.connections(),
                       list(source.lanes), source.info, source.calendar, _graph=source.graph)
        if isinstance(source, PreparedMap):
            return cls._of_saved(source.value_stream_map, source.graph)
        return cls._of_saved(source, None)

    @classmethod
    def _of_saved(cls, saved: ValueStreamMap, graph: nx.MultiDiGraph | None) -> MapSource:
        return cls({e.id: e for e in saved.elements}, list(saved.connections),
                   list(saved.lanes), saved.info, saved.calendar, _graph=graph)

    @property
    def graph(self) -> nx.MultiDiGraph:
        """The map's one graph (model/graph.py): the document's or prepared map's own, built
        once for a saved map, and only when a figure asks for it."""
        if self._graph is None:
            self._graph = build_graph(self.elements.values(), self.connections)
        return self._graph

    def flow_edges(self) -> dict[tuple[str, str], Connection]:
        """Flow connections between timed elements; of two parallel flows the slower one, as
        the analysis times them. Worked out once per source."""
        if self._flow_edges is not None:
            return self._flow_edges
        edges: dict[tuple[str, str], Connection] = {}
        flow = ConnectionKind.FLOW
        elements = self.elements
        for connection in self.connections:
            if connection.kind is not flow:
                continue
            source = elements.get(connection.source_id)
            target = elements.get(connection.target_id)
            if source is None or target is None or not (source.kind in FLOW_KINDS
                                                        and target.kind in FLOW_KINDS):
                continue
            pair = (connection.source_id, connection.target_id)
            known = edges.get(pair)
            if known is None or (connection.delay or 0.0) > (known.delay or 0.0):
                edges[pair] = connection
        self._flow_edges = edges
        return edges


# What the advice figures read: an open document, a saved map, or one already read.
MapInput = MapDocument | ValueStreamMap | PreparedMap | MapSource


def timed_work(element: Element) -> float:
    """Process time the flow counts: a queue is wait only, whatever a CSV put in it."""
    if element.kind is ElementKind.QUEUE or element.kind not in FLOW_KINDS:
        return 0.0
    return element.process_time or 0.0


def elapsed(element: Element) -> float:
    """Hours an element adds to the elapsed time of the flow."""
    if element.kind not in FLOW_KINDS:
        return 0.0
    return (element.wait_time or 0.0) + timed_work(element)
