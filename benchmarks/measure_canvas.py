"""The canvas, offscreen: opening a map, one drag frame, a zoomed-out full repaint."""

from __future__ import annotations

import time

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from vsm_desktop.analysis import analyze
from vsm_desktop.model import ElementKind, MapDocument, ValueStreamMap
from vsm_desktop.ui.canvas.view import MapView

from .timing import median_seconds

VIEW_SIZE = (1400, 900)


def _open(value_stream_map: ValueStreamMap) -> MapView:
    """What the window does when a map opens: build the scene, analyse, zoom, paint.

    With the analysis come the lead-time ladder (one rung per critical element) and the tags,
    which a canvas measured without it never draws.
    """
    view = MapView(MapDocument(value_stream_map), QUndoStack())
    view.resize(*VIEW_SIZE)
    view.show()
    view.set_analysis(analyze(view.document))
    view.zoom_to_fit()
    paint(view)
    return view


def paint(view: MapView) -> None:
    """Render the viewport now; offscreen, repaint() may skip a widget nobody looks at."""
    view.viewport().grab()


def measure_canvas(value_stream_map: ValueStreamMap, runs: int) -> dict[str, float]:
    app = QApplication.instance()
    opened: list[MapView] = []

    def open_map() -> None:
        opened.append(_open(value_stream_map))

    def close_all() -> None:
        while opened:
            view = opened.pop()
            view.close()
            view.deleteLater()
        app.processEvents()

    results = {"canvas_open": median_seconds(open_map, runs, setup=close_all)}
    close_all()
    view = _open(value_stream_map)
    results["full_repaint_zoomed_out"] = median_seconds(lambda: paint(view), runs * 3)
    results["drag_frame"] = _drag_frame(view, value_stream_map, runs)
    view.close()
    return results


def _drag_frame(view: MapView, value_stream_map: ValueStreamMap, runs: int) -> float:
    """Press on a step at 100 % zoom, then time mouse moves that each repaint the view."""
    step = next(
        e
        for e in value_stream_map.elements[len(value_stream_map.elements) // 2 :]
        if e.kind is ElementKind.STEP
    )
    view.reset_zoom()
    view.centerOn(step.x, step.y)
    viewport = view.viewport()
    start = view.mapFromScene(step.x, step.y)
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    frames = []
    for frame in range(1, runs * 10 + 1):
        began = time.perf_counter()
        QTest.mouseMove(viewport, start + QPoint(frame * 3, frame))
        paint(view)
        frames.append(time.perf_counter() - began)
    QTest.mouseRelease(
        viewport,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        start + QPoint(runs * 30, runs * 10),
    )
    moved = view.document.element(step.id)
    if (moved.x, moved.y) == (step.x, step.y):
        raise RuntimeError("the drag did not move the element; the measurement is void")
    frames.sort()
    return frames[len(frames) // 2]
