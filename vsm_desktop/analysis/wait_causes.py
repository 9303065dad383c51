"""Where the waiting comes from: wait hours summed by cause, for the map and the critical path.

Each element's wait and each handover's transfer delay may name its cause (an approval queue,
manual compliance, a release window, …). Waits without one fall under "unspecified", so the
causes of the whole map add up to its total wait and those of the critical path to its wait time.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model.elements import WaitCause
from .map_source import FLOW_KINDS, MapInput, MapSource
from .result import FlowAnalysis

UNSPECIFIED = "unspecified"
CAUSE_KEYS = tuple(cause.value for cause in WaitCause) + (UNSPECIFIED,)


def cause_label(key: str) -> str:
    return "Cause not given" if key == UNSPECIFIED else WaitCause(key).label


@dataclass(frozen=True)
class WaitByCause:
    whole_map: dict[str, float]  # cause key: hours, causes with a wait only, in CAUSE_KEYS order
    critical_path: dict[str, float]

    @property
    def has_causes(self) -> bool:
        """At least one wait names its cause."""
        return any(key != UNSPECIFIED for key in self.whole_map)


def wait_by_cause(source: MapInput, result: FlowAnalysis) -> WaitByCause:
    """Sum the waits the analysis counts: every timed element's wait and the transfer delay of
    every flow it times (connections it left out to break a cycle do not count)."""
    parts = MapSource.of(source)
    left_out = {
        connection_id
        for finding in result.findings if finding.code == "flow_cycle"
        for connection_id in finding.connection_ids
    }
    whole: dict[str, float] = {}
    for element in parts.elements.values():
        if element.kind in FLOW_KINDS:
            _add(whole, element.wait_cause, element.wait_time)
    edges = [c for c in parts.flow_edges().values() if c.id not in left_out]
    for connection in edges:
        _add(whole, connection.wait_cause, connection.delay)
    critical: dict[str, float] = {}
    for element_id in result.critical_path:
        on_map = parts.elements.get(element_id)  # None: an analysis of another map
        if on_map is not None:
            _add(critical, on_map.wait_cause, on_map.wait_time)
    on_path = set(result.critical_connections)
    for connection in edges:
        if connection.id in on_path:
            _add(critical, connection.wait_cause, connection.delay)
    return WaitByCause(_ordered(whole), _ordered(critical))


def _add(totals: dict[str, float], cause: WaitCause | None, hours: float | None) -> None:
    if hours:
        key = cause.value if cause is not None else UNSPECIFIED
        totals[key] = totals.get(key, 0.0) + hours


def _ordered(totals: dict[str, float]) -> dict[str, float]:
    return {key: totals[key] for key in CAUSE_KEYS if key in totals}
