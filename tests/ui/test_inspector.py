"""The inspector edits the document through undo commands; bad input stays inline."""

from __future__ import annotations

from PySide6.QtCore import Qt

from vsm_desktop.model import ConnectionKind, ValueCategory, WorkCalendar, format_duration

from .conftest import two_team_map

HOURS = WorkCalendar()  # 8 h days, 5 day weeks, as in two_team_map


def type_into(qtbot, line_edit, text: str) -> None:
    """Replace the field's text as a user would, then press Enter."""
    line_edit.setFocus()
    line_edit.selectAll()
    qtbot.keyClicks(line_edit, text)
    qtbot.keyClick(line_edit, Qt.Key.Key_Return)


def open_map(window) -> None:
    window.files.set_map(two_team_map(), None)


def test_wait_time_edit_changes_document_and_lead_time_and_undo_restores(qtbot, window):
    open_map(window)
    qtbot.waitUntil(lambda: window.metrics.figure_text("lead_time") == format_duration(17, HOURS))
    window.view.select_ids(["build"])
    field = window.inspector.element_field("wait_time")
    assert field.line_edit.text() == "1d"  # 8 working hours

    type_into(qtbot, field.line_edit, "3 d")

    assert window.document.element("build").wait_time == 24
    assert window.undo_stack.count() == 1
    # Lead time by hand: 6 + 2 + 24 + 1 = 33 working hours.
    qtbot.waitUntil(lambda: window.metrics.figure_text("lead_time") == format_duration(33, HOURS))
    assert "Change wait time of 'Build'" in window.actions["undo"].text()

    window.undo_stack.undo()

    assert window.document.element("build").wait_time == 8
    qtbot.waitUntil(lambda: field.line_edit.text() == "1d")
    qtbot.waitUntil(lambda: window.metrics.figure_text("lead_time") == format_duration(17, HOURS))


def test_invalid_duration_is_shown_inline_and_changes_nothing(qtbot, window):
    open_map(window)
    before = window.document.to_map()
    window.view.select_ids(["build"])
    field = window.inspector.element_field("wait_time")

    type_into(qtbot, field.line_edit, "three days")

    assert field.has_error
    assert "three" in field.error_label.text()
    assert field.line_edit.property("invalid") is True
    assert field.line_edit.text() == "three days"  # kept so the user can fix it
    assert window.document.to_map() == before
    assert window.undo_stack.count() == 0

    type_into(qtbot, field.line_edit, "2h")
    assert not field.has_error
    assert window.document.element("build").wait_time == 2


def test_out_of_range_percent_is_refused(qtbot, window):
    open_map(window)
    window.view.select_ids(["intake"])
    field = window.inspector.element_field("pca")
    assert field.line_edit.text() == "90%"

    type_into(qtbot, field.line_edit, "150")

    assert field.has_error
    assert window.document.element("intake").pca == 90
    assert window.undo_stack.count() == 0


def test_multi_selection_edits_all_in_one_undo_step(qtbot, window):
    open_map(window)
    window.view.select_ids(["intake", "build"])
    inspector = window.inspector
    assert inspector.element_page.title.text() == "2 steps"
    field = inspector.element_field("wait_time")
    assert field.line_edit.text() == ""  # 6 h and 8 h differ
    assert field.line_edit.placeholderText() == "mixed values"

    type_into(qtbot, field.line_edit, "4h")

    assert window.document.element("intake").wait_time == 4
    assert window.document.element("build").wait_time == 4
    assert window.undo_stack.count() == 1
    assert "2 elements" in window.undo_stack.undoText()
    window.undo_stack.undo()
    assert window.document.element("intake").wait_time == 6
    assert window.document.element("build").wait_time == 8


def test_changing_lane_moves_element_into_that_band(qtbot, window):
    open_map(window)
    window.view.select_ids(["intake"])
    field = window.inspector.element_field("lane_id")

    field.choose("lane-engineering")

    intake = window.document.element("intake")
    assert intake.lane_id == "lane-engineering"
    band = next(b for b in window.document.lane_bands() if b.lane.id == "lane-engineering")
    assert band.top <= intake.y <= band.bottom
    assert intake.y - band.top == 100  # same offset inside the band as before (y=100 in band 0)


def test_value_category_combo_is_one_command(qtbot, window):
    open_map(window)
    window.view.select_ids(["build"])
    window.inspector.element_field("value_category").choose(ValueCategory.WASTE)
    assert window.document.element("build").value_category is ValueCategory.WASTE
    assert window.undo_stack.undoText() == "Change value category of 'Build'"


def test_fields_follow_kind(qtbot, window):
    open_map(window)
    window.view.select_ids(["start"])
    page = window.inspector.element_page
    assert not page.form.isRowVisible(page.fields["process_time"])
    assert page.form.isRowVisible(page.fields["name"])
    window.view.select_ids(["build"])
    assert page.form.isRowVisible(page.fields["process_time"])
    assert not page.form.isRowVisible(page.fields["items_waiting"])


def test_connection_edit_delay_and_kind(qtbot, window):
    open_map(window)
    window.view.select_ids(["c2"])
    inspector = window.inspector
    assert inspector.stack.currentWidget() is inspector.connection_page
    assert "cross-team" in inspector.connection_page.subtitle.text()

    type_into(qtbot, inspector.connection_field("delay").line_edit, "1d")
    assert window.document.connection("c2").delay == 8
    # Lead time grows by the transfer delay on the critical path: 17 + 8 = 25 h.
    qtbot.waitUntil(lambda: window.metrics.figure_text("lead_time") == format_duration(25, HOURS))

    inspector.connection_field("kind").choose(ConnectionKind.INFORMATION)
    assert window.document.connection("c2").kind is ConnectionKind.INFORMATION
    assert window.undo_stack.count() == 2


def test_map_properties_when_nothing_selected(qtbot, window):
    open_map(window)
    inspector = window.inspector
    assert inspector.stack.currentWidget() is inspector.map_page
    type_into(qtbot, inspector.map_field("title").line_edit, "Card payments")
    assert window.document.info.title == "Card payments"

    type_into(qtbot, inspector.map_field("hours_per_day").line_edit, "0")
    assert inspector.map_field("hours_per_day").has_error
    assert window.document.calendar.hours_per_day == 8

    type_into(qtbot, inspector.map_field("hours_per_day").line_edit, "7.5")
    assert window.document.calendar.hours_per_day == 7.5
    assert window.undo_stack.undoText() == "Change working day to 7.5 h"


def test_editing_keys_in_a_field_do_not_delete_the_element(qtbot, window):
    open_map(window)
    window.view.select_ids(["build"])
    name = window.inspector.element_field("name").line_edit
    name.setFocus()
    name.end(False)
    qtbot.keyClick(name, Qt.Key.Key_Backspace)
    qtbot.keyClick(name, Qt.Key.Key_Home)
    qtbot.keyClick(name, Qt.Key.Key_Delete)
    assert window.document.has_element("build")
    assert name.text() == "uil"
    qtbot.keyClick(name, Qt.Key.Key_Return)
    assert window.document.element("build").name == "uil"
    assert window.undo_stack.undoText() == "Rename 'Build' to 'uil'"


def test_csv_import_builds_an_untitled_map(qtbot, window, fake_dialogs, tmp_path):
    source = tmp_path / "steps.csv"
    source.write_text(
        "id,name,kind,lane,process_time,wait_time,pca,people,predecessors,rework,notes\n"
        "a,Intake,step,Product,2h,1d,90,2,,,\n"
        "b,Build,step,Engineering,3d,2d,80,4,a,,\n",
        encoding="utf-8",
    )
    fake_dialogs.answers["ask_open_path"].append(str(source))
    assert window.files.import_csv()
    names = {e.name for e in window.document.elements()}
    assert {"Intake", "Build"} <= names
    assert [lane.name for lane in window.document.lanes] == ["Product", "Engineering"]
    assert window.files.file_path is None
    assert fake_dialogs.called("ask_open_path")[0][1] == "CSV files (*.csv)"


def test_csv_import_error_names_the_row(qtbot, window, fake_dialogs, tmp_path):
    before = window.document.to_map()
    source = tmp_path / "bad.csv"
    source.write_text(
        "id,name,kind,lane,process_time,wait_time,pca,people,predecessors,rework,notes\n"
        "a,Intake,step,Product,two hours,1d,90,2,,,\n",
        encoding="utf-8",
    )
    fake_dialogs.answers["ask_open_path"].append(str(source))
    assert not window.files.import_csv()
    ((title, text),) = fake_dialogs.called("error")
    assert "bad.csv" in text and "row 2" in text
    assert window.document.to_map() == before


def test_leaving_a_field_commits_it(qtbot, window):
    open_map(window)
    window.view.select_ids(["intake"])
    people = window.inspector.element_field("people").line_edit
    people.setFocus()
    people.selectAll()
    qtbot.keyClicks(people, "5")
    window.inspector.element_field("name").line_edit.setFocus()  # focus leaves: commit
    assert window.document.element("intake").people == 5
    assert window.undo_stack.undoText() == "Change people of 'Intake'"


def test_notes_commit_when_focus_leaves(qtbot, window):
    open_map(window)
    window.view.select_ids(["intake"])
    notes = window.inspector.element_field("notes").text_edit
    notes.setFocus()
    qtbot.keyClicks(notes, "Tickets arrive by email")
    assert window.document.element("intake").notes == ""  # nothing applied while typing
    window.inspector.element_field("name").line_edit.setFocus()
    assert window.document.element("intake").notes == "Tickets arrive by email"
    assert window.undo_stack.count() == 1


def test_inspector_follows_a_rename_made_elsewhere(qtbot, window):
    from vsm_desktop.ui.commands import UpdateElementsCommand

    open_map(window)
    window.view.select_ids(["build"])
    window.undo_stack.push(
        UpdateElementsCommand(window.document, {"build": {"name": "Build & test"}}, "Rename")
    )
    name = window.inspector.element_field("name").line_edit
    qtbot.waitUntil(lambda: name.text() == "Build & test")
    assert window.inspector.element_page.title.text() == "Build & test"


def test_kaizen_idea_target_owner_and_status(qtbot, window):
    from vsm_desktop.model import Element, ElementKind, KaizenStatus
    from vsm_desktop.ui.commands import AddElementsCommand

    open_map(window)
    idea = Element(id="idea", kind=ElementKind.KAIZEN, name="Automate intake", x=510, y=40)
    window.undo_stack.push(AddElementsCommand(window.document, [idea]))
    window.view.select_ids(["idea"])
    page = window.inspector.element_page
    assert page.form.isRowVisible(page.fields["target_id"])
    assert not page.form.isRowVisible(page.fields["wait_time"])

    window.inspector.element_field("target_id").choose("intake")
    type_into(qtbot, window.inspector.element_field("owner").line_edit, "Product lead")
    window.inspector.element_field("status").choose(KaizenStatus.PLANNED)

    saved = window.document.element("idea")
    assert (saved.target_id, saved.owner, saved.status) == ("intake", "Product lead", "planned")
    assert window.undo_stack.undoText() == "Change status of 'Automate intake'"


def test_a_range_is_typed_stored_shown_as_typed_and_undone(qtbot, window):
    open_map(window)
    window.view.select_ids(["build"])
    field = window.inspector.element_field("wait_time")

    type_into(qtbot, field.line_edit, "1 to 2 to 6 d")

    build = window.document.element("build")
    # The single value the lead time uses is the most likely one: 2 working days.
    assert build.wait_time == 16
    assert (build.wait_time_range.low, build.wait_time_range.likely,
            build.wait_time_range.high) == (8, 16, 48)
    qtbot.waitUntil(lambda: field.line_edit.text() == "1-2-6d")
    assert window.undo_stack.count() == 1

    type_into(qtbot, field.line_edit, "3d")  # a single value replaces the range
    assert window.document.element("build").wait_time == 24
    assert window.document.element("build").wait_time_range is None

    window.undo_stack.undo()
    assert window.document.element("build").wait_time_range.high == 48
    qtbot.waitUntil(lambda: field.line_edit.text() == "1-2-6d")
    window.undo_stack.undo()
    assert window.document.element("build").wait_time == 8
    assert window.document.element("build").wait_time_range is None


def test_a_backwards_range_is_refused_inline(qtbot, window):
    open_map(window)
    before = window.document.to_map()
    window.view.select_ids(["build"])
    field = window.inspector.element_field("wait_time")

    type_into(qtbot, field.line_edit, "6-2wk")

    assert field.has_error
    assert "low value first" in field.error_label.text()
    assert window.document.to_map() == before


def test_a_handover_delay_and_a_rework_share_take_ranges(qtbot, window):
    open_map(window)
    window.view.select_ids(["c2"])
    delay = window.inspector.connection_field("delay")
    type_into(qtbot, delay.line_edit, "2-4h")
    connection = window.document.connection("c2")
    assert (connection.delay, connection.delay_range.low, connection.delay_range.high) == (3, 2, 4)
    qtbot.waitUntil(lambda: delay.line_edit.text() == "2-4h")

    window.inspector.connection_field("kind").choose(ConnectionKind.REWORK)
    qtbot.waitUntil(lambda: window.document.connection("c2").kind is ConnectionKind.REWORK)
    share = window.inspector.connection_field("rework_percent")
    type_into(qtbot, share.line_edit, "10-30%")
    connection = window.document.connection("c2")
    assert connection.rework_percent == 20 and connection.rework_percent_range.high == 30
    qtbot.waitUntil(lambda: share.line_edit.text() == "10-30%")


def test_a_map_in_days_reads_bare_numbers_as_days_and_says_so(qtbot, window):
    open_map(window)
    window.view.select_ids([])
    window.inspector.refresh()
    window.inspector.map_field("default_unit").choose("day")
    assert window.document.calendar.default_unit == "day"
    assert window.undo_stack.undoText() == "Read numbers without a unit as days"
    window.view.select_ids(["build"])
    qtbot.waitUntil(lambda: window.inspector.element_field("wait_time").line_edit.text() == "1d")
    field = window.inspector.element_field("wait_time")
    assert field.line_edit.placeholderText() == "not entered · a number is days"
    type_into(qtbot, field.line_edit, "3")
    assert window.document.element("build").wait_time == 24  # three 8 h days
    type_into(qtbot, field.line_edit, "-2")
    assert "cannot be negative" in field.error_label.text()


def test_a_negative_duration_says_it_cannot_be_negative(qtbot, window):
    open_map(window)
    window.view.select_ids(["build"])
    field = window.inspector.element_field("process_time")
    type_into(qtbot, field.line_edit, "-1h")
    assert field.has_error
    assert "cannot be negative" in field.error_label.text()
    assert "not a duration" not in field.error_label.text()


def test_csv_import_says_it_left_out_a_queue_process_time(qtbot, window, fake_dialogs, tmp_path):
    source = tmp_path / "steps.csv"
    source.write_text(
        "id,name,kind,lane,process_time,wait_time,pca,people,predecessors,rework,notes\n"
        "a,Intake,step,Product,2h,1d,90,2,,,\n"
        "q,Backlog,queue,Product,5h,2d,,,a,,\n",
        encoding="utf-8",
    )
    fake_dialogs.answers["ask_open_path"].append(str(source))
    assert window.files.import_csv()
    ((title, text),) = fake_dialogs.called("information")
    assert title == "Steps imported"
    assert "'Backlog'" in text and "queue is wait only" in text
    backlog = next(e for e in window.document.elements() if e.name == "Backlog")
    assert backlog.process_time is None


def test_a_lane_picked_by_its_header_is_renamed_moved_and_removed_in_the_inspector(
    qtbot, window, fake_dialogs
):
    from PySide6.QtCore import QPointF

    window.files.set_map(two_team_map(), None)
    view = window.view
    header = view.scene().lane_item("lane-product").header_rect().center()
    view.centerOn(header)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.mapFromScene(QPointF(header)))
    page = window.lane_page
    assert window.inspector.stack.currentWidget() is page
    assert page.title.text() == "Product"
    assert not page.up_button.isEnabled() and page.down_button.isEnabled()

    editor = page.fields["name"].line_edit
    editor.setText("Product & design")
    editor.editingFinished.emit()
    assert window.document.lane("lane-product").name == "Product & design"

    qtbot.mouseClick(page.down_button, Qt.MouseButton.LeftButton)
    assert [lane.id for lane in window.document.lanes] == ["lane-engineering", "lane-product"]
    assert page.up_button.isEnabled() and not page.down_button.isEnabled()
    window.undo_stack.undo()
    assert [lane.id for lane in window.document.lanes] == ["lane-product", "lane-engineering"]

    # It holds elements: the question goes through the dialogs seam (unscripted: cancel).
    qtbot.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)
    assert fake_dialogs.calls and len(window.document.lanes) == 2

    # Picking an element gives the element's page back.
    view.select_ids(["intake"])
    assert window.inspector.stack.currentWidget() is window.inspector.element_page
