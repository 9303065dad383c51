"""The map as vector graphics on a ReportLab canvas, in the canvas's notation and colours.

Drawing happens in scene units: the caller picks a scene rectangle and a scale, and the painter
flips y (the scene grows downward, PDF upward). Text sizes are in scene units too, so the
report checks `smallest_text_size * scale` against the legibility limit before choosing a scale.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from reportlab.pdfgen.canvas import Canvas

from .. import theme
from ..analysis.result import FlowAnalysis
from ..model.document import stacked_lane_bands
from ..model.elements import Connection, ConnectionKind, Element, ElementKind
from ..model.layout import ELEMENT_SIZE, LANE_HEADER_WIDTH, LANE_TITLE_WIDTH
from ..model.units import format_duration
from ..model.value_stream_map import ValueStreamMap
from .pdf_fonts import clean_text, draw_text, elide, fit_text, rl_color, text_width, wrap_lines

NAME_BOX_HEIGHT = 60.0  # top part of a step; the data box fills the rest
MAP_MARGIN = 40.0

# Text sizes in scene units; printed size = size * scale.
NAME_SIZE = 14.0
DATA_SIZE = 12.0
DATA_LABEL_SIZE = 9.5
LANE_SIZE = 15.0
SMALL_SIZE = 11.5  # connection labels, slack tags, queue data
SMALLEST_TEXT_SIZE = SMALL_SIZE
QUEUE_TEXT_WIDTH = 120.0  # a queue's name and figures may run wider than its triangle


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def centre(self) -> tuple[float, float]:
        return (self.left + self.right) / 2, (self.top + self.bottom) / 2

    def united(self, other: Box) -> Box:
        return Box(
            min(self.left, other.left),
            min(self.top, other.top),
            max(self.right, other.right),
            max(self.bottom, other.bottom),
        )

    def expanded(self, margin: float) -> Box:
        return Box(self.left - margin, self.top - margin, self.right + margin, self.bottom + margin)

    def intersects(self, other: Box) -> bool:
        return not (
            other.left > self.right
            or other.right < self.left
            or other.top > self.bottom
            or other.bottom < self.top
        )


Sizes = dict[ElementKind, tuple[float, float]]


def element_box(element: Element, sizes: Sizes | None = None) -> Box:
    """The element's outline; sizes overrides the canvas's (paper widens some kinds)."""
    width, height = (sizes or ELEMENT_SIZE)[element.kind]
    return Box(
        element.x - width / 2,
        element.y - height / 2,
        element.x + width / 2,
        element.y + height / 2,
    )


def map_bounds(value_stream_map: ValueStreamMap, sizes: Sizes | None = None) -> Box:
    """The scene rectangle that holds every lane and element, with a margin on the right."""
    lanes_height = sum(lane.height for lane in value_stream_map.lanes)
    bounds = Box(0.0, 0.0, LANE_HEADER_WIDTH + 200.0, max(lanes_height, 120.0))
    elements = {element.id: element for element in value_stream_map.elements}
    for element in elements.values():
        bounds = bounds.united(element_box(element, sizes).expanded(MAP_MARGIN / 2))
    for connection in value_stream_map.connections:
        source, target = elements[connection.source_id], elements[connection.target_id]
        if connection.kind is ConnectionKind.REWORK:  # the arc and its label rise above
            tops = element_box(source, sizes).top, element_box(target, sizes).top
            apex = min(tops) - 0.75 * _rework_lift(source, target)
            bounds = bounds.united(Box(bounds.left, apex - SMALL_SIZE - 6, bounds.right, apex))
    return Box(min(bounds.left, 0.0), bounds.top, bounds.right + MAP_MARGIN / 2, bounds.bottom)


class MapPainter:
    """Draws one map with its analysis; reused for the page-1 map, the overview and tiles."""

    def __init__(
        self, value_stream_map: ValueStreamMap, analysis: FlowAnalysis, sizes: Sizes | None = None
    ) -> None:
        self.map = value_stream_map
        self.sizes = sizes or ELEMENT_SIZE
        self.analysis = analysis
        self.calendar = value_stream_map.calendar
        self.elements = {element.id: element for element in value_stream_map.elements}
        # Boxes are fixed for the painter's life: computed once, not once per tile page.
        self.boxes = {
            element.id: element_box(element, self.sizes) for element in self.elements.values()
        }
        self.connection_bounds = [
            (connection, self._connection_bounds(connection))
            for connection in value_stream_map.connections
        ]
        self.bands = stacked_lane_bands(value_stream_map.lanes)  # a drawing, not a map
        self.bounds = map_bounds(value_stream_map, self.sizes)
        self.critical_elements = set(analysis.critical_elements)
        self.critical_connections = set(analysis.critical_connections)
        waits = [e.wait_time or 0.0 for e in value_stream_map.elements if e.kind.in_flow]
        self.largest_wait = max(waits, default=0.0)
        self.canvas: Canvas | None = None
        self.detail = True
        self.text_scale = 1.0

    def _box(self, element: Element) -> Box:
        box = self.boxes.get(element.id)
        return box if box is not None else element_box(element, self.sizes)

    @property
    def name_box_height(self) -> float:
        """The name part of a step: taller when the data box has two rows, for a third line."""
        return NAME_BOX_HEIGHT + 8 if self.two_row_data else NAME_BOX_HEIGHT

    # Text sizes in scene units for the current drawing: on paper text may be drawn larger
    # than on screen, relative to the shapes, so a map shrunk to fit a page stays readable.
    @property
    def name_size(self) -> float:
        return NAME_SIZE * self.text_scale

    @property
    def data_size(self) -> float:
        return DATA_SIZE * self.text_scale

    @property
    def data_label_size(self) -> float:
        # Two-row data boxes have room for labels as large as the figures.
        return (DATA_SIZE if self.two_row_data else DATA_LABEL_SIZE) * self.text_scale

    @property
    def lane_size(self) -> float:
        return LANE_SIZE * self.text_scale

    @property
    def small_size(self) -> float:
        return SMALL_SIZE * self.text_scale

    @property
    def two_row_data(self) -> bool:
        """Boosted text no longer fits four data cells; the box then shows process time and
        wait across its full width (%C&A and people are in the report's steps table)."""
        return self.text_scale > 1.05

    # ----------------------------------------------------------------- entry point

    def draw(
        self,
        canvas: Canvas,
        area: Box,
        left: float,
        top: float,
        scale: float,
        *,
        detail: bool = True,
        tile_labels: bool = False,
        text_scale: float = 1.0,
    ) -> None:
        """Draw the scene rectangle `area` with its top-left at PDF point (left, top).

        detail=False leaves out text too small to read (the overview); text_scale draws text
        that much larger than the canvas does."""
        self.canvas = canvas
        self.detail = detail
        self.text_scale = text_scale
        canvas.saveState()
        clip = canvas.beginPath()
        clip.rect(left, top - area.height * scale, area.width * scale, area.height * scale)
        canvas.clipPath(clip, stroke=0, fill=0)
        canvas.translate(left, top)
        canvas.scale(scale, scale)
        canvas.translate(-area.left, area.top)  # scene (x, y) now draws at (x, -y)
        canvas.setFillColor(rl_color(theme.CANVAS_BACKGROUND))
        canvas.rect(area.left, -area.bottom, area.width, area.height, stroke=0, fill=1)
        self._draw_lanes(area, tile_labels)
        visible = area.expanded(200)
        elements = [e for e in self.map.elements if self.boxes[e.id].intersects(visible)]
        for connection, bounds in self.connection_bounds:
            if bounds.intersects(visible):
                self._draw_connection(connection)
        for element in elements:
            if element.kind is ElementKind.KAIZEN and element.target_id in self.elements:
                self._draw_kaizen_link(element, self.elements[element.target_id])
        # Ideas and notes first, so a step's badge is never hidden under the idea above it.
        underneath = (ElementKind.KAIZEN, ElementKind.NOTE)
        below = [e for e in elements if e.kind in underneath]
        on_top = [e for e in elements if e.kind not in underneath]
        for element in below + on_top:
            self._draw_element(element)
        canvas.restoreState()
        self.canvas = None

    # ----------------------------------------------------------------- lanes

    def _draw_lanes(self, area: Box, tile_labels: bool) -> None:
        canvas = self.canvas
        right = self.bounds.right
        for index, band in enumerate(self.bands):
            fill = theme.LANE_FILL_EVEN if index % 2 == 0 else theme.LANE_FILL_ODD
            canvas.setFillColor(rl_color(fill))
            canvas.setStrokeColor(rl_color(theme.LANE_BORDER))
            canvas.setLineWidth(1)
            canvas.rect(0, -band.bottom, right, band.bottom - band.top, stroke=1, fill=1)
            canvas.setFillColor(rl_color(theme.LANE_HEADER_FILL))
            canvas.rect(0, -band.bottom, LANE_TITLE_WIDTH, band.bottom - band.top, 1, 1)
            name = clean_text(band.lane.name) or "Unnamed lane"
            # Centre the header in the part of the band this area shows (tiles cut bands).
            visible_top = max(band.top, area.top)
            visible_bottom = max(visible_top + 1, min(band.bottom, area.bottom))
            if self.detail:
                fitted = fit_text(
                    name,
                    LANE_TITLE_WIDTH - 24,
                    visible_bottom - visible_top - 20,
                    size=self.lane_size,
                    min_size=self.small_size,
                    bold=True,
                    max_lines=4,
                )
                self._draw_lines(
                    fitted.lines,
                    12,
                    (visible_top + visible_bottom) / 2,
                    fitted.size,
                    bold=True,
                    anchor="start",
                    color=theme.INK,
                )
            label_top = max(band.top, area.top)
            if tile_labels and area.left > LANE_HEADER_WIDTH and band.bottom - label_top > 40:
                # A tile right of the headers repeats the lane name so every tile reads alone.
                label = elide(name, 260, self.small_size, bold=True)
                draw_text(
                    canvas,
                    area.left + 8,
                    -(label_top + self.small_size + 6),
                    label,
                    self.small_size,
                    bold=True,
                    color=theme.INK_MUTED,
                )

    # ----------------------------------------------------------------- elements

    def _draw_element(self, element: Element) -> None:
        box = self._box(element)
        critical = element.id in self.critical_elements
        draw = {
            ElementKind.STEP: self._draw_step,
            ElementKind.APPROVAL: self._draw_step,
            ElementKind.QUEUE: self._draw_queue,
            ElementKind.START: self._draw_customer,
            ElementKind.END: self._draw_customer,
            ElementKind.KAIZEN: self._draw_kaizen,
            ElementKind.NOTE: self._draw_note,
        }[element.kind]
        draw(element, box, critical)
        if not self.detail:
            return
        slack = self.analysis.slack(element.id)
        if element.id == self.analysis.constraint_id:
            self._draw_tag("constraint", box, fill=theme.CRITICAL_PATH, ink="#FFFFFF", bold=True)
        elif element.kind.in_flow and slack is not None and slack > 1e-9:
            self._draw_tag(f"slack {format_duration(slack, self.calendar)}", box)

    def _border(self, element: Element, critical: bool) -> tuple[str, float]:
        if critical:
            return theme.CRITICAL_PATH, 3.0
        return theme.KIND_BORDER[element.kind], 1.5

    def _draw_step(self, element: Element, box: Box, critical: bool) -> None:
        canvas = self.canvas
        border, line_width = self._border(element, critical)
        canvas.setLineWidth(line_width)
        canvas.setStrokeColor(rl_color(border))
        canvas.setFillColor(rl_color(theme.KIND_FILL[element.kind]))
        canvas.roundRect(box.left, -box.bottom, box.width, box.height, 8, stroke=1, fill=1)
        data_top = box.top + self.name_box_height
        # Data box: PT and %C&A on the left, wait (shaded by size) and people on the right.
        inset = line_width / 2 + 0.5
        inner = Box(box.left + inset, data_top, box.right - inset, box.bottom - inset)
        middle_x, middle_y = inner.centre
        canvas.setFillColor(rl_color(theme.DATA_BOX_FILL))
        canvas.rect(inner.left, -inner.bottom, inner.width, inner.height, stroke=0, fill=1)
        wait_shade = theme.wait_shade(element.wait_time or 0.0, self.largest_wait)
        canvas.setFillColor(rl_color(wait_shade))
        if self.two_row_data:  # the wait is the lower row
            canvas.rect(inner.left, -inner.bottom, inner.width, inner.bottom - middle_y, 0, 1)
        else:  # the wait is the upper right cell
            canvas.rect(middle_x, -middle_y, inner.right - middle_x, middle_y - inner.top, 0, 1)
        canvas.setLineWidth(0.8)
        canvas.setStrokeColor(rl_color(theme.LANE_BORDER))
        canvas.line(inner.left, -inner.top, inner.right, -inner.top)
        if not self.two_row_data:
            canvas.line(middle_x, -inner.top, middle_x, -inner.bottom)
        canvas.line(inner.left, -middle_y, inner.right, -middle_y)
        approval = element.kind is ElementKind.APPROVAL
        if approval:
            self._draw_gate_marker(box)
        if not self.detail:
            return
        name_left = box.left + (30 if approval else 8)
        name_width = box.right - 8 - name_left
        fitted = fit_text(
            clean_text(element.display_name),
            name_width,
            self.name_box_height - 8,
            size=self.name_size,
            min_size=self.small_size * 0.9,
            bold=True,
            max_lines=3,
        )
        self._draw_lines(
            fitted.lines,
            name_left + name_width / 2,
            box.top + self.name_box_height / 2,
            fitted.size,
            bold=True,
            anchor="middle",
            color=theme.INK,
        )
        # Dark wait shades carry white text so the figure stays readable.
        wait_ink = _ink_on(wait_shade)
        if self.two_row_data:
            cells = (
                ("PT", format_duration(element.process_time, self.calendar), None),
                ("Wait", format_duration(element.wait_time, self.calendar), wait_ink),
            )
            columns = 1
        else:
            cells = (
                ("PT", format_duration(element.process_time, self.calendar), None),
                ("Wait", format_duration(element.wait_time, self.calendar), wait_ink),
                ("%C&A", "–" if element.pca is None else f"{element.pca:g}%", None),
                ("People", "–" if element.people is None else str(element.people), None),
            )
            columns = 2
        cell_width = inner.width / columns
        for index, (label, value, ink) in enumerate(cells):
            row, column = divmod(index, columns)
            cell_left = inner.left + column * cell_width
            row_middle = (inner.top + middle_y) / 2 if row == 0 else (middle_y + inner.bottom) / 2
            baseline = -(row_middle + self.data_size * 0.36)
            label_width = draw_text(
                self.canvas,
                cell_left + 4,
                baseline,
                label,
                self.data_label_size,
                color=ink or theme.INK_MUTED,
            )
            value = elide(value, cell_width - label_width - 11, self.data_size, bold=True)
            draw_text(
                self.canvas,
                cell_left + cell_width - 4,
                baseline,
                value,
                self.data_size,
                bold=True,
                anchor="end",
                color=ink or theme.INK,
            )

    def _draw_gate_marker(self, box: Box) -> None:
        """Approvals are gates: an amber diamond with a bar, left of the name."""
        canvas = self.canvas
        cx, cy, r = box.left + 16, -(box.top + self.name_box_height / 2), 10
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

    def _draw_queue(self, element: Element, box: Box, critical: bool) -> None:
        """The inventory triangle with an I, its wait and item count beneath."""
        canvas = self.canvas
        border, line_width = self._border(element, critical)
        triangle_bottom = box.top + 58
        canvas.setStrokeColor(rl_color(border))
        canvas.setLineWidth(line_width)
        shade = theme.wait_shade(element.wait_time or 0.0, self.largest_wait)
        canvas.setFillColor(rl_color(shade))
        path = canvas.beginPath()
        path.moveTo(box.left + box.width / 2, -box.top)
        path.lineTo(box.right, -triangle_bottom)
        path.lineTo(box.left, -triangle_bottom)
        path.close()
        canvas.drawPath(path, stroke=1, fill=1)
        draw_text(
            canvas,
            element.x,
            -(triangle_bottom - 10),
            "I",
            20,
            bold=True,
            anchor="middle",
            color=_ink_on(shade) or theme.KIND_BORDER[ElementKind.QUEUE],
        )
        if not self.detail:
            return
        wait = format_duration(element.wait_time, self.calendar)
        lines = [wait]
        if element.items_waiting is not None:
            lines.append(f"{element.items_waiting:,} items")
        name_lines = []
        if element.name:
            name_lines = wrap_lines(
                clean_text(element.name), QUEUE_TEXT_WIDTH, self.small_size, bold=True, max_lines=2
            )
        lines = name_lines + lines
        top = triangle_bottom + 4
        for index, line in enumerate(lines):
            bold = index < len(name_lines)
            draw_text(
                canvas,
                element.x,
                -(top + self.small_size * (1.15 * index + 0.9)),
                line,
                self.small_size,
                bold=bold,
                anchor="middle",
                color=theme.INK,
            )

    def _draw_customer(self, element: Element, box: Box, critical: bool) -> None:
        """The VSM customer/supplier symbol: a building with a saw-tooth roof."""
        canvas = self.canvas
        border, line_width = self._border(element, critical)
        roof = 24.0
        canvas.setStrokeColor(rl_color(border))
        canvas.setLineWidth(line_width)
        canvas.setFillColor(rl_color(theme.KIND_FILL[element.kind]))
        path = canvas.beginPath()
        path.moveTo(box.left, -box.bottom)
        path.lineTo(box.left, -(box.top + roof))
        teeth = 3
        tooth = box.width / teeth
        for index in range(teeth):
            path.lineTo(box.left + tooth * index + tooth / 2, -box.top)
            path.lineTo(box.left + tooth * (index + 1), -(box.top + roof))
        path.lineTo(box.right, -box.bottom)
        path.close()
        canvas.drawPath(path, stroke=1, fill=1)
        if not self.detail:
            return
        fitted = fit_text(
            clean_text(element.display_name),
            box.width - 16,
            box.height - roof - 8,
            size=self.name_size,
            min_size=self.small_size,
            bold=True,
            max_lines=3,
        )
        self._draw_lines(
            fitted.lines,
            element.x,
            box.top + roof + (box.height - roof) / 2,
            fitted.size,
            bold=True,
            anchor="middle",
            color=theme.INK,
        )

    def _draw_kaizen(self, element: Element, box: Box, critical: bool) -> None:
        canvas = self.canvas
        spikes = 12
        cx, cy = element.x, -element.y
        path = canvas.beginPath()
        for index in range(spikes * 2):
            angle = math.pi * index / spikes
            scale = 1.0 if index % 2 == 0 else 0.78
            x = cx + math.cos(angle) * box.width / 2 * scale
            y = cy + math.sin(angle) * box.height / 2 * scale
            if index == 0:
                path.moveTo(x, y)
            else:
                path.lineTo(x, y)
        path.close()
        canvas.setFillColor(rl_color(theme.KIND_FILL[ElementKind.KAIZEN]))
        canvas.setStrokeColor(rl_color(theme.KIND_BORDER[ElementKind.KAIZEN]))
        canvas.setLineWidth(1.5)
        canvas.drawPath(path, stroke=1, fill=1)
        if not self.detail:
            return
        fitted = fit_text(
            clean_text(element.display_name),
            box.width * (0.8 if self.two_row_data else 0.7),  # paper bursts are taller
            box.height * 0.8,
            size=self.small_size,
            min_size=self.small_size * 0.85,
            bold=True,
            max_lines=3,
        )
        self._draw_lines(
            fitted.lines,
            element.x,
            element.y,
            fitted.size,
            bold=True,
            anchor="middle",
            color=theme.INK,
        )

    def _draw_kaizen_link(self, kaizen: Element, target: Element) -> None:
        canvas = self.canvas
        start = _clip_to_box((kaizen.x, kaizen.y), (target.x, target.y), self._box(kaizen), 0.8)
        end = _clip_to_box((target.x, target.y), (kaizen.x, kaizen.y), self._box(target))
        canvas.setStrokeColor(rl_color(theme.KIND_BORDER[ElementKind.KAIZEN]))
        canvas.setLineWidth(1.5)
        canvas.setDash(2, 4)
        canvas.line(start[0], -start[1], end[0], -end[1])
        canvas.setDash()

    def _draw_note(self, element: Element, box: Box, critical: bool) -> None:
        """A sticky note with a folded corner."""
        canvas = self.canvas
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
        if not self.detail:
            return
        text = clean_text(element.name or element.notes) or "Note"
        fitted = fit_text(
            text,
            box.width - 16,
            box.height - 12,
            size=self.small_size,
            min_size=self.small_size,
            max_lines=5,
        )
        line_height = fitted.size * 1.18
        top = box.top + 8
        for index, line in enumerate(fitted.lines):
            draw_text(
                canvas,
                box.left + 8,
                -(top + line_height * index + fitted.size),
                line,
                fitted.size,
                color=theme.INK,
            )

    def _draw_tag(
        self,
        text: str,
        box: Box,
        *,
        fill: str = theme.LANE_HEADER_FILL,
        ink: str = theme.INK_MUTED,
        bold: bool = False,
    ) -> None:
        """A small rounded tag over the element's top-right corner: constraint or slack."""
        canvas = self.canvas
        size = self.small_size
        width = text_width(text, size, bold) + 10
        left, bottom = box.right - width - 6, box.top + (size + 6) / 2  # astride the border
        canvas.setFillColor(rl_color(fill))
        canvas.roundRect(left, -bottom, width, size + 6, 4, stroke=0, fill=1)
        draw_text(canvas, left + 5, -bottom + 4, text, size, bold=bold, color=ink)

    def _draw_lines(
        self,
        lines: list[str],
        x: float,
        centre_y: float,
        size: float,
        *,
        bold: bool,
        anchor: str,
        color: str,
    ) -> None:
        """Lines centred vertically on centre_y (scene units)."""
        line_height = size * 1.18
        first_baseline = centre_y - line_height * len(lines) / 2 + size * 0.9
        for index, line in enumerate(lines):
            baseline = first_baseline + line_height * index
            draw_text(self.canvas, x, -baseline, line, size, bold=bold, anchor=anchor, color=color)

    # ----------------------------------------------------------------- connections

    def _connection_bounds(self, connection: Connection) -> Box:
        """Both ends' boxes, raised for a rework arc: what the connection may touch."""
        source = self.elements.get(connection.source_id)
        target = self.elements.get(connection.target_id)
        if source is None or target is None:
            return Box(0, 0, 0, 0)
        bounds = self._box(source).united(self._box(target))
        if connection.kind is ConnectionKind.REWORK:
            bounds = Box(
                bounds.left, bounds.top - _rework_lift(source, target), bounds.right, bounds.bottom
            )
        return bounds

    def _draw_connection(self, connection: Connection) -> None:
        source = self.elements.get(connection.source_id)
        target = self.elements.get(connection.target_id)
        if source is None or target is None:
            return
        if connection.kind is ConnectionKind.REWORK:
            self._draw_rework(connection, source, target)
            return
        canvas = self.canvas
        start = _clip_to_box((source.x, source.y), (target.x, target.y), self._box(source))
        end = _clip_to_box((target.x, target.y), (source.x, source.y), self._box(target))
        critical = connection.id in self.critical_connections
        if connection.kind is ConnectionKind.INFORMATION:
            color, width = theme.INFORMATION_ARROW, 1.5
            canvas.setDash(6, 4)
        else:
            color, width = (theme.CRITICAL_PATH, 3.0) if critical else (theme.FLOW_ARROW, 1.8)
        canvas.setStrokeColor(rl_color(color))
        canvas.setLineWidth(width)
        canvas.line(start[0], -start[1], *_arrow_base(start, end, width, flip=True))
        canvas.setDash()
        _draw_arrow_head(canvas, start, end, color, width)
        if self.detail:
            self._draw_connection_label(connection, source, start, end)

    def _draw_connection_label(self, connection: Connection, source: Element, start, end) -> None:
        parts = []
        if connection.delay:
            parts.append(format_duration(connection.delay, self.calendar))
        if connection.method.value != "none":
            parts.append(connection.method.label.lower())
        label = clean_text(connection.label)
        if label:
            parts.append(label)
        target = self.elements[connection.target_id]
        crosses = (
            connection.kind is ConnectionKind.FLOW
            and source.lane_id is not None
            and target.lane_id is not None
            and source.lane_id != target.lane_id
        )
        if crosses:  # a cross-team handover
            parts = [f"⇄ {parts[0]}", *parts[1:]] if parts else ["⇄"]
        if not parts:
            return
        text = elide(" · ".join(parts), max(56.0, math.dist(start, end) - 16), self.small_size)
        self._draw_label_chip(text, (start[0] + end[0]) / 2, (start[1] + end[1]) / 2)

    def _draw_label_chip(self, text: str, x: float, y: float, color: str = theme.INK) -> None:
        canvas = self.canvas
        width = text_width(text, self.small_size) + 8
        canvas.setFillColor(rl_color(theme.CANVAS_BACKGROUND))
        canvas.setStrokeColor(rl_color(theme.GRID))
        canvas.setLineWidth(0.6)
        canvas.roundRect(
            x - width / 2, -y - self.small_size * 0.7, width, self.small_size * 1.4, 3, 1, 1
        )
        draw_text(
            canvas,
            x,
            -y - self.small_size * 0.35,
            text,
            self.small_size,
            anchor="middle",
            color=color,
        )

    def _draw_rework(self, connection: Connection, source: Element, target: Element) -> None:
        """Curved, orange, bulging above the elements, with the share sent back."""
        canvas = self.canvas
        source_box, target_box = self._box(source), self._box(target)
        start = (source.x, source_box.top)
        end = (target.x, target_box.top)
        control_y = min(start[1], end[1]) - _rework_lift(source, target)
        control_1 = (start[0], control_y)
        control_2 = (end[0], control_y)
        color, width = theme.REWORK_ARROW, 2.0
        canvas.setStrokeColor(rl_color(color))
        canvas.setLineWidth(width)
        path = canvas.beginPath()
        path.moveTo(start[0], -start[1])
        base = _arrow_base(control_2, end, width)
        path.curveTo(control_1[0], -control_1[1], control_2[0], -control_2[1], base[0], base[1])
        canvas.drawPath(path, stroke=1, fill=0)
        _draw_arrow_head(canvas, control_2, end, color, width)
        if self.detail:
            apex_y = 0.125 * start[1] + 0.375 * control_y * 2 + 0.125 * end[1]
            self._draw_label_chip(
                f"↺ {connection.rework_percent:g}%", (start[0] + end[0]) / 2, apex_y, color
            )


def _ink_on(shade: str) -> str | None:
    """White for text on the two deepest wait shades, where dark text would disappear."""
    return "#FFFFFF" if shade in theme.WAIT_SHADES[-2:] else None


def _rework_lift(source: Element, target: Element) -> float:
    """How far a rework arc's control points rise above the higher of its two ends."""
    return 60 + 0.15 * abs(target.x - source.x)


def _clip_to_box(
    inside: tuple[float, float], towards: tuple[float, float], box: Box, shrink: float = 1.0
) -> tuple[float, float]:
    """Where the line from the box centre towards a point leaves the box."""
    dx, dy = towards[0] - inside[0], towards[1] - inside[1]
    if dx == 0 and dy == 0:
        return inside
    half_width, half_height = box.width / 2 * shrink, box.height / 2 * shrink
    factors = []
    if dx:
        factors.append(half_width / abs(dx))
    if dy:
        factors.append(half_height / abs(dy))
    factor = min(1.0, *factors)
    return inside[0] + dx * factor, inside[1] + dy * factor


def _arrow_geometry(start, end, width):
    length = max(10.0, 4.5 * width + 4)
    angle = math.atan2(end[1] - start[1], end[0] - start[0])
    return length, angle


def _arrow_base(start, end, width, flip=True) -> tuple[float, float]:
    """The point (PDF orientation) where the shaft meets the arrow head."""
    length, angle = _arrow_geometry(start, end, width)
    x = end[0] - math.cos(angle) * length * 0.8
    y = end[1] - math.sin(angle) * length * 0.8
    return x, -y


def _draw_arrow_head(canvas: Canvas, start, end, color: str, width: float) -> None:
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
