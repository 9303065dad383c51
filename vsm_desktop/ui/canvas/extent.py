"""How far the map's items reach, kept up to date as they change: O(change) per edit.

The scene measured every item's bounds at the end of every edit (tens of milliseconds on a
5,000-element map, for an edit that moved one element). An Extent keeps each item's box in
plain numbers, the union of them all and how many boxes reach each of its edges (a row of
elements shares its top); a box that grows widens the union at once, and only when the last
box at an edge draws back (it shrinks, moves in, or goes) is the union measured again, from
the kept numbers, when it is next asked.
"""

from __future__ import annotations

import math
from collections.abc import Hashable
from typing import Generic, TypeVar

from PySide6.QtCore import QRectF
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene

from vsm_desktop.drawing import Box

from .items import ElementItem

K = TypeVar("K", bound=Hashable)


class Extent(Generic[K]):
    """The union of boxes kept by key; None while there are none."""

    def __init__(self) -> None:
        self._boxes: dict[K, Box] = {}
        self._edges: list[float] = []  # the union's left, top, right, bottom ([]: no boxes)
        self._at_edge = [0, 0, 0, 0]  # how many boxes reach each of those edges
        self._stale = False  # the last box at an edge drew back: measured again when asked

    def __len__(self) -> int:
        return len(self._boxes)

    def put(self, key: K, box: Box) -> None:
        """The key's box is now `box` (a new key, or one whose item moved or changed)."""
        old = self._boxes.get(key)
        self._boxes[key] = box
        if old is not None and not self._stale:
            self._leave(old)
        if not self._stale:
            self._enter(box)

    def discard(self, key: K) -> None:
        old = self._boxes.pop(key, None)
        if old is not None and not self._stale:
            self._leave(old)

    def clear(self) -> None:
        self._boxes.clear()
        self._edges, self._stale = [], False

    def union(self) -> Box | None:
        if self._stale:
            self._measure()
        return Box(*self._edges) if self._edges else None

    def _enter(self, box: Box) -> None:
        sides = _sides(box)
        if not self._edges:
            self._edges, self._at_edge = list(sides), [1, 1, 1, 1]
            return
        edges, counts = self._edges, self._at_edge
        for side, (reach, edge) in enumerate(zip(sides, edges, strict=True)):
            if reach == edge:
                counts[side] += 1
            elif (reach < edge) if side < 2 else (reach > edge):  # left and top: smaller
                edges[side], counts[side] = reach, 1

    def _leave(self, box: Box) -> None:
        """A box drew back or went: the union shrinks only if it was the last at an edge."""
        for side, (reach, edge) in enumerate(zip(_sides(box), self._edges, strict=True)):
            if reach == edge:
                self._at_edge[side] -= 1
                self._stale = self._stale or not self._at_edge[side]

    def _measure(self) -> None:
        self._stale = False
        self._edges = []
        for box in self._boxes.values():
            self._enter(box)


def _sides(box: Box) -> tuple[float, float, float, float]:
    return box.left, box.top, box.right, box.bottom


class ItemReach:
    """How far a scene's elements, and its arrows and idea lines, reach: the items reshaped
    (added, moved, changed, removed) since last asked are measured when it is next asked."""

    def __init__(self, scene: QGraphicsScene) -> None:
        self._scene = scene
        self._elements: Extent[QGraphicsItem] = Extent()
        self._lines: Extent[QGraphicsItem] = Extent()
        self._reshaped: set[QGraphicsItem] = set()

    def reshaped(self, item: QGraphicsItem) -> None:
        self._reshaped.add(item)

    def clear(self) -> None:
        self._elements.clear()
        self._lines.clear()
        self._reshaped.clear()

    def measure(self) -> tuple[Box | None, Box | None]:
        """How far the elements reach, and the arrows and idea lines (None: there are none)."""
        for item in self._reshaped:
            extent = self._elements if isinstance(item, ElementItem) else self._lines
            if item.scene() is self._scene and item.isVisible():
                rect = item.sceneBoundingRect()
                extent.put(item, Box(rect.left(), rect.top(), rect.right(), rect.bottom()))
            else:  # removed (or hidden while a gesture's preview stands in for it)
                extent.discard(item)
        self._reshaped.clear()
        return self._elements.union(), self._lines.union()


def united_bounds(rects, families) -> QRectF:
    """The union of some rects and of the scene bounds of the visible items of some families,
    in plain numbers; null rects add nothing (as QRectF.united has it)."""
    left = top = math.inf
    right = bottom = -math.inf
    boxes = [rect.getRect() for rect in rects]
    for family in families:
        boxes += [item.sceneBoundingRect().getRect() for item in family if item.isVisible()]
    for x, y, width, height in boxes:
        if width == 0 and height == 0:
            continue
        left, top = min(left, x), min(top, y)
        right, bottom = max(right, x + width), max(bottom, y + height)
    if left > right:
        return QRectF()
    return QRectF(left, top, right - left, bottom - top)
