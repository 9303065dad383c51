"""Maps built to make the analysis work hard: many cycles, thousands of rework arrows.

The figures are worked out by hand; how long the analysis takes is measured in benchmarks/
(adversarial maps), never here.
"""

import pytest

from vsm_desktop.analysis import Severity, analyze
from vsm_desktop.model import Connection, ConnectionKind, Element, ElementKind, ValueStreamMap


def chain(size: int, hours=lambda index: 1.0):
    """Start, size - 2 steps left to right (step i takes hours(i)), End."""
    elements = [Element(id="s0", kind=ElementKind.START, x=0)]
    for index in range(1, size - 1):
        elements.append(Element(id=f"s{index}", name=f"Step {index}", x=index * 100.0,
                                process_time=hours(index), wait_time=0.0, pca=100))
    elements.append(Element(id=f"s{size - 1}", kind=ElementKind.END, x=(size - 1) * 100.0))
    connections = [
        Connection(id=f"f{index}", source_id=f"s{index}", target_id=f"s{index + 1}")
        for index in range(size - 1)
    ]
    return elements, connections


def flow(source: int, target: int) -> Connection:
    return Connection(id=f"back{source}-{target}", source_id=f"s{source}", target_id=f"s{target}")


def test_two_flow_cycles_in_a_long_chain_are_both_reported_and_left_out():
    elements, connections = chain(2001)
    connections += [flow(900, 100), flow(1900, 1500)]  # drawn backwards: should be rework
    result = analyze(ValueStreamMap(elements=elements, connections=connections))
    cycles = [f for f in result.findings if f.code == "flow_cycle"]
    assert {f.connection_ids for f in cycles} == {("back900-100",), ("back1900-1500",)}
    assert all(f.severity is Severity.PROBLEM for f in cycles)
    # Each cycle names its elements: 800 and 400 steps round.
    assert sorted(len(f.element_ids) for f in cycles) == [401, 801]
    # Long cycles are summarised in the message, not spelled out.
    assert all(len(f.message) < 1000 for f in cycles)
    # Left out, the chain stands: 1,999 steps of one hour.
    assert result.lead_time == pytest.approx(1999)
    assert len(result.critical_path) == 2001


def test_nested_cycles_in_one_knot_leave_out_one_connection_each():
    # Start -> A -> B -> C -> D -> End, with D -> B and C -> A drawn backwards: one strongly
    # connected knot {A, B, C, D} holding two cycles.
    elements, connections = chain(6)
    connections += [flow(4, 2), flow(3, 1)]
    result = analyze(ValueStreamMap(elements=elements, connections=connections))
    left_out = {f.connection_ids for f in result.findings if f.code == "flow_cycle"}
    assert left_out == {("back4-2",), ("back3-1",)}
    assert result.lead_time == pytest.approx(4)


def test_ten_thousand_elements_with_fifty_cycles():
    elements, connections = chain(10_000)
    connections += [flow(start + 150, start) for start in range(100, 9_900, 196)]
    result = analyze(ValueStreamMap(elements=elements, connections=connections))
    assert sum(f.code == "flow_cycle" for f in result.findings) == 50
    assert result.lead_time == pytest.approx(9_998)


def test_two_thousand_rework_arrows_each_timed_over_its_own_loop():
    # Step i takes i/100 hours; rework from step i + k back to step i repeats steps i..i+k.
    size = 2_100
    elements, connections = chain(size, hours=lambda index: index / 100)
    arrows = {}
    for number in range(2_000):
        target = 1 + number
        source = target + 1 + number % 90
        arrows[f"rw{number}"] = (source, target)
        connections.append(Connection(
            id=f"rw{number}", kind=ConnectionKind.REWORK, source_id=f"s{source}",
            target_id=f"s{target}", rework_percent=20,
        ))
    result = analyze(ValueStreamMap(elements=elements, connections=connections))
    loops = {loop.connection_id: loop for loop in result.rework_loops}
    assert len(loops) == 2_000
    for key, (source, target) in arrows.items():
        # Steps target..source: the sum of i/100 over that range.
        expected = sum(range(target, source + 1)) / 100
        assert loops[key].loop_time == pytest.approx(expected)
        assert loops[key].expected_extra_time == pytest.approx(expected * 0.2 / 0.8)
    assert not result.has_problems


def test_rework_loops_over_parallel_branches_many_times_over():
    # A diamond repeated: Split -> (Fast 1 h | Slow 5 h) -> Join, ten times in a row, with a
    # rework arrow from every Join back to the first Split: loop k covers k diamonds of 6 h
    # (split 0.5 + slow 5 + join 0.5).
    elements = [Element(id="start", kind=ElementKind.START)]
    connections = []
    previous = "start"
    for k in range(10):
        for name, hours in (("split", 0.5), ("fast", 1.0), ("slow", 5.0), ("join", 0.5)):
            elements.append(Element(id=f"{name}{k}", process_time=hours, wait_time=0.0))
        connections += [
            Connection(source_id=previous, target_id=f"split{k}"),
            Connection(source_id=f"split{k}", target_id=f"fast{k}"),
            Connection(source_id=f"split{k}", target_id=f"slow{k}"),
            Connection(source_id=f"fast{k}", target_id=f"join{k}"),
            Connection(source_id=f"slow{k}", target_id=f"join{k}"),
        ]
        previous = f"join{k}"
        connections.append(Connection(id=f"rw{k}", kind=ConnectionKind.REWORK,
                                      source_id=f"join{k}", target_id="split0"))
        # and one that does not go through a dominating element: from join k to fast 0
        connections.append(Connection(id=f"rf{k}", kind=ConnectionKind.REWORK,
                                      source_id=f"join{k}", target_id="fast0"))
    elements.append(Element(id="end", kind=ElementKind.END))
    connections.append(Connection(source_id=previous, target_id="end"))
    result = analyze(ValueStreamMap(elements=elements, connections=connections))
    loops = {loop.connection_id: loop.loop_time for loop in result.rework_loops}
    for k in range(10):
        assert loops[f"rw{k}"] == pytest.approx(6 * (k + 1))
        # fast0 (1 h) + join0 (0.5 h) + k more diamonds of 6 h
        assert loops[f"rf{k}"] == pytest.approx(1.5 + 6 * k)
    assert result.lead_time == pytest.approx(60)
