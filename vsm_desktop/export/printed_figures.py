"""Figures as printed that add up as printed.

Rounded separately, 3.74 + 11.26 prints as 3.7 + 11.3 = 15 but 3.76 + 11.26 as 3.8 + 11.3 = 15.1
next to a lead time of "15 wk". Parts are therefore rounded together (largest remainder), in the
unit and precision their total is printed in, so the printed parts sum to the printed total.
"""

from __future__ import annotations

import math

from ..analysis.formatting import share_text
from ..model.calendar import WorkCalendar
from ..model.units import format_duration, hours_per_unit

_UNIT_WORDS = {"wk": "working weeks", "d": "working days", "h": "working hours"}


def apportion(parts: list[float], total: float, decimals: int) -> list[float]:
    """parts rounded to `decimals` so that they sum to `total` rounded the same way."""
    step = 10.0**-decimals
    target = round(round(total / step))
    scaled = [max(0.0, part) / step for part in parts]
    floors = [math.floor(value + 1e-9) for value in scaled]
    shortfall = target - sum(floors)
    by_remainder = sorted(range(len(parts)), key=lambda i: -(scaled[i] - floors[i]))
    for index in by_remainder[: max(0, shortfall)]:
        floors[index] += 1
    return [round(value * step, decimals) for value in floors]


def duration_parts(
    total: float, parts: list[float], calendar: WorkCalendar
) -> tuple[str, list[str]]:
    """The total as format_duration prints it, and the parts in its unit summing to it."""
    shown = format_duration(total, calendar)
    number, _, unit = shown.partition(" ")
    units = {"wk": "week", "d": "day", "h": "hour", "min": "minute", "s": "second"}
    if unit not in units:  # "0" or "–": nothing to split
        return shown, [format_duration(part, calendar) for part in parts]
    per_unit = hours_per_unit(units[unit], calendar)
    decimals = 1 if total / per_unit < 100 else 0  # format_duration's precision ("15" is 15.0)
    per_unit = hours_per_unit(units[unit], calendar)
    rounded = apportion([part / per_unit for part in parts], total / per_unit, decimals)
    return shown, [f"{_plain(value, decimals)} {unit}" for value in rounded]


def duration_in_words(hours: float, calendar: WorkCalendar) -> str:
    """"15 working weeks": the printed duration with its calendar spelled out."""
    shown = format_duration(hours, calendar)
    number, _, unit = shown.partition(" ")
    words = _UNIT_WORDS.get(unit)
    if words is None:
        return shown
    if number == "1":
        words = words[:-1]
    return f"{number} {words}"


def percent_parts(parts: list[float]) -> list[str]:
    """Shares of a whole in whole percents that add up to 100%."""
    total = sum(parts)
    if total <= 0:
        return ["–" for _ in parts]
    return [f"{value:.0f}%" for value in apportion([p / total * 100 for p in parts], 100, 0)]


def calendar_note(calendar: WorkCalendar) -> str:
    """The calendar durations are counted in, as page 1 states it."""
    return (
        f"Counted in working time: {_plain(calendar.hours_per_day, 1)}-hour days, "
        f"{_plain(calendar.days_per_week, 1)}-day weeks."
    )


def flow_efficiency_text(value: float | None) -> str:
    """The one format for flow efficiency everywhere in the report, the same as the app's and
    the comparison's (analysis.formatting.share_text: 16.7%, 0.03%)."""
    return share_text(value)


def _plain(value: float, decimals: int) -> str:
    text = f"{value:.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
