"""Once per finished edit: one analysis feeds the figures, the canvas, the strip and what-ifs."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer

from ...analysis.ranged import has_ranges
from ...analysis.result import FlowAnalysis
from ...model import events as ev
from ...model.units import format_duration
from ..lead_time_spread import DistributionRunner, SpreadResult
from ..whatif_panel import improvement_plan_for, plan_summary, plan_tooltip
from .first_frame import FirstFrame

if TYPE_CHECKING:
    from ..main_window import MainWindow

log = logging.getLogger(__name__)

CALCULATING = "Calculating the figures…"


class AnalysisRunner:
    """Runs the analysis after edits settle (several events of one edit run it once)."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.analysis: FlowAnalysis | None = None
        self._pending = False
        self._held = False  # at start: until the window's first frame
        window.document.events.subscribe(self._on_document_event)
        # P50/P85 and criticality when the map has ranges, simulated off the GUI thread.
        self.spread = DistributionRunner(window)
        self.spread.ready.connect(self._show_spread)
        window.in_progress.track("the figures", lambda: self._pending)
        window.in_progress.track("the lead-time simulation", lambda: self.spread.busy)

    def _on_document_event(self, event: ev.DocumentEvent) -> None:
        if isinstance(event, ev.EditFinished) and not self._pending:
            self._pending = True
            if not self._held:
                QTimer.singleShot(0, self.run)

    def run_after_first_frame(self) -> None:
        """At start: the map paints at once and its figures follow the first frame (the
        analysis is what imports NetworkX). Until then the panels say they are calculating."""
        self._held = self._pending = True
        self.window.metrics.clear(CALCULATING)
        self.window.whatif.clear(CALCULATING)
        FirstFrame(self.window).painted.connect(self._release)

    def _release(self) -> None:
        self._held = False
        QTimer.singleShot(0, self.run)

    def run(self) -> None:
        """Figures, critical path and ladder from one analysis."""
        self._pending = False
        window = self.window
        from ...analysis import analyze

        try:
            result = analyze(window.document)
        except Exception as error:  # noqa: BLE001 - a broken analysis must not take the map down
            log.exception("the analysis failed")
            self.analysis = None
            window.metrics.clear(f"The figures could not be computed: {error}")
            window.strip.set_analysis(None, self.name_of)
            self.update_improvements()
            window.state_control.schedule_compare_refresh()
            return
        self.analysis = result
        window.view.set_analysis(result)
        window.metrics.set_analysis(result, self.name_of)
        window.strip.set_analysis(result, self.name_of)
        self.update_spread()
        self.update_improvements()
        # Counted from here, not from the edit, so the next queued edit can still join in.
        window.state_control.schedule_compare_refresh()

    def update_spread(self) -> None:
        document = self.window.document
        if has_ranges(document):
            # The worker reads this copy only.
            self.spread.submit(document.to_map(), self.window.whatif.automated_share)
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

    def update_improvements(self) -> None:
        """What-if ranking and the improvement plan, with the analysis of the last edit."""
        from ...analysis.whatif import rank_what_ifs

        window = self.window
        whatif, metrics = window.whatif, window.metrics
        calendar = window.document.calendar
        if self.analysis is None:
            whatif.clear("The what-if ranking needs the figures; see the warnings.")
            metrics.set_plan_text("", "")
            return
        if self.analysis.lead_time is None:
            whatif.clear("Lead time unknown: no flow joins the customer request to value "
                         "realised, so no change can be measured. Connect the flow first.")
            metrics.set_plan_text("", "")
            self.update_stream_figures(None)  # waits by cause and delivery still hold
            return
        try:
            ranking = rank_what_ifs(window.document, whatif.automated_share)
            outcome = improvement_plan_for(window.document, self.analysis)
        except Exception as error:  # noqa: BLE001 - like the analysis: never take the map down
            log.exception("the what-if ranking failed")
            whatif.clear(f"The what-if ranking could not be computed: {error}")
            metrics.set_plan_text("", "")
            self.update_stream_figures(None)
            return
        self.update_stream_figures(ranking)
        critical = frozenset(self.analysis.critical_path)
        whatif.set_ranking(ranking, critical, calendar)
        whatif.set_plan(outcome, calendar)
        metrics.set_plan_text(
            plan_summary(outcome, calendar) if outcome else "",
            plan_tooltip(outcome, calendar) if outcome else "",
        )

    def update_stream_figures(self, ranking) -> None:
        """Waits by cause, spans, delivery, value-adding efficiency and the constraint's ties
        (ranking: the what-if rows for the constraint's saving, or None)."""
        window = self.window
        try:
            from ...analysis.stream_figures import stream_figures

            stream = stream_figures(window.document, self.analysis, ranking)
        except Exception:  # noqa: BLE001 - the flow figures stay useful without these
            log.exception("the stream figures failed")
            window.metrics.stream.clear()
            return
        window.metrics.set_stream_figures(stream, window.document.calendar)
        window.strip.set_stream_figures(stream)
