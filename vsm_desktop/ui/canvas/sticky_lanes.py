"""Lane names pinned to the view's left edge while the map scrolls sideways.

Scrolled to the right on a laptop, a map shows boxes with no team beside them. Once the lane
headers leave the view, a copy of each header is painted over the left edge of the view, in
the lane's own band, so "whose step is this?" never needs a scroll back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter

from vsm_desktop.model.layout import LANE_TITLE_WIDTH

if TYPE_CHECKING:
    from PySide6.QtWidgets import QGraphicsView

    from .scene import MapScene

# The real header must be mostly out of sight before its copy appears.
SHOW_WHEN_HIDDEN = 0.5 * LANE_TITLE_WIDTH


class StickyLaneHeaders:
    def __init__(self, view: QGraphicsView, scene: MapScene) -> None:
        self._view = view
        self._scene = scene

    def headers(self) -> list[tuple[QRectF, str]]:
        """Where each pinned header goes (scene coordinates) and its lane's name, top to bottom."""
        visible = self._view.mapToScene(self._view.viewport().rect()).boundingRect()
        if visible.left() < SHOW_WHEN_HIDDEN:
            return []
        pinned = []
        for lane in self._scene.lane_items():
            band = lane.band_rect()
            if band.bottom() < visible.top() or band.top() > visible.bottom():
                continue
            header = QRectF(visible.left(), band.top(), LANE_TITLE_WIDTH, band.height())
            pinned.append((header, lane.name_text))
        return pinned

    def paint(self, painter: QPainter) -> None:
        headers = self.headers()
        if not headers:
            return
        style = self._scene.canvas_style
        for rect, name in headers:
            painter.setPen(style.no_pen)
            painter.setBrush(style.lane_header_brush)
            painter.drawRect(rect)
            painter.setPen(style.lane_border_pen)
            painter.drawLine(rect.topRight(), rect.bottomRight())
            painter.drawLine(rect.bottomLeft(), rect.bottomRight())
            painter.setPen(style.text_pen)
            painter.setFont(style.lane_font)
            painter.drawText(
                rect.adjusted(14, 10, -10, -10),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                name,
            )
