"""A team's swimlane: its band across the map and its header on the left."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QPainter,
)

from vsm_desktop.model.layout import LANE_TITLE_WIDTH

from ..style import (
    wrap_text,
)
from .shapes import (
    NAME_DETAIL,
    Z_LANE,
    BoundedItem,
    level_of_detail,
)

if TYPE_CHECKING:
    from vsm_desktop.model import LaneBand

    from .host import CanvasHost


class LaneItem(BoundedItem):
    """A swimlane band with its header; the header is where lanes are renamed and dragged."""

    EDGE_GRIP = 5.0

    def __init__(self, band: LaneBand, index: int, width: float, map_scene: CanvasHost) -> None:
        super().__init__()
        self.lane_id = band.lane.id
        self._map_scene = map_scene
        self._highlighted = False
        self.setZValue(Z_LANE)
        self.setAcceptHoverEvents(True)
        self.set_band(band, index, width)

    def set_band(self, band: LaneBand, index: int, width: float) -> None:
        self.prepareGeometryChange()
        self.band = band
        self.index = index
        self._rect = QRectF(0, band.top, width, band.bottom - band.top)
        self._header = QRectF(0, band.top, LANE_TITLE_WIDTH, band.bottom - band.top)
        self.set_bounds(self._rect.adjusted(0, 0, 0, 1))
        style = self._map_scene.style
        lines = wrap_text(band.lane.name, style.lane_metrics, LANE_TITLE_WIDTH - 24, 4)
        self._name_text = "\n".join(lines)
        self.update()

    @property
    def name_text(self) -> str:
        """The lane's name as the header shows it (wrapped to the header's width)."""
        return self._name_text

    def header_rect(self) -> QRectF:
        return QRectF(self._header)

    @property
    def highlighted(self) -> bool:
        return self._highlighted

    def set_highlighted(self, highlighted: bool) -> None:
        if highlighted != self._highlighted:
            self._highlighted = highlighted
            self.update()

    def band_rect(self) -> QRectF:
        return QRectF(self._rect)

    def on_bottom_edge(self, scene_pos: QPointF) -> bool:
        return self._map_scene.editable and abs(scene_pos.y() - self._rect.bottom()) <= (
            self.EDGE_GRIP
        )

    def hoverMoveEvent(self, event) -> None:
        if self.on_bottom_edge(event.scenePos()):
            self.setCursor(Qt.CursorShape.SizeVerCursor)
        elif self._header.contains(event.scenePos()) and self._map_scene.editable:
            self.setCursor(Qt.CursorShape.OpenHandCursor)
        else:
            self.unsetCursor()
        super().hoverMoveEvent(event)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        style = self._map_scene.style
        painter.setPen(style.no_pen)
        painter.setBrush(style.lane_fills[self.index % 2])
        painter.drawRect(self._rect)
        if self._highlighted:
            painter.setBrush(style.selection_fill)
            painter.drawRect(self._rect)
        painter.setBrush(style.lane_header_brush)
        painter.drawRect(self._header)
        painter.setPen(style.lane_border_pen)
        painter.drawLine(self._rect.bottomLeft(), self._rect.bottomRight())
        if self.index == 0:
            painter.drawLine(self._rect.topLeft(), self._rect.topRight())
        painter.drawLine(self._header.topRight(), self._header.bottomRight())
        if level_of_detail(painter) < NAME_DETAIL:
            return
        painter.setPen(style.text_pen)
        painter.setFont(style.lane_font)
        text_rect = self._header.adjusted(14, 10, -10, -26)
        painter.drawText(
            text_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, self._name_text
        )
        count = self._map_scene.lane_member_count(self.lane_id)
        painter.setPen(style.muted_text_pen)
        painter.setFont(style.lane_count_font)
        painter.drawText(
            self._header.adjusted(14, 0, -10, -8),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom,
            f"{count} element{'s' if count != 1 else ''}",
        )
