"""Edit > Delete and Edit > Rename act on a lane picked by its header, as its own menu does."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu

from .conftest import two_team_map


def _edit_action(window, text: str):
    edit = next(m for m in window.menuBar().findChildren(QMenu) if m.title() == "&Edit")
    return next(a for a in edit.actions() if a.text() == text)


def _pick_lane(window, qtbot, lane_id: str) -> None:
    view = window.view
    header = view.scene().lane_item(lane_id).header_rect().center()
    view.centerOn(header.x() + 300, header.y())
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.mapFromScene(header))
    assert view.lane_selection.lane_id == lane_id


def test_edit_delete_removes_the_picked_lane_after_asking(window, qtbot, fake_dialogs):
    window.files.set_map(two_team_map(), None)
    document, view = window.view.document, window.view
    delete = _edit_action(window, "&Delete")
    assert not delete.isEnabled()  # nothing picked
    _pick_lane(window, qtbot, "lane-engineering")
    assert delete.isEnabled()

    members = [e for e in document.elements() if e.lane_id == "lane-engineering"]
    delete.trigger()  # unscripted: the user cancels the question
    assert fake_dialogs.called("ask_lane_removal")[0][:2] == ("Engineering", len(members))
    assert [lane.id for lane in document.lanes] == ["lane-product", "lane-engineering"]

    _pick_lane(window, qtbot, "lane-engineering")
    fake_dialogs.answers["ask_lane_removal"].append(("move", "lane-product"))
    delete.trigger()
    assert [lane.id for lane in document.lanes] == ["lane-product"]
    assert document.element("build").lane_id == "lane-product"  # moved, not deleted
    assert view.lane_selection.lane_id is None
    view.undo_stack.undo()  # one undo step, the lane's own command
    assert [lane.id for lane in document.lanes] == ["lane-product", "lane-engineering"]
    assert document.element("build").lane_id == "lane-engineering"


def test_edit_rename_opens_the_picked_lanes_name_editor(window, qtbot):
    window.files.set_map(two_team_map(), None)
    view = window.view
    rename = _edit_action(window, "&Rename")
    assert not rename.isEnabled()
    _pick_lane(window, qtbot, "lane-product")
    assert rename.isEnabled()
    rename.trigger()
    editor = view.editor()
    assert editor is not None
    editor.setPlainText("Product & design")
    qtbot.keyClick(view.viewport(), Qt.Key.Key_Return)  # the editor has the keyboard
    assert view.document.lane("lane-product").name == "Product & design"
