"""Paints a MapDrawing (vsm_desktop.drawing) on a ReportLab canvas.

Everything about where things go, which lines a name wraps into, where an arrow runs and where
its label sits comes from the drawing; this module only knows how the notation looks in PDF
strokes and fills. Drawing happens in scene units: the caller picks a scene rectangle and a
scale, and the painter flips y (the scene grows downward, PDF upward).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Generic, TypeVar

from reportlab.pdfgen.canvas import Canvas

from .. import theme
from ..analysis.result import FlowAnalysis
from ..drawing import Box, MapDrawing, TextSizes, build_drawing
from ..drawing.geometry import GridIndex, Point
from ..drawing.map_drawing import (
    CUSTOMER_ROOF,
    DATA_ROW,
    LEADING,
    QUEUE_TRIANGLE_HEIGHT,
    Chip,
    ConnectionShape,
    ElementShape,
    TextLine,
    text_box,
)
from ..drawing.map_drawing import Sizes as Sizes
from ..drawing.map_drawing import element_box as element_box
from ..model.elements import ElementKind
from ..model.layout import ELEMENT_SIZE, LANE_TITLE_WIDTH
from ..model.value_stream_map import ValueStreamMap
from .pdf_fonts import clean_text, draw_text, rl_color, text_width

MIN_POINTS = 6.0  # no text on paper is printed smaller
NAME_POINTS = 7.0  # names are printed at least this large where the box has room
LANE_POINTS = 8.0
_STEP_HEIGHT = ELEMENT_SIZE[ElementKind.STEP][1]
# The largest text floor (scene units) at which a step still shows two name lines over its two
# data rows; a map drawn at scale s has floor MIN_POINTS / s, so s must be at least this.
_LARGEST_FLOOR = (_STEP_HEIGHT - 12) / (2 * DATA_ROW + 2 * LEADING)
MIN_MAP_SCALE = MIN_POINTS / _LARGEST_FLOOR


def _measure(text: str, size: float, bold: bool) -> float:
    return text_width(text, size, bold)


def paper_text_sizes(scale: float) -> TextSizes:
    """Text sizes (scene units) so that, drawn at scale, nothing prints below MIN_POINTS."""
    base = TextSizes().at_least(MIN_POINTS / scale)
    return TextSizes(
        name=max(base.name, NAME_POINTS / scale),
        data=base.data,
        data_label=base.data_label,
        small=base.small,
        lane=max(base.lane, LANE_POINTS / scale),
        least=base.least,
    )


def paper_drawing(
    value_stream_map: ValueStreamMap,
    analysis: FlowAnalysis,
    sizes: Sizes,
    scale: float | None,
    routes_from: MapDrawing | None = None,
) -> MapDrawing:
    """The drawing for paper at scale; scale None draws shapes only (an overview).
    routes_from: a drawing of the same layout whose arrow routes are reused."""
    if scale is None:
        return build_drawing(value_stream_map, analysis, _measure, sizes=sizes, detail=False)
    return build_drawing(value_stream_map, analysis, _measure, sizes=sizes,
                         text=paper_text_sizes(scale), prepare=clean_text,
                         routes_from=routes_from)  # fmt: skip


class MapPainter:
    """Paints one drawing; reused for the map page, the overview and every tile."""

    def __init__(self, drawing: MapDrawing) -> None:
        self.drawing = drawing
        self.area = drawing.bounds
        # Indexes by place, built once: a section page looks up only what it shows.
        underneath = (ElementKind.KAIZEN, ElementKind.NOTE)
        self._order = {id(shape): (shape.element.kind not in underneath, index)
                       for index, shape in enumerate(drawing.elements)}  # fmt: skip
        self._elements = _Index((shape.box, shape) for shape in drawing.elements)
        self._connections = _Index((shape.bounds, shape) for shape in drawing.connections)
        self._chips = _Index((chip.box, chip) for chip in drawing.chips)

    @property
    def bounds(self) -> Box:
        return self.drawing.bounds

    def connections_within(self, area: Box) -> list[ConnectionShape]:
        return self._connections.within(area)

    def draw(
        self, canvas: Canvas, area: Box, left: float, top: float, scale: float,
        *, lane_headers: bool = True,
    ) -> None:  # fmt: skip
        """Draw the scene rectangle `area` with its top-left at PDF point (left, top).

        Text that the area would cut is left out: half a word reads as a different word."""
        self.area = area
        canvas.saveState()
        clip = canvas.beginPath()
        clip.rect(left, top - area.height * scale, area.width * scale, area.height * scale)
        canvas.clipPath(clip, stroke=0, fill=0)
        canvas.translate(left, top)
        canvas.scale(scale, scale)
        canvas.translate(-area.left, area.top)  # scene (x, y) now draws at (x, -y)
        canvas.setFillColor(rl_color(theme.CANVAS_BACKGROUND))
        canvas.rect(area.left, -area.bottom, area.width, area.height, stroke=0, fill=1)
        self._draw_lanes(canvas, lane_headers)
        visible = area.expanded(40)
        for connection in self._connections.within(visible):
            self._draw_connection(canvas, connection)
        canvas.setStrokeColor(rl_color(theme.KIND_BORDER[ElementKind.KAIZEN]))
        canvas.setLineWidth(1.5)
        canvas.setDash(2, 4)
        for start, end in self.drawing.kaizen_links:
            canvas.line(start[0], -start[1], end[0], -end[1])
        canvas.setDash()
        # Ideas and notes first, so a step's badge is never hidden under the idea above it.
        for shape in sorted(self._elements.within(visible), key=lambda s: self._order[id(s)]):
            self._draw_element(canvas, shape)
        for chip in self._chips.within(visible):
            self._draw_chip(canvas, chip)
        canvas.restoreState()

    # ----------------------------------------------------------------- lanes

    def _draw_lanes(self, canvas: Canvas, headers: bool) -> None:
        right = self.drawing.bounds.right
        for index, lane in enumerate(self.drawing.lanes):
            fill = theme.LANE_FILL_EVEN if index % 2 == 0 else theme.LANE_FILL_ODD
            canvas.setFillColor(rl_color(fill))
            canvas.setStrokeColor(rl_color(theme.LANE_BORDER))
            canvas.setLineWidth(1)
            canvas.rect(0, -lane.bottom, right, lane.bottom - lane.top, stroke=1, fill=1)
            if headers:
                canvas.setFillColor(rl_color(theme.LANE_HEADER_FILL))
                canvas.rect(0, -lane.bottom, LANE_TITLE_WIDTH, lane.bottom - lane.top, 1, 1)
                self._draw_texts(canvas, lane.texts)

    # ----------------------------------------------------------------- elements

    def _draw_element(self, canvas: Canvas, shape: ElementShape) -> None:
        kind = shape.element.kind
        if kind in (ElementKind.STEP, ElementKind.APPROVAL):
            self._draw_step(canvas, shape)
        elif kind is ElementKind.QUEUE:
            self._draw_queue(canvas, shape)
        elif kind in (ElementKind.START, ElementKind.END):
            self._draw_customer(canvas, shape)
        elif kind is ElementKind.KAIZEN:
            self._draw_kaizen(canvas, shape)
        elif kind is ElementKind.NOTE:
            self._draw_note(canvas, shape)
        self._draw_texts(canvas, shape.texts)

    def _border(self, shape: ElementShape) -> tuple[str, float]:
        if shape.critical:
            return theme.CRITICAL_PATH, 3.0
        return theme.KIND_BORDER[shape.element.kind], 1.5

    def _draw_step(self, canvas: Canvas, shape: ElementShape) -> None:
        box = shape.box
        border, line_width = self._border(shape)
        canvas.setLineWidth(line_width)
        canvas.setStrokeColor(rl_color(border))
        canvas.setFillColor(rl_color(theme.KIND_FILL[shape.element.kind]))
        canvas.roundRect(box.left, -box.bottom, box.width, box.height, 8, stroke=1, fill=1)
        for cell in shape.cells:
            canvas.setFillColor(rl_color(cell.fill))
            canvas.rect(cell.box.left, -cell.box.bottom, cell.box.width, cell.box.height, 0, 1)
        canvas.setLineWidth(0.8)
        canvas.setStrokeColor(rl_color(theme.LANE_BORDER))
        data = shape.data_box
        if data is not None:
            canvas.line(data.left, -data.top, data.right, -data.top)
            for cell in shape.cells:
                if cell.box.top > data.top + 0.5:
                    canvas.line(data.left, -cell.box.top, data.right, -cell.box.top)
                if cell.box.left > data.left + 0.5:
                    canvas.line(cell.box.left, -cell.box.top, cell.box.left, -cell.box.bottom)
        if shape.element.kind is ElementKind.APPROVAL:
            self._draw_gate_marker(canvas, shape)

    def _draw_gate_marker(self, canvas: Canvas, shape: ElementShape) -> None:
        """Approvals are gates: an amber diamond with a bar, left of the name."""
        box = shape.box
        name_bottom = shape.data_box.top if shape.data_box else box.bottom
        cx, cy, r = box.left + 16, -(box.top + name_bottom) / 2, 10
        canvas.setFillColor(rl_color(theme.KIND_BORDER[ElementKind.APPROVAL]))
        path = canvas.beginPath()
        path.moveTo(cx, cy + r)
        path.lineTo(cx + r, cy)
        path.lineTo(cx, cy - r)
        path.lineTo(cx - r, cy)
        path.close()
        canvas.drawPath(path, stroke=0, fill=1)
        canvas.setStrokeColor(rl_color(theme.KIND_FILL[ElementKind.APPROVAL]))
        canvas.setLineWidth(2)
        canvas.line(cx - r / 2, cy, cx + r / 2, cy)

    def _draw_queue(self, canvas: Canvas, shape: ElementShape) -> None:
        """The inventory triangle with an I; its name and figures are text lines beneath."""
        box = shape.box
        border, line_width = self._border(shape)
        triangle_bottom = box.top + QUEUE_TRIANGLE_HEIGHT
        canvas.setStrokeColor(rl_color(border))
        canvas.setLineWidth(line_width)
        canvas.setFillColor(rl_color(shape.wait_shade))
        path = canvas.beginPath()
        path.moveTo(box.left + box.width / 2, -box.top)
        path.lineTo(box.right, -triangle_bottom)
        path.lineTo(box.left, -triangle_bottom)
        path.close()
        canvas.drawPath(path, stroke=1, fill=1)
        # The I is a mark, not text: drawn as a bar so it never counts as tiny print.
        ink = "#FFFFFF" if shape.wait_shade in theme.WAIT_SHADES[-2:] else theme.KIND_BORDER[
            ElementKind.QUEUE]  # fmt: skip
        canvas.setFillColor(rl_color(ink))
        canvas.rect(shape.element.x - 2, -(triangle_bottom - 8), 4, 22, stroke=0, fill=1)

    def _draw_customer(self, canvas: Canvas, shape: ElementShape) -> None:
        """The VSM customer/supplier symbol: a building with a saw-tooth roof."""
        box = shape.box
        border, line_width = self._border(shape)
        canvas.setStrokeColor(rl_color(border))
        canvas.setLineWidth(line_width)
        canvas.setFillColor(rl_color(theme.KIND_FILL[shape.element.kind]))
        path = canvas.beginPath()
        path.moveTo(box.left, -box.bottom)
        path.lineTo(box.left, -(box.top + CUSTOMER_ROOF))
        teeth = 3
        tooth = box.width / teeth
        for index in range(teeth):
            path.lineTo(box.left + tooth * index + tooth / 2, -box.top)
            path.lineTo(box.left + tooth * (index + 1), -(box.top + CUSTOMER_ROOF))
        path.lineTo(box.right, -box.bottom)
        path.close()
        canvas.drawPath(path, stroke=1, fill=1)

    def _draw_kaizen(self, canvas: Canvas, shape: ElementShape) -> None:
        box = shape.box
        spikes = 12
        cx, cy = box.centre[0], -box.centre[1]
        path = canvas.beginPath()
        for index in range(spikes * 2):
            angle = math.pi * index / spikes
            reach = 1.0 if index % 2 == 0 else 0.84
            x = cx + math.cos(angle) * box.width / 2 * reach
            y = cy + math.sin(angle) * box.height / 2 * reach
            if index == 0:
                path.moveTo(x, y)
            else:
                path.lineTo(x, y)
        path.close()
        canvas.setFillColor(rl_color(theme.KIND_FILL[ElementKind.KAIZEN]))
        canvas.setStrokeColor(rl_color(theme.KIND_BORDER[ElementKind.KAIZEN]))
        canvas.setLineWidth(1.5)
        canvas.drawPath(path, stroke=1, fill=1)

    def _draw_note(self, canvas: Canvas, shape: ElementShape) -> None:
        """A sticky note with a folded corner."""
        box = shape.box
        fold = 16.0
        path = canvas.beginPath()
        path.moveTo(box.left, -box.top)
        path.lineTo(box.right, -box.top)
        path.lineTo(box.right, -(box.bottom - fold))
        path.lineTo(box.right - fold, -box.bottom)
        path.lineTo(box.left, -box.bottom)
        path.close()
        canvas.setFillColor(rl_color(theme.KIND_FILL[ElementKind.NOTE]))
        canvas.setStrokeColor(rl_color(theme.KIND_BORDER[ElementKind.NOTE]))
        canvas.setLineWidth(1)
        canvas.drawPath(path, stroke=1, fill=1)
        canvas.line(box.right, -(box.bottom - fold), box.right - fold, -(box.bottom - fold))
        canvas.line(box.right - fold, -(box.bottom - fold), box.right - fold, -box.bottom)

    # ----------------------------------------------------------------- text and chips

    def _draw_texts(self, canvas: Canvas, lines: Iterable[TextLine]) -> None:
        for line in lines:
            self._draw_text(canvas, line)

    def _draw_text(self, canvas: Canvas, line: TextLine) -> None:
        box = text_box(line, _measure)
        area = self.area
        if box.left < area.left or box.right > area.right or box.top < area.top or (
            box.bottom > area.bottom
        ):
            return
        draw_text(canvas, line.x, -line.baseline, line.text, line.size, bold=line.bold,
                  anchor=line.anchor, color=line.colour)  # fmt: skip

    def _draw_chip(self, canvas: Canvas, chip: Chip) -> None:
        box = chip.box
        area = self.area
        if box.left < area.left or box.right > area.right or box.top < area.top or (
            box.bottom > area.bottom
        ):
            return
        canvas.setFillColor(rl_color(chip.fill))
        if chip.border:
            canvas.setStrokeColor(rl_color(chip.border))
            canvas.setLineWidth(0.6)
        canvas.roundRect(box.left, -box.bottom, box.width, box.height, 3,
                         stroke=1 if chip.border else 0, fill=1)  # fmt: skip
        self._draw_text(canvas, chip.line)

    # ----------------------------------------------------------------- connections

    def _draw_connection(self, canvas: Canvas, shape: ConnectionShape) -> None:
        route = shape.route
        canvas.setStrokeColor(rl_color(shape.colour))
        canvas.setLineWidth(shape.width)
        if shape.dashed:
            canvas.setDash(6, 4)
        before, end = route.tangent
        base = _arrow_base(before, end, shape.width)
        path = canvas.beginPath()
        path.moveTo(route.start[0], -route.start[1])
        if route.curved:
            (_, _), c1, c2, _ = route.points
            path.curveTo(c1[0], -c1[1], c2[0], -c2[1], base[0], -base[1])
        else:
            for x, y in route.points[1:-1]:
                path.lineTo(x, -y)
            path.lineTo(base[0], -base[1])
        canvas.drawPath(path, stroke=1, fill=0)
        canvas.setDash()
        _draw_arrow_head(canvas, before, end, shape.colour, shape.width)


Item = TypeVar("Item")


class _Index(Generic[Item]):
    """Items by place, in the order they were given."""

    def __init__(self, items: Iterable[tuple[Box, Item]], cell: float = 400.0) -> None:
        self._items: list[Item] = []
        self._grid: GridIndex[int] = GridIndex(cell)
        for order, (box, item) in enumerate(items):
            self._items.append(item)
            self._grid.put(order, box)

    def within(self, area: Box) -> list[Item]:
        """The items whose boxes meet the area, in their original order."""
        return [self._items[order] for order in sorted(self._grid.within(area))]


def _arrow_geometry(start: Point, end: Point, width: float) -> tuple[float, float]:
    length = max(10.0, 4.5 * width + 4)
    angle = math.atan2(end[1] - start[1], end[0] - start[0])
    return length, angle


def _arrow_base(start: Point, end: Point, width: float) -> tuple[float, float]:
    """The scene point where the shaft meets the arrow head."""
    length, angle = _arrow_geometry(start, end, width)
    return end[0] - math.cos(angle) * length * 0.8, end[1] - math.sin(angle) * length * 0.8


def _draw_arrow_head(canvas: Canvas, start: Point, end: Point, color: str, width: float
                     ) -> None:
    length, angle = _arrow_geometry(start, end, width)
    spread = 0.42
    points = [
        end,
        (end[0] - length * math.cos(angle - spread), end[1] - length * math.sin(angle - spread)),
        (end[0] - length * math.cos(angle + spread), end[1] - length * math.sin(angle + spread)),
    ]
    path = canvas.beginPath()
    path.moveTo(points[0][0], -points[0][1])
    for x, y in points[1:]:
        path.lineTo(x, -y)
    path.close()
    canvas.setFillColor(rl_color(color))
    canvas.drawPath(path, stroke=0, fill=1)
