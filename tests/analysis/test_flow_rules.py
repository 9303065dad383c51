"""The flow rules of the analysis, each on a small map worked out by hand."""

import random

import pytest

from vsm_desktop.analysis import Severity, analyze
from vsm_desktop.analysis.formatting import share_text
from vsm_desktop.analysis.whatif import rank_what_ifs
from vsm_desktop.model import (
    Connection,
    ConnectionKind,
    Element,
    ElementKind,
    MapDocument,
    ValueStreamMap,
)

from .maps import MapBuilder


def diamond(y_upper=100.0, y_lower=300.0, names=("Upper", "Lower")):
    """Start -> two 5-hour branches -> End: equally long paths."""
    elements = [
        Element(id="start", kind=ElementKind.START, x=0, y=200),
        Element(id="u", name=names[0], process_time=5, wait_time=0, x=200, y=y_upper),
        Element(id="l", name=names[1], process_time=2, wait_time=3, x=200, y=y_lower),
        Element(id="end", kind=ElementKind.END, x=400, y=200),
    ]
    connections = [
        Connection(id="c1", source_id="start", target_id="u"),
        Connection(id="c2", source_id="start", target_id="l"),
        Connection(id="c3", source_id="u", target_id="end"),
        Connection(id="c4", source_id="l", target_id="end"),
    ]
    return elements, connections


def test_a_tie_is_decided_by_the_branch_drawn_highest_whatever_the_file_order():
    elements, connections = diamond()
    paths = set()
    rng = random.Random(4)
    for _ in range(12):
        rng.shuffle(elements)
        rng.shuffle(connections)
        result = analyze(ValueStreamMap(elements=list(elements), connections=list(connections)))
        assert result.lead_time == pytest.approx(5)
        paths.add((result.critical_path, result.critical_connections))
    assert paths == {(("start", "u", "end"), ("c1", "c3"))}


def test_a_tie_between_branches_at_the_same_height_goes_by_name():
    elements, connections = diamond(y_upper=200, y_lower=200, names=("Zeta", "Alpha"))
    result = analyze(ValueStreamMap(elements=elements, connections=connections))
    assert result.critical_path == ("start", "l", "end")  # Alpha before Zeta


def test_every_element_with_zero_slack_is_critical_not_only_the_traced_path():
    elements, connections = diamond()
    result = analyze(ValueStreamMap(elements=elements, connections=connections))
    assert result.critical_elements == {"start", "u", "l", "end"}
    assert result.timings["l"].on_critical_path


def test_when_the_flow_no_longer_joins_start_to_end_the_lead_time_is_unknown_not_zero():
    b = MapBuilder()
    b.add("Start", "start").add("A", pt=2, wait=1).add("B", pt=3, wait=1).add("End", "end")
    b.flow("Start", "A")
    b.flow("B", "End")  # the handover A -> B was deleted
    result = analyze(b.build())
    assert result.lead_time is None
    assert result.process_time is None and result.wait_time is None
    assert result.flow_efficiency is None and result.expected_lead_time is None
    assert result.critical_path == ()
    [problem] = [f for f in result.findings if f.code == "lead_time_unknown"]
    assert problem.severity is Severity.PROBLEM
    assert "Lead time unknown" in problem.message
    assert rank_what_ifs(b.build()) == []


def test_a_queue_is_wait_only_its_process_time_is_ignored():
    b = MapBuilder()
    b.add("Start", "start").add("Q", "queue", wait=6, pt=40).add("A", pt=1, wait=0)
    b.add("End", "end")
    b.flow("Start", "Q", "A", "End")
    result = analyze(b.build())
    assert result.lead_time == pytest.approx(7)  # 6 h in the queue + 1 h of work
    assert result.process_time == pytest.approx(1)
    lane_process = sum(lane.process_time for lane in result.lane_times)
    assert lane_process == pytest.approx(1)


def test_a_dead_end_is_not_on_a_path_to_the_end_and_does_not_squeeze_its_neighbours():
    b = MapBuilder()
    b.add("Start", "start").add("A", pt=1, wait=0).add("Side", pt=10, wait=0)
    b.add("End", "end")
    b.flow("Start", "A", "End")
    b.flow("A", "Side")  # work that goes nowhere
    result = analyze(b.build())
    side = result.timings[b.id("Side")]
    assert side.slack is None and side.latest_finish is None and not side.reaches_end
    assert result.slack(b.id("Side")) is None
    # A finishes at 1 h and the end needs it at 1 h: zero slack, the dead end changes nothing.
    assert result.slack(b.id("A")) == 0
    assert b.id("Side") not in result.critical_elements
    [dead_end] = [f for f in result.findings if f.code == "dead_end"]
    assert "not on a path to the end" in dead_end.message


def test_a_step_without_a_wait_gets_the_warning_the_docs_promise():
    b = MapBuilder()
    b.add("Start", "start").add("Build", pt=2, pca=90).add("Ship", pt=1, wait=0, pca=90)
    b.add("End", "end")
    b.flow("Start", "Build", "Ship", "End")
    codes = {f.code: f for f in analyze(b.build()).findings}
    assert codes["missing_wait_time"].element_ids == (b.id("Build"),)
    assert "'Build'" in codes["missing_wait_time"].message


def test_slack_carries_no_float_noise():
    # 0.1 + 0.2 is 0.30000000000000004 in floating point; the other branch takes 0.3.
    b = MapBuilder()
    b.add("Start", "start").add("A", pt=0.1, wait=0).add("B", pt=0.2, wait=0)
    b.add("C", pt=0.3, wait=0).add("End", "end")
    b.flow("Start", "A", "B", "End")
    b.flow("Start", "C", "End")
    result = analyze(b.build())
    assert result.slack(b.id("C")) == 0.0
    assert all(t.slack == 0.0 for t in result.timings.values())


def test_a_tiny_flow_efficiency_shows_two_significant_digits():
    assert share_text(0.0003) == "0.03%"
    assert share_text(0.00123) == "0.12%"
    assert share_text(0.2581) == "25.8%"
    assert share_text(0.0) == "0%"
    assert share_text(None) == "–"


def test_what_ifs_leave_the_documents_graph_as_it_was():
    b = MapBuilder()
    b.add("Start", "start").add("A", pt=2, wait=40).add("B", pt=10).add("End", "end")
    b.flow("Start", "A", "End")
    b.flow("Start", "B", "End")
    document = MapDocument(b.build())
    before = {n: dict(d) for n, d in document.graph.nodes(data=True)}
    rows = {row.name: row for row in rank_what_ifs(document)}
    # A without its wait takes 2 h, but B's 10 h now sets the lead time.
    assert rows["A"].lead_time_without_wait == pytest.approx(10)
    assert {n: dict(d) for n, d in document.graph.nodes(data=True)} == before


def test_a_rework_arrow_whose_target_does_not_dominate_is_timed_along_the_longest_branch():
    # Start -> A (2) -> C (1) -> End and Start -> B (7) -> C; rework from C back to A.
    # A does not lie on every path to C, so the loop is A..C: 2 + 1 = 3 hours.
    b = MapBuilder()
    b.add("Start", "start").add("A", pt=2, wait=0).add("B", pt=7, wait=0)
    b.add("C", pt=1, wait=0).add("End", "end")
    b.flow("Start", "A", "C", "End")
    b.flow("Start", "B", "C")
    b.rework("C", "A", 50)
    [loop] = analyze(b.build()).rework_loops
    assert loop.loop_time == pytest.approx(3)
    assert loop.expected_extra_time == pytest.approx(3)  # 50%: one extra trip on average


def test_information_arrows_do_not_count_as_flow_into_an_element():
    b = MapBuilder()
    b.add("Start", "start").add("A", pt=1, wait=0).add("End", "end")
    b.flow("Start", "A", "End")
    b.connections.append(Connection(kind=ConnectionKind.INFORMATION, source_id=b.id("End"),
                                    target_id=b.id("A")))
    result = analyze(b.build())
    assert result.lead_time == pytest.approx(1) and not result.has_problems


def test_a_prepared_map_is_ordered_once_and_analysed_like_the_map():
    from vsm_desktop.analysis.network import PreparedMap

    b = MapBuilder()
    b.add("Start", "start", x=0).add("Build", pt=2, wait=0, x=100)
    b.add("Check", pt=1, wait=0, x=200).add("End", "end", x=300)
    b.flow("Start", "Build", "Check", "End")
    b.flow("Check", "Build")
    built = b.build()
    prepared = PreparedMap.of(built)
    first, second = analyze(prepared), analyze(prepared)
    assert prepared.network is prepared.network
    assert first.findings == second.findings == analyze(built).findings
    assert sum(f.code == "flow_cycle" for f in second.findings) == 1
    assert first.lead_time == second.lead_time == pytest.approx(3)
    assert [row.element_id for row in rank_what_ifs(prepared)] == [
        row.element_id for row in rank_what_ifs(built)
    ]
