import math

import pytest

from vsm_desktop.analysis import Severity, analyze
from vsm_desktop.model import Connection, ConnectionKind, MapDocument

from .maps import MapBuilder


def names(builder, ids):
    by_id = {e.id: name for name, e in builder.elements.items()}
    return [by_id[i] for i in ids]


def linear_map():
    # start -> A(wait 4, pt 2) -(delay 1)-> Q(wait 16) -> B(wait 2, pt 6) -> end
    b = MapBuilder()
    b.add("Start", "start", lane="Customer")
    b.add("A", lane="Product", pt=2, wait=4, pca=90)
    b.add("Q", "queue", lane="Engineering", wait=16)
    b.add("B", lane="Engineering", pt=6, wait=2, pca=50)
    b.add("End", "end", lane="Customer")
    b.flow("Start", "A")
    b.flow("A", "Q", delay=1)
    b.flow("Q", "B", "End")
    return b


def test_linear_map_figures_worked_out_by_hand():
    b = linear_map()
    result = analyze(b.build())
    # 4 + 2 + 1 + 16 + 2 + 6 = 31 hours, of which 8 hours of work.
    assert result.lead_time == pytest.approx(31)
    assert result.process_time == pytest.approx(8)
    assert result.wait_time == pytest.approx(23)
    assert result.flow_efficiency == pytest.approx(8 / 31)
    assert result.rolled_pca == pytest.approx(0.9 * 0.5)
    assert names(b, result.critical_path) == ["Start", "A", "Q", "B", "End"]
    assert len(result.critical_connections) == 4
    # Customer->Product, Product->Engineering, Engineering->Customer cross lanes; Q->B does not.
    assert result.handovers_total == 3
    assert result.handovers_on_critical_path == 3
    assert result.total_wait == pytest.approx(4 + 1 + 16 + 2)
    assert names(b, [result.constraint_id]) == ["Q"]
    assert all(timing.slack == 0 for timing in result.timings.values())


def test_parallel_branches_the_slowest_sets_the_lead_time_and_others_get_slack():
    b = MapBuilder()
    b.add("Start", "start").add("Dev", pt=10, wait=0)
    b.add("Functional", pt=4, wait=2).add("Security", pt=8, wait=16).add("Perf", pt=6)
    b.add("Release", pt=1, wait=3).add("End", "end")
    b.flow("Start", "Dev")
    for branch in ("Functional", "Security", "Perf"):
        b.flow("Dev", branch, "Release")
    b.flow("Release", "End")
    result = analyze(b.build())
    # Dev 10, Security branch 24, Release 4 -> 38.
    assert result.lead_time == pytest.approx(38)
    assert names(b, result.critical_path) == ["Start", "Dev", "Security", "Release", "End"]
    assert result.process_time == pytest.approx(10 + 8 + 1)
    assert result.slack(b.id("Functional")) == pytest.approx(24 - 6)
    assert result.slack(b.id("Perf")) == pytest.approx(24 - 6)
    assert result.slack(b.id("Security")) == 0
    assert names(b, [result.constraint_id]) == ["Security"]
    # Every branch counts in the total wait, not only the critical one.
    assert result.total_wait == pytest.approx(2 + 16 + 3)


def test_transfer_delay_can_make_a_branch_critical():
    b = MapBuilder()
    b.add("Start", "start").add("A", pt=5).add("B", pt=3).add("End", "end")
    b.flow("Start", "A", "End")
    b.flow("Start", "B")
    b.flow("B", "End", delay=4)
    result = analyze(b.build())
    assert result.lead_time == pytest.approx(7)
    assert names(b, result.critical_path) == ["Start", "B", "End"]
    assert result.wait_time == pytest.approx(4)
    assert result.slack(b.id("A")) == pytest.approx(2)


def test_rework_stays_out_of_the_lead_time_and_reports_expected_extra_time():
    b = MapBuilder()
    b.add("Start", "start").add("Dev", pt=8, wait=8).add("Test", pt=4, wait=4).add("End", "end")
    b.flow("Start", "Dev", "Test", "End")
    b.rework("Test", "Dev", 25)
    result = analyze(b.build())
    assert result.lead_time == pytest.approx(24)
    [loop] = result.rework_loops
    # Loop Dev..Test takes 24 h; 25% go back: 1/(1-0.25) = 4/3 passes, 1/3 extra pass = 8 h.
    assert loop.loop_time == pytest.approx(24)
    assert loop.expected_extra_time == pytest.approx(8)
    assert result.expected_lead_time == pytest.approx(32)
    assert not result.has_problems


def test_rework_that_does_not_go_back_is_a_warning_not_time():
    b = MapBuilder()
    b.add("Start", "start").add("A", pt=1).add("B", pt=1).add("End", "end")
    b.flow("Start", "A", "B", "End")
    b.rework("A", "B", 20)
    result = analyze(b.build())
    assert result.rework_loops == ()
    assert "rework_not_a_loop" in {f.code for f in result.findings}


def test_a_flow_cycle_is_a_problem_naming_its_elements_not_a_crash():
    b = MapBuilder()
    b.add("Start", "start", x=0).add("Build", pt=2, x=100).add("Check", pt=1, x=200)
    b.add("End", "end", x=300)
    b.flow("Start", "Build", "Check", "End")
    b.flow("Check", "Build")  # drawn backwards: should have been rework
    result = analyze(b.build())
    [problem] = [f for f in result.findings if f.code == "flow_cycle"]
    assert problem.severity is Severity.PROBLEM
    assert "'Build'" in problem.message and "'Check'" in problem.message
    assert "rework" in problem.message
    assert set(problem.element_ids) == {b.id("Build"), b.id("Check")}
    # The backward connection is left out; the rest of the figures still stand.
    assert result.lead_time == pytest.approx(3)
    assert result.has_problems


def test_missing_times_count_as_zero_with_a_warning():
    b = MapBuilder()
    b.add("Start", "start").add("Vague").add("Q", "queue").add("End", "end")
    b.flow("Start", "Vague", "Q", "End")
    result = analyze(b.build())
    assert result.lead_time == 0
    assert result.flow_efficiency is None
    codes = {f.code: f for f in result.findings}
    assert "'Vague'" in codes["missing_process_time"].message
    assert "'Q'" in codes["missing_wait_time"].message
    assert "missing_pca" in codes
    assert result.rolled_pca == 1.0


def test_disconnected_and_unreachable_elements_are_warnings():
    b = MapBuilder()
    b.add("Start", "start").add("A", pt=1).add("Orphan", pt=5).add("End", "end")
    b.add("Side", pt=1).add("Dead end", pt=1)
    b.flow("Start", "A", "End")
    b.flow("Side", "A")
    b.flow("A", "Dead end")
    result = analyze(b.build())
    codes = {f.code: f for f in result.findings}
    assert codes["disconnected"].element_ids == (b.id("Orphan"),)
    assert codes["unreachable"].element_ids == (b.id("Side"),)
    assert codes["dead_end"].element_ids == (b.id("Dead end"),)
    assert all(f.severity is Severity.WARNING for f in result.findings)
    assert result.lead_time == pytest.approx(1)


def test_information_connections_are_never_timed():
    b = linear_map()
    base = analyze(b.build()).lead_time
    b.connections.append(Connection(kind=ConnectionKind.INFORMATION, source_id=b.id("Start"),
                                    target_id=b.id("End"), delay=1000))
    assert analyze(b.build()).lead_time == base


def test_lane_times_sum_each_lane():
    built = linear_map().build()
    lanes = {lane.name: lane.id for lane in built.lanes}
    result = analyze(built)
    by_lane = {lane.lane_id: lane for lane in result.lane_times}
    assert by_lane[lanes["Engineering"]].wait_time == pytest.approx(18)
    assert by_lane[lanes["Engineering"]].process_time == pytest.approx(6)
    assert by_lane[lanes["Product"]].process_time == pytest.approx(2)


def test_analysis_follows_document_edits():
    b = linear_map()
    document = MapDocument(b.build())
    before = analyze(document).lead_time
    document.update_element(b.id("Q"), wait_time=0.0)
    assert analyze(document).lead_time == pytest.approx(before - 16)
    assert math.isclose(analyze(document.to_map()).lead_time, before - 16)
