"""What the flow analysis reports: one immutable value, recomputed after every finished edit."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import NamedTuple


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
    """Critical-path-method timing of one element in the flow, in working hours.

    A named tuple: one is made per element on every analysis, and they are cheap to make."""

    earliest_start: float  # when work arrives at the element (its wait begins)
    earliest_finish: float
    latest_finish: float
    slack: float  # how long it can slip before the lead time grows

    @property
    def on_critical_path(self) -> bool:
        return self.slack <= 1e-9


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
    lead_time: float
    process_time: float
    wait_time: float  # waits of elements plus transfer delays of handovers on the critical path
    flow_efficiency: float | None  # process_time / lead_time; None when the lead time is zero
    rolled_pca: float  # 0-1, product of %C&A of every step and approval in the flow
    critical_path: tuple[str, ...]  # element ids, start to end
    critical_connections: tuple[str, ...]  # flow connection ids along the critical path
    handovers_on_critical_path: int  # cross-team handovers (flow between different lanes)
    handovers_total: int
    total_wait: float  # waits and delays summed over the whole map, critical or not
    constraint_id: str | None  # the element on the critical path with the longest wait
    timings: dict[str, ElementTiming] = field(default_factory=dict)
    lane_times: tuple[LaneTime, ...] = ()
    rework_loops: tuple[ReworkLoop, ...] = ()
    findings: tuple[Finding, ...] = ()
    hours_per_day: float = 8.0
    days_per_week: float = 5.0

    @property
    def rework_extra_time(self) -> float:
        return sum(loop.expected_extra_time for loop in self.rework_loops)

    @property
    def expected_lead_time(self) -> float:
        """Lead time plus the expected extra time of rework loops."""
        return self.lead_time + self.rework_extra_time

    @property
    def has_problems(self) -> bool:
        return any(f.severity is Severity.PROBLEM for f in self.findings)

    def slack(self, element_id: str) -> float | None:
        timing = self.timings.get(element_id)
        return None if timing is None else timing.slack
