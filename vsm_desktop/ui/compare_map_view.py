"""The read-only maps of the compare window, and the marks it puts on changed elements."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QRectF, QSizeF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsRectItem,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QWidget,
)

from .. import theme
from .canvas.scene import SCENE_MARGIN, MapScene
from .canvas.sketch import SKETCH_BELOW_SCALE, SketchPatches, sketch_map

MARK_COLOURS = {
    "removed": (theme.CHANGE_WORSE, theme.CHANGE_WORSE_FILL),
    "added": (theme.CHANGE_BETTER, theme.CHANGE_BETTER_FILL),
    "changed": (theme.CHANGE_MODIFIED, theme.CHANGE_MODIFIED_FILL),
}
MARK_MARGIN = 8.0
VIEW_MARGIN = 16.0  # around the map in a fitted view
SKETCH_MARK_PX = 9.0  # a change mark on a sketched map: big enough to see where it is


class ReadOnlyMapView(QGraphicsView):
    """A map to look at: fits itself to the view, pans by dragging, zooms with Ctrl+wheel.

    Fitted, a large map comes out under two pixels a step: the view then draws a sketch of it
    (canvas/sketch.py) and its change marks at a size that shows, instead of asking every item
    to paint itself (a second per repaint at 5,000 elements, and every edit repainted)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setInteractive(False)
        self.setBackgroundBrush(QColor(theme.CANVAS_BACKGROUND))
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self._fitted = True
        self._content = QRectF()
        self._marks: list[QGraphicsItem] = []
        # The sketch's element patches of the shown scene, measured when first sketched and
        # again for the elements an edit changed (map_changed), not on every repaint.
        self._patches: SketchPatches | None = None

    def show_map(
        self, scene: MapScene, marks: list[QGraphicsItem], patches: SketchPatches | None = None
    ) -> None:
        """Show a built scene, whole, with its change marks (and its sketch's patches, when
        they were measured as it was built)."""
        self.setScene(scene)
        self._marks = []
        self._patches = patches
        self._fitted = True
        self.map_changed(())
        self.include(marks)

    def map_changed(self, element_ids: Iterable[str]) -> None:
        """The shown scene followed an edit of these elements: measure its content again. The
        scene measured itself when the edit finished (its scene rect, with a margin); measuring
        again walks every item."""
        scene = self.scene()
        if scene is None:
            return
        if self._patches is not None:
            self._patches.follow(element_ids)
        inset = SCENE_MARGIN - VIEW_MARGIN
        self._content = scene.sceneRect().adjusted(inset, inset, -inset, -inset)
        marks, self._marks = self._marks, []
        self.include(marks)  # sets the view's scene rect: no scroll bars for empty margins

    def include(self, items: list[QGraphicsItem]) -> None:
        """Change marks added to the shown scene are kept in view (and drawn on a sketch)."""
        self._marks = [*self._marks, *items]
        for item in items:
            self._content = self._content.united(item.sceneBoundingRect())
        self.setSceneRect(self._content)
        if self._fitted:
            self.fit()

    def fit(self) -> None:
        if self.scene() is not None:
            self.fitInView(self._content, Qt.AspectRatioMode.KeepAspectRatio)
            self._fitted = True

    def forget_marks(self, items: list[QGraphicsItem]) -> None:
        """Marks taken off the shown scene."""
        gone = {id(item) for item in items}
        self._marks = [item for item in self._marks if id(item) not in gone]

    @property
    def sketching(self) -> bool:
        return self.scene() is not None and self.transform().m11() < SKETCH_BELOW_SCALE

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt override)
        if not self.sketching:
            super().paintEvent(event)
            return
        painter = QPainter(self.viewport())
        painter.fillRect(event.rect(), self.backgroundBrush())
        painter.setTransform(self.viewportTransform())
        if self._patches is None:
            self._patches = SketchPatches(self.scene())
        sketch_map(painter, self.scene(), self._patches.by_kind())
        painter.resetTransform()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for mark in self._marks:
            if isinstance(mark, QGraphicsRectItem) and str(mark.data(0)).startswith("mark:"):
                # An outline: at least a few pixels round its element, in its colour.
                rect = self.viewportTransform().mapRect(mark.sceneBoundingRect())
                centre = rect.center()
                rect.setSize(rect.size().expandedTo(QSizeF(SKETCH_MARK_PX, SKETCH_MARK_PX)))
                rect.moveCenter(centre)
                painter.setPen(QPen(mark.pen().color(), 2))
                painter.drawRect(rect)
        painter.end()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        if self._fitted:
            self.fit()

    def wheelEvent(self, event) -> None:  # noqa: N802 (Qt override)
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            factor = 1.15 if event.angleDelta().y() > 0 else 1 / 1.15
            self.scale(factor, factor)
            self._fitted = False
            event.accept()
            return
        super().wheelEvent(event)

    def mouseDoubleClickEvent(self, event) -> None:  # noqa: N802 (Qt override)
        self.fit()
        super().mouseDoubleClickEvent(event)


def mark_element(scene: MapScene, status: str, element_id: str) -> list[QGraphicsItem]:
    """Outline an element with the colour of its change and a small tag; the items added."""
    item = scene.element_item(element_id)
    if item is None:
        return []
    border, fill = MARK_COLOURS[status]
    font = QFont(theme.UI_FONT_FAMILY)
    font.setPointSizeF(9)
    font.setBold(True)
    rect = item.sceneBoundingRect().adjusted(-MARK_MARGIN, -MARK_MARGIN, MARK_MARGIN, MARK_MARGIN)
    outline = QGraphicsRectItem(rect)
    outline.setPen(QPen(QColor(border), 4, Qt.PenStyle.DashLine))
    outline.setBrush(Qt.BrushStyle.NoBrush)
    outline.setZValue(item.zValue() + 1)
    outline.setData(0, f"mark:{status}:{element_id}")
    scene.addItem(outline)
    tag = QGraphicsSimpleTextItem(status.upper())
    tag.setFont(font)
    tag.setBrush(QColor(border))
    tag_rect = tag.boundingRect()
    background = QGraphicsRectItem(
        QRectF(rect.left(), rect.top() - tag_rect.height() - 4,
               tag_rect.width() + 8, tag_rect.height() + 4)
    )
    background.setBrush(QBrush(QColor(fill)))
    background.setPen(QPen(QColor(border), 1))
    background.setZValue(outline.zValue())
    scene.addItem(background)
    tag.setParentItem(background)
    tag.setPos(background.rect().left() + 4, background.rect().top() + 2)
    return [outline, background]
