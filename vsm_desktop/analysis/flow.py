"""The flow analysis: critical path, lead time, waits, flow efficiency, rolled %C&A, slack.

Parallel branches are AND: all must finish, so the lead time is the longest elapsed path from
start to end through flow connections (the critical path method). An element takes its wait plus
its process time, a handover its transfer delay. Rework stays out of the longest path and is
reported as expected extra time; a flow cycle is reported as a problem and the connection that
closes it is left out, so the figures stay useful while the room fixes the map.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

import networkx as nx

from ..model.calendar import WorkCalendar
from ..model.document import MapDocument
from ..model.elements import Connection, ConnectionKind, Element, ElementKind, Lane
from ..model.value_stream_map import ValueStreamMap
from .flow_graph import FlowGraph
from .result import (
    ElementTiming,
    Finding,
    FlowAnalysis,
    LaneTime,
    ReworkLoop,
    Severity,
)

_EPSILON = 1e-9
_WORK_KINDS = frozenset(kind for kind in ElementKind if kind.does_work)


@dataclass
class _MapParts:
    elements: dict[str, Element]
    connections: list[Connection]
    lanes: list[Lane]
    calendar: WorkCalendar


def _parts(source: MapDocument | ValueStreamMap) -> _MapParts:
    if isinstance(source, MapDocument):
        return _MapParts(
            {e.id: e for e in source.elements()}, source.connections(), source.lanes,
            source.calendar,
        )
    return _MapParts(
        {e.id: e for e in source.elements}, source.connections, source.lanes, source.calendar
    )


def _names(elements: dict[str, Element], ids) -> str:
    return ", ".join(f"'{elements[i].display_name}'" for i in ids)


@dataclass
class FlowNetwork:
    """The timed part of the map: flow elements and flow connections, cycles broken."""

    parts: _MapParts
    graph: FlowGraph  # every flow element and flow connection
    weight: dict[str, float]  # elapsed hours of each element
    delay: dict[tuple[str, str], float]  # transfer delay of each flow connection
    full_order: list[str]  # topological order of `graph`
    order: list[str]  # topological order of the timed part: all that follows a request
    preds: dict[str, list[str]]  # within the timed part
    succs: dict[str, list[str]]
    ends: list[str]

    @classmethod
    def build(cls, parts: _MapParts, findings: list[Finding]) -> FlowNetwork:
        graph = FlowGraph(parts.elements, parts.connections)
        full_order = _order_breaking_cycles(graph, parts.elements, findings)
        starts = [n for n in full_order if parts.elements[n].kind is ElementKind.START]
        timed = graph.reachable_from(starts) if starts else None
        if timed is None or len(timed) == len(full_order):
            order, preds = full_order, graph.preds
        else:
            order = [n for n in full_order if n in timed]
            preds = {n: [p for p in graph.preds[n] if p in timed] for n in order}
        return cls(
            parts=parts,
            graph=graph,
            weight=graph.elapsed,
            delay={edge: (c.delay or 0.0) for edge, c in graph.edge_connection.items()},
            full_order=full_order,
            order=order,
            preds=preds,
            succs=graph.succs,  # a timed node's successors are timed too
            ends=[n for n in order if parts.elements[n].kind is ElementKind.END],
        )

    def lead_time(self, weight=None, preds=None, order=None, delay=None) -> float:
        """The lead time with some elements' times or the connections changed (what-ifs)."""
        order = order or self.order
        members = set(order) if order is not self.order else None
        ends = self.ends if members is None else [n for n in self.ends if n in members]
        _, finish, last = forward_pass(
            preds or self.preds, order, weight or self.weight, delay or self.delay, ends
        )
        return finish[last] if last is not None else 0.0


def analyze(source: MapDocument | ValueStreamMap) -> FlowAnalysis:
    parts = _parts(source)
    elements = parts.elements
    findings: list[Finding] = []

    network = FlowNetwork.build(parts, findings)
    flow_graph, edge_connection = network.graph, network.graph.edge_connection
    weight, delay, order = network.weight, network.delay, network.order
    earliest_start, earliest_finish, last = forward_pass(
        network.preds, order, weight, delay, network.ends
    )
    lead_time = earliest_finish[last] if last is not None else 0.0

    critical_path, critical_connections = _trace_critical_path(
        network.preds, last, earliest_start, earliest_finish, delay, edge_connection
    )

    latest_finish = backward_pass(network.succs, order, weight, delay, lead_time)
    timings = {
        node: ElementTiming(
            earliest_start=earliest_start[node],
            earliest_finish=earliest_finish[node],
            latest_finish=latest_finish[node],
            slack=max(0.0, latest_finish[node] - earliest_finish[node]),
        )
        for node in order
    }

    process_time = sum(elements[n].process_time or 0.0 for n in critical_path)
    wait_time = lead_time - process_time

    preds, succs = flow_graph.preds, flow_graph.succs
    alone = len(flow_graph) == 1
    rolled_pca = math.prod(
        (element.pca if element.pca is not None else 100.0) / 100.0
        for element in (elements[n] for n in flow_graph.nodes if preds[n] or succs[n] or alone)
        if element.kind in _WORK_KINDS
    )

    lane_of = {n: elements[n].lane_id for n in flow_graph.nodes}
    critical_set = set(critical_connections)
    handovers_total = handovers_critical = 0
    for (source, target), connection in edge_connection.items():
        source_lane, target_lane = lane_of[source], lane_of[target]
        if source_lane is not None and target_lane is not None and source_lane != target_lane:
            handovers_total += 1
            handovers_critical += connection.id in critical_set

    total_wait = (
        sum(elements[n].wait_time or 0.0 for n in flow_graph.nodes) + sum(delay.values())
    )
    constraint_id = max(
        (n for n in critical_path if (elements[n].wait_time or 0.0) > 0),
        key=lambda n: elements[n].wait_time or 0.0,
        default=None,
    )

    rework_loops = _rework_loops(network, findings)
    findings.extend(_data_warnings(parts, network))

    return FlowAnalysis(
        lead_time=lead_time,
        process_time=process_time,
        wait_time=wait_time,
        flow_efficiency=(process_time / lead_time) if lead_time > _EPSILON else None,
        rolled_pca=rolled_pca,
        critical_path=tuple(critical_path),
        critical_connections=tuple(critical_connections),
        handovers_on_critical_path=handovers_critical,
        handovers_total=handovers_total,
        total_wait=total_wait,
        constraint_id=constraint_id,
        timings=timings,
        lane_times=_lane_times(parts, flow_graph),
        rework_loops=tuple(rework_loops),
        findings=tuple(findings),
        hours_per_day=parts.calendar.hours_per_day,
        days_per_week=parts.calendar.days_per_week,
    )


def _order_breaking_cycles(graph: FlowGraph, elements, findings) -> list[str]:
    """A topological order of the flow. Each cycle is reported as a problem and the connection
    that most looks like going back is left out."""
    while True:
        order, blocked = graph.topological_order()
        if not blocked:
            return order
        cycle = graph.find_cycle(blocked)
        # The edge that runs furthest right-to-left on the canvas is most likely the rework.
        closing = max(cycle, key=lambda e: elements[e[0]].x - elements[e[1]].x)
        connection = graph.remove_edge(*closing)
        cycle_nodes = [edge[0] for edge in cycle]
        loop = " → ".join(elements[n].display_name for n in cycle_nodes + [cycle_nodes[0]])
        findings.append(Finding(
            code="flow_cycle",
            message=(
                f"The flow goes round in a circle: {loop}. Work that is sent back is rework: "
                f"mark one of these connections as rework (the one from "
                f"'{elements[closing[0]].display_name}' to '{elements[closing[1]].display_name}' "
                "is left out of the timings until then)."
            ),
            severity=Severity.PROBLEM,
            element_ids=tuple(cycle_nodes),
            connection_ids=(connection.id,),
        ))


def forward_pass(preds, order, weight, delay, ends):
    """Earliest start and finish of every element, and the element where the lead time ends:
    the slowest end element, or the slowest element without successors if there is no end."""
    earliest_start: dict[str, float] = {}
    earliest_finish: dict[str, float] = {}
    for node in order:
        start = max(
            (earliest_finish[pred] + delay[pred, node] for pred in preds[node]),
            default=0.0,
        )
        earliest_start[node] = start
        earliest_finish[node] = start + weight[node]
    if not ends:
        has_successor = {pred for node in order for pred in preds[node]}
        ends = [n for n in order if n not in has_successor]
    finish_candidates = ends
    last = max(finish_candidates, key=lambda n: earliest_finish[n], default=None)
    return earliest_start, earliest_finish, last


def backward_pass(succs, order, weight, delay, lead_time) -> dict[str, float]:
    """Latest finish of every element that does not lengthen the lead time."""
    latest_finish: dict[str, float] = {}
    for node in reversed(order):
        latest_finish[node] = min(
            (latest_finish[succ] - weight[succ] - delay[node, succ] for succ in succs[node]),
            default=lead_time,
        )
    return latest_finish


def _timed_nodes(graph: nx.DiGraph, elements: dict[str, Element]) -> set[str] | None:
    """What the lead time is measured over: all that follows a customer request, if there is
    one (None: the whole flow)."""
    starts = [n for n in graph if elements[n].kind is ElementKind.START]
    if not starts:
        return None
    return set(starts).union(*(nx.descendants(graph, s) for s in starts))


def _trace_critical_path(preds, last, earliest_start, earliest_finish, delay, edge_connection):
    if last is None:
        return [], []
    path = [last]
    connections = []
    node = last
    while True:
        pred = next(
            (p for p in preds[node]
             if abs(earliest_finish[p] + delay[p, node] - earliest_start[node]) <= _EPSILON),
            None,
        )
        if pred is None:
            break
        connections.append(edge_connection[pred, node].id)
        path.append(pred)
        node = pred
    path.reverse()
    connections.reverse()
    return path, connections


def _rework_loops(network: FlowNetwork, findings) -> list[ReworkLoop]:
    """Expected extra time of each rework loop: a share p repeats the loop 1/(1-p) times."""
    loops = []
    elements = network.parts.elements
    position = {node: index for index, node in enumerate(network.full_order)}
    for connection in network.parts.connections:
        if connection.kind is not ConnectionKind.REWORK:
            continue
        found_at, sent_to = connection.source_id, connection.target_id
        if found_at not in position or sent_to not in position:
            continue
        loop_time = _longest_time_between(network, position, sent_to, found_at)
        if loop_time is None:
            findings.append(Finding(
                code="rework_not_a_loop",
                message=(
                    f"Rework from '{elements[found_at].display_name}' to "
                    f"'{elements[sent_to].display_name}' does not go back along the flow, so it "
                    "adds no expected time. Draw rework from a later step back to an earlier one."
                ),
                element_ids=(found_at, sent_to),
                connection_ids=(connection.id,),
            ))
            continue
        share = connection.rework_percent / 100.0
        loops.append(ReworkLoop(
            connection_id=connection.id,
            source_id=found_at,
            target_id=sent_to,
            share=share,
            loop_time=loop_time,
            expected_extra_time=loop_time * share / (1.0 - share),
        ))
    return loops


def _longest_time_between(network: FlowNetwork, position, first, last) -> float | None:
    """Longest elapsed time from the start of `first` to the end of `last`, both included;
    None when no flow leads from one to the other. Only the stretch of the topological order
    between them is visited, which keeps short loops cheap on large maps."""
    if first == last:
        return network.weight[first]
    start, stop = position[first], position[last]
    if start > stop:
        return None
    preds, weight, delay = network.graph.preds, network.weight, network.delay
    finish = {first: weight[first]}
    for node in network.full_order[start + 1 : stop + 1]:
        arrivals = [finish[p] + delay[p, node] for p in preds[node] if p in finish]
        if arrivals:
            finish[node] = max(arrivals) + weight[node]
    return finish.get(last)


def _lane_times(parts: _MapParts, graph: FlowGraph) -> tuple[LaneTime, ...]:
    process: dict[str | None, float] = defaultdict(float)
    wait: dict[str | None, float] = defaultdict(float)
    for node in graph.nodes:
        element = parts.elements[node]
        process[element.lane_id] += element.process_time or 0.0
        wait[element.lane_id] += element.wait_time or 0.0
    lane_order = [lane.id for lane in parts.lanes] + [None]
    return tuple(
        LaneTime(lane_id, process[lane_id], wait[lane_id])
        for lane_id in lane_order if lane_id in process
    )


def _data_warnings(parts: _MapParts, network: FlowNetwork) -> list[Finding]:
    """Gaps in the data that make the figures less trustworthy, worded for the room."""
    elements = parts.elements
    graph = network.graph
    findings = []
    flow_elements = [elements[n] for n in graph.nodes]
    no_process, no_wait, no_pca = [], [], []
    for element in flow_elements:
        if element.kind in _WORK_KINDS:
            if element.process_time is None:
                no_process.append(element.id)
            if element.pca is None:
                no_pca.append(element.id)
        elif element.kind is ElementKind.QUEUE and element.wait_time is None:
            no_wait.append(element.id)
    for code, ids, what, consequence in (
        ("missing_process_time", no_process, "Process time", "counted as zero"),
        ("missing_wait_time", no_wait, "Wait time", "counted as zero"),
        ("missing_pca", no_pca, "%C&A", "counted as 100%"),
    ):
        if ids:
            findings.append(Finding(
                code=code,
                message=f"{what} not entered for {_names(elements, ids)}; {consequence}.",
                element_ids=tuple(ids),
            ))

    if len(graph) > 1:
        lonely = [n for n in graph.nodes if not graph.preds[n] and not graph.succs[n]]
        if lonely:
            findings.append(Finding(
                code="disconnected",
                message=(
                    f"{_names(elements, lonely)} {'is' if len(lonely) == 1 else 'are'} not "
                    "connected to the flow and not counted in the lead time."
                ),
                element_ids=tuple(lonely),
            ))
    starts = [e.id for e in flow_elements if e.kind is ElementKind.START]
    ends = [e.id for e in flow_elements if e.kind is ElementKind.END]
    if flow_elements and not starts:
        findings.append(Finding(
            code="no_start",
            message="The map has no customer request (start); the lead time is measured from "
                    "the first elements of the flow.",
        ))
    if flow_elements and not ends:
        findings.append(Finding(
            code="no_end",
            message="The map has no 'value realised' end; the lead time is measured to the last "
                    "elements of the flow.",
        ))
    if starts:
        timed = set(network.order)
        stranded = [n for n in graph.nodes if n not in timed and graph.degree(n)]
        if stranded:
            findings.append(Finding(
                code="unreachable",
                message=f"No flow leads from the customer request to {_names(elements, stranded)}.",
                element_ids=tuple(stranded),
            ))
    if ends:
        finishing = graph.reaching(ends)
        dead_ends = [n for n in graph.nodes if n not in finishing and graph.degree(n)]
        if dead_ends:
            findings.append(Finding(
                code="dead_end",
                message=f"Work stops at {_names(elements, dead_ends)}: no flow leads on to the "
                        "value realised.",
                element_ids=tuple(dead_ends),
            ))
    return findings
