"""A map too small on screen for its items to be worth painting one by one: its lanes as they
paint themselves, and each element's symbol as a patch of its kind's border colour.

A 5,000-element map fitted into a small view comes out under a pixel a step; asking its 11,000
items to paint themselves took about a second, the sketch a few milliseconds. The overview map
and the compare window's fitted views draw it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QStyleOptionGraphicsItem

from vsm_desktop.model import ElementKind

if TYPE_CHECKING:
    from .scene import MapScene

SKETCH_BELOW_SCALE = 2 / 160  # a step (160 wide) would come out under 2 px


def element_patches(scene: MapScene) -> dict[ElementKind, list[QRectF]]:
    """Each element's symbol outline by kind, in scene coordinates: what the sketch fills."""
    return SketchPatches(scene).by_kind()


class SketchPatches:
    """A scene's element patches kept between repaints: measured once (asking 5,000 items for
    their outlines is the sketch's dearest part), then again only for the elements an edit
    changed."""

    def __init__(self, scene: MapScene) -> None:
        self._scene = scene
        self._of = {item.element_id: (item.element.kind, item.outline_rect())
                    for item in scene.element_items()}
        self._by_kind: dict[ElementKind, list[QRectF]] | None = None

    def follow(self, element_ids: Iterable[str]) -> None:
        """These elements were added, removed, moved or changed."""
        for element_id in element_ids:
            item = self._scene.element_item(element_id)
            if item is None:
                self._of.pop(element_id, None)
            else:
                self._of[element_id] = (item.element.kind, item.outline_rect())
        self._by_kind = None

    def by_kind(self) -> dict[ElementKind, list[QRectF]]:
        if self._by_kind is None:
            self._by_kind = {}
            for kind, rect in self._of.values():
                self._by_kind.setdefault(kind, []).append(rect)
        return self._by_kind


def sketch_map(
    painter: QPainter,
    scene: MapScene,
    patches: dict[ElementKind, list[QRectF]] | None = None,
) -> None:
    """Draw the sketch in scene coordinates: the painter's transform takes them to the device."""
    option = QStyleOptionGraphicsItem()
    for lane in scene.lane_items():
        option.exposedRect = lane.boundingRect()
        painter.save()
        painter.translate(lane.pos())
        lane.paint(painter, option)
        painter.restore()
    painter.save()
    painter.setPen(Qt.PenStyle.NoPen)
    for kind, rects in (element_patches(scene) if patches is None else patches).items():
        painter.setBrush(scene.canvas_style.kind_border[kind].color())
        painter.drawRects(rects)
    painter.restore()
