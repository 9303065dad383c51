"""Spans read the document's one graph: edits made through the document's mutation methods
change them at once, and they agree with NetworkX's own walk over that graph."""

import networkx as nx
import pytest

from tests.analysis.test_advice import span_map  # worked out by hand there: 24 h
from vsm_desktop.analysis.map_source import MapSource
from vsm_desktop.analysis.network import PreparedMap
from vsm_desktop.analysis.spans import measure_spans
from vsm_desktop.model import Connection, ConnectionKind
from vsm_desktop.model.document import MapDocument


def longest_on_graph(graph: nx.MultiDiGraph, first: str, last: str) -> float:
    """The span by brute force with NetworkX: every simple path along flow edges, each element
    after `first` adding its elapsed hours and each handover its delay (the slower of two)."""
    flow = nx.DiGraph()
    for source, target, data in graph.edges(data=True):
        if data["flow"]:
            known = flow.get_edge_data(source, target, {"delay": 0.0})["delay"]
            flow.add_edge(source, target, delay=max(known, data["delay"]))
    return max(
        sum(flow[a][b]["delay"] + graph.nodes[b]["elapsed"] for a, b in nx.utils.pairwise(path))
        for path in nx.all_simple_paths(flow, first, last)
    )


def span_hours(document: MapDocument) -> float | None:
    [span] = measure_spans(document)
    return span.hours


def test_spans_follow_the_documents_graph_through_its_edits():
    b = span_map()
    document = MapDocument(b.build())
    approve, deploy = b.id("Approve"), b.id("Deploy")

    def agrees_with_the_graph(hand: float) -> None:
        assert span_hours(document) == pytest.approx(hand)
        assert span_hours(document) == pytest.approx(
            longest_on_graph(document.graph, approve, deploy)
        )

    agrees_with_the_graph(24)
    # A shortcut with a 30 h delay becomes the longest path: 30 + Deploy's 5.
    shortcut = Connection(source_id=approve, target_id=deploy, delay=30)
    document.add_connections([shortcut])
    agrees_with_the_graph(35)
    # Test A's wait grows to 40 h: Dev 10 + Test A 42 + Deploy 5.
    document.update_element(b.id("Test A"), wait_time=40.0)
    agrees_with_the_graph(57)
    # The shortcut's delay grows past that: 100 + 5.
    document.update_connection(shortcut.id, delay=100.0)
    agrees_with_the_graph(105)
    # As an information arrow it no longer times the flow.
    document.update_connection(shortcut.id, kind=ConnectionKind.INFORMATION)
    agrees_with_the_graph(57)
    document.remove_connections([shortcut.id])
    agrees_with_the_graph(57)
    # Taking Dev → Test A out leaves only branch B: Dev 10 + 1 + Test B 8 + Deploy 5.
    [dev_to_a] = [c for c in document.connections()
                  if (c.source_id, c.target_id) == (b.id("Dev"), b.id("Test A"))]
    document.remove_connections([dev_to_a.id])
    agrees_with_the_graph(24)


def test_spans_read_the_graph_they_are_given_instead_of_building_one():
    document = MapDocument(span_map().build())
    assert MapSource.of(document).graph is document.graph
    prepared = PreparedMap.of(span_map().build())
    assert MapSource.of(prepared).graph is prepared.graph
    [span] = measure_spans(prepared)
    assert span.hours == pytest.approx(24)
