import pytest
from hypothesis import given
from hypothesis import strategies as st

from vsm_desktop.model import DurationError, WorkCalendar, format_duration, parse_duration
from vsm_desktop.model.units import format_duration_input


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("45min", 0.75), ("2h", 2), ("3 d", 24), ("1.5wk", 60), ("90s", 0.025), ("4", 4),
        ("1d 4h", 12), ("2 hours", 2), ("30 minutes", 0.5), ("1,5 h", 1.5), (" 2 W ", 80),
    ],
)
def test_parse_durations_as_people_say_them(text, hours):
    assert parse_duration(text) == pytest.approx(hours)


def test_a_day_is_the_maps_working_day():
    calendar = WorkCalendar(hours_per_day=7.5, days_per_week=4)
    assert parse_duration("2d", calendar) == pytest.approx(15)
    assert parse_duration("1wk", calendar) == pytest.approx(30)


@pytest.mark.parametrize("text", ["", "abc", "3 fortnights", "2h x", "-3h", "1e400h"])
def test_bad_durations_say_what_is_wrong(text):
    with pytest.raises(DurationError) as error:
        parse_duration(text)
    assert str(error.value)


@pytest.mark.parametrize(
    ("hours", "text"),
    [(0.75, "45 min"), (2.5, "2.5 h"), (24, "3 d"), (160, "4 wk"), (0, "0"), (None, "–"),
     (0.005, "18 s")],
)
def test_totals_read_in_a_readable_unit(hours, text):
    assert format_duration(hours) == text


@given(st.floats(min_value=0.02, max_value=10_000, allow_nan=False))
def test_input_format_reads_back_close(hours):
    back = parse_duration(format_duration_input(hours))
    assert back == pytest.approx(hours, rel=0.05)


def test_one_percentage_as_typed_is_parsed_in_one_place():
    from vsm_desktop.model.units import DurationError, parse_percent

    assert parse_percent("95%") == 95
    assert parse_percent(" 95,5 % ") == 95.5
    assert parse_percent("") is None
    with pytest.raises(DurationError, match="'ninety' is not a percentage"):
        parse_percent("ninety")
    with pytest.raises(DurationError, match="'140' is more than 100%: use 0 to 100"):
        parse_percent("140")
    with pytest.raises(DurationError, match="more than 99%: use 0 to 99"):
        parse_percent("99.5", maximum=99)
    with pytest.raises(DurationError, match="'-5' is below 0%"):
        parse_percent("-5")
