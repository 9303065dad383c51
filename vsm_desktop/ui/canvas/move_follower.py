"""A model move of many elements (auto layout, its undo) followed by the canvas in slices.

Moving the items of 5,000 elements and routing their 6,405 arrows held the window for about a
second at once. The model has moved already, in one undo step; the canvas catches up in slices
of at most SLICE_SECONDS between which the window answers: the items first (what a gesture
starts from), then the arrows and idea lines around the outlines where they are now, then the
map's extent. The canvas shows its last picture meanwhile and paints once at the end. Each
slice reads the document as it is then, so an edit made meanwhile is drawn right. The window
counts it as work under way (`busy`) until the last slice.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection, Iterator
from itertools import islice
from typing import Protocol

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QGraphicsView

from ..sliced_steps import SLICE_SECONDS  # one slice length for all the window's sliced work

MANY = 300  # moves of fewer elements are followed at once (an arrange of a selection)


class FollowingScene(Protocol):
    """What the follower asks of the scene (canvas/scene.py)."""

    @property
    def editable(self) -> bool: ...

    def sync_element_positions(self, element_ids: Collection[str]) -> None: ...
    def moved_lines(self, moved: Collection[str]) -> Iterator[Callable[[], None]]: ...
    def update_extent(self) -> None: ...
    def views(self) -> list[QGraphicsView]: ...


class MoveFollower(QObject):
    """Follows large model moves in slices; `followed` once the canvas has caught up."""

    followed = Signal()

    def __init__(self, scene: FollowingScene, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._scene = scene
        self._items: dict[str, None] = {}  # moved elements whose items wait to be moved
        self._moved: dict[str, None] = {}  # all moved since the follow began
        self._lines: Iterator[Callable[[], None]] | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._slice)

    @property
    def busy(self) -> bool:
        return bool(self._items) or self._lines is not None

    def follow(self, element_ids: Collection[str]) -> None:
        """These elements moved in the model: every item first, then each arrow and idea line
        touching them once, around the outlines where they are now (one at a time, an arrow
        between two moved elements was routed twice per end). Few at once; many in slices,
        after which the lines of any earlier move still being followed are routed again too."""
        if len(element_ids) < MANY or not self._scene.editable:  # read-only: nobody waits
            self._scene.sync_element_positions(element_ids)
            for route in self._scene.moved_lines(dict.fromkeys(element_ids)):
                route()
            return
        self._hold_views(True)
        self._items.update(dict.fromkeys(element_ids))
        self._moved.update(dict.fromkeys(element_ids))
        self._lines = None  # routed once all items stand where the model has them
        self._timer.start()

    def forget(self) -> None:
        """The scene was rebuilt for another map: nothing of the old one is left to follow."""
        self._hold_views(False)
        self._timer.stop()
        self._items.clear()
        self._moved.clear()
        self._lines = None

    def _hold_views(self, held: bool) -> None:
        """The canvas keeps its last picture until the move is followed, then paints once:
        a repaint after each slice drew the half-moved map over and over (a pile of 5,000
        elements laid out took a minute of painting)."""
        for view in self._scene.views():
            view.viewport().setUpdatesEnabled(not held)

    def _slice(self) -> None:
        deadline = time.perf_counter() + SLICE_SECONDS
        while self._items:  # each slice gets on by at least one batch or one line
            batch = list(islice(self._items, 50))
            for element_id in batch:
                del self._items[element_id]
            self._scene.sync_element_positions(batch)
            if time.perf_counter() >= deadline:
                break
        if not self._items:
            if self._lines is None:
                self._lines = self._scene.moved_lines(dict(self._moved))
            for route in self._lines:
                route()
                if time.perf_counter() >= deadline:
                    break
            else:
                self._lines = None
                self._moved.clear()
                self._scene.update_extent()
                self._hold_views(False)
                self.followed.emit()
                return
        self._timer.start()
