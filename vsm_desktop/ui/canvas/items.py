"""Graphics items that draw a value stream map in VSM notation.

Items draw what the document holds and never change it: gestures are turned into undo commands
by the scene and view. Each element item sits at its element's centre; its shape is drawn around
the origin from paths made once per refresh, with pens and brushes from the shared CanvasStyle.
"""

from __future__ import annotations

import bisect
import math
from typing import TYPE_CHECKING

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPolygonF,
)
from PySide6.QtWidgets import QGraphicsItem, QGraphicsRectItem, QStyleOptionGraphicsItem

from vsm_desktop.analysis.result import Severity
from vsm_desktop.model import (
    Connection,
    ConnectionKind,
    Element,
    ElementKind,
    HandoverMethod,
    format_duration,
)

from .style import (
    HANDLE_RADIUS,
    LADDER_HEIGHT,
    LANE_HEADER_WIDTH,
    STEP_NAME_HEIGHT,
    CanvasStyle,
    element_rect,
    wrap_text,
)

if TYPE_CHECKING:
    from vsm_desktop.analysis.result import FlowAnalysis
    from vsm_desktop.model import LaneBand

    from .scene import MapScene

# Level of detail by zoom: below NAME_DETAIL shapes only; names and lane titles from there;
# the small print (data boxes, arrow labels, badges) from FINE_DETAIL, where it is readable.
NAME_DETAIL = 0.18
FINE_DETAIL = 0.45
MAX_LABEL_WIDTH = 150.0  # arrow labels longer than this are elided
ARROW_GRAB_WIDTH = 12.0  # how close to an arrow a click still hits it

Z_LANE = -100.0
Z_LADDER = -90.0
Z_KAIZEN_LINK = -5.0
Z_CONNECTION = 0.0
Z_ELEMENT = 10.0
Z_PREVIEW = 500.0
Z_EDITOR = 1000.0


def _level_of_detail(painter: QPainter) -> float:
    return QStyleOptionGraphicsItem.levelOfDetailFromTransform(painter.worldTransform())


def _factory_path(rect: QRectF) -> QPainterPath:
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


def _burst_polygon(rect: QRectF, points: int = 12) -> QPolygonF:
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


def _clip_to_rect(rect: QRectF, inside: QPointF, outside: QPointF) -> QPointF:
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


def _draw_tag(painter: QPainter, style: CanvasStyle, text: str, anchor: QPointF, brush, pen):
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


class ElementItem(BoundedItem):
    """One element of the map. Movable and selectable; the scene records drags as commands."""

    def __init__(self, element: Element, map_scene: MapScene) -> None:
        super().__init__()
        self.element_id = element.id
        self._map_scene = map_scene
        self._syncing = False
        self._hovered = False
        self._handle_hot = False
        self.setAcceptHoverEvents(True)
        self.setZValue(Z_ELEMENT)
        self.refresh(element)
        # Only now: placing a new item need not call itemChange (a round trip into Python).
        self.setFlags(
            QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
            | QGraphicsItem.GraphicsItemFlag.ItemIsMovable
            | QGraphicsItem.GraphicsItemFlag.ItemSendsGeometryChanges
        )

    # -- geometry --------------------------------------------------------------------------

    @property
    def element(self) -> Element:
        return self._element

    def refresh(self, element: Element) -> None:
        """Re-read the element: text, shape and position."""
        self.prepareGeometryChange()
        self._element = element
        self._rect = element_rect(element.kind)
        self._build_shape()
        self._layout_text()
        self.sync_position()
        self.update()

    def sync_position(self) -> None:
        self._syncing = True
        self.setPos(self._element.x, self._element.y)
        self._syncing = False

    def _build_shape(self) -> None:
        kind, rect = self._element.kind, self._rect
        path = QPainterPath()
        if kind in (ElementKind.STEP, ElementKind.APPROVAL):
            self._outline = QRectF(rect)
            path.addRoundedRect(rect, 6, 6)
        elif kind is ElementKind.QUEUE:
            # The inventory triangle on top; name and wait are written under it.
            self._outline = QRectF(rect.left(), rect.top(), rect.width(), rect.height() * 0.6)
            path.moveTo(self._outline.center().x(), self._outline.top())
            path.lineTo(self._outline.bottomRight())
            path.lineTo(self._outline.bottomLeft())
            path.closeSubpath()
        elif kind in (ElementKind.START, ElementKind.END):
            self._outline = QRectF(
                rect.left() + 12, rect.top(), rect.width() - 24, rect.height() * 0.66
            )
            path = _factory_path(self._outline)
        elif kind is ElementKind.KAIZEN:
            self._outline = QRectF(rect)
            path.addPolygon(_burst_polygon(rect, points=14))
            path.closeSubpath()
        else:  # note: a sticky note with a folded corner
            self._outline = QRectF(rect)
            fold = 16.0
            path.moveTo(rect.topLeft())
            path.lineTo(rect.right(), rect.top())
            path.lineTo(rect.right(), rect.bottom() - fold)
            path.lineTo(rect.right() - fold, rect.bottom())
            path.lineTo(rect.left(), rect.bottom())
            path.closeSubpath()
        self._path = path
        # Room for labels that run wider than the symbol, tags above it and the handle.
        self.set_bounds(rect.united(self._outline).adjusted(-30, -24, HANDLE_RADIUS + 30, 24))

    def _layout_text(self) -> None:
        """Wrap and elide the name once per change rather than on every paint."""
        style = self._map_scene.style
        element, kind = self._element, self._element.kind
        name = element.display_name
        if kind in (ElementKind.STEP, ElementKind.APPROVAL):
            inset = 26 if kind is ElementKind.APPROVAL else 12
            self._name_rect = QRectF(
                self._rect.left() + inset,
                self._rect.top() + 4,
                self._rect.width() - inset - 10,
                STEP_NAME_HEIGHT - 8,
            )
            lines = wrap_text(
                name, style.name_metrics, self._name_rect.width(), self._fits(style.name_metrics, 3)
            )
        elif kind is ElementKind.QUEUE:
            self._name_rect = QRectF(
                self._rect.center().x() - 70, self._outline.bottom() + 2, 140, 16
            )
            lines = wrap_text(name, style.name_metrics, self._name_rect.width(), 1)
        elif kind in (ElementKind.START, ElementKind.END):
            self._name_rect = QRectF(
                self._rect.center().x() - 80, self._outline.bottom() + 2, 160, 34
            )
            lines = wrap_text(name, style.name_metrics, self._name_rect.width(), 2)
        elif kind is ElementKind.KAIZEN:
            self._name_rect = self._rect.adjusted(30, 10, -30, -10)
            lines = wrap_text(
                name, style.idea_metrics, self._name_rect.width(), self._fits(style.idea_metrics, 3)
            )
        else:
            self._name_rect = self._rect.adjusted(10, 8, -12, -14)
            text = element.name or element.notes or "Note"
            lines = wrap_text(
                text,
                style.small_metrics,
                self._name_rect.width(),
                self._fits(style.small_metrics, 5),
            )
        self._name_text = "\n".join(lines)

    def _fits(self, metrics, at_most: int) -> int:
        """How many lines of this font fit the name area (fewer with presentation text)."""
        return max(1, min(at_most, int(self._name_rect.height() // metrics.lineSpacing())))

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addRect(self._rect.united(self._outline))
        if self._handle_visible():
            path.addEllipse(self.handle_centre(), HANDLE_RADIUS + 3, HANDLE_RADIUS + 3)
        return path

    def outline_rect(self) -> QRectF:
        """The drawn symbol (not its labels) in scene coordinates: arrows clip to it."""
        return self._outline.translated(self.pos())

    def name_rect(self) -> QRectF:
        """Where the in-place editor goes, in scene coordinates."""
        return self._name_rect.translated(self.pos())

    def side_point(self, right: bool) -> QPointF:
        """Where a horizontal arrow meets the symbol's left or right side, in item coordinates.

        The inventory triangle is narrower at mid-height than its bounding box.
        """
        outline = self._outline
        inset = outline.width() / 4 if self._element.kind is ElementKind.QUEUE else 0.0
        x = outline.right() - inset if right else outline.left() + inset
        return QPointF(x, outline.center().y())

    def handle_centre(self) -> QPointF:
        return self.side_point(right=True)

    def handle_contains(self, local: QPointF) -> bool:
        if not self._map_scene.editable or not self._element.kind.in_flow:
            return False
        return QLineF(local, self.handle_centre()).length() <= HANDLE_RADIUS + 4

    def _handle_visible(self) -> bool:
        return (
            self._map_scene.editable
            and (self._hovered or self.isSelected())
            and (self._element.kind.in_flow)
        )

    # -- behaviour -------------------------------------------------------------------------

    def itemChange(self, change, value):
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionChange and not self._syncing:
            return self._map_scene.snapped(value)
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionHasChanged:
            self._map_scene.element_item_moved(self.element_id)
        if change == QGraphicsItem.GraphicsItemChange.ItemSelectedHasChanged:
            self.prepareGeometryChange()
        # QGraphicsItem.itemChange only returns value; calling it through PySide is slow.
        return value

    def hoverEnterEvent(self, event) -> None:
        self.prepareGeometryChange()
        self._hovered = True
        self.update()
        super().hoverEnterEvent(event)

    def hoverMoveEvent(self, event) -> None:
        hot = self.handle_contains(event.pos())
        if hot != self._handle_hot:
            self._handle_hot = hot
            self.setCursor(Qt.CursorShape.CrossCursor if hot else Qt.CursorShape.ArrowCursor)
            self.update()
        super().hoverMoveEvent(event)

    def hoverLeaveEvent(self, event) -> None:
        self.prepareGeometryChange()
        self._hovered = False
        self._handle_hot = False
        self.unsetCursor()
        self.update()
        super().hoverLeaveEvent(event)

    # -- painting --------------------------------------------------------------------------

    def paint(self, painter: QPainter, option, widget=None) -> None:
        scene, style = self._map_scene, self._map_scene.style
        element, kind = self._element, self._element.kind
        level = _level_of_detail(painter)
        named, detailed = level >= NAME_DETAIL, level >= FINE_DETAIL
        analysis = scene.analysis
        on_path = (
            scene.critical_path_visible
            and analysis is not None
            and element.id in scene.critical_ids
        )

        # A soft drop shadow lifts the symbol off the lane.
        if detailed and kind is not ElementKind.KAIZEN:
            painter.setPen(style.no_pen)
            painter.setBrush(style.shadow_brush)
            painter.drawPath(self._path.translated(2, 3))

        painter.setBrush(style.kind_fill[kind])
        if kind is ElementKind.QUEUE and scene.wait_shading and element.wait_time:
            painter.setBrush(style.wait_shade(element.wait_time, scene.largest_wait))
        border = style.approval_border if kind is ElementKind.APPROVAL else style.kind_border[kind]
        painter.setPen(style.critical_pen if on_path else border)
        painter.drawPath(self._path)

        if kind in (ElementKind.STEP, ElementKind.APPROVAL):
            self._paint_work_box(painter, style, detailed)
        elif detailed and kind is ElementKind.QUEUE:
            self._paint_queue(painter, style)
        elif named and kind in (ElementKind.START, ElementKind.END):
            self._paint_customer(painter, style)

        if named and self._name_text:
            painter.setPen(style.text_pen)
            font = style.name_font
            if kind is ElementKind.KAIZEN:
                font = style.idea_font
            elif kind is ElementKind.NOTE:
                font = style.small_font
            painter.setFont(font)
            align = Qt.AlignmentFlag.AlignCenter
            if kind is ElementKind.NOTE:
                align = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
            elif kind in (ElementKind.STEP, ElementKind.APPROVAL):
                align = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
            painter.drawText(self._name_rect, align, self._name_text)

        if detailed and analysis is not None:
            self._paint_analysis_tags(painter, style, analysis)

        if scene.link_target_id == self.element_id:
            painter.setPen(style.selection_pen)
            painter.setBrush(style.selection_fill)
            painter.drawRoundedRect(self._rect.united(self._outline).adjusted(-5, -5, 5, 5), 8, 8)
        elif self.isSelected():
            painter.setPen(style.selection_pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(self._rect.united(self._outline).adjusted(-5, -5, 5, 5), 8, 8)
        elif self._hovered and scene.editable:
            painter.setPen(style.hover_pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(self._rect.united(self._outline).adjusted(-4, -4, 4, 4), 8, 8)

        if self._handle_visible():
            painter.setPen(style.handle_pen)
            painter.setBrush(style.handle_hot_brush if self._handle_hot else style.handle_brush)
            painter.drawEllipse(self.handle_centre(), HANDLE_RADIUS, HANDLE_RADIUS)

    def _paint_work_box(self, painter: QPainter, style: CanvasStyle, detailed: bool) -> None:
        """The data box under a step's name: PT, Wait, %C&A and people, as in VSM notation."""
        element, rect = self._element, self._rect
        scene = self._map_scene
        data = QRectF(
            rect.left(),
            rect.top() + STEP_NAME_HEIGHT,
            rect.width(),
            rect.height() - STEP_NAME_HEIGHT,
        )
        painter.setPen(style.no_pen)
        painter.setBrush(style.data_fill)
        inner = data.adjusted(1.2, 0, -1.2, -1.2)
        painter.drawRect(inner.adjusted(0, 0, 0, -5))
        painter.drawRoundedRect(inner, 5, 5)
        half_w, half_h = data.width() / 2, data.height() / 2
        wait_cell = QRectF(data.left() + half_w, data.top(), half_w, half_h)
        if scene.wait_shading and element.wait_time:
            painter.setBrush(style.wait_shade(element.wait_time, scene.largest_wait))
            painter.drawRect(wait_cell.adjusted(0.5, 0.5, -1.5, -0.5))
        painter.setPen(style.divider_pen)
        painter.drawLine(
            QPointF(data.left() + 1, data.top()), QPointF(data.right() - 1, data.top())
        )
        if element.kind is ElementKind.APPROVAL:
            # The gate marker: an amber diamond at the left of the name.
            centre = QPointF(rect.left() + 14, rect.top() + STEP_NAME_HEIGHT / 2)
            diamond = QPolygonF(
                [
                    centre + QPointF(0, -8),
                    centre + QPointF(7, 0),
                    centre + QPointF(0, 8),
                    centre + QPointF(-7, 0),
                ]
            )
            painter.setPen(style.no_pen)
            painter.setBrush(style.approval_marker_brush)
            painter.drawPolygon(diamond)
        if not detailed:
            return
        painter.setPen(style.divider_pen)
        painter.drawLine(
            QPointF(data.center().x(), data.top() + 4),
            QPointF(data.center().x(), data.bottom() - 4),
        )
        painter.drawLine(
            QPointF(data.left() + 6, data.center().y()),
            QPointF(data.right() - 6, data.center().y()),
        )
        calendar = scene.document.calendar
        dark_wait = (
            scene.wait_shading
            and bool(element.wait_time)
            and style.wait_shade_is_dark(element.wait_time, scene.largest_wait)
        )
        cells = (
            ("PT", format_duration(element.process_time, calendar)),
            ("Wait", format_duration(element.wait_time, calendar)),
            ("%C&A", "–" if element.pca is None else f"{element.pca:g}%"),
            ("People", "–" if element.people is None else str(element.people)),
        )
        for index, (label, value) in enumerate(cells):
            cell = QRectF(
                data.left() + (index % 2) * half_w,
                data.top() + (index // 2) * half_h,
                half_w,
                half_h,
            ).adjusted(6, 2, -6, -2)
            on_dark = dark_wait and index == 1
            painter.setPen(style.white_text_pen if on_dark else style.muted_text_pen)
            painter.setFont(style.data_label_font)
            painter.drawText(
                cell, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, label
            )
            painter.setPen(style.white_text_pen if on_dark else style.text_pen)
            painter.setFont(style.data_value_font)
            painter.drawText(
                cell, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, value
            )

    def _paint_queue(self, painter: QPainter, style: CanvasStyle) -> None:
        element, outline = self._element, self._outline
        scene = self._map_scene
        dark = (
            scene.wait_shading
            and bool(element.wait_time)
            and style.wait_shade_is_dark(element.wait_time, scene.largest_wait)
        )
        painter.setPen(style.white_text_pen if dark else style.kind_border[ElementKind.QUEUE])
        painter.setFont(style.queue_letter_font)
        painter.drawText(
            outline.adjusted(0, outline.height() * 0.3, 0, 0), Qt.AlignmentFlag.AlignCenter, "I"
        )
        calendar = self._map_scene.document.calendar
        parts = [f"wait {format_duration(element.wait_time, calendar)}"]
        if element.items_waiting is not None:
            parts.append(f"{element.items_waiting} items")
        info = QRectF(self._name_rect.left(), self._name_rect.bottom(), self._name_rect.width(), 16)
        painter.setPen(style.muted_text_pen)
        painter.setFont(style.small_font)
        painter.drawText(info, Qt.AlignmentFlag.AlignCenter, " · ".join(parts))

    def _paint_customer(self, painter: QPainter, style: CanvasStyle) -> None:
        """A door on the building, and a check mark on the end (value delivered)."""
        outline = self._outline
        door = QRectF(outline.center().x() - 7, outline.bottom() - 18, 14, 18)
        painter.setPen(style.kind_border[self._element.kind])
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(door)
        if self._element.kind is ElementKind.END:
            check = QPainterPath()
            left = outline.left() + 9
            base = outline.bottom() - 11
            check.moveTo(left, base)
            check.lineTo(left + 6, base + 6)
            check.lineTo(left + 17, base - 7)
            painter.drawPath(check)

    def _paint_analysis_tags(self, painter: QPainter, style: CanvasStyle, analysis) -> None:
        scene = self._map_scene
        findings = scene.findings_by_element.get(self.element_id)
        if findings:
            # A round badge on the top-left corner: something to fix here (hover for what).
            problem = any(f.severity is Severity.PROBLEM for f in findings)
            centre = QPointF(self._rect.left() + 2, self._rect.top() + 2)
            painter.setPen(style.badge_pen)
            painter.setBrush(style.problem_brush if problem else style.warning_brush)
            painter.drawEllipse(centre, 8, 8)
            painter.setPen(style.white_text_pen)
            painter.setFont(style.tag_font)
            painter.drawText(
                QRectF(centre.x() - 8, centre.y() - 8, 16, 16), Qt.AlignmentFlag.AlignCenter, "!"
            )
        # The tag straddles the top border at the right, like a badge.
        height = style.tag_metrics.height() + 2
        top_right = QPointF(self._rect.right() - 8, self._rect.top() - height / 2)
        if self.element_id == analysis.constraint_id:
            _draw_tag(
                painter,
                style,
                "constraint",
                top_right,
                style.constraint_brush,
                style.white_text_pen,
            )
            return
        slack = analysis.slack(self.element_id)
        if slack is not None and slack > 1e-9 and self.element_id not in scene.critical_ids:
            text = f"slack {format_duration(slack, scene.document.calendar)}"
            _draw_tag(painter, style, text, top_right, style.slack_brush, style.muted_text_pen)


class ConnectionItem(BoundedItem):
    """An arrow between two elements that follows its ends; routed by kind."""

    def __init__(self, connection: Connection, map_scene: MapScene) -> None:
        super().__init__()
        self.connection_id = connection.id
        self._connection = connection
        self._map_scene = map_scene
        self._path = QPainterPath()
        self._head = QPolygonF()
        self._label = self._full_label = ""
        self._label_rect = QRectF()
        self._shape: QPainterPath | None = QPainterPath()
        self._offset = 0.0
        self._label_side = 0
        self._hovered = False
        self.setFlags(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setAcceptHoverEvents(True)
        self.setZValue(Z_CONNECTION)
        self.refresh(connection)

    @property
    def connection(self) -> Connection:
        return self._connection

    def label_rect(self) -> QRectF:
        """The drawn label's pill in scene coordinates (empty when there is no label)."""
        return QRectF(self._label_rect)

    @property
    def full_label(self) -> str:
        """The label before eliding, for the tooltip."""
        return self._full_label

    def refresh(self, connection: Connection | None = None) -> None:
        if connection is not None:
            self._connection = connection
        self.update_geometry()

    def _label_text(self) -> str:
        connection, scene = self._connection, self._map_scene
        if connection.kind is ConnectionKind.REWORK:
            return f"↺ {connection.rework_percent:g}%"
        if connection.kind is ConnectionKind.INFORMATION:
            return connection.label
        parts = []
        if connection.label:
            parts.append(connection.label)
        if connection.delay:
            parts.append(format_duration(connection.delay, scene.document.calendar))
        if connection.method is not HandoverMethod.NONE:
            parts.append(connection.method.label)
        text = " · ".join(parts)
        if self.cross_team:
            text = f"⇄ {text}".strip()
        return text

    @property
    def cross_team(self) -> bool:
        document = self._map_scene.document
        source = document.element(self._connection.source_id)
        target = document.element(self._connection.target_id)
        return (
            source.lane_id is not None
            and target.lane_id is not None
            and source.lane_id != target.lane_id
        )

    def update_geometry(self) -> None:
        """Re-route between the current positions of both ends."""
        source = self._map_scene.element_item(self._connection.source_id)
        target = self._map_scene.element_item(self._connection.target_id)
        if source is None or target is None:
            return
        self.prepareGeometryChange()
        self._label = self._full_label = self._label_text()
        a, b = source.outline_rect(), target.outline_rect()
        kind = self._connection.kind
        # Arrows sharing both ends (a flow and an information arrow, say) run side by side.
        offset = self._offset = self._map_scene.parallel_offset(self._connection)
        self._label_side = (offset > 0) - (offset < 0)  # which side of its arrow a label sits
        path = QPainterPath()
        if kind is ConnectionKind.REWORK:
            # Off-centre ends facing each other, clear of arrows that enter at the middle.
            toward = 1 if b.center().x() >= a.center().x() else -1
            start = QPointF(a.center().x() + toward * a.width() / 4, a.top())
            end = QPointF(b.center().x() - toward * b.width() / 4, b.top())
            lift = 50 + 0.15 * abs(end.x() - start.x()) + 2 * abs(offset)
            top = min(start.y(), end.y()) - lift
            path.moveTo(start)
            path.cubicTo(QPointF(start.x(), top), QPointF(end.x(), top), end)
            tangent = QLineF(QPointF(end.x(), top), end)
        elif kind is ConnectionKind.FLOW and b.left() - a.right() > 24:
            start = source.mapToScene(source.side_point(right=True)) + QPointF(0, offset)
            end = target.mapToScene(target.side_point(right=False)) + QPointF(0, offset)
            path.moveTo(start)
            if abs(end.y() - start.y()) < 1:
                path.lineTo(end)
            else:
                mid_x = (start.x() + end.x()) / 2 + offset
                radius = min(10.0, abs(end.y() - start.y()) / 2, (end.x() - start.x()) / 4)
                sign = 1 if end.y() > start.y() else -1
                path.lineTo(mid_x - radius, start.y())
                path.quadTo(QPointF(mid_x, start.y()), QPointF(mid_x, start.y() + sign * radius))
                path.lineTo(mid_x, end.y() - sign * radius)
                path.quadTo(QPointF(mid_x, end.y()), QPointF(mid_x + radius, end.y()))
                path.lineTo(end)
            tangent = QLineF(QPointF(end.x() - 10, end.y()), end)
        else:
            centre_a, centre_b = a.center(), b.center()
            if offset:
                # Offsets run along the normal of the pair taken left to right (top to bottom
                # when stacked), so opposite arrows part ways and agree with elbow routes.
                axis = QLineF(source.pos(), target.pos())
                if axis.dx() < 0 or (axis.dx() == 0 and axis.dy() < 0):
                    axis = QLineF(axis.p2(), axis.p1())
                if axis.length() > 0:
                    scale = offset / axis.length()
                    shift = QPointF(-axis.dy() * scale, axis.dx() * scale)
                    centre_a, centre_b = centre_a + shift, centre_b + shift
                    self._label_side = (shift.x() > 0) - (shift.x() < 0)
            start = _clip_to_rect(a, centre_a, centre_b)
            end = _clip_to_rect(b, centre_b, centre_a)
            path.moveTo(start)
            path.lineTo(end)
            tangent = QLineF(start, end)
        self._path = path
        self._head = self._arrow_head(tangent)
        self._place_label()
        self._shape = None  # stroked when first hit-tested: most arrows never are
        bounds = path.controlPointRect().adjusted(
            -ARROW_GRAB_WIDTH / 2, -ARROW_GRAB_WIDTH / 2, ARROW_GRAB_WIDTH / 2, ARROW_GRAB_WIDTH / 2
        )
        bounds = bounds.united(self._head.boundingRect())
        if self._label:
            bounds = bounds.united(self._label_rect)
        self.set_bounds(bounds.adjusted(-4, -4, 4, 4))
        self.update()

    @staticmethod
    def _arrow_head(tangent: QLineF) -> QPolygonF:
        if tangent.length() == 0:
            return QPolygonF()
        tip = tangent.p2()
        angle = math.atan2(tangent.dy(), tangent.dx())
        size, spread = 11.0, 0.42
        return QPolygonF(
            [
                tip,
                QPointF(
                    tip.x() - size * math.cos(angle - spread),
                    tip.y() - size * math.sin(angle - spread),
                ),
                QPointF(
                    tip.x() - size * math.cos(angle + spread),
                    tip.y() - size * math.sin(angle + spread),
                ),
            ]
        )

    def _place_label(self) -> None:
        if not self._label:
            self._label_rect = QRectF()
            return
        metrics = self._map_scene.style.small_metrics
        start, end = self.end_points()
        # A small jog in an elbow route still reads as a horizontal arrow.
        horizontal = abs(start.y() - end.y()) < 24
        room = MAX_LABEL_WIDTH
        if horizontal and self._connection.kind is not ConnectionKind.REWORK:
            room = max(36.0, min(room, abs(end.x() - start.x()) - 40))
        if metrics.horizontalAdvance(self._label) > room:
            self._label = metrics.elidedText(self._label, Qt.TextElideMode.ElideRight, room)
        width = metrics.horizontalAdvance(self._label) + 12
        height = metrics.height() + 4
        anchor = self._path.pointAtPercent(0.5)
        if self._connection.kind is ConnectionKind.REWORK or horizontal:
            # Above the line, so the label never hides the arrow it describes.
            anchor += QPointF(0, -height / 2 - 3 + min(0.0, self._offset) * 2)
        elif self._label_side:
            # Side by side arrows: each label beside its own arrow, on the outer side.
            anchor += QPointF(self._label_side * (width / 2 + 4), 0)
        self._label_rect = QRectF(anchor.x() - width / 2, anchor.y() - height / 2, width, height)

    def hoverEnterEvent(self, event) -> None:
        self._hovered = True
        if self._map_scene.editable:
            self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.update()
        super().hoverEnterEvent(event)

    def hoverLeaveEvent(self, event) -> None:
        self._hovered = False
        self.unsetCursor()
        self.update()
        super().hoverLeaveEvent(event)

    def end_points(self) -> tuple[QPointF, QPointF]:
        """Where the arrow starts and ends, in scene coordinates (for tests and hit tests)."""
        if self._path.isEmpty():
            return QPointF(), QPointF()
        first = self._path.elementAt(0)
        return QPointF(first.x, first.y), self._path.currentPosition()

    def shape(self) -> QPainterPath:
        if self._shape is None:
            stroker = QPainterPathStroker()
            stroker.setWidth(ARROW_GRAB_WIDTH)
            shape = stroker.createStroke(self._path)
            shape.addPolygon(self._head)
            if self._label:
                shape.addRect(self._label_rect)
            self._shape = shape
        return self._shape

    def paint(self, painter: QPainter, option, widget=None) -> None:
        scene, style = self._map_scene, self._map_scene.style
        kind = self._connection.kind
        critical = (
            scene.critical_path_visible and self.connection_id in scene.critical_connection_ids
        )
        if self.isSelected():
            pen, brush = style.selected_arrow_pen, style.selected_arrow_brush
        elif kind is ConnectionKind.REWORK:
            pen, brush = style.rework_pen, style.rework_brush
        elif kind is ConnectionKind.INFORMATION:
            pen, brush = style.information_pen, style.information_brush
        elif critical:
            pen, brush = style.critical_arrow_pen, style.critical_arrow_brush
        else:
            pen, brush = style.flow_pen, style.flow_brush
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self._path)
        if kind is ConnectionKind.INFORMATION and not self.isSelected():
            # An open head: information is passed on, work is not.
            painter.setPen(style.information_head_pen)
            painter.drawPolyline(QPolygonF([self._head.at(1), self._head.at(0), self._head.at(2)]))
        elif not self._head.isEmpty():
            painter.setPen(style.no_pen)
            painter.setBrush(brush)
            painter.drawPolygon(self._head)
        if self._hovered and not self.isSelected():
            painter.setPen(style.hover_pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(self._path)
        if self._label and _level_of_detail(painter) >= FINE_DETAIL:
            painter.setPen(style.cross_team_pen if self.cross_team else style.label_pen)
            painter.setBrush(style.label_brush)
            radius = self._label_rect.height() / 2
            painter.drawRoundedRect(self._label_rect, radius, radius)
            painter.setPen(
                style.rework_text_pen if kind is ConnectionKind.REWORK else style.muted_text_pen
            )
            painter.setFont(style.small_font)
            painter.drawText(self._label_rect, Qt.AlignmentFlag.AlignCenter, self._label)


class KaizenLinkItem(BoundedItem):
    """The thin dotted line from a kaizen burst to the element it improves."""

    def __init__(self, idea_id: str, map_scene: MapScene) -> None:
        super().__init__()
        self.idea_id = idea_id
        self._map_scene = map_scene
        self._line = QLineF()
        self.setZValue(Z_KAIZEN_LINK)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.update_geometry()

    def update_geometry(self) -> None:
        scene = self._map_scene
        idea = scene.element_item(self.idea_id)
        target_id = idea.element.target_id if idea else None
        target = scene.element_item(target_id) if target_id else None
        self.prepareGeometryChange()
        if idea is None or target is None:
            self._line = QLineF()
        else:
            a, b = idea.outline_rect(), target.outline_rect()
            self._line = QLineF(
                _clip_to_rect(a, a.center(), b.center()), _clip_to_rect(b, b.center(), a.center())
            )
        self.set_bounds(
            QRectF(self._line.p1(), self._line.p2()).normalized().adjusted(-3, -3, 3, 3)
        )
        self.update()

    def paint(self, painter: QPainter, option, widget=None) -> None:
        if self._line.isNull():
            return
        painter.setPen(self._map_scene.style.kaizen_link_pen)
        painter.drawLine(self._line)


class LaneItem(BoundedItem):
    """A swimlane band with its header; the header is where lanes are renamed and dragged."""

    EDGE_GRIP = 5.0

    def __init__(self, band: LaneBand, index: int, width: float, map_scene: MapScene) -> None:
        super().__init__()
        self.lane_id = band.lane.id
        self._map_scene = map_scene
        self._highlighted = False
        self.setZValue(Z_LANE)
        self.setAcceptHoverEvents(True)
        self.set_band(band, index, width)

    def set_band(self, band: LaneBand, index: int, width: float) -> None:
        self.prepareGeometryChange()
        self.band = band
        self.index = index
        self._rect = QRectF(0, band.top, width, band.bottom - band.top)
        self._header = QRectF(0, band.top, LANE_HEADER_WIDTH, band.bottom - band.top)
        self.set_bounds(self._rect.adjusted(0, 0, 0, 1))
        style = self._map_scene.style
        lines = wrap_text(band.lane.name, style.lane_metrics, LANE_HEADER_WIDTH - 24, 4)
        self._name_text = "\n".join(lines)
        self.update()

    def header_rect(self) -> QRectF:
        return QRectF(self._header)

    @property
    def highlighted(self) -> bool:
        return self._highlighted

    def set_highlighted(self, highlighted: bool) -> None:
        if highlighted != self._highlighted:
            self._highlighted = highlighted
            self.update()

    def band_rect(self) -> QRectF:
        return QRectF(self._rect)

    def on_bottom_edge(self, scene_pos: QPointF) -> bool:
        return self._map_scene.editable and abs(scene_pos.y() - self._rect.bottom()) <= (
            self.EDGE_GRIP
        )

    def hoverMoveEvent(self, event) -> None:
        if self.on_bottom_edge(event.scenePos()):
            self.setCursor(Qt.CursorShape.SizeVerCursor)
        elif self._header.contains(event.scenePos()) and self._map_scene.editable:
            self.setCursor(Qt.CursorShape.OpenHandCursor)
        else:
            self.unsetCursor()
        super().hoverMoveEvent(event)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        style = self._map_scene.style
        painter.setPen(style.no_pen)
        painter.setBrush(style.lane_fills[self.index % 2])
        painter.drawRect(self._rect)
        if self._highlighted:
            painter.setBrush(style.selection_fill)
            painter.drawRect(self._rect)
        painter.setBrush(style.lane_header_brush)
        painter.drawRect(self._header)
        painter.setPen(style.lane_border_pen)
        painter.drawLine(self._rect.bottomLeft(), self._rect.bottomRight())
        if self.index == 0:
            painter.drawLine(self._rect.topLeft(), self._rect.topRight())
        painter.drawLine(self._header.topRight(), self._header.bottomRight())
        if _level_of_detail(painter) < NAME_DETAIL:
            return
        painter.setPen(style.text_pen)
        painter.setFont(style.lane_font)
        text_rect = self._header.adjusted(14, 10, -10, -26)
        painter.drawText(
            text_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, self._name_text
        )
        count = self._map_scene.lane_member_count(self.lane_id)
        painter.setPen(style.muted_text_pen)
        painter.setFont(style.lane_count_font)
        painter.drawText(
            self._header.adjusted(14, 0, -10, -8),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom,
            f"{count} element{'s' if count != 1 else ''}",
        )


class LadderItem(QGraphicsItem):
    """The lead-time ladder: waits on the upper rungs, process times on the lower, totals right.

    It follows the critical path of the last analysis. When the path runs left to right its rungs
    line up under the elements, as on a paper VSM; otherwise they are spaced evenly.

    On a large map the path has thousands of rungs while the screen shows a few: the lines are
    built into three paths once per analysis, and paint() writes only the figures it can see.
    """

    def __init__(self, map_scene: MapScene) -> None:
        super().__init__()
        self._map_scene = map_scene
        self.setZValue(Z_LADDER)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)
        self._rect = QRectF()
        self._segments: list[tuple[QRectF, str, bool]] = []  # rung, text, is_wait
        self._segment_rights: list[float] = []
        self._paths: list[tuple[QPainterPath, str]] = []  # path, name of its pen in the style
        self._totals: list[tuple[str, str]] = []
        self._totals_x = 0.0

    def rebuild(self, analysis: FlowAnalysis | None, top: float, right: float) -> None:
        self.prepareGeometryChange()
        self._segments, self._totals, self._paths, self._segment_rights = [], [], [], []
        scene = self._map_scene
        path = [i for i in (analysis.critical_path if analysis else ()) if scene.element_item(i)]
        if not path:
            self._rect = QRectF()
            self.update()
            return
        document = scene.document
        calendar = document.calendar
        delays = {}
        for connection_id in analysis.critical_connections:
            if document.has_connection(connection_id):
                connection = document.connection(connection_id)
                delays[connection.target_id] = connection.delay or 0.0
        totals_width = 190.0
        self._rect = QRectF(0, top, right + totals_width, LADDER_HEIGHT)
        upper = top + 24
        lower = top + LADDER_HEIGHT - 30
        items = [scene.element_item(i) for i in path]
        xs = [item.pos().x() for item in items]
        increasing = all(b - a > 60 for a, b in zip(xs, xs[1:], strict=False))
        if not increasing:
            step = max(120.0, (right - LANE_HEADER_WIDTH - 40) / len(items))
            xs = [LANE_HEADER_WIDTH + 40 + step * (i + 0.5) for i in range(len(items))]
            widths = [step * 0.5] * len(items)
        else:
            widths = [min(item.outline_rect().width(), 140.0) for item in items]
        previous_right = LANE_HEADER_WIDTH + 20
        for item, x, width in zip(items, xs, widths, strict=True):
            element = item.element
            wait = (element.wait_time or 0.0) + delays.get(element.id, 0.0)
            left, right_edge = x - width / 2, x + width / 2
            if left - previous_right > 4:
                self._segments.append(
                    (
                        QRectF(previous_right, upper, left - previous_right, 0),
                        format_duration(wait, calendar) if wait else "",
                        True,
                    )
                )
            process = element.process_time or 0.0
            self._segments.append(
                (
                    QRectF(left, lower, right_edge - left, 0),
                    format_duration(process, calendar) if element.kind.does_work else "",
                    False,
                )
            )
            previous_right = right_edge
        self._build_paths()
        self._totals = [
            ("Lead time", format_duration(analysis.lead_time, calendar)),
            ("Process time", format_duration(analysis.process_time, calendar)),
        ]
        if analysis.flow_efficiency is not None:
            self._totals.append(("Flow efficiency", f"{analysis.flow_efficiency * 100:.1f}%"))
        self._totals_x = max(previous_right + 30, right - 10)
        self._rect.setRight(self._totals_x + totals_width)
        self.update()

    def _build_paths(self) -> None:
        """Rungs and the risers joining them, as one path per pen, in left-to-right order."""
        waits, processes, risers = QPainterPath(), QPainterPath(), QPainterPath()
        previous_end: QPointF | None = None
        for rung, _, is_wait in self._segments:
            start, end = QPointF(rung.left(), rung.top()), QPointF(rung.right(), rung.top())
            if previous_end is not None:
                risers.moveTo(previous_end)
                risers.lineTo(previous_end.x(), start.y())
                risers.lineTo(start)
            rungs = waits if is_wait else processes
            rungs.moveTo(start)
            rungs.lineTo(end)
            previous_end = end
        self._paths = [
            (risers, "ladder_frame_pen"),
            (waits, "ladder_wait_pen"),
            (processes, "ladder_process_pen"),
        ]
        self._segment_rights = [rung.right() for rung, _, _ in self._segments]

    def segments_in(self, rect: QRectF) -> list[tuple[QRectF, str, bool]]:
        """The rungs that reach into rect horizontally (they run left to right, never overlap)."""
        first = bisect.bisect_left(self._segment_rights, rect.left())
        shown = []
        for segment in self._segments[first:]:
            if segment[0].left() > rect.right():
                break
            shown.append(segment)
        return shown

    def boundingRect(self) -> QRectF:
        return self._rect

    def paint(self, painter: QPainter, option, widget=None) -> None:
        if self._rect.isNull():
            return
        style = self._map_scene.style
        painter.setPen(style.ladder_frame_pen)
        painter.setBrush(style.ladder_brush)
        painter.drawRoundedRect(self._rect, 6, 6)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for path, pen in self._paths:
            painter.setPen(getattr(style, pen))
            painter.drawPath(path)
        x = self._totals_x
        painter.setPen(style.ladder_frame_pen)
        painter.drawLine(
            QPointF(x - 12, self._rect.top() + 10), QPointF(x - 12, self._rect.bottom() - 10)
        )
        if _level_of_detail(painter) < NAME_DETAIL:
            return  # figures would be a pixel high
        exposed = option.exposedRect if option is not None else self._rect
        painter.setPen(style.muted_text_pen)
        painter.setFont(style.lane_font)
        painter.drawText(
            QRectF(14, self._rect.top(), LANE_HEADER_WIDTH - 14, self._rect.height()),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            "Lead-time\nladder",
        )
        painter.setFont(style.ladder_font)
        for rung, text, is_wait in self.segments_in(exposed):
            if text:
                painter.setPen(style.ladder_wait_text if is_wait else style.ladder_process_text)
                offset = -16 if is_wait else 4
                painter.drawText(
                    QRectF(rung.left(), rung.top() + offset, rung.width(), 14),
                    Qt.AlignmentFlag.AlignCenter,
                    text,
                )
        if exposed.right() < x:
            return
        row_height = (self._rect.height() - 16) / max(1, len(self._totals))
        for index, (label, value) in enumerate(self._totals):
            row = QRectF(x, self._rect.top() + 8 + index * row_height, 170, row_height)
            painter.setPen(style.muted_text_pen)
            painter.setFont(style.ladder_font)
            painter.drawText(row, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, label)
            painter.setPen(style.text_pen)
            painter.setFont(style.ladder_total_font)
            painter.drawText(
                row, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, value
            )


class ConnectionPreviewItem(QGraphicsItem):
    """The rubber arrow drawn while a connection is being made."""

    def __init__(self, map_scene: MapScene) -> None:
        super().__init__()
        self._map_scene = map_scene
        self._line = QLineF()
        self.setZValue(Z_PREVIEW)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def set_line(self, line: QLineF) -> None:
        self.prepareGeometryChange()
        self._line = line
        self.update()

    def boundingRect(self) -> QRectF:
        return QRectF(self._line.p1(), self._line.p2()).normalized().adjusted(-14, -14, 14, 14)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        style = self._map_scene.style
        painter.setPen(style.preview_pen)
        painter.drawLine(self._line)
        painter.setPen(style.no_pen)
        painter.setBrush(style.selected_arrow_brush)
        painter.drawPolygon(ConnectionItem._arrow_head(self._line))


class EmptyMapHintItem(QGraphicsItem):
    """What to do first, shown on an empty editable map."""

    TITLE = "Start your value stream"
    LINES = (
        "Drag a customer request, steps and queues from the palette onto the canvas,",
        "or click a symbol in the palette and then click here.",
        "Select a step and press Enter to add the next one; type its name and press Enter.",
    )

    def __init__(self, map_scene: MapScene) -> None:
        super().__init__()
        self._map_scene = map_scene
        self.setZValue(Z_LADDER)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def boundingRect(self) -> QRectF:
        return QRectF(-330, -50, 660, 100)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        style = self._map_scene.style
        rect = self.boundingRect()
        painter.setPen(style.ladder_frame_pen)
        painter.setBrush(style.ladder_brush)
        painter.drawRoundedRect(rect, 10, 10)
        painter.setPen(style.text_pen)
        painter.setFont(style.lane_font)
        painter.drawText(rect.adjusted(0, 16, 0, 0), Qt.AlignmentFlag.AlignHCenter, self.TITLE)
        painter.setPen(style.muted_text_pen)
        painter.setFont(style.small_font)
        painter.drawText(
            rect.adjusted(16, 42, -16, -8), Qt.AlignmentFlag.AlignHCenter, "\n".join(self.LINES)
        )
