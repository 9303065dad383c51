"""What to do first: the few changes with the largest safe gain, for page 1 of the report.

Two sources, each computed by its own module so the answer is the same wherever it is shown:
the team's kaizen plan (improvement_plan.plan_outcome: an idea's gain if only it lands, with its
owner and status) and the what-if ranking (whatif.rank_what_ifs: the best change its rules
offer for each element; removal only for waste, never for value-adding work or a necessary
control). An element the team already has a planned idea for is represented by that idea, so
the list proposes what people have agreed to do before what the model could do.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model.elements import KaizenStatus
from ..model.value_stream_map import ValueStreamMap
from .improvement_plan import PlanOutcome, plan_outcome
from .result import FlowAnalysis
from .whatif import CHANGE_LABELS, WhatIf, rank_what_ifs

_EPSILON = 1e-9


@dataclass(frozen=True)
class FirstAction:
    action: str  # what to do, in words: the idea's name or "Automate Security testing"
    element_id: str
    element_name: str
    gain: float  # working hours of lead time it saves if only it lands
    owner: str  # "" when nobody owns it yet
    status: str  # the idea's status label, or "not planned" for a what-if suggestion
    source: str  # "plan" or "what-if"


def first_actions(
    value_stream_map: ValueStreamMap,
    analysis: FlowAnalysis | None = None,
    count: int = 3,
    *,
    plan: PlanOutcome | None = None,
    ranking: list[WhatIf] | None = None,
) -> list[FirstAction]:
    """The `count` actions with the largest gain, one per element, largest first."""
    plan = plan or plan_outcome(value_stream_map, analysis)
    ranking = ranking if ranking is not None else rank_what_ifs(value_stream_map)
    candidates: dict[str, FirstAction] = {}
    if plan.lead_time_now is None:  # no lead time, no gains to rank: fix the flow first
        return []
    for idea in plan.ideas:  # biggest gain alone first
        gain = plan.gain_alone(idea)
        if gain <= _EPSILON or idea.target_id in candidates:
            continue
        candidates[idea.target_id] = FirstAction(
            action=idea.name,
            element_id=idea.target_id,
            element_name=idea.target_name,
            gain=gain,
            owner=idea.owner.strip(),
            status=KaizenStatus(idea.status).label,
            source="plan",
        )
    for row in ranking:  # already in the ranking's own order: largest allowed gain first
        gain = row.best_gain
        if row.element_id in candidates or gain is None or gain <= _EPSILON:
            continue
        candidates[row.element_id] = FirstAction(
            action=_change_in_words(row, row.name),
            element_id=row.element_id,
            element_name=row.name,
            gain=row.best_gain,
            owner="",
            status="not planned",
            source="what-if",
        )
    ordered = sorted(candidates.values(), key=lambda action: -action.gain)  # stable on ties
    return ordered[:count]


def _change_in_words(row: WhatIf, name: str) -> str:
    """The ranking's own label for its best (offered) change, with the element named."""
    change = row.best_change
    if change == "no_wait":
        return f"Cut the wait at {name} to zero"
    if change == "remove":
        return f"Remove {name}"
    label = row.best_change_label  # "Automate" or "Automate the control"
    return f"{label}: {name}" if label != CHANGE_LABELS.get(change) else f"{label} {name}"
