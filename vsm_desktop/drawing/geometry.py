"""Rectangles and points in scene units (y grows downwards, as on the canvas)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

Point = tuple[float, float]
K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def centre(self) -> Point:
        return (self.left + self.right) / 2, (self.top + self.bottom) / 2

    def united(self, other: Box) -> Box:
        return Box(
            min(self.left, other.left),
            min(self.top, other.top),
            max(self.right, other.right),
            max(self.bottom, other.bottom),
        )

    def expanded(self, margin: float) -> Box:
        return Box(self.left - margin, self.top - margin, self.right + margin, self.bottom + margin)

    def intersects(self, other: Box) -> bool:
        """Touching counts: used to ask what a drawing area may show."""
        return not (
            other.left > self.right
            or other.right < self.left
            or other.top > self.bottom
            or other.bottom < self.top
        )

    def overlaps(self, other: Box) -> bool:
        """Sharing some area; boxes that only touch do not overlap."""
        return (
            self.left < other.right
            and other.left < self.right
            and self.top < other.bottom
            and other.top < self.bottom
        )

    def contains(self, point: Point) -> bool:
        return self.left <= point[0] <= self.right and self.top <= point[1] <= self.bottom


def segment_crosses(start: Point, end: Point, box: Box) -> bool:
    """Whether the straight segment passes through the inside of the box (Liang-Barsky)."""
    dx, dy = end[0] - start[0], end[1] - start[1]
    low, high = 0.0, 1.0
    for p, q in (
        (-dx, start[0] - box.left),
        (dx, box.right - start[0]),
        (-dy, start[1] - box.top),
        (dy, box.bottom - start[1]),
    ):
        if p == 0:
            if q <= 0:
                return False
            continue
        t = q / p
        if p < 0:
            low = max(low, t)
        else:
            high = min(high, t)
        if low >= high:
            return False
    return True


class BoxIndex:
    """Boxes bucketed on a coarse grid, so "what lies near here" does not scan the whole map."""

    def __init__(self, cell: float = 200.0) -> None:
        self.cell = cell
        self._cells: dict[tuple[int, int], list[Box]] = defaultdict(list)

    def _keys(self, box: Box) -> Iterator[tuple[int, int]]:
        cell = self.cell
        for column in range(int(box.left // cell), int(box.right // cell) + 1):
            for row in range(int(box.top // cell), int(box.bottom // cell) + 1):
                yield column, row

    def add(self, box: Box) -> None:
        for key in self._keys(box):
            self._cells[key].append(box)

    def add_all(self, boxes: Iterable[Box]) -> None:
        for box in boxes:
            self.add(box)

    def near(self, box: Box) -> set[Box]:
        found: set[Box] = set()
        for key in self._keys(box):
            found.update(self._cells.get(key, ()))
        return found

    def any_overlap(self, box: Box) -> bool:
        return any(box.overlaps(other) for other in self.near(box))


class GridIndex(Generic[K]):
    """Keys placed by the grid cells their boxes cover, so "what lies in this area" looks at a
    few cells instead of the whole map. Putting a key again moves it (a dragged element)."""

    def __init__(self, cell: float = 400.0) -> None:
        self.cell = cell
        self._cells: dict[tuple[int, int], dict[K, Box]] = {}
        self._boxes: dict[K, Box] = {}

    def _keys(self, box: Box) -> Iterator[tuple[int, int]]:
        cell = self.cell
        for column in range(int(box.left // cell), int(box.right // cell) + 1):
            for row in range(int(box.top // cell), int(box.bottom // cell) + 1):
                yield column, row

    def put(self, key: K, box: Box) -> None:
        self.discard(key)
        self._boxes[key] = box
        for cell in self._keys(box):
            self._cells.setdefault(cell, {})[key] = box

    def discard(self, key: K) -> None:
        box = self._boxes.pop(key, None)
        if box is None:
            return
        for cell in self._keys(box):
            keys = self._cells[cell]
            del keys[key]
            if not keys:
                del self._cells[cell]

    def clear(self) -> None:
        self._cells.clear()
        self._boxes.clear()

    def box(self, key: K) -> Box | None:
        return self._boxes.get(key)

    def within(self, area: Box) -> dict[K, Box]:
        """The keys whose boxes meet the area (touching counts), with their boxes."""
        found: dict[K, Box] = {}
        for cell in self._keys(area):
            for key, box in self._cells.get(cell, {}).items():
                if key not in found and box.intersects(area):
                    found[key] = box
        return found
