"""How predictable the lead time is: a Monte Carlo over the flow when durations are ranges.

Every run draws each range once (uniform between low and high, or triangular with the most
likely value as its peak; single values stay fixed), walks the flow in the same topological order
as the deterministic analysis (network.FlowNetwork over the map's one graph: cycles broken the
same way, the same timed part, the same ends) and takes the critical path method's lead time:
an element starts when the last of its predecessors has finished and its handover delay has
passed (AND branches). Each rework
loop then sends the item back a random number of times (a share p goes round again, and again
with p, ...), each trip costing that run's time round the loop. The P50, P85 and P95 are the
lead times that half, 85 % and 95 % of the runs stay within.

All runs go through numpy at once: every element's finish is an array of shape (runs,), so the
per-element Python work is the same as one deterministic pass.

Deterministic: every range draws from its own random stream, seeded by SEED and the element's (or
connection's) id and field. The same map gives the same figures, and a change to one element
leaves every other element's draws as they were (common random numbers), so the difference
between two maps' P85 is the effect of the change, not noise.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..model.calendar import WorkCalendar
from ..model.document import MapDocument
from ..model.elements import Connection, ConnectionKind, Element, ElementKind
from ..model.ranges import ValueRange, range_of
from ..model.units import format_duration
from ..model.value_stream_map import ValueStreamMap
from .network import PreparedMap, adjacency, network_of
from .ranged import has_ranges

SEED = 18  # the issue that asked for it; documented in docs/metrics.md
# How many runs: as many as fit DRAW_BUDGET random draws, within MIN_RUNS..MAX_RUNS. A small map
# (the sample: four random streams) gets MAX_RUNS, which keeps its P85 within 1 % between seeds
# (a rework loop makes the lead time jump by whole loops, so P85 needs many runs there); a
# 5,000-element map with every wait ranged gets MIN_RUNS, where the sum of thousands of draws
# is smooth and P85 settles much sooner (measured in benchmarks/monte_carlo.py).
DRAW_BUDGET = 5_000_000
MIN_RUNS = 1_000
MAX_RUNS = 50_000
HISTOGRAM_BINS = 24
PERCENTILES = (50, 85, 95)

Edge = tuple[str, str]
Hours = float | np.ndarray  # a fixed time, or one per run
Factors = dict[str, tuple[float, float]]  # element id: factors on its (wait, process time)
Parts = tuple[float | ValueRange, float | ValueRange]  # a wait and a process time


@dataclass(frozen=True)
class LeadTimeDistribution:
    """The lead time over many drawn runs, in working hours."""

    runs: int
    seed: int
    p50: float
    p85: float
    p95: float
    mean: float
    bin_edges: tuple[float, ...]  # HISTOGRAM_BINS + 1 edges, the shortest run to P99
    bin_counts: tuple[int, ...]  # runs per bin; the last also counts the runs beyond P99
    # For each element of the timed flow: the share of runs (0-1) in which it was on the
    # critical path (of equal arrivals, the first predecessor counts).
    criticality: dict[str, float] = field(default_factory=dict)

    def percentile(self, which: int) -> float:
        return {50: self.p50, 85: self.p85, 95: self.p95}[which]


@dataclass
class _Flow:
    """The timed flow as the simulation walks it, read off the map's one graph: the order,
    the timed part and the ends of the deterministic analysis (network.FlowNetwork)."""

    elements: dict[str, Element]  # every flow element
    rework: list[Connection]  # rework arrows between flow elements
    order: list[str]  # the timed flow, topological
    preds: dict[str, list[str]]  # predecessors within the timed flow
    ends: list[str]
    weight: dict[str, float]  # elapsed hours (a queue: its wait only)
    delay: dict[tuple[str, str], float]  # of two parallel handovers the slower
    edge_connection: dict[tuple[str, str], Connection]
    full_order: list[str]  # every flow element, topological
    all_preds: dict[str, list[str]]  # flow predecessors among all flow elements

    @classmethod
    def of(cls, source: MapDocument | ValueStreamMap | PreparedMap) -> _Flow:
        network = network_of(source)
        nodes, _, succ = adjacency(network.graph)
        passes = network.forward()
        everything = dict.fromkeys(network.order, 0.0)
        all_preds = {n: list(preds) for n, preds in
                     network.all_timed_preds(network.order, everything).items()}
        edge_connection: dict[tuple[str, str], Connection] = {}
        rework: list[Connection] = []
        for node in network.order:
            for target, edges in succ[node].items():
                for data in edges.values():
                    pair = (node, target)
                    if data["flow"] and pair not in network.left_out:
                        known = edge_connection.get(pair)
                        if known is None or (data["connection"].delay or 0.0) > (
                            known.delay or 0.0
                        ):
                            edge_connection[pair] = data["connection"]
                    elif data["kind"] is ConnectionKind.REWORK and nodes[target]["flow"]:
                        rework.append(data["connection"])
        return cls(
            elements={n: nodes[n]["element"] for n in network.order},
            rework=rework,
            order=list(passes.finish),
            preds={n: [p for p in all_preds[n] if p in passes.finish] for n in passes.finish},
            ends=passes.ends,
            weight={n: nodes[n]["elapsed"] for n in network.order},
            delay={pair: c.delay or 0.0 for pair, c in edge_connection.items()},
            edge_connection=edge_connection,
            full_order=network.order,
            all_preds=all_preds,
        )


def simulate(
    source: MapDocument | ValueStreamMap | PreparedMap, runs: int | None = None,
    seed: int = SEED,
) -> LeadTimeDistribution:
    """The lead-time distribution of the map (also for a map without ranges, where only the
    rework loops vary). `runs` None: as many as the map's size allows (see DRAW_BUDGET)."""
    network = _Flow.of(source)
    draws = _Draws(network, runs, seed)
    lead_time, criticality = _critical_path_runs(network, draws)
    lead_time = lead_time + _rework_time(network, draws)
    return _summary(lead_time, criticality, draws.runs, seed)


# What-if changes as factors on an element's (wait, process time). Removal counts as the element
# taking no time; its handovers stay.
CHANGE_FACTORS = {"no_wait": (0.0, 1.0), "remove": (0.0, 0.0)}


def p85_effects(
    source: MapDocument | ValueStreamMap | PreparedMap,
    changes: list[tuple[str, str]],
    automated_share: float = 0.1,
    runs: int | None = None,
    seed: int = SEED,
) -> dict[tuple[str, str], float]:
    """How much each (element id, change) shortens the P85 lead time, in hours: the what-if
    ranking's changes ("no_wait", "automate", "remove") measured on the distribution rather than
    on the single lead time. Every scenario reuses the same draws for everything else, so the
    differences are the changes' effects, not sampling noise."""
    network = _Flow.of(source)

    def p85(factors: Factors | None = None) -> float:
        draws = _Draws(network, runs, seed, factors)
        lead_time, _ = _critical_path_runs(network, draws)
        return float(np.percentile(lead_time + _rework_time(network, draws), 85))

    baseline = p85()
    factors_of = {**CHANGE_FACTORS, "automate": (1.0, automated_share)}
    return {
        (element_id, change): baseline - p85({element_id: factors_of[change]})
        for element_id, change in changes
        if element_id in network.elements
    }


def _summary(
    lead_time: np.ndarray, criticality: dict[str, float], runs: int, seed: int
) -> LeadTimeDistribution:
    p50, p85, p95, p99 = (float(v) for v in np.percentile(lead_time, (*PERCENTILES, 99)))
    # The histogram spans the shortest run to P99 and the last bin holds the longest 1 % too:
    # a few runs with many rework trips would otherwise squeeze every other bar to the left.
    shortest = float(lead_time.min())
    top = p99 if p99 > shortest else shortest + 1.0
    counts, edges = np.histogram(np.minimum(lead_time, top), bins=HISTOGRAM_BINS,
                                 range=(shortest, top))
    return LeadTimeDistribution(
        runs=runs,
        seed=seed,
        p50=p50,
        p85=p85,
        p95=p95,
        mean=float(lead_time.mean()),
        bin_edges=tuple(float(e) for e in edges),
        bin_counts=tuple(int(c) for c in counts),
        criticality=criticality,
    )


class _Draws:
    """Each run's time of every element and handover: a number when fixed, an array of shape
    (runs,) when the map gives a range.

    Draws come from one generator seeded with the seed, in blocks of rows, one row per range in
    the order the forward pass asks for them (the topological order), so the same map always
    gets the same draws. `factors` scales an element's wait and process time (a what-if:
    (0, 1) cuts the wait, (1, 0.1) automates); its rows are drawn all the same, so every other
    element keeps exactly its draws and two scenarios differ only by the change.
    """

    _BLOCK_ROWS = 64

    def __init__(
        self, network: _Flow, runs: int | None, seed: int,
        factors: Factors | None = None,
    ) -> None:
        self.network = network
        self.factors = factors or {}
        # node -> its wait and its process time: hours, or the range to draw
        self.element_ranges: dict[str, Parts] = {}
        for node, element in network.elements.items():
            parts = _timed_parts(element)
            if any(isinstance(part, ValueRange) for part in parts):
                self.element_ranges[node] = parts
        self.edge_ranges = {
            edge: value_range for edge, connection in network.edge_connection.items()
            if (value_range := range_of(connection, "delay")) is not None
        }
        self.rework = network.rework
        streams = (
            sum(isinstance(part, ValueRange) for parts in self.element_ranges.values()
                for part in parts)
            + len(self.edge_ranges)
            + 2 * len(self.rework)
        )
        self.runs = runs or min(MAX_RUNS, max(MIN_RUNS, DRAW_BUDGET // max(streams, 1)))
        self._generator = np.random.default_rng(seed)
        # The forward pass asks for its ranges in a known order (see _planned_ranges), so they
        # are drawn and transformed a block of rows at a time: one numpy call per block rather
        # than per range.
        self._timed = set(network.order)
        self._plan = _planned_ranges(network, self.element_ranges, self.edge_ranges)
        self._planned: np.ndarray = np.empty((0, self.runs))
        self._planned_row = 0
        self._planned_start = 0
        # Draws a rework loop walks again are kept; every other draw is used once and dropped.
        self.position = {node: index for index, node in enumerate(network.full_order)}
        self._kept = _loop_members(network, self.position, self.rework)
        self._cache: dict[str | Edge, Hours] = {}

    def _next_planned(self) -> np.ndarray:
        if self._planned_row == len(self._planned):
            self._planned_start += len(self._planned)
            ranges = self._plan[self._planned_start : self._planned_start + self._BLOCK_ROWS]
            uniforms = self._generator.random((2, len(ranges), self.runs))
            self._planned = draw_block(ranges, uniforms[0], uniforms[1])
            self._planned_row = 0
        self._planned_row += 1
        row: np.ndarray = self._planned[self._planned_row - 1]
        return row

    def uniforms(self) -> np.ndarray:
        return self._generator.random(self.runs)

    def sample(self, value_range: ValueRange) -> np.ndarray:
        """Draws of a range outside the plan (rework shares, loops off the timed flow)."""
        return quantile(value_range, self.uniforms())

    def elapsed(self, node: str) -> Hours:
        if node in self._cache:
            return self._cache[node]
        parts = self.element_ranges.get(node)
        factors = self.factors.get(node)
        total: Hours
        if parts is None and factors is None:
            total = self.network.weight[node]
        else:
            drawn = [
                (self._next_planned() if node in self._timed else self.sample(part))
                if isinstance(part, ValueRange) else part
                for part in parts or _timed_parts(self.network.elements[node])
            ]
            wait_factor, process_factor = factors or (1.0, 1.0)
            total = drawn[0] * wait_factor + drawn[1] * process_factor
        if node in self._kept:
            self._cache[node] = total
        return total

    def delay(self, edge: Edge) -> Hours:
        value_range = self.edge_ranges.get(edge)
        if value_range is None:
            return self.network.delay[edge]
        if edge in self._cache:
            return self._cache[edge]
        drawn = self._next_planned() if edge[1] in self._timed else self.sample(value_range)
        if edge in self._kept:
            self._cache[edge] = drawn
        return drawn


def _timed_parts(element: Element) -> Parts:
    """An element's wait and process time as the simulation takes them: hours, or a range to
    draw. A queue is its wait only, as in the analysis."""
    wait = range_of(element, "wait_time") or (element.wait_time or 0.0)
    if element.kind is ElementKind.QUEUE:
        return wait, 0.0
    return wait, range_of(element, "process_time") or (element.process_time or 0.0)


def _planned_ranges(
    network: _Flow, element_ranges: Mapping[str, Parts], edge_ranges: Mapping[Edge, ValueRange]
) -> list[ValueRange]:
    """The ranges in the order the forward pass asks for them: for each element in topological
    order, the delays of its incoming handovers, then its own ranges."""
    plan = []
    for node in network.order:
        for pred in network.preds[node]:
            value_range = edge_ranges.get((pred, node))
            if value_range is not None:
                plan.append(value_range)
        for part in element_ranges.get(node, ()):
            if isinstance(part, ValueRange):
                plan.append(part)
    return plan


def _loop_members(
    network: _Flow, position: Mapping[str, int], rework: list[Connection]
) -> set[str | Edge]:
    """The elements and handovers a rework loop's walk visits (see _loop_time)."""
    members: set[str | Edge] = set()
    preds = network.all_preds
    for connection in rework:
        first, last = connection.target_id, connection.source_id
        if first not in position or last not in position or position[first] > position[last]:
            continue
        reached = {first}
        for node in network.full_order[position[first] + 1 : position[last] + 1]:
            came_from = [p for p in preds[node] if p in reached]
            if came_from:
                reached.add(node)
                members.update((p, node) for p in came_from)
        members |= reached
    return members


def draw_block(ranges: list[ValueRange], first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """Row i: draws of ranges[i], from two rows of uniform draws.

    A uniform range takes the first row. A triangular one with its peak at share m of the way
    from low to high takes (1-m)·min(u, v) + m·max(u, v) of the two rows, which is triangular
    on [0, 1] with mode m (Stein & Keblis, 2009): no square roots and no branches, which made
    the inverse of the distribution (quantile) most of a large map's time."""
    low = np.array([[r.low] for r in ranges])
    width = np.array([[r.high - r.low] for r in ranges])
    peak = np.array([[0.0 if r.likely is None else (r.likely - r.low) / (r.high - r.low)]
                     for r in ranges])
    drawn: np.ndarray = np.minimum(first, second)
    drawn *= 1.0 - peak
    drawn += np.maximum(first, second) * peak
    uniform = np.array([[r.likely is None] for r in ranges])
    if uniform.any():
        drawn = np.where(uniform, first, drawn)
    drawn *= width
    drawn += low
    return drawn


def quantile(value_range: ValueRange, probability: np.ndarray) -> np.ndarray:
    """The inverse of the range's cumulative distribution: uniform draws become draws of the
    range (uniform, or triangular with its peak at the most likely value)."""
    low, high = value_range.low, value_range.high
    width = high - low
    if value_range.likely is None:
        return low + probability * width
    likely = value_range.likely
    peak = (likely - low) / width  # the cumulative probability at the most likely value
    rising = probability < peak
    # Below the peak: low + sqrt(u·w·(likely-low)); above: high - sqrt((1-u)·w·(high-likely))
    spread = np.where(rising, probability * (width * (likely - low)),
                      (1.0 - probability) * (width * (high - likely)))
    np.sqrt(spread, out=spread)
    drawn: np.ndarray = np.where(rising, low + spread, high - spread)
    return drawn


def _critical_path_runs(network: _Flow, draws: _Draws) -> tuple[np.ndarray, dict[str, float]]:
    """Each run's lead time without rework, and each element's share of runs on the critical
    path: one forward pass over arrays, then one walk back along each run's critical path."""
    runs = draws.runs
    order, preds = network.order, network.preds
    if not order:
        return np.zeros(runs), {}
    waiting = {node: 0 for node in order}  # successors still to read a node's finish
    for node in order:
        for pred in preds[node]:
            waiting[pred] += 1
    ends = network.ends or [node for node in order if waiting[node] == 0]
    keep = set(ends)
    finish: dict[str, np.ndarray] = {}
    chosen: dict[str, np.ndarray] = {}  # index of the predecessor that arrived last, per run
    zero = np.zeros(runs)
    for node in order:
        arrivals = [finish[pred] + draws.delay((pred, node)) for pred in preds[node]]
        if not arrivals:
            start = zero
        elif len(arrivals) == 1:
            start = arrivals[0]
        else:
            stacked = np.vstack(np.broadcast_arrays(*arrivals))
            latest = stacked.argmax(axis=0)
            chosen[node] = latest
            start = stacked[latest, np.arange(runs)]
        finish[node] = start + draws.elapsed(node)
        for pred in preds[node]:
            waiting[pred] -= 1
            if waiting[pred] == 0 and pred not in keep:
                del finish[pred]  # memory stays at the width of the flow, not its length

    end_finish = np.vstack(np.broadcast_arrays(*(finish[end] for end in ends)))
    last = end_finish.argmax(axis=0)
    lead_time = end_finish[last, np.arange(runs)]

    on_path: dict[str, np.ndarray] = {end: last == index for index, end in enumerate(ends)}
    criticality: dict[str, float] = {}
    for node in reversed(order):
        mask = on_path.pop(node, None)
        if mask is None:
            criticality[node] = 0.0
            continue
        count = int(np.count_nonzero(mask))
        criticality[node] = count / runs
        if not count:
            continue  # never critical: nothing to hand back to its predecessors
        node_preds = preds[node]
        if len(node_preds) == 1:
            pred = node_preds[0]
            on_path[pred] = mask | on_path[pred] if pred in on_path else mask
        elif node_preds:
            latest = chosen[node]
            for index, pred in enumerate(node_preds):
                share = mask & (latest == index)
                on_path[pred] = share | on_path[pred] if pred in on_path else share
    return np.asarray(lead_time, dtype=float), criticality


def _rework_time(network: _Flow, draws: _Draws) -> Hours:
    """Each run's extra time from rework: every loop sends the item back K times, where a share
    p goes back once, p² twice and so on (K ~ geometric), each trip costing the run's longest
    time from the step it goes back to up to the step that sends it back."""
    position = draws.position
    extra: Hours = 0.0
    for connection in draws.rework:
        found_at, sent_to = connection.source_id, connection.target_id
        if found_at not in position or sent_to not in position:
            continue
        loop_time = _loop_time(network, draws, position, sent_to, found_at)
        if loop_time is None:
            continue  # not a loop back along the flow (the analysis reports it)
        share_range = range_of(connection, "rework_percent")
        share = (
            draws.sample(share_range) / 100.0
            if share_range is not None else connection.rework_percent / 100.0
        )
        trips_draw = draws.uniforms()
        with np.errstate(divide="ignore", invalid="ignore"):
            # P(K >= k) = p^k  <=>  K = floor(log u / log p); no trips when p is zero.
            trips = np.where(share > 0, np.floor(np.log(trips_draw) / np.log(share)), 0.0)
        extra = extra + np.nan_to_num(trips, nan=0.0, posinf=0.0) * loop_time
    return extra


def _loop_time(
    network: _Flow, draws: _Draws, position: Mapping[str, int], first: str, last: str
) -> Hours | None:
    """Each run's longest time from the start of `first` to the end of `last` (both included),
    over the stretch of the topological order between them; None when no flow leads there.
    The same walk as the deterministic flow._longest_time_between, over arrays."""
    if first == last:
        return draws.elapsed(first)
    start, stop = position[first], position[last]
    if start > stop:
        return None
    finish = {first: draws.elapsed(first)}
    preds = network.all_preds
    for node in network.full_order[start + 1 : stop + 1]:
        arrivals = [finish[p] + draws.delay((p, node)) for p in preds[node] if p in finish]
        if arrivals:
            finish[node] = np.maximum.reduce(np.broadcast_arrays(*arrivals)) + draws.elapsed(node)
    return finish.get(last)


# -- for the report, the command line and the panels -------------------------------------------


def distribution_if_ranged(
    source: MapDocument | ValueStreamMap | PreparedMap,
) -> LeadTimeDistribution | None:
    """The lead-time distribution when the map has any range, else None (a map of single
    values has one lead time, and its percentiles would only echo the rework loops). None too
    when the lead time is unknown (the flow does not join start to end)."""
    if not has_ranges(source) or network_of(source).forward().lead_time is None:
        return None
    return simulate(source)


def percentile_sentence(distribution: LeadTimeDistribution, calendar: WorkCalendar) -> str:
    """The figure in words a leadership reader takes away, e.g. "85 % of requests within
    20.8 wk (half within 16.9 wk; 95 % within 24.5 wk)."."""
    return (
        f"85 % of requests within {format_duration(distribution.p85, calendar)} "
        f"(half within {format_duration(distribution.p50, calendar)}; "
        f"95 % within {format_duration(distribution.p95, calendar)})."
    )


def lead_time_distribution_json(
    source: MapDocument | ValueStreamMap | PreparedMap, elements: list[dict[str, Any]]
) -> dict[str, Any]:
    """`analyze --json` fields, present only when the map has a range: the three percentiles,
    and `criticality` (0-1) added to each entry of `elements` that is in the timed flow."""
    distribution = distribution_if_ranged(source)
    if distribution is None:
        return {}
    for entry in elements:
        share = distribution.criticality.get(entry["id"])
        if share is not None:
            entry["criticality"] = round(share, 4)
    return {
        "lead_time_p50_hours": round(distribution.p50, 3),
        "lead_time_p85_hours": round(distribution.p85, 3),
        "lead_time_p95_hours": round(distribution.p95, 3),
        "lead_time_simulation": {"runs": distribution.runs, "seed": distribution.seed},
    }
