"""A team's swimlane: its band across the map and its header on the left."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QFontMetricsF,
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
    fine_detail,
    level_of_detail,
)

# Zoomed out, a lane's name may run past its header over the band's empty left margin (the
# first column's boxes start at x = 200), up to this width and this size (scene px).
LANE_SUMMARY_WIDTH = 236.0
LANE_SUMMARY_PX = 32.0

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
        self._selected = False  # picked by a click on the header (canvas/lane_selection.py)
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
        style = self._map_scene.canvas_style
        lines = wrap_text(band.lane.name, style.lane_metrics, LANE_TITLE_WIDTH - 24, 4)
        self._name_text = "\n".join(lines)
        self._summary_names: dict[int, str] = {}  # the name wrapped for each large type size
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

    @property
    def selected(self) -> bool:
        return self._selected

    def set_selected(self, selected: bool) -> None:
        if selected != self._selected:
            self._selected = selected
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
        style = self._map_scene.canvas_style
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
        if self._selected:
            painter.setPen(style.selection_pen)
            painter.setBrush(style.selection_fill)
            painter.drawRect(self._header.adjusted(1, 1, -1, -1))
        level = level_of_detail(painter)
        if level < NAME_DETAIL:
            return
        painter.setPen(style.text_pen)
        font, text = style.lane_font, self._name_text
        if level < fine_detail(style):
            # Zoomed out the team's name grows with the boxes' summaries, as far as the
            # header holds it; the element count is small print and waits for fine detail.
            name = self.band.lane.name
            largest = min(LANE_SUMMARY_PX, style.largest_px_fitting(name, LANE_SUMMARY_WIDTH))
            font = style.summary_font(level, largest)
            if font is None:
                return
            text = self._summary_names.get(font.pixelSize(), "")
            if not text:
                lines = wrap_text(name, QFontMetricsF(font), LANE_SUMMARY_WIDTH, 3)
                text = self._summary_names[font.pixelSize()] = "\n".join(lines)
            painter.setFont(font)
            room = QRectF(self._header.left() + 8, self._header.top() + 4,
                          LANE_SUMMARY_WIDTH, self._header.height() - 8)
            painter.drawText(room, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, text)
            return
        painter.setFont(font)
        text_rect = self._header.adjusted(14, 10, -10, -26)
        painter.drawText(
            text_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text
        )
        if not style.legible(style.lane_count_font, level):
            return
        count = self._map_scene.lane_member_count(self.lane_id)
        painter.setPen(style.muted_text_pen)
        painter.setFont(style.lane_count_font)
        painter.drawText(
            self._header.adjusted(14, 0, -10, -8),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom,
            f"{count} element{'s' if count != 1 else ''}",
        )
