"""Ranges as the room says them: parsing every form, refusing bad ones, and how a range sits
next to the single value the deterministic analysis keeps using."""

import pytest
from pydantic import ValidationError

from vsm_desktop.model import (
    Connection,
    DurationError,
    Element,
    ValueRange,
    WorkCalendar,
    format_estimate_input,
    format_range,
    parse_duration_estimate,
    parse_percent_estimate,
    range_of,
)

WEEK = 40.0  # hours in a working week of the default calendar (5 days of 8 h)


@pytest.mark.parametrize(
    ("text", "low", "likely", "high", "unit"),
    [
        ("2-6wk", 2 * WEEK, None, 6 * WEEK, "wk"),
        ("2wk-6wk", 2 * WEEK, None, 6 * WEEK, "wk"),
        ("2 to 6 wk", 2 * WEEK, None, 6 * WEEK, "wk"),
        ("2 – 6 weeks", 2 * WEEK, None, 6 * WEEK, "wk"),
        ("2-3-6wk", 2 * WEEK, 3 * WEEK, 6 * WEEK, "wk"),
        ("2wk-3wk-6wk", 2 * WEEK, 3 * WEEK, 6 * WEEK, "wk"),
        ("2 to 3 to 6 wk", 2 * WEEK, 3 * WEEK, 6 * WEEK, "wk"),
        ("1,5-2d", 12.0, None, 16.0, "d"),
        ("30-90min", 0.5, None, 1.5, "min"),
        ("2-6", 2.0, None, 6.0, "h"),  # a bare number is hours, as for single values
    ],
)
def test_every_range_form_parses_to_hours(text, low, likely, high, unit):
    estimate = parse_duration_estimate(text)
    assert estimate.range == ValueRange(low=low, likely=likely, high=high, unit=unit)
    # The single value: the most likely one, or the midpoint of a uniform range.
    assert estimate.value == pytest.approx(likely if likely is not None else (low + high) / 2)


def test_a_single_value_stays_a_fixed_value():
    assert parse_duration_estimate("3wk") == (3 * WEEK, None)
    assert parse_duration_estimate("1d 4h") == (12.0, None)


def test_days_and_weeks_of_a_range_follow_the_maps_calendar():
    calendar = WorkCalendar(hours_per_day=7.5, days_per_week=4)
    assert parse_duration_estimate("1-2wk", calendar).range.high == pytest.approx(60)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("6-2wk", "low value first"),
        ("2-8-6wk", "most likely value 8 lies outside"),
        ("-2-6wk", "negative"),
        ("2--6wk", "negative"),
        ("3d-2wk", "mixes units"),
        ("2h-1d-2wk", "mixes units"),
        ("2-2wk", "same low and high"),
        ("2-3-4-5wk", "not a range"),
        ("2-wk", "one number"),
        ("1d 4h-2d", "one number"),
        ("2-6 fortnights", "not a time unit"),
    ],
)
def test_bad_ranges_are_refused_with_a_message_that_says_why(text, says):
    with pytest.raises(DurationError, match=says):
        parse_duration_estimate(text)


@pytest.mark.parametrize("text", ["10-30%", "10%-30%", "10 to 30 %", "10–30"])
def test_rework_shares_may_be_ranges(text):
    assert parse_percent_estimate(text, 99) == (20.0, ValueRange(low=10, high=30, unit="%"))


@pytest.mark.parametrize(
    ("text", "says"),
    [("30-10%", "low value first"), ("5-120%", "above 99"), ("10-20h", "not a range of per"),
     ("-5-10%", "negative"), ("lots", "not a percentage"), ("120", "more than 99%")],
)
def test_bad_share_ranges_are_refused(text, says):
    with pytest.raises(DurationError, match=says):
        parse_percent_estimate(text, 99)


@pytest.mark.parametrize("text", ["2-6wk", "2-3-6wk", "1.5-2d", "30-90min", "0.25-1.5h"])
def test_a_range_is_shown_as_typed(text):
    estimate = parse_duration_estimate(text)
    element = Element(**estimate.fields("wait_time"))
    assert format_estimate_input(element.wait_time, element.wait_time_range) == text
    assert parse_duration_estimate(text.replace("-", " to ")).range == estimate.range


def test_a_range_reads_well_on_the_map():
    assert format_range(parse_duration_estimate("2-3-6wk").range) == "2–3–6 wk"
    assert format_range(parse_percent_estimate("10-30%").range) == "10–30%"


def test_typing_a_single_value_over_a_range_wins():
    element = Element(**parse_duration_estimate("2-3-6wk").fields("wait_time"))
    assert range_of(element, "wait_time") is not None
    # An edit that only sets the number (an older tool, a what-if copy) leaves the range stale:
    # it no longer counts, and it is dropped when the record is next read.
    element.wait_time = 5 * WEEK
    assert range_of(element, "wait_time") is None
    reread = Element.model_validate(element.model_dump())
    assert reread.wait_time == 5 * WEEK and reread.wait_time_range is None
    cleared = Element(**parse_duration_estimate("2d").fields("wait_time"))
    assert cleared.wait_time_range is None


def test_a_range_without_its_number_gives_the_number():
    element = Element.model_validate({"wait_time_range": {"low": 10, "likely": 12, "high": 30}})
    assert element.wait_time == 12


@pytest.mark.parametrize(
    ("raw", "says"),
    [({"low": 50, "high": 10}, r"low \(50\) must be below high \(10\)"),
     ({"low": 1, "likely": 9, "high": 5}, r"likely \(9\) must lie between"),
     ({"low": -1, "high": 5}, "greater than or equal to 0")],
)
def test_a_bad_range_in_a_record_is_refused(raw, says):
    with pytest.raises(ValidationError, match=says):
        Element(wait_time=10, wait_time_range=raw)


def test_a_rework_share_range_stays_below_all():
    with pytest.raises(ValidationError, match="up to 99%"):
        Connection(source_id="a", target_id="b", rework_percent=50,
                   rework_percent_range={"low": 0, "high": 100, "unit": "%"})


def test_the_map_shows_a_range_where_it_shows_a_duration():
    from vsm_desktop.model import format_estimate

    estimate = parse_duration_estimate("1-2-6wk")
    assert format_estimate(*estimate) == "1–2–6 wk"
    assert format_estimate(*estimate, compact=True) == "1–6 wk"  # a data box cell is narrow
    assert format_estimate(16.0, None) == "2 d"
    stale = estimate.range
    assert format_estimate(24.0, stale) == "3 d"  # a range typed over with one value is gone
