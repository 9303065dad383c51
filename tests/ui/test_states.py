"""Current and future states in the window: kept apart, saved together, compared, ranked, planned.

Expected figures are worked out by hand from the maps below (working hours, 8 h days).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt

from vsm_desktop.io.vsm_file import load_states, save_map, save_states
from vsm_desktop.model import (
    Connection,
    Element,
    ElementKind,
    KaizenStatus,
    Lane,
    MapInfo,
    MapState,
    MapStates,
    ValueStreamMap,
    WorkCalendar,
    format_duration,
)
from vsm_desktop.ui.commands import UpdateElementsCommand

from .conftest import save_and_wait, two_team_map, wait_for_figures
from .test_inspector import type_into

HOURS = WorkCalendar()


def duration(hours: float) -> str:
    return format_duration(hours, HOURS)


def cut_wait(window, element_id: str, hours: float) -> None:
    window.undo_stack.push(
        UpdateElementsCommand(window.document, {element_id: {"wait_time": hours}}, "Cut wait")
    )


def wait_for_comparison(qtbot, window) -> None:
    """The comparison is worked out on a worker and built in slices: wait until it shows."""
    qtbot.waitUntil(lambda: not window.state_control.busy, timeout=20_000)


def two_state_file(tmp_path):
    current = two_team_map()
    path = tmp_path / "delivery.vsm"
    save_states(MapStates(maps=[current, current.derive_future_state()]), path)
    return path


def test_two_state_file_keeps_both_states_through_edit_save_and_reopen(
    qtbot, window, fake_dialogs, tmp_path
):
    path = two_state_file(tmp_path)
    assert window.files.open_file(path)
    assert window.states.count == 2
    assert window.document.info.state is MapState.CURRENT

    window.state_control.show_state(1)
    assert window.document.info.state is MapState.FUTURE
    cut_wait(window, "build", 1)
    assert window.isWindowModified()
    assert save_and_wait(qtbot, window)

    assert fake_dialogs.called("ask_save_path") == []
    saved = load_states(path)
    assert len(saved.maps) == 2
    assert saved.maps[0].element("build").wait_time == 8
    assert saved.maps[1].element("build").wait_time == 1
    assert saved.maps[1].info.based_on_map_id == saved.maps[0].id

    window.files.new_from_template("blank")
    assert window.files.open_file(path)
    assert window.states.count == 2
    assert window.document.element("build").wait_time == 8  # opens on the current state
    window.state_control.show_state(1)
    assert window.document.element("build").wait_time == 1


def test_new_future_state_is_edited_apart_with_its_own_undo_history(qtbot, window):
    window.files.set_map(two_team_map(), None)
    current_id = window.document.map_id
    assert not window.actions["delete_state"].isEnabled()

    window.actions["new_future"].trigger()

    assert window.states.count == 2 and window.states.index == 1
    assert window.document.info.state is MapState.FUTURE
    assert window.document.info.based_on_map_id == current_id
    assert "Future state" in window.windowTitle()
    assert window.state_switcher.tabs.currentIndex() == 1
    assert window.state_switcher.tabs.tabText(1) == "Future state"
    assert window.isWindowModified()  # the new state is unsaved even with nothing to undo
    assert not window.actions["undo"].isEnabled()

    # Cut a wait through the inspector, as the room would.
    window.view.select_ids(["build"])
    type_into(qtbot, window.inspector.element_field("wait_time").line_edit, "1h")
    assert window.document.element("build").wait_time == 1
    # Future lead time by hand: 6 + 2 + 1 + 1 = 10 h.
    qtbot.waitUntil(lambda: window.metrics.figure_text("lead_time") == duration(10))

    window.state_switcher.tabs.setCurrentIndex(0)  # the tab the user clicks

    assert window.states.index == 0
    assert window.document.element("build").wait_time == 8
    assert not window.actions["undo"].isEnabled()  # the future's edit is not undone from here
    qtbot.waitUntil(lambda: window.metrics.figure_text("lead_time") == duration(17))
    assert "Current state" in window.windowTitle()

    window.state_switcher.tabs.setCurrentIndex(1)

    assert window.document.element("build").wait_time == 1
    assert "wait time" in window.actions["undo"].text()
    window.actions["undo"].trigger()
    assert window.document.element("build").wait_time == 8
    window.state_control.show_state(0)
    assert window.document.element("build").wait_time == 8


def test_deleting_a_future_state_asks_first(qtbot, window, fake_dialogs):
    window.files.set_map(two_team_map(), None)
    window.state_control.new_future_state()

    fake_dialogs.answers["ask_confirm"].append(False)
    assert not window.state_control.delete_future_state()
    assert window.states.count == 2

    fake_dialogs.answers["ask_confirm"].append(True)
    assert window.state_control.delete_future_state()
    assert window.states.count == 1
    assert window.document.info.state is MapState.CURRENT
    assert window.state_switcher.tabs.count() == 1
    assert window.windowTitle() == "Untitled[*] — VSM Desktop"
    title, _text, confirm = fake_dialogs.called("ask_confirm")[-1]
    assert "future state" in title and confirm == "Delete future state"


def test_compare_view_shows_the_change_in_every_figure_and_element(qtbot, window):
    window.files.set_map(two_team_map(), None)
    window.state_control.new_future_state()
    cut_wait(window, "build", 1)

    assert window.state_control.compare_states()
    compare = window.state_control.compare_window
    qtbot.waitExposed(compare)
    wait_for_comparison(qtbot, window)

    # Lead time by hand: current 6 + 2 + 8 + 1 = 17 h, future 6 + 2 + 1 + 1 = 10 h; −7 h is −41%.
    assert compare.figure_row("Lead time") == [
        "Lead time",
        duration(17),
        duration(10),
        f"−{duration(7)} (−41%)",
    ]
    # Flow efficiency: process 3 h of 17 h (17.6%) becomes 3 h of 10 h (30.0%): +12.4 points.
    assert compare.figure_row("Flow efficiency")[1:] == ["17.6%", "30.0%", "+12.4 points"]
    assert compare.figure_row("Steps")[3] == "no change"
    assert compare.element_group("changed") == [("Build", f"wait {duration(8)} → {duration(1)}")]
    assert compare.element_group("removed") == []
    marks = [item.data(0) for item in compare.scenes["future"].items() if item.data(0)]
    assert "mark:changed:build" in marks

    # A later edit in the future state shows up in the open comparison.
    cut_wait(window, "intake", 0)  # future now 2 + 1 + 1 = 4 h
    qtbot.waitUntil(lambda: compare.figure_row("Lead time")[2] == duration(4))


def parallel_map() -> ValueStreamMap:
    """Request splits into A (10 h wait, 2 h work) and B (1 h wait, 1 h work), both to Value.

    Lead time 12 h through A. A: wait to zero -> max(2, B's 2) = 2 h (gain 10 h); removed ->
    B's path, 2 h; automated to 10% -> 10 + 0.2 = 10.2 h. B is off the critical path: no gain.
    """
    lane = Lane(id="lane", name="Team")
    elements = [
        Element(id="start", kind=ElementKind.START, name="Request", lane_id="lane", x=250, y=100),
        Element(id="a", name="Assess", lane_id="lane", x=450, y=60, wait_time=10, process_time=2),
        Element(id="b", name="Book", lane_id="lane", x=450, y=150, wait_time=1, process_time=1),
        Element(id="end", kind=ElementKind.END, name="Value", lane_id="lane", x=650, y=100),
    ]
    flows = [
        Connection(id="c1", source_id="start", target_id="a"),
        Connection(id="c2", source_id="start", target_id="b"),
        Connection(id="c3", source_id="a", target_id="end"),
        Connection(id="c4", source_id="b", target_id="end"),
    ]
    return ValueStreamMap(
        info=MapInfo(title="Parallel"), lanes=[lane], elements=elements, connections=flows
    )


def ranking_cells(window, row: int) -> list[str]:
    table = window.whatif.ranking_table
    return [
        table.item(row, column).text()
        for column in range(table.columnCount())
        if not table.isColumnHidden(column)  # the P85 column shows only for maps with ranges
    ]


def test_whatif_panel_ranks_the_biggest_gain_first_and_follows_edits(qtbot, window):
    window.files.set_map(parallel_map(), None)
    qtbot.waitUntil(lambda: window.whatif.ranking_table.rowCount() == 2)

    assert ranking_cells(window, 0) == [
        "1",
        "Assess",
        "Cut the wait to zero",
        f"−{duration(10)}",
        duration(2),
        duration(10.2),
        "not offered",  # value-adding work is never proposed for removal
    ]
    removed = window.whatif.ranking_table.item(0, 6)
    assert "value-adding" in removed.toolTip()
    assert ranking_cells(window, 1)[1:4] == ["Book", "Off the critical path", "none"]

    window.whatif.share_spin.setValue(100)  # automating keeps all the process time
    wait_for_figures(qtbot, window)
    assert ranking_cells(window, 0)[5] == duration(12)

    # Book now takes 21 h and leads. Without its wait the lead time is Assess's 12 h: gain 9 h.
    cut_wait(window, "b", 20)
    qtbot.waitUntil(lambda: ranking_cells(window, 0)[1] == "Book")
    assert ranking_cells(window, 0)[2:4] == ["Cut the wait to zero", f"−{duration(9)}"]
    assert ranking_cells(window, 1)[1:3] == ["Assess", "Off the critical path"]


def test_clicking_a_whatif_row_selects_the_element(qtbot, window):
    window.files.set_map(parallel_map(), None)
    table = window.whatif.ranking_table
    qtbot.waitUntil(lambda: table.rowCount() == 2)
    rect = table.visualItemRect(table.item(1, 1))

    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())

    assert window.view.selected_element_ids() == ["b"]
    assert window.inspector.element_field("name").line_edit.text() == "Book"


def map_with_idea() -> ValueStreamMap:
    """two_team_map plus a planned idea on Build with no effect entered yet."""
    base = two_team_map()
    idea = Element(
        id="idea",
        kind=ElementKind.KAIZEN,
        name="Self-service build",
        lane_id="lane-engineering",
        x=740,
        y=380,
        target_id="build",
        owner="Priya",
        status=KaizenStatus.PLANNED,
    )
    return base.model_copy(update={"elements": [*base.elements, idea]})


def test_kaizen_expected_effect_changes_the_planned_lead_time_shown(qtbot, window):
    window.files.set_map(map_with_idea(), None)
    plan_line = window.metrics.plan_line
    qtbot.waitUntil(lambda: "none planned with an expected effect" in plan_line.text())
    window.view.select_ids(["idea"])
    field = window.inspector.element_field("expected_wait_time")
    assert field.isVisibleTo(window.inspector)
    assert field.line_edit.placeholderText() == "unchanged (now 1d)"

    type_into(qtbot, field.line_edit, "2h")

    assert window.document.element("idea").expected_wait_time == 2
    assert window.undo_stack.count() == 1
    # Build's wait 8 h -> 2 h: 17 h becomes 6 + 2 + 2 + 1 = 11 h, a gain of 6 h.
    expected = f"If the planned ideas land: {duration(11)} (−{duration(6)})"
    qtbot.waitUntil(lambda: plan_line.text() == expected)
    assert plan_line.isVisibleTo(window.metrics)
    assert "Self-service build" in plan_line.toolTip() and "Priya" in plan_line.toolTip()
    plan = window.whatif.plan_table
    assert [plan.item(0, c).text() for c in range(3)] == ["Self-service build", "Build", "Priya"]
    assert plan.item(0, 4).text() == f"{duration(11)} (−{duration(6)})"

    window.actions["undo"].trigger()
    qtbot.waitUntil(lambda: "none planned with an expected effect" in plan_line.text())


def test_saving_a_single_state_map_still_writes_one_state(qtbot, window, tmp_path):
    path = tmp_path / "one.vsm"
    save_map(two_team_map(), path)
    assert window.files.open_file(path)
    cut_wait(window, "build", 3)
    assert save_and_wait(qtbot, window)
    saved = load_states(path)
    assert len(saved.maps) == 1
    assert saved.maps[0].element("build").wait_time == 3


def test_compare_marks_a_removed_element_on_the_current_side(qtbot, window):
    window.files.set_map(parallel_map(), None)
    window.state_control.new_future_state()
    window.view.select_ids(["b"])
    window.view.delete_selection()  # Book and its two handovers leave the future state
    assert not window.document.has_element("b")

    window.actions["compare"].trigger()
    compare = window.state_control.compare_window
    wait_for_comparison(qtbot, window)

    assert compare.element_group("removed") == [("Book", "Step — not in the future state")]
    assert compare.element_group("added") == []
    current_marks = [i.data(0) for i in compare.scenes["current"].items() if i.data(0)]
    future_marks = [i.data(0) for i in compare.scenes["future"].items() if i.data(0)]
    assert current_marks == ["mark:removed:b"] and future_marks == []
    # Book was off the critical path: the lead time stays 12 h; one step fewer.
    assert compare.figure_row("Lead time")[1:] == [duration(12), duration(12), "no change"]
    assert compare.figure_row("Steps")[1:] == ["2", "1", "−1"]


def test_a_map_without_ideas_shows_no_plan_line(qtbot, window):
    window.files.set_map(two_team_map(), None)
    qtbot.waitUntil(lambda: window.whatif.ranking_table.rowCount() == 2)
    assert not window.metrics.plan_line.isVisibleTo(window.metrics)
    assert "No kaizen ideas yet" in window.whatif.plan_label.text()


def test_canvas_edits_go_to_the_shown_states_history(qtbot, window):
    window.files.set_map(two_team_map(), None)
    current_stack = window.undo_stack
    window.state_control.new_future_state()
    future_stack = window.undo_stack
    assert future_stack is not current_stack

    window.view.select_ids(["build"])
    window.view.insert_element("step")  # the canvas pushes onto the future's history

    assert future_stack.count() == 1 and current_stack.count() == 0
    added = len(window.document.elements())
    window.state_control.show_state(0)
    assert len(window.document.elements()) == added - 1
    assert not window.actions["undo"].isEnabled()


def test_the_states_a_file_was_read_into_stay_as_read_through_edits_and_switches(qapp):
    """The file as read is the base of a later merge: edits and switches never reach it."""
    from vsm_desktop.model import MapDocument
    from vsm_desktop.ui.states import MapStatesSession

    current = two_team_map()
    future = current.derive_future_state()
    later = future.derive_future_state()  # based on the first future state
    read = MapStates(maps=[current, future, later])
    as_read = read.model_dump()
    document = MapDocument()
    session = MapStatesSession(document)

    session.load(read)
    document.update_element("intake", name="Intake, edited in the current state")
    session.switch_to(1)
    document.update_element("build", wait_time=1)
    session.switch_to(0)
    document.update_info(title="Edited title")
    session.remove_state(1)  # the later state is now based on the current one

    assert read.model_dump() == as_read
    assert session.map_at(0).info.title == "Edited title"
    assert session.map_at(1).info.based_on_map_id == current.id


def test_a_state_handed_out_stays_as_it_was_while_it_is_edited_on_the_canvas(qapp):
    """A comparison or a save reads a state on a worker: later edits never reach its copy."""
    from vsm_desktop.model import MapDocument
    from vsm_desktop.ui.states import MapStatesSession

    current = two_team_map()
    document = MapDocument()
    session = MapStatesSession(document)
    session.load(MapStates(maps=[current, current.derive_future_state()]))
    handed_out = session.map_at(1)
    as_handed = handed_out.model_dump()

    session.switch_to(1)
    document.update_element("build", wait_time=1)
    session.switch_to(0)
    current_handed_out = session.map_at(0)
    document.update_element("intake", name="Intake, edited")

    assert handed_out.model_dump() == as_handed
    assert current_handed_out.element("intake").name == "Intake"
    assert session.map_at(1).element("build").wait_time == 1
    assert session.title(1) == session.map_at(1).info.title
    session.switch_to(1)
    assert document.element("build").wait_time == 1
    assert session.map_at(0).element("intake").name == "Intake, edited"


def test_a_future_state_is_copied_on_the_worker_and_shown_without_copying_it_again(
    qtbot, qapp, monkeypatch
):
    """Showing a future state first took a copy of its map on the GUI thread (0.1-0.3 s at
    5,000 elements); the copy is made on the worker when the file is opened, and it is the
    state's own: edits to it never reach the file as read."""
    from vsm_desktop.model import MapDocument
    from vsm_desktop.ui.states import MapStatesSession

    current = two_team_map()
    read = MapStates(maps=[current, current.derive_future_state()])
    as_read = read.model_dump()
    document = MapDocument()
    session = MapStatesSession(document)
    session.load(read)
    copier = session.findChild(QObject, "copying the future states")
    qtbot.waitUntil(lambda: not copier.busy, timeout=30_000)  # a hang, not a pace

    def copying_on_the_gui_thread(_map):
        raise AssertionError("the future state was copied again on the GUI thread")

    monkeypatch.setattr(MapDocument, "copying", copying_on_the_gui_thread)
    session.switch_to(1)
    document.update_element("build", wait_time=1)

    assert document.element("build").wait_time == 1
    assert read.model_dump() == as_read
    assert session.map_at(1).element("build").wait_time == 1
