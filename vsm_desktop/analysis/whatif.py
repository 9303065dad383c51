"""What-if ranking: how much lead time each element costs, and which change gains most.

For every step, approval and queue: the lead time if its wait went to zero, if it were automated
(its process time shrinks to a stated fraction), or if it were removed. Only elements on the
critical path can shorten the lead time, and a change may hand the critical path to a parallel
branch, so each scenario takes the longer of the changed path and the best path around it.

Only changes a head of compliance would accept are offered (see offered_changes): removal only
for waste, automation only for manual work, and a necessary control is automated, never removed.

Scenarios never copy the map or its graph: they pass attribute overrides (an element's elapsed
time) or an element to bypass to the passes over the map's one graph.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Collection
from dataclasses import dataclass, field

from ..model.document import MapDocument
from ..model.elements import Automation, Element, ElementKind, ValueCategory
from ..model.value_stream_map import ValueStreamMap
from .network import FlowNetwork, Passes, PreparedMap, network_of

DEFAULT_AUTOMATED_SHARE = 0.10
_RANKED_KINDS = (ElementKind.STEP, ElementKind.APPROVAL, ElementKind.QUEUE)


CHANGES = ("no_wait", "automate", "remove")
CHANGE_LABELS = {"no_wait": "Cut the wait to zero", "automate": "Automate", "remove": "Remove"}
# A necessary control stays; what changes is how it is done.
CONTROL_AUTOMATE_LABEL = "Automate the control"


def offered_changes(element: Element) -> tuple[dict[str, bool], dict[str, str]]:
    """Which changes may be proposed for the element, and why the others are not.

    Waste (queues, steps marked as waste) may be removed; value-adding work and necessary
    controls (compliance, risk review, audit) are kept and offered less wait or automation.
    Automation is offered only for manual work that has process time to automate."""
    refused: dict[str, str] = {}
    is_queue = element.kind is ElementKind.QUEUE
    if is_queue:
        refused["automate"] = "a queue is waiting only: there is no work to automate"
    elif element.automation is Automation.AUTOMATED:
        refused["automate"] = "already automated"
    if not is_queue and element.value_category is ValueCategory.VALUE_ADDING:
        refused["remove"] = "value-adding work: the customer needs it; offer less wait instead"
    elif not is_queue and element.value_category is ValueCategory.NECESSARY:
        refused["remove"] = (
            "a necessary control (compliance, risk review, audit): automate the control "
            "or cut its wait, never remove it"
        )
    return {change: change not in refused for change in CHANGES}, refused


@dataclass(frozen=True)
class WhatIf:
    element_id: str
    name: str
    lead_time_without_wait: float
    lead_time_automated: float | None  # None when automation is not offered (see refused)
    lead_time_removed: float | None  # None when removal is not offered (see refused)
    baseline: float
    kind: ElementKind = ElementKind.STEP
    value_category: ValueCategory = ValueCategory.VALUE_ADDING
    refused: dict[str, str] = field(default_factory=dict)  # change: why it is not offered

    @property
    def gains(self) -> dict[str, float]:
        """Lead time saved by each offered change."""
        gains = {"no_wait": self.baseline - self.lead_time_without_wait}
        if self.lead_time_automated is not None:
            gains["automate"] = self.baseline - self.lead_time_automated
        if self.lead_time_removed is not None:
            gains["remove"] = self.baseline - self.lead_time_removed
        return gains

    @property
    def best_change(self) -> str:
        gains = self.gains
        return max(gains, key=lambda change: gains[change])  # first of CHANGES on a tie

    @property
    def best_gain(self) -> float:
        return max(self.gains.values())

    def change_label(self, change: str) -> str:
        """ "Automate the control" for a necessary control, else the plain change label."""
        if change == "automate" and self.value_category is ValueCategory.NECESSARY:
            return CONTROL_AUTOMATE_LABEL
        return CHANGE_LABELS[change]

    @property
    def best_change_label(self) -> str:
        return self.change_label(self.best_change)


def rank_what_ifs(
    source: MapDocument | ValueStreamMap | PreparedMap,
    automated_share: float = DEFAULT_AUTOMATED_SHARE,
    method: str = "fast",
    only: Collection[str] | None = None,
) -> list[WhatIf]:
    """Every step, approval and queue in the timed flow, largest gain of an offered change
    first. The what-if panel, the CLI and the PDF's "which change first" all show this ranking.

    method "fast" answers every scenario from one forward and one backward pass (see
    _Scenarios); "recompute" reruns the longest path for each, the plain definition.
    only: rank just these elements (the constraint's saving needs the rows of the tied
    elements alone; a row is the same whether the others are ranked or not).
    """
    network = network_of(source)
    graph = network.graph
    passes = network.forward()
    baseline = passes.lead_time
    if baseline is None:  # the lead time is unknown: no change can be measured against it
        return []
    finish = passes.finish
    nodes = finish if only is None else [node for node in only if node in finish]
    kind = _Scenarios if method == "fast" else _Recompute
    scenarios = kind(network, passes, baseline, asked=None if only is None else nodes)
    rows = []
    for node in nodes:
        element = graph.nodes[node]["element"]
        if element.kind not in _RANKED_KINDS:
            continue
        offered, refused = offered_changes(element)
        attributes = graph.nodes[node]
        work = attributes["process"]  # what the analysis times (a queue: none)
        automated = None
        if offered["automate"]:
            shrunk = attributes["wait"] + work * automated_share
            automated = scenarios.with_weight(node, shrunk)
        rows.append(WhatIf(
            element_id=node,
            name=element.display_name,
            lead_time_without_wait=scenarios.with_weight(node, work),
            lead_time_automated=automated,
            lead_time_removed=scenarios.without(node) if offered["remove"] else None,
            baseline=baseline,
            kind=element.kind,
            value_category=element.value_category,
            refused=refused,
        ))
    # Ties in gain go by name, then id: the order of rows in the file never decides.
    rows.sort(key=lambda row: (-row.best_gain, row.name, row.element_id))
    return rows


class _Recompute:
    """Each scenario by rerunning the forward pass with the change as an override."""

    def __init__(
        self, network: FlowNetwork, passes: Passes, baseline: float,
        asked: Collection[str] | None = None,
    ) -> None:
        """asked: the only elements whose scenarios will be asked for (None: every one)."""
        self.network = network
        self.passes = passes  # the forward pass without changes
        self.baseline = baseline  # its lead time

    def with_weight(self, node: str, weight: float) -> float:
        return self._known(self.network.lead_time(overrides={node: weight}))

    def without(self, node: str) -> float:
        """Its predecessors hand over straight to its successors, keeping the transfer delay
        of the handover into the next element."""
        return self._known(self.network.lead_time(bypassed=node))

    @staticmethod
    def _known(lead_time: float | None) -> float:
        # A scenario changes times, never which elements the flow reaches, so the lead time
        # stays known (None only when no end is reached, see FlowNetwork._passes).
        assert lead_time is not None, "a what-if lost the lead time"
        return lead_time


class _Scenarios(_Recompute):
    """Every scenario in O(1) or O(degree) after O(n log n) preparation.

    A path from start to end either goes through element X or jumps over X's place in the
    topological order along one connection (u, v), or lies wholly before or after it. So the
    lead time with X changed is the larger of the best path through the changed X and the best
    path avoiding X, and the latter is a sweep over connections by position.
    """

    def __init__(
        self, network: FlowNetwork, passes: Passes, baseline: float,
        asked: Collection[str] | None = None,
    ) -> None:
        super().__init__(network, passes, baseline)
        order = list(passes.finish)  # the timed flow, in order
        self.weight = {node: network.node[node]["elapsed"] for node in order}
        self.position = {node: index for index, node in enumerate(order)}
        self.start, self.finish = passes.start, passes.finish
        ends = set(passes.ends)
        # The timed connections, looked up once for both sweeps: into each element, and the
        # same connections out of each.
        preds = network.all_timed_preds(order, self.finish)
        succs: dict[str, dict[str, float]] = {node: {} for node in order}
        for v, into in preds.items():
            for u, delay in into.items():
                succs[u][v] = delay
        # tail[n]: longest elapsed time from the start of n to the end of an end element.
        # Plain loops, not max() over generators: a generator per element cost this
        # preparation a fifth of its time. The same sums in the same order: the same floats.
        weight = self.weight
        tail: dict[str, float] = {}
        for node in reversed(order):
            onward = -math.inf
            for s, delay in succs[node].items():
                reach = delay + tail[s]
                if reach > onward:
                    onward = reach
            tail[node] = weight[node] + (max(onward, 0.0) if node in ends else onward)
        self.tail = tail
        # The constraint's saving asks for a few hundred of 10,000 elements: the sweep
        # below still passes every position, but works out the best path only where asked.
        wanted = None if asked is None else {self.position[node] for node in asked}
        self.avoiding = self._best_paths_avoiding_positions(order, ends, preds, wanted)

    def _best_paths_avoiding_positions(
        self, order: list[str], ends: set[str], preds: dict[str, dict[str, float]],
        wanted: set[int] | None,
    ) -> dict[int, float]:
        """The longest path avoiding each position of the order (those in `wanted` only,
        unless it is None)."""
        position, finish, tail = self.position, self.finish, self.tail
        # next_wanted[i]: the first wanted position at or after i. A span that jumps no wanted
        # position can never be the answer: it is left out of the sweep (of 12,600 spans of a
        # 10,000-element map, the constraint's 327 elements keep a few).
        last = len(order)
        next_wanted = [last] * (last + 1)
        if wanted is not None:
            after = 0
            for here in sorted(wanted):
                next_wanted[after:here + 1] = [here] * (here + 1 - after)
                after = here + 1
        else:
            next_wanted[:last] = range(last)
        spans: list[list[tuple[float, int]]] = [[] for _ in order]  # by first position jumped
        has_preds: set[str] = set()
        for v in order:
            into = preds[v]
            if not into:
                continue
            has_preds.add(v)
            onward = tail[v]
            if onward == -math.inf:  # leads to no end
                continue
            at = position[v]
            for u, delay in into.items():
                first = position[u] + 1
                if at > first and next_wanted[first] < at:
                    spans[first].append((finish[u] + delay + onward, at))
        best_before = -math.inf  # paths ending before the position
        sources_after = [-math.inf] * (len(order) + 1)  # paths starting after it
        best_after = -math.inf
        for index in range(len(order) - 1, -1, -1):
            node = order[index]
            if node not in has_preds and tail[node] > best_after:
                best_after = tail[node]
            sources_after[index] = best_after
        avoiding: dict[int, float] = {}
        open_spans: list[tuple[float, int]] = []
        for index, node in enumerate(order):
            for value, end in spans[index]:
                heapq.heappush(open_spans, (-value, end))
            if wanted is None or index in wanted:
                # Spans that ended are dropped only here: one that ended before this position
                # stays ended for every later one.
                while open_spans and open_spans[0][1] <= index:
                    heapq.heappop(open_spans)
                jumped = -open_spans[0][0] if open_spans else -math.inf
                avoiding[index] = max(jumped, best_before, sources_after[index + 1])
            if node in ends:
                best_before = max(best_before, finish[node])
        return avoiding

    def _best(self, through: float, node: str) -> float:
        return max(through, self.avoiding[self.position[node]], 0.0)

    def with_weight(self, node: str, weight: float) -> float:
        if self.tail[node] == -math.inf:  # leads to no end: cannot change the lead time
            return self.baseline
        onward = self.tail[node] - self.weight[node]
        return self._best(self.start[node] + weight + onward, node)

    def without(self, node: str) -> float:
        preds = self.network.timed_preds(node, self.finish)
        succs = self.network.timed_succs(node, self.finish)
        if not preds or not succs:  # removing a first or last element reshapes the ends
            return super().without(node)
        arrive = max(self.finish[p] for p in preds)
        leave = max(delay + self.tail[s] for s, delay in succs.items())
        return self._best(arrive + leave, node)
