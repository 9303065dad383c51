"""The flow analysis: critical path, lead time, waits, flow efficiency, rolled %C&A, slack.

Parallel branches are AND: all must finish, so the lead time is the longest elapsed path from
start to end through flow connections (the critical path method). An element takes its wait plus
its process time (a queue only its wait), a handover its transfer delay. Rework stays out of the
longest path and is reported as expected extra time; a flow cycle is reported as a problem and
the connection that closes it is left out, so the figures stay useful while the room fixes the
map. When the flow no longer joins the customer request to value realised, the lead time is
unknown (None), never 0.

Everything is read from the map's one NetworkX graph (model/graph.py): its nodes' and edges'
attributes and its adjacency, in the passes of network.py.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING

from ..model.document import MapDocument
from ..model.elements import ElementKind, Lane
from ..model.value_stream_map import ValueStreamMap
from .network import FlowNetwork, Passes, PreparedMap, adjacency, network_of
from .result import (
    EPSILON,
    Finding,
    FlowAnalysis,
    LaneTime,
    Severity,
    Timings,
)
from .rework import rework_loops

if TYPE_CHECKING:  # NetworkX is imported where a graph is built (model/graph.py)
    import networkx as nx

_WORK_KINDS = frozenset(kind for kind in ElementKind if kind.does_work)
# Elements named in one warning; the rest are counted (the canvas marks them all).
_NAMED_IN_A_WARNING = 20


def _names(graph: nx.MultiDiGraph, ids: Sequence[str]) -> str:
    nodes = adjacency(graph)[0]
    named = ", ".join(f"'{nodes[i]['element'].display_name}'" for i in ids[:_NAMED_IN_A_WARNING])
    if len(ids) > _NAMED_IN_A_WARNING:
        named += f" and {len(ids) - _NAMED_IN_A_WARNING:,} more"
    return named


def analyze(source: MapDocument | ValueStreamMap | PreparedMap) -> FlowAnalysis:
    network = network_of(source)
    calendar = source.calendar
    findings: list[Finding] = list(network.cycle_findings)
    nodes = network.node

    passes = network.forward()
    lead_time = passes.lead_time
    critical_path, critical_connections = network.critical_path(passes)
    latest_finish = network.backward(passes)
    timings = Timings(passes.start, passes.finish, latest_finish)

    process_time: float | None
    wait_time: float | None
    flow_efficiency: float | None
    if lead_time is None:
        process_time = wait_time = flow_efficiency = None
        findings.append(Finding(
            code="lead_time_unknown",
            message=(
                "Lead time unknown: no flow leads from the customer request to value realised. "
                "Connect the flow from start to end (a handover may have been deleted)."
            ),
            severity=Severity.PROBLEM,
            element_ids=tuple(network.starts + network.end_elements),
        ))
    else:
        process_time = sum(nodes[n]["process"] for n in critical_path)
        wait_time = lead_time - process_time
        flow_efficiency = process_time / lead_time if lead_time > EPSILON else None

    census = network.census
    critical_set = set(critical_connections)
    handovers_critical = sum(1 for key in census.handovers if key in critical_set)

    sums = _ElementSums(network)
    total_wait = sums.wait + census.total_delay
    constraint_id = max(
        (n for n in critical_path if nodes[n]["wait"] > 0),
        key=lambda n: nodes[n]["wait"],
        default=None,
    )

    loops = rework_loops(network, passes, latest_finish, census.rework, findings)
    findings.extend(_data_warnings(network, passes, latest_finish, sums))

    return FlowAnalysis(
        lead_time=lead_time,
        process_time=process_time,
        wait_time=wait_time,
        flow_efficiency=flow_efficiency,
        rolled_pca=sums.rolled_pca,
        critical_path=tuple(critical_path),
        critical_connections=tuple(critical_connections),
        handovers_on_critical_path=handovers_critical,
        handovers_total=len(census.handovers),
        total_wait=total_wait,
        constraint_id=constraint_id,
        timings=timings,
        lane_times=sums.lane_times(source.lanes),
        rework_loops=tuple(loops),
        findings=tuple(findings),
        hours_per_day=calendar.hours_per_day,
        days_per_week=calendar.days_per_week,
    )


class _ElementSums:
    """One pass over the flow elements: their waits, the rolled %C&A, the times per lane, and
    the gaps in their data."""

    def __init__(self, network: FlowNetwork) -> None:
        nodes, linked = network.node, network.census.linked
        alone = len(network.order) == 1
        self.wait = 0.0
        self.rolled_pca = 1.0
        self.lane_process: dict[str | None, float] = defaultdict(float)
        self.lane_wait: dict[str | None, float] = defaultdict(float)
        self.no_process: list[str] = []
        self.no_wait: list[str] = []
        self.no_pca: list[str] = []
        self.connected: list[str] = []  # in flow order
        self.lonely: list[str] = []
        for node in network.order:
            attributes = nodes[node]
            element = attributes["element"]
            kind = attributes["kind"]
            self.wait += attributes["wait"]
            lane = attributes["lane"]
            self.lane_process[lane] += attributes["process"]
            self.lane_wait[lane] += attributes["wait"]
            if node in linked:
                self.connected.append(node)
            else:
                self.lonely.append(node)
            if kind in _WORK_KINDS:
                if element.process_time is None:
                    self.no_process.append(node)
                if element.pca is None:
                    self.no_pca.append(node)
                elif alone or node in linked:
                    self.rolled_pca *= element.pca / 100.0
            if element.wait_time is None and (kind in _WORK_KINDS or kind is ElementKind.QUEUE):
                self.no_wait.append(node)

    def lane_times(self, lanes: list[Lane]) -> tuple[LaneTime, ...]:
        lane_order = [lane.id for lane in lanes] + [None]
        return tuple(
            LaneTime(lane_id, self.lane_process[lane_id], self.lane_wait[lane_id])
            for lane_id in lane_order if lane_id in self.lane_process
        )


def _data_warnings(
    network: FlowNetwork, passes: Passes, latest_finish: dict[str, float], sums: _ElementSums
) -> list[Finding]:
    """Gaps in the data that make the figures less trustworthy, worded for the room."""
    graph = network.graph
    findings = []
    for code, ids, what, consequence in (
        ("missing_process_time", sums.no_process, "Process time", "counted as zero"),
        ("missing_wait_time", sums.no_wait, "Wait time", "counted as zero"),
        ("missing_pca", sums.no_pca, "%C&A", "counted as 100%"),
    ):
        if ids:
            findings.append(Finding(
                code=code,
                message=f"{what} not entered for {_names(graph, ids)}; {consequence}.",
                element_ids=tuple(ids),
            ))

    connected, lonely = sums.connected, sums.lonely
    if len(network.order) > 1 and lonely:
        findings.append(Finding(
            code="disconnected",
            message=(
                f"{_names(graph, lonely)} {'is' if len(lonely) == 1 else 'are'} not "
                "connected to the flow and not counted in the lead time."
            ),
            element_ids=tuple(lonely),
        ))
    if network.order and not network.starts:
        findings.append(Finding(
            code="no_start",
            message="The map has no customer request (start); the lead time is measured from "
                    "the first elements of the flow.",
        ))
    if network.order and not network.end_elements:
        findings.append(Finding(
            code="no_end",
            message="The map has no 'value realised' end; the lead time is measured to the last "
                    "elements of the flow.",
        ))
    stranded: list[str] = []
    if network.starts:
        stranded = [n for n in connected if n not in passes.finish]
        if stranded:
            findings.append(Finding(
                code="unreachable",
                message=f"No flow leads from the customer request to {_names(graph, stranded)}.",
                element_ids=tuple(stranded),
            ))
    if network.end_elements:
        finishing: Collection[str]
        if passes.lead_time is not None and not stranded:
            finishing = latest_finish  # the backward pass reached every element that finishes
        else:
            finishing = network.walk(network.end_elements, forwards=False)
        dead_ends = [n for n in connected if n not in finishing]
        if dead_ends:
            findings.append(Finding(
                code="dead_end",
                message=f"Work stops at {_names(graph, dead_ends)}: no flow leads on to the "
                        "value realised. It is not on a path to the end, so it has no slack.",
                element_ids=tuple(dead_ends),
            ))
    return findings
