"""Under the flow figures: where the waiting comes from, the spans and the delivery figures.

Qt only shows what analysis.stream_figures computed; the words come from analysis.stream_text,
shared with the CLI and the PDF. Cause names and span names are map text: plain labels only.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QGridLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from .. import theme
from ..analysis.definitions import definition_of
from ..analysis.delivery import DORA_LEVELS, DORA_SOURCE
from ..analysis.stream_text import cause_rows, share_text
from ..model import WorkCalendar, format_duration
from .plain_text import plain_label, titled_tooltip, tooltip_text

if TYPE_CHECKING:  # the figures' shape only: they are computed after the window's first frame
    from ..analysis.stream_figures import StreamFigures

LEVEL_COLOURS = {"Elite": "#2F855A", "High": "#2B6CB0", "Medium": "#B7791F", "Low": "#C53030"}
NO_CAUSES = ("No wait names its cause yet: choose one under Wait cause in the inspector "
             "(element or handover).")
NO_DELIVERY = ("Not entered: click an empty spot of the map and fill in the delivery figures "
               "in the inspector.")


class ShareBar(QWidget):
    """A thin horizontal bar: the whole map's share (light) and the critical path's (dark)."""

    def __init__(self) -> None:
        super().__init__()
        self.whole = 0.0
        self.critical = 0.0
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(80, 10)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(40, 10)

    def set_shares(self, whole: float, critical: float) -> None:
        self.whole, self.critical = whole, critical
        self.update()

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt override)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        width, height = self.width(), 8.0
        top = (self.height() - height) / 2
        painter.setBrush(QColor(theme.GRID))
        painter.drawRoundedRect(QRectF(0, top, width, height), 3, 3)
        painter.setBrush(QColor(theme.WAIT_SHADES[2]))
        painter.drawRoundedRect(QRectF(0, top, width * self.whole, height), 3, 3)
        painter.setBrush(QColor(theme.LADDER_WAIT))
        painter.drawRoundedRect(QRectF(0, top, width * self.critical, height), 3, 3)


def _muted(text: str = "") -> QLabel:
    label = plain_label(text)
    label.setObjectName("figureDetail")
    label.setWordWrap(True)
    return label


def _title(text: str, key: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("sectionTitle")
    label.setWordWrap(True)  # a narrow dock wraps it rather than widening the panel
    label.setToolTip(titled_tooltip(text, definition_of(key)))
    return label


def dora_reference_tooltip() -> str:
    """The four levels as a small table (our own text, escaped all the same)."""
    cells = "".join(
        f"<tr><td><b>{html.escape(level.name)}</b></td>"
        f"<td>{html.escape(level.deployment_frequency)}</td>"
        f"<td>{html.escape(level.lead_time)}</td>"
        f"<td>{html.escape(level.change_failure_rate)}</td>"
        f"<td>{html.escape(level.recovery_time)}</td></tr>"
        for level in DORA_LEVELS
    )
    return (
        "<p><b>DORA performance levels</b></p><table cellspacing='4'>"
        "<tr><th></th><th>Deployments</th><th>Lead time</th><th>Failure rate</th>"
        f"<th>Recovery</th></tr>{cells}</table><p>{html.escape(DORA_SOURCE)}</p>"
    )


class StreamFiguresView(QWidget):
    """Waits by cause, spans and delivery figures, each under a section title."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(_title("Where the waiting comes from", "wait_by_cause"))
        self.causes_note = _muted()
        layout.addWidget(self.causes_note)
        self.causes = QGridLayout()
        self.causes.setHorizontalSpacing(8)
        self.causes.setVerticalSpacing(2)
        self.causes.setColumnStretch(1, 1)
        layout.addLayout(self.causes)
        self.delivery_title = _title("Delivery", "delivery")
        layout.addWidget(self.delivery_title)
        self.delivery = QGridLayout()
        self.delivery.setHorizontalSpacing(8)
        self.delivery.setVerticalSpacing(2)
        self.delivery.setColumnStretch(1, 1)
        layout.addLayout(self.delivery)
        self.delivery_note = _muted()
        self.delivery_note.setToolTip(dora_reference_tooltip())
        layout.addWidget(self.delivery_note)
        self.spans_title = _title("Spans", "span")
        layout.addWidget(self.spans_title)
        self.spans = QVBoxLayout()
        self.spans.setSpacing(2)
        layout.addLayout(self.spans)
        self.cause_texts: dict[str, tuple[str, str, str]] = {}  # key: label, whole, critical
        self.delivery_texts: dict[str, tuple[str, str, str]] = {}  # key: label, value, level
        self.span_texts: list[str] = []
        self._shown: tuple[StreamFigures, WorkCalendar] | None = None
        self.clear()

    # -- filling -------------------------------------------------------------------------

    def clear(self) -> None:
        for grid in (self.causes, self.delivery):
            _empty(grid)
        _empty(self.spans)
        self.cause_texts, self.delivery_texts, self.span_texts = {}, {}, []
        self._shown = None
        self.causes_note.setText("–")
        self.delivery_note.setText("")
        self.spans_title.hide()

    def set_figures(self, figures: StreamFigures, calendar: WorkCalendar) -> None:
        if self._shown == (figures, calendar):
            return  # an edit that changed none of them (a move, a name): the rows stay
        self.clear()
        self._show_causes(figures, calendar)
        self._show_delivery(figures)
        self._show_spans(figures, calendar)
        self._shown = (figures, calendar.model_copy())  # the document changes its own in place

    def _show_causes(self, figures: StreamFigures, calendar: WorkCalendar) -> None:
        rows = cause_rows(figures)
        largest = max((row.whole_map for row in rows), default=0.0)  # bars relative to it
        if not rows:
            self.causes_note.setText("No waits in the map.")
            return
        self.causes_note.setText("" if figures.wait_by_cause.has_causes else NO_CAUSES)
        self.causes_note.setVisible(not figures.wait_by_cause.has_causes)
        for column, text in ((2, "map"), (3, "critical")):
            header = _muted(text)
            header.setAlignment(Qt.AlignmentFlag.AlignRight)
            header.setToolTip(tooltip_text(
                "Wait in the whole map" if column == 2 else "Wait on the critical path"))
            self.causes.addWidget(header, 0, column)
        for index, row in enumerate(rows, start=1):
            name = plain_label(row.label)
            name.setWordWrap(True)  # "Environment instability" wraps in a narrow dock
            bar = ShareBar()
            bar.set_shares(row.whole_map / largest if largest else 0.0,
                           row.critical_path / largest if largest else 0.0)
            whole = plain_label(format_duration(row.whole_map, calendar))
            critical = plain_label(format_duration(row.critical_path, calendar))
            for label in (whole, critical):
                label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            critical.setObjectName("figureDetail")
            for column, widget in enumerate((name, bar, whole, critical)):
                self.causes.addWidget(widget, index, column)
            self.cause_texts[row.key] = (row.label, whole.text(), critical.text())
            tip = (f"{row.label}: {whole.text()} ({share_text(row.share)} of all waiting in the "
                   f"map), {critical.text()} on the critical path. Bar: light the whole map, "
                   "dark the critical path, against the largest cause.")
            for widget in (name, bar, whole, critical):
                widget.setToolTip(tooltip_text(tip))

    def _show_delivery(self, figures: StreamFigures) -> None:
        readings = figures.delivery_readings
        entered = [r for r in readings if r.key != "lead_time"]
        for index, reading in enumerate(readings):
            name = plain_label(reading.label)
            name.setWordWrap(True)
            value = plain_label(reading.text)
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            level = QLabel(reading.level)
            level.setStyleSheet(
                f"color: white; background: {LEVEL_COLOURS[reading.level]}; border-radius: 4px;"
                " padding: 1px 6px; font-weight: bold; font-size: 8pt;"
            )
            level.setAlignment(Qt.AlignmentFlag.AlignCenter)
            level.setToolTip(dora_reference_tooltip())
            for column, widget in enumerate((name, value, level)):
                self.delivery.addWidget(widget, index, column)
            self.delivery_texts[reading.key] = (reading.label, reading.text, reading.level)
        if entered:
            self.delivery_note.setText("Levels: DORA, State of DevOps 2023 (hover for the table).")
        else:
            self.delivery_note.setText(NO_DELIVERY)

    def _show_spans(self, figures: StreamFigures, calendar: WorkCalendar) -> None:
        if not figures.spans:
            return
        self.spans_title.show()
        for span in figures.spans:
            if span.hours is None:
                text = f"{span.name}: {span.problem}"
            else:
                text = (f"{span.name}: {format_duration(span.hours, calendar)} "
                        f"({span.from_name} → {span.to_name})")
            label = plain_label(text)
            label.setWordWrap(True)
            self.spans.addWidget(label)
            self.span_texts.append(text)


def _empty(layout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget()
        if widget is not None:
            widget.deleteLater()
