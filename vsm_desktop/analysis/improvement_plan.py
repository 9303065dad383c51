"""The improvement plan: what the lead time becomes if the planned kaizen ideas land.

Each idea names its target element and the values it expects there ("wait 5 d -> 1 d").
Applying an expected value sets it, so an idea already done and reflected in the map changes
nothing when applied again.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model.document import MapDocument
from ..model.elements import Element, ElementKind
from ..model.value_stream_map import ValueStreamMap
from .flow import analyze
from .result import FlowAnalysis

_EFFECTS = (
    ("expected_wait_time", "wait_time"),
    ("expected_process_time", "process_time"),
    ("expected_pca", "pca"),
)


@dataclass(frozen=True)
class PlannedIdea:
    idea_id: str
    name: str
    target_id: str
    target_name: str
    owner: str
    status: str
    changes: dict[str, tuple[float | None, float]]  # field: (now, expected)
    lead_time_alone: float  # the lead time if only this idea landed


@dataclass(frozen=True)
class PlanOutcome:
    lead_time_now: float
    lead_time_planned: float  # every planned, under way or done idea landed
    rolled_pca_now: float
    rolled_pca_planned: float
    ideas: tuple[PlannedIdea, ...]  # planned ideas with an effect, biggest gain alone first
    unplanned_or_without_effect: tuple[str, ...]  # idea ids left out, for the room to finish

    @property
    def gain(self) -> float:
        return self.lead_time_now - self.lead_time_planned


def expected_changes(idea: Element, target: Element) -> dict[str, tuple[float | None, float]]:
    changes = {}
    for expected, field in _EFFECTS:
        value = getattr(idea, expected)
        if value is not None and value != getattr(target, field):
            changes[field] = (getattr(target, field), value)
    return changes


def plan_outcome(
    source: MapDocument | ValueStreamMap, analysis: FlowAnalysis | None = None
) -> PlanOutcome:
    """analysis: the map's current analysis, when the caller has it already."""
    base = source.to_map() if isinstance(source, MapDocument) else source
    elements = {e.id: e for e in base.elements}
    now = analysis or analyze(base)
    planned, left_out = [], []
    for idea in base.elements:
        if idea.kind is not ElementKind.KAIZEN:
            continue
        target = elements.get(idea.target_id or "")
        changes = expected_changes(idea, target) if target is not None else {}
        if not idea.status.is_planned or not changes:
            left_out.append(idea.id)
            continue
        planned.append((idea, target, changes))

    def landed(chosen) -> ValueStreamMap:
        """The map with the chosen ideas' effects; only the changed targets are copied."""
        updates: dict[str, dict] = {}
        for _, target, changes in chosen:
            updates.setdefault(target.id, {}).update(
                {field: value for field, (_, value) in changes.items()}
            )
        return base.model_copy(update={"elements": [
            e.model_copy(update=updates[e.id]) if e.id in updates else e for e in base.elements
        ]})

    after = analyze(landed(planned)) if planned else now
    ideas = [
        PlannedIdea(
            idea_id=idea.id, name=idea.display_name, target_id=target.id,
            target_name=target.display_name, owner=idea.owner, status=idea.status.value,
            changes=changes, lead_time_alone=analyze(landed([(idea, target, changes)])).lead_time,
        )
        for idea, target, changes in planned
    ]
    ideas.sort(key=lambda item: (item.lead_time_alone, item.name))
    return PlanOutcome(
        lead_time_now=now.lead_time,
        lead_time_planned=after.lead_time,
        rolled_pca_now=now.rolled_pca,
        rolled_pca_planned=after.rolled_pca,
        ideas=tuple(ideas),
        unplanned_or_without_effect=tuple(left_out),
    )
