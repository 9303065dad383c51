"""Durations as people say them ("45min", "2h", "3 d", "1.5wk") and back.

Every duration in the model is stored in working hours. A day is the map's working day and a
week its working week, so parsing and formatting need the map's calendar.
"""

from __future__ import annotations

import math
import re

from .calendar import WorkCalendar

_TERM = re.compile(r"\s*(?P<number>\d+(?:[.,]\d+)?|[.,]\d+)\s*(?P<unit>[a-zA-Z]*)\s*")

_UNIT_ALIASES = {
    "s": "second", "sec": "second", "secs": "second", "second": "second", "seconds": "second",
    "m": "minute", "min": "minute", "mins": "minute", "minute": "minute", "minutes": "minute",
    "h": "hour", "hr": "hour", "hrs": "hour", "hour": "hour", "hours": "hour", "": "hour",
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


def parse_duration(text: str, calendar: WorkCalendar | None = None) -> float:
    """Parse "2h", "3 d", "1d 4h" or a bare number (hours) into working hours."""
    calendar = calendar or WorkCalendar()
    source = text.strip()
    if not source:
        raise DurationError("Enter a duration such as 45min, 2h, 3d or 1.5wk.")
    position = 0
    total = 0.0
    while position < len(source):
        match = _TERM.match(source, position)
        if not match or match.end() == position:
            raise DurationError(
                f"'{text}' is not a duration. Use a number with a unit: 90s, 45min, 2h, 3d, 1.5wk."
            )
        unit = match.group("unit").lower()
        if unit not in _UNIT_ALIASES:
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
