"""How far the map's items reach, kept up to date as they change: O(change) per edit.

The scene measured every item's bounds at the end of every edit (tens of milliseconds on a
5,000-element map, for an edit that moved one element). An Extent keeps each item's box in
plain numbers and the union of them all; a box that grows widens the union at once, and only
a box that leaves the union's edge (it shrinks, moves in, or goes) makes the union be measured
again, from the kept numbers, when it is next asked.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Generic, TypeVar

from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene

from vsm_desktop.drawing import Box

from .items import ElementItem

K = TypeVar("K", bound=Hashable)


class Extent(Generic[K]):
    """The union of boxes kept by key; None while there are none."""

    def __init__(self) -> None:
        self._boxes: dict[K, Box] = {}
        self._union: Box | None = None
        self._stale = False  # a box on the union's edge drew back: measured again when asked

    def __len__(self) -> int:
        return len(self._boxes)

    def put(self, key: K, box: Box) -> None:
        """The key's box is now `box` (a new key, or one whose item moved or changed)."""
        old = self._boxes.get(key)
        self._boxes[key] = box
        if self._stale:
            return
        union = self._union  # (not stale: the union of the boxes before, None for none)
        if union is None:
            self._union = box
        elif old is not None and _draws_back(old, box, union):
            self._stale = True
        else:
            self._union = union.united(box)

    def discard(self, key: K) -> None:
        old = self._boxes.pop(key, None)
        if old is not None and not self._stale and self._union is not None:
            self._stale = _draws_back(old, None, self._union)

    def clear(self) -> None:
        self._boxes.clear()
        self._union, self._stale = None, False

    def union(self) -> Box | None:
        if self._stale:
            self._stale = False
            boxes = self._boxes.values()
            self._union = Box(
                min(box.left for box in boxes),
                min(box.top for box in boxes),
                max(box.right for box in boxes),
                max(box.bottom for box in boxes),
            ) if boxes else None  # fmt: skip
        return self._union


def _draws_back(old: Box, new: Box | None, union: Box) -> bool:
    """Whether the union may shrink: `old` reached one of its edges and `new` (None: the box
    is gone) does not reach as far."""
    if new is None:
        return (old.left <= union.left or old.top <= union.top
                or old.right >= union.right or old.bottom >= union.bottom)  # fmt: skip
    return ((old.left <= union.left < new.left) or (old.top <= union.top < new.top)
            or (new.right < union.right <= old.right)
            or (new.bottom < union.bottom <= old.bottom))  # fmt: skip


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
