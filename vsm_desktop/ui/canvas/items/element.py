"""One element of the map (step, queue, approval, customer, idea, note) in VSM notation."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPolygonF,
)
from PySide6.QtWidgets import QGraphicsItem

from vsm_desktop.analysis.result import Severity
from vsm_desktop.model import (
    Element,
    ElementKind,
    format_duration,
    format_estimate,
)
from vsm_desktop.model.units import format_percent

from ..style import (
    HANDLE_RADIUS,
    STEP_NAME_HEIGHT,
    CanvasStyle,
    element_rect,
    wrap_text,
)
from .shapes import (
    NAME_DETAIL,
    Z_ELEMENT,
    BoundedItem,
    burst_polygon,
    draw_tag,
    factory_path,
    fine_detail,
    level_of_detail,
)

# Zoomed out, these kinds show their large-type summary; ideas and notes keep small names.
SUMMARISED = frozenset(
    {ElementKind.STEP, ElementKind.APPROVAL, ElementKind.QUEUE, ElementKind.START, ElementKind.END}
)
# How much wider than its box a summary line may run: about half the gap to the next column.
SUMMARY_OVERHANG = 38.0
# A zoomed-out step: its name in two lines on the upper part, its wait under it. The largest
# type (scene px) each holds; a long word makes the name smaller still (never cut).
SUMMARY_NAME_HEIGHT = 74.0
SUMMARY_NAME_PX = 32.0
SUMMARY_WAIT_PX = 36.0

if TYPE_CHECKING:
    from .host import CanvasHost


class ElementItem(BoundedItem):
    """One element of the map. Movable and selectable; the scene records drags as commands."""

    def __init__(self, element: Element, map_scene: CanvasHost) -> None:
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
        # Names are wrapped when first drawn at a zoom that shows them: a map of thousands
        # opens without wrapping the names it shows as specks (or not at all).
        self._text_laid_out = False
        self.sync_position()
        self.update()

    def take_equal(self, element: Element) -> None:
        """The same element, equal in every field, from another state's document: read it
        from now on; nothing drawn changes."""
        self._element = element

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
            path = factory_path(self._outline)
        elif kind is ElementKind.KAIZEN:
            self._outline = QRectF(rect)
            path.addPolygon(burst_polygon(rect, points=14))
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
        # Room for labels that run wider than the symbol (the zoomed-out summary's too), tags
        # above it and the handle; a customer's summary name is two lines under the building.
        side = SUMMARY_OVERHANG + 2
        below = 60 if kind in (ElementKind.START, ElementKind.END) else 24
        drawn = rect.united(self._outline)
        self.set_bounds(drawn.adjusted(-side, -24, HANDLE_RADIUS + side, below))

    def _lay_out_text(self) -> None:
        if not self._text_laid_out:
            self._layout_text()
            self._text_laid_out = True

    def _layout_text(self) -> None:
        """Wrap and elide the name once per change rather than on every paint."""
        style = self._map_scene.canvas_style
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
        self._summary_names: dict[int, str] = {}  # the name wrapped for each large type size
        width = self._rect.width() + 2 * SUMMARY_OVERHANG
        self._summary_name_px = min(
            SUMMARY_NAME_PX, style.largest_px_fitting(element.display_name, width)
        )

    def _fits(self, metrics, at_most: int) -> int:
        """How many lines of this font fit the name area (fewer with presentation text)."""
        return max(1, min(at_most, int(self._name_rect.height() // metrics.lineSpacing())))

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addRect(self._rect.united(self._outline))
        # The handle is always there to hover and grab, also where an outgoing arrow starts
        # under it; it is only drawn while hovered or selected.
        if self._map_scene.editable and self._element.kind.in_flow:
            path.addEllipse(self.handle_centre(), HANDLE_RADIUS + 3, HANDLE_RADIUS + 3)
        return path

    def outline_rect(self) -> QRectF:
        """The drawn symbol (not its labels) in scene coordinates: arrows clip to it."""
        return self._outline.translated(self.pos())

    def name_rect(self) -> QRectF:
        """Where the in-place editor goes, in scene coordinates."""
        self._lay_out_text()
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
        scene, style = self._map_scene, self._map_scene.canvas_style
        element, kind = self._element, self._element.kind
        level = level_of_detail(painter)
        detailed = level >= fine_detail(style)
        summary = not detailed and level >= NAME_DETAIL and kind in SUMMARISED
        named = (detailed or level >= NAME_DETAIL) and not summary
        if detailed or level >= NAME_DETAIL:
            self._lay_out_text()
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

        if summary:
            self._paint_summary(painter, style, level)
        elif kind in (ElementKind.STEP, ElementKind.APPROVAL):
            self._paint_work_box(painter, style, detailed)
        elif detailed and kind is ElementKind.QUEUE:
            self._paint_queue(painter, style)
        elif named and kind in (ElementKind.START, ElementKind.END):
            self._paint_customer(painter, style)

        font = style.name_font
        if kind is ElementKind.KAIZEN:
            font = style.idea_font
        elif kind is ElementKind.NOTE:
            font = style.small_font
        if named and self._name_text and style.legible(font, level):
            painter.setPen(style.text_pen)
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
            ("PT", format_estimate(element.process_time, element.process_time_range, calendar,
                                   compact=True)),
            ("Wait", format_estimate(element.wait_time, element.wait_time_range, calendar,
                                     compact=True)),
            ("%C&A", format_percent(element.pca, missing="–")),
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

    def _paint_summary(self, painter: QPainter, style: CanvasStyle, level: float) -> None:
        """Too small for its data rows: the name and the wait in large type, on the wait colour.

        The type is style.summary_px high on screen (more than the data rows would be at any
        zoom below fine detail), so a room reads which step waits how long at Fit Map.
        """
        element, kind, scene = self._element, self._element.kind, self._map_scene
        calendar = scene.document.calendar
        wait = format_estimate(element.wait_time, element.wait_time_range, calendar, compact=True)
        shaded = scene.wait_shading and bool(element.wait_time)
        dark = shaded and style.wait_shade_is_dark(element.wait_time or 0.0, scene.largest_wait)
        wide = self._rect.adjusted(-SUMMARY_OVERHANG, 0, SUMMARY_OVERHANG, 0)
        centred = Qt.AlignmentFlag.AlignCenter
        if kind in (ElementKind.STEP, ElementKind.APPROVAL):
            data = QRectF(
                self._rect.left(), self._rect.top() + SUMMARY_NAME_HEIGHT,
                self._rect.width(), self._rect.height() - SUMMARY_NAME_HEIGHT,
            ).adjusted(1.2, 0, -1.2, -1.2)
            painter.setPen(style.no_pen)
            painter.setBrush(
                style.wait_shade(element.wait_time or 0.0, scene.largest_wait)
                if shaded else style.data_fill
            )
            painter.drawRoundedRect(data, 5, 5)
            name_font = style.summary_font(level, self._summary_name_px)
            if name_font is not None:
                name_rect = QRectF(
                    wide.left(), self._rect.top(), wide.width(), SUMMARY_NAME_HEIGHT
                )
                self._draw_summary_name(painter, style, name_font, name_rect, 2)
            wait_font = style.summary_font(level, SUMMARY_WAIT_PX)
            if wait_font is not None and element.wait_time is not None:
                painter.setPen(style.white_text_pen if dark else style.text_pen)
                painter.setFont(wait_font)
                painter.drawText(data, centred, wait)
        elif kind is ElementKind.QUEUE:
            wait_font = style.summary_font(level, SUMMARY_WAIT_PX)
            if wait_font is not None and element.wait_time is not None:
                below = QRectF(wide.left(), self._outline.bottom() + 2, wide.width(),
                               wait_font.pixelSize() * 1.4)
                painter.setPen(style.text_pen)
                painter.setFont(wait_font)
                painter.drawText(below, centred, wait)
        else:  # the customers at either end: who asks, who receives
            name_font = style.summary_font(level, self._summary_name_px)
            if name_font is not None:
                below = QRectF(wide.left(), self._outline.bottom() + 2, wide.width(),
                               name_font.pixelSize() * 2.6)
                self._draw_summary_name(painter, style, name_font, below, 2)

    def _draw_summary_name(self, painter: QPainter, style: CanvasStyle, font, rect: QRectF,
                           lines: int) -> None:
        text = self._summary_names.get(font.pixelSize())
        if text is None:
            metrics = QFontMetricsF(font)
            wrapped = wrap_text(self._element.display_name, metrics, rect.width(), lines)
            text = self._summary_names[font.pixelSize()] = "\n".join(wrapped)
        painter.setPen(style.text_pen)
        painter.setFont(font)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)

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
        parts = [f"wait {format_estimate(element.wait_time, element.wait_time_range, calendar)}"]
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
        if self.element_id in scene.constraint_ids:  # every element tied for it
            draw_tag(
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
            draw_tag(painter, style, text, top_right, style.slack_brush, style.muted_text_pen)
