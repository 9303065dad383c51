"""Whether a map has any duration or share given as a range (a numpy-free question).

The window asks it after every edit to decide whether to start the lead-time simulation; the
simulation itself (monte_carlo.py, numpy) is imported only when the answer is yes, so numpy
stays out of the window's start.
"""

from __future__ import annotations

from ..model.document import MapDocument
from ..model.ranges import range_of
from ..model.value_stream_map import ValueStreamMap
from .network import PreparedMap, graph_of


def has_ranges(source: MapDocument | ValueStreamMap | PreparedMap) -> bool:
    """Whether any element or connection of the map carries a range that still holds."""
    graph = graph_of(source)
    return any(
        range_of(element, name) is not None
        for _, element in graph.nodes(data="element") for name in ("process_time", "wait_time")
    ) or any(
        range_of(connection, name) is not None
        for _, _, connection in graph.edges(data="connection")
        for name in ("delay", "rework_percent")
    )
