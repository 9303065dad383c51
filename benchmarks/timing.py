"""Timings on a noisy machine: medians of repeated runs, and targets timed against their floors
alternately so that load from other work hits both alike."""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass


def median_seconds(
    action: Callable[[], object], runs: int, setup: Callable[[], object] | None = None
) -> float:
    """Median wall time of `action` over `runs` runs; `setup` runs untimed before each."""
    times = []
    for _ in range(runs):
        if setup is not None:
            setup()
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


@dataclass(frozen=True)
class Pair:
    """Median seconds of a target and of its floor, and the median of the per-pair ratios;
    each pair's own figures, in the order timed (empty for a figure taken once, and in runs
    written before they were kept)."""

    target: float
    floor: float
    ratio: float
    targets: tuple[float, ...] = ()
    floors: tuple[float, ...] = ()
    ratios: tuple[float, ...] = ()


@dataclass(frozen=True)
class Interval:
    """Where the median of what was sampled lies, with the chance (`coverage`) that it does."""

    low: float
    high: float
    coverage: float


CONFIDENCE = 0.95


def median_interval(values: Sequence[float], confidence: float = CONFIDENCE) -> Interval | None:
    """A distribution-free interval for the median: the k-th smallest and k-th largest value,
    with k the largest for which the interval still covers the median with `confidence`
    (each value falls either side of the median with even odds, so the count below it is
    binomial(n, 1/2)). Fewer than 6 values cannot reach 95 %: then the smallest to the largest,
    with the coverage it has. None for fewer than 2 values."""
    ordered = sorted(values)
    n = len(ordered)
    if n < 2:
        return None

    def coverage(k: int) -> float:  # P(x_k <= median <= x_(n+1-k))
        below = sum(math.comb(n, i) for i in range(k)) / 2**n
        return 1 - 2 * below

    k = 1
    while k + 1 <= (n + 1) // 2 and coverage(k + 1) >= confidence:
        k += 1
    return Interval(ordered[k - 1], ordered[n - k], coverage(k))


def alternated(
    target: Callable[[], object],
    floor: Callable[[], object],
    runs: int,
    setup: Callable[[], object] | None = None,
    warm_up: bool = False,
) -> Pair:
    """Time `target` and `floor` in pairs, one straight after the other.

    The order flips every pair (target first, then floor first), so neither always runs on a
    warmer cache or in the lull after the other. A burst of load hits one pair, not one side,
    and the median of the per-pair ratios drops it. `setup` runs untimed before each timing;
    `warm_up` runs each once untimed first (imports, fonts and caches a first call fills).
    """
    for action in (target, floor) if warm_up else ():
        if setup is not None:
            setup()
        action()
    targets, floors, ratios = [], [], []
    for run in range(runs):
        order = (target, floor) if run % 2 == 0 else (floor, target)
        seconds = {}
        for action in order:
            if setup is not None:
                setup()
            started = time.perf_counter()
            action()
            seconds[action] = time.perf_counter() - started
        targets.append(seconds[target])
        floors.append(seconds[floor])
        ratios.append(seconds[target] / max(seconds[floor], 1e-9))
    return Pair(statistics.median(targets), statistics.median(floors), statistics.median(ratios),
                tuple(targets), tuple(floors), tuple(ratios))
