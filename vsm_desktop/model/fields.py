"""What each field of an element (and of a connection) is, said once: its label, the unit it is
typed in, its allowed range, which kinds of element have it, and the help shown beside it.

The inspector, the steps table and the CSV import/export read this table instead of keeping
lists of their own, and ``parse_field`` is the one way typed text becomes a field's value: a
value out of range is refused with the same sentence wherever it was typed. The limits are not
repeated here: they are read from the pydantic records (elements.py), which enforce them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any, cast

from annotated_types import Ge, Le, MaxLen
from pydantic import BaseModel

from .calendar import WorkCalendar
from .elements import Connection, Element, ElementKind
from .ranges import range_of
from .units import (
    DurationError,
    Estimate,
    format_duration,
    format_duration_input,
    format_estimate_input,
    format_percent,
    format_range_input,
    parse_duration,
    parse_duration_estimate,
    parse_percent,
    parse_percent_estimate,
)


class FieldUnit(StrEnum):
    TEXT = "text"
    DURATION = "duration"  # stored in working hours, typed in the map's unit (hours or days)
    PERCENT = "percent"
    COUNT = "count"  # a whole number
    CHOICE = "choice"  # one member of an enum
    REFERENCE = "reference"  # the id of a lane or an element


_ALL = frozenset(ElementKind)
_WORK = frozenset({ElementKind.STEP, ElementKind.APPROVAL})
_WAITS = _WORK | {ElementKind.QUEUE}
_SPANS = _WAITS | {ElementKind.START, ElementKind.END}
_KAIZEN = frozenset({ElementKind.KAIZEN})

DURATION_HINT = "Units: 45min, 2h, 3d (working days), 1.5wk. A bare number is {unit}."
RANGE_HINT = (
    "Unsure? Give a range: 2-6wk (anywhere between), or 2-3-6wk (low, most likely, high)."
)
_EFFECT = "Leave empty when the idea leaves it as it is."


@dataclass(frozen=True)
class FieldSpec:
    """One field: ``name`` is the record's attribute; ``noun`` names it inside a sentence
    ("Change value category of 'Build'"); ``batch`` fields can be set on several elements at
    once; ``replaces`` is, for a kaizen idea's expected effect, the target's field it replaces."""

    name: str
    label: str
    unit: FieldUnit
    kinds: frozenset[ElementKind] = _ALL
    help: str = ""
    noun: str = ""
    batch: bool = False
    replaces: str | None = None
    record: type[BaseModel] = Element

    @property
    def phrase(self) -> str:
        return self.noun or self.label.lower()

    def applies_to(self, kind: ElementKind) -> bool:
        return kind in self.kinds

    @property
    def ranged(self) -> bool:
        """Takes a range ("2-6wk", "10-30%") as well as one value."""
        return f"{self.name}_range" in self.record.model_fields

    @property
    def minimum(self) -> float | None:
        return next((cast(float, m.ge) for m in self._metadata() if isinstance(m, Ge)), None)

    @property
    def maximum(self) -> float | None:
        return next((cast(float, m.le) for m in self._metadata() if isinstance(m, Le)), None)

    @property
    def max_length(self) -> int | None:
        return next((m.max_length for m in self._metadata() if isinstance(m, MaxLen)), None)

    def _metadata(self) -> list[Any]:
        return list(self.record.model_fields[self.name].metadata)

    def help_text(self, calendar: WorkCalendar | None = None) -> str:
        """The help with how to type the value: durations say what a bare number means,
        shares their range."""
        parts = [self.help] if self.help else []
        if self.unit is FieldUnit.DURATION:
            parts.append(DURATION_HINT.format(unit=unit_word(calendar)))
            if self.ranged:
                parts.append(RANGE_HINT)
        elif self.unit is FieldUnit.PERCENT and self.maximum is not None:
            parts.append(f"From 0 to {self.maximum:g}%.")
        return " ".join(parts)


def unit_word(calendar: WorkCalendar | None) -> str:
    """What a duration typed without a unit is read in on this map: "hours" or "days"."""
    return "days" if calendar is not None and calendar.default_unit == "day" else "hours"


def _by_name(*specs: FieldSpec) -> dict[str, FieldSpec]:
    return {spec.name: spec for spec in specs}


ELEMENT_FIELDS = _by_name(
    FieldSpec("name", "Name", FieldUnit.TEXT),
    FieldSpec("kind", "Kind", FieldUnit.CHOICE),
    FieldSpec(
        "lane_id", "Lane", FieldUnit.REFERENCE, help="The team or function doing this.",
        batch=True,
    ),
    FieldSpec(
        "process_time", "Process time", FieldUnit.DURATION, _WORK,
        help="Hands-on work time for one request.", batch=True,
    ),
    FieldSpec(
        "wait_time", "Wait time", FieldUnit.DURATION, _WAITS,
        help="How long work waits before this starts.", batch=True,
    ),
    FieldSpec(
        "pca", "%C&A", FieldUnit.PERCENT, _WORK,
        help="%Complete & Accurate: share of work passed on that needs no correction.",
        noun="%C&A", batch=True,
    ),
    FieldSpec("people", "People", FieldUnit.COUNT, _WORK, batch=True),
    FieldSpec("value_category", "Value", FieldUnit.CHOICE, _WAITS, noun="value category",
              batch=True),
    FieldSpec("automation", "Automation", FieldUnit.CHOICE, _WORK, batch=True),
    FieldSpec("items_waiting", "Items waiting", FieldUnit.COUNT,
              frozenset({ElementKind.QUEUE}), batch=True),
    FieldSpec(
        "wait_cause", "Wait cause", FieldUnit.CHOICE, _WAITS,
        help="Why work waits here. 'Where the waiting comes from' in the flow metrics sums "
        "the waits by cause.",
        batch=True,
    ),
    FieldSpec(
        "span_start", "Starts span", FieldUnit.TEXT, _SPANS, noun="span start",
        help="This element starts a span you name, e.g. 'lead time for changes' from the "
        "approval that accepts the request; the span begins when this element is done.",
    ),
    FieldSpec(
        "span_end", "Ends span", FieldUnit.TEXT, _SPANS, noun="span end",
        help="This element ends a span you name, e.g. 'lead time for changes' at the "
        "deployment to production; the span ends when this element is done.",
    ),
    FieldSpec("target_id", "Improves", FieldUnit.REFERENCE, _KAIZEN, noun="kaizen target",
              help="The element this idea improves."),
    FieldSpec("owner", "Owner", FieldUnit.TEXT, _KAIZEN, batch=True),
    FieldSpec("status", "Status", FieldUnit.CHOICE, _KAIZEN, batch=True),
    FieldSpec(
        "expected_wait_time", "Expected wait", FieldUnit.DURATION, _KAIZEN,
        help="The target's wait once the idea lands. " + _EFFECT, replaces="wait_time",
    ),
    FieldSpec(
        "expected_process_time", "Expected process time", FieldUnit.DURATION, _KAIZEN,
        help="The target's process time once the idea lands. " + _EFFECT,
        replaces="process_time",
    ),
    FieldSpec(
        "expected_pca", "Expected %C&A", FieldUnit.PERCENT, _KAIZEN, noun="expected %C&A",
        help="The target's %C&A once the idea lands. " + _EFFECT, replaces="pca",
    ),
    FieldSpec("notes", "Notes", FieldUnit.TEXT),
)

CONNECTION_FIELDS = _by_name(
    FieldSpec("kind", "Kind", FieldUnit.CHOICE, record=Connection),
    FieldSpec(
        "delay", "Transfer delay", FieldUnit.DURATION, record=Connection,
        help="Time in transit between the two ends (tickets waiting to be picked up).",
    ),
    FieldSpec("wait_cause", "Delay cause", FieldUnit.CHOICE, record=Connection,
              help=ELEMENT_FIELDS["wait_cause"].help),
    FieldSpec("method", "Method", FieldUnit.CHOICE, record=Connection, noun="handover method"),
    FieldSpec(
        "rework_percent", "Sent back", FieldUnit.PERCENT, record=Connection,
        noun="rework share", help="Share of items sent back along this rework loop.",
    ),
    FieldSpec("label", "Label", FieldUnit.TEXT, record=Connection),
)


def parse_field(
    spec: FieldSpec, text: str, calendar: WorkCalendar | None = None
) -> Any:
    """The value typed text gives a field, within the field's range; empty text gives None
    (or "" for text). A ranged field gives an Estimate (value and range). Text the field cannot
    take raises ValueError with a sentence that quotes it and says what to type instead."""
    if spec.unit is FieldUnit.TEXT:  # as typed: spaces may matter in a note
        most = spec.max_length
        if most is not None and len(text) > most:
            raise ValueError(f"'{_shortened(text)}' is longer than {most} characters: "
                             "shorten it.")
        return text
    source = text.strip()
    if not source:
        return None
    if spec.unit is FieldUnit.PERCENT:
        highest = spec.maximum if spec.maximum is not None else 100.0
        if spec.ranged:
            return parse_percent_estimate(source, highest)
        try:
            return parse_percent(source, highest)
        except DurationError:
            if _is_percent_range(source, highest):
                raise DurationError(
                    f"'{source}' is a range: enter one percentage, such as 90%."
                ) from None
            raise
    if spec.unit is FieldUnit.COUNT:
        return _parse_count(text, spec.maximum)
    if spec.unit is FieldUnit.DURATION:
        estimate = (
            parse_duration_estimate(source, calendar) if spec.ranged
            else Estimate(parse_duration(source, calendar))
        )
        longest = max(estimate.value, estimate.range.high if estimate.range else 0.0)
        if spec.maximum is not None and longest > spec.maximum:
            raise DurationError(
                f"'{source}' is longer than {format_duration(spec.maximum, calendar)}: "
                "enter a shorter time."
            )
        return estimate if spec.ranged else estimate.value
    raise TypeError(f"{spec.name} is chosen from a list, not typed")


def _is_percent_range(text: str, highest: float) -> bool:
    try:
        estimate = parse_percent_estimate(text, highest)
    except DurationError:
        return False
    return estimate is not None and estimate.range is not None


def field_value(record: BaseModel, spec: FieldSpec) -> Any:
    """What a field holds, as parse_field gives it: a ranged field's value with its range."""
    value = getattr(record, spec.name)
    return Estimate(value, range_of(record, spec.name)) if spec.ranged else value


def field_changes(spec: FieldSpec, value: Any) -> dict[str, Any]:
    """The record attributes a field's value sets: a ranged field sets its range too (None
    clears both)."""
    if not spec.ranged:
        return {spec.name: value}
    if value is None:
        return {spec.name: None, f"{spec.name}_range": None}
    return dict(value.fields(spec.name))


def input_text(spec: FieldSpec, value: Any, calendar: WorkCalendar | None = None) -> str:
    """A field's value as text to edit, which parse_field reads back: "3d", "2-6wk", "85%"."""
    if value is None:
        return ""
    if spec.unit is FieldUnit.DURATION:
        if spec.ranged:
            return format_estimate_input(value.value, value.range, calendar)
        return format_duration_input(value, calendar)
    if spec.unit is FieldUnit.PERCENT:
        if not spec.ranged:
            return format_percent(value)
        return format_range_input(value.range) if value.range else format_percent(value.value)
    return str(value)


def _parse_count(text: str, maximum: float | None) -> int:
    typed = text.strip()
    digits = typed.replace(" ", "")
    if not (digits.isascii() and digits.isdigit()):
        raise ValueError(f"'{typed}' is not a whole number. Enter 0 or more, or leave it empty.")
    most = maximum if maximum is not None else 10**15
    # Digits first: int() refuses to read thousands of them.
    if len(digits.lstrip("0")) > len(f"{most:.0f}") or int(digits) > most:
        raise ValueError(f"'{_shortened(typed)}' is too many: it must be at most {most:.0f}.")
    return int(digits)


def _shortened(text: str) -> str:
    """Typed text quoted in a message: the start of it, when it is long."""
    return text if len(text) <= 20 else text[:20] + "…"
