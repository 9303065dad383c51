"""Timings on a noisy machine: medians of repeated runs, and targets timed against their floors
alternately so that load from other work hits both alike."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
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
    """Median seconds of a target and of its floor, and the median of the per-pair ratios."""

    target: float
    floor: float
    ratio: float


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
    return Pair(statistics.median(targets), statistics.median(floors), statistics.median(ratios))
