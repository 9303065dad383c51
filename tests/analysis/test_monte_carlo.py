"""The Monte Carlo lead time against answers worked out on paper.

Every expected value below comes from the distributions' formulas, not from a run. The
tolerances are a few standard errors of a sample quantile at the number of runs used:
for a uniform range of width w, sqrt(q(1-q)/n)·w, about 0.002·w at 50,000 runs.
"""

import math

import pytest

from vsm_desktop.analysis import analyze
from vsm_desktop.analysis.monte_carlo import (
    MAX_RUNS,
    MIN_RUNS,
    SEED,
    has_ranges,
    p85_effects,
    simulate,
)
from vsm_desktop.io import load_map
from vsm_desktop.model import MapDocument, parse_duration_estimate, parse_percent_estimate
from vsm_desktop.resources import sample_map_path

from .maps import MapBuilder

RUNS = 50_000


def with_range(builder: MapBuilder, name: str, text: str, field: str = "wait_time"):
    element = builder.elements[name]
    for key, value in parse_duration_estimate(text).fields(field).items():
        setattr(element, key, value)
    return builder


def chain(wait_text: str) -> MapBuilder:
    builder = MapBuilder().add("Start", "start").add("Review", wait=0).add("End", "end")
    builder.flow("Start", "Review", "End")
    return with_range(builder, "Review", wait_text)


def test_one_uniform_wait_gives_the_uniform_quantiles():
    distribution = simulate(chain("10-50h").build(), runs=RUNS)
    # U(10, 50): the q quantile is 10 + q·40.
    for q, value in ((0.50, distribution.p50), (0.85, distribution.p85), (0.95, distribution.p95)):
        assert value == pytest.approx(10 + q * 40, abs=0.01 * 40)
    assert distribution.mean == pytest.approx(30, abs=0.01 * 40)
    assert distribution.bin_edges[0] >= 10 and distribution.bin_edges[-1] <= 50
    assert sum(distribution.bin_counts) == RUNS


def test_two_parallel_uniform_waits_follow_the_distribution_of_their_maximum():
    builder = (
        MapBuilder().add("Start", "start").add("Risk", wait=0).add("Legal", wait=0)
        .add("End", "end")
    )
    builder.flow("Start", "Risk", "End").flow("Start", "Legal", "End")
    with_range(builder, "Risk", "1-3wk")
    with_range(builder, "Legal", "1-3wk")
    distribution = simulate(builder.build(), runs=RUNS)
    # The later of two independent U(a, b) has CDF ((x-a)/(b-a))², so its q quantile is
    # a + sqrt(q)·(b-a); here a = 40 h, b = 120 h.
    for q, value in ((0.50, distribution.p50), (0.85, distribution.p85), (0.95, distribution.p95)):
        assert value == pytest.approx(40 + math.sqrt(q) * 80, abs=0.01 * 80)
    # Both branches are equal, so each is on the critical path in half of the runs.
    critical = distribution.criticality
    assert critical[builder.id("Risk")] == pytest.approx(0.5, abs=0.01)
    assert critical[builder.id("Legal")] == pytest.approx(0.5, abs=0.01)
    assert critical[builder.id("Start")] == critical[builder.id("End")] == 1.0


def test_a_triangular_wait_gives_the_closed_form_quantiles():
    distribution = simulate(chain("2-3-6d").build(), runs=RUNS)
    a, c, b = 16.0, 24.0, 48.0  # hours

    def triangular_quantile(q):
        if q < (c - a) / (b - a):
            return a + math.sqrt(q * (b - a) * (c - a))
        return b - math.sqrt((1 - q) * (b - a) * (b - c))

    for q, value in ((0.50, distribution.p50), (0.85, distribution.p85), (0.95, distribution.p95)):
        assert value == pytest.approx(triangular_quantile(q), abs=0.01 * (b - a))
    assert distribution.mean == pytest.approx((a + b + c) / 3, abs=0.01 * (b - a))


def test_criticality_splits_between_two_near_equal_branches():
    builder = (
        MapBuilder().add("Start", "start").add("Fast lane", wait=0).add("Slow lane", wait=0)
        .add("Deploy", pt=2).add("End", "end")
    )
    builder.flow("Start", "Fast lane", "Deploy", "End").flow("Start", "Slow lane", "Deploy")
    with_range(builder, "Fast lane", "10-20h")
    with_range(builder, "Slow lane", "11-21h")
    distribution = simulate(builder.build(), runs=RUNS)
    # A ~ U(10, 20), B ~ U(11, 21): B = A' + 1 with A' like A, and P(A > A' + d) for two
    # independent uniforms of width w is (w - d)² / (2w²) = 81/200.
    fast = distribution.criticality[builder.id("Fast lane")]
    slow = distribution.criticality[builder.id("Slow lane")]
    assert fast == pytest.approx(81 / 200, abs=0.01)
    assert slow == pytest.approx(1 - 81 / 200, abs=0.01)
    assert distribution.criticality[builder.id("Deploy")] == 1.0
    # The deterministic analysis picks the slow lane (midpoints 15 h against 16 h).
    assert analyze(builder.build()).critical_path[1] == builder.id("Slow lane")


def test_a_uniform_handover_delay_is_drawn_like_a_wait():
    builder = MapBuilder().add("Start", "start").add("Build", pt=4).add("End", "end")
    builder.flow("Start", "Build").flow("Build", "End")
    handover = builder.connections[1]
    for key, value in parse_duration_estimate("1-3d").fields("delay").items():
        setattr(handover, key, value)
    distribution = simulate(builder.build(), runs=RUNS)
    assert distribution.p85 == pytest.approx(4 + 8 + 0.85 * 16, abs=0.01 * 16)


def test_rework_sends_a_geometric_number_of_trips_round_the_loop():
    # Fixed times: 10 h of work, a loop of 10 h sent back with p = 0.5. The lead time is
    # 10 + 10·K with P(K >= k) = 0.5^k: P(K = 0) = 0.5, P(K <= 1) = 0.75, P(K <= 2) = 0.875,
    # P(K <= 4) = 0.96875. So P50 lies between 10 h and 20 h, P85 is 30 h and P95 is 50 h, and
    # the mean is the deterministic expected lead time 10 + 10·p/(1-p) = 20 h.
    builder = (
        MapBuilder().add("Start", "start").add("Build", pt=5, x=0).add("Test", pt=5, x=100)
        .add("End", "end")
    )
    builder.flow("Start", "Build", "Test", "End").rework("Test", "Build", 50)
    value_stream_map = builder.build()
    distribution = simulate(value_stream_map, runs=RUNS)
    assert 10 <= distribution.p50 <= 20
    assert distribution.p85 == pytest.approx(30)
    assert distribution.p95 == pytest.approx(50)
    expected = analyze(value_stream_map).expected_lead_time
    assert distribution.mean == pytest.approx(expected, rel=0.02)


def test_a_rework_share_range_is_drawn_per_run():
    builder = (
        MapBuilder().add("Start", "start").add("Build", pt=5, x=0).add("Test", pt=5, x=100)
        .add("End", "end")
    )
    builder.flow("Start", "Build", "Test", "End").rework("Test", "Build", 50)
    rework = builder.connections[-1]
    for key, value in parse_percent_estimate("0-60%", 99).fields("rework_percent").items():
        setattr(rework, key, value)
    distribution = simulate(builder.build(), runs=RUNS)
    # With p ~ U(0, 0.6) the expected number of trips is E[p/(1-p)] = (-ln 0.4 - 0.6) / 0.6.
    expected_trips = (-math.log(0.4) - 0.6) / 0.6
    assert distribution.mean == pytest.approx(10 + 10 * expected_trips, rel=0.03)


def test_the_same_map_gives_the_same_figures_and_seeds_agree_within_a_percent():
    sample = load_map(sample_map_path())
    first, second = simulate(sample), simulate(MapDocument(sample))
    assert first == second
    assert first.seed == SEED and first.runs == MAX_RUNS
    other = simulate(sample, seed=SEED + 1)
    assert other.p85 != first.p85
    assert other.p85 == pytest.approx(first.p85, rel=0.01)


def test_ranges_leave_the_deterministic_figures_as_they_were():
    sample = load_map(sample_map_path())
    assert has_ranges(sample)
    plain = sample.model_copy(deep=True)
    for element in plain.elements:
        element.wait_time_range = element.process_time_range = None
    for connection in plain.connections:
        connection.delay_range = connection.rework_percent_range = None
    assert not has_ranges(plain)
    assert analyze(plain).lead_time == analyze(sample).lead_time == 600.0


def test_a_range_overwritten_by_a_single_value_is_not_drawn():
    builder = chain("10-50h")
    builder.elements["Review"].wait_time = 20.0  # typed over the range; it is stale now
    value_stream_map = builder.build()
    assert not has_ranges(value_stream_map)
    distribution = simulate(value_stream_map, runs=MIN_RUNS)
    assert distribution.p50 == distribution.p95 == 20.0


def test_an_empty_map_and_a_map_with_a_cycle_still_give_figures():
    assert simulate(MapBuilder().build(), runs=MIN_RUNS).p85 == 0.0
    builder = (
        MapBuilder().add("Start", "start").add("A", wait=1, x=0).add("B", wait=1, x=100)
        .add("End", "end")
    )
    builder.flow("Start", "A", "B", "End").flow("B", "A")  # a flow cycle, broken as analyze does
    with_range(builder, "A", "1-3h")
    distribution = simulate(builder.build(), runs=MIN_RUNS)
    assert 2 <= distribution.p50 <= 4


def test_the_p85_effect_of_a_change_can_differ_from_its_lead_time_effect():
    builder = (
        MapBuilder().add("Start", "start").add("Risk", wait=0).add("Legal", wait=0)
        .add("End", "end")
    )
    builder.flow("Start", "Risk", "End").flow("Start", "Legal", "End")
    with_range(builder, "Risk", "1-3wk")
    with_range(builder, "Legal", "1-3wk")
    value_stream_map = builder.build()
    effects = p85_effects(value_stream_map, [(builder.id("Risk"), "no_wait")], runs=RUNS)
    # Plain lead time: both branches take their midpoint, 80 h, so cutting Risk's wait gains
    # nothing. P85: the later of two U(40, 120) has P85 = 40 + sqrt(0.85)·80; with Risk at zero
    # only Legal is left, P85 = 40 + 0.85·80. The change takes the difference off P85.
    expected = (40 + math.sqrt(0.85) * 80) - (40 + 0.85 * 80)
    assert effects[builder.id("Risk"), "no_wait"] == pytest.approx(expected, abs=0.8)


def test_the_p85_effect_of_cutting_the_only_ranged_wait_is_its_p85():
    builder = chain("10-50h")
    builder.elements["Review"].process_time = 5.0
    effects = p85_effects(
        builder.build(), [(builder.id("Review"), "no_wait"), (builder.id("Review"), "automate")],
        automated_share=0.2, runs=RUNS,
    )
    assert effects[builder.id("Review"), "no_wait"] == pytest.approx(10 + 0.85 * 40, abs=0.4)
    assert effects[builder.id("Review"), "automate"] == pytest.approx(5 * 0.8)
