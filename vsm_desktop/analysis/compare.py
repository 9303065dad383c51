"""Current state against future state: every figure and every element, before and after.

Elements are matched by id: a future state derived from the current one keeps its elements' ids,
so a step whose wait was cut shows as changed, a merged handover's step as removed, and a new
automated check as added.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model.elements import Element, ElementKind
from ..model.value_stream_map import ValueStreamMap
from .flow import analyze
from .result import FlowAnalysis

COMPARED_FIELDS = (
    "name", "kind", "lane", "process_time", "wait_time", "pca", "people", "value_category",
    "automation", "items_waiting", "wait_cause", "status",
)


@dataclass(frozen=True)
class FigureChange:
    key: str
    label: str
    before: float | None
    after: float | None
    unit: str  # "hours", "share" (0-1) or "count"

    @property
    def delta(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


@dataclass(frozen=True)
class ElementChange:
    element_id: str
    name: str
    kind: ElementKind
    status: str  # "removed", "added" or "changed"
    changes: dict[str, tuple[object, object]] = field(default_factory=dict)  # field: (old, new)


@dataclass(frozen=True)
class MapComparison:
    current: ValueStreamMap
    future: ValueStreamMap
    current_analysis: FlowAnalysis
    future_analysis: FlowAnalysis
    figures: tuple[FigureChange, ...]
    elements: tuple[ElementChange, ...]

    def figure(self, key: str) -> FigureChange:
        return next(figure for figure in self.figures if figure.key == key)

    def by_status(self, status: str) -> list[ElementChange]:
        return [change for change in self.elements if change.status == status]


def compare_maps(current: ValueStreamMap, future: ValueStreamMap) -> MapComparison:
    before, after = analyze(current), analyze(future)

    def count(m: ValueStreamMap, kind: ElementKind) -> int:
        return sum(e.kind is kind for e in m.elements)

    figures = (
        FigureChange("lead_time", "Lead time", before.lead_time, after.lead_time, "hours"),
        FigureChange("process_time", "Process time", before.process_time, after.process_time,
                     "hours"),
        FigureChange("wait_time", "Wait time", before.wait_time, after.wait_time, "hours"),
        FigureChange("flow_efficiency", "Flow efficiency", before.flow_efficiency,
                     after.flow_efficiency, "share"),
        FigureChange("rolled_pca", "Rolled %C&A", before.rolled_pca, after.rolled_pca, "share"),
        FigureChange("handovers", "Cross-team handovers", before.handovers_total,
                     after.handovers_total, "count"),
        FigureChange("handovers_on_critical_path", "Handovers on the critical path",
                     before.handovers_on_critical_path, after.handovers_on_critical_path,
                     "count"),
        FigureChange("total_wait", "Total wait", before.total_wait, after.total_wait, "hours"),
        FigureChange("steps", "Steps", count(current, ElementKind.STEP),
                     count(future, ElementKind.STEP), "count"),
        FigureChange("approvals", "Approvals", count(current, ElementKind.APPROVAL),
                     count(future, ElementKind.APPROVAL), "count"),
        FigureChange("queues", "Queues", count(current, ElementKind.QUEUE),
                     count(future, ElementKind.QUEUE), "count"),
    )
    return MapComparison(current, future, before, after, figures,
                         tuple(_element_changes(current, future)))


def _element_changes(current: ValueStreamMap, future: ValueStreamMap) -> list[ElementChange]:
    old = {e.id: e for e in current.elements if e.kind is not ElementKind.NOTE}
    new = {e.id: e for e in future.elements if e.kind is not ElementKind.NOTE}
    old_lanes = {lane.id: lane.name for lane in current.lanes}
    new_lanes = {lane.id: lane.name for lane in future.lanes}
    changes = []
    for element_id, element in old.items():
        if element_id not in new:
            changes.append(ElementChange(element_id, element.display_name, element.kind,
                                         "removed"))
            continue
        differences = {}
        for name in COMPARED_FIELDS:
            before = _value(element, name, old_lanes)
            after = _value(new[element_id], name, new_lanes)
            if before != after:
                differences[name] = (before, after)
        if differences:
            changes.append(ElementChange(element_id, new[element_id].display_name,
                                         new[element_id].kind, "changed", differences))
    for element_id, element in new.items():
        if element_id not in old:
            changes.append(ElementChange(element_id, element.display_name, element.kind,
                                         "added"))
    return changes


def _value(element: Element, name: str, lane_names: dict[str, str]) -> object:
    if name == "lane":
        return lane_names.get(element.lane_id or "")
    if name == "status" and element.kind is not ElementKind.KAIZEN:
        return None
    return getattr(element, name)
