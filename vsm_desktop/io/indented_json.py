"""The text `json.dumps(value, indent=2, ensure_ascii=False, allow_nan=False)` writes, made by
the C encoder one record at a time.

With an indent, json.dumps runs its pure-Python encoder: about 0.6 s for a 5,000-element map
with two states, on a worker that shares the interpreter lock with the window. Without an
indent it uses the C encoder, which writes the separators it is given verbatim. So a record
whose values are all plain (numbers, text, null, empty lists) is written in one C call whose
item separator is the newline and the indent of its depth; only the containers above the
records are walked here. JSON text never holds a raw newline inside a string (it is written
as \\n), so the layout cannot be confused with the data.
"""

from __future__ import annotations

import json
from typing import Any

_INDENT = "  "
_TEXT = frozenset({str})
_SCALARS = frozenset({str, int, float, bool, type(None)})


def dumps_indented(value: Any) -> str:
    """As json.dumps(value, indent=2, ensure_ascii=False, allow_nan=False), character for
    character (ValueError for NaN or infinity, TypeError for what JSON cannot hold)."""
    parts: list[str] = []
    _write(value, 0, parts)
    return "".join(parts)


def _write(value: Any, depth: int, parts: list[str]) -> None:
    if isinstance(value, (dict, list, tuple)) and not value:
        parts.append("{}" if isinstance(value, dict) else "[]")
    elif isinstance(value, dict):
        if not _TEXT.issuperset(map(type, value)):
            parts.append(_reindented(value, depth))  # keys that json turns into text
        elif _is_flat(value.values()):
            parts.append(_flat(value, depth))
        else:
            _write_object(value, depth, parts)
    elif isinstance(value, (list, tuple)):
        if _is_flat(value):
            parts.append(_flat(value, depth))
        else:
            _write_array(value, depth, parts)
    else:
        parts.append(_encoder(depth).encode(value))


def _write_object(value: dict[str, Any], depth: int, parts: list[str]) -> None:
    inner = "\n" + _INDENT * (depth + 1)
    opening = "{" + inner
    for key, item in value.items():
        parts.append(opening)
        parts.append(_encoder(depth).encode(key))
        parts.append(": ")
        _write(item, depth + 1, parts)
        opening = "," + inner
    parts.append("\n" + _INDENT * depth + "}")


def _write_array(value: list[Any] | tuple[Any, ...], depth: int, parts: list[str]) -> None:
    inner = "\n" + _INDENT * (depth + 1)
    opening = "[" + inner
    for item in value:
        parts.append(opening)
        _write(item, depth + 1, parts)
        opening = "," + inner
    parts.append("\n" + _INDENT * depth + "]")


def _is_flat(values: Any) -> bool:
    """Nothing below needs a line of its own: plain scalars only (asked of every record, so
    in C; anything else, an empty list too, takes the walk, which writes it the same)."""
    return _SCALARS.issuperset(map(type, values))


def _flat(value: dict[str, Any] | list[Any] | tuple[Any, ...], depth: int) -> str:
    """A non-empty container of scalars: one C call writes '{a,<newline+indent>b}'."""
    text = _encoder(depth).encode(value)
    return text[0] + "\n" + _INDENT * (depth + 1) + text[1:-1] + "\n" + _INDENT * depth + text[-1]


def _reindented(value: Any, depth: int) -> str:
    """Keys that are not text (json writes 1, 1.5, true, null as text) by json itself, moved
    to this depth: rare, and its rules for them stay its own."""
    text = json.dumps(value, indent=len(_INDENT), ensure_ascii=False, allow_nan=False)
    return text.replace("\n", "\n" + _INDENT * depth)


_ENCODERS: dict[int, json.JSONEncoder] = {}


def _encoder(depth: int) -> json.JSONEncoder:
    """The C encoder whose item separator breaks the line to the items' indent at `depth`."""
    encoder = _ENCODERS.get(depth)
    if encoder is None:
        encoder = json.JSONEncoder(
            ensure_ascii=False,
            allow_nan=False,
            separators=(",\n" + _INDENT * (depth + 1), ": "),
        )
        _ENCODERS[depth] = encoder
    return encoder
