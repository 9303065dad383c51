"""Readable text for compared figures and element values, shared by the CLI and the app.

Qt-free so the command line, the compare window and any report word a change the same way:
"−2 d (−40%)" for a lead time, "+5.0 points" for a share, "3 d → 1 d" for a wait.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..model import WorkCalendar, format_duration

if TYPE_CHECKING:  # compare.py runs the analysis; the words need only its figures' shape
    from .compare import FigureChange

# Figures where a larger value is better; for every other compared figure smaller is better.
HIGHER_IS_BETTER = frozenset({"flow_efficiency", "rolled_pca"})

FIELD_LABELS = {
    "name": "name",
    "kind": "kind",
    "lane": "lane",
    "process_time": "process time",
    "wait_time": "wait",
    "pca": "%C&A",
    "people": "people",
    "value_category": "value",
    "automation": "automation",
    "items_waiting": "items waiting",
    "wait_cause": "wait cause",
    "status": "status",
}

_EPSILON = 1e-9

# What the lead time reads when no flow joins the customer request to value realised.
LEAD_TIME_UNKNOWN = "unknown"
LEAD_TIME_UNKNOWN_REASON = "no flow joins the customer request to value realised"


def share_text(share: float | None) -> str:
    """A share (0-1) as a percentage: one decimal, or two significant digits below 1% so a
    tiny flow efficiency reads 0.03%, never 0.0%."""
    if share is None:
        return "–"
    percent = share * 100
    if percent == 0:
        return "0%"
    if abs(percent) < 0.001:
        return "< 0.001%"
    if abs(percent) < 1:
        return f"{percent:.2g}%"
    return f"{percent:.1f}%"


def lead_time_text(hours: float | None, calendar: WorkCalendar | None) -> str:
    return LEAD_TIME_UNKNOWN if hours is None else format_duration(hours, calendar)


def figure_text(value: float | None, unit: str, calendar: WorkCalendar | None) -> str:
    """A figure in its unit: "hours" as a duration, "share" (0-1) as a percentage, or a count."""
    if value is None:
        return "–"
    if unit == "hours":
        return format_duration(value, calendar)
    if unit == "share":
        return share_text(value)
    return f"{value:g}"


def delta_text(figure: FigureChange, calendar: WorkCalendar | None) -> str:
    """The change of a compared figure with its sign, and the percentage for durations."""
    delta = figure.delta
    if delta is None or abs(delta) < _EPSILON:
        return "no change"
    sign = "+" if delta > 0 else "−"
    if figure.unit == "share":
        return f"{sign}{abs(delta) * 100:.1f} points"
    if figure.unit == "hours":
        text = f"{sign}{format_duration(abs(delta), calendar)}"
        if figure.before:
            text += f" ({delta / figure.before * 100:+.0f}%)".replace("-", "−")
        return text
    return f"{sign}{abs(delta):g}"


def is_improvement(figure: FigureChange) -> bool | None:
    """True when the change is for the better, False when worse, None when unchanged."""
    delta = figure.delta
    if delta is None or abs(delta) < _EPSILON:
        return None
    return delta > 0 if figure.key in HIGHER_IS_BETTER else delta < 0


def value_text(value: object, field: str, calendar: WorkCalendar | None) -> str:
    """An element field's value as people read it: durations in units, %C&A with its sign."""
    if value is None:
        return "–"
    if field in ("process_time", "wait_time") and isinstance(value, int | float):
        return format_duration(value, calendar)
    if field == "pca":
        return f"{value:g}%"
    return str(getattr(value, "label", value))


def change_text(field: str, old: object, new: object, calendar: WorkCalendar | None) -> str:
    """One changed field: "wait 5 d → 1 d"."""
    label = FIELD_LABELS.get(field, field.replace("_", " "))
    return f"{label} {value_text(old, field, calendar)} → {value_text(new, field, calendar)}"
