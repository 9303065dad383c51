"""The document's one graph carries the times the analysis reads, and every edit keeps them."""

import pytest

from vsm_desktop.analysis import analyze
from vsm_desktop.model import Connection, ConnectionKind, Element, ElementKind, MapDocument


@pytest.fixture
def document():
    document = MapDocument()
    start = Element(id="s", kind=ElementKind.START)
    step = Element(id="a", name="A", process_time=2.0, wait_time=3.0)
    queue = Element(id="q", kind=ElementKind.QUEUE, wait_time=4.0, process_time=9.0)
    end = Element(id="e", kind=ElementKind.END)
    document.add_elements([start, step, queue, end])
    document.add_connections([
        Connection(id="sa", source_id="s", target_id="a"),
        Connection(id="aq", source_id="a", target_id="q", delay=1.0),
        Connection(id="qe", source_id="q", target_id="e"),
    ])
    return document


def test_nodes_carry_wait_process_and_elapsed_and_a_queue_is_wait_only(document):
    nodes = document.graph.nodes
    assert (nodes["a"]["wait"], nodes["a"]["process"], nodes["a"]["elapsed"]) == (3.0, 2.0, 5.0)
    # The queue's 9 h of process time (possible from a CSV) is not time the work takes.
    assert (nodes["q"]["wait"], nodes["q"]["process"], nodes["q"]["elapsed"]) == (4.0, 0.0, 4.0)
    assert nodes["q"]["kind"] is ElementKind.QUEUE and nodes["q"]["flow"]
    # 3 + 2 + 1 (delay) + 4 = 10 hours.
    assert analyze(document).lead_time == pytest.approx(10)


def test_edits_update_the_attributes(document):
    document.update_element("a", wait_time=None, process_time=6.0)
    assert document.graph.nodes["a"]["elapsed"] == 6.0
    document.update_connection("aq", delay=2.5)
    assert document.graph.edges["a", "q", "aq"]["delay"] == 2.5
    assert analyze(document).lead_time == pytest.approx(6 + 2.5 + 4)


def test_flow_in_counts_follow_kind_changes_and_removals(document):
    nodes, edges = document.graph.nodes, document.graph.edges
    assert [nodes[n]["flow_in"] for n in "saqe"] == [0, 1, 1, 1]
    document.update_connection("aq", kind=ConnectionKind.INFORMATION)
    assert not edges["a", "q", "aq"]["flow"] and nodes["q"]["flow_in"] == 0
    document.update_connection("aq", kind=ConnectionKind.FLOW)
    assert nodes["q"]["flow_in"] == 1
    # A step turned into a note leaves the flow, and so do its arrows.
    document.update_element("a", kind=ElementKind.NOTE)
    assert not nodes["a"]["flow"] and not edges["s", "a", "sa"]["flow"]
    assert nodes["q"]["flow_in"] == 0
    document.update_element("a", kind=ElementKind.STEP)
    assert nodes["q"]["flow_in"] == 1 and edges["s", "a", "sa"]["flow"]
    removed = document.remove_elements(["q"])
    assert nodes["e"]["flow_in"] == 0
    document.restore(removed)
    assert nodes["e"]["flow_in"] == 1 and nodes["q"]["flow_in"] == 1


def test_rework_arrows_carry_their_share(document):
    document.add_connections([Connection(
        id="back", kind=ConnectionKind.REWORK, source_id="q", target_id="a", rework_percent=25,
    )])
    data = document.graph.edges["q", "a", "back"]
    assert data["rework_share"] == 0.25 and not data["flow"]
    assert document.graph.nodes["a"]["flow_in"] == 1  # rework does not hold up the order


def test_analysis_reads_the_document_graph_and_matches_the_saved_map(document):
    document.update_element("a", wait_time=10.0)
    live, saved = analyze(document), analyze(document.to_map())
    assert live.lead_time == saved.lead_time == pytest.approx(17)
    assert live.critical_path == saved.critical_path == ("s", "a", "q", "e")
