"""Shared by the canvas items: z order, level of detail, the VSM symbols' outlines."""

from __future__ import annotations

import math

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QPainterPath, QPolygonF
from PySide6.QtWidgets import QGraphicsRectItem, QStyleOptionGraphicsItem

from vsm_desktop.drawing.geometry import Point

from ..style import CanvasStyle

# Level of detail by zoom: below NAME_DETAIL shapes only; from there a step shows its name
# and wait in large type on the wait colour (the summary); the small print (data boxes, arrow
# labels, badges) from FINE_DETAIL, where a 9 px data label is still 5.4 px on screen. A
# presentation raises both until no text is under CanvasStyle.min_text_px (fine_detail()).
NAME_DETAIL = 0.18
FINE_DETAIL = 0.6
MAX_LABEL_WIDTH = 150.0  # arrow labels longer than this are elided
ARROW_GRAB_WIDTH = 12.0  # how close to an arrow a click still hits it

Z_LANE = -100.0
Z_LADDER = -90.0
Z_KAIZEN_LINK = -5.0
Z_CONNECTION = 0.0
Z_ELEMENT = 10.0
Z_PREVIEW = 500.0
Z_EDITOR = 1000.0


def level_of_detail(painter: QPainter) -> float:
    return QStyleOptionGraphicsItem.levelOfDetailFromTransform(painter.worldTransform())


def fine_detail(style: CanvasStyle) -> float:
    """The zoom from which the data boxes' smallest text is legible with this style."""
    smallest = style.data_label_font.pixelSize()
    return max(FINE_DETAIL, style.min_text_px / smallest)


def factory_path(rect: QRectF) -> QPainterPath:
    """The VSM customer/supplier symbol: a building with a saw-tooth roof."""
    path = QPainterPath()
    roof_height = rect.height() * 0.38
    base_top = rect.top() + roof_height
    teeth = 3
    tooth_width = rect.width() / teeth
    path.moveTo(rect.left(), rect.bottom())
    path.lineTo(rect.left(), base_top)
    for tooth in range(teeth):
        left = rect.left() + tooth * tooth_width
        path.lineTo(left + tooth_width, rect.top())
        path.lineTo(left + tooth_width, base_top)
    path.lineTo(rect.right(), rect.bottom())
    path.closeSubpath()
    return path


def burst_polygon(rect: QRectF, points: int = 12) -> QPolygonF:
    """The kaizen burst: a star whose spikes alternate between two radii."""
    polygon = QPolygonF()
    centre = rect.center()
    for index in range(points * 2):
        angle = math.pi * index / points - math.pi / 2
        share = 1.0 if index % 2 == 0 else 0.72
        polygon.append(
            QPointF(
                centre.x() + math.cos(angle) * rect.width() / 2 * share,
                centre.y() + math.sin(angle) * rect.height() / 2 * share,
            )
        )
    return polygon


def clip_to_rect(rect: QRectF, inside: QPointF, outside: QPointF) -> QPointF:
    """Where the segment from a point inside rect to a point outside crosses rect's border."""
    dx, dy = outside.x() - inside.x(), outside.y() - inside.y()
    candidates = []
    if dx:
        for edge_x in (rect.left(), rect.right()):
            t = (edge_x - inside.x()) / dx
            y = inside.y() + t * dy
            if 0 <= t <= 1 and rect.top() - 0.01 <= y <= rect.bottom() + 0.01:
                candidates.append(t)
    if dy:
        for edge_y in (rect.top(), rect.bottom()):
            t = (edge_y - inside.y()) / dy
            x = inside.x() + t * dx
            if 0 <= t <= 1 and rect.left() - 0.01 <= x <= rect.right() + 0.01:
                candidates.append(t)
    if not candidates:
        return QPointF(inside)
    t = min(candidates)
    return QPointF(inside.x() + t * dx, inside.y() + t * dy)


def draw_tag(painter: QPainter, style: CanvasStyle, text: str, anchor: QPointF, brush, pen):
    """A small rounded pill with text, its top-right corner at anchor."""
    metrics = style.tag_metrics
    width = metrics.horizontalAdvance(text) + 10
    height = metrics.height() + 2
    rect = QRectF(anchor.x() - width, anchor.y(), width, height)
    painter.setPen(style.slack_pen)
    painter.setBrush(brush)
    painter.drawRoundedRect(rect, height / 2, height / 2)
    painter.setPen(pen)
    painter.setFont(style.tag_font)
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)


class BoundedItem(QGraphicsRectItem):
    """A custom-painted item whose bounding rect Qt keeps in C++ (set with set_bounds).

    Without a scene index Qt asks every item for its bounds on every paint: 11,000 calls into
    Python per frame on a 5,000-element map, most of a frame's time. A rect item answers from
    C++; it draws nothing of its own (no pen, no brush) because subclasses paint.
    """

    def __init__(self) -> None:
        super().__init__()
        self.setPen(Qt.PenStyle.NoPen)

    def set_bounds(self, rect: QRectF) -> None:
        self.setRect(rect)


def arrow_head_points(before: Point, tip: Point) -> list[Point]:
    """The corners of the filled head at the end of an arrow whose last stretch runs from
    before to tip (none when that stretch has no length)."""
    dx, dy = tip[0] - before[0], tip[1] - before[1]
    if dx == 0 and dy == 0:
        return []
    angle = math.atan2(dy, dx)
    size, spread = 11.0, 0.42
    return [
        tip,
        (tip[0] - size * math.cos(angle - spread), tip[1] - size * math.sin(angle - spread)),
        (tip[0] - size * math.cos(angle + spread), tip[1] - size * math.sin(angle + spread)),
    ]


def arrow_head(tangent: QLineF) -> QPolygonF:
    """The filled head at the end of an arrow whose last stretch is tangent."""
    corners = arrow_head_points((tangent.x1(), tangent.y1()), (tangent.x2(), tangent.y2()))
    return QPolygonF([QPointF(x, y) for x, y in corners])
