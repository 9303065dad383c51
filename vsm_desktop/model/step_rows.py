"""Steps as rows of text: the columns of the steps table, how a cell reads and how typed or
pasted text becomes element fields. Qt-free, so the table and its paste share one set of rules.

A row is: name, lane, process time, wait time, %C&A, people, kind, value category, automation,
notes. Durations read as everywhere (units.py: "2h", "3d", "2-6wk", a bare number in the map's
default unit); kinds and categories by any start of their label ("q" is a queue, "nec" is
necessary non-value-adding).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from .calendar import WorkCalendar
from .elements import Automation, Element, ElementKind, Lane, ValueCategory
from .fields import ELEMENT_FIELDS, FieldSpec, field_changes, field_value, input_text, parse_field
from .ranges import range_of
from .units import format_duration, format_percent, format_range

COLUMNS = (
    "name", "lane", "process_time", "wait_time", "pca", "people", "kind", "value_category",
    "automation", "notes",
)  # fmt: skip

# Each column is an element field (model/fields.py): its title, kinds, range and help.
SPECS: dict[str, FieldSpec] = {
    column: ELEMENT_FIELDS["lane_id" if column == "lane" else column] for column in COLUMNS
}
TITLES = {column: spec.label for column, spec in SPECS.items()}
ROW_KINDS = (ElementKind.STEP, ElementKind.QUEUE, ElementKind.APPROVAL)
DURATION_COLUMNS = ("process_time", "wait_time")
MAX_PASTED_ROWS = 2000


class RowError(ValueError):
    """Text a cell cannot take; names the column so the table can point at it."""

    def __init__(self, column: str, message: str) -> None:
        super().__init__(f"{TITLES[column]}: {message}")
        self.column = column


@dataclass
class StepRow:
    """One row read from text: the element's fields and the lane by name ("" = the row above's)."""

    fields: dict[str, Any]
    lane_name: str = ""


def is_row_element(element: Element) -> bool:
    return element.kind in ROW_KINDS


def applies(column: str, kind: ElementKind) -> bool:
    """Whether a row of this kind has the column (a queue waits: it does no work)."""
    return SPECS[column].applies_to(kind)


def choices(column: str) -> list[str]:
    """The labels a choice column offers (and completes)."""
    return [member.label for member in _members(column)] if column in _CHOICE_ENUMS else []


# -- reading a cell -------------------------------------------------------------------------------


def display_text(element: Element, column: str, lane_name: str, calendar: WorkCalendar) -> str:
    """What the table shows in a cell."""
    if column == "lane":
        return lane_name
    if not applies(column, element.kind):
        return ""
    value = getattr(element, column)
    if column in DURATION_COLUMNS:
        value_range = range_of(element, column)
        if value_range is not None:
            return format_range(value_range, calendar)
        return "" if value is None else format_duration(value, calendar)
    return _plain(column, value)


def edit_text(element: Element, column: str, lane_name: str, calendar: WorkCalendar) -> str:
    """What the cell's editor starts with: text that parses back to the same value."""
    if column in DURATION_COLUMNS or column == "pca":
        return input_text(SPECS[column], field_value(element, SPECS[column]), calendar)
    return display_text(element, column, lane_name, calendar)


def _plain(column: str, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, StrEnum):
        return str(getattr(value, "label"))  # noqa: B009 (every choice enum has a label)
    if column == "pca":
        return format_percent(value)
    return str(value)


# -- parsing --------------------------------------------------------------------------------------

# Typed as these enums, not StrEnum: StrEnum has no label, which every choice shows.
Choice = ElementKind | ValueCategory | Automation
_CHOICE_ENUMS: dict[str, type[Choice]] = {
    "kind": ElementKind,
    "value_category": ValueCategory,
    "automation": Automation,
}


def _members(column: str) -> list[Choice]:
    """What a choice column offers, in order: the kinds a row can be, or the whole enum."""
    enum = _CHOICE_ENUMS[column]
    return list(ROW_KINDS) if enum is ElementKind else list(enum)


def parse_cell(column: str, text: str, calendar: WorkCalendar) -> dict[str, Any]:
    """The element fields a cell's text sets; empty text clears optional values."""
    text = text.strip()
    try:
        if column in _CHOICE_ENUMS:
            return {column: parse_choice(column, text)}
        if column in SPECS and column != "lane":
            spec = SPECS[column]
            return field_changes(spec, parse_field(spec, text, calendar))
    except ValueError as error:
        raise RowError(column, str(error)) from None
    raise ValueError(f"unknown column {column!r}")


def parse_choice(column: str, text: str) -> Choice:
    """A kind, category or automation from any start of its label or value, any case."""
    members = _members(column)
    wanted = text.strip().lower()
    if not wanted:
        return members[0]
    for member in members:
        if wanted in (member.value, member.label.lower()):
            return member
    matches = [
        m for m in members
        if m.label.lower().startswith(wanted) or m.value.startswith(wanted)
    ]
    if len(matches) == 1:
        return matches[0]
    labels = ", ".join(choices(column))
    raise ValueError(f"'{text.strip()}' is not one of {labels}")


def parse_row(cells: dict[str, str], calendar: WorkCalendar) -> StepRow:
    """A whole row of text (columns missing or empty take their defaults); raises RowError."""
    fields: dict[str, Any] = {}
    kind = None
    if cells.get("kind", "").strip():
        fields.update(parse_cell("kind", cells["kind"], calendar))
        kind = fields["kind"]
    for column in COLUMNS:
        text = cells.get(column, "")
        if column in ("lane", "kind") or not text.strip():
            continue
        if kind is not None and not applies(column, kind):
            raise RowError(column, "a queue does no work; give it a wait time only")
        fields.update(parse_cell(column, text, calendar))
    if not fields.get("name"):
        raise RowError("name", "give the step a name")
    return StepRow(fields, cells.get("lane", "").strip())


# -- pasting from a spreadsheet -------------------------------------------------------------------


def split_pasted(text: str) -> list[dict[str, str]]:
    """Tab-separated rows (as spreadsheets copy them) in the table's column order, as cells.

    A first row that names the columns is a header and is skipped; empty rows are skipped.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    rows = [line.split("\t") for line in lines if line.strip()]
    if rows and _is_header(rows[0]):
        rows = rows[1:]
    if len(rows) > MAX_PASTED_ROWS:
        raise ValueError(f"at most {MAX_PASTED_ROWS} rows can be pasted at once")
    return [dict(zip(COLUMNS, (cell.strip() for cell in row), strict=False)) for row in rows]


def _is_header(cells: list[str]) -> bool:
    known = {title.lower() for title in TITLES.values()} | set(COLUMNS)
    names = [cell.strip().lower() for cell in cells if cell.strip()]
    return bool(names) and all(name in known for name in names)


def lane_by_name(lanes: Iterable[Lane], name: str) -> Lane | None:
    """The lane with this name, ignoring case and spaces around it; None if there is none."""
    wanted = name.strip().casefold()
    return next((lane for lane in lanes if lane.name.strip().casefold() == wanted), None)
