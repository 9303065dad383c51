"""A target's verdict is taken on the interval its median lies in, so noise does not decide it
(figures made up here; nothing is timed)."""

from __future__ import annotations

import pytest

from benchmarks.side_by_side import TARGETS, Measured, verdict
from benchmarks.timing import Pair, median_interval

PROCESS = TARGETS["analyze_process"]  # (b): at most 2x its floor, judged at 10,000


def judged(*ratios: float) -> str:
    ordered = sorted(ratios)
    pair = Pair(1.0, 0.5, ordered[len(ordered) // 2], ratios=ratios)
    return verdict(PROCESS, Measured("analyze_process", PROCESS.judged_at, pair, len(ratios)))


def test_the_medians_interval_runs_between_order_statistics_that_cover_it_95_percent():
    fifteen = median_interval([float(v) for v in range(15, 0, -1)])
    assert (fifteen.low, fifteen.high) == (4.0, 12.0)  # the 4th smallest and 4th largest
    assert fifteen.coverage == pytest.approx(1 - 2 * (1 + 15 + 105 + 455) / 2**15)
    assert fifteen.coverage >= 0.95
    seven = median_interval([float(v) for v in range(7)])
    assert (seven.low, seven.high) == (0.0, 6.0) and seven.coverage >= 0.95


def test_too_few_values_give_the_whole_range_with_the_coverage_it_has():
    three = median_interval([2.0, 1.0, 3.0])
    assert (three.low, three.high, three.coverage) == (1.0, 3.0, 0.75)
    assert median_interval([1.0]) is None


def test_a_ratio_target_is_met_or_missed_only_when_its_whole_interval_says_so():
    below = [1.7, 1.8, 1.75, 1.9, 1.85, 1.8, 1.78]
    assert judged(*below) == "**met**"
    assert judged(*(r + 0.5 for r in below)) == "**missed**"


def test_a_bound_inside_the_interval_is_within_noise_whatever_the_median_says():
    # Median 1.95x, under 2x; but two pairs of seven read over it: the noise spans the bound.
    assert judged(1.8, 1.9, 1.95, 1.95, 1.96, 2.2, 2.3) == "**within noise**"


def test_a_figure_taken_once_is_judged_on_its_value():
    block = TARGETS["longest_block"]  # (d): one run of the whole script
    once = Pair(0.09, 0.002, 45.0)
    assert verdict(block, Measured("longest_block", block.judged_at, once, 1)) == "**met**"
