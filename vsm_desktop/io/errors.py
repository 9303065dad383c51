"""One error type for every way a map file can fail to load or save.

The message is what the user reads in a dialog, so it names the file, the element (by its name
when it has one) and the field, and says what was expected: "map.vsm: element 'Risk review'
(id 3f2…): field 'wait_time': must be ≥ 0 (got -3)".
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

Loc = tuple[int | str, ...]  # where pydantic found a problem: field names and list indexes

# Where in the map a pydantic location points: the list name and how to call one of its items.
_COLLECTIONS = {"elements": "element", "connections": "connection", "lanes": "lane"}
_SECTIONS = {"info": "map info", "calendar": "calendar"}
# The model's own reference checks already name what they mean; pick the parts out for callers.
_MODEL_MESSAGE = re.compile(
    r"^(?P<kind>element|connection|lane) (?:'(?P<name>[^']*)' \((?P<id>[^)]*)\)|(?P<bare_id>\S+))"
    r"(?:: field '(?P<field>\w+)')?"
)
_LONG_WORD = re.compile("[^\\s'\"\u201c\u201d]{81,}")  # a run without spaces or quotes
_DUPLICATE_ELEMENT = re.compile(r"^two elements share the id '(?P<id>.*)'")


class VsmFileError(Exception):
    """A map file (or CSV) that cannot be read or written, with a message fit for the user.

    path: the file; element: the element's name (or id) the problem is in, if any; element_id:
    its id; field: the field or CSV column; row: the CSV row (header = row 1), if any.
    """

    def __init__(
        self,
        detail: str,
        *,
        path: str | Path | None = None,
        element: str | None = None,
        element_id: str | None = None,
        field: str | None = None,
        row: int | None = None,
        location: str | None = None,
    ) -> None:
        self.path = Path(path) if path is not None and str(path) != "<memory>" else path
        self.element = element
        self.element_id = element_id
        self.field = field
        self.row = row
        self.location = location
        detail = _elide_long_words(detail)
        self.detail = detail
        self.message = _compose(self.file_name, detail, location, element, element_id, field, row)
        super().__init__(self.message)

    @property
    def file_name(self) -> str:
        if self.path is None:
            return "<memory>"
        return Path(self.path).name if isinstance(self.path, Path) else str(self.path)


def _elide_long_words(text: str) -> str:
    """A quoted cell of 5,000 digits or a name without spaces would fill the dialog: such a run
    keeps its first 40 characters and says how long it was."""
    return _LONG_WORD.sub(lambda m: f"{m.group()[:40]}… ({len(m.group()):,} characters)", text)


def _compose(
    file_name: str,
    detail: str,
    location: str | None,
    element: str | None,
    element_id: str | None,
    field: str | None,
    row: int | None,
) -> str:
    if row is not None:
        where = f"{file_name} row {row}"
        if field:
            where += f", column '{field}'"
        return f"{where}: {detail}"
    parts = [file_name]
    if location:
        parts.append(location)
    if field:
        parts.append(f"field '{field}'")
    return ": ".join([*parts, detail])


def from_validation_error(
    error: ValidationError, data: Any, path: str | Path | None
) -> VsmFileError:
    """Translate pydantic's first complaint about the "map" object into words about the map."""
    errors = error.errors(include_url=False)
    first = errors[0]
    loc = tuple(first["loc"])
    detail = _describe(first)
    if len(errors) > 1:
        more = len(errors) - 1
        detail += f" (and {more} more problem{'s' if more > 1 else ''})"
    if not loc:
        return _from_model_message(detail, data, path)
    location, element, element_id, rest = _locate(loc, data)
    field = ".".join(str(part) for part in rest) or None
    return VsmFileError(
        detail, path=path, element=element, element_id=element_id, field=field, location=location
    )


def _locate(loc: Loc, data: Any) -> tuple[str | None, str | None, str | None, Loc]:
    """(location text, element name, element id, remaining loc) for a pydantic loc."""
    head = loc[0]
    if isinstance(head, str) and head in _COLLECTIONS and len(loc) >= 2 and isinstance(
            loc[1], int):
        what = _COLLECTIONS[head]
        item = _item(data, head, loc[1])
        item_id = _text(item.get("id")) if item else None
        item_name = _text(item.get("name") or item.get("label")) if item else None
        if item_name and item_id:
            location = f"{what} '{item_name}' (id {item_id})"
        elif item_id:
            location = f"{what} {item_id}"
        else:
            location = f"{what} number {loc[1] + 1}"
        element = (item_name or item_id) if what == "element" else None
        element_id = item_id if what == "element" else None
        return location, element, element_id, loc[2:]
    if isinstance(head, str) and head in _SECTIONS:
        return _SECTIONS[head], None, None, loc[1:]
    return None, None, None, loc


def _item(data: Any, collection: str, index: int) -> Mapping[str, Any] | None:
    items = data.get(collection) if isinstance(data, Mapping) else None
    if isinstance(items, Sequence) and 0 <= index < len(items):
        item = items[index]
        return item if isinstance(item, Mapping) else None
    return None


def _text(value: Any) -> str | None:
    if isinstance(value, str) and value:
        return value if len(value) <= 80 else value[:77] + "…"
    return None


def _from_model_message(detail: str, data: Any, path: str | Path | None) -> VsmFileError:
    """Model-level checks (unique ids, references) already say which item; keep their words."""
    duplicate = _DUPLICATE_ELEMENT.match(detail)
    if duplicate:
        element_id = duplicate.group("id")
        return VsmFileError(
            detail,
            path=path,
            element=_element_name(data, element_id) or element_id,
            element_id=element_id,
        )
    match = _MODEL_MESSAGE.match(detail)
    if not match or match.group("kind") != "element":
        return VsmFileError(detail, path=path)
    name = match.group("name")
    element_id = match.group("id") or match.group("bare_id")
    error = VsmFileError(detail, path=path, element=name or element_id, element_id=element_id)
    error.field = match.group("field")  # set after composing: the detail already names it
    return error


def _element_name(data: Any, element_id: str) -> str | None:
    elements = data.get("elements") if isinstance(data, Mapping) else None
    for item in elements if isinstance(elements, list) else []:
        if isinstance(item, Mapping) and item.get("id") == element_id:
            return _text(item.get("name"))
    return None


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "…"


def _number(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return f"{value:,.0f}" if abs(value) >= 10_000 else str(int(value))
    return str(value)


def _describe(error: Mapping[str, Any]) -> str:
    """A plain-language sentence for one pydantic error."""
    kind = error["type"]
    ctx = error.get("ctx") or {}
    got = error.get("input")
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    comparisons = {
        "greater_than_equal": ("≥", "ge"),
        "greater_than": (">", "gt"),
        "less_than_equal": ("≤", "le"),
        "less_than": ("<", "lt"),
    }
    if kind in comparisons:
        sign, key = comparisons[kind]
        return f"must be {sign} {_number(ctx.get(key))} (got {_shown(got)})"
    if kind == "string_too_long":
        return f"is longer than {ctx.get('max_length')} characters"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "too_long":
        return f"has more than {ctx.get('max_length')} entries (got {ctx.get('actual_length')})"
    if kind == "missing":
        return "is required but missing"
    if kind == "enum":
        return f"must be one of {ctx.get('expected')} (got {_shown(got)})"
    if kind == "finite_number":
        return f"must be a finite number (got {_shown(got)})"
    if kind.startswith(("float_", "int_")):
        whole = " whole" if kind.startswith("int_") else ""
        return f"must be a{whole} number (got {_shown(got)})"
    if kind.startswith("string_"):
        return f"must be text (got {_shown(got)})"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"must be an object (got {_shown(got)})"
    if kind in ("list_type", "tuple_type"):
        return f"must be a list (got {_shown(got)})"
    return f"{error['msg']} (got {_shown(got)})"
