"""Rows of text as the steps table and its paste read them."""

import pytest

from vsm_desktop.model import Element, ElementKind, ValueCategory, WorkCalendar
from vsm_desktop.model.step_rows import (
    RowError,
    display_text,
    edit_text,
    parse_choice,
    parse_row,
    split_pasted,
)

CALENDAR = WorkCalendar()


def test_a_row_reads_durations_percent_people_and_choices():
    row = parse_row(
        {"name": " Build ", "lane": " Dev ", "process_time": "1.5d", "wait_time": "2-6h",
         "pca": "90%", "people": "3", "kind": "appr", "value_category": "w",
         "automation": "auto", "notes": "weekly"},
        CALENDAR,
    )  # fmt: skip
    fields = row.fields
    assert row.lane_name == "Dev"
    assert fields["name"] == "Build" and fields["process_time"] == 12
    assert fields["wait_time_range"].low == 2 and fields["wait_time_range"].high == 6
    assert (fields["pca"], fields["people"], fields["notes"]) == (90, 3, "weekly")
    assert fields["kind"] is ElementKind.APPROVAL
    assert fields["value_category"] is ValueCategory.WASTE


@pytest.mark.parametrize(
    ("cells", "column", "words"),
    [
        ({"wait_time": "2h"}, "name", "give the step a name"),
        ({"name": "Q", "kind": "queue", "process_time": "2h"}, "process_time", "a queue does"),
        ({"name": "S", "people": "two"}, "people", "'two' is not a whole number"),
        ({"name": "S", "kind": "x"}, "kind", "'x' is not one of Step, Queue, Approval"),
        ({"name": "S", "pca": "80-90%"}, "pca", "one percentage"),
    ],
)
def test_a_bad_cell_names_its_column(cells, column, words):
    with pytest.raises(RowError) as error:
        parse_row(cells, CALENDAR)
    assert error.value.column == column
    assert words in str(error.value)


def test_choices_by_any_start_that_is_not_ambiguous():
    assert parse_choice("kind", "Q") is ElementKind.QUEUE
    assert parse_choice("value_category", "value") is ValueCategory.VALUE_ADDING
    assert parse_choice("value_category", "Necessary non-value-adding") is ValueCategory.NECESSARY


def test_pasted_rows_skip_the_header_and_blank_lines():
    rows = split_pasted("name\tlane\r\nA\tDev\t2h\n\n\nB\n")
    assert rows == [{"name": "A", "lane": "Dev", "process_time": "2h"}, {"name": "B"}]
    assert split_pasted("A\tLane") == [{"name": "A", "lane": "Lane"}]  # a step, not a header


def test_cells_read_back_as_typed():
    element = Element(name="Build", process_time=24, wait_time=0.5)
    assert display_text(element, "process_time", "Dev", CALENDAR) == "3 d"
    assert edit_text(element, "wait_time", "Dev", CALENDAR) == "30min"
    queue = Element(kind=ElementKind.QUEUE, process_time=None)
    assert display_text(queue, "pca", "", CALENDAR) == ""
