"""The canvas driven like a user drives it: mouse and keyboard on the viewport."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDropEvent, QUndoStack
from PySide6.QtWidgets import QApplication

from vsm_desktop.model import (
    Connection,
    ConnectionKind,
    Element,
    ElementKind,
    Lane,
    MapDocument,
    ValueStreamMap,
)
from vsm_desktop.ui.canvas.view import PALETTE_MIME_TYPE, MapView


def _map() -> ValueStreamMap:
    """Two lanes (0-200, 200-400); A -> B in the first, C in the second."""
    team, ops = Lane(id="team", name="Team"), Lane(id="ops", name="Operations")
    a = Element(id="a", name="Intake", lane_id="team", x=300, y=100, process_time=2, wait_time=8)
    b = Element(id="b", name="Review", lane_id="team", x=600, y=100, process_time=4)
    c = Element(id="c", name="Deploy", lane_id="ops", x=900, y=300, process_time=1)
    flow = Connection(id="ab", source_id="a", target_id="b")
    return ValueStreamMap(lanes=[team, ops], elements=[a, b, c], connections=[flow])


@pytest.fixture
def canvas(qtbot):
    document = MapDocument(_map())
    stack = QUndoStack()
    view = MapView(document, stack)
    view.resize(1200, 700)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    view.reset_zoom()
    view.centerOn(600, 250)
    yield view, document, stack
    view.scene().close()


def _viewport_point(view: MapView, x: float, y: float) -> QPoint:
    return view.mapFromScene(QPointF(x, y))


def _drag(
    qtbot, view: MapView, start: QPoint, end: QPoint, modifier=Qt.KeyboardModifier.NoModifier
):
    viewport = view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, modifier, start)
    steps = 6
    for index in range(1, steps + 1):
        point = start + (end - start) * index / steps
        qtbot.mouseMove(viewport, point)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, modifier, end)


def test_dragging_an_element_moves_it_and_its_arrow_in_one_undo_step(canvas, qtbot):
    view, document, stack = canvas
    arrow = view.scene().connection_item("ab")
    start_before, end_before = arrow.end_points()
    _drag(qtbot, view, _viewport_point(view, 300, 80), _viewport_point(view, 340, 120))
    moved = document.element("a")
    assert (moved.x, moved.y) == pytest.approx((340, 140))
    start_after, _ = arrow.end_points()
    assert start_after.x() - start_before.x() == pytest.approx(40)
    assert stack.count() == 1
    stack.undo()
    assert (document.element("a").x, document.element("a").y) == (300, 100)
