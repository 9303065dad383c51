"""Each gesture ends cleanly when cancelled: Esc mid-drag makes no edit and leaves nothing drawn."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QGraphicsLineItem

from vsm_desktop.model import Connection, Element, Lane, ValueStreamMap
from vsm_desktop.ui.canvas.items import ConnectionPreviewItem
from vsm_desktop.ui.canvas.view import MapView

from . import mouse


def _map() -> ValueStreamMap:
    """Lanes dev (0-200) and ops (200-400); A -> B, and C on its own."""
    lanes = [Lane(id="dev", name="Development"), Lane(id="ops", name="Operations")]
    elements = [
        Element(id="a", name="Code", lane_id="dev", x=300, y=100),
        Element(id="b", name="Review", lane_id="dev", x=640, y=130),
        Element(id="c", name="Deploy", lane_id="ops", x=900, y=290),
    ]
    connections = [Connection(id="ab", source_id="a", target_id="b")]
    return ValueStreamMap(lanes=lanes, elements=elements, connections=connections)


@pytest.fixture
def canvas(open_canvas):
    return open_canvas(_map(), (550, 250))




def _escape_and_release(qtbot, view: MapView, end: QPoint) -> None:
    qtbot.keyClick(view.viewport(), Qt.Key.Key_Escape)
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=end)


def _drawn(view: MapView, kind: type) -> list:
    return [item for item in view.scene().items() if isinstance(item, kind)]


def test_escape_while_dragging_an_element_puts_it_back_without_an_edit(canvas, qtbot):
    view, document, stack = canvas
    end = mouse.at(view, 380, 300)
    mouse.press_and_move(qtbot, view, mouse.at(view, 300, 80), end)
    item = view.scene().element_item("a")
    assert item.pos().y() > 200  # dragged into the ops band
    assert view.scene().lane_item("ops").highlighted
    _escape_and_release(qtbot, view, end)
    assert (item.pos().x(), item.pos().y()) == (300, 100)
    assert (document.element("a").x, document.element("a").y) == (300, 100)
    assert not view.scene().lane_item("ops").highlighted
    assert stack.count() == 0


def test_escape_while_resizing_a_lane_keeps_its_height_and_removes_the_guide(canvas, qtbot):
    view, document, stack = canvas
    end = mouse.at(view, 700, 280)
    mouse.press_and_move(qtbot, view, mouse.at(view, 700, 200), end)
    assert len(_drawn(view, QGraphicsLineItem)) == 1  # where the edge will go
    _escape_and_release(qtbot, view, end)
    assert _drawn(view, QGraphicsLineItem) == []
    assert document.lane("dev").height == 200
    assert stack.count() == 0


def test_escape_while_reordering_lanes_keeps_their_order(canvas, qtbot):
    view, document, stack = canvas
    end = mouse.at(view, 80, 30)
    mouse.press_and_move(qtbot, view, mouse.at(view, 80, 300), end)
    _escape_and_release(qtbot, view, end)
    assert [lane.id for lane in document.lanes] == ["dev", "ops"]
    assert _drawn(view, QGraphicsLineItem) == []
    assert stack.count() == 0


def test_escape_while_drawing_an_arrow_from_the_handle_draws_none(canvas, qtbot):
    view, document, stack = canvas
    handle = view.scene().element_item("b")
    view.select_ids(["b"])  # the handle shows on the selected element
    start = view.mapFromScene(handle.mapToScene(handle.handle_centre()))
    end = mouse.at(view, 900, 290)
    mouse.press_and_move(qtbot, view, start, end)
    assert len(_drawn(view, ConnectionPreviewItem)) == 1
    assert view.scene().link_target_id == "c"  # the element it would connect to lights up
    _escape_and_release(qtbot, view, end)
    assert _drawn(view, ConnectionPreviewItem) == []
    assert view.scene().link_target_id is None
    assert [c.id for c in document.connections()] == ["ab"]
    assert stack.count() == 0


def test_a_right_click_cancels_placing_from_the_palette(canvas, qtbot):
    view, document, stack = canvas
    view.start_placement("step")
    assert view.gesture_armed
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.RightButton, pos=mouse.at(view, 760, 320))
    assert not view.gesture_armed
    assert len(list(document.elements())) == 3
    assert stack.count() == 0
