"""Lanes, placement, arranging, context menus and zoom on the canvas, driven with real input."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QUndoStack, QWheelEvent
from PySide6.QtWidgets import QApplication, QMenu

from vsm_desktop.model import (
    Connection,
    ConnectionKind,
    Element,
    ElementKind,
    Lane,
    MapDocument,
    ValueStreamMap,
)
from vsm_desktop.ui.canvas.items import EmptyMapHintItem
from vsm_desktop.ui.canvas.view import MapView

from . import mouse
from .conftest import auto_layout_and_wait


def _map() -> ValueStreamMap:
    """Lanes dev (0-200) and ops (200-400); A -> B -> C along the flow."""
    lanes = [Lane(id="dev", name="Development"), Lane(id="ops", name="Operations")]
    elements = [
        Element(id="a", name="Code", lane_id="dev", x=300, y=100),
        Element(id="b", name="Review", lane_id="dev", x=640, y=130),
        Element(id="c", name="Deploy", lane_id="ops", x=900, y=290),
    ]
    connections = [
        Connection(id="ab", source_id="a", target_id="b"),
        Connection(id="bc", source_id="b", target_id="c"),
    ]
    return ValueStreamMap(lanes=lanes, elements=elements, connections=connections)


@pytest.fixture
def canvas(open_canvas):
    return open_canvas(_map(), (550, 250))




def test_click_to_place_puts_the_element_where_clicked(canvas, qtbot):
    view, document, stack = canvas
    view.start_placement("queue")
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=mouse.at(view, 760, 320))
    queue = next(e for e in document.elements() if e.kind is ElementKind.QUEUE)
    assert queue.lane_id == "ops"
    assert (queue.x, queue.y) == pytest.approx((760, 320), abs=1)
    assert stack.count() == 1
    # Placement is one-shot: the next click selects instead of placing again.
    qtbot.keyClick(view.viewport(), Qt.Key.Key_Escape)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=mouse.at(view, 1000, 100))
    assert len(document.elements()) == 4


def test_placing_a_kaizen_idea_on_an_element_targets_it(canvas, qtbot):
    view, document, _ = canvas
    view.start_placement("kaizen")
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=mouse.at(view, 640, 130))
    idea = next(e for e in document.elements() if e.kind is ElementKind.KAIZEN)
    assert idea.target_id == "b"
    assert idea.y < 130  # floats above its target


def test_keyboard_insertion_goes_after_the_selected_element_and_connects(canvas):
    view, document, _ = canvas
    view.select_ids(["c"])
    view.insert_element("approval")
    gate = next(e for e in document.elements() if e.kind is ElementKind.APPROVAL)
    assert gate.lane_id == "ops" and gate.y == 290 and gate.x > 900
    assert document.flow_successors("c") == [gate.id]
    view.editor().finish(commit=False)


def test_rubber_band_selects_the_elements_inside(canvas, qtbot):
    view, _, _ = canvas
    mouse.drag(qtbot, view, mouse.at(view, 200, 20), mouse.at(view, 760, 190))
    assert set(view.selected_element_ids()) == {"a", "b"}


def test_ctrl_click_adds_to_the_selection_in_order(canvas, qtbot):
    view, _, _ = canvas
    modifier = Qt.KeyboardModifier.ControlModifier
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=mouse.at(view, 900, 270))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, modifier, mouse.at(view, 300, 80))
    assert view.selected_element_ids() == ["c", "a"]
    view.inserting.connect_selected()
    assert "a" in view.document.flow_successors("c")


def test_dragging_a_lane_header_reorders_the_lanes(canvas, qtbot):
    view, document, stack = canvas
    mouse.drag(qtbot, view, mouse.at(view, 80, 300), mouse.at(view, 80, 30))
    assert [lane.id for lane in document.lanes] == ["ops", "dev"]
    assert document.element("c").y == 90  # moved up with its band
    stack.undo()
    assert [lane.id for lane in document.lanes] == ["dev", "ops"]
    assert document.element("c").y == 290


def test_clicking_a_lane_header_selects_the_lane_and_keys_act_on_it(canvas, qtbot):
    view, document, stack = canvas
    view.scene().element_item("a").setSelected(True)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=mouse.at(view, 80, 100))
    assert view.lane_selection.lane_id == "dev"
    assert view.scene().lane_item("dev").selected
    assert view.selected_element_ids() == []  # the lane, not the element, is selected now

    qtbot.keyClick(view.viewport(), Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert [lane.id for lane in document.lanes] == ["ops", "dev"]
    assert document.element("a").y == 300  # moved down with its band (ops is 200 high)
    assert view.scene().lane_item("dev").selected  # still picked for the next key
    qtbot.keyClick(view.viewport(), Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert [lane.id for lane in document.lanes] == ["dev", "ops"]
    stack.undo()
    assert [lane.id for lane in document.lanes] == ["ops", "dev"]
    stack.undo()
    assert [lane.id for lane in document.lanes] == ["dev", "ops"]

    qtbot.keyClick(view.viewport(), Qt.Key.Key_F2)
    assert view.editor() is not None
    qtbot.keyClick(view.viewport(), Qt.Key.Key_Escape)

    # A click on the map lets the lane go: Delete then is for elements again.
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=mouse.at(view, 500, 50))
    assert view.lane_selection.lane_id is None
    assert not view.scene().lane_item("dev").selected


def test_delete_removes_a_selected_empty_lane_undoably(canvas, qtbot):
    view, document, stack = canvas
    from vsm_desktop.model import Lane as LaneModel
    from vsm_desktop.ui.commands import AddLaneCommand

    stack.push(AddLaneCommand(document, LaneModel(id="qa", name="QA")))
    qa_header = view.scene().lane_item("qa").header_rect().center()
    view.centerOn(qa_header)
    header_point = mouse.at(view, 80, qa_header.y())
    assert view.viewport().rect().contains(header_point)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=header_point)
    assert view.lane_selection.lane_id == "qa"
    qtbot.keyClick(view.viewport(), Qt.Key.Key_Delete)
    assert [lane.id for lane in document.lanes] == ["dev", "ops"]
    assert document.has_element("a")  # elements stay: the Delete was for the lane
    stack.undo()
    assert [lane.id for lane in document.lanes] == ["dev", "ops", "qa"]


def test_dragging_a_lane_bottom_edge_resizes_it(canvas, qtbot):
    view, document, stack = canvas
    mouse.drag(qtbot, view, mouse.at(view, 700, 200), mouse.at(view, 700, 260))
    assert document.lane("dev").height == pytest.approx(260, abs=1)
    assert document.element("c").y == pytest.approx(350, abs=1)  # the band below moved
    assert stack.count() == 1


def test_double_clicking_a_lane_header_renames_it(canvas, qtbot):
    view, document, stack = canvas
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=mouse.at(view, 80, 100))
    assert view.editor() is not None
    qtbot.keyClicks(view.viewport(), "Platform team")
    qtbot.keyClick(view.viewport(), Qt.Key.Key_Return)
    assert document.lane("dev").name == "Platform team"
    assert stack.undoText() == "Rename lane 'Development' to 'Platform team'"


def test_lane_context_menu_moves_lanes_down(canvas):
    view, document, _ = canvas
    menu = view.build_context_menu(QPointF(1000, 100))
    actions = {action.text(): action for action in menu.actions()}
    assert not actions["Move lane up"].isEnabled()
    actions["Move lane down"].trigger()
    assert [lane.id for lane in document.lanes] == ["ops", "dev"]


def test_connection_context_menu_changes_its_kind(canvas):
    view, document, stack = canvas
    arrow = view.scene().connection_item("ab")
    start, end = arrow.end_points()
    menu = view.build_context_menu((start + end) / 2)
    # findChildren, not QAction.menu(): before PySide6 6.11.2 the menu() wrapper could delete
    # the submenu it returned.
    kind_menu = next(m for m in menu.findChildren(QMenu) if m.title() == "Kind")
    rework = next(a for a in kind_menu.actions() if a.text() == ConnectionKind.REWORK.label)
    rework.trigger()
    assert document.connection("ab").kind is ConnectionKind.REWORK
    stack.undo()
    assert document.connection("ab").kind is ConnectionKind.FLOW


def test_align_and_distribute_are_single_undo_steps(canvas):
    view, document, stack = canvas
    view.select_ids(["a", "b"])
    view.edits.align_selection("top")
    # Same kind, same height: aligned tops mean equal centres at the higher one.
    assert document.element("a").y == document.element("b").y == 100
    view.select_ids(["a", "b", "c"])
    view.edits.distribute_selection("horizontal")
    assert document.element("b").x == pytest.approx((300 + 900) / 2)
    assert stack.count() == 2
    stack.undo()
    stack.undo()
    assert document.element("b").x == 640 and document.element("b").y == 130


def test_auto_layout_is_one_undo_step(canvas, qtbot):
    view, document, stack = canvas
    before = document.to_map()
    auto_layout_and_wait(qtbot, view)
    assert stack.count() == 1
    xs = [document.element(i).x for i in ("a", "b", "c")]
    assert xs == sorted(xs) and len(set(xs)) == 3  # left to right along the flow
    auto_layout_and_wait(qtbot, view)  # nothing left to do: no empty entry in the Edit menu
    assert stack.count() == 1
    stack.undo()
    assert document.to_map() == before


def test_ctrl_wheel_zooms_and_reports_it(canvas, qtbot):
    view, _, _ = canvas
    centre = QPointF(view.viewport().rect().center())
    event = QWheelEvent(
        centre,
        QPointF(view.mapToGlobal(centre.toPoint())),
        QPoint(0, 0),
        QPoint(0, 120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.ControlModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    with qtbot.waitSignal(view.zoom_changed) as zoomed:
        QApplication.sendEvent(view.viewport(), event)
    assert zoomed.args[0] == pytest.approx(1.2)
    view.zoom_to_fit()
    content = view.scene().content_rect()
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    assert visible.contains(content.adjusted(10, 10, -10, -10))


def test_presentation_mode_enlarges_the_text(canvas):
    view, _, _ = canvas
    normal = view.scene().canvas_style.name_font.pixelSize()
    view.set_presentation_mode(True)
    assert view.scene().canvas_style.name_font.pixelSize() > normal
    view.set_presentation_mode(False)
    assert view.scene().canvas_style.name_font.pixelSize() == normal


def test_window_shortcuts_do_not_steal_keys_from_the_name_editor(qtbot):
    from PySide6.QtGui import QAction, QKeySequence
    from PySide6.QtWidgets import QMainWindow

    document = MapDocument(_map())
    window = QMainWindow()
    qtbot.addWidget(window)
    view = MapView(document, QUndoStack(window), window)
    window.setCentralWidget(view)
    delete = QAction("Delete", window)
    delete.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
    delete.triggered.connect(view.delete_selection)
    window.addAction(delete)
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)  # window shortcuts only fire in the active window
    view.select_ids(["a"])
    view.rename_selected()
    qtbot.keyClick(view.viewport(), Qt.Key.Key_Home)
    qtbot.keyClick(view.viewport(), Qt.Key.Key_Delete)
    qtbot.keyClick(view.viewport(), Qt.Key.Key_Return)
    assert document.has_element("a")
    assert document.element("a").name == "ode"
    # With the editor closed, the same key is the window's Delete again.
    qtbot.keyClick(view.viewport(), Qt.Key.Key_Delete)
    assert not document.has_element("a")


def test_middle_button_drag_pans_the_view(canvas, qtbot):
    view, _, _ = canvas
    view.set_zoom(2.0)
    before = view.mapToScene(view.viewport().rect().center())
    viewport = view.viewport()
    start = viewport.rect().center()
    qtbot.mousePress(viewport, Qt.MouseButton.MiddleButton, pos=start)
    qtbot.mouseMove(viewport, start + QPoint(-100, -60))
    qtbot.mouseRelease(viewport, Qt.MouseButton.MiddleButton, pos=start + QPoint(-100, -60))
    after = view.mapToScene(view.viewport().rect().center())
    # Dragging the canvas left and up by (100, 60) pixels shows what lies right and below.
    assert after.x() - before.x() == pytest.approx(50, abs=1)
    assert after.y() - before.y() == pytest.approx(30, abs=1)


def test_double_clicking_an_arrow_edits_its_label(canvas, qtbot):
    view, document, stack = canvas
    start, end = view.scene().connection_item("ab").end_points()
    middle = view.mapFromScene((start + end) / 2)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=middle)
    qtbot.keyClicks(view.viewport(), "Pull request")
    qtbot.keyClick(view.viewport(), Qt.Key.Key_Return)
    assert document.connection("ab").label == "Pull request"
    assert stack.undoText() == "Label connection"


def test_an_empty_map_says_how_to_start_until_something_is_placed(qtbot):
    document = MapDocument()
    view = MapView(document, QUndoStack())
    qtbot.addWidget(view)
    hint = next(i for i in view.scene().items() if isinstance(i, EmptyMapHintItem))
    assert hint.isVisible()
    document.add_elements([Element(name="Intake", x=300, y=100)])
    assert not hint.isVisible()
    view.scene().close()


def test_space_and_drag_pans_instead_of_selecting(canvas, qtbot):
    view, document, _ = canvas
    view.set_zoom(2.0)
    view.centerOn(500, 150)  # room to scroll either way
    before = view.mapToScene(view.viewport().rect().center())
    viewport = view.viewport()
    start = view.mapFromScene(QPointF(300, 90))  # on element A: would move it without space
    qtbot.keyPress(view, Qt.Key.Key_Space)
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(viewport, start + QPoint(80, 0))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=start + QPoint(80, 0))
    qtbot.keyRelease(view, Qt.Key.Key_Space)
    after = view.mapToScene(view.viewport().rect().center())
    assert before.x() - after.x() == pytest.approx(40, abs=1)
    assert (document.element("a").x, document.element("a").y) == (300, 100)
