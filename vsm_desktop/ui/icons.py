"""Icons drawn with QPainter in the map's own notation and colours, crisp at any scale.

The palette shows each element as it looks on the canvas (theme.py colours), and the toolbar
uses one consistent line style, so no bitmap files are needed and nothing blurs on a projector.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import cache

from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QIcon,
    QIconEngine,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
    QPolygonF,
)
from PySide6.QtWidgets import QApplication, QStyleOption

from .. import theme
from ..model.elements import ElementKind

# Icons are designed on a 32 x 32 grid and drawn at the size each place asks for.
_GRID = 32.0
_SIZES = (16, 24, 32, 48, 64)  # the sizes an icon says it has (menus, toolbars, lists)
Painter = Callable[[QPainter], None]


def _pen(colour: str, width: float = 1.6, style=Qt.PenStyle.SolidLine) -> QPen:
    pen = QPen(QColor(colour), width, style)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    return pen


def _kind_colours(kind: ElementKind) -> tuple[QPen, QBrush]:
    return _pen(theme.KIND_BORDER[kind]), QBrush(QColor(theme.KIND_FILL[kind]))


def _draw_step(p: QPainter) -> None:
    pen, brush = _kind_colours(ElementKind.STEP)
    p.setPen(pen)
    p.setBrush(brush)
    p.drawRoundedRect(QRectF(4, 5, 24, 14), 2.5, 2.5)
    p.setBrush(QBrush(QColor(theme.DATA_BOX_FILL)))
    p.drawRect(QRectF(4, 19, 24, 8))
    p.setPen(_pen(theme.INK_MUTED, 1.0))
    p.drawLine(QPointF(16, 19), QPointF(16, 27))
    p.drawLine(QPointF(8, 12), QPointF(24, 12))


def _draw_queue(p: QPainter) -> None:
    pen, brush = _kind_colours(ElementKind.QUEUE)
    p.setPen(pen)
    p.setBrush(brush)
    p.drawPolygon(QPolygonF([QPointF(16, 4), QPointF(29, 27), QPointF(3, 27)]))
    p.setPen(_pen(theme.KIND_BORDER[ElementKind.QUEUE], 2.2))
    p.drawLine(QPointF(16, 13), QPointF(16, 23))


def _draw_approval(p: QPainter) -> None:
    pen, brush = _kind_colours(ElementKind.APPROVAL)
    p.setPen(pen)
    p.setBrush(brush)
    p.drawRoundedRect(QRectF(3, 8, 22, 18), 2.5, 2.5)
    gate = QPolygonF([QPointF(24, 3), QPointF(30, 9), QPointF(24, 15), QPointF(18, 9)])
    p.setBrush(QBrush(QColor(theme.KIND_BORDER[ElementKind.APPROVAL])))
    p.drawPolygon(gate)
    p.setPen(_pen(theme.KIND_BORDER[ElementKind.APPROVAL], 1.8))
    check = QPainterPath(QPointF(8, 18))
    check.lineTo(11.5, 21.5)
    check.lineTo(18, 14.5)
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawPath(check)


def _arrow(p: QPainter, start: QPointF, end: QPointF, colour: str, width: float = 1.8) -> None:
    p.setPen(_pen(colour, width))
    p.drawLine(start, end)
    angle = math.atan2(end.y() - start.y(), end.x() - start.x())
    size = 5.5
    left = QPointF(end.x() - size * math.cos(angle - 0.45), end.y() - size * math.sin(angle - 0.45))
    right = QPointF(
        end.x() - size * math.cos(angle + 0.45), end.y() - size * math.sin(angle + 0.45)
    )
    p.setBrush(QBrush(QColor(colour)))
    p.drawPolygon(QPolygonF([end, left, right]))


def _draw_handover(p: QPainter) -> None:
    pen, brush = _kind_colours(ElementKind.STEP)
    p.setPen(_pen(theme.KIND_BORDER[ElementKind.STEP], 1.3))
    p.setBrush(brush)
    p.drawRoundedRect(QRectF(2, 4, 10, 9), 1.5, 1.5)
    p.drawRoundedRect(QRectF(20, 19, 10, 9), 1.5, 1.5)
    path = QPainterPath(QPointF(7, 13))
    path.cubicTo(QPointF(7, 24), QPointF(10, 23.5), QPointF(17, 23.5))
    p.setPen(_pen(theme.FLOW_ARROW, 1.8))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawPath(path)
    _arrow(p, QPointF(15, 23.5), QPointF(20, 23.5), theme.FLOW_ARROW)


def _customer_path() -> QPainterPath:
    """The VSM customer/supplier symbol: a building with a saw-tooth roof."""
    path = QPainterPath(QPointF(3, 28))
    path.lineTo(3, 12)
    path.lineTo(11, 6)
    path.lineTo(11, 12)
    path.lineTo(19, 6)
    path.lineTo(19, 12)
    path.lineTo(29, 6)
    path.lineTo(29, 28)
    path.closeSubpath()
    return path


def _draw_start(p: QPainter) -> None:
    pen, brush = _kind_colours(ElementKind.START)
    p.setPen(pen)
    p.setBrush(brush)
    p.drawPath(_customer_path())
    p.setBrush(QBrush(QColor(theme.KIND_BORDER[ElementKind.START])))
    p.drawRect(QRectF(13, 19, 6, 9))


def _draw_end(p: QPainter) -> None:
    pen, brush = _kind_colours(ElementKind.END)
    p.setPen(pen)
    p.setBrush(brush)
    p.drawPath(_customer_path())
    check = QPainterPath(QPointF(10, 19))
    check.lineTo(14.5, 23.5)
    check.lineTo(23, 14.5)
    p.setPen(_pen(theme.KIND_BORDER[ElementKind.END], 2.4))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawPath(check)


def burst_polygon(centre: QPointF, outer: float, inner: float, points: int = 10) -> QPolygonF:
    """The kaizen burst: a star with alternating outer and inner radii."""
    corners = []
    for index in range(points * 2):
        radius = outer if index % 2 == 0 else inner
        angle = math.pi * index / points - math.pi / 2
        corners.append(
            QPointF(centre.x() + radius * math.cos(angle), centre.y() + radius * math.sin(angle))
        )
    return QPolygonF(corners)


def _draw_kaizen(p: QPainter) -> None:
    pen, brush = _kind_colours(ElementKind.KAIZEN)
    p.setPen(pen)
    p.setBrush(brush)
    p.drawPolygon(burst_polygon(QPointF(16, 16), 14, 8.5))


def _draw_note(p: QPainter) -> None:
    pen, brush = _kind_colours(ElementKind.NOTE)
    path = QPainterPath(QPointF(5, 4))
    path.lineTo(27, 4)
    path.lineTo(27, 21)
    path.lineTo(20, 28)
    path.lineTo(5, 28)
    path.closeSubpath()
    p.setPen(pen)
    p.setBrush(brush)
    p.drawPath(path)
    p.setBrush(QBrush(QColor(theme.KIND_BORDER[ElementKind.NOTE]).lighter(130)))
    p.drawPolygon(QPolygonF([QPointF(27, 21), QPointF(20, 21), QPointF(20, 28)]))
    p.setPen(_pen(theme.INK_MUTED, 1.0))
    for y in (10, 14.5, 19):
        p.drawLine(QPointF(9, y), QPointF(22, y))


def _draw_lane(p: QPainter) -> None:
    p.setPen(_pen(theme.LANE_BORDER, 1.2))
    p.setBrush(QBrush(QColor(theme.LANE_FILL_EVEN)))
    p.drawRect(QRectF(2, 5, 28, 11))
    p.setBrush(QBrush(QColor(theme.LANE_FILL_ODD)))
    p.drawRect(QRectF(2, 16, 28, 11))
    p.setBrush(QBrush(QColor(theme.LANE_HEADER_FILL)))
    p.drawRect(QRectF(2, 5, 7, 22))
    p.setPen(_pen(theme.INK, 2.0))
    p.drawLine(QPointF(18, 10.5), QPointF(26, 10.5))
    p.drawLine(QPointF(22, 6.5), QPointF(22, 14.5))


# -- toolbar icons, one line style ---------------------------------------------------------


def _line_pen() -> QPen:
    return _pen(theme.INK, 1.9)


def _draw_new(p: QPainter) -> None:
    p.setPen(_line_pen())
    page = QPainterPath(QPointF(8, 4))
    page.lineTo(19, 4)
    page.lineTo(25, 10)
    page.lineTo(25, 28)
    page.lineTo(8, 28)
    page.closeSubpath()
    p.setBrush(QBrush(QColor("#FFFFFF")))
    p.drawPath(page)
    p.drawPolyline(QPolygonF([QPointF(19, 4), QPointF(19, 10), QPointF(25, 10)]))


def _draw_open(p: QPainter) -> None:
    p.setPen(_line_pen())
    p.setBrush(QBrush(QColor("#FFF3C4")))
    back = QPainterPath(QPointF(3, 26))
    back.lineTo(3, 7)
    back.lineTo(11, 7)
    back.lineTo(14, 10)
    back.lineTo(25, 10)
    back.lineTo(25, 14)
    p.drawPath(back)
    front = QPolygonF([QPointF(3, 26), QPointF(8, 14), QPointF(30, 14), QPointF(25, 26)])
    p.drawPolygon(front)


def _draw_save(p: QPainter) -> None:
    p.setPen(_line_pen())
    p.setBrush(QBrush(QColor("#E3F2FD")))
    body = QPainterPath(QPointF(5, 5))
    body.lineTo(23, 5)
    body.lineTo(27, 9)
    body.lineTo(27, 27)
    body.lineTo(5, 27)
    body.closeSubpath()
    p.drawPath(body)
    p.setBrush(QBrush(QColor("#FFFFFF")))
    p.drawRect(QRectF(10, 5, 11, 7))
    p.drawRect(QRectF(9, 17, 14, 10))


def _curved_arrow(p: QPainter, mirrored: bool) -> None:
    p.save()
    if mirrored:
        p.translate(_GRID, 0)
        p.scale(-1, 1)
    path = QPainterPath(QPointF(8, 13))
    path.lineTo(20, 13)
    path.cubicTo(QPointF(29, 13), QPointF(29, 26), QPointF(20, 26))
    path.lineTo(12, 26)
    p.setPen(_line_pen())
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawPath(path)
    p.drawPolyline(QPolygonF([QPointF(13, 7.5), QPointF(7.5, 13), QPointF(13, 18.5)]))
    p.restore()


def _draw_undo(p: QPainter) -> None:
    _curved_arrow(p, mirrored=False)


def _draw_redo(p: QPainter) -> None:
    _curved_arrow(p, mirrored=True)


def _magnifier(p: QPainter, plus: bool) -> None:
    p.setPen(_line_pen())
    p.setBrush(QBrush(QColor("#FFFFFF")))
    p.drawEllipse(QPointF(13, 13), 8.5, 8.5)
    p.setPen(_pen(theme.INK, 3.0))
    p.drawLine(QPointF(19.5, 19.5), QPointF(28, 28))
    p.setPen(_line_pen())
    p.drawLine(QPointF(9, 13), QPointF(17, 13))
    if plus:
        p.drawLine(QPointF(13, 9), QPointF(13, 17))


def _draw_zoom_in(p: QPainter) -> None:
    _magnifier(p, plus=True)


def _draw_zoom_out(p: QPainter) -> None:
    _magnifier(p, plus=False)


def _draw_fit(p: QPainter) -> None:
    p.setPen(_line_pen())
    for x, y, dx, dy in ((4, 4, 1, 1), (28, 4, -1, 1), (4, 28, 1, -1), (28, 28, -1, -1)):
        p.drawPolyline(QPolygonF([QPointF(x, y + 7 * dy), QPointF(x, y), QPointF(x + 7 * dx, y)]))
    p.setBrush(QBrush(QColor(theme.LANE_HEADER_FILL)))
    p.drawRect(QRectF(10, 11, 12, 10))


def _draw_critical(p: QPainter) -> None:
    points = [QPointF(4, 24), QPointF(12, 10), QPointF(20, 20), QPointF(28, 7)]
    p.setPen(_pen(theme.CRITICAL_PATH, 2.6))
    p.drawPolyline(QPolygonF(points))
    p.setPen(_pen(theme.CRITICAL_PATH, 1.6))
    p.setBrush(QBrush(QColor("#FFFFFF")))
    for point in points:
        p.drawEllipse(point, 3, 3)


def _draw_waits(p: QPainter) -> None:
    p.setPen(_pen(theme.LANE_BORDER, 1.0))
    for index, shade in enumerate(theme.WAIT_SHADES[1:]):
        height = 6 + index * 5
        p.setBrush(QBrush(QColor(shade)))
        p.drawRect(QRectF(4 + index * 6.5, 28 - height, 5.5, height))


def _draw_layout(p: QPainter) -> None:
    p.setPen(_pen(theme.INK, 1.5))
    p.setBrush(QBrush(QColor("#FFFFFF")))
    for x, y in ((3, 6), (13, 6), (23, 6), (13, 20)):
        p.drawRoundedRect(QRectF(x, y, 7, 6), 1.2, 1.2)
    _arrow(p, QPointF(10.5, 9), QPointF(13, 9), theme.FLOW_ARROW, 1.2)
    _arrow(p, QPointF(20.5, 9), QPointF(23, 9), theme.FLOW_ARROW, 1.2)


def _draw_present(p: QPainter) -> None:
    p.setPen(_line_pen())
    p.setBrush(QBrush(QColor("#FFFFFF")))
    p.drawRect(QRectF(3, 5, 26, 17))
    p.drawLine(QPointF(16, 22), QPointF(16, 27))
    p.drawLine(QPointF(10, 28), QPointF(22, 28))
    p.setPen(_pen(theme.CRITICAL_PATH, 2.0))
    p.drawPolyline(QPolygonF([QPointF(7, 18), QPointF(13, 12), QPointF(17, 15), QPointF(25, 9)]))


def _draw_app(p: QPainter) -> None:
    """The application icon: a flow of three steps over a lead-time bar."""
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QBrush(QColor("#1F3A5F")))
    p.drawRoundedRect(QRectF(1, 1, 30, 30), 6, 6)
    p.setBrush(QBrush(QColor("#FFFFFF")))
    for x in (4.5, 13, 21.5):
        p.drawRoundedRect(QRectF(x, 8, 6, 8), 1.2, 1.2)
    p.setBrush(QBrush(QColor(theme.CRITICAL_PATH)))
    p.drawRect(QRectF(4.5, 21, 15, 3.5))
    p.setBrush(QBrush(QColor(theme.LADDER_PROCESS)))
    p.drawRect(QRectF(19.5, 21, 8, 3.5))


def _draw_warning(p: QPainter) -> None:
    """A finding to look at: an amber triangle with an exclamation mark."""
    p.setPen(_pen("#B7791F", 1.8))
    p.setBrush(QBrush(QColor("#F6C453")))
    p.drawPolygon(QPolygonF([QPointF(16, 4), QPointF(29, 27), QPointF(3, 27)]))
    _draw_exclamation(p, QColor(theme.INK))


def _draw_problem(p: QPainter) -> None:
    """A problem that stops a figure (a flow cycle, no path to the end): a red disc."""
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QBrush(QColor(theme.CRITICAL_PATH)))
    p.drawEllipse(QRectF(3, 3, 26, 26))
    _draw_exclamation(p, QColor("#FFFFFF"))


def _draw_exclamation(p: QPainter, colour: QColor) -> None:
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QBrush(colour))
    p.drawRoundedRect(QRectF(14.4, 10, 3.2, 10), 1.4, 1.4)
    p.drawEllipse(QRectF(14.3, 21.5, 3.4, 3.4))


def _draw_ok(p: QPainter) -> None:
    p.setPen(_pen(theme.LADDER_PROCESS, 3.2))
    p.drawPolyline(QPolygonF([QPointF(6, 17), QPointF(13, 24), QPointF(26, 9)]))


_PAINTERS: dict[str, Painter] = {
    "step": _draw_step,
    "queue": _draw_queue,
    "approval": _draw_approval,
    "handover": _draw_handover,
    "start": _draw_start,
    "end": _draw_end,
    "kaizen": _draw_kaizen,
    "note": _draw_note,
    "lane": _draw_lane,
    "new": _draw_new,
    "open": _draw_open,
    "save": _draw_save,
    "undo": _draw_undo,
    "redo": _draw_redo,
    "zoom_in": _draw_zoom_in,
    "zoom_out": _draw_zoom_out,
    "fit": _draw_fit,
    "critical": _draw_critical,
    "waits": _draw_waits,
    "layout": _draw_layout,
    "present": _draw_present,
    "warning": _draw_warning,
    "problem": _draw_problem,
    "ok": _draw_ok,
    "app": _draw_app,
}

ICON_NAMES = tuple(_PAINTERS)


def render_pixmap(name: str, size: int, device_pixel_ratio: float = 1.0) -> QPixmap:
    pixels = max(1, round(size * device_pixel_ratio))
    pixmap = QPixmap(pixels, pixels)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.scale(pixels / _GRID, pixels / _GRID)
    _PAINTERS[name](painter)
    painter.end()
    pixmap.setDevicePixelRatio(device_pixel_ratio)
    return pixmap


class _DrawnIcon(QIconEngine):
    """Draws its icon at a size when that size is first shown, and keeps it: the window's
    icons rendered at five sizes each up front were a noticeable part of the start, for
    sizes most of them never show."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self._name = name
        self._pixmaps: dict[tuple[int, float, QIcon.Mode], QPixmap] = {}

    def scaledPixmap(  # noqa: N802 (Qt's name)
        self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float
    ) -> QPixmap:
        key = (max(1, min(size.width(), size.height())), scale, mode)
        pixmap = self._pixmaps.get(key)
        if pixmap is None:
            pixmap = render_pixmap(self._name, key[0], scale)
            if mode != QIcon.Mode.Normal:  # greyed out (disabled) or tinted as the style does
                pixmap = QApplication.style().generatedIconPixmap(mode, pixmap, QStyleOption())
            self._pixmaps[key] = pixmap
        return pixmap

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return self.scaledPixmap(size, mode, state, 1.0)

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        scale = painter.device().devicePixelRatioF() if painter.device() else 1.0
        painter.drawPixmap(rect, self.scaledPixmap(rect.size(), mode, state, scale))

    def availableSizes(  # noqa: N802 (Qt's name)
        self, mode: QIcon.Mode = QIcon.Mode.Normal, state: QIcon.State = QIcon.State.Off
    ) -> list[QSize]:
        return [QSize(side, side) for side in _SIZES]

    def clone(self) -> QIconEngine:
        return _DrawnIcon(self._name)

    def key(self) -> str:
        return "vsm_drawn"


@cache
def icon(name: str) -> QIcon:
    """The named icon (an element kind, "lane", "handover" or a toolbar action)."""
    if name not in _PAINTERS:
        raise KeyError(f"no icon named {name!r}; known: {', '.join(ICON_NAMES)}")
    return QIcon(_DrawnIcon(name))


@cache
def app_icon() -> QIcon:
    """The application icon shipped for packaging (all sizes), or the drawn one as a fallback."""
    from ..resources import icons_dir

    result = QIcon()
    for png in sorted(icons_dir().glob("vsm-desktop-*.png")):
        result.addFile(str(png))
    return result if not result.isNull() else icon("app")
