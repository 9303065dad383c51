"""The Monte Carlo lead time: how long it takes and how much P85 moves between seeds.

python -m benchmarks.monte_carlo            sample map and 1,000/5,000-element maps with ranges
python -m benchmarks.monte_carlo --quick    the sample and 100 elements, one run

The large maps are benchmarks.generate's maps with a range on every wait and every delay
(half to three times the value, the value most likely), which is the worst case: no element
stays fixed.
"""

from __future__ import annotations

import argparse
import sys

from vsm_desktop.analysis import analyze
from vsm_desktop.analysis.monte_carlo import SEED, simulate
from vsm_desktop.io.vsm_file import load_map
from vsm_desktop.model import ConnectionKind, ValueRange, ValueStreamMap
from vsm_desktop.resources import sample_map_path

from .generate import generate_map
from .timing import median_seconds


def with_ranges(value_stream_map: ValueStreamMap) -> ValueStreamMap:
    """Every wait and delay becomes a triangular range: half to three times it, it most likely."""
    ranged = value_stream_map.model_copy(deep=True)
    for element in ranged.elements:
        if element.wait_time:
            element.wait_time_range = _around(element.wait_time)
    for connection in ranged.connections:
        if connection.kind is ConnectionKind.FLOW and connection.delay:
            connection.delay_range = _around(connection.delay)
    return ValueStreamMap.model_validate(ranged.model_dump())


def _around(value: float) -> ValueRange:
    return ValueRange(low=value / 2, likely=value, high=value * 3, unit="h")


def seed_spread(value_stream_map: ValueStreamMap, seeds: int) -> float:
    """The largest P85 over `seeds` seeds against the smallest, as a share of the smallest."""
    p85 = [simulate(value_stream_map, seed=SEED + offset).p85 for offset in range(seeds)]
    return (max(p85) - min(p85)) / min(p85)


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.monte_carlo")
    parser.add_argument("--quick", action="store_true")
    options = parser.parse_args()
    runs = 1 if options.quick else 5
    maps = {"sample": load_map(sample_map_path())}
    for size in (100,) if options.quick else (1000, 5000):
        maps[f"{size:,} elements, all ranged"] = with_ranges(generate_map(size))
    print(f"seed {SEED}, median of {runs}")
    seeds = 5 if options.quick else 20
    for name, value_stream_map in maps.items():
        seconds = median_seconds(lambda m=value_stream_map: simulate(m), runs)
        plain = median_seconds(lambda m=value_stream_map: analyze(m), runs)
        line = (
            f"{name}: {simulate(value_stream_map).runs:,} runs, {seconds * 1000:,.1f} ms "
            f"({seconds / plain:.1f}x the deterministic analysis, {plain * 1000:,.1f} ms)"
        )
        line += f"; P85 over {seeds} seeds moves {seed_spread(value_stream_map, seeds):.2%}"
        print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
