"""The .vsm file: a small JSON envelope around the map, read defensively and saved atomically.

    {"format": "vsm-desktop", "version": 1, "generator": "VSM Desktop 0.1.0", "map": {...}}

Files come from e-mail attachments and shared drives, so reading trusts nothing: size, encoding,
JSON syntax, nesting, numbers, envelope and version are checked before pydantic validates the
map. Every failure is one VsmFileError whose message names the file, element and field.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any, NamedTuple

from pydantic import ValidationError

from ..model.value_stream_map import (
    MAX_STATES,
    MapStates,
    ReviewBase,
    ValueStreamMap,
    check_states,
)
from .atomic_write import atomic_write
from .errors import VsmFileError, from_validation_error
from .indented_json import dumps_indented
from .migrations import CURRENT_VERSION, migrate
from .safe_read import read_regular_file

FORMAT_NAME = "vsm-desktop"
FILE_SUFFIX = ".vsm"
# The largest map the model allows (MAX_ELEMENTS, 20,000 elements) with its future state, the
# app's usual pair, is 53.4 MB as saved (1.3 KB an element, its connections included): 64 MB
# leaves a fifth for names and notes.
MAX_FILE_BYTES = 64 * 1024 * 1024
# A memory bomb packs values, not bytes: "[]," makes a 64-byte list of 3 bytes of file, so the
# old 20 MB limit allowed about 450 MB of empty lists. Above that size a file may hold at most
# this many values, counted by the commas, colons and opening brackets before them (see
# _over_the_limits), 32-60 bytes each at worst: the worst case stays about 450 MB, while that
# 53.4 MB map counts 3.2 million.
MAX_JSON_VALUES = 7_000_000
_VALUES_COUNTED_ABOVE = 3 * MAX_JSON_VALUES  # 21 MB: 7 million "[]," at most
# Steps tables and draw.io files are read whole into other structures (csv rows, an XML tree):
# they keep the limit all files had.
MAX_IMPORT_BYTES = 20 * 1024 * 1024
MAX_NESTING = 64
MAX_INTEGER_DIGITS = 1000  # beyond Python refuses in its own words (4,300)
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def load_states(path: str | Path) -> MapStates:
    """Read a .vsm file with all its states; raises VsmFileError (and nothing else)."""
    path = Path(path)
    return loads_states(read_regular_file(path, MAX_FILE_BYTES, "map file"), source=path)


def load_map(path: str | Path) -> ValueStreamMap:
    """Read the current state of a .vsm file (the first map)."""
    return load_states(path).current


def loads_map(data: bytes | str, source: str | Path = "<memory>") -> ValueStreamMap:
    return loads_states(data, source).current


def loads_states(data: bytes | str, source: str | Path = "<memory>") -> MapStates:
    """Parse the content of a .vsm file; source is the path used in error messages."""
    excess = _over_the_limits(data)
    if excess is not None:
        raise VsmFileError(f"{excess.when_read()}, so this is probably not a map file",
                           path=source)
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise VsmFileError(
                f"not a map file: the bytes at position {error.start} are not valid UTF-8 text",
                path=source,
            ) from error
    else:
        text = data
    envelope = _parse_json(text, source)
    version = _check_envelope(envelope, source)
    content = {k: v for k, v in envelope.items() if k not in ("format", "version", "generator")}
    try:
        content = migrate(content, version)
    except VsmFileError:
        raise
    except Exception as error:  # a migration meeting data it did not expect
        raise VsmFileError(
            f"could not upgrade from file format {version}: {error}", path=source
        ) from error
    raw_maps = content.get("maps")
    if not isinstance(raw_maps, list) or not raw_maps:
        raise VsmFileError('the "maps" entry must be a list of at least one map', path=source)
    if len(raw_maps) > MAX_STATES:
        raise VsmFileError(
            f"the file holds {len(raw_maps)} maps; at most {MAX_STATES} states fit in one file",
            path=source,
        )
    maps = [_validate_map(raw, source, index) for index, raw in enumerate(raw_maps)]
    review_base = _validate_review_base(content.get("review_base"), source)
    try:
        check_states(maps)
    except ValueError as error:
        raise VsmFileError(str(error), path=source) from None
    # Every part is validated and the list's length checked above: MapStates(maps=...) would
    # run each map's reference check again (pydantic runs after-validators on instances too),
    # 9 ms for 10,000 elements.
    return MapStates.model_construct(maps=maps, review_base=review_base)


def _validate_map(raw_map: Any, source: str | Path, index: int) -> ValueStreamMap:
    where = None if index == 0 else f"state {index + 1}"
    if not isinstance(raw_map, dict):
        raise VsmFileError("each map must be an object", path=source, location=where)
    try:
        return ValueStreamMap.model_validate(raw_map)
    except ValidationError as error:
        found = from_validation_error(error, raw_map, source)
        if where is None:
            raise found from None
        location = ": ".join(part for part in (where, found.location) if part)
        raise VsmFileError(found.detail, path=source, element=found.element,
                           element_id=found.element_id, field=found.field,
                           location=location) from None
    except (ValueError, TypeError, OverflowError, RecursionError) as error:
        raise VsmFileError(f"the map is not valid: {error}", path=source,
                           location=where) from error


def _validate_review_base(raw: Any, source: str | Path) -> ReviewBase | None:
    """The copy-for-review snapshot; written only by "Save a Copy for Review…"."""
    if raw is None:
        return None
    where = "review base"
    if not isinstance(raw, dict) or not isinstance(raw.get("maps"), list) or not raw["maps"]:
        raise VsmFileError('the "review_base" entry must hold a list of maps', path=source,
                           location=where)
    if len(raw["maps"]) > MAX_STATES:
        raise VsmFileError(f"the review base holds more than {MAX_STATES} maps", path=source,
                           location=where)
    maps = []
    for index, raw_map in enumerate(raw["maps"]):
        try:
            maps.append(_validate_map(raw_map, source, index))
        except VsmFileError as error:
            location = ": ".join(part for part in (where, error.location) if part)
            raise VsmFileError(error.detail, path=source, element=error.element,
                               element_id=error.element_id, field=error.field,
                               location=location) from None
    try:
        return ReviewBase.model_validate({**raw, "maps": maps})
    except ValidationError as error:
        problem = error.errors(include_url=False)[0]
        field = ".".join(str(part) for part in problem["loc"])
        raise VsmFileError(problem["msg"], path=source, field=field, location=where) from None


def dumps_states(states: MapStates) -> str:
    """The file's text: stable key order (the model's), indented, UTF-8 friendly, newline at end."""
    from .. import __version__  # read on first save: opening a map does not need it

    envelope: dict[str, Any] = {
        "format": FORMAT_NAME,
        "version": CURRENT_VERSION,
        "generator": f"VSM Desktop {__version__}",
        "maps": [m.model_dump(mode="json") for m in states.maps],
    }
    if states.review_base is not None:  # only files that went out for review carry it
        envelope["review_base"] = states.review_base.model_dump(mode="json")
    # json.dumps(indent=2) exactly, a record per C call (indented_json.py): the pure-Python
    # indenting encoder held the save worker 0.6 s at 5,000 elements beside the window.
    return dumps_indented(envelope) + "\n"


def dumps_map(value_stream_map: ValueStreamMap) -> str:
    return dumps_states(MapStates(maps=[value_stream_map]))


def save_map(value_stream_map: ValueStreamMap, path: str | Path, keep_backup: bool = True) -> None:
    """Write a file holding this one map (see save_states for several states)."""
    save_states(MapStates(maps=[value_stream_map]), path, keep_backup)


def save_states(states: MapStates, path: str | Path, keep_backup: bool = True) -> None:
    """Write the file atomically; the previous file stays as name.vsm.bak when keep_backup."""
    try:
        data = dumps_states(states).encode("utf-8")
    except (ValueError, TypeError) as error:
        raise VsmFileError(f"could not save: {error}", path=path) from error
    excess = _over_the_limits(data)
    if excess is not None:  # never write a file that could not be opened again
        raise VsmFileError(
            f"could not save: {excess.when_saved()}; shorten long notes or split the map",
            path=path,
        )
    atomic_write(path, data, keep_backup=keep_backup)


# -- reading, step by step -------------------------------------------------------------------


class _Excess(NamedTuple):
    """What a file's content has too much of: its size, or its count of JSON values."""

    in_bytes: bool
    amount: str  # "70.0 MB", "8,000,000"
    limit: str  # "64 MB", "7,000,000"

    def when_read(self) -> str:
        if self.in_bytes:
            return f"the file is {self.amount}; map files are at most {self.limit}"
        return f"the file holds up to {self.amount} values; map files hold at most {self.limit}"

    def when_saved(self) -> str:
        if self.in_bytes:
            return f"the map would take {self.amount} and map files are at most {self.limit}"
        return (f"the map would hold up to {self.amount} values and map files hold at most "
                f"{self.limit}")


def _over_the_limits(data: bytes | str) -> _Excess | None:
    """Whether a file's content is too much to read, checked before parsing. Values are
    counted by the marks before them: every JSON value but the first follows a comma, a colon
    or an opening bracket (marks inside strings only make the count larger)."""
    size = len(data)
    if size > MAX_FILE_BYTES:
        return _Excess(True, f"{size / 1024 / 1024:.1f} MB", f"{MAX_FILE_BYTES // 1024 // 1024} MB")
    if size <= _VALUES_COUNTED_ABOVE:
        return None
    if isinstance(data, str):
        values = sum(data.count(mark) for mark in (",", ":", "[", "{"))
    else:
        values = sum(data.count(mark) for mark in (b",", b":", b"[", b"{"))
    if values > MAX_JSON_VALUES:
        return _Excess(False, f"{values:,}", f"{MAX_JSON_VALUES:,}")
    return None


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number a map can hold")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"the number {text[:40]} is too large")
    return value


def _bounded_int(text: str) -> int:
    """No field of a map needs more than a few digits; a number with thousands of them is
    refused in words (Python's own message would name one of its settings)."""
    digits = len(text.lstrip("-"))
    if digits > MAX_INTEGER_DIGITS:
        raise ValueError(
            f"the number {text[:12]}… has {digits:,} digits, far more than a map holds"
        )
    return int(text)


def _object_without_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        duplicate = ""
        for key, _ in pairs:
            if key in seen:
                duplicate = key
                break
            seen.add(key)
        raise ValueError(f'the key "{duplicate[:60]}" appears twice in one object')
    return result


def _parse_json(text: str, source: str | Path) -> Any:
    try:
        value = json.loads(
            text,
            parse_constant=_refuse_constant,
            parse_float=_finite_float,
            parse_int=_bounded_int,
            object_pairs_hook=_object_without_duplicates,
        )
    except json.JSONDecodeError as error:
        cut_off = error.pos >= len(text.rstrip()) - 1 or error.msg.startswith("Unterminated")
        hint = "; the file looks cut off" if cut_off else ""
        raise VsmFileError(
            f"not a valid map file: {error.msg} (line {error.lineno}, column {error.colno}){hint}",
            path=source,
        ) from None
    except RecursionError:
        raise VsmFileError(_too_deep(), path=source) from None
    except ValueError as error:  # refused constant, huge number, duplicate key, int too long
        raise VsmFileError(f"not a valid map file: {error}", path=source) from None
    if _depth_exceeds(value, MAX_NESTING):
        raise VsmFileError(_too_deep(), path=source)
    if _SURROGATE_ESCAPE.search(text) and _has_lone_surrogate(value):
        # "\ud800" parses, but such text could never be saved again as UTF-8.
        raise VsmFileError(
            "not a valid map file: it holds a broken character escape (a lone \\ud800-"
            "\\udfff surrogate)",
            path=source,
        )
    return value


def _has_lone_surrogate(value: Any) -> bool:
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return True
        elif isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return False


def _too_deep() -> str:
    return f"not a map file: its data is nested more than {MAX_NESTING} levels deep"


def _depth_exceeds(value: Any, limit: int) -> bool:
    """Whether containers nest more than `limit` deep, one level at a time (no recursion to
    exhaust). json.loads makes only plain dicts and lists, so comparing types is enough: over
    the 400,000 values of a 10,000-element map it takes 16 ms where isinstance took 26."""
    containers = [value] if type(value) is dict or type(value) is list else []
    depth = 0
    while containers:
        depth += 1
        if depth > limit:
            return True
        containers = [
            item
            for container in containers
            for item in (container.values() if type(container) is dict else container)
            if type(item) is dict or type(item) is list
        ]
    return False


def _check_envelope(envelope: Any, source: str | Path) -> int:
    if not isinstance(envelope, dict):
        raise VsmFileError("not a map file: it does not hold a JSON object", path=source)
    file_format = envelope.get("format")
    if file_format != FORMAT_NAME:
        shown = 'no "format" entry' if file_format is None else f"format {file_format!r:.60}"
        raise VsmFileError(
            f'not a VSM Desktop map file ({shown}; expected "{FORMAT_NAME}")', path=source
        )
    version = envelope.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise VsmFileError(
            f"the file format version must be a whole number (got {version!r:.40})", path=source
        )
    if version > CURRENT_VERSION:
        raise VsmFileError(
            f"was written by a newer VSM Desktop (file format {version}); this version reads "
            f"up to {CURRENT_VERSION}. Please update.",
            path=source,
        )
    if version < 1:
        raise VsmFileError(f"unknown file format version {version}", path=source)
    content_key = "map" if version == 1 else "maps"
    if content_key not in envelope:
        raise VsmFileError(f'the file has no "{content_key}" entry', path=source)
    return version
