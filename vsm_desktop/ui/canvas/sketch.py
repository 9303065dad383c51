"""A map too small on screen for its items to be worth painting one by one: its lanes as they
paint themselves, and each element's symbol as a patch of its kind's border colour.

A 5,000-element map fitted into a small view comes out under a pixel a step; asking its 11,000
items to paint themselves took about a second, the sketch a few milliseconds. The overview map
and the compare window's fitted views draw it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QStyleOptionGraphicsItem

from vsm_desktop.model import ElementKind

if TYPE_CHECKING:
    from .scene import MapScene

SKETCH_BELOW_SCALE = 2 / 160  # a step (160 wide) would come out under 2 px


def element_patches(scene: MapScene) -> dict[ElementKind, list[QRectF]]:
    """Each element's symbol outline by kind, in scene coordinates: what the sketch fills.
    A view whose scene does not change may keep them between repaints."""
    patches: dict[ElementKind, list[QRectF]] = {}
    for item in scene.element_items():
        patches.setdefault(item.element.kind, []).append(item.outline_rect())
    return patches


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
