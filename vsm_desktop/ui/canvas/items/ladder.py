"""The lead-time ladder under the map, following the critical path."""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QPainter,
    QPainterPath,
)
from PySide6.QtWidgets import QGraphicsItem

from vsm_desktop.analysis.formatting import lead_time_text, share_text
from vsm_desktop.model import (
    format_duration,
)
from vsm_desktop.model.layout import LANE_TITLE_WIDTH

from ..style import (
    LADDER_HEIGHT,
)
from .shapes import (
    NAME_DETAIL,
    Z_LADDER,
    level_of_detail,
)

if TYPE_CHECKING:
    from vsm_desktop.analysis.result import FlowAnalysis

    from .host import CanvasHost


class LadderItem(QGraphicsItem):
    """The lead-time ladder: waits on the upper rungs, process times on the lower, totals right.

    It follows the critical path of the last analysis. When the path runs left to right its rungs
    line up under the elements, as on a paper VSM; otherwise they are spaced evenly.

    On a large map the path has thousands of rungs while the screen shows a few: the lines are
    built into three paths once per analysis, and paint() writes only the figures it can see.
    """

    def __init__(self, map_scene: CanvasHost) -> None:
        super().__init__()
        self._map_scene = map_scene
        self.setZValue(Z_LADDER)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)
        self._rect = QRectF()
        self._segments: list[tuple[QRectF, str, bool]] = []  # rung, text, is_wait
        self._segment_rights: list[float] = []
        self._paths: list[tuple[QPainterPath, str]] = []  # path, name of its pen in the style
        self._totals: list[tuple[str, str]] = []
        self._totals_x = 0.0

    def rebuild(self, analysis: FlowAnalysis | None, top: float, right: float) -> None:
        self.prepareGeometryChange()
        self._segments, self._totals, self._paths, self._segment_rights = [], [], [], []
        scene = self._map_scene
        path = [i for i in (analysis.critical_path if analysis else ()) if scene.element_item(i)]
        if not path:
            self._rect = QRectF()
            self.update()
            return
        document = scene.document
        calendar = document.calendar
        delays = {}
        for connection_id in analysis.critical_connections:
            if document.has_connection(connection_id):
                connection = document.connection(connection_id)
                delays[connection.target_id] = connection.delay or 0.0
        totals_width = 190.0
        self._rect = QRectF(0, top, right + totals_width, LADDER_HEIGHT)
        upper = top + 24
        lower = top + LADDER_HEIGHT - 30
        items = [scene.element_item(i) for i in path]
        xs = [item.pos().x() for item in items]
        increasing = all(b - a > 60 for a, b in zip(xs, xs[1:], strict=False))
        if not increasing:
            step = max(120.0, (right - LANE_TITLE_WIDTH - 40) / len(items))
            xs = [LANE_TITLE_WIDTH + 40 + step * (i + 0.5) for i in range(len(items))]
            widths = [step * 0.5] * len(items)
        else:
            widths = [min(item.outline_rect().width(), 140.0) for item in items]
        previous_right = LANE_TITLE_WIDTH + 20
        for item, x, width in zip(items, xs, widths, strict=True):
            element = item.element
            wait = (element.wait_time or 0.0) + delays.get(element.id, 0.0)
            left, right_edge = x - width / 2, x + width / 2
            if left - previous_right > 4:
                self._segments.append(
                    (
                        QRectF(previous_right, upper, left - previous_right, 0),
                        format_duration(wait, calendar) if wait else "",
                        True,
                    )
                )
            process = element.process_time or 0.0
            self._segments.append(
                (
                    QRectF(left, lower, right_edge - left, 0),
                    format_duration(process, calendar) if element.kind.does_work else "",
                    False,
                )
            )
            previous_right = right_edge
        self._build_paths()
        self._totals = [
            ("Lead time", lead_time_text(analysis.lead_time, calendar)),
            ("Process time", format_duration(analysis.process_time, calendar)),
        ]
        if analysis.flow_efficiency is not None:
            self._totals.append(("Flow efficiency", share_text(analysis.flow_efficiency)))
        self._totals_x = max(previous_right + 30, right - 10)
        self._rect.setRight(self._totals_x + totals_width)
        self.update()

    def _build_paths(self) -> None:
        """Rungs and the risers joining them, as one path per pen, in left-to-right order."""
        waits, processes, risers = QPainterPath(), QPainterPath(), QPainterPath()
        previous_end: QPointF | None = None
        for rung, _, is_wait in self._segments:
            start, end = QPointF(rung.left(), rung.top()), QPointF(rung.right(), rung.top())
            if previous_end is not None:
                risers.moveTo(previous_end)
                risers.lineTo(previous_end.x(), start.y())
                risers.lineTo(start)
            rungs = waits if is_wait else processes
            rungs.moveTo(start)
            rungs.lineTo(end)
            previous_end = end
        self._paths = [
            (risers, "ladder_frame_pen"),
            (waits, "ladder_wait_pen"),
            (processes, "ladder_process_pen"),
        ]
        self._segment_rights = [rung.right() for rung, _, _ in self._segments]

    def segments_in(self, rect: QRectF) -> list[tuple[QRectF, str, bool]]:
        """The rungs that reach into rect horizontally (they run left to right, never overlap)."""
        first = bisect.bisect_left(self._segment_rights, rect.left())
        shown = []
        for segment in self._segments[first:]:
            if segment[0].left() > rect.right():
                break
            shown.append(segment)
        return shown

    def boundingRect(self) -> QRectF:
        return self._rect

    def paint(self, painter: QPainter, option, widget=None) -> None:
        if self._rect.isNull():
            return
        style = self._map_scene.canvas_style
        painter.setPen(style.ladder_frame_pen)
        painter.setBrush(style.ladder_brush)
        painter.drawRoundedRect(self._rect, 6, 6)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for path, pen in self._paths:
            painter.setPen(getattr(style, pen))
            painter.drawPath(path)
        x = self._totals_x
        painter.setPen(style.ladder_frame_pen)
        painter.drawLine(
            QPointF(x - 12, self._rect.top() + 10), QPointF(x - 12, self._rect.bottom() - 10)
        )
        level = level_of_detail(painter)
        if level < NAME_DETAIL or not style.legible(style.ladder_font, level):
            return  # figures would be a pixel high (or, presenting, too small for the room)
        exposed = option.exposedRect if option is not None else self._rect
        painter.setPen(style.muted_text_pen)
        painter.setFont(style.lane_font)
        painter.drawText(
            QRectF(14, self._rect.top(), LANE_TITLE_WIDTH - 14, self._rect.height()),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            "Lead-time\nladder",
        )
        painter.setFont(style.ladder_font)
        for rung, text, is_wait in self.segments_in(exposed):
            if text:
                painter.setPen(style.ladder_wait_text if is_wait else style.ladder_process_text)
                offset = -16 if is_wait else 4
                painter.drawText(
                    QRectF(rung.left(), rung.top() + offset, rung.width(), 14),
                    Qt.AlignmentFlag.AlignCenter,
                    text,
                )
        if exposed.right() < x:
            return
        row_height = (self._rect.height() - 16) / max(1, len(self._totals))
        for index, (label, value) in enumerate(self._totals):
            row = QRectF(x, self._rect.top() + 8 + index * row_height, 170, row_height)
            painter.setPen(style.muted_text_pen)
            painter.setFont(style.ladder_font)
            painter.drawText(row, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, label)
            painter.setPen(style.text_pen)
            painter.setFont(style.ladder_total_font)
            painter.drawText(
                row, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, value
            )
