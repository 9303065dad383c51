"""What the canvas shows about all elements at once, counted as elements come, change and go
(O(change) per edit, where recounting walked every element): how many each lane holds (its
header says so) and the largest wait in the flow (what the wait shading compares with)."""

from __future__ import annotations

from vsm_desktop.model import Element


class ElementTally:
    def __init__(self) -> None:
        self._lane_of: dict[str, str | None] = {}  # element id -> the lane it is counted in
        self._lane_counts: dict[str | None, int] = {}
        self._waits: dict[str, float] = {}  # in-flow element id -> its wait
        self._largest: float | None = 0.0  # None: the element that had it changed or went

    def clear(self) -> None:
        self._lane_of.clear()
        self._lane_counts.clear()
        self._waits.clear()
        self._largest = 0.0

    def lane_count(self, lane_id: str | None) -> int:
        return self._lane_counts.get(lane_id, 0)

    @property
    def largest_wait(self) -> float:
        if self._largest is None:
            self._largest = max(self._waits.values(), default=0.0)
        return self._largest

    def _set_wait(self, element_id: str, wait: float | None) -> None:
        old = self._waits.pop(element_id, None) if wait is None else self._waits.get(element_id)
        if wait is not None:
            self._waits[element_id] = wait
        largest = self._largest
        if largest is None:
            return
        if wait is not None and wait >= largest:
            self._largest = wait
        elif old is not None and old >= largest:
            self._largest = None  # measured again when asked

    def put(self, element: Element) -> set[str | None]:
        """The element as it is now (new or changed); the lanes whose count changed."""
        self._set_wait(element.id, (element.wait_time or 0.0) if element.kind.in_flow else None)
        counted = element.id in self._lane_of
        before = self._lane_of.get(element.id)
        if counted and before == element.lane_id:
            return set()
        self._lane_of[element.id] = element.lane_id
        counts = self._lane_counts
        counts[element.lane_id] = counts.get(element.lane_id, 0) + 1
        if not counted:
            return {element.lane_id}
        counts[before] -= 1
        return {before, element.lane_id}

    def discard(self, element_id: str) -> set[str | None]:
        """The element is gone; the lanes whose count changed."""
        self._set_wait(element_id, None)
        if element_id not in self._lane_of:
            return set()
        lane_id = self._lane_of.pop(element_id)
        self._lane_counts[lane_id] -= 1
        return {lane_id}
