"""Walking the room through the critical path, or the what-if changes, in presentation mode.

Right (or Page Down, what a presenter's clicker sends) rings the next element on the critical
path and names it with its wait and work under the key figures; Left (Page Up) goes back, and
back past the first to the whole map with nothing ringed. W switches to the what-if ranking's
best changes (and back): each ringed with what it would take off the lead time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from vsm_desktop.model import ElementKind, format_duration, format_estimate

from ..canvas.spotlight import Spotlight
from ..metrics_panel import ElidedLabel
from ..plain_text import plain_label
from .analysis_runner import CALCULATING

if TYPE_CHECKING:
    from ..main_window import MainWindow

# Customers at the ends carry no figures: the tour stops where work happens or waits.
STOP_KINDS = (ElementKind.STEP, ElementKind.APPROVAL, ElementKind.QUEUE)
WHAT_IF_STOPS = 5  # the room discusses the few best changes, not the whole ranking


class PresentationTour:
    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.stops: list[str] = []
        self.walking_what_ifs = False
        self._what_if_texts: dict[str, str] = {}
        self.index = -1  # -1: the whole map, nothing ringed
        self._spotlight: Spotlight | None = None
        self.caption = plain_label("")
        self.caption.setObjectName("presentationStop")
        self.caption.setWordWrap(True)  # a long tie of constraints takes two lines, not width
        self.caption.hide()
        self._following_figures = False

    def add_actions(self) -> None:
        actions = self.window.actions
        forward = actions.add(
            "presentation.next", "Next on the Critical Path", self.next,
            [QKeySequence(Qt.Key.Key_Right), QKeySequence(Qt.Key.Key_PageDown)],
        )
        back = actions.add(
            "presentation.previous", "Previous on the Critical Path", self.previous,
            [QKeySequence(Qt.Key.Key_Left), QKeySequence(Qt.Key.Key_PageUp)],
        )
        switch = actions.add(
            "presentation.what_ifs", "Walk the What-If Changes", self.toggle_what_ifs, "W",
        )
        # Only while presenting: otherwise the arrow keys move the selection.
        for action in (forward, back, switch):
            action.setEnabled(False)

    def start(self) -> None:
        if not self._following_figures:
            # Presenting may start while an edit's or a new map's figures are worked out: the
            # stops follow them when they land (after the runner's own handler showed them).
            self.window.runner.jobs.finished.connect(self._figures_landed)
            self._following_figures = True
        self.walking_what_ifs = False
        self._critical_path_stops()
        self.index = -1
        self._spotlight = Spotlight(self.window.view.scene())
        self._set_enabled(True)
        self._show()

    def _critical_path_stops(self) -> None:
        analysis = self._current_analysis()
        path = analysis.critical_path if analysis is not None else ()
        document = self.window.document
        self.stops = [
            element_id for element_id in path
            if document.element(element_id).kind in STOP_KINDS
        ]

    def _current_analysis(self):
        """The figures of the map as it is, or None while newer ones are worked out (the
        last ones may name elements since deleted, or another map's)."""
        runner = self.window.runner
        return runner.analysis if runner.idle else None

    def _figures_landed(self, _figures) -> None:
        if self._spotlight is None or not self.window.runner.idle:
            return
        current = self.current
        if self.walking_what_ifs:
            self._what_if_stops()
        else:
            self._critical_path_stops()
        self.index = self.stops.index(current) if current in self.stops else -1
        self._show()

    def _what_if_stops(self) -> None:
        """The best changes of the ranking the figures' worker made with the shown figures
        (ranking 5,000 elements on the GUI thread held the W key up for a second); none
        while newer figures are worked out: they follow when those land."""
        document = self.window.document
        runner = self.window.runner
        ranking = runner.ranking if runner.idle else []
        best = [row for row in ranking if row.best_gain > 0][:WHAT_IF_STOPS]
        self.stops = [row.element_id for row in best]
        self._what_if_texts = {
            row.element_id: f"{row.change_label(row.best_change)}: lead time "
            f"−{format_duration(row.best_gain, document.calendar)}"
            for row in best
        }

    def toggle_what_ifs(self) -> None:
        self.walking_what_ifs = not self.walking_what_ifs
        if self.walking_what_ifs:
            self._what_if_stops()
        else:
            self._critical_path_stops()
        self.index = -1
        self._show()

    def stop(self) -> None:
        if self._spotlight is not None:
            self.window.view.scene().removeItem(self._spotlight)
            self._spotlight = None
        self.index = -1
        self._set_enabled(False)
        self.caption.hide()

    def next(self) -> None:
        if self.index < len(self.stops) - 1:
            self.index += 1
            self._show()

    def previous(self) -> None:
        if self.index > -1:
            self.index -= 1
            self._show()

    @property
    def current(self) -> str | None:
        return self.stops[self.index] if self.index >= 0 else None

    def _set_enabled(self, on: bool) -> None:
        self.window.actions["presentation.next"].setEnabled(on)
        self.window.actions["presentation.previous"].setEnabled(on)
        self.window.actions["presentation.what_ifs"].setEnabled(on)

    def _show(self) -> None:
        element_id = self.current
        spotlight = self._spotlight
        if element_id is None or spotlight is None:
            if spotlight is not None:
                spotlight.clear()
            self.caption.setText(self.overview_text())
            self.caption.setVisible(bool(self.caption.text()))
            return
        item = self.window.view.scene().element_item(element_id)
        if item is not None:
            spotlight.show_on(item)
        self.caption.setText(self.stop_text(element_id))
        self.caption.show()

    def overview_text(self) -> str:
        """The constraint by its whole name (the strip may have to shorten it) and the keys."""
        parts = []
        analysis = self._current_analysis()
        named = self.window.strip.values["constraint"]
        if analysis is not None and analysis.constraint_id is not None:
            # As the strip names it: a tie by every name.
            whole = named.full_text() if isinstance(named, ElidedLabel) else named.text()
            parts.append(f"Constraint: {whole}")
        if self.walking_what_ifs and not self.window.runner.idle:
            parts.append(f"→ the best what-if changes: {CALCULATING} (W: critical path)")
        elif self.walking_what_ifs:
            parts.append(f"→ walks the {len(self.stops)} best what-if changes (W: critical path)")
        elif self.stops:
            parts.append(f"→ walks the critical path ({len(self.stops)} stops; W: what-ifs)")
        return "  ·  ".join(parts)

    def stop_text(self, element_id: str) -> str:
        """'3 of 9 · Architecture & risk review · waits 1–6 wk, works 4 h · the constraint'."""
        document = self.window.document
        element = document.element(element_id)
        calendar = document.calendar
        parts = [f"{self.index + 1} of {len(self.stops)}", element.display_name]
        if self.walking_what_ifs:
            return "  ·  ".join(["What if", *parts, self._what_if_texts[element_id]])
        figures = []
        if element.wait_time:
            figures.append(
                f"waits {format_estimate(element.wait_time, element.wait_time_range, calendar)}"
            )
        if element.process_time:
            figures.append(
                "works "
                + format_estimate(element.process_time, element.process_time_range, calendar)
            )
        if figures:
            parts.append(", ".join(figures))
        constraint = self.window.view.scene().constraint  # of the analysis shown
        if constraint is not None and element_id in constraint.element_ids:
            parts.append("tied for the constraint" if constraint.is_tie else "the constraint")
        return "  ·  ".join(parts)
