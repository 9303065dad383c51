"""The timed flow, read straight off the map's one graph (model/graph.py).

The flow is the graph's nodes with "flow" set and its edges with "flow" set; nothing is copied
out of it. This module orders the flow (leaving out one connection per cycle, found with one
strongly-connected-components pass), and runs the critical-path passes over the graph's own
adjacency, with attribute overrides for the what-ifs instead of changed copies.

Ties between equally long paths are decided by TIE_RULE, never by the order of rows or
connections in the file, so the same map always shows the same critical path.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Container, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from ..model.calendar import WorkCalendar
from ..model.document import MapDocument
from ..model.elements import ConnectionKind, Element, ElementKind, Lane
from ..model.graph import Adjacency, NodeMap, Parallel, build_graph
from ..model.value_stream_map import ValueStreamMap
from .result import EPSILON, Finding, Severity

if TYPE_CHECKING:  # NetworkX is imported where a graph is built (model/graph.py)
    import networkx as nx

TIE_RULE = (
    "Among equally long paths the critical path takes, at each merge (read from the end back), "
    "the branch drawn highest on the map, then the leftmost, then the first by name."
)
# A cycle's elements named in its message; a longer cycle is summarised.
_NAMED_IN_A_CYCLE = 12


@dataclass(frozen=True)
class PreparedMap:
    """A saved map with its graph built once, for a caller that analyses it several times
    (the command line: the analysis, the what-ifs and the simulation of one file)."""

    value_stream_map: ValueStreamMap
    graph: nx.MultiDiGraph

    @classmethod
    def of(cls, value_stream_map: ValueStreamMap) -> PreparedMap:
        graph = build_graph(value_stream_map.elements, value_stream_map.connections)
        return cls(value_stream_map, graph)

    @property
    def calendar(self) -> WorkCalendar:
        return self.value_stream_map.calendar

    @property
    def lanes(self) -> list[Lane]:
        return self.value_stream_map.lanes

    @cached_property
    def network(self) -> FlowNetwork:
        """The flow, ordered once for every analysis of this map."""
        return FlowNetwork.of(self.graph)


def network_of(source: MapDocument | ValueStreamMap | PreparedMap) -> FlowNetwork:
    """The ordered flow of a map: kept by a PreparedMap, made fresh for anything else (a
    document changes with every edit)."""
    if isinstance(source, PreparedMap):
        return source.network
    return FlowNetwork.of(graph_of(source))


def graph_of(source: MapDocument | ValueStreamMap | PreparedMap) -> nx.MultiDiGraph:
    """The document's own graph, or the graph of a saved map (its elements, not copies)."""
    if isinstance(source, MapDocument | PreparedMap):
        return source.graph
    return build_graph(source.elements, source.connections)


def tie_key(element: Element) -> tuple[float, float, str, str]:
    """Smaller wins a tie (see TIE_RULE): highest on the map, leftmost, by name, by id."""
    return (element.y, element.x, element.name, element.id)


@dataclass
class Passes:
    """Earliest start and finish of every timed element, and where the lead time ends."""

    start: dict[str, float]
    finish: dict[str, float]
    ends: list[str]  # end elements in the timed flow (or its last elements if it has no end)
    last: str | None  # the end that sets the lead time; None when no end is timed
    lead_time: float | None


def adjacency(graph: nx.MultiDiGraph) -> tuple[NodeMap, Adjacency, Adjacency]:
    """The graph's own node, predecessor and successor dicts.

    NetworkX's public views wrap every level of these dicts in a view object on each access,
    which makes a pass over a 5,000-element map several times slower than the walk itself;
    NetworkX's own algorithms read the dicts directly for the same reason. Read only."""
    return graph._node, graph._pred, graph._succ


@dataclass
class Census:
    """What one pass over the flow's connections counts, for the figures and the warnings."""

    linked: set[str] = field(default_factory=set)  # elements with a flow connection
    total_delay: float = 0.0  # transfer delays of every flow connection
    handovers: list[str] = field(default_factory=list)  # flow connections between two lanes
    rework: list[tuple[str, str, str, float]] = field(default_factory=list)
    # rework arrows between flow elements: (found at, sent to, connection id, share sent back)


@dataclass
class FlowNetwork:
    """The flow part of the graph in topological order, cycles broken."""

    graph: nx.MultiDiGraph
    order: list[str]  # every flow element, topological (left-out connections ignored)
    left_out: set[tuple[str, str]] = field(default_factory=set)  # (source, target): cycles
    starts: list[str] = field(default_factory=list)
    end_elements: list[str] = field(default_factory=list)
    census: Census = field(default_factory=Census)
    cycle_findings: list[Finding] = field(default_factory=list)  # one per cycle left out

    def __post_init__(self) -> None:
        self.node, self.pred, self.succ = adjacency(self.graph)
        self.baseline: Passes | None = None  # the forward pass without changes

    @classmethod
    def of(cls, graph: nx.MultiDiGraph, findings: list[Finding] | None = None) -> FlowNetwork:
        nodes = adjacency(graph)[0]
        flow_nodes, starts, ends = [], [], []
        waiting = {}
        for node, attributes in nodes.items():
            if attributes["flow"]:
                flow_nodes.append(node)
                waiting[node] = attributes["flow_in"]
                if attributes["kind"] is ElementKind.START:
                    starts.append(node)
                elif attributes["kind"] is ElementKind.END:
                    ends.append(node)
        cycles: list[Finding] = []
        kahn, left_out = _order_breaking_cycles(graph, flow_nodes, waiting, bool(starts), cycles)
        if findings is not None:
            findings.extend(cycles)
        network = cls(graph, kahn.order, left_out, starts, ends, kahn.census, cycles)
        network.baseline = network._passes(kahn.start, kahn.finish)
        return network

    # -- the passes ------------------------------------------------------------------------

    def forward(
        self, overrides: Mapping[str, float] | None = None, bypassed: str | None = None
    ) -> Passes:
        """Earliest start and finish of every element that follows a customer request (of
        every flow element when there is none).

        overrides: elapsed hours of some elements instead of the graph's (a what-if);
        bypassed: an element taken out, its predecessors handing straight over to its
        successors (it keeps the transfer delays out of it, loses those into it and its time).
        """
        if not overrides and bypassed is None and self.baseline is not None:
            return self.baseline
        pred, nodes = self.pred, self.node
        from_starts = bool(self.starts)
        overrides = overrides or {}
        bypassed_first = False  # taken out and nothing led to it: its successors start at once
        start: dict[str, float] = {}
        finish: dict[str, float] = {}
        for node in self.order:
            arrival = None
            for p, edges in pred[node].items():
                done = finish.get(p)
                if done is None:  # not timed, or later in the order (a left-out connection)
                    continue
                for data in edges.values():
                    if data["flow"]:
                        if node == bypassed or (p == bypassed and bypassed_first):
                            time = done
                        else:
                            time = done + data["delay"]
                        if arrival is None or time > arrival:
                            arrival = time
            attributes = nodes[node]
            if arrival is None:
                if from_starts and attributes["kind"] is not ElementKind.START:
                    continue  # nothing leads here from a customer request
                arrival = 0.0
                bypassed_first = bypassed_first or node == bypassed
            start[node] = arrival
            if node == bypassed:
                finish[node] = arrival
            else:
                finish[node] = arrival + overrides.get(node, attributes["elapsed"])
        return self._passes(start, finish)

    def _passes(self, start: dict[str, float], finish: dict[str, float]) -> Passes:
        """The lead time: the finish of the slowest end element that follows a start (of the
        slowest last element when the map has no end), unknown when none does."""
        if self.starts and self.end_elements and not any(n in finish for n in self.end_elements):
            return Passes(start, finish, [], None, None)  # the flow does not join them
        ends = [n for n in self.end_elements if n in finish] or self._last_elements(finish)
        last = self._slowest(ends, finish)
        return Passes(start, finish, ends, last, finish[last] if last is not None else 0.0)

    def backward(self, passes: Passes) -> dict[str, float]:
        """Latest finish of every timed element that leads to an end, without lengthening the
        lead time. Elements that lead to no end (dead ends) have none."""
        latest: dict[str, float] = {}
        if passes.lead_time is None:
            return latest
        succ, nodes = self.succ, self.node
        ends, lead_time = set(passes.ends), passes.lead_time
        for node in reversed(passes.finish):  # the forward pass filled it in flow order
            best = lead_time if node in ends else None
            for s, edges in succ[node].items():
                later = latest.get(s)
                if later is None:  # leads to no end, or a left-out edge
                    continue
                for data in edges.values():
                    if data["flow"]:
                        time = later - nodes[s]["elapsed"] - data["delay"]
                        if best is None or time < best:
                            best = time
            if best is not None:
                latest[node] = best
        return latest

    def critical_path(self, passes: Passes) -> tuple[list[str], list[str]]:
        """The elements and connections of the critical path, ties decided by TIE_RULE."""
        if passes.last is None:
            return [], []
        pred, nodes, left_out = self.pred, self.node, self.left_out
        start, finish = passes.start, passes.finish
        path, connections = [passes.last], []
        node = passes.last
        while True:
            arrival = start[node]
            tied = []
            for p, edges in pred[node].items():
                done = finish.get(p)
                if done is None:
                    continue
                for key, data in edges.items():
                    if data["flow"] and abs(done + data["delay"] - arrival) <= EPSILON:
                        tied.append((p, key))
            if left_out:
                tied = [(p, key) for p, key in tied if (p, node) not in left_out]
            if not tied:
                break
            if len(tied) > 1:
                tied.sort(key=lambda pair: (tie_key(nodes[pair[0]]["element"]), pair[1]))
            node, key = tied[0]
            path.append(node)
            connections.append(key)
        path.reverse()
        connections.reverse()
        return path, connections

    def lead_time(
        self, overrides: Mapping[str, float] | None = None, bypassed: str | None = None
    ) -> float | None:
        return self.forward(overrides, bypassed).lead_time

    # -- helpers ---------------------------------------------------------------------------

    def _slowest(self, candidates: list[str], finish: dict[str, float]) -> str | None:
        if not candidates:
            return None
        longest = max(finish[n] for n in candidates)
        tied = [n for n in candidates if longest - finish[n] <= EPSILON]
        return min(tied, key=lambda n: tie_key(self.node[n]["element"]))

    def _last_elements(self, finish: dict[str, float]) -> list[str]:
        """Timed elements with no timed flow successor: where the flow stops."""
        succ = self.succ
        return [
            n for n in finish
            if not any(
                s in finish and (n, s) not in self.left_out and data["flow"]
                for s, edges in succ[n].items() for data in edges.values()
            )
        ]

    def timed_preds(self, node: str, timed: Mapping[str, float]) -> dict[str, float]:
        """Flow predecessors among `timed`, each with its transfer delay (of two parallel
        connections the slower counts)."""
        return self.all_timed_preds((node,), timed)[node]

    def timed_succs(self, node: str, timed: Mapping[str, float]) -> dict[str, float]:
        return self._timed_neighbours((node,), timed, forwards=True)[node]

    def all_timed_preds(
        self, nodes: Iterable[str], timed: Mapping[str, float]
    ) -> dict[str, dict[str, float]]:
        """timed_preds of each of `nodes`, in one loop (a call per element cost a what-if
        ranking of 10,000 elements a quarter of its preparation)."""
        return self._timed_neighbours(nodes, timed, forwards=False)

    def _timed_neighbours(
        self, nodes: Iterable[str], timed: Mapping[str, float], forwards: bool
    ) -> dict[str, dict[str, float]]:
        adjacent, left_out = (self.succ if forwards else self.pred), self.left_out
        everything: dict[str, dict[str, float]] = {}
        for node in nodes:
            found: dict[str, float] = {}
            for neighbour, edges in adjacent[node].items():
                if neighbour not in timed or (
                    (node, neighbour) if forwards else (neighbour, node)
                ) in left_out:
                    continue
                for data in edges.values():
                    if data["flow"]:
                        found[neighbour] = max(found.get(neighbour, 0.0), data["delay"])
            everything[node] = found
        return everything

    def walk(self, first: Iterable[str], forwards: bool = True) -> set[str]:
        """Every flow element reached from `first` along flow connections (or against them)."""
        return flow_reach(self.succ if forwards else self.pred, first)


def flow_reach(
    adjacent: Adjacency, first: Iterable[str], within: Container[str] | None = None
) -> set[str]:
    """Every element reached from `first` along flow connections of the graph's successor
    (or, given its predecessors, against them); only through elements `within` if given."""
    seen = set(first)
    stack = list(seen)
    while stack:
        for neighbour, edges in adjacent[stack.pop()].items():
            if (
                neighbour not in seen and (within is None or neighbour in within)
                and _has_flow(edges)
            ):
                seen.add(neighbour)
                stack.append(neighbour)
    return seen


def _order_breaking_cycles(
    graph: nx.MultiDiGraph, flow_nodes: list[str], waiting: dict[str, int], from_starts: bool,
    findings: list[Finding] | None,
) -> tuple[_Kahn, set[tuple[str, str]]]:
    """A topological order of the flow. Kahn's order; when it stalls, the elements it could not
    order are split into strongly connected components in one pass, and in each one depth-first
    search from its leftmost element leaves out every connection that runs back to an element
    on the search's path: one per cycle, and most likely the rework that was drawn as flow."""
    kahn = _kahn(graph, flow_nodes, dict(waiting), set(), from_starts)
    if len(kahn.order) == len(flow_nodes):
        return kahn, set()
    ordered = set(kahn.order)
    blocked = [n for n in flow_nodes if n not in ordered]
    nodes, _, succ = adjacency(graph)
    members = set(blocked)
    import networkx as nx

    blocked_graph = nx.DiGraph()
    blocked_graph.add_nodes_from(blocked)
    blocked_graph.add_edges_from(
        (node, s) for node in blocked for s, edges in succ[node].items()
        if s in members and _has_flow(edges)
    )
    left_out: set[tuple[str, str]] = set()
    elements = {node: nodes[node]["element"] for node in blocked}
    for component in nx.strongly_connected_components(blocked_graph):
        if len(component) > 1:
            for cycle, closing in _back_edges(blocked_graph, component, elements):
                edges = succ[closing[0]][closing[1]]
                keys = [key for key, data in edges.items() if data["flow"]]
                left_out.add(closing)
                if findings is not None:
                    findings.append(_cycle_finding(cycle, closing, keys, elements))
    return _kahn(graph, flow_nodes, dict(waiting), left_out, from_starts), left_out


@dataclass
class _Kahn:
    """Kahn's topological order of the flow, with the forward pass pushed along it and the
    census of the connections it passes (complete when every element was ordered)."""

    order: list[str]
    start: dict[str, float]
    finish: dict[str, float]
    census: Census


def _has_flow(edges: Parallel) -> bool:
    """Whether any of the parallel edges between two elements is a flow connection."""
    return any(data["flow"] for data in edges.values())


def _kahn(
    graph: nx.MultiDiGraph, flow_nodes: list[str], waiting: dict[str, int],
    left_out: set[tuple[str, str]], from_starts: bool,
) -> _Kahn:
    """Orders the flow elements over the flow connections not left out, and times each one as
    it is ordered: its predecessors are done, so its earliest start is known (see
    FlowNetwork.forward for the rules). waiting: each element's number of flow predecessors
    (used up)."""
    nodes, _, succ = adjacency(graph)
    for source, target in left_out:
        waiting[target] -= sum(1 for data in succ[source][target].values() if data["flow"])
    ready = deque(node for node in flow_nodes if waiting[node] == 0)
    linked = {node for node in flow_nodes if waiting[node]}  # elements with a flow connection
    order: list[str] = []
    arrivals: dict[str, float] = {}  # latest arrival so far from a timed predecessor
    start: dict[str, float] = {}
    finish: dict[str, float] = {}
    handovers: list[str] = []
    rework: list[tuple[str, str, str, float]] = []
    total_delay = 0.0
    while ready:
        node = ready.popleft()
        order.append(node)
        attributes = nodes[node]
        arrival = arrivals.get(node)
        if arrival is None and (not from_starts or attributes["kind"] is ElementKind.START):
            arrival = 0.0
        done = None
        if arrival is not None:
            start[node] = arrival
            done = finish[node] = arrival + attributes["elapsed"]
        lane = attributes["lane"]
        for s, edges in succ[node].items():
            for key, data in edges.items():
                if not data["flow"]:
                    if data["kind"] is ConnectionKind.REWORK and nodes[s]["flow"]:
                        rework.append((node, s, key, data["rework_share"]))
                    continue
                linked.add(node)
                delay = data["delay"]
                total_delay += delay
                other_lane = nodes[s]["lane"]
                if lane is not None and other_lane is not None and lane != other_lane:
                    handovers.append(key)
                if left_out and (node, s) in left_out:
                    continue
                waiting[s] -= 1
                if waiting[s] == 0:
                    ready.append(s)
                if done is not None:
                    time = done + delay
                    if time > arrivals.get(s, -1.0):
                        arrivals[s] = time
    census = Census(linked, total_delay, handovers, rework)
    return _Kahn(order, start, finish, census)


def _back_edges(
    graph: nx.DiGraph, component: set[str], elements: Mapping[str, Element]
) -> Iterator[tuple[list[str], tuple[str, str]]]:
    """Depth-first search over one strongly connected component, from its leftmost element and
    visiting successors left to right; yields (cycle, closing edge) for every edge back to an
    element on the current path. Leaving those out leaves no cycle."""
    def position(node: str) -> tuple[float, float, str, str]:
        element = elements[node]
        return (element.x, element.y, element.name, node)

    root = min(component, key=position)
    on_path: dict[str, int] = {root: 0}
    path = [root]
    visited = {root}
    stack = [iter(sorted((s for s in graph.succ[root] if s in component), key=position))]
    while stack:
        node = path[-1]
        for s in stack[-1]:
            if s in on_path:
                yield path[on_path[s]:], (node, s)
            elif s not in visited:
                visited.add(s)
                on_path[s] = len(path)
                path.append(s)
                stack.append(iter(sorted(
                    (t for t in graph.succ[s] if t in component), key=position
                )))
                break
        else:
            stack.pop()
            del on_path[path.pop()]


def _cycle_finding(
    cycle: list[str], closing: tuple[str, str], keys: list[str], elements: Mapping[str, Element]
) -> Finding:
    def name(node: str) -> str:
        return elements[node].display_name

    shown = cycle if len(cycle) <= _NAMED_IN_A_CYCLE else cycle[: _NAMED_IN_A_CYCLE - 1]
    loop = " → ".join(name(n) for n in shown)
    loop += f" → … ({len(cycle)} elements)" if len(shown) < len(cycle) else f" → {name(cycle[0])}"
    return Finding(
        code="flow_cycle",
        message=(
            f"The flow goes round in a circle: {loop}. Work that is sent back is rework: "
            f"mark one of these connections as rework (the one from '{name(closing[0])}' to "
            f"'{name(closing[1])}' is left out of the timings until then)."
        ),
        severity=Severity.PROBLEM,
        element_ids=tuple(cycle),
        connection_ids=tuple(keys),
    )
