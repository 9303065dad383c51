"""Items drawn over the map that are not map content: idea links, the link preview, hints."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QLineF, QRectF, Qt
from PySide6.QtGui import (
    QPainter,
)
from PySide6.QtWidgets import QGraphicsItem

from .shapes import (
    Z_KAIZEN_LINK,
    Z_LADDER,
    Z_PREVIEW,
    BoundedItem,
    arrow_head,
    clip_to_rect,
)

if TYPE_CHECKING:
    from .host import CanvasHost


class KaizenLinkItem(BoundedItem):
    """The thin dotted line from a kaizen burst to the element it improves."""

    def __init__(self, idea_id: str, map_scene: CanvasHost) -> None:
        super().__init__()
        self.idea_id = idea_id
        self._map_scene = map_scene
        self._line = QLineF()
        self.setZValue(Z_KAIZEN_LINK)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.update_geometry()

    def update_geometry(self) -> None:
        scene = self._map_scene
        idea = scene.element_item(self.idea_id)
        target_id = idea.element.target_id if idea else None
        target = scene.element_item(target_id) if target_id else None
        self.prepareGeometryChange()
        if idea is None or target is None:
            self._line = QLineF()
        else:
            a, b = idea.outline_rect(), target.outline_rect()
            self._line = QLineF(
                clip_to_rect(a, a.center(), b.center()), clip_to_rect(b, b.center(), a.center())
            )
        self.set_bounds(
            QRectF(self._line.p1(), self._line.p2()).normalized().adjusted(-3, -3, 3, 3)
        )
        scene.reshaped(self)
        self.update()

    def paint(self, painter: QPainter, option, widget=None) -> None:
        if self._line.isNull():
            return
        painter.setPen(self._map_scene.canvas_style.kaizen_link_pen)
        painter.drawLine(self._line)


class ConnectionPreviewItem(QGraphicsItem):
    """The rubber arrow drawn while a connection is being made."""

    def __init__(self, map_scene: CanvasHost) -> None:
        super().__init__()
        self._map_scene = map_scene
        self._line = QLineF()
        self.setZValue(Z_PREVIEW)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def set_line(self, line: QLineF) -> None:
        self.prepareGeometryChange()
        self._line = line
        self.update()

    def boundingRect(self) -> QRectF:
        return QRectF(self._line.p1(), self._line.p2()).normalized().adjusted(-14, -14, 14, 14)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        style = self._map_scene.canvas_style
        painter.setPen(style.preview_pen)
        painter.drawLine(self._line)
        painter.setPen(style.no_pen)
        painter.setBrush(style.selected_arrow_brush)
        painter.drawPolygon(arrow_head(self._line))


class EmptyMapHintItem(QGraphicsItem):
    """What to do first, shown on an empty editable map."""

    TITLE = "Start your value stream"
    LINES = (
        "Drag a customer request, steps and queues from the palette onto the canvas,",
        "or click a symbol in the palette and then click here.",
        "Select a step and press Enter to add the next one; type its name and press Enter.",
    )

    def __init__(self, map_scene: CanvasHost) -> None:
        super().__init__()
        self._map_scene = map_scene
        self.setZValue(Z_LADDER)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def boundingRect(self) -> QRectF:
        return QRectF(-330, -50, 660, 100)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        style = self._map_scene.canvas_style
        rect = self.boundingRect()
        painter.setPen(style.ladder_frame_pen)
        painter.setBrush(style.ladder_brush)
        painter.drawRoundedRect(rect, 10, 10)
        painter.setPen(style.text_pen)
        painter.setFont(style.lane_font)
        painter.drawText(rect.adjusted(0, 16, 0, 0), Qt.AlignmentFlag.AlignHCenter, self.TITLE)
        painter.setPen(style.muted_text_pen)
        painter.setFont(style.small_font)
        painter.drawText(
            rect.adjusted(16, 42, -16, -8), Qt.AlignmentFlag.AlignHCenter, "\n".join(self.LINES)
        )
