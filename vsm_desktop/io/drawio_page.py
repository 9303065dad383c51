"""What reading any draw.io page needs: the cells by id, absolute positions, the arrows as
connections, and turning attribute text into validated model records.

Two readers build on PageReader: drawio_ours.py (pages of our own export, field for field) and
drawio_foreign.py (maps drawn by others, read by their shapes).
"""

from __future__ import annotations

import contextlib
import json
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..model import Connection, ConnectionKind, ValueStreamMap, new_id
from ..model.elements import MAX_NAME_LENGTH
from .drawio_common import INFO_EDGE_SHAPES, label_to_text, style_entries, text_to_label
from .drawio_xml import Cell
from .errors import VsmFileError

Warn = Callable[[str], None]
Record = TypeVar("Record", bound=BaseModel)


class PageReader:
    """Reads one page into a map; subclasses say how (read)."""

    ours = False  # the page came from VSM Desktop's own export

    def __init__(self, cells: list[Cell], page: str, source: str | Path,
                 warnings: list[str]) -> None:
        self.page = page
        self.source = source
        self.warnings = warnings
        self.cells = cells
        self.by_id = {cell.id: cell for cell in self.cells}

    def read(self) -> ValueStreamMap | None:
        raise NotImplementedError

    def warn(self, text: str) -> None:
        self.warnings.append(f"page '{self.page}': {text}")

    def absolute(self, cell: Cell) -> tuple[float, float, float, float]:
        x, y, width, height = cell.geometry
        seen = {cell.id}
        parent = self.by_id.get(cell.parent)
        while parent is not None and parent.vertex and parent.id not in seen:
            seen.add(parent.id)
            x += parent.geometry[0]
            y += parent.geometry[1]
            parent = self.by_id.get(parent.parent)
        return x, y, width, height

    def connections(self, cell_to_element: dict[str, str]) -> list[Connection]:
        """The arrows joining two elements; ours carry their fields, others their style."""
        ours = self.ours
        connections: list[Connection] = []
        used: set[str] = set()
        for cell in self.cells:
            if not cell.edge:
                continue
            source = self._owner(cell.source, cell_to_element)
            target = self._owner(cell.target, cell_to_element)
            described = f"the arrow {cell.text[:60]!r}" if cell.text else "an arrow"
            if source is None or target is None:
                if not (ours and cell.data.get("type") != "connection"):
                    self.warn(f"{described} does not join two elements of the map; skipped")
                continue
            if source == target:
                continue
            if ours and cell.data.get("type") == "connection":
                data = model_fields(Connection, cell.data,
                                    exclude=("source_id", "target_id", "label"))
            else:
                data = {"kind": edge_kind(cell.style).value}
            data["id"] = unique_id(data.get("id"), used)
            used.add(data["id"])
            try:
                label = (our_name(cell, "label", self.warn) if ours
                         else clip(cell.text, MAX_NAME_LENGTH))
                connections.append(Connection.model_validate({
                    **data, "source_id": source, "target_id": target, "label": label}))
            except ValidationError as error:
                problem = error.errors(include_url=False)[0]
                raise VsmFileError(problem["msg"], path=self.source,
                                   location=f"page '{self.page}': connection {data['id']}",
                                   field=".".join(str(p) for p in problem["loc"])) from None
        return connections

    def _owner(self, cell_id: str | None, cell_to_element: dict[str, str]) -> str | None:
        """The element an arrow end belongs to (an arrow may end on a label inside a box)."""
        seen: set[str] = set()
        while cell_id is not None and cell_id not in seen:
            if cell_id in cell_to_element:
                return cell_to_element[cell_id]
            seen.add(cell_id)
            cell = self.by_id.get(cell_id)
            cell_id = cell.parent if cell is not None else None
        return None

    def validated(self, data: dict[str, Any]) -> ValueStreamMap:
        try:
            return ValueStreamMap.model_validate(data)
        except ValidationError as error:
            problem = error.errors(include_url=False)[0]["msg"].removeprefix("Value error, ")
            raise VsmFileError(problem, path=self.source, location=f"page '{self.page}'"
                               ) from None


def edge_kind(style: str) -> ConnectionKind:
    entries = style_entries(style)
    if entries.get("shape") in INFO_EDGE_SHAPES or entries.get("dashed") == "1":
        return ConnectionKind.INFORMATION
    return ConnectionKind.FLOW


# -- attribute text into records -------------------------------------------------------------


def model_fields(model: type[BaseModel], data: dict[str, str],
                 exclude: tuple[str, ...] = ()) -> dict[str, Any]:
    """The model's fields found among the attributes; "" is None where the field allows it."""
    found: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if name in exclude or name not in data:
            continue
        value: Any = data[name]
        if value == "" and info.default is None:
            value = None
        elif value[:1] in ("{", "[") and not _takes(str, info.annotation):
            # A nested record written as JSON (a duration range); text stays text.
            with contextlib.suppress(ValueError):  # else pydantic names the field
                value = json.loads(value)
        elif _takes(float, info.annotation):
            # As a number, so record validators that compare values (ranges) see one.
            with contextlib.suppress(ValueError):
                value = float(value)
        found[name] = value
    return found


def _takes(kind: type, annotation: Any) -> bool:
    return annotation is kind or kind in typing.get_args(annotation)


def record(model: type[Record], values: dict[str, str]) -> Record:
    """The record the attributes describe, or the model's defaults if they do not validate."""
    cleaned = model_fields(model, values)
    try:
        return model.model_validate(cleaned)
    except ValidationError:
        return model()


def unique_id(wanted: str | None, used: set[str]) -> str:
    if wanted and 0 < len(wanted) <= 64 and wanted not in used:
        return wanted
    return new_id()


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def our_name(cell: Cell, key: str, warn: Warn) -> str:
    """The name we wrote, exactly, unless the label was edited in draw.io (then the label)."""
    written = cell.data.get(key)
    if written is not None and label_to_text(cell.label) == label_to_text(
            text_to_label(written)):
        return written
    return name_from_text(cell.text, warn)


def name_from_text(text: str, warn: Warn) -> str:
    text = " ".join(text.split("\n")).strip()
    if len(text) > MAX_NAME_LENGTH:
        warn(f"the name {text[:40]!r}… is longer than {MAX_NAME_LENGTH} characters; shortened")
        return clip(text, MAX_NAME_LENGTH)
    return text
