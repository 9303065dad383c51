"""The name a new lane gets: "Team N", the first N after the lanes there are that no lane uses."""

from __future__ import annotations

from collections.abc import Iterable

from .elements import Lane


def new_lane_name(lanes: Iterable[Lane]) -> str:
    existing = list(lanes)
    taken = {lane.name for lane in existing}
    number = len(existing) + 1
    while f"Team {number}" in taken:
        number += 1
    return f"Team {number}"
