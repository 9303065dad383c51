"""The canvas driven like a user drives it: mouse and keyboard on the viewport."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QUndoStack
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
def canvas(open_canvas):
    return open_canvas(_map(), (600, 250))


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


def _drop(view: MapView, kind: str, scene_x: float, scene_y: float) -> None:
    """What a drag from the palette delivers: enter (sets the drop target), move, drop."""
    mime = QMimeData()
    mime.setData(PALETTE_MIME_TYPE, kind.encode("utf-8"))
    point = _viewport_point(view, scene_x, scene_y)
    buttons, modifiers = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    action = Qt.DropAction.CopyAction
    enter = QDragEnterEvent(point, action, mime, buttons, modifiers)
    QApplication.sendEvent(view.viewport(), enter)
    assert enter.isAccepted()
    QApplication.sendEvent(
        view.viewport(), QDragMoveEvent(point, action, mime, buttons, modifiers)
    )
    QApplication.sendEvent(
        view.viewport(), QDropEvent(QPointF(point), action, mime, buttons, modifiers)
    )


def test_dropping_a_palette_step_creates_it_where_dropped_in_that_lane(canvas):
    view, document, stack = canvas
    _drop(view, "approval", 760, 310)
    added = [e for e in document.elements() if e.id not in {"a", "b", "c"}]
    assert len(added) == 1
    assert added[0].kind is ElementKind.APPROVAL
    assert added[0].lane_id == "ops"  # y = 310 lies in the second band (200-400)
    # mapFromScene rounds to whole pixels, so allow one pixel.
    assert added[0].x == pytest.approx(760, abs=1) and added[0].y == pytest.approx(310, abs=1)
    assert stack.count() == 1
    view.editor().finish(commit=False)


def test_dropping_a_lane_adds_one_below_the_band_under_the_drop(canvas):
    view, document, stack = canvas
    _drop(view, "lane", 700, 50)
    assert [lane.id for lane in document.lanes][0] == "team"
    assert document.lanes[2].id == "ops"
    new_lane = document.lanes[1]
    # Elements of the lane below shifted down with their band.
    assert document.element("c").y == 300 + new_lane.height
    view.editor().finish(commit=False)


def test_dropping_a_handover_on_empty_canvas_explains_instead(canvas, qtbot):
    view, document, _ = canvas
    with qtbot.waitSignal(view.status_message) as message:
        _drop(view, "handover", 1000, 100)
    assert "Drop the handover on the element" in message.args[0]
    assert len(document.connections()) == 1


def test_dragging_from_the_handle_to_another_element_connects_them(canvas, qtbot):
    view, document, stack = canvas
    source = view.scene().element_item("b")
    view.select_ids(["b"])
    handle = source.mapToScene(source.handle_centre())
    _drag(qtbot, view, view.mapFromScene(handle), _viewport_point(view, 900, 300))
    new = [c for c in document.connections() if c.id != "ab"]
    assert len(new) == 1
    assert (new[0].source_id, new[0].target_id, new[0].kind) == ("b", "c", ConnectionKind.FLOW)
    assert (document.element("b").x, document.element("b").y) == (600, 100)  # not moved
    assert stack.undoText() == "Connect 'Review' to 'Deploy'"


def test_escape_cancels_a_handover_started_from_the_palette(canvas, qtbot):
    view, document, _ = canvas
    view.start_handover_from("a")
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=_viewport_point(view, 900, 300)
    )
    assert len(document.connections()) == 1


def test_handover_mode_connects_to_the_next_element_clicked(canvas, qtbot):
    view, document, _ = canvas
    view.start_handover_from("a")
    qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=_viewport_point(view, 900, 300)
    )
    assert {(c.source_id, c.target_id) for c in document.connections()} == {("a", "b"), ("a", "c")}


def test_dragging_two_selected_elements_is_one_undo_step(canvas, qtbot):
    view, document, stack = canvas
    view.select_ids(["a", "b"])
    _drag(qtbot, view, _viewport_point(view, 600, 80), _viewport_point(view, 600, 120))
    assert (document.element("a").y, document.element("b").y) == (140, 140)
    assert stack.count() == 1
    assert stack.undoText() == "Move 2 elements"
    stack.undo()
    assert (document.element("a").y, document.element("b").y) == (100, 100)


def test_dragging_into_another_band_changes_the_lane_in_the_same_step(canvas, qtbot):
    view, document, stack = canvas
    _drag(qtbot, view, _viewport_point(view, 600, 80), _viewport_point(view, 600, 280))
    assert document.element("b").lane_id == "ops"
    assert stack.count() == 1
    stack.undo()
    assert document.element("b").lane_id == "team"
    assert document.element("b").y == 100


def test_arrow_follows_when_its_target_moves(canvas, qtbot):
    view, _, _ = canvas
    arrow = view.scene().connection_item("ab")
    _, end_before = arrow.end_points()
    _drag(qtbot, view, _viewport_point(view, 600, 80), _viewport_point(view, 700, 80))
    _, end_after = arrow.end_points()
    assert end_after.x() - end_before.x() == pytest.approx(100, abs=1)


def test_enter_types_a_stream_of_three_connected_steps(canvas, qtbot):
    view, document, stack = canvas
    view.select_ids(["c"])
    for name in ("Smoke test", "Release", "Announce"):
        qtbot.keyClick(view, Qt.Key.Key_Return)  # adds the next step, editor open
        qtbot.keyClicks(view.viewport(), name)
        qtbot.keyClick(view.viewport(), Qt.Key.Key_Return)  # commits the name
    by_name = {e.name: e for e in document.elements()}
    chain = ["Deploy", "Smoke test", "Release", "Announce"]
    for first, second in zip(chain, chain[1:], strict=False):
        assert document.flow_successors(by_name[first].id) == [by_name[second].id]
        assert by_name[second].lane_id == "ops"
        assert by_name[second].y == by_name[first].y
        assert by_name[second].x > by_name[first].x
    # Adding and naming a step is one undo entry.
    assert stack.count() == 3
    assert stack.undoText() == "Add Step 'Announce'"
    stack.undo()
    assert "Announce" not in {e.name for e in document.elements()}


def test_f2_renames_in_place_and_escape_cancels(canvas, qtbot):
    view, document, stack = canvas
    view.select_ids(["a"])
    qtbot.keyClick(view, Qt.Key.Key_F2)
    qtbot.keyClicks(view.viewport(), "Triage")
    qtbot.keyClick(view.viewport(), Qt.Key.Key_Escape)
    assert document.element("a").name == "Intake"
    qtbot.keyClick(view, Qt.Key.Key_F2)
    qtbot.keyClicks(view.viewport(), "Triage")
    qtbot.keyClick(view.viewport(), Qt.Key.Key_Return)
    assert document.element("a").name == "Triage"
    assert stack.undoText() == "Rename 'Intake' to 'Triage'"


def test_undo_and_redo_restore_the_exact_map(canvas, qtbot):
    view, document, stack = canvas
    original = document.to_map()
    view.select_ids(["a"])
    _drag(qtbot, view, _viewport_point(view, 300, 80), _viewport_point(view, 400, 280))
    view.select_ids(["b", "c"])
    view.inserting.connect_selected()
    view.select_ids(["a"])
    view.delete_selection()
    edited = document.to_map()
    while stack.canUndo():
        stack.undo()
    assert document.to_map() == original
    while stack.canRedo():
        stack.redo()
    assert document.to_map() == edited


def test_delete_removes_connections_and_undo_brings_them_back(canvas, qtbot):
    view, document, stack = canvas
    view.select_ids(["b"])
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert not document.has_element("b")
    assert not document.has_connection("ab")
    assert view.scene().connection_item("ab") is None
    stack.undo()
    assert document.has_connection("ab")
    assert view.scene().connection_item("ab") is not None


def test_copy_and_paste_keeps_internal_connections_with_new_ids(canvas):
    view, document, stack = canvas
    view.select_ids(["a", "b", "c"])
    view.actions["copy"].trigger()
    view.actions["paste"].trigger()
    copies = [e for e in document.elements() if e.id not in {"a", "b", "c"}]
    assert sorted(e.name for e in copies) == ["Deploy", "Intake", "Review"]
    by_name = {e.name: e for e in copies}
    pasted_links = [c for c in document.connections() if c.id != "ab"]
    # Only A -> B ran between copied elements; it is copied, between the copies.
    assert [(c.source_id, c.target_id) for c in pasted_links] == [
        (by_name["Intake"].id, by_name["Review"].id)
    ]
    assert by_name["Intake"].x == 300 + 40 and by_name["Intake"].y == 100 + 40
    assert set(view.selected_element_ids()) == {e.id for e in copies}
    assert stack.count() == 1
    stack.undo()
    assert len(document.elements()) == 3 and len(document.connections()) == 1


def test_removing_a_lane_with_elements_asks_through_the_dialogs_seam(canvas, monkeypatch):
    from vsm_desktop.ui import dialogs as dialogs_module

    questions = []

    class FakeDialogs:
        def ask_lane_removal(self, parent, lane_name, element_count, other_lanes):
            questions.append((lane_name, element_count, list(other_lanes)))
            return ("move", "team")

    monkeypatch.setattr(dialogs_module, "dialogs", FakeDialogs())
    view, document, stack = canvas
    view.edits.remove_lane("ops")
    assert questions == [("Operations", 1, [("team", "Team")])]
    assert [lane.id for lane in document.lanes] == ["team"]
    assert document.element("c").lane_id == "team"
    assert 0 <= document.element("c").y <= 200
    stack.undo()
    assert [lane.id for lane in document.lanes] == ["team", "ops"]
    assert (document.element("c").lane_id, document.element("c").y) == ("ops", 300)


def _analysis(**overrides):
    from vsm_desktop.analysis.result import ElementTiming, Finding, FlowAnalysis

    values = dict(
        lead_time=15.0,
        process_time=6.0,
        wait_time=9.0,
        flow_efficiency=0.4,
        rolled_pca=1.0,
        critical_path=("a", "b"),
        critical_connections=("ab",),
        handovers_on_critical_path=0,
        handovers_total=0,
        total_wait=9.0,
        constraint_id="a",
        timings={
            "a": ElementTiming(0, 10, 10, 0),
            "b": ElementTiming(10, 15, 15, 0),
            "c": ElementTiming(0, 1, 9, 8),
        },
        findings=(
            Finding(
                code="missing_time", message="Wait not entered for 'Review'.", element_ids=("b",)
            ),
        ),
    )
    values.update(overrides)
    return FlowAnalysis(**values)


def test_analysis_draws_the_ladder_under_the_lanes_and_explains_findings(canvas):
    view, document, _ = canvas
    scene = view.scene()
    assert not scene.ladder_rect().isValid() or not scene.ladder_rect().height()
    view.set_analysis(_analysis())
    ladder = scene.ladder_rect()
    assert ladder.height() > 0
    assert ladder.top() >= document.lane_bands()[-1].bottom  # under the lanes
    assert scene.critical_ids == {"a", "b"}
    assert scene.tool_tip_at(QPointF(600, 100)) == "Wait not entered for 'Review'."
    assert scene.tool_tip_at(QPointF(300, 100)) == ""
    # The ladder follows the lanes when they grow.
    document.update_lane("ops", height=300)
    assert scene.ladder_rect().top() >= 500


def test_parallel_arrows_between_the_same_elements_do_not_overlap(canvas):
    view, document, _ = canvas
    document.add_connections(
        [Connection(id="ba", source_id="b", target_id="a", kind=ConnectionKind.INFORMATION)]
    )
    flow = view.scene().connection_item("ab").end_points()
    info = view.scene().connection_item("ba").end_points()
    assert abs(flow[0].y() - info[1].y()) >= 10  # side by side, not on top of each other


def test_the_band_under_a_dragged_element_lights_up_until_the_drop(canvas, qtbot):
    view, _, _ = canvas
    viewport = view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=_viewport_point(view, 600, 80))
    for y in (120, 200, 280):
        qtbot.mouseMove(viewport, _viewport_point(view, 600, y))
    lanes = {item.lane_id: item for item in view.scene().lane_items()}
    assert lanes["ops"].highlighted and not lanes["team"].highlighted
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=_viewport_point(view, 600, 280))
    assert not any(item.highlighted for item in lanes.values())


def test_a_deleted_view_stops_following_its_document(qtbot):
    import shiboken6

    document = MapDocument(_map())
    view = MapView(document, QUndoStack())
    shiboken6.delete(view)  # what Qt does when the window holding the view closes
    document.add_elements([Element(name="After", x=300, y=100)])  # no dangling listener fires
    assert len(document.elements()) == 4


def test_a_long_arrow_label_is_elided_on_the_canvas_and_whole_in_its_tooltip(canvas):
    view, document, _ = canvas
    long_label = "Security architecture board submission with evidence pack"
    document.update_connection("ab", label=long_label)
    arrow = view.scene().connection_item("ab")
    start, end = arrow.end_points()
    assert view.scene().tool_tip_at((start + end) / 2) == long_label
    assert arrow.full_label == long_label
    # Between A's right side (x 380) and B's left (x 520) the pill keeps 20 px clear each side.
    pill = arrow.label_rect()
    assert pill.left() >= 380 + 14 and pill.right() <= 520 - 14
