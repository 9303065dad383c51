"""Durations as people say them ("45min", "2h", "3 d", "1.5wk", "2-6wk") and back.

This is the one place text becomes a duration or a share: the inspector, the CSV import, the
steps table and the draw.io import all parse through it, ranges included.

Every duration in the model is stored in working hours. A day is the map's working day and a
week its working week, so parsing and formatting need the map's calendar.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal
from typing import NamedTuple

from .calendar import WorkCalendar
from .ranges import ValueRange, matches

_TERM = re.compile(r"\s*(?P<number>\d+(?:[.,]\d+)?|[.,]\d+)\s*(?P<unit>[a-zA-Z]*)\s*")

_UNIT_ALIASES = {
    "s": "second", "sec": "second", "secs": "second", "second": "second", "seconds": "second",
    "m": "minute", "min": "minute", "mins": "minute", "minute": "minute", "minutes": "minute",
    "h": "hour", "hr": "hour", "hrs": "hour", "hour": "hour", "hours": "hour",
    "d": "day", "day": "day", "days": "day",
    "w": "week", "wk": "week", "wks": "week", "week": "week", "weeks": "week",
}


class DurationError(ValueError):
    """Raised for text that is not a duration; the message says what was wrong."""


def hours_per_unit(unit: str, calendar: WorkCalendar) -> float:
    return {
        "second": 1 / 3600,
        "minute": 1 / 60,
        "hour": 1.0,
        "day": calendar.hours_per_day,
        "week": calendar.hours_per_day * calendar.days_per_week,
    }[unit]


def bare_number_unit(calendar: WorkCalendar | None = None) -> str:
    """The unit a number without one is read in, as a field's placeholder names it ("h", "d")."""
    return "d" if calendar is not None and calendar.default_unit == "day" else "h"


def parse_duration(text: str, calendar: WorkCalendar | None = None) -> float:
    """Parse "2h", "3 d", "1d 4h" or a bare number (the map's default unit) into working hours."""
    calendar = calendar or WorkCalendar()
    source = text.strip()
    if not source:
        raise DurationError("Enter a duration such as 45min, 2h, 3d or 1.5wk.")
    if source.startswith(("-", "\u2212")):  # the typographic minus comes pasted from sheets
        raise DurationError(f"'{text}': a duration cannot be negative. Enter 0 or more.")
    position = 0
    total = 0.0
    while position < len(source):
        match = _TERM.match(source, position)
        if not match or match.end() == position:
            raise DurationError(
                f"'{text}' is not a duration. Use a number with a unit: 90s, 45min, 2h, 3d, 1.5wk."
            )
        unit = match.group("unit").lower()
        if not unit:
            unit = calendar.default_unit
        elif unit not in _UNIT_ALIASES:
            raise DurationError(
                f"'{match.group('unit')}' is not a time unit. Use s, min, h, d (working day) "
                "or wk (working week)."
            )
        number = float(match.group("number").replace(",", "."))
        total += number * hours_per_unit(_UNIT_ALIASES[unit], calendar)
        position = match.end()
    if not math.isfinite(total):
        raise DurationError(f"'{text}' is too large to be a duration.")
    return total


def _trim(value: float) -> str:
    text = f"{value:.1f}" if value < 100 else f"{value:.0f}"
    return text[:-2] if text.endswith(".0") else text


def format_duration(hours: float | None, calendar: WorkCalendar | None = None) -> str:
    """A readable duration in the unit people would use for its size: 45 min, 2.5 h, 3 d, 6 wk."""
    if hours is None:
        return "–"
    calendar = calendar or WorkCalendar()
    day = calendar.hours_per_day
    week = day * calendar.days_per_week
    sign = "-" if hours < 0 else ""
    hours = abs(hours)
    if hours == 0:
        return "0"
    if hours < 1 / 60:
        return f"{sign}{_trim(hours * 3600)} s"
    if hours < 1:
        return f"{sign}{_trim(hours * 60)} min"
    if hours < day:
        return f"{sign}{_trim(hours)} h"
    if hours < 2 * week:
        return f"{sign}{_trim(hours / day)} d"
    return f"{sign}{_trim(hours / week)} wk"


def format_duration_input(hours: float | None, calendar: WorkCalendar | None = None) -> str:
    """Like format_duration but written so that parse_duration reads it back ("3d", "45min")."""
    if hours is None:
        return ""
    return format_duration(hours, calendar).replace(" ", "").replace("–", "")


# -- ranges ("2-6wk", "2-3-6wk", "2wk-6wk", "2 to 6 wk", "10-30%") -----------------------------

_RANGE_SEPARATOR = re.compile(r"\s*(?:\.\.|[-–—]|\bto\b)\s*", re.IGNORECASE)
_SINGLE_TERM = re.compile(r"^(?P<number>\d+(?:[.,]\d+)?|[.,]\d+)\s*(?P<unit>[a-zA-Z%]*)$")
_SHORT_UNIT = {"second": "s", "minute": "min", "hour": "h", "day": "d", "week": "wk"}


class Estimate(NamedTuple):
    """What a duration or share field was given: one value, or a range and its typical value
    (the one the deterministic analysis uses, see model/ranges.py)."""

    value: float
    range: ValueRange | None = None

    def fields(self, name: str) -> dict[str, float | ValueRange | None]:
        """The record fields to set for field `name`: the value and its range (None clears
        a range the field had)."""
        return {name: self.value, f"{name}_range": self.range}


def _looks_like_range(source: str) -> bool:
    return bool(_RANGE_SEPARATOR.search(source.lstrip("-–— ")))


def _range_terms(text: str, source: str, example: str) -> list[tuple[float, str]]:
    """The numbers of a range and the unit written after each ("" when none)."""
    if re.match(r"^\s*[-–—]", source) or re.search(r"[-–—]\s*[-–—]", source):
        raise DurationError(f"'{text}' has a negative value: durations and shares cannot be "
                            f"negative. Write a range low to high, e.g. {example}.")
    parts = _RANGE_SEPARATOR.split(source)
    if not 2 <= len(parts) <= 3 or not all(parts):
        raise DurationError(f"'{text}' is not a range. Write low-high ({example}) or "
                            "low-most likely-high (2-3-6wk).")
    terms = []
    for part in parts:
        match = _SINGLE_TERM.match(part.strip())
        if not match:
            raise DurationError(f"'{part.strip()}' in '{text}' is not one number with a unit. "
                                f"Give each end of the range as one number, e.g. {example}.")
        terms.append((float(match.group("number").replace(",", ".")), match.group("unit")))
    return terms


def _ordered_range(text: str, numbers: list[float], unit: str, scale: float) -> ValueRange:
    low, high = numbers[0], numbers[-1]
    likely = numbers[1] if len(numbers) == 3 else None
    if low > high:
        raise DurationError(f"'{text}' runs from high to low: give the low value first, "
                            f"e.g. {_number(high)}-{_number(low)}{unit}.")
    if low == high:
        raise DurationError(f"'{text}' has the same low and high value: enter one value "
                            f"({_number(low)}{unit}) if it does not vary.")
    if likely is not None and not low <= likely <= high:
        raise DurationError(f"In '{text}' the most likely value {_number(likely)} lies outside "
                            f"{_number(low)} to {_number(high)}: write low-most likely-high.")
    return ValueRange(
        low=low * scale,
        likely=None if likely is None else likely * scale,
        high=high * scale,
        unit=unit,
    )


def parse_duration_estimate(text: str, calendar: WorkCalendar | None = None) -> Estimate:
    """A duration ("3d", "1d 4h") or a range of durations ("2-6wk", "2-3-6wk", "2wk-6wk",
    "2 to 6 wk") in working hours. A range is uniform between low and high, or triangular with
    a most likely value in the middle. One unit per range; a bare number is in the map's default
    unit (hours unless the calendar says days)."""
    calendar = calendar or WorkCalendar()
    source = text.strip()
    if not _looks_like_range(source):
        return Estimate(parse_duration(text, calendar))
    terms = _range_terms(text, source, "2-6wk")
    units = {_UNIT_ALIASES.get(unit.lower()) for _, unit in terms if unit}
    if None in units:
        bad = next(unit for _, unit in terms if unit.lower() not in _UNIT_ALIASES)
        raise DurationError(f"'{bad}' is not a time unit. Use s, min, h, d (working day) "
                            "or wk (working week).")
    if len(units) > 1:
        typed = " and ".join(unit for _, unit in terms if unit)
        raise DurationError(f"'{text}' mixes units ({typed}): use one unit for the whole "
                            "range, e.g. 3-10d or 1-2wk.")
    unit = units.pop() if units else calendar.default_unit
    assert unit is not None  # unknown units were refused above
    value_range = _ordered_range(
        text, [number for number, _ in terms], _SHORT_UNIT[unit], hours_per_unit(unit, calendar)
    )
    return Estimate(value_range.typical, value_range)


def parse_percent(text: str, maximum: float = 100.0, example: str = "") -> float | None:
    """One percentage as typed ("95%", "95", "95,5 %"); None for empty text. Text that is not a
    number from 0 to maximum raises DurationError naming it; example ("or a range such as
    10-30%") extends the hint."""
    cleaned = text.strip().removesuffix("%").strip().replace(",", ".")
    if not cleaned:
        return None
    try:
        value = float(cleaned)
    except ValueError:
        raise DurationError(
            f"'{text}' is not a percentage. Enter a number such as 95 or 95%{example}."
        ) from None
    if not 0 <= value <= maximum:  # NaN fails this too
        where = "below 0%" if value < 0 else f"more than {_number(maximum)}%"
        raise DurationError(f"'{text.strip()}' is {where}: use 0 to {_number(maximum)}.")
    return value


def parse_percent_estimate(text: str, maximum: float = 100.0) -> Estimate | None:
    """A percentage ("25%", "25") or a range of them ("10-30%", "10%-30%", "10 to 30 %");
    None for empty text."""
    source = text.strip()
    if not source:
        return None
    if not _looks_like_range(source):
        value = parse_percent(source, maximum, ", or a range such as 10-30%")
        assert value is not None  # the text is not empty
        return Estimate(value)
    terms = _range_terms(text, source, "10-30%")
    if any(unit not in ("", "%") for _, unit in terms):
        raise DurationError(f"'{text}' is not a range of percentages: write e.g. 10-30%.")
    numbers = [number for number, _ in terms]
    if max(numbers) > maximum:
        raise DurationError(f"'{text}' goes above {_number(maximum)}%: use 0 to "
                            f"{_number(maximum)}.")
    value_range = _ordered_range(text, numbers, "%", 1.0)
    return Estimate(value_range.typical, value_range)


def _number(value: float) -> str:
    """A number as people write it: no trailing zeros, at most three decimals."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return text or "0"


def exact_number(value: float) -> str:
    """Shortest exact digits, never in exponent form (which durations and shares do not read):
    for files that must read back to the very same value."""
    if value.is_integer():
        return str(int(value))
    return format(Decimal(repr(value)), "f")


def format_percent(value: float | None, exact: bool = False, missing: str = "") -> str:
    """A share as people type and read it, and as parse_percent reads it back: "85%", "95.5%";
    ``missing`` for none ("" to type into, "–" to read). Rounded to three decimals unless exact
    (a file that must read back unchanged)."""
    if value is None:
        return missing
    return (exact_number(value) if exact else _number(value)) + "%"


def _range_numbers(value_range: ValueRange, calendar: WorkCalendar | None) -> tuple[list[str], str]:
    unit = value_range.unit
    if unit == "%":
        scale = 1.0
    else:
        canonical = _UNIT_ALIASES.get(unit.lower(), "hour")
        scale = hours_per_unit(canonical, calendar or WorkCalendar())
        unit = _SHORT_UNIT[canonical]
    values = [value_range.low, value_range.likely, value_range.high]
    return [_number(v / scale) for v in values if v is not None], unit


def format_range_input(value_range: ValueRange, calendar: WorkCalendar | None = None) -> str:
    """A range as typed, so that parse_duration_estimate reads it back: "2-3-6wk", "10-30%"."""
    numbers, unit = _range_numbers(value_range, calendar)
    return "-".join(numbers) + unit


def format_range(
    value_range: ValueRange, calendar: WorkCalendar | None = None, compact: bool = False
) -> str:
    """A range for reading on the map and in reports: "2–3–6 wk", "10–30%"; compact, for the
    narrow cells of a data box, leaves out the most likely value ("2–6 wk")."""
    numbers, unit = _range_numbers(value_range, calendar)
    if compact:
        numbers = [numbers[0], numbers[-1]]
    return "–".join(numbers) + (unit if unit == "%" else f" {unit}")


def format_estimate(
    value: float | None, value_range: ValueRange | None,
    calendar: WorkCalendar | None = None, compact: bool = False,
) -> str:
    """A duration field for reading: its range when it has one that still holds, else its
    value in a readable unit."""
    if value_range is not None and matches(value, value_range):
        return format_range(value_range, calendar, compact)
    return format_duration(value, calendar)


def format_estimate_input(
    value: float | None, value_range: ValueRange | None, calendar: WorkCalendar | None = None
) -> str:
    """A duration field as typed: its range when it has one that still holds, else its value."""
    if value_range is not None and matches(value, value_range):
        return format_range_input(value_range, calendar)
    return format_duration_input(value, calendar)
