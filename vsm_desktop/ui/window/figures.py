"""One finished edit's figures, worked out on a worker from a snapshot of the document.

`work_out_figures` is a plain function of plain data (no Qt): the analysis, the what-if ranking,
the improvement plan, the stream figures, and the copy of the map the lead-time simulation
reads. The window's AnalysisRunner shows what it returns; each part that fails says why in its
own field, so one broken figure never takes the others (or the map) down.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...analysis.result import FlowAnalysis
from ..background import JobControl
from ..canvas.items.ladder import LaidOutLadder, lay_out_ladder

if TYPE_CHECKING:  # imported by the worker, on first use (the first frame needs none of it)
    from ...analysis.constraint import Constraint
    from ...analysis.improvement_plan import PlanOutcome
    from ...analysis.stream_figures import StreamFigures
    from ...analysis.whatif import WhatIf
    from ...model import MapDocument, ValueStreamMap

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Figures:
    """What one snapshot's figures came to. With `analysis` None, `failure` says why."""

    analysis: FlowAnalysis | None
    failure: str = ""
    # Only when the lead time is known: the ranking and the plan, or why they failed.
    ranking: list[WhatIf] | None = None
    plan: PlanOutcome | None = None
    ranking_failure: str = ""
    stream: StreamFigures | None = None  # None: the stream figures failed (logged)
    ranged_map: ValueStreamMap | None = None  # for the simulation; None: the map has no range
    # The analysis was the one the window already had (a what-if setting changed, not the map).
    reused_analysis: bool = False
    ladder: LaidOutLadder | None = None  # the canvas's lead-time ladder, laid out
    constraint: Constraint | None = None  # the canvas's badges and tie tooltips


def work_out_figures(
    snapshot: MapDocument,
    automated_share: float,
    control: JobControl,
    analysis: FlowAnalysis | None = None,
    ladder_right: float | None = None,
) -> Figures:
    """Every figure of `snapshot`, checking between the parts whether a newer edit overtook
    this one. `analysis`: the snapshot's analysis when already known (only the what-if
    setting changed); the simulation's map and the ladder are then left out, as they have not
    changed. `ladder_right`: where the canvas's ladder ends (None: no ladder)."""
    from ...analysis import analyze
    from ...analysis.ranged import has_ranges

    reused = analysis is not None
    if analysis is None:
        try:
            analysis = analyze(snapshot)
        except Exception as error:  # noqa: BLE001 - a broken analysis must not take the map down
            log.exception("the analysis failed")
            return Figures(None, failure=str(error) or type(error).__name__)
    analysis.critical_elements  # noqa: B018 - cached here, read by the canvas when shown
    control.check()
    ranking, plan, ranking_failure = _ranking_and_plan(snapshot, analysis, automated_share)
    control.check()
    stream = _stream_figures(snapshot, analysis, ranking)
    control.check()
    ranged_map = ladder = constraint = None
    if not reused:
        if has_ranges(snapshot):
            ranged_map = snapshot.to_map()  # the simulation's own copy, validated
        if ladder_right is not None:
            ladder = lay_out_ladder(analysis, snapshot, ladder_right)
        constraint = _constraint(snapshot, analysis, stream)
    return Figures(analysis, ranking=ranking, plan=plan, ranking_failure=ranking_failure,
                   stream=stream, ranged_map=ranged_map, reused_analysis=reused, ladder=ladder,
                   constraint=constraint)


def _ranking_and_plan(
    snapshot: MapDocument, analysis: FlowAnalysis, automated_share: float
) -> tuple[list[WhatIf] | None, PlanOutcome | None, str]:
    if analysis.lead_time is None:  # nothing to measure a change against
        return None, None, ""
    from ...analysis.whatif import rank_what_ifs
    from ..whatif_panel import improvement_plan_for

    try:
        ranking = rank_what_ifs(snapshot, automated_share)
        plan = improvement_plan_for(snapshot, analysis)
    except Exception as error:  # noqa: BLE001 - like the analysis: never take the map down
        log.exception("the what-if ranking failed")
        return None, None, str(error) or type(error).__name__
    return ranking, plan, ""


def _constraint(
    snapshot: MapDocument, analysis: FlowAnalysis, stream: StreamFigures | None
) -> Constraint | None:
    """The stream figures' constraint (with its saving), or found again when they failed."""
    if stream is not None:
        return stream.constraint
    from ...analysis.constraint import find_constraint

    return find_constraint(snapshot, analysis)


def _stream_figures(
    snapshot: MapDocument, analysis: FlowAnalysis, ranking: list[WhatIf] | None
) -> StreamFigures | None:
    """Waits by cause, spans, delivery, value-adding efficiency and the constraint's ties
    (ranking: the what-if rows for the constraint's saving, or None)."""
    try:
        from ...analysis.stream_figures import stream_figures

        return stream_figures(snapshot, analysis, ranking)
    except Exception:  # noqa: BLE001 - the flow figures stay useful without these
        log.exception("the stream figures failed")
        return None
