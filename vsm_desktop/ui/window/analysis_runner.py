"""Once per finished edit: one analysis feeds the figures, the canvas, the strip and what-ifs.

The figures are worked out on a worker (window/figures.py) from a snapshot of the document
taken on the GUI thread, so an edit on a large map never waits for them. While they are under
way the panels grey what they show and say they are calculating; what lands is shown only when
no newer edit has come since (a newer one overtakes the job, and its result is dropped).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer

from ...analysis.result import FlowAnalysis
from ...cycle_collector import release_long_lived, settle_long_lived
from ...model import events as ev
from ...model.units import format_duration
from ..background import JobControl, LatestJobRunner
from ..lead_time_spread import DistributionRunner, SpreadResult
from ..whatif_panel import plan_summary, plan_tooltip
from .figures import Figures, work_out_figures
from .first_frame import FirstFrame

if TYPE_CHECKING:
    from ...analysis.stream_figures import StreamFigures
    from ...analysis.whatif import WhatIf
    from ...model import ValueStreamMap
    from ..main_window import MainWindow

log = logging.getLogger(__name__)

CALCULATING = "Calculating the figures…"
LEAD_TIME_UNKNOWN = ("Lead time unknown: no flow joins the customer request to value realised, "
                     "so no change can be measured. Connect the flow first.")


class AnalysisRunner:
    """Works out the figures after edits settle (several events of one edit run it once)."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.analysis: FlowAnalysis | None = None  # the one shown
        self.ranking: list[WhatIf] = []  # the what-if ranking shown (none without a lead time)
        self._pending = False  # the figures shown are not the map's own yet
        self._scheduled = False  # a run waits for the event loop
        self._held = False  # until a frame of the map is on screen
        self._settle_heap = True  # once the figures of a map just shown are in
        self.jobs = LatestJobRunner(window)
        self.jobs.setObjectName("the figures")
        self.jobs.finished.connect(self.show_figures)
        self.jobs.failed.connect(lambda message: self.show_figures(Figures(None, failure=message)))
        window.document.events.subscribe(self._on_document_event)
        # P50/P85 and criticality when the map has ranges, simulated off the GUI thread.
        self.spread = DistributionRunner(window)
        self.spread.ready.connect(self._show_spread)
        window.in_progress.track("the figures", lambda: self._pending)
        window.in_progress.track("the lead-time simulation", lambda: self.spread.busy)

    @property
    def idle(self) -> bool:
        """The figures shown are those of the map as it is: nothing waits or runs for them."""
        return not self._pending and not self.jobs.busy

    def _on_document_event(self, event: ev.DocumentEvent) -> None:
        if isinstance(event, ev.DocumentReset):
            if not isinstance(event, ev.ContentsSwapped):  # both states' maps live on
                release_long_lived()
            self._settle_heap = True
            # The figures shown are the map's before: greyed while the new one is drawn (a
            # large map takes a while) and until its own figures land.
            self._set_calculating(True)
            if not self._held:
                self._hold_until_painted()
        elif isinstance(event, ev.EditFinished):
            self._pending = True
            self._schedule()

    def _schedule(self) -> None:
        if not self._scheduled and not self._held:
            self._scheduled = True
            QTimer.singleShot(0, self.run)

    def run_after_first_frame(self) -> None:
        """At start: the map paints at once and its figures follow the first frame (the
        analysis is what imports NetworkX). Until then the panels say they are calculating."""
        self._held = self._pending = True
        self.window.metrics.clear(CALCULATING)
        self.window.whatif.clear(CALCULATING)
        FirstFrame(self.window).painted.connect(self._release)

    def _hold_until_painted(self) -> None:
        """A map opened (or a state shown) paints its first frame before the snapshot and the
        worker take their share of the machine."""
        viewport = self.window.view.viewport()
        if viewport.isVisible() and not self.window.isMinimized():
            self._held = True
            frame = FirstFrame(viewport)
            frame.painted.connect(self._release)
            frame.painted.connect(frame.deleteLater)

    def _release(self) -> None:
        self._held = False
        if self._pending:
            self._schedule()

    def run(self) -> None:
        """Figures, critical path and ladder from one analysis, worked out on the worker."""
        self._scheduled = False
        if self._held:
            return  # the release schedules it
        self._pending = True
        self._submit(None)
        # The comparison works on its own worker: it stops now and starts again once the
        # edits settle (counted from here, so the next queued edit can still join in).
        self.window.state_control.schedule_compare_refresh()

    def update_improvements(self) -> None:
        """What-if ranking and the improvement plan again (the automated share changed): with
        the analysis shown when it is the map's own, else from a new analysis."""
        reuse = None if self._pending else self.analysis
        self._pending = True
        if not self._held:
            self._submit(reuse)

    def _submit(self, analysis: FlowAnalysis | None) -> None:
        window = self.window
        snapshot = window.document.snapshot()
        share = window.whatif.automated_share
        right = window.view.ladder_right
        self._set_calculating(True)

        def job(control: JobControl) -> Figures:
            try:
                return work_out_figures(snapshot, share, control, analysis, right)
            finally:
                snapshot.discard_graph()  # now, not at some full collection

        self.jobs.submit(job)

    def _set_calculating(self, calculating: bool) -> None:
        window = self.window
        for panel in (window.metrics, window.whatif, window.strip):
            panel.set_calculating(calculating, CALCULATING)

    def show_figures(self, figures: Figures) -> None:
        """Show what the worker worked out, unless a newer edit has come since."""
        if self._scheduled or self._held:
            return  # a newer edit's run is on its way: these figures are already stale
        self._pending = False
        self._set_calculating(False)
        window = self.window
        analysis = figures.analysis
        self.ranking = figures.ranking or []
        if analysis is None:
            self.analysis = None
            window.metrics.clear(f"The figures could not be computed: {figures.failure}")
            window.strip.set_analysis(None, self.name_of)
            window.whatif.clear("The what-if ranking needs the figures; see the warnings.")
            window.metrics.set_plan_text("", "")
        else:
            self.analysis = analysis
            if not figures.reused_analysis:
                window.view.set_analysis(analysis, figures.ladder, figures.constraint)
                window.metrics.set_analysis(analysis, self.name_of)
                window.strip.set_analysis(analysis, self.name_of)
                self._simulate(figures.ranged_map)
            self._show_improvements(analysis, figures)
        if self._settle_heap:
            self._settle_heap = False
            settle_long_lived()

    def _simulate(self, ranged_map: ValueStreamMap | None) -> None:
        if ranged_map is not None:
            self.spread.submit(ranged_map, self.window.whatif.automated_share)
        else:
            self.spread.submit_nothing()

    def _show_spread(self, result: SpreadResult | None) -> None:
        window = self.window
        distribution = result.distribution if result else None
        window.metrics.spread.set_distribution(distribution, window.document.calendar)
        window.strip.set_p85(
            format_duration(distribution.p85, window.document.calendar) if distribution else None
        )
        window.view.set_criticality(distribution.criticality if distribution else None)
        window.whatif.set_p85_effects(result.p85_effects if result else None,
                                      window.document.calendar)

    def name_of(self, element_id: str) -> str:
        document = self.window.document
        if document.has_element(element_id):
            return document.element(element_id).display_name
        return element_id

    def _show_improvements(self, analysis: FlowAnalysis, figures: Figures) -> None:
        """What-if ranking and the improvement plan, with the analysis of the last edit."""
        window = self.window
        whatif, metrics = window.whatif, window.metrics
        calendar = window.document.calendar
        self._show_stream_figures(figures.stream)  # waits by cause and delivery hold anyway
        if analysis.lead_time is None:
            whatif.clear(LEAD_TIME_UNKNOWN)
            metrics.set_plan_text("", "")
            return
        if figures.ranking is None:
            whatif.clear(f"The what-if ranking could not be computed: {figures.ranking_failure}")
            metrics.set_plan_text("", "")
            return
        outcome = figures.plan
        whatif.set_ranking(figures.ranking, frozenset(analysis.critical_path), calendar)
        whatif.set_plan(outcome, calendar)
        metrics.set_plan_text(
            plan_summary(outcome, calendar) if outcome else "",
            plan_tooltip(outcome, calendar) if outcome else "",
        )

    def _show_stream_figures(self, stream: StreamFigures | None) -> None:
        window = self.window
        if stream is None:  # they failed (logged on the worker)
            window.metrics.stream.clear()
            return
        window.metrics.set_stream_figures(stream, window.document.calendar)
        window.strip.set_stream_figures(stream)
