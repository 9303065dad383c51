"""The improvement plan: what the lead time becomes if the planned kaizen ideas land.

Each idea names its target element and the values it expects there ("wait 5 d -> 1 d").
Applying an expected value sets it, so an idea already done and reflected in the map changes
nothing when applied again. Lead times with ideas landed are passes over the map's one graph
with the targets' times overridden; only a changed %C&A needs a changed copy of the map.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model.document import MapDocument
from ..model.elements import Element, ElementKind
from ..model.value_stream_map import ValueStreamMap
from .flow import analyze
from .network import FlowNetwork, graph_of
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
    changes: Changes
    lead_time_alone: float | None  # the lead time if only this idea landed (None: unknown)


Changes = dict[str, tuple[float | None, float]]  # field: (now, expected)
Landing = tuple[Element, Element, Changes]  # an idea, its target, what it changes there


@dataclass(frozen=True)
class PlanOutcome:
    lead_time_now: float | None  # None: unknown, the flow does not join start to end
    lead_time_planned: float | None  # every planned, under way or done idea landed
    rolled_pca_now: float
    rolled_pca_planned: float
    ideas: tuple[PlannedIdea, ...]  # planned ideas with an effect, biggest gain alone first
    unplanned_or_without_effect: tuple[str, ...]  # idea ids left out, for the room to finish

    @property
    def gain(self) -> float:
        """Hours the plan saves; 0 when the lead time is unknown (nothing to measure by)."""
        if self.lead_time_now is None or self.lead_time_planned is None:
            return 0.0
        return self.lead_time_now - self.lead_time_planned

    def gain_alone(self, idea: PlannedIdea) -> float:
        """Hours the idea saves if only it landed; 0 when the lead time is unknown."""
        if self.lead_time_now is None or idea.lead_time_alone is None:
            return 0.0
        return self.lead_time_now - idea.lead_time_alone


def expected_changes(idea: Element, target: Element) -> Changes:
    changes: Changes = {}
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
    now = analysis or analyze(source)
    network = FlowNetwork.of(graph_of(source))
    planned: list[Landing] = []
    left_out: list[str] = []
    for idea in base.elements:
        if idea.kind is not ElementKind.KAIZEN:
            continue
        target = elements.get(idea.target_id or "")
        changes = expected_changes(idea, target) if target is not None else {}
        if target is None or not idea.status.is_planned or not changes:
            left_out.append(idea.id)
            continue
        planned.append((idea, target, changes))

    def lead_time(chosen: list[Landing]) -> float | None:
        """The lead time with the chosen ideas' times set on their targets (overrides)."""
        nodes = network.node
        changed: dict[str, dict[str, float]] = {}
        for _, target, changes in chosen:
            changed.setdefault(target.id, {}).update(
                {field: value for field, (_, value) in changes.items()}
            )
        overrides: dict[str, float] = {}
        for target_id, values in changed.items():
            if target_id not in nodes or not nodes[target_id]["flow"]:
                continue
            attributes = nodes[target_id]
            wait = values.get("wait_time", attributes["wait"])
            process = values.get("process_time", attributes["process"])
            if attributes["kind"] is ElementKind.QUEUE:
                process = 0.0  # a queue is wait only
            overrides[target_id] = wait + process
        return network.lead_time(overrides=overrides)

    def landed(chosen: list[Landing]) -> ValueStreamMap:
        """The map with the chosen ideas' effects; only the changed targets are copied."""
        updates: dict[str, dict[str, float]] = {}
        for _, target, changes in chosen:
            updates.setdefault(target.id, {}).update(
                {field: value for field, (_, value) in changes.items()}
            )
        return base.model_copy(update={"elements": [
            e.model_copy(update=updates[e.id]) if e.id in updates else e for e in base.elements
        ]})

    pca_changes = [item for item in planned if "pca" in item[2]]
    rolled_pca_planned = analyze(landed(pca_changes)).rolled_pca if pca_changes else (
        now.rolled_pca
    )
    ideas = [
        PlannedIdea(
            idea_id=idea.id, name=idea.display_name, target_id=target.id,
            target_name=target.display_name, owner=idea.owner, status=idea.status.value,
            changes=changes, lead_time_alone=lead_time([(idea, target, changes)]),
        )
        for idea, target, changes in planned
    ]
    unknown = float("inf")  # ideas whose lead time is unknown sort last
    ideas.sort(key=lambda item: (
        unknown if item.lead_time_alone is None else item.lead_time_alone, item.name
    ))
    return PlanOutcome(
        lead_time_now=now.lead_time,
        lead_time_planned=lead_time(planned) if planned else now.lead_time,
        rolled_pca_now=now.rolled_pca,
        rolled_pca_planned=rolled_pca_planned,
        ideas=tuple(ideas),
        unplanned_or_without_effect=tuple(left_out),
    )
