"""On the canvas: drop into a handover, join on delete, drag an arrow's end, reach the handle."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from vsm_desktop.model import (
    Connection,
    ConnectionKind,
    Element,
    ElementKind,
    HandoverMethod,
    Lane,
    ValueCategory,
    ValueStreamMap,
)
from vsm_desktop.ui.canvas.view import PALETTE_MIME_TYPE, MapView

from . import mouse


def _map() -> ValueStreamMap:
    """Lane team (0-200): A -> B -> C along y = 100, A -> B a ticket with a 4 h delay; an
    unconnected step L in lane ops (200-400)."""
    team, ops = Lane(id="team", name="Team"), Lane(id="ops", name="Operations")
    elements = [
        Element(id="a", name="Intake", lane_id="team", x=300, y=100, process_time=2),
        Element(id="b", name="Build", lane_id="team", x=700, y=100, process_time=8),
        Element(id="c", name="Ship", lane_id="team", x=1000, y=100, process_time=1),
        Element(id="l", name="Loose", lane_id="ops", x=500, y=300),
    ]
    connections = [
        Connection(id="ab", source_id="a", target_id="b", delay=4, method=HandoverMethod.TICKET),
        Connection(id="bc", source_id="b", target_id="c"),
    ]
    return ValueStreamMap(lanes=[team, ops], elements=elements, connections=connections)


@pytest.fixture
def canvas(open_canvas):
    return open_canvas(_map(), (650, 200))




def _drop_from_palette(view: MapView, kind: str, x: float, y: float, drop=True) -> None:
    mime = QMimeData()
    mime.setData(PALETTE_MIME_TYPE, kind.encode("utf-8"))
    point = mouse.at(view, x, y)
    buttons, modifiers = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    action = Qt.DropAction.CopyAction
    viewport = view.viewport()
    QApplication.sendEvent(viewport, QDragEnterEvent(point, action, mime, buttons, modifiers))
    QApplication.sendEvent(viewport, QDragMoveEvent(point, action, mime, buttons, modifiers))
    if drop:
        QApplication.sendEvent(
            viewport, QDropEvent(QPointF(point), action, mime, buttons, modifiers)
        )


def _flows(document) -> set[tuple[str, str]]:
    return {
        (c.source_id, c.target_id) for c in document.connections() if c.kind is ConnectionKind.FLOW
    }


def test_a_queue_dropped_on_a_handover_goes_into_it_in_one_undo_step(canvas):
    view, document, stack = canvas
    before = document.to_map()
    _drop_from_palette(view, "queue", 500, 104, drop=False)
    lit = [i.connection_id for i in view.scene().connection_items() if i.is_drop_target]
    assert lit == ["ab"]  # the handover it would go into lights up while dragging
    _drop_from_palette(view, "queue", 500, 104)
    assert not any(i.is_drop_target for i in view.scene().connection_items())
    queue = next(e for e in document.elements() if e.kind is ElementKind.QUEUE)
    assert queue.value_category is ValueCategory.WASTE
    assert _flows(document) == {("a", queue.id), (queue.id, "b"), ("b", "c")}
    # The part into Build keeps the ticket and its delay.
    kept = document.connection("ab")
    assert (kept.source_id, kept.delay, kept.method) == (queue.id, 4, HandoverMethod.TICKET)
    assert stack.count() == 1
    assert stack.undoText() == "Insert 'Queue' into 'Intake' → 'Build'"
    view.editor().finish(commit=False)
    stack.undo()
    assert document.to_map() == before


def test_a_step_dropped_off_any_arrow_is_only_added(canvas):
    view, document, _ = canvas
    _drop_from_palette(view, "step", 800, 330)
    assert _flows(document) == {("a", "b"), ("b", "c")}


def test_dragging_a_loose_element_onto_a_handover_inserts_it(canvas, qtbot):
    view, document, stack = canvas
    before = document.to_map()
    mouse.drag(qtbot, view, mouse.at(view, 500, 280), mouse.at(view, 860, 80))
    loose = document.element("l")
    assert (loose.x, loose.y, loose.lane_id) == pytest.approx((860, 100, "team"), abs=1)
    assert _flows(document) == {("a", "b"), ("b", "l"), ("l", "c")}
    assert stack.count() == 1
    stack.undo()
    assert document.to_map() == before


def test_dragging_a_connected_element_over_an_arrow_only_moves_it(canvas, qtbot):
    view, document, _ = canvas
    mouse.drag(qtbot, view, mouse.at(view, 1000, 80), mouse.at(view, 500, 80))
    assert _flows(document) == {("a", "b"), ("b", "c")}
    assert document.element("c").x == pytest.approx(500, abs=1)


def test_delete_joins_and_says_so_shift_delete_does_not(canvas, qtbot):
    view, document, stack = canvas
    messages = []
    view.status_message.connect(messages.append)
    before = document.to_map()
    view.select_ids(["b"])
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert not document.has_element("b")
    assert _flows(document) == {("a", "c")}
    assert messages[-1] == "Joined 'Intake' to 'Ship'."
    assert stack.undoText() == "Delete 'Build'"
    stack.undo()
    assert document.to_map() == before
    view.select_ids(["b"])
    qtbot.keyClick(view, Qt.Key.Key_Delete, Qt.KeyboardModifier.ShiftModifier)
    assert not document.has_element("b")
    assert _flows(document) == set()
    stack.undo()
    assert document.to_map() == before


def test_dragging_the_end_of_a_selected_arrow_moves_it_to_another_element(canvas, qtbot):
    view, document, stack = canvas
    before = document.to_map()
    arrow = view.scene().connection_item("ab")
    view.select_ids(["ab"])
    # Selected, the arrow (and its end grips) is drawn above the elements it touches.
    assert arrow.zValue() > view.scene().element_item("b").zValue()
    _, end = arrow.end_points()
    mouse.drag(qtbot, view, view.mapFromScene(end), mouse.at(view, 500, 300))
    moved = document.connection("ab")
    assert (moved.source_id, moved.target_id, moved.delay) == ("a", "l", 4)
    assert (document.element("b").x, document.element("b").y) == (700, 100)  # not dragged
    assert stack.count() == 1
    assert stack.undoText() == "Send the connection to 'Loose'"
    stack.undo()
    assert document.to_map() == before
    # The start end too: from Intake to Loose instead.
    view.select_ids(["bc"])
    start, _ = view.scene().connection_item("bc").end_points()
    mouse.drag(qtbot, view, view.mapFromScene(start), mouse.at(view, 500, 300))
    assert (document.connection("bc").source_id, document.connection("bc").target_id) == (
        "l",
        "c",
    )


def test_an_arrow_end_dropped_nowhere_changes_nothing(canvas, qtbot):
    view, document, stack = canvas
    view.select_ids(["ab"])
    _, end = view.scene().connection_item("ab").end_points()
    mouse.drag(qtbot, view, view.mapFromScene(end), mouse.at(view, 650, 330))
    assert document.connection("ab").target_id == "b"
    assert stack.count() == 0
    assert view.scene().connection_item("ab").isVisible()


def test_the_handle_is_reachable_where_an_arrow_already_leaves(canvas, qtbot):
    """The handle sits on the start of A's outgoing arrow: pressing there, from outside the
    element and without selecting it first, draws a new arrow instead of moving A."""
    view, document, stack = canvas
    item = view.scene().element_item("a")
    handle = item.mapToScene(item.handle_centre()) + QPointF(4, 0)  # over the arrow's start
    qtbot.mouseMove(view.viewport(), mouse.at(view, 420, 180))
    mouse.drag(qtbot, view, view.mapFromScene(handle), mouse.at(view, 500, 300))
    assert ("a", "l") in _flows(document)
    assert (document.element("a").x, document.element("a").y) == (300, 100)
    assert stack.undoText() == "Connect 'Intake' to 'Loose'"
