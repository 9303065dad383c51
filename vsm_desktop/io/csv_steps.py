"""Steps as a CSV table, for people who already list their process in a spreadsheet.

Columns: id,name,kind,lane,process_time,wait_time,pca,people,predecessors,rework,notes.
Rows are numbered as a spreadsheet shows them (the header is row 1). Import builds a whole map:
lanes by name in order of first appearance, flow from predecessors, rework loops, a Start before
every row nothing feeds and an End after every row that feeds nothing, then the auto layout.
Export writes what import reads back: every flow element but start and end (they are implied).

A spreadsheet runs a cell that starts with =, +, -, @, tab or carriage return as a formula, so a
step named "=HYPERLINK(...)" could act when a colleague double-clicks the file. Export writes such
a cell with a leading apostrophe (the spreadsheet's own "this is text" mark, which it does not
show); import removes exactly that apostrophe and keeps the rest verbatim, so names come back as
they were. The file is UTF-8 with a byte order mark, which Excel needs to show accents.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
from pydantic import ValidationError
from pydantic_core import ErrorDetails

from ..model.calendar import WorkCalendar
from ..model.elements import (
    MAX_NAME_LENGTH,
    Connection,
    ConnectionKind,
    Element,
    ElementKind,
    Lane,
    MapInfo,
)
from ..model.fields import CONNECTION_FIELDS, ELEMENT_FIELDS, parse_field
from ..model.layout import LayoutLimitError, flow_columns, laid_out
from ..model.ranges import ValueRange, range_of
from ..model.units import (
    Estimate,
    exact_number,
    format_percent,
    format_range_input,
    hours_per_unit,
    parse_duration,
    parse_duration_estimate,
    parse_percent_estimate,
)
from ..model.value_stream_map import MAX_CONNECTIONS, MAX_ELEMENTS, MAX_LANES, ValueStreamMap
from .atomic_write import atomic_write
from .errors import VsmFileError, from_validation_error
from .safe_read import read_regular_file
from .vsm_file import MAX_IMPORT_BYTES

COLUMNS = (
    "id", "name", "kind", "lane", "process_time", "wait_time", "pca", "people",
    "predecessors", "rework", "notes",
)  # fmt: skip
REQUIRED_COLUMNS = ("id", "name")
ROW_KINDS = (ElementKind.STEP, ElementKind.QUEUE, ElementKind.APPROVAL)
# The columns that hold an element's figures, each read as its field says (model/fields.py).
_VALUE_COLUMNS = ("process_time", "wait_time", "pca", "people")
# Apostrophes first so that a name that itself starts with "'=" survives the round trip too.
_FORMULA_START = re.compile(r"^'*[=+\-@\t\r]")
TEXT_MARK = "'"
# Makes the error for one cell of the row being read, from what is wrong with it.
Fail = Callable[[str], VsmFileError]


@dataclass
class _Row:
    number: int
    element: Element
    lane_name: str
    predecessors: list[str] = field(default_factory=list)
    rework: list[tuple[str, Estimate]] = field(default_factory=list)


# -- import ----------------------------------------------------------------------------------


def load_steps_csv(
    path: str | Path, calendar: WorkCalendar | None = None, notices: list[str] | None = None
) -> ValueStreamMap:
    """Build a laid-out map from a CSV file; raises VsmFileError naming row and column.
    notices: gets one line for each value the import left out (a queue's process time)."""
    path = Path(path)
    data = read_regular_file(path, MAX_IMPORT_BYTES, "steps table")
    try:
        text = data.decode("utf-8-sig")  # spreadsheets like to start with a byte order mark
    except UnicodeDecodeError as error:
        raise VsmFileError(
            f"the bytes at position {error.start} are not UTF-8 text; save the sheet as "
            "'CSV UTF-8'",
            path=path,
        ) from error
    title = path.stem.replace("_", " ").replace("-", " ").strip().capitalize()
    return loads_steps_csv(
        text, source=path, calendar=calendar, title=title or None, notices=notices
    )


def loads_steps_csv(
    text: str,
    source: str | Path = "<memory>",
    calendar: WorkCalendar | None = None,
    title: str | None = None,
    notices: list[str] | None = None,
) -> ValueStreamMap:
    calendar = calendar or WorkCalendar()
    notices = notices if notices is not None else []
    delimiter = detect_delimiter(text)
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter,
                                  strict=True))
    except csv.Error as error:
        raise VsmFileError(f"not a readable CSV table: {error}", path=source) from None
    records = [record for record in records if any(cell.strip() for cell in record)]
    if not records:
        raise VsmFileError(
            "the file is empty; expected a header row: " + ",".join(COLUMNS), path=source
        )
    header = _read_header(records[0], source)
    if len(records) == 1:
        raise VsmFileError("the table has a header but no steps", path=source)
    most_steps = MAX_ELEMENTS - 2  # the import adds a start and an end
    if len(records) - 1 > most_steps:
        raise VsmFileError(
            f"the table has {len(records) - 1:,} steps; a map holds at most {MAX_ELEMENTS:,} "
            f"elements, so at most {most_steps:,} steps besides the start and end the import "
            "adds: split the table into several maps",
            path=source,
        )
    rows = [
        _read_row(record, header, number, calendar, source, notices)
        for number, record in enumerate(records[1:], start=2)
    ]
    return _build_map(rows, calendar, source, title)


def detect_delimiter(text: str) -> str:
    """Comma, or what Excel writes where the decimal mark is a comma (German, French: a
    semicolon), or a tab: whichever splits the header row into our column names."""
    header_line = next((line for line in text.splitlines() if line.strip()), "")
    for delimiter in (",", ";", "\t"):
        cells = next(csv.reader([header_line], delimiter=delimiter), [])
        if len(cells) > 1 and all(cell.strip().lower() in COLUMNS for cell in cells):
            return delimiter
    return ","


def _read_header(record: list[str], source: str | Path) -> list[str]:
    header = [cell.strip().lower() for cell in record]
    for index, name in enumerate(header):
        if name not in COLUMNS:
            raise VsmFileError(
                f"unknown column '{record[index].strip()}'; the columns are " + ",".join(COLUMNS),
                path=source,
                row=1,
            )
        if header.index(name) != index:
            raise VsmFileError(f"the column '{name}' appears twice", path=source, row=1)
    for name in REQUIRED_COLUMNS:
        if name not in header:
            raise VsmFileError(f"the column '{name}' is missing", path=source, row=1)
    return header


def _read_row(
    record: list[str],
    header: list[str],
    number: int,
    calendar: WorkCalendar,
    source: str | Path,
    notices: list[str],
) -> _Row:
    if len(record) > len(header):
        raise VsmFileError(
            f"has {len(record)} cells but the header has {len(header)} columns "
            "(a comma inside a name needs quotes)",
            path=source,
            row=number,
        )
    cells = {name: "" for name in COLUMNS}
    cells.update({name: _cell_text(value) for name, value in zip(header, record, strict=False)})

    def fail(column: str, detail: str) -> VsmFileError:
        return VsmFileError(detail, path=source, row=number, field=column)

    if not cells["id"]:
        raise fail("id", "every row needs an id so that other rows can refer to it")
    kind_text = cells["kind"].lower() or ElementKind.STEP.value
    try:
        kind = ElementKind(kind_text)
    except ValueError:
        kind = None
    if kind not in ROW_KINDS:
        allowed = ", ".join(k.value for k in ROW_KINDS)
        extra = (
            " (start and end are added for you)"
            if kind in (ElementKind.START, ElementKind.END)
            else ""
        )
        raise fail("kind", f"'{cells['kind']}' is not a kind of step; use {allowed}{extra}")

    values: dict[str, object] = {}
    for column in _VALUE_COLUMNS:
        spec = ELEMENT_FIELDS[column]
        if cells[column] and not spec.applies_to(kind):
            # A queue is wait only: the analysis would ignore the value, so it is not imported.
            notices.append(
                f"Row {number} ('{cells['name'] or cells['id']}'): a queue is wait only, so its "
                f"{spec.phrase} '{cells[column]}' was left out."
            )
        elif cells[column]:
            try:
                value = parse_field(spec, cells[column], calendar)
            except ValueError as error:
                raise fail(column, str(error)) from None
            values.update(value.fields(column) if isinstance(value, Estimate) else {column: value})
    try:
        element = Element(
            id=cells["id"], kind=kind, name=cells["name"], notes=cells["notes"], **values
        )
    except ValidationError as error:
        problem = error.errors(include_url=False)[0]
        column = str(problem["loc"][0]) if problem["loc"] else "id"
        raise fail(column, _short_reason(problem)) from None
    if len(cells["lane"]) > MAX_NAME_LENGTH:
        raise fail("lane", f"is longer than {MAX_NAME_LENGTH} characters")
    predecessors = list(dict.fromkeys(_split_ids(cells["predecessors"])))
    rework = [
        _rework_pair(pair, lambda detail: fail("rework", detail))
        for pair in _split_ids(cells["rework"])
    ]
    return _Row(number, element, cells["lane"], predecessors, rework)


def _cell_text(value: str) -> str:
    """A cell as the export meant it: a text-marked formula verbatim, anything else trimmed."""
    if value.startswith(TEXT_MARK) and _FORMULA_START.match(value):
        return value[len(TEXT_MARK) :]
    return value.strip()


def spreadsheet_safe(text: str) -> str:
    """The cell text a spreadsheet shows as text, never runs as a formula."""
    return TEXT_MARK + text if _FORMULA_START.match(text) else text


def _short_reason(problem: ErrorDetails) -> str:
    ctx = problem.get("ctx") or {}
    if problem["type"] == "string_too_long":
        return f"is longer than {ctx.get('max_length')} characters"
    if problem["type"] == "less_than_equal":
        return f"must be at most {ctx.get('le')} (got {problem.get('input')})"
    if problem["type"] == "greater_than_equal":
        return f"must be at least {ctx.get('ge')} (got {problem.get('input')})"
    return str(problem["msg"])


def _split_ids(text: str) -> list[str]:
    return [part.strip() for part in text.split(";") if part.strip()]


def _rework_pair(text: str, fail: Fail) -> tuple[str, Estimate]:
    target, separator, percent = text.rpartition(":")
    if not separator or not target.strip():
        raise fail(f"'{text}' should be ID:PERCENT, for example S4:25 or S4:10-30")
    try:
        share = parse_field(CONNECTION_FIELDS["rework_percent"], percent)
    except ValueError as error:
        raise fail(str(error)) from None
    if share is None:
        raise fail(f"'{text}' should be ID:PERCENT, for example S4:25 or S4:10-30")
    return target.strip(), share


def _build_map(
    rows: list[_Row], calendar: WorkCalendar, source: str | Path, title: str | None
) -> ValueStreamMap:
    first_row: dict[str, int] = {}
    for row in rows:
        if row.element.id in first_row:
            raise VsmFileError(
                f"the id '{row.element.id}' is already used in row {first_row[row.element.id]}",
                path=source,
                row=row.number,
                field="id",
            )
        first_row[row.element.id] = row.number

    lanes: dict[str, Lane] = {}
    for row in rows:
        if row.lane_name and row.lane_name not in lanes:
            lanes[row.lane_name] = Lane(name=row.lane_name)
        row.element.lane_id = lanes[row.lane_name].id if row.lane_name else None

    connections: list[Connection] = []
    flow = nx.DiGraph()
    flow.add_nodes_from(first_row)
    for row in rows:
        for column, targets in (
            ("predecessors", row.predecessors),
            ("rework", [target for target, _ in row.rework]),
        ):
            for other in targets:
                if other not in first_row:
                    raise VsmFileError(
                        f"'{other}' is not the id of any row", path=source, row=row.number,
                        field=column,
                    )  # fmt: skip
                if other == row.element.id:
                    raise VsmFileError(
                        "a row cannot refer to itself", path=source, row=row.number, field=column
                    )
        for predecessor in row.predecessors:
            flow.add_edge(predecessor, row.element.id)
            connections.append(Connection(source_id=predecessor, target_id=row.element.id))
        for target, share in row.rework:
            connections.append(
                Connection(
                    kind=ConnectionKind.REWORK,
                    source_id=row.element.id,
                    target_id=target,
                    **share.fields("rework_percent"),
                )
            )
    _refuse_flow_loops(flow, first_row, source)

    elements = [row.element for row in rows]
    followed = {c.source_id for c in connections if c.kind is ConnectionKind.FLOW}
    openers = [row.element for row in rows if not row.predecessors]
    closers = [row.element for row in rows if row.element.id not in followed]
    start = Element(kind=ElementKind.START, name="Customer request", lane_id=openers[0].lane_id)
    end = Element(kind=ElementKind.END, name="Value realised", lane_id=closers[-1].lane_id)
    connections += [Connection(source_id=start.id, target_id=e.id) for e in openers]
    connections += [Connection(source_id=e.id, target_id=end.id) for e in closers]
    _refuse_over_limit(len(lanes), len(connections), source)
    try:
        value_stream_map = ValueStreamMap(
            info=MapInfo(title=title or MapInfo().title),
            calendar=calendar,
            lanes=list(lanes.values()),
            elements=[start, *elements, end],
            connections=connections,
        )
    except ValidationError as error:
        raise from_validation_error(error, None, source) from None
    try:
        return laid_out(value_stream_map)
    except LayoutLimitError as error:
        raise VsmFileError(f"cannot lay the steps out: {error}", path=source) from None


def _refuse_over_limit(lane_count: int, connection_count: int, source: str | Path) -> None:
    if lane_count > MAX_LANES:
        raise VsmFileError(
            f"the 'lane' column names {lane_count:,} different lanes; a map holds at most "
            f"{MAX_LANES:,} lanes",
            path=source,
        )
    if connection_count > MAX_CONNECTIONS:
        raise VsmFileError(
            f"the predecessors and rework columns, with the start and end the import adds, "
            f"make {connection_count:,} connections; a map holds at most "
            f"{MAX_CONNECTIONS:,}: split the table into several maps",
            path=source,
        )


def _refuse_flow_loops(flow: nx.DiGraph, first_row: dict[str, int], source: str | Path
                       ) -> None:
    try:
        cycle = nx.find_cycle(flow)
    except nx.NetworkXNoCycle:
        return
    path = " → ".join([edge[0] for edge in cycle] + [cycle[0][0]])
    raise VsmFileError(
        f"the predecessors form a loop ({path}); work sent back belongs in the rework column",
        path=source,
        row=max(first_row[edge[1]] for edge in cycle),
        field="predecessors",
    )


# -- export ----------------------------------------------------------------------------------


def dumps_steps_csv(value_stream_map: ValueStreamMap) -> str:
    """The CSV text for every step, queue and approval, in flow order."""
    calendar = value_stream_map.calendar
    lanes = {lane.id: lane.name for lane in value_stream_map.lanes}
    columns = flow_columns(value_stream_map)
    rows = sorted(
        (e for e in value_stream_map.elements if e.kind in ROW_KINDS),
        key=lambda e: columns.get(e.id, 0),
    )  # sorted() is stable: within a column the map's own order stays
    exported = {e.id for e in rows}
    predecessors: dict[str, list[str]] = {e.id: [] for e in rows}
    rework: dict[str, list[str]] = {e.id: [] for e in rows}
    for connection in value_stream_map.connections:
        if connection.target_id not in exported or connection.source_id not in exported:
            continue
        if connection.kind is ConnectionKind.FLOW:
            predecessors[connection.target_id].append(connection.source_id)
        elif connection.kind is ConnectionKind.REWORK:
            share_range = range_of(connection, "rework_percent")
            share = (_exact_range_text(share_range, None).rstrip("%") if share_range
                     else exact_number(connection.rework_percent))
            rework[connection.source_id].append(f"{connection.target_id}:{share}")
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for element in rows:
        cells = [
            element.id,
            element.name,
            element.kind.value,
            lanes.get(element.lane_id, "") if element.lane_id else "",
            _estimate_text(element, "process_time", calendar),
            _estimate_text(element, "wait_time", calendar),
            format_percent(element.pca, exact=True),
            "" if element.people is None else str(element.people),
            ";".join(dict.fromkeys(predecessors[element.id])),
            ";".join(rework[element.id]),
            element.notes,
        ]
        writer.writerow([spreadsheet_safe(cell) for cell in cells])
    return buffer.getvalue()


def save_steps_csv(value_stream_map: ValueStreamMap, path: str | Path) -> None:
    """Write UTF-8 with a byte order mark: without it Excel reads the file as a legacy code page."""
    atomic_write(path, dumps_steps_csv(value_stream_map).encode("utf-8-sig"))


def _estimate_text(element: Element, field: str, calendar: WorkCalendar) -> str:
    value_range = range_of(element, field)
    if value_range is None:
        return exact_duration_text(getattr(element, field), calendar)
    return _exact_range_text(value_range, calendar)


def _exact_range_text(value_range: ValueRange, calendar: WorkCalendar | None) -> str:
    """The range as typed when that reads back to the same values, else in plain hours."""
    typed = format_range_input(value_range, calendar)
    reader: Callable[[str], Estimate | None] = (
        (lambda text: parse_percent_estimate(text, 99)) if value_range.unit == "%"
        else (lambda text: parse_duration_estimate(text, calendar))
    )
    read_back = reader(typed)
    if read_back is not None and read_back.range == value_range:
        return typed
    bounds = [value_range.low, value_range.likely, value_range.high]
    suffix = "%" if value_range.unit == "%" else "h"
    return "-".join(exact_number(v) for v in bounds if v is not None) + suffix


def exact_duration_text(hours: float | None, calendar: WorkCalendar) -> str:
    """The most readable "3d" / "1.5wk" / "45min" that parses back to exactly these hours."""
    if hours is None:
        return ""
    if hours == 0:
        return "0h"
    for unit, suffix in (("week", "wk"), ("day", "d"), ("hour", "h"), ("minute", "min")):
        amount = hours / hours_per_unit(unit, calendar)
        if amount < 1 or round(amount, 3) != amount:
            continue
        text = exact_number(amount) + suffix
        if parse_duration(text, calendar) == hours:
            return text
    return exact_number(hours) + "h"  # repr() digits: exact, if not pretty
