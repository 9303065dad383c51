"""The canvas, offscreen, beside a bare Qt floor: opening a map and one drag frame.

The floor is what Qt itself costs for the same picture: a plain QGraphicsView of the same size
and render hints over a scene of one rectangle and one name per element and one line per
arrow, no index (as the canvas), opened the same way and dragged the same way.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QPainter, QUndoStack
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QGraphicsItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QWidget,
)

from vsm_desktop.analysis import analyze
from vsm_desktop.model import ElementKind, MapDocument, ValueStreamMap
from vsm_desktop.ui.canvas.view import MapView

from .side_by_side import Measured
from .timing import Pair, alternated, median_seconds

VIEW_SIZE = (1400, 900)
BOX = (160.0, 120.0)  # a step's box in the floor scene


def open_map_view(value_stream_map: ValueStreamMap) -> MapView:
    """What the window does when a map opens: build the scene, analyse, zoom, paint.

    With the analysis come the lead-time ladder (one rung per critical element) and the tags,
    which a canvas measured without it never draws.
    """
    view = MapView(MapDocument(value_stream_map), QUndoStack())
    view.resize(*VIEW_SIZE)
    view.show()
    view.set_analysis(analyze(view.document))
    view.zoom_to_open()
    paint(view)
    return view


def open_bare_view(value_stream_map: ValueStreamMap) -> QGraphicsView:
    """The floor of opening: the same boxes, names and arrows in a plain QGraphicsView."""
    scene = QGraphicsScene()
    scene.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
    centres = {}
    for element in value_stream_map.elements:
        box = QGraphicsRectItem(-BOX[0] / 2, -BOX[1] / 2, *BOX)
        box.setPos(element.x, element.y)
        box.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsMovable)
        box.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        QGraphicsSimpleTextItem(element.name or element.kind.value, box).setPos(-70, -50)
        scene.addItem(box)
        centres[element.id] = (element.x, element.y)
    for connection in value_stream_map.connections:
        (x1, y1), (x2, y2) = centres[connection.source_id], centres[connection.target_id]
        scene.addLine(x1, y1, x2, y2)
    view = QGraphicsView(scene)
    scene.setParent(view)  # the view does not own its scene; without this it is collected
    view.setRenderHints(
        QPainter.RenderHint.Antialiasing
        | QPainter.RenderHint.TextAntialiasing
        | QPainter.RenderHint.SmoothPixmapTransform
    )
    view.resize(*VIEW_SIZE)
    view.show()
    view.centerOn(*centres[value_stream_map.elements[0].id])
    paint(view)
    return view


def paint(view: QGraphicsView) -> None:
    """Render the viewport now; offscreen, repaint() may skip a widget nobody looks at."""
    view.viewport().grab()


def measure_canvas(
    value_stream_map: ValueStreamMap, size: int, runs: int, frames: int
) -> list[Measured]:
    app = QApplication.instance()
    opened: list[QWidget] = []

    def close_all() -> None:
        while opened:
            view = opened.pop()
            view.close()
            view.deleteLater()
        app.processEvents()

    opening = alternated(
        lambda: opened.append(open_map_view(value_stream_map)),
        lambda: opened.append(open_bare_view(value_stream_map)),
        runs,
        setup=close_all,
        warm_up=True,
    )
    close_all()
    view, bare = open_map_view(value_stream_map), open_bare_view(value_stream_map)
    dragging = drag_frames(view, bare, value_stream_map, frames)
    view.close()
    bare.close()
    return [Measured("canvas_open", size, opening, runs),
            Measured("drag_frame", size, dragging, frames)]


def zoomed_out_repaint(value_stream_map: ValueStreamMap, runs: int) -> float:
    """A full repaint of the whole map fitted into the view (an overview on the projector)."""
    view = open_map_view(value_stream_map)
    view.zoom_to_fit()
    seconds = median_seconds(lambda: paint(view), runs)
    view.close()
    return seconds


def drag_frames(
    view: MapView, bare: QGraphicsView, value_stream_map: ValueStreamMap, frames: int
) -> Pair:
    """Press on a step in the middle of the map at 100 % zoom in both views, then move the
    mouse frame by frame, each move followed by a repaint, the two views alternately."""
    step = next(
        e
        for e in value_stream_map.elements[len(value_stream_map.elements) // 2 :]
        if e.kind is ElementKind.STEP
    )
    app_drag, bare_drag = Drag(view, step.x, step.y), Drag(bare, step.x, step.y)
    pair = alternated(app_drag.frame, bare_drag.frame, frames, warm_up=True)
    app_drag.release()
    bare_drag.release()
    moved = view.document.element(step.id)
    if (moved.x, moved.y) == (step.x, step.y):
        raise RuntimeError("the drag did not move the element; the measurement is void")
    return pair


class Drag:
    """A mouse press at a scene point at 100 % zoom; each frame() moves on and repaints."""

    def __init__(self, view: QGraphicsView, x: float, y: float) -> None:
        if isinstance(view, MapView):
            view.reset_zoom()
        else:
            view.resetTransform()
        view.centerOn(x, y)
        self.view, self.frames = view, 0
        self.start = view.mapFromScene(QPointF(x, y))
        QTest.mousePress(self.viewport, Qt.MouseButton.LeftButton,
                         Qt.KeyboardModifier.NoModifier, self.start)

    @property
    def viewport(self) -> QWidget:
        return self.view.viewport()

    def position(self) -> QPoint:
        return self.start + QPoint(self.frames * 3 % 300, self.frames % 100)

    def frame(self) -> None:
        self.frames += 1
        QTest.mouseMove(self.viewport, self.position())
        paint(self.view)

    def release(self) -> None:
        QTest.mouseRelease(self.viewport, Qt.MouseButton.LeftButton,
                           Qt.KeyboardModifier.NoModifier, self.position())
