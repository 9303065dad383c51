"""An arrow between two elements: flow, handover or rework, with its label."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPolygonF,
)
from PySide6.QtWidgets import QGraphicsItem

from vsm_desktop.drawing import Route
from vsm_desktop.drawing.routing import route_connection, side_inset
from vsm_desktop.model import (
    Connection,
    ConnectionKind,
    HandoverMethod,
    format_estimate,
    format_range,
    range_of,
)
from vsm_desktop.model.units import format_percent

from .shapes import (
    ARROW_GRAB_WIDTH,
    MAX_LABEL_WIDTH,
    Z_CONNECTION,
    Z_ELEMENT,
    BoundedItem,
    arrow_head_points,
    fine_detail,
    level_of_detail,
)

if TYPE_CHECKING:
    from .host import CanvasHost


Z_SELECTED_CONNECTION = Z_ELEMENT + 1
END_GRIP_SIZE = 5.5  # radius of the grips drawn on a selected arrow's ends


def raise_selected_arrows(
    raised: dict[str, ConnectionItem], selected: list[ConnectionItem]
) -> dict[str, ConnectionItem]:
    """Selected arrows and their end grips are drawn above the elements they touch: lower
    those no longer selected, raise the newly selected; returns what is raised now."""
    now = {item.connection_id: item for item in selected}
    for connection_id, item in raised.items():
        if now.get(connection_id) is not item:
            item.setZValue(Z_CONNECTION)
    for connection_id, item in now.items():
        if raised.get(connection_id) is not item:
            item.setZValue(Z_SELECTED_CONNECTION)
    return now


class ConnectionItem(BoundedItem):
    """An arrow between two elements that follows its ends; routed by kind."""

    def __init__(self, connection: Connection, map_scene: CanvasHost) -> None:
        super().__init__()
        self.connection_id = connection.id
        self._connection = connection
        self._map_scene = map_scene
        self._route: Route | None = None
        # The route as Qt draws it, made when first needed (painted, hit-tested, a bent
        # arrow's label placed): opening a map routes every arrow, but draws the few on screen.
        self._path: QPainterPath | None = None
        self._head: QPolygonF | None = None
        self._label = self._full_label = ""
        self._label_rect = QRectF()
        self._shape: QPainterPath | None = QPainterPath()
        self._offset = 0.0
        self._label_side = 0
        self._hovered = False
        self._drop_target = False  # an element dragged over it would be inserted here
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

    def take_equal(self, connection: Connection) -> None:
        """The same arrow, equal in every field and between unchanged ends, from another
        state's document: read it from now on; its route stays."""
        self._connection = connection

    def _label_text(self) -> str:
        connection, scene = self._connection, self._map_scene
        if connection.kind is ConnectionKind.REWORK:
            share = range_of(connection, "rework_percent")
            shown = format_range(share) if share else format_percent(connection.rework_percent)
            return f"↺ {shown}"
        if connection.kind is ConnectionKind.INFORMATION:
            return connection.label
        parts = []
        if connection.label:
            parts.append(connection.label)
        if connection.delay:
            parts.append(format_estimate(
                connection.delay, connection.delay_range, scene.document.calendar
            ))
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
        scene, connection = self._map_scene, self._connection
        source = scene.element_item(connection.source_id)
        target = scene.element_item(connection.target_id)
        source_box = scene.outline_box(connection.source_id)
        target_box = scene.outline_box(connection.target_id)
        if source is None or target is None or source_box is None or target_box is None:
            return
        self.prepareGeometryChange()
        self._label = self._full_label = self._label_text()
        # Arrows sharing both ends (a flow and an information arrow, say) run side by side.
        offset = self._offset = scene.parallel_offset(connection)
        self._label_side = (offset > 0) - (offset < 0)  # which side of its arrow a label sits
        # The route is the drawing's (vsm_desktop.drawing.routing), as on paper. Not yet in
        # the scene (the map is being opened): the middle of the gap, as always; rerouted
        # around the elements in the way once an end moves.
        obstacles = scene.outlines_in if self.scene() is not None else ()
        route = self._route = route_connection(
            connection.kind, source_box, target_box, obstacles, offset,
            source_inset=side_inset(source.element.kind, source_box),
            target_inset=side_inset(target.element.kind, target_box),
        )  # fmt: skip
        self._path = self._head = None
        if route.curved:
            self._label_side = 0
        self._place_label(route)
        self._shape = None  # stroked when first hit-tested: most arrows never are
        # The bounds in plain numbers: the route's points bound its drawn path (rounded
        # corners and curves stay inside their control points), then the head and the label.
        xs = [x for x, _ in route.points]
        ys = [y for _, y in route.points]
        grab = ARROW_GRAB_WIDTH / 2
        left, top = min(xs) - grab, min(ys) - grab
        right, bottom = max(xs) + grab, max(ys) + grab
        for x, y in arrow_head_points(*route.tangent):
            left, top, right, bottom = min(left, x), min(top, y), max(right, x), max(bottom, y)
        bounds = QRectF(left, top, right - left, bottom - top)
        if self._label:
            bounds = bounds.united(self._label_rect)
        self.set_bounds(bounds.adjusted(-4, -4, 4, 4))
        scene.reshaped(self)
        self.update()

    def _drawn_path(self) -> QPainterPath:
        if self._path is None:
            self._path = QPainterPath() if self._route is None else _painter_path(self._route)
        return self._path

    def _drawn_head(self) -> QPolygonF:
        if self._head is None:
            corners = [] if self._route is None else arrow_head_points(*self._route.tangent)
            self._head = QPolygonF([QPointF(x, y) for x, y in corners])
        return self._head

    def _place_label(self, route: Route) -> None:
        if not self._label:
            self._label_rect = QRectF()
            return
        style = self._map_scene.canvas_style
        (start_x, start_y), (end_x, end_y) = route.start, route.end
        # A small jog in an elbow route still reads as a horizontal arrow.
        horizontal = abs(start_y - end_y) < 24
        room = MAX_LABEL_WIDTH
        if horizontal and self._connection.kind is not ConnectionKind.REWORK:
            room = max(36.0, min(room, abs(end_x - start_x) - 40))
        if style.label_width(self._label) > room:
            self._label = style.small_metrics.elidedText(
                self._label, Qt.TextElideMode.ElideRight, room
            )
        width = style.label_width(self._label) + 12
        height = style.small_metrics.height() + 4
        if len(route.points) == 2:  # a straight arrow: halfway is the middle of the line
            anchor = QPointF((start_x + end_x) / 2, (start_y + end_y) / 2)
        else:
            anchor = self._drawn_path().pointAtPercent(0.5)
        if self._connection.kind is ConnectionKind.REWORK or horizontal:
            # Above the line, so the label never hides the arrow it describes.
            anchor += QPointF(0, -height / 2 - 3 + min(0.0, self._offset) * 2)
        elif self._label_side:
            # Side by side arrows: each label beside its own arrow, on the outer side.
            anchor += QPointF(self._label_side * (width / 2 + 4), 0)
        self._label_rect = QRectF(anchor.x() - width / 2, anchor.y() - height / 2, width, height)

    # No itemChange: Qt would call it through Python twice per item on every selection change
    # (12,800 calls for the arrows of a Select All at 5,000 elements). The view raises the
    # selected arrows once per change instead (raise_selected_arrows).

    @property
    def is_drop_target(self) -> bool:
        return self._drop_target

    def set_drop_target(self, on: bool) -> None:
        if on != self._drop_target:
            self._drop_target = on
            self.update()

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
        if self._route is None:
            return QPointF(), QPointF()
        return QPointF(*self._route.start), QPointF(*self._route.end)

    def shape(self) -> QPainterPath:
        if self._shape is None:
            path, head = self._drawn_path(), self._drawn_head()
            stroker = QPainterPathStroker()
            stroker.setWidth(ARROW_GRAB_WIDTH)
            shape = stroker.createStroke(path)
            shape.addPolygon(head)
            if self._label:
                shape.addRect(self._label_rect)
            self._shape = shape
        return self._shape

    def paint(self, painter: QPainter, option, widget=None) -> None:
        scene, style = self._map_scene, self._map_scene.canvas_style
        kind = self._connection.kind
        path, head = self._drawn_path(), self._drawn_head()
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
        painter.drawPath(path)
        if kind is ConnectionKind.INFORMATION and not self.isSelected():
            # An open head: information is passed on, work is not.
            painter.setPen(style.information_head_pen)
            painter.drawPolyline(QPolygonF([head.at(1), head.at(0), head.at(2)]))
        elif not head.isEmpty():
            painter.setPen(style.no_pen)
            painter.setBrush(brush)
            painter.drawPolygon(head)
        if self._drop_target and not self.isSelected():
            # Where a dragged element would go: as plain as the lane drop line.
            painter.setPen(style.lane_drop_pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(path)
        elif self._hovered and not self.isSelected():
            painter.setPen(style.hover_pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(path)
        if self.isSelected() and scene.editable:
            # Grips on both ends: drag one to another element to reconnect the arrow.
            painter.setPen(style.handle_pen)
            painter.setBrush(style.handle_brush)
            for point in self.end_points():
                painter.drawEllipse(point, END_GRIP_SIZE, END_GRIP_SIZE)
        level = level_of_detail(painter)
        if self._label and level >= fine_detail(style) and style.legible(style.small_font, level):
            painter.setPen(style.cross_team_pen if self.cross_team else style.label_pen)
            painter.setBrush(style.label_brush)
            radius = self._label_rect.height() / 2
            painter.drawRoundedRect(self._label_rect, radius, radius)
            painter.setPen(
                style.rework_text_pen if kind is ConnectionKind.REWORK else style.muted_text_pen
            )
            painter.setFont(style.small_font)
            painter.drawText(self._label_rect, Qt.AlignmentFlag.AlignCenter, self._label)


def _painter_path(route: Route) -> QPainterPath:
    """The route as a path: a curve as given, a polyline with its corners rounded.

    In plain numbers (as QLineF.pointAt has them), not Qt points: thousands of arrows
    are drawn when a large map opens."""
    path = QPainterPath()
    points = route.points
    path.moveTo(*points[0])
    if route.curved:
        (x1, y1), (x2, y2), (x3, y3) = points[1:]
        path.cubicTo(x1, y1, x2, y2, x3, y3)
        return path
    for (x0, y0), (cx, cy), (x1, y1) in zip(points, points[1:], points[2:], strict=False):
        into, out = math.hypot(cx - x0, cy - y0), math.hypot(x1 - cx, y1 - cy)
        radius = min(10.0, into / 2, out / 2)
        if radius < 1:
            path.lineTo(cx, cy)
            continue
        t = 1 - radius / into
        path.lineTo(x0 + (cx - x0) * t, y0 + (cy - y0) * t)
        t = radius / out
        path.quadTo(cx, cy, cx + (x1 - cx) * t, cy + (y1 - cy) * t)
    path.lineTo(*points[-1])
    return path
