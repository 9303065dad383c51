"""The figures beside the flow figures: waits by cause, spans, delivery figures, value-adding
efficiency and the constraint with its ties. One value for the metrics panel, the PDF and
`analyze --json`, computed from the map and its flow analysis."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..model.elements import DeliveryFigures, ElementKind, ValueCategory
from .constraint import Constraint, WhatIfsOf, find_constraint
from .delivery import DORA_SOURCE, DeliveryReading, delivery_readings
from .map_source import WORK_KINDS, MapInput, MapSource, timed_work
from .result import FlowAnalysis
from .spans import DEFAULT_SPAN, SpanTime, measure_spans
from .wait_causes import WaitByCause, wait_by_cause
from .whatif import WhatIf

_EPSILON = 1e-9


@dataclass(frozen=True)
class StreamFigures:
    wait_by_cause: WaitByCause
    spans: tuple[SpanTime, ...]
    delivery: DeliveryFigures
    delivery_readings: tuple[DeliveryReading, ...]
    value_adding_process_time: float
    value_adding_efficiency: float | None
    constraint: Constraint | None

    def span(self, name: str) -> SpanTime | None:
        return next((s for s in self.spans if s.name.casefold() == name.casefold()), None)


def lead_time_of(result: FlowAnalysis) -> float | None:
    """The lead time, or None when the analysis could not measure it."""
    return getattr(result, "lead_time", None)


def value_adding_process_time(parts: MapSource, result: FlowAnalysis) -> float:
    """Process time of the value-adding steps and approvals on the critical path."""
    on_path = (parts.elements[n] for n in result.critical_path if n in parts.elements)
    return sum(
        timed_work(element) for element in on_path
        if element.kind in WORK_KINDS and element.value_category is ValueCategory.VALUE_ADDING
    )


def stream_figures(source: MapInput, result: FlowAnalysis, ranking: list[WhatIf] | None = None,
                   what_ifs_of: WhatIfsOf | None = None) -> StreamFigures:
    """ranking: the what-if ranking when the caller has it, for the constraint's true saving;
    else what_ifs_of gives the what-ifs of the constraint's elements alone."""
    parts = MapSource.of(source)
    spans = tuple(measure_spans(parts))
    lead_time = lead_time_of(result)
    value_adding = value_adding_process_time(parts, result)
    lead_time_for_changes = next(
        (s.hours for s in spans if s.name.casefold() == DEFAULT_SPAN and s.hours is not None),
        None,
    )
    delivery = parts.info.delivery
    return StreamFigures(
        wait_by_cause=wait_by_cause(parts, result),
        spans=spans,
        delivery=delivery,
        delivery_readings=tuple(delivery_readings(delivery, parts.calendar, lead_time_for_changes)),
        value_adding_process_time=value_adding,
        value_adding_efficiency=(
            value_adding / lead_time if lead_time is not None and lead_time > _EPSILON else None
        ),
        constraint=find_constraint(parts, result, ranking, what_ifs_of),
    )


# -- JSON (analyze --json) --------------------------------------------------------------------


def round_hours(value: float | None) -> float | None:
    """Hours to the nearest second's worth: no float noise such as 1.7e-18."""
    return None if value is None else round(value, 4) + 0.0


def _share(value: float | None) -> float | None:
    return None if value is None else round(value, 6) + 0.0


def stream_figures_json(
    source: MapInput, result: FlowAnalysis, figures: StreamFigures
) -> dict[str, Any]:
    parts = MapSource.of(source)
    lanes = {lane.id: lane.name for lane in parts.lanes}
    critical = set(result.critical_path)
    constraint = figures.constraint
    delivery = figures.delivery
    return {
        "value_adding_efficiency": _share(figures.value_adding_efficiency),
        "value_adding_process_time_hours": round_hours(figures.value_adding_process_time),
        "wait_by_cause": {
            "whole_map": {k: round_hours(v) for k, v in figures.wait_by_cause.whole_map.items()},
            "critical_path": {
                k: round_hours(v) for k, v in figures.wait_by_cause.critical_path.items()
            },
        },
        "spans": [
            {"name": span.name,
             "from": parts.elements[span.from_id].display_name if span.from_id else None,
             "to": parts.elements[span.to_id].display_name if span.to_id else None,
             "from_id": span.from_id, "to_id": span.to_id,
             "hours": round_hours(span.hours), "problem": span.problem or None}
            for span in figures.spans
        ],
        "delivery": {
            "change_failure_rate_percent": delivery.change_failure_rate,
            "time_to_recover_hours": round_hours(delivery.time_to_recover),
            "deployments_per_week": round_hours(delivery.deployments_per_week),
            "levels": {reading.key: reading.level for reading in figures.delivery_readings},
            "reference": DORA_SOURCE,
        },
        "constraint_ties": None if constraint is None else {
            "names": list(constraint.names),
            "ids": list(constraint.element_ids),
            "wait_hours": round_hours(constraint.wait_hours),
            "tie": constraint.is_tie,
            "saving_hours": [
                {"id": n, "name": parts.elements[n].display_name, "hours": round_hours(saving)}
                for n, saving in constraint.savings.items()
            ],
        },
        "elements": [
            {"id": element.id, "name": element.display_name, "kind": element.kind.value,
             "lane": lanes.get(element.lane_id or ""),
             "slack_hours": round_hours(timing.slack) if timing is not None else None,
             "critical": element.id in critical}
            for element in parts.elements.values()
            if element.kind not in (ElementKind.KAIZEN, ElementKind.NOTE)
            for timing in (result.timings.get(element.id),)
        ],
    }

