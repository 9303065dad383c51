"""Ordered upgrades of the file's content (the envelope without format, version and
generator), one pure function per format version.

A function in MIGRATIONS turns the content of version N (its key) into that of version N + 1.
To introduce a version: raise CURRENT_VERSION, write `_vN_to_vN1(data) -> data` and add it
below. Files are upgraded in memory when opened; they are written back in the current version
on the next save.

Version 1 held one map: {"map": {...}}. Version 2 holds the current state and any future
states: {"maps": [{...}, ...]}.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

Migration = Callable[[dict[str, Any]], dict[str, Any]]

CURRENT_VERSION = 2


def _v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    upgraded = {key: value for key, value in data.items() if key != "map"}
    upgraded["maps"] = [data["map"]]
    return upgraded


MIGRATIONS: dict[int, Migration] = {1: _v1_to_v2}


def migrate(
    data: dict[str, Any],
    from_version: int,
    *,
    steps: Mapping[int, Migration] = MIGRATIONS,
    current: int = CURRENT_VERSION,
) -> dict[str, Any]:
    """Apply every migration from from_version up to current, in order."""
    for version in range(from_version, current):
        step = steps.get(version)
        if step is None:
            raise LookupError(f"there is no upgrade from file format {version} to {version + 1}")
        data = step(data)
    return data
