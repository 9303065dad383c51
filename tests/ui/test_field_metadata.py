"""The inspector, the steps table and the CSV import take a field's label and range from one
place (model/fields.py): a value out of range is refused with the same sentence in all three,
each naming the element (or row) and the field."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from vsm_desktop.io.csv_steps import dumps_steps_csv, loads_steps_csv
from vsm_desktop.io.errors import VsmFileError
from vsm_desktop.model import ElementKind
from vsm_desktop.model.fields import CONNECTION_FIELDS, ELEMENT_FIELDS, parse_field
from vsm_desktop.model.step_rows import COLUMNS, SPECS

from .conftest import two_team_map
from .test_inspector import type_into


def refusal(name: str, text: str) -> str:
    """The sentence the metadata gives for text a field cannot take."""
    with pytest.raises(ValueError) as refused:
        parse_field(ELEMENT_FIELDS[name], text)
    return str(refused.value)


def type_in_table(window, qtbot, element_id: str, column: str, text: str) -> None:
    table = window.steps.table
    table.view.setFocus()
    table.view.setCurrentIndex(table.proxy_index(table.model.row_of(element_id), column))
    for character in text:  # the first key opens the cell's editor, which takes the rest
        qtbot.keyClicks(QApplication.focusWidget(), character)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)


@pytest.mark.parametrize(
    ("name", "text"), [("pca", "150"), ("pca", "-5"), ("people", "100001"), ("people", "two")]
)
def test_a_value_out_of_range_is_refused_alike_everywhere(window, qtbot, name, text):
    sentence = refusal(name, text)
    label = ELEMENT_FIELDS[name].label
    window.files.set_map(two_team_map(), None)
    before = window.document.to_map()

    # The inspector: the sentence under the field, whose label is the field's; the heading
    # names the element.
    window.view.select_ids(["build"])
    field = window.inspector.element_field(name)
    type_into(qtbot, field.line_edit, text)
    assert field.error_label.text() == sentence
    assert window.inspector.element_page.title.text() == "Build"
    assert window.inspector.element_page.label_of(name).text() == label

    # The steps table: the row, the element and the field, then the same sentence.
    type_in_table(window, qtbot, "build", name, text)
    row = window.steps.table.model.row_of("build") + 1
    assert window.steps.table.message_label.text() == f"Row {row} 'Build': {label}: {sentence}"
    assert window.document.to_map() == before

    # The CSV import: the file, the row and the column, then the same sentence.
    table = dumps_steps_csv(before)
    header, *rows = table.splitlines()
    cells = rows[-1].split(",")
    cells[header.split(",").index(name)] = text
    with pytest.raises(VsmFileError) as refused:
        loads_steps_csv("\n".join([header, *rows[:-1], ",".join(cells)]), source="steps.csv")
    assert str(refused.value) == f"steps.csv row {len(rows) + 1}, column '{name}': {sentence}"


def test_the_inspector_and_the_table_show_the_fields_labels_and_help(window, qtbot):
    window.files.set_map(two_team_map(), None)
    window.view.select_ids(["build"])
    page = window.inspector.element_page
    for name in page.fields:
        label = page.label_of(name)
        assert label.text() == ELEMENT_FIELDS[name].label, name
        help_text = ELEMENT_FIELDS[name].help_text(window.document.calendar)
        assert page.fields[name].editor.toolTip() == help_text, name
    model = window.steps.table.model
    for index, column in enumerate(COLUMNS):
        assert model.headerData(index, Qt.Orientation.Horizontal) == SPECS[column].label
    wait_tip = model.headerData(COLUMNS.index("wait_time"), Qt.Orientation.Horizontal,
                                Qt.ItemDataRole.ToolTipRole)
    assert wait_tip == ELEMENT_FIELDS["wait_time"].help_text(window.document.calendar)
    connection = window.document.connections()[0]
    window.inspector.set_selection([], [connection.id])
    for name, field in window.inspector.connection_page.fields.items():
        assert field.label == CONNECTION_FIELDS[name].label


def test_a_queue_shows_only_the_fields_a_queue_has(window, qtbot):
    window.files.set_map(two_team_map(), None)
    type_in_table(window, qtbot, "build", "kind", "q")
    assert window.document.element("build").kind is ElementKind.QUEUE
    window.view.select_ids(["build"])
    page = window.inspector.element_page
    qtbot.waitUntil(lambda: page.title.text() == "Build")
    shown = {name for name, field in page.fields.items() if page.form.isRowVisible(field)}
    assert shown == {
        name for name, spec in ELEMENT_FIELDS.items()
        if spec.applies_to(ElementKind.QUEUE) and name in page.fields
    }
    assert "pca" not in shown and "wait_time" in shown
    model = window.steps.table.model
    row = model.row_of("build")
    for column in COLUMNS:
        editable = bool(model.flags(model.index(row, COLUMNS.index(column)))
                        & Qt.ItemFlag.ItemIsEditable)
        assert editable == SPECS[column].applies_to(ElementKind.QUEUE), column


def test_the_help_follows_the_maps_unit(window, qtbot):
    window.files.set_map(two_team_map(), None)
    window.view.select_ids(["build"])
    editor = window.inspector.element_field("wait_time").editor
    assert "A bare number is hours." in editor.toolTip()
    window.view.select_ids([])
    window.inspector.map_field("default_unit").choose("day")
    assert window.document.calendar.default_unit == "day"
    window.view.select_ids(["build"])
    qtbot.waitUntil(lambda: "A bare number is days." in editor.toolTip())
    model = window.steps.table.model
    tip = model.headerData(COLUMNS.index("process_time"), Qt.Orientation.Horizontal,
                           Qt.ItemDataRole.ToolTipRole)
    assert "A bare number is days." in tip
