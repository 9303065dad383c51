"""Delivery figures entered for the stream, read against DORA's four performance levels.

Change failure rate, time to recover and deployment frequency are measured outside the map (in
the incident and deployment tools); the room enters them so they sit beside the flow figures.
The reference levels are those of the Accelerate State of DevOps Report 2023 (DORA). They are a
reference for the conversation, not a target: DORA re-derives them from each year's survey.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from ..model.calendar import WorkCalendar
from ..model.elements import DeliveryFigures
from ..model.units import format_duration, parse_duration

DORA_SOURCE = "Accelerate State of DevOps Report 2023 (DORA), software delivery performance"

# Recovery time is clock time: a day of 24 hours, a week of 7 days.
CLOCK = WorkCalendar(hours_per_day=24, days_per_week=7)
WEEKS_PER_MONTH = 52 / 12
WEEKS_PER_YEAR = 52.0


@dataclass(frozen=True)
class DoraLevel:
    name: str
    deployment_frequency: str
    lead_time: str
    change_failure_rate: str
    recovery_time: str


# Checked against the published table of the Accelerate State of DevOps Report 2023 (DORA,
# "Software delivery performance" clusters): Elite deploys on demand, High between once per day
# and once per week, Medium and Low (that year) between once per week and once per month; change
# lead time < 1 day, 1 day-1 week, 1 week-1 month (Medium and Low); change failure rate 5%, 10%,
# 15%, 64%; failed deployment recovery < 1 hour, < 1 day, 1 day-1 week, 1-6 months. Where the
# table leaves a gap or repeats a range (Low), a figure worse than Medium's range reads Low.
DORA_LEVELS = (
    DoraLevel("Elite", "On demand (several a day)", "Less than one day", "5%",
              "Less than one hour"),
    DoraLevel("High", "Once a day to once a week", "One day to one week", "10%",
              "Less than one day"),
    DoraLevel("Medium", "Once a week to once a month", "One week to one month", "15%",
              "One day to one week"),
    DoraLevel("Low", "Once a week to once a month", "One week to one month", "64%",
              "One month to six months"),
)
LEVEL_NAMES = tuple(level.name for level in DORA_LEVELS)


def change_failure_level(percent: float) -> str:
    """The best level whose change failure rate the figure does not exceed."""
    for level, limit in zip(LEVEL_NAMES, (5, 10, 15), strict=False):
        if percent <= limit:
            return level
    return "Low"


def recovery_level(clock_hours: float) -> str:
    if clock_hours < 1:
        return "Elite"
    if clock_hours < 24:
        return "High"
    if clock_hours <= 24 * 7:
        return "Medium"
    return "Low"


def deployment_level(per_week: float, days_per_week: float) -> str:
    """Elite above one deployment a working day (on demand: several a day), High from once a
    week up to once a day (DORA 2023 puts once a day in High's range), Medium a month."""
    if per_week > days_per_week:
        return "Elite"
    if per_week >= 1:
        return "High"
    if per_week * WEEKS_PER_MONTH >= 1:
        return "Medium"
    return "Low"


def lead_time_level(working_hours: float, calendar: WorkCalendar) -> str:
    """DORA's lead time is calendar time: working days are spread over the calendar week."""
    calendar_days = working_hours / calendar.hours_per_day * 7 / calendar.days_per_week
    if calendar_days < 1:
        return "Elite"
    if calendar_days <= 7:
        return "High"
    if calendar_days <= 7 * WEEKS_PER_MONTH:
        return "Medium"
    return "Low"


@dataclass(frozen=True)
class DeliveryReading:
    key: str  # "change_failure_rate", "time_to_recover", "deployment_frequency", "lead_time"
    label: str
    value: float  # percent, clock hours, deployments per week or working hours
    text: str
    level: str  # the DORA level the figure reaches


def delivery_readings(
    figures: DeliveryFigures, calendar: WorkCalendar, lead_time_for_changes: float | None = None
) -> list[DeliveryReading]:
    """The entered figures with their level; lead time for changes comes from its span."""
    readings = []
    if figures.deployments_per_week is not None:
        per_week = figures.deployments_per_week
        readings.append(DeliveryReading(
            "deployment_frequency", "Deployment frequency", per_week,
            format_deployment_frequency(per_week, calendar),
            deployment_level(per_week, calendar.days_per_week),
        ))
    if lead_time_for_changes is not None:
        readings.append(DeliveryReading(
            "lead_time", "Lead time for changes", lead_time_for_changes,
            format_duration(lead_time_for_changes, calendar),
            lead_time_level(lead_time_for_changes, calendar),
        ))
    if figures.change_failure_rate is not None:
        rate = figures.change_failure_rate
        readings.append(DeliveryReading(
            "change_failure_rate", "Change failure rate", rate, f"{rate:g}%",
            change_failure_level(rate),
        ))
    if figures.time_to_recover is not None:
        hours = figures.time_to_recover
        readings.append(DeliveryReading(
            "time_to_recover", "Time to recover", hours, format_recovery_time(hours),
            recovery_level(hours),
        ))
    return readings


# -- entering the figures -------------------------------------------------------------------

_FREQUENCY = re.compile(
    r"^\s*(?P<number>\d+(?:[.,]\d+)?|[.,]\d+)\s*(?:(?:per|a|an|/|each|every)\s*)?"
    r"(?P<period>[a-z]*)\s*$"
)
_PERIODS = {
    "d": "day", "day": "day", "days": "day", "dy": "day",
    "w": "week", "wk": "week", "wks": "week", "week": "week", "weeks": "week", "": "week",
    "m": "month", "mo": "month", "mth": "month", "month": "month", "months": "month",
    "y": "year", "yr": "year", "year": "year", "years": "year",
}


def parse_deployment_frequency(text: str, calendar: WorkCalendar) -> float | None:
    """ "3 per week", "2/day", "1 a month", "4 per year" into deployments per week ("day" is a
    working day of the map's calendar); empty text clears the figure."""
    if not text.strip():
        return None
    match = _FREQUENCY.match(text.lower())
    period = _PERIODS.get(match.group("period")) if match else None
    if match is None or period is None:
        raise ValueError(
            f"'{text}' is not a deployment frequency. Write a number per period: "
            "2 per day, 3 per week, 1 per month."
        )
    number = float(match.group("number").replace(",", "."))
    per_week = {
        "day": number * calendar.days_per_week,
        "week": number,
        "month": number / WEEKS_PER_MONTH,
        "year": number / WEEKS_PER_YEAR,
    }[period]
    if not math.isfinite(per_week) or per_week > 1e6:
        raise ValueError(f"'{text}' is too many deployments to be a frequency.")
    return per_week


def format_deployment_frequency(per_week: float | None, calendar: WorkCalendar) -> str:
    if per_week is None:
        return ""
    if per_week >= calendar.days_per_week:
        return f"{_figure(per_week / calendar.days_per_week)} per day"
    if per_week >= 1:
        return f"{_figure(per_week)} per week"
    if per_week * WEEKS_PER_MONTH >= 1:
        return f"{_figure(per_week * WEEKS_PER_MONTH)} per month"
    return f"{_figure(per_week * WEEKS_PER_YEAR)} per year"


def parse_recovery_time(text: str) -> float | None:
    """Clock time: "4h", "2d" (two 24-hour days), "1wk" (seven days); empty clears it."""
    return parse_duration(text, CLOCK) if text.strip() else None


def format_recovery_time(hours: float | None) -> str:
    return "" if hours is None else format_duration(hours, CLOCK)


def _figure(value: float) -> str:
    """Two significant digits at most: "2.5", "12", "0.25"."""
    return f"{float(f'{value:.2g}'):g}"
