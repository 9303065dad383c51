"""The ring that marks the element a presenter is talking about.

Drawn with a cosmetic pen, so it is as thick on a fitted projector map as at full size, and
above every element, so nothing covers it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsPathItem, QGraphicsScene

from vsm_desktop import theme

RING_PX = 6.0  # on screen, whatever the zoom
RING_MARGIN = 14.0  # scene units around the element
Z_SPOTLIGHT = 400.0  # above elements (10), below previews (500)


class Spotlight(QGraphicsPathItem):
    def __init__(self, scene: QGraphicsScene) -> None:
        super().__init__()
        pen = QPen(QColor(theme.SELECTION), RING_PX)
        pen.setCosmetic(True)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        self.setPen(pen)
        self.setZValue(Z_SPOTLIGHT)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.hide()
        scene.addItem(self)

    def show_on(self, item) -> None:
        """Ring the element item (an ElementItem: its symbol and its writing)."""
        rect = item.sceneBoundingRect().adjusted(
            RING_MARGIN, RING_MARGIN, -RING_MARGIN, -RING_MARGIN
        )
        path = QPainterPath()
        path.addRoundedRect(rect, 16, 16)
        self.setPath(path)
        self.show()

    def clear(self) -> None:
        self.hide()
