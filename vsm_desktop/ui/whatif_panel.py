"""Which change first: the what-if ranking and the improvement plan, side by side in one dock.

The ranking answers "what would each element's change gain?" (wait cut to zero, automated,
removed); the plan answers "what do we gain if the ideas we already planned land?". Both are
recomputed by the window once per finished edit, with the analysis; clicking a row selects the
element on the canvas.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDoubleSpinBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QStyle,
    QStyledItemDelegate,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from .. import theme
from ..analysis.result import FlowAnalysis
from ..analysis.whatif import DEFAULT_AUTOMATED_SHARE, WhatIf
from ..model import ElementKind, KaizenStatus, MapDocument, WorkCalendar, format_duration
from ..model.units import format_percent
from .plain_text import plain_label, titled_tooltip, tooltip_text

if TYPE_CHECKING:  # the plan runs the analysis: imported when there is a plan to work out
    from ..analysis.improvement_plan import PlanOutcome

TOP_ROWS = 10
NOT_OFFERED = "not offered"
NO_IDEAS = "No kaizen ideas yet: add one from the palette, then set its target and expected effect."
_NO_GAIN = 1e-9

STYLE = f"""
QLabel#panelTitle {{ color: {theme.INK}; font-weight: bold; font-size: 10.5pt; }}
QLabel#panelNote {{ color: {theme.INK_MUTED}; font-size: 8.5pt; }}
QTableWidget {{
    background: #FFFFFF; border: 1px solid {theme.LANE_BORDER}; border-radius: 4px;
    gridline-color: {theme.GRID};
}}
QHeaderView::section {{
    background: {theme.LANE_HEADER_FILL}; color: {theme.INK}; border: none;
    border-bottom: 1px solid {theme.LANE_BORDER}; padding: 3px 6px; font-weight: bold;
}}
"""


def _item(text: str, element_id: str | None = None, align_right: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if element_id is not None:
        item.setData(Qt.ItemDataRole.UserRole, element_id)
    if align_right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


class _GreyWhenDisabled(QStyledItemDelegate):
    """A cell's own colour (a gain's green) would survive the table being greyed while newer
    figures are worked out; a greyed table greys every cell."""

    def initStyleOption(self, option, index) -> None:  # noqa: N802 (Qt override)
        super().initStyleOption(option, index)
        if not option.state & QStyle.StateFlag.State_Enabled:
            # The table's own palette: the option's has the cell's colour in every group.
            table = self.parent()
            greyed = table.palette().brush(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
            option.palette.setBrush(QPalette.ColorRole.Text, greyed)


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setItemDelegate(_GreyWhenDisabled(table))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setShowGrid(False)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    header = table.horizontalHeader()
    header.setHighlightSections(False)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    return table


@contextmanager
def _filling(table: QTableWidget) -> Iterator[None]:
    """Columns that fit their contents are measured once, after the rows are filled: measured
    at every setItem, the 80 cells of the top ten asked every cell of the table its size again
    each time, through the Python delegate (40-160 ms of the GUI thread at 5,000 elements)."""
    header = table.horizontalHeader()
    modes = [header.sectionResizeMode(column) for column in range(header.count())]
    for column in range(header.count()):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
    try:
        yield
    finally:
        for column, mode in enumerate(modes):
            header.setSectionResizeMode(column, mode)


class WhatIfPanel(QWidget):
    """The top of the what-if ranking and the planned kaizen ideas with their gains."""

    select_requested = Signal(list)
    automated_share_changed = Signal(float)

    RANKING_HEADERS = [
        "#",
        "Element",
        "Best change",
        "Gain",
        "If no wait",
        "If automated",
        "If removed",
        "P85 gain",
    ]
    PLAN_HEADERS = ["Idea", "Improves", "Owner", "Status", "Lead time alone"]

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("whatIfPanel")
        self.setStyleSheet(STYLE)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        # Tabs rather than side by side: each table gets the dock's full width.
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self._build_ranking(), "What if")
        self.tabs.addTab(self._build_plan(), "Improvement plan")
        layout.addWidget(self.tabs)
        self.ranking: list[WhatIf] = []
        self.plan: PlanOutcome | None = None

    def _build_ranking(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.setSpacing(4)
        # Title and the automation share flow onto two rows when the panel is narrow (a side
        # tab on a laptop), so the panel never widens the window.
        header = QHBoxLayout()
        title = QLabel("What if… biggest lead-time gains")
        title.setObjectName("panelTitle")
        title.setWordWrap(True)
        layout.addWidget(title)
        header.addStretch(1)
        share_label = QLabel("Automated keeps")
        share_label.setObjectName("panelNote")
        self.share_spin = QDoubleSpinBox()
        self.share_spin.setRange(0, 100)
        self.share_spin.setDecimals(0)
        self.share_spin.setSingleStep(5)
        self.share_spin.setSuffix(" % of process time")
        self.share_spin.setValue(DEFAULT_AUTOMATED_SHARE * 100)
        self.share_spin.setToolTip(
            "What automating a step or approval leaves of its process time (its wait stays)."
        )
        self.share_spin.setKeyboardTracking(False)
        self.share_spin.valueChanged.connect(
            lambda value: self.automated_share_changed.emit(value / 100)
        )
        share_label.setBuddy(self.share_spin)
        header.addWidget(share_label)
        header.addWidget(self.share_spin)
        layout.addLayout(header)
        self.baseline_label = plain_label()  # may quote an error about the map
        self.baseline_label.setObjectName("panelNote")
        self.baseline_label.setWordWrap(True)
        layout.addWidget(self.baseline_label)
        self.ranking_table = _table(self.RANKING_HEADERS)
        self.ranking_table.setColumnHidden(len(self.RANKING_HEADERS) - 1, True)  # until ranges
        self.ranking_table.setToolTip(
            "Lead time if each element changed alone; click a row to select the element."
        )
        header_view = self.ranking_table.horizontalHeader()
        header_view.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header_view.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column, tip in ((4, "wait cut to zero"), (5, "automated"), (6, "removed")):
            self.ranking_table.horizontalHeaderItem(column).setToolTip(
                f"The lead time if this element alone were {tip}"
            )
        self.ranking_table.itemClicked.connect(self._row_clicked)
        layout.addWidget(self.ranking_table, 1)
        return box

    def _build_plan(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.setSpacing(4)
        self.plan_label = plain_label()
        self.plan_label.setObjectName("panelTitle")
        self.plan_label.setMinimumHeight(self.share_spin.sizeHint().height())
        self.plan_label.setWordWrap(True)
        layout.addWidget(self.plan_label)
        self.plan_table = _table(self.PLAN_HEADERS)
        self.plan_table.setToolTip("Planned ideas with an expected effect; click to select one.")
        header_view = self.plan_table.horizontalHeader()
        header_view.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header_view.setStretchLastSection(True)
        self.plan_table.itemClicked.connect(self._row_clicked)
        layout.addWidget(self.plan_table, 1)
        return box

    # -- filling -----------------------------------------------------------------------------

    @property
    def automated_share(self) -> float:
        return self.share_spin.value() / 100

    def set_calculating(self, calculating: bool, message: str) -> None:
        """While a newer edit's ranking is worked out: the rows greyed, the note says so (the
        ranking that lands replaces the note)."""
        self.ranking_table.setEnabled(not calculating)
        self.plan_table.setEnabled(not calculating)
        if calculating:
            self.baseline_label.setText(message)

    def clear(self, message: str) -> None:
        self.ranking = []
        self.plan = None
        self.ranking_table.setRowCount(0)
        self.plan_table.setRowCount(0)
        self.baseline_label.setText(message)
        self.plan_label.setText("")

    def set_ranking(
        self, ranking: list[WhatIf], critical_ids: frozenset[str], calendar: WorkCalendar
    ) -> None:
        """Show the top rows; elements whose change gains nothing say why in plain words."""
        self.ranking = ranking
        table = self.ranking_table
        top = ranking[:TOP_ROWS]
        table.setRowCount(len(top))
        if ranking:
            baseline = format_duration(ranking[0].baseline, calendar)
            self.baseline_label.setText(
                f"Lead time now {baseline}. Each element changed alone; only changes on the "
                "critical path shorten the lead time. Only waste is offered for removal."
            )
        else:
            self.baseline_label.setText("Add steps, approvals or queues to rank what to change.")
        muted = QBrush(QColor(theme.INK_MUTED))
        gain_brush = QBrush(QColor(theme.CHANGE_BETTER))
        bold = QFont()
        bold.setBold(True)

        def lead_time(hours: float | None) -> str:
            return NOT_OFFERED if hours is None else format_duration(hours, calendar)

        with _filling(table):
            for row, what_if in enumerate(top):
                element_id = what_if.element_id
                gained = what_if.best_gain > _NO_GAIN
                if gained:
                    change = what_if.best_change_label
                    gain = f"−{format_duration(what_if.best_gain, calendar)}"
                elif element_id in critical_ids:
                    change, gain = "No change gains time", "none"
                else:
                    change, gain = "Off the critical path", "none"
                cells = [
                    _item(f"{row + 1}", element_id, align_right=True),
                    _item(what_if.name, element_id),
                    _item(change, element_id),
                    _item(gain, element_id, align_right=True),
                    _item(lead_time(what_if.lead_time_without_wait), element_id, align_right=True),
                    _item(lead_time(what_if.lead_time_automated), element_id, align_right=True),
                    _item(lead_time(what_if.lead_time_removed), element_id, align_right=True),
                    _item("…", element_id, align_right=True),  # P85 gain: the simulation fills it
                ]
                cells[3].setForeground(gain_brush if gained else muted)
                if gained:
                    cells[3].setFont(bold)
                else:
                    cells[2].setForeground(muted)
                for column, change in ((5, "automate"), (6, "remove")):
                    reason = what_if.refused.get(change)
                    if reason is not None:
                        cells[column].setToolTip(f"Not offered: {reason}.")
                        cells[column].setForeground(muted)
                    elif change == "automate":
                        cells[column].setToolTip(what_if.change_label(change))
                for column, cell in enumerate(cells):
                    table.setItem(row, column, cell)

    def set_p85_effects(
        self, effects: dict[tuple[str, str], float] | None, calendar: WorkCalendar
    ) -> None:
        """The last column: what each row's best change takes off the P85 lead time, when the
        map has ranges (from the simulation; the other changes in the tooltip)."""
        column = len(self.RANKING_HEADERS) - 1
        table = self.ranking_table
        table.setColumnHidden(column, not effects)
        if not effects:
            return
        with _filling(table):
            for row, what_if in enumerate(self.ranking[: table.rowCount()]):
                gains = {c: effects[what_if.element_id, c] for c in what_if.gains
                         if (what_if.element_id, c) in effects}
                if not gains:
                    cell = _item("–", what_if.element_id, align_right=True)
                    cell.setToolTip("Not simulated: on a large map only the first rows are.")
                    table.setItem(row, column, cell)
                    continue
                hours = gains.get(what_if.best_change, 0.0)
                cell = _item(f"−{format_duration(hours, calendar)}" if hours > _NO_GAIN else "none",
                             what_if.element_id, align_right=True)
                cell.setToolTip(tooltip_text("; ".join(
                    f"{what_if.change_label(c)}: P85 −{format_duration(max(g, 0.0), calendar)}"
                    for c, g in gains.items()
                ) + ". The time 85 % of requests stay within, as the simulation draws the ranges."))
                table.setItem(row, column, cell)

    def set_plan(self, outcome: PlanOutcome | None, calendar: WorkCalendar) -> None:
        self.plan = outcome
        table = self.plan_table
        if outcome is None:
            table.setRowCount(0)
            self.plan_label.setText(NO_IDEAS)
            self.tabs.setTabText(1, "Improvement plan")
            return
        table.setRowCount(len(outcome.ideas))
        with _filling(table):
            for row, idea in enumerate(outcome.ideas):
                alone = outcome.gain_alone(idea)
                alone_text = format_duration(idea.lead_time_alone, calendar)
                if alone > _NO_GAIN:
                    alone_text += f" (−{format_duration(alone, calendar)})"
                cells = [
                    _item(idea.name, idea.idea_id),
                    _item(idea.target_name, idea.idea_id),
                    _item(idea.owner or "—", idea.idea_id),
                    _item(KaizenStatus(idea.status).label, idea.idea_id),
                    _item(alone_text, idea.idea_id, align_right=True),
                ]
                effects = "; ".join(
                    f"{field.replace('_', ' ')}: {_effect_value(field, old, calendar)} → "
                    f"{_effect_value(field, new, calendar)}"
                    for field, (old, new) in idea.changes.items()
                )
                for column, cell in enumerate(cells):
                    cell.setToolTip(tooltip_text(effects))
                    table.setItem(row, column, cell)
        self.plan_label.setText(plan_summary(outcome, calendar))
        self.tabs.setTabText(1, f"Improvement plan ({len(outcome.ideas)})")

    def _row_clicked(self, item: QTableWidgetItem) -> None:
        element_id = item.data(Qt.ItemDataRole.UserRole)
        if element_id:
            self.select_requested.emit([element_id])


_EXPECTED_FIELDS = ("expected_wait_time", "expected_process_time", "expected_pca")


def improvement_plan_for(document: MapDocument, analysis: FlowAnalysis) -> PlanOutcome | None:
    """The plan's outcome, or None when the map has no kaizen ideas.

    plan_outcome snapshots the document (about 50 ms at 5,000 elements), so it runs only when
    some planned idea names a target and an expected effect; otherwise the answer is known.
    """
    ideas = [e for e in document.elements() if e.kind is ElementKind.KAIZEN]
    if not ideas:
        return None
    from ..analysis.improvement_plan import PlanOutcome, plan_outcome  # runs the analysis

    may_change = any(
        idea.status.is_planned
        and idea.target_id is not None
        and document.has_element(idea.target_id)
        and any(getattr(idea, name) is not None for name in _EXPECTED_FIELDS)
        for idea in ideas
    )
    if may_change:
        return plan_outcome(document, analysis)
    return PlanOutcome(
        lead_time_now=analysis.lead_time,
        lead_time_planned=analysis.lead_time,
        rolled_pca_now=analysis.rolled_pca,
        rolled_pca_planned=analysis.rolled_pca,
        ideas=(),
        unplanned_or_without_effect=tuple(idea.id for idea in ideas),
    )


def _effect_value(field: str, value: float | None, calendar: WorkCalendar) -> str:
    if value is None:
        return "–"
    return format_percent(value) if field == "pca" else format_duration(value, calendar)


def plan_summary(outcome: PlanOutcome, calendar: WorkCalendar) -> str:
    """ "If the planned ideas land: 8 d (−4 d)", or what is missing for a plan."""
    if not outcome.ideas:
        left = len(outcome.unplanned_or_without_effect)
        if left:
            return (
                f"{left} idea{'s' if left != 1 else ''} on the map, none planned with an "
                "expected effect yet: give an idea a target, an expected effect and a status."
            )
        return NO_IDEAS
    text = f"If the planned ideas land: {format_duration(outcome.lead_time_planned, calendar)}"
    if outcome.gain > _NO_GAIN:
        text += f" (−{format_duration(outcome.gain, calendar)})"
    else:
        text += " (no change to the lead time)"
    return text


def plan_tooltip(outcome: PlanOutcome, calendar: WorkCalendar) -> str:
    """The ideas behind the planned lead time, one per line, as a tooltip (names escaped)."""
    lines = []
    for idea in outcome.ideas:
        owner = f", {idea.owner}" if idea.owner else ""
        status = KaizenStatus(idea.status).label.lower()
        alone = format_duration(idea.lead_time_alone, calendar)
        lines.append(f"• {idea.name} → {idea.target_name} ({status}{owner}): alone {alone}")
    return titled_tooltip(plan_summary(outcome, calendar), "\n".join(lines))
