"""The figures the room watches: lead time, process and wait time, flow efficiency and more.

Each figure carries its definition as a tooltip (analysis/definitions.py, the same words as the
docs and the PDF). Clicking the constraint or a warning selects the elements it names.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from .. import theme
from ..analysis.definitions import definition_of, label_of
from ..analysis.formatting import LEAD_TIME_UNKNOWN_REASON, lead_time_text, share_text
from ..analysis.result import FlowAnalysis, Severity
from ..model import WorkCalendar, format_duration
from . import icons
from .lead_time_spread import LeadTimeSpreadView
from .plain_text import plain_label, set_plain, titled_tooltip, tooltip_text
from .stream_figures_view import StreamFiguresView

if TYPE_CHECKING:  # the figures' shape only: they are computed after the window's first frame
    from ..analysis.stream_figures import StreamFigures

NameLookup = Callable[[str], str]


@dataclass(frozen=True)
class Figure:
    value: str
    detail: str = ""


def percent(share: float | None, decimals: int = 0) -> str:
    if share is not None and 0 < share < 0.01:
        return share_text(share).replace("%", " %")  # two significant digits, never 0.0 %
    return "–" if share is None else f"{share * 100:.{decimals}f} %"


def figures(result: FlowAnalysis, name_of: NameLookup) -> dict[str, Figure]:
    """The text of every figure, shared by the panel and the presentation strip."""
    calendar = WorkCalendar(hours_per_day=result.hours_per_day, days_per_week=result.days_per_week)

    def duration(hours: float | None) -> str:
        return format_duration(hours, calendar)

    lead_detail = f"{len(result.critical_path)} elements on the critical path"
    if result.rework_loops:
        lead_detail = f"≈ {duration(result.expected_lead_time)} with rework"
    constraint = "None"
    constraint_detail = "no waits on the critical path"
    if result.constraint_id is not None:
        constraint = name_of(result.constraint_id)
        constraint_detail = "longest wait on the critical path (click to select)"
    loops = len(result.rework_loops)
    if result.lead_time is None:
        lead_detail = LEAD_TIME_UNKNOWN_REASON
    return {
        "lead_time": Figure(lead_time_text(result.lead_time, calendar), lead_detail),
        "process_time": Figure(duration(result.process_time), "hands-on work"),
        "wait_time": Figure(
            duration(result.wait_time), f"{duration(result.total_wait)} in the whole map"
        ),
        "flow_efficiency": Figure(percent(result.flow_efficiency, 1), "process ÷ lead time"),
        # Needs the map's value categories: filled by set_stream_figures.
        "value_adding_efficiency": Figure("–", "value-adding ÷ lead time"),
        "rolled_pca": Figure(percent(result.rolled_pca), "first time right, end to end"),
        "handovers": Figure(
            f"{result.handovers_on_critical_path} / {result.handovers_total}",
            "critical path / whole map",
        ),
        "constraint": Figure(constraint, constraint_detail),
        "rework_extra_time": Figure(
            duration(result.rework_extra_time) if loops else "0",
            f"expected extra, {loops} loop{'s' if loops != 1 else ''}",
        ),
    }


FIGURE_ORDER = (
    ("lead_time", "Lead time"),
    ("process_time", "Process time"),
    ("wait_time", "Wait time"),
    ("flow_efficiency", "Flow efficiency"),
    ("value_adding_efficiency", "Value-adding"),
    ("rolled_pca", "Rolled %C&A"),
    ("handovers", "Handovers"),
    ("rework_extra_time", "Rework"),
    ("constraint", "Constraint"),
)


class ElidedLabel(QLabel):
    """A one-line label that ends in "…" when its text does not fit, instead of being cut."""

    def __init__(self, text: str = "") -> None:
        super().__init__()
        set_plain(self)  # it shows an element's name
        self._full_text = text
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._elide()

    def full_text(self) -> str:
        return self._full_text

    def set_full_text(self, text: str) -> None:
        self._full_text = text
        self.setToolTip(tooltip_text(text))
        self._elide()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        width = max(0, self.contentsRect().width())
        elided = self.fontMetrics().elidedText(self._full_text, Qt.TextElideMode.ElideRight, width)
        if elided != self.text():
            super().setText(elided)


class FigureCard(QFrame):
    """One figure: a small caption, a big value, a line of detail."""

    clicked = Signal()

    def __init__(self, key: str, caption: str, big: bool = False) -> None:
        super().__init__()
        self.key = key
        self.setObjectName("figureCard")
        self.setProperty("big", big)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 7, 10, 7)
        layout.setSpacing(1)
        # Cards are narrow: short captions here, the full name heads the tooltip.
        self.caption = QLabel(caption.upper())
        self.caption.setObjectName("figureCaption")
        # A name (the constraint) may be long: it ends in "…" rather than widening the panel.
        self.value = ElidedLabel("–") if key == "constraint" else plain_label("–")
        self.value.setObjectName("figureValueBig" if big else "figureValue")
        self.detail = plain_label("")  # may name an element
        self.detail.setObjectName("figureDetail")
        self.detail.setWordWrap(True)  # wraps in a narrow panel instead of being cut off
        for label in (self.caption, self.value, self.detail):
            layout.addWidget(label)
        tip = definition_of(key)
        if tip:
            self.setToolTip(titled_tooltip(label_of(key, caption), tip))
        # Minimum, not Fixed: a detail that wraps in a narrow dock makes the card taller.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)

    def show_figure(self, figure: Figure) -> None:
        if isinstance(self.value, ElidedLabel):
            self.value.set_full_text(figure.value)
        else:
            self.value.setText(figure.value)
        self.detail.setText(figure.detail)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 (Qt override)
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mouseReleaseEvent(event)


class MetricsPanel(QWidget):
    """Big readable figures plus the warnings list; asks the window to select elements."""

    select_requested = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("metricsPanel")
        self._result: FlowAnalysis | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)
        grid = QGridLayout()
        grid.setSpacing(6)
        self.cards: dict[str, FigureCard] = {}
        small = [key for key, _ in FIGURE_ORDER if key not in ("lead_time", "constraint")]
        for key, caption in FIGURE_ORDER:
            card = FigureCard(key, caption, big=key == "lead_time")
            self.cards[key] = card
            if key == "lead_time":
                grid.addWidget(card, 0, 0, 1, 2)
            elif key == "constraint":
                grid.addWidget(card, 3 + len(small) // 2, 0, 1, 2)
            else:
                position = small.index(key)
                last_alone = position == len(small) - 1 and len(small) % 2
                grid.addWidget(card, 2 + position // 2, position % 2, 1, 2 if last_alone else 1)
        # Under the lead time: P85 and its histogram, shown when the map has ranges.
        self.spread = LeadTimeSpreadView()
        grid.addWidget(self.spread, 1, 0, 1, 2)
        self.cards["constraint"].setCursor(Qt.CursorShape.PointingHandCursor)
        self.cards["constraint"].clicked.connect(self._select_constraint)
        self._constraint_ids: list[str] = []
        layout.addLayout(grid)
        self.stream = StreamFiguresView()
        layout.addWidget(self.stream)
        # The improvement plan in one line: the lead time if the planned kaizen ideas land.
        self.plan_line = plain_label()
        self.plan_line.setObjectName("planLine")
        self.plan_line.setWordWrap(True)
        self.plan_line.setStyleSheet(
            f"QLabel#planLine {{ background: {theme.CHANGE_BETTER_FILL}; color: {theme.INK};"
            f" border: 1px solid {theme.CHANGE_BETTER}; border-radius: 6px; padding: 6px 10px;"
            " font-weight: bold; }"
        )
        self.plan_line.hide()
        layout.addWidget(self.plan_line)
        header = QHBoxLayout()
        self.warnings_title = QLabel("Warnings")
        self.warnings_title.setObjectName("sectionTitle")
        header.addWidget(self.warnings_title)
        header.addStretch(1)
        layout.addLayout(header)
        self.warnings = QListWidget()
        self.warnings.setObjectName("warningsList")
        self.warnings.setWordWrap(True)
        self.warnings.setToolTip("Click a warning to select the elements it names.")
        self.warnings.itemClicked.connect(self._select_warning)
        self.warnings.setMinimumHeight(52)
        layout.addWidget(self.warnings, 1)
        self._calculating = False
        self._texts_while_calculating = ("", "Warnings")  # what the calculating note covers
        self.clear()

    def clear(self, message: str = "Add a customer request, steps and value realised.") -> None:
        self._result = None
        self._constraint_ids = []
        self.stream.clear()
        for card in self.cards.values():
            card.show_figure(Figure("–"))
        self.warnings.clear()
        self.warnings.addItem(QListWidgetItem(message))
        self.warnings_title.setText("Warnings")

    def set_calculating(self, calculating: bool, message: str) -> None:
        """While a newer edit's figures are worked out the shown ones are greyed, and the lead
        time's line and the warnings' title say so (the figures that land replace them)."""
        if calculating == self._calculating:
            return
        self._calculating = calculating
        for key, card in self.cards.items():
            card.setEnabled(not calculating and (key != "constraint" or bool(self._constraint_ids)))
        self.stream.setEnabled(not calculating)
        self.spread.setEnabled(not calculating)
        lead_detail = self.cards["lead_time"].detail
        if calculating:
            self._texts_while_calculating = (lead_detail.text(), self.warnings_title.text())
            lead_detail.setText(message)
            self.warnings_title.setText(message)
        else:
            detail, title = self._texts_while_calculating
            lead_detail.setText(detail)
            self.warnings_title.setText(title)

    def set_analysis(self, result: FlowAnalysis, name_of: NameLookup) -> None:
        self._result = result
        self._constraint_ids = [result.constraint_id] if result.constraint_id else []
        for key, figure in figures(result, name_of).items():
            self.cards[key].show_figure(figure)
        self.cards["constraint"].setEnabled(result.constraint_id is not None)
        self.warnings.clear()
        for finding in result.findings:
            # Drawn icons, not symbol characters: "⛔" is missing from many fonts (an empty box).
            kind = "problem" if finding.severity is Severity.PROBLEM else "warning"
            item = QListWidgetItem(icons.icon(kind), finding.message)
            item.setData(Qt.ItemDataRole.UserRole, list(finding.element_ids))
            item.setToolTip(tooltip_text(finding.message))
            self.warnings.addItem(item)
        count = len(result.findings)
        self.warnings_title.setText(f"Warnings ({count})" if count else "Warnings")
        if not count:
            none = QListWidgetItem(
                icons.icon("ok"), "No warnings: every element is connected and timed."
            )
            none.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.warnings.addItem(none)

    def set_plan_text(self, text: str, tooltip: str) -> None:
        """ "If the planned ideas land: …" with the ideas in the tooltip; hidden without ideas."""
        self.plan_line.setText(text)
        self.plan_line.setToolTip(tooltip)  # built escaped by plan_tooltip
        self.plan_line.setVisible(bool(text))

    def figure_text(self, key: str) -> str:
        value = self.cards[key].value
        return value.full_text() if isinstance(value, ElidedLabel) else value.text()

    def set_stream_figures(self, stream: StreamFigures, calendar: WorkCalendar) -> None:
        """Figures that need the map as well as the analysis (value categories, causes, marks,
        delivery figures) and the constraint's what-if saving; after every analysis."""
        self.cards["value_adding_efficiency"].show_figure(Figure(
            percent(stream.value_adding_efficiency, 1), "value-adding ÷ lead time"))
        constraint = stream.constraint
        if constraint is not None:
            self._constraint_ids = list(constraint.element_ids)
            self.cards["constraint"].show_figure(Figure(
                constraint.headline(), constraint.explanation(calendar) + " Click to select."))
            self.cards["constraint"].setEnabled(True)
        self.stream.set_figures(stream, calendar)

    def _select_constraint(self) -> None:
        if self._constraint_ids:
            self.select_requested.emit(list(self._constraint_ids))

    def _select_warning(self, item: QListWidgetItem) -> None:
        ids = item.data(Qt.ItemDataRole.UserRole)
        if ids:
            self.select_requested.emit(list(ids))


class MetricsStrip(QFrame):
    """The compact line of figures shown over the canvas in presentation mode."""

    KEYS = ("lead_time", "process_time", "wait_time", "flow_efficiency", "handovers", "constraint")
    # Left out, in this order, when the strip is narrower than its figures (a 1366 px screen
    # in large type): the key figures (lead time, wait, flow efficiency, constraint) stay.
    DROPPABLE = ("handovers", "process_time")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("metricsStrip")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(24, 8, 16, 8)
        layout.setSpacing(22)
        self.values: dict[str, QLabel] = {}
        self.captions: dict[str, QLabel] = {}
        # Never wider than the window: it leaves out figures instead (drop_what_does_not_fit).
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        captions = dict(FIGURE_ORDER)
        captions["handovers"] = "Handovers"
        for key in self.KEYS:
            box = QVBoxLayout()
            box.setSpacing(0)
            caption = QLabel(label_of(key, captions[key]).upper())
            caption.setObjectName("stripCaption")
            if key == "constraint":
                # A name, not a figure: smaller, and elided when a long name does not fit.
                value = ElidedLabel("–")
                value.setObjectName("stripName")
                value.setMinimumWidth(160)
            else:
                value = plain_label("–")
                value.setObjectName("stripValue")
            box.addWidget(caption)
            box.addWidget(value)
            box.addStretch(1)  # captions line up at the top whatever the value's size
            layout.addLayout(box, 1 if key == "constraint" else 0)
            self.values[key] = value
            self.captions[key] = caption
        # After the lead time, for maps with ranges: the time 85 % of requests stay within.
        self.p85_box = QWidget()
        p85_layout = QVBoxLayout(self.p85_box)
        p85_layout.setContentsMargins(0, 0, 0, 0)
        p85_layout.setSpacing(0)
        p85_caption = QLabel("85 % WITHIN")
        p85_caption.setObjectName("stripCaption")
        self.p85_value = plain_label("–")
        self.p85_value.setObjectName("stripValue")
        p85_layout.addWidget(p85_caption)
        p85_layout.addWidget(self.p85_value)
        p85_layout.addStretch(1)
        layout.insertWidget(1, self.p85_box)
        self.p85_box.hide()
        self.exit_button = QPushButton("Exit  (Esc)")
        self.exit_button.setToolTip("Leave presentation mode (Esc or F5)")
        self.exit_button.setObjectName("stripExit")
        self.exit_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout.addWidget(self.exit_button)
        self._layout = layout

    def set_p85(self, text: str | None) -> None:
        """ "85 % within 21.1 wk" beside the lead time; hidden for a map without ranges."""
        if self.p85_value.text() == (text or "–") and self.p85_box.isHidden() == (text is None):
            return  # as each landing of figures leaves it: the strip is laid out as it was
        self.p85_value.setText(text or "–")
        self.p85_box.setVisible(text is not None)
        self.drop_what_does_not_fit()  # shows every figure and hides again: lays out twice

    def figure_shown(self, key: str) -> bool:
        return not self.values[key].isHidden()

    def drop_what_does_not_fit(self) -> None:
        """Show every figure the width holds, leaving out the DROPPABLE ones first."""
        for key in self.DROPPABLE:
            self._show_figure(key, True)
        for key in self.DROPPABLE:
            if self._layout.minimumSize().width() <= self.width():
                return
            self._show_figure(key, False)

    def _show_figure(self, key: str, shown: bool) -> None:
        self.values[key].setVisible(shown)
        self.captions[key].setVisible(shown)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self.drop_what_does_not_fit()

    def set_compact(self, compact: bool) -> None:
        """One slim line above the map while editing; large type for the room when presenting."""
        self.setProperty("compact", compact)
        self.exit_button.setVisible(not compact)
        self._layout.setContentsMargins(*((16, 4, 12, 4) if compact else (24, 8, 16, 8)))
        self._layout.setSpacing(20 if compact else 22)  # 22: a long constraint fits at 1366
        for widget in (self, *self.findChildren(QLabel)):
            widget.style().unpolish(widget)
            widget.style().polish(widget)
        self.drop_what_does_not_fit()  # large type needs more room

    def set_calculating(self, calculating: bool, message: str) -> None:
        """Greyed, with the reason as tooltip, while a newer edit's figures are worked out."""
        for value in (*self.values.values(), self.p85_value):
            value.setEnabled(not calculating)
        self.setToolTip(message if calculating else "")

    def set_analysis(self, result: FlowAnalysis | None, name_of: NameLookup) -> None:
        if result is None:
            for value in self.values.values():
                if isinstance(value, ElidedLabel):
                    value.set_full_text("–")
                else:
                    value.setText("–")
            return
        texts = figures(result, name_of)
        for key, value in self.values.items():
            if isinstance(value, ElidedLabel):
                value.set_full_text(texts[key].value)
            else:
                value.setText(texts[key].value)

    def set_stream_figures(self, stream: StreamFigures) -> None:
        """Tied constraints by name: a projector audience cannot hover for the rest."""
        if stream.constraint is not None:
            self.values["constraint"].set_full_text(stream.constraint.names_text())
