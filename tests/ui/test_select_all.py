"""Select All on a map of many steps: the canvas, the inspector and the steps table agree on the
whole selection, and one edit of it is one undo step."""

from __future__ import annotations

from PySide6.QtCore import Qt

from vsm_desktop.model import Connection, Element, Lane, MapInfo, ValueStreamMap
from vsm_desktop.model.step_rows import COLUMNS

from .test_inspector import type_into

STEPS = 60


def chain_of_steps() -> ValueStreamMap:
    """STEPS steps in a row, each waiting a different number of hours (1 h, 2 h, ...)."""
    lane = Lane(id="team", name="Team")
    steps = [
        Element(id=f"s{n}", name=f"Step {n}", lane_id=lane.id, x=280 + 230 * n, y=100,
                process_time=1, wait_time=n + 1)
        for n in range(STEPS)
    ]
    flows = [
        Connection(id=f"c{n}", source_id=f"s{n}", target_id=f"s{n + 1}") for n in range(STEPS - 1)
    ]
    return ValueStreamMap(info=MapInfo(title="Chain"), lanes=[lane], elements=steps,
                          connections=flows)


def select_all_by_keyboard(qtbot, window) -> None:
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)


def test_select_all_shows_every_step_in_the_inspector_and_the_steps_table(qtbot, window):
    window.files.set_map(chain_of_steps(), None)
    window.steps.dock.show()
    ids = [f"s{n}" for n in range(STEPS)]

    select_all_by_keyboard(qtbot, window)

    assert window.view.selected_element_ids() == ids
    assert sorted(window.view.selected_connection_ids()) == sorted(
        f"c{n}" for n in range(STEPS - 1)
    )
    assert window.inspector.element_page.title.text() == f"{STEPS} steps"
    assert window.inspector.element_field("wait_time").line_edit.placeholderText() == (
        "mixed values"
    )
    table = window.steps.table
    assert table.selected_element_ids() == ids
    # Whole rows: every cell of every step's row, and not the empty row for typing.
    selected = table.view.selectionModel().selectedIndexes()
    assert len(selected) == STEPS * len(COLUMNS)


def test_an_edit_of_all_selected_steps_is_one_undo_step(qtbot, window):
    window.files.set_map(chain_of_steps(), None)
    document = window.document
    select_all_by_keyboard(qtbot, window)

    type_into(qtbot, window.inspector.element_field("wait_time").line_edit, "100h")

    assert {document.element(f"s{n}").wait_time for n in range(STEPS)} == {100}
    assert window.undo_stack.count() == 1
    assert window.undo_stack.undoText() == f"Change wait time of {STEPS} elements"
    assert window.inspector.element_page.title.text() == f"{STEPS} steps"  # still all of them
    window.undo_stack.undo()
    assert [document.element(f"s{n}").wait_time for n in range(STEPS)] == [
        n + 1 for n in range(STEPS)
    ]
    window.undo_stack.redo()
    assert {document.element(f"s{n}").wait_time for n in range(STEPS)} == {100}


def test_a_sorted_and_filtered_table_selects_the_rows_the_canvas_picked(qtbot, window):
    window.files.set_map(chain_of_steps(), None)
    table = window.steps.table
    table.view.sortByColumn(COLUMNS.index("wait_time"), Qt.SortOrder.DescendingOrder)
    table.filter_edit.setText("Step 1")  # Step 1 and Step 10 to Step 19
    picked = ["s3", "s12", "s1", "s15", "s16", "s17"]

    window.view.select_ids(picked)

    # Rows filtered out stay out; the others are selected, shown longest wait first.
    assert table.selected_element_ids() == ["s1", "s12", "s15", "s16", "s17"]
    shown = [table.proxy.index(row, 0).data() for row in range(table.proxy.rowCount() - 1)]
    assert shown[:3] == ["Step 19", "Step 18", "Step 17"]
    rows = sorted({index.row() for index in table.view.selectionModel().selectedIndexes()})
    assert [shown[row] for row in rows] == ["Step 17", "Step 16", "Step 15", "Step 12", "Step 1"]


def test_selected_arrows_are_drawn_above_the_elements_until_let_go(qtbot, window):
    window.files.set_map(chain_of_steps(), None)
    scene = window.view.scene()
    step_z = scene.element_item("s0").zValue()
    arrows = [scene.connection_item(f"c{n}") for n in range(STEPS - 1)]

    select_all_by_keyboard(qtbot, window)
    assert all(arrow.zValue() > step_z for arrow in arrows)

    window.view.select_ids(["c7"])  # one arrow stays picked, the others let go
    assert [arrow for arrow in arrows if arrow.zValue() > step_z] == [arrows[7]]

    scene.clearSelection()  # as a click on empty canvas does
    assert all(arrow.zValue() < step_z for arrow in arrows)
