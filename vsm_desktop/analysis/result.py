"""What the flow analysis reports: one immutable value, recomputed after every finished edit."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from typing import NamedTuple

# Below this, a difference of times is float noise of the passes, not time anyone can use.
EPSILON = 1e-9


class Severity(StrEnum):
    WARNING = "warning"
    PROBLEM = "problem"  # the figures are unreliable until it is fixed (a flow cycle)


@dataclass(frozen=True)
class Finding:
    """A warning or problem, with the elements it is about so the canvas can point at them."""

    code: str  # stable machine name: "missing_time", "disconnected", "flow_cycle", ...
    message: str  # one sentence a workshop facilitator understands, naming the elements
    severity: Severity = Severity.WARNING
    element_ids: tuple[str, ...] = ()
    connection_ids: tuple[str, ...] = ()


class ElementTiming(NamedTuple):
    """Critical-path-method timing of one element in the flow, in working hours."""

    earliest_start: float  # when work arrives at the element (its wait begins)
    earliest_finish: float
    latest_finish: float | None  # None: not on a path to the end (a dead end)
    slack: float | None  # how long it can slip before the lead time grows; None as above

    @property
    def on_critical_path(self) -> bool:
        """Zero slack: every such element is critical, not only the one path traced."""
        return self.slack is not None and self.slack <= EPSILON

    @property
    def reaches_end(self) -> bool:
        return self.slack is not None


class Timings(Mapping[str, ElementTiming]):
    """The timing of every timed element, made when asked for: an analysis runs after every
    edit, and most of its timings are never read."""

    def __init__(
        self, start: dict[str, float], finish: dict[str, float], latest: dict[str, float]
    ) -> None:
        self._start, self._finish, self._latest = start, finish, latest

    def __getitem__(self, element_id: str) -> ElementTiming:
        finish = self._finish[element_id]
        latest = self._latest.get(element_id)
        slack = None if latest is None else latest - finish
        if slack is not None and slack < EPSILON:
            slack = 0.0
        return ElementTiming(self._start[element_id], finish, latest, slack)

    def __iter__(self) -> Iterator[str]:
        return iter(self._finish)

    def __len__(self) -> int:
        return len(self._finish)

    def __contains__(self, element_id: object) -> bool:
        return element_id in self._finish


@dataclass(frozen=True)
class ReworkLoop:
    connection_id: str
    source_id: str  # where the work is found wanting
    target_id: str  # where it is sent back to
    share: float  # 0-1, the share of items that go back
    loop_time: float  # hours to go round the loop once (longest flow time target -> source)
    expected_extra_time: float  # loop_time * share / (1 - share)


@dataclass(frozen=True)
class LaneTime:
    lane_id: str | None
    process_time: float
    wait_time: float


@dataclass(frozen=True)
class FlowAnalysis:
    # Figures along the critical path (the longest elapsed path from start to end), in hours.
    # None when the lead time is unknown: the map has a start and an end but no flow joins them
    # (a "lead_time_unknown" problem says so).
    lead_time: float | None
    process_time: float | None
    wait_time: float | None  # waits and transfer delays on the critical path
    flow_efficiency: float | None  # process_time / lead_time; None when zero or unknown
    rolled_pca: float  # 0-1, product of %C&A of every step and approval in the flow
    critical_path: tuple[str, ...]  # element ids, start to end; ties: network.TIE_RULE
    critical_connections: tuple[str, ...]  # flow connection ids along the critical path
    handovers_on_critical_path: int  # cross-team handovers (flow between different lanes)
    handovers_total: int
    total_wait: float  # waits and delays summed over the whole map, critical or not
    constraint_id: str | None  # the element on the critical path with the longest wait
    timings: Mapping[str, ElementTiming] = field(default_factory=dict)
    lane_times: tuple[LaneTime, ...] = ()
    rework_loops: tuple[ReworkLoop, ...] = ()
    findings: tuple[Finding, ...] = ()
    hours_per_day: float = 8.0
    days_per_week: float = 5.0

    @property
    def rework_extra_time(self) -> float:
        return sum(loop.expected_extra_time for loop in self.rework_loops)

    @property
    def expected_lead_time(self) -> float | None:
        """Lead time plus the expected extra time of rework loops."""
        return None if self.lead_time is None else self.lead_time + self.rework_extra_time

    @property
    def lead_time_known(self) -> bool:
        return self.lead_time is not None

    @cached_property  # 25 ms at 5,000 elements: worked out once, where the analysis is made
    def critical_elements(self) -> frozenset[str]:
        """Every element with zero slack: the critical path and any path tied with it."""
        return frozenset(
            node for node, timing in self.timings.items() if timing.on_critical_path
        )

    @property
    def has_problems(self) -> bool:
        return any(f.severity is Severity.PROBLEM for f in self.findings)

    def slack(self, element_id: str) -> float | None:
        timing = self.timings.get(element_id)
        return None if timing is None else timing.slack
