"""Ordered upgrades of the file's "map" object, one pure function per format version.

A function in MIGRATIONS turns the map of version N (its key) into the map of version N + 1.
To introduce version 2: raise CURRENT_VERSION to 2, write `_v1_to_v2(data) -> data` and add
`1: _v1_to_v2` below. Files are upgraded in memory when opened; they are written back in the
current version on the next save.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

Migration = Callable[[dict[str, Any]], dict[str, Any]]

CURRENT_VERSION = 1

MIGRATIONS: dict[int, Migration] = {}


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
