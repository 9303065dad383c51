"""The steps table: a stream typed with key clicks only lands in the map, one undo step a row."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from vsm_desktop.analysis import analyze
from vsm_desktop.model import ConnectionKind, ElementKind, ValueCategory
from vsm_desktop.model.step_rows import COLUMNS

from .conftest import two_team_map


class Keyboard:
    """Key clicks into whatever has the focus, counting the keys that are not typed text."""

    def __init__(self, qtbot) -> None:
        self.qtbot = qtbot
        self.actions = 0

    def type(self, text: str) -> None:
        for character in text:  # the first key may open an editor that takes the rest
            self.qtbot.keyClicks(QApplication.focusWidget(), character)

    def press(self, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
        self.actions += 1
        self.qtbot.keyClick(QApplication.focusWidget(), key, modifier)


def type_row(keys: Keyboard, *cells: str) -> None:
    """Cells in column order; Tab between them, Enter after the last one given."""
    for index, text in enumerate(cells):
        if index:
            keys.press(Qt.Key.Key_Tab)
        keys.type(text)
    keys.press(Qt.Key.Key_Return)


# Nine steps over five lanes, with a queue; a row's empty lane is the lane of the row above.
# (name, lane, process time, wait time[, %C&A, people, kind])
STREAM = [
    ("Intake", "Product", "2h", "1d"),
    ("Clarify", "", "4", "2"),  # bare numbers: hours
    ("Backlog", "", "", "5d", "", "", "q"),
    ("Build", "Engineering", "3d", "4h"),
    ("Risk review", "Security", "2h", "2d", "", "", "a"),
    ("Test", "eng", "1d", "4h"),  # completes to Engineering
    ("Deploy", "Operations", "1h", "1d"),
    ("Monitor", "", "2h", "0"),
    ("Announce", "product", "1h", "1d"),  # an existing lane, any case
]
# Working hours by hand (8 h days): process and wait of each row.
PROCESS = [2, 4, 0, 24, 2, 8, 1, 2, 1]
WAIT = [8, 2, 40, 4, 16, 4, 8, 0, 8]


def test_a_whole_stream_typed_with_key_clicks_only(window, qtbot):
    document = window.document
    keys = Keyboard(qtbot)
    keys.press(Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    table = window.steps.table
    assert window.steps.dock.isVisible()
    assert QApplication.focusWidget() is not None
    start_actions = keys.actions
    basic_actions = []
    for row in STREAM:
        before = keys.actions
        type_row(keys, *row)
        if len(row) == 4:
            basic_actions.append(keys.actions - before)
    # Name, lane, process time and wait: three Tabs and an Enter, whatever the lane.
    assert basic_actions == [4] * 7
    assert keys.actions - start_actions == 4 * 7 + 2 * 7  # the queue and approval reach "kind"

    steps = [e for e in document.elements() if e.kind.in_flow]
    assert [e.name for e in steps] == [row[0] for row in STREAM]
    lanes = {lane.id: lane.name for lane in document.lanes}
    assert [lanes[e.lane_id] for e in steps] == [
        "Product", "Product", "Product", "Engineering", "Security", "Engineering",
        "Operations", "Operations", "Product",
    ]  # fmt: skip
    # The blank map's empty lane took the first lane name typed.
    assert [lane.name for lane in document.lanes] == [
        "Product", "Engineering", "Security", "Operations",
    ]  # fmt: skip
    assert [e.process_time or 0 for e in steps] == PROCESS
    assert [e.wait_time for e in steps] == WAIT
    backlog, review = steps[2], steps[4]
    assert backlog.kind is ElementKind.QUEUE and backlog.value_category is ValueCategory.WASTE
    assert review.kind is ElementKind.APPROVAL
    assert review.value_category is ValueCategory.NECESSARY
    # Each row flows from the row above: one chain of flow connections.
    flows = [(c.source_id, c.target_id) for c in document.connections()]
    assert flows == [(a.id, b.id) for a, b in zip(steps, steps[1:], strict=False)]
    assert all(c.kind is ConnectionKind.FLOW for c in document.connections())
    # Each step sits right of the one before it, inside its lane's band.
    bands = {band.lane.id: band for band in document.lane_bands()}
    for before, after in zip(steps, steps[1:], strict=False):
        assert after.x > before.x
    for step in steps:
        assert bands[step.lane_id].top < step.y < bands[step.lane_id].bottom

    result = analyze(document)
    assert result.lead_time == pytest.approx(sum(PROCESS) + sum(WAIT))  # 134 h
    assert result.process_time == pytest.approx(sum(PROCESS))
    assert result.critical_path == tuple(e.id for e in steps)
    # The canvas shows every step, and the cursor waits in the next empty row.
    assert {item.element_id for item in window.view.scene().element_items()} == {
        e.id for e in steps
    }
    current = table.proxy.mapToSource(table.view.currentIndex())
    assert table.model.is_draft(current.row()) and COLUMNS[current.column()] == "name"

    # One undo step per row; undoing the row that made a lane removes the lane too.
    stack = window.undo_stack
    assert stack.count() == len(STREAM)
    assert stack.undoText() == "Add Step 'Announce'"
    for _ in range(3):
        stack.undo()
    assert "Operations" not in [lane.name for lane in document.lanes]
    assert table.model.rowCount() == len(STREAM) - 3 + 1
    while stack.canUndo():
        stack.undo()
    assert [lane.name for lane in document.lanes] == ["Team"] and not document.elements()


def test_bad_cells_say_what_is_wrong_and_keep_the_row(window, qtbot):
    keys = Keyboard(qtbot)
    keys.press(Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    table = window.steps.table
    type_row(keys, "Build", "", "2h", "-3d")
    assert table.message_label.text() == (
        "New row: Wait time: '-3d': a duration cannot be negative. Enter 0 or more."
    )
    assert not [e for e in window.document.elements() if e.name == "Build"]
    assert table.model.draft["name"] == "Build"  # nothing typed is lost
    current = table.proxy.mapToSource(table.view.currentIndex())
    assert COLUMNS[current.column()] == "wait_time"
    keys.press(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)  # select the bad text
    keys.type("3d")
    keys.press(Qt.Key.Key_Return)
    built = next(e for e in window.document.elements() if e.name == "Build")
    assert built.wait_time == 24


def test_table_edits_show_on_the_canvas_and_canvas_edits_in_the_table(window, qtbot):
    window.files.set_map(two_team_map(), None)
    document = window.document
    table = window.steps.table
    model = table.model
    intake = model.row_of("intake")
    assert model.index(intake, COLUMNS.index("wait_time")).data() == "6 h"
    # Edit a cell: typed over, Enter; one named undo step, the canvas item follows.
    table.view.setFocus()
    table.view.setCurrentIndex(table.proxy_index(intake, "wait_time"))
    keys = Keyboard(qtbot)
    keys.type("2d")
    keys.press(Qt.Key.Key_Return)
    assert document.element("intake").wait_time == 16
    assert window.undo_stack.undoText() == "Change wait time of 'Intake'"
    item = window.view.scene().element_item("intake")
    assert item.element.wait_time == 16
    # An edit elsewhere (undo, the inspector, the canvas) shows in the table at once.
    window.undo_stack.undo()
    assert model.index(intake, COLUMNS.index("wait_time")).data() == "6 h"
    # Selection follows both ways.
    window.view.select_ids(["build"])
    assert table.selected_element_ids() == ["build"]
    table.view.selectRow(table.proxy_index(intake).row())
    assert window.view.selected_element_ids() == ["intake"]


def test_sorting_and_filtering_never_change_the_map(window, qtbot):
    window.files.set_map(two_team_map(), None)
    before = window.document.to_map()
    table = window.steps.table
    table.view.sortByColumn(COLUMNS.index("wait_time"), Qt.SortOrder.DescendingOrder)
    shown = [table.proxy.index(row, 0).data() for row in range(table.proxy.rowCount())]
    assert shown[:2] == ["Build", "Intake"]  # 8 h before 6 h
    assert table.model.is_draft(table.proxy.mapToSource(table.proxy.index(2, 0)).row())
    table.filter_edit.setText("eng")  # a lane name matches too
    assert table.proxy.rowCount() == 2  # Build and the empty row
    assert window.document.to_map() == before
    assert window.undo_stack.count() == 0


def test_rows_pasted_from_a_spreadsheet_append_as_one_step(window, qtbot):
    window.files.set_map(two_team_map(), None)
    document = window.document
    sheet = (
        "Name\tLane\tProcess time\tWait time\t%C&A\tPeople\tKind\n"
        "Security scan\tSecurity\t1h\t2d\t95%\t1\tstep\n"
        "Release queue\t\t\t3d\t\t\tqueue\r\n"
    )
    QGuiApplication.clipboard().setText(sheet)
    keys = Keyboard(qtbot)
    keys.press(Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    keys.press(Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)  # in the new row's name cell
    scan = next(e for e in document.elements() if e.name == "Security scan")
    queue = next(e for e in document.elements() if e.name == "Release queue")
    assert (scan.process_time, scan.wait_time, scan.pca, scan.people) == (1, 16, 95, 1)
    assert document.lane(scan.lane_id).name == "Security"
    assert queue.lane_id == scan.lane_id and queue.kind is ElementKind.QUEUE
    assert queue.wait_time == 24
    # After Build, before the end: Build -> scan -> queue -> Value.
    flow = {(c.source_id, c.target_id) for c in document.connections()}
    assert {("build", scan.id), (scan.id, queue.id), (queue.id, "end")} <= flow
    assert ("build", "end") not in flow
    assert window.undo_stack.undoText() == "Paste 2 steps"
    window.undo_stack.undo()
    assert document.to_map().elements == two_team_map().elements
    assert "Security" not in [lane.name for lane in document.lanes]


def test_a_bad_pasted_row_pastes_nothing_and_names_the_row(window, qtbot):
    table = window.steps.table
    before = window.document.to_map()
    table.paste("Scan\tSecurity\t1h\t2d\nDeploy\tOps\tsoon\t1d\n")
    assert table.message_label.text() == (
        "Nothing pasted: pasted row 2: Process time: 'soon' is not a duration. "
        "Use a number with a unit: 90s, 45min, 2h, 3d, 1.5wk."
    )
    assert window.document.to_map() == before



def test_changing_the_kind_in_the_table_brings_the_kinds_category(window, qtbot):
    window.files.set_map(two_team_map(), None)
    table = window.steps.table
    build = table.model.row_of("build")
    table.view.setFocus()
    table.view.setCurrentIndex(table.proxy_index(build, "kind"))
    keys = Keyboard(qtbot)
    keys.type("approval")
    keys.press(Qt.Key.Key_Return)
    element = window.document.element("build")
    assert element.kind is ElementKind.APPROVAL
    assert element.value_category is ValueCategory.NECESSARY
    assert window.undo_stack.undoText() == "Change kind of 'Build'"


def test_delete_on_a_selected_row_deletes_the_step_and_joins(window, qtbot):
    window.files.set_map(two_team_map(), None)
    table = window.steps.table
    table.view.setFocus()
    table.view.setCurrentIndex(table.proxy_index(table.model.row_of("intake"), "name"))
    assert window.view.selected_element_ids() == ["intake"]
    Keyboard(qtbot).press(Qt.Key.Key_Delete)
    document = window.document
    assert not document.has_element("intake")
    assert ("start", "build") in {(c.source_id, c.target_id) for c in document.connections()}
    assert [table.proxy.index(row, 0).data() for row in range(2)][0] == "Build"
    assert window.statusBar().currentMessage() == "Joined 'Request' to 'Build'."


def test_ctrl_t_brings_the_table_from_a_narrow_side_tab_under_the_canvas(window, qtbot):
    window.resize(1366, 768)  # a laptop screen (the key-figures strip no longer widens it)
    dock = window.steps.dock
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    window.tabifyDockWidget(window.inspector_dock, dock)
    window.resizeDocks([window.inspector_dock], [300], Qt.Orientation.Horizontal)
    qtbot.waitUntil(lambda: dock.width() < 700)
    Keyboard(qtbot).press(Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert window.dockWidgetArea(dock) == Qt.DockWidgetArea.BottomDockWidgetArea
    qtbot.waitUntil(lambda: dock.width() > 700)
    current = window.steps.table.proxy.mapToSource(window.steps.table.view.currentIndex())
    assert window.steps.table.model.is_draft(current.row())


def test_rows_deleted_and_put_back_leave_and_join_where_they_were_without_a_reset(
    window, qtbot, monkeypatch
):
    from vsm_desktop.ui.steps_table import model as steps_model

    from .test_panels_follow_edits_cheaply import chain_map

    window.files.set_map(chain_map(6), None)  # rows: Step 1 ... Step 6, waiting 1 h ... 6 h
    table = window.steps.table
    model = table.model
    checked = []  # elements the table asked whether they are rows: only those added or removed
    real_is_row_element = steps_model.is_row_element
    monkeypatch.setattr(steps_model, "is_row_element",
                        lambda element: checked.append(element.id) or real_is_row_element(element))
    said: list[tuple] = []
    model.modelReset.connect(lambda: said.append(("reset",)))
    model.rowsRemoved.connect(lambda _parent, first, last: said.append(("removed", first, last)))
    model.rowsInserted.connect(lambda _parent, first, last: said.append(("inserted", first, last)))
    table.view.sortByColumn(COLUMNS.index("wait_time"), Qt.SortOrder.DescendingOrder)

    def shown() -> list[str]:
        return [table.proxy.index(row, 0).data() for row in range(table.proxy.rowCount() - 1)]

    window.view.select_ids(["s2", "s3", "s5"])
    window.actions["delete"].trigger()
    assert said == [("removed", 4, 4), ("removed", 1, 2)]  # from the bottom up
    assert [model.element_id(row) for row in range(3)] == ["s1", "s4", "s6"]
    assert model.is_draft(3)
    assert shown() == ["Step 6", "Step 4", "Step 1"]

    said.clear()
    window.undo_stack.undo()
    assert said == [("inserted", 1, 2), ("inserted", 4, 4)]
    assert [model.element_id(row) for row in range(6)] == ["s1", "s2", "s3", "s4", "s5", "s6"]
    assert shown() == [f"Step {n}" for n in range(6, 0, -1)]
    assert model.is_draft(6)
    assert sorted(checked) == ["s2", "s3", "s5"]  # put back; the rest of the map was not read
