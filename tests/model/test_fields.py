"""Field metadata and percent text, each said once (model/fields.py, model/units.py)."""

import pytest

from vsm_desktop.model import Connection, Element, ElementKind, WorkCalendar
from vsm_desktop.model.fields import (
    CONNECTION_FIELDS,
    ELEMENT_FIELDS,
    FieldUnit,
    parse_field,
)
from vsm_desktop.model.units import Estimate, format_percent, parse_percent

PCA = ELEMENT_FIELDS["pca"]
PEOPLE = ELEMENT_FIELDS["people"]


def test_every_field_is_an_attribute_of_its_record():
    for spec in ELEMENT_FIELDS.values():
        assert spec.name in Element.model_fields, spec.name
    for spec in CONNECTION_FIELDS.values():
        assert spec.name in Connection.model_fields, spec.name


def test_limits_are_the_records_own():
    assert (PCA.minimum, PCA.maximum) == (0, 100)
    assert CONNECTION_FIELDS["rework_percent"].maximum == 99
    assert PEOPLE.maximum == 100_000
    assert ELEMENT_FIELDS["name"].max_length == 200
    # And the record refuses what the metadata says is out of range.
    with pytest.raises(ValueError):
        Element(pca=PCA.maximum + 1)


def test_a_queue_waits_and_does_no_work():
    queue = ElementKind.QUEUE
    assert ELEMENT_FIELDS["wait_time"].applies_to(queue)
    assert ELEMENT_FIELDS["items_waiting"].applies_to(queue)
    for name in ("process_time", "pca", "people", "automation"):
        assert not ELEMENT_FIELDS[name].applies_to(queue), name
        assert ELEMENT_FIELDS[name].applies_to(ElementKind.STEP), name
    assert ELEMENT_FIELDS["expected_pca"].kinds == {ElementKind.KAIZEN}


def test_ranged_fields_are_those_with_a_range_in_the_record():
    ranged = {name for name, spec in ELEMENT_FIELDS.items() if spec.ranged}
    assert ranged == {"process_time", "wait_time"}
    assert {n for n, s in CONNECTION_FIELDS.items() if s.ranged} == {"delay", "rework_percent"}


def test_labels_units_and_phrases():
    assert (PCA.label, PCA.unit, PCA.phrase) == ("%C&A", FieldUnit.PERCENT, "%C&A")
    assert ELEMENT_FIELDS["value_category"].phrase == "value category"
    assert ELEMENT_FIELDS["process_time"].phrase == "process time"
    assert ELEMENT_FIELDS["expected_pca"].replaces == "pca"


def test_duration_help_names_the_maps_unit():
    days = WorkCalendar(default_unit="day")
    assert "A bare number is days." in ELEMENT_FIELDS["wait_time"].help_text(days)
    assert "A bare number is hours." in ELEMENT_FIELDS["wait_time"].help_text(WorkCalendar())
    assert "Give a range" in ELEMENT_FIELDS["wait_time"].help_text()
    assert "Give a range" not in ELEMENT_FIELDS["expected_wait_time"].help_text()
    assert PCA.help_text() == PCA.help + " From 0 to 100%."


@pytest.mark.parametrize(
    ("text", "value"), [("85", 85.0), ("85%", 85.0), (" 95,5 % ", 95.5), ("0", 0.0), ("", None)]
)
def test_percentages_read_as_typed(text, value):
    assert parse_field(PCA, text) == value


@pytest.mark.parametrize(
    ("spec", "text", "message"),
    [
        (PCA, "150", "'150' is more than 100%: use 0 to 100."),
        (PCA, "-5", "'-5' is below 0%: use 0 to 100."),
        (PCA, "ninety", "'ninety' is not a percentage"),
        (CONNECTION_FIELDS["rework_percent"], "100", "'100' is more than 99%: use 0 to 99."),
        (PEOPLE, "two", "'two' is not a whole number"),
        (PEOPLE, "100001", "'100001' is too many: it must be at most 100000."),
        (PEOPLE, "9" * 5000, "is too many: it must be at most 100000."),
        (ELEMENT_FIELDS["items_waiting"], "-3", "'-3' is not a whole number"),
        (ELEMENT_FIELDS["name"], "n" * 201, "is longer than 200 characters"),
        (ELEMENT_FIELDS["wait_time"], "9999999wk", "is longer than"),
    ],
)
def test_out_of_range_and_unreadable_text_is_refused_with_a_sentence(spec, text, message):
    with pytest.raises(ValueError) as refused:
        parse_field(spec, text)
    assert message in str(refused.value)


def test_ranged_fields_give_an_estimate_and_plain_fields_a_value():
    calendar = WorkCalendar()
    wait = parse_field(ELEMENT_FIELDS["wait_time"], "2-6d", calendar)
    assert isinstance(wait, Estimate) and wait.range is not None
    assert (wait.range.low, wait.range.high) == (16, 48)
    assert parse_field(ELEMENT_FIELDS["expected_wait_time"], "3d", calendar) == 24
    assert parse_field(ELEMENT_FIELDS["wait_time"], "", calendar) is None
    share = parse_field(CONNECTION_FIELDS["rework_percent"], "10-30%")
    assert share.range is not None and (share.range.low, share.range.high) == (10, 30)
    assert parse_field(PEOPLE, " 12 ") == 12


def test_a_bare_duration_is_in_the_maps_unit():
    days = WorkCalendar(default_unit="day")
    assert parse_field(ELEMENT_FIELDS["expected_process_time"], "2", days) == 16


@pytest.mark.parametrize(
    ("value", "text"), [(85, "85%"), (95.5, "95.5%"), (0, "0%"), (100 / 3, "33.333%"), (None, "")]
)
def test_one_percent_format(value, text):
    assert format_percent(value) == text


def test_exact_percent_reads_back_to_the_same_value():
    for value in (100 / 3, 12.345678901, 0.1 + 0.2, 99.0):
        assert parse_percent(format_percent(value, exact=True)) == value


def test_a_range_in_a_single_percent_field_says_so():
    with pytest.raises(ValueError, match="'80-90%' is a range: enter one percentage"):
        parse_field(PCA, "80-90%")
