"""A range the room gives instead of one number: "2-6 wk" or "2-3-6 wk" (low, most likely, high).

A range travels next to the single value the deterministic analysis uses (the field without
`_range`): that value is the range's `typical` one, the most likely value of a triangular range
and the midpoint of a uniform one. A map without ranges therefore gives exactly the figures it
gave before, and typing "2-3-6wk" where "3wk" stood leaves the lead time as it was while the
Monte Carlo analysis (analysis/monte_carlo.py) draws the spread.
"""

from __future__ import annotations

import math
from typing import Any, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

# Which field of a record each range field belongs to.
RANGE_FIELDS = {
    "process_time_range": "process_time",
    "wait_time_range": "wait_time",
    "delay_range": "delay",
    "rework_percent_range": "rework_percent",
}


class ValueRange(BaseModel):
    """Low and high bound, and for a triangular range the most likely value, all in the unit of
    the field it belongs to (working hours, or percent for a rework share)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    low: float = Field(ge=0, le=1e7)
    likely: float | None = Field(
        default=None, ge=0, le=1e7,
        description="Most likely value: the range is triangular. None: uniform.",
    )
    high: float = Field(ge=0, le=1e7)
    unit: str = Field(
        default="", max_length=8,
        description='The unit it was typed in ("wk", "d", "h", "min", "s", "%"), so it is '
        "shown as typed; the values themselves are always hours (or percent).",
    )

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if not self.low < self.high:
            raise ValueError(f"low ({self.low:g}) must be below high ({self.high:g})")
        if self.likely is not None and not self.low <= self.likely <= self.high:
            raise ValueError(f"likely ({self.likely:g}) must lie between low ({self.low:g}) "
                             f"and high ({self.high:g})")
        return self

    @property
    def is_triangular(self) -> bool:
        return self.likely is not None

    @property
    def typical(self) -> float:
        """The single value the deterministic analysis uses: the most likely value, or the
        midpoint of a uniform range."""
        return self.likely if self.likely is not None else (self.low + self.high) / 2


def matches(value: float | None, value_range: ValueRange | None) -> bool:
    """Whether a stored range still describes its field's value (a range whose field was later
    set to a single value no longer counts)."""
    if value_range is None or value is None:
        return False
    return math.isclose(value, value_range.typical, rel_tol=1e-9, abs_tol=1e-9)


def range_of(record: object, field: str) -> ValueRange | None:
    """The range of a record's field, or None when the field holds a single value."""
    value_range: ValueRange | None = getattr(record, f"{field}_range", None)
    return value_range if matches(getattr(record, field), value_range) else None


def drop_stale_ranges(data: Any, assigned_field: str | None = None) -> Any:
    """For a record's `mode="before"` validator: a range whose field holds another value was
    overwritten by a single value, so the single value wins and the range goes. Assignments of
    one field at a time are left alone (a range and its value are assigned one after the other).
    """
    if not isinstance(data, dict) or assigned_field is not None:
        return data
    if not any(map(data.get, RANGE_FIELDS)):  # no range at all: most records, checked in C
        return data
    for range_field, field in RANGE_FIELDS.items():
        raw = data.get(range_field)
        if raw is None:
            continue
        try:
            value_range = raw if isinstance(raw, ValueRange) else ValueRange.model_validate(raw)
        except ValueError:
            continue  # let the field's own validation report it
        value = data.get(field)
        if value is None:  # a hand-written file may give only the range
            data = {**data, field: value_range.typical}
        elif not isinstance(value, int | float) or not matches(float(value), value_range):
            data = {**data, range_field: None}
    return data
