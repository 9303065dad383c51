"""The map's drawing: every shape, text line, arrow route and label position, in scene units.

build_drawing() decides everything a painter needs and nothing about how to paint it: which
lines a name wraps into and at what size, which data cells a step shows, where each arrow runs
(routing.py), and where each label, tag and chip sits so that no text covers another text or an
element. A painter only strokes, fills and draws the text lines it is given.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from .. import theme
from ..analysis.constraint import find_constraint
from ..analysis.result import FlowAnalysis
from ..model.elements import Connection, ConnectionKind, Element, ElementKind
from ..model.layout import ELEMENT_SIZE, LANE_HEADER_WIDTH, LANE_TITLE_WIDTH
from ..model.units import format_duration, format_percent
from ..model.value_stream_map import ValueStreamMap
from .geometry import Box, BoxIndex, Point
from .routing import Route, route_connection, side_inset
from .text import Measure, clean_text, elide, fit_text, wrap_lines

MAP_MARGIN = 40.0
QUEUE_TRIANGLE_HEIGHT = 58.0
QUEUE_TEXT_WIDTH = 120.0  # a queue's name and figures may run wider than its triangle
CUSTOMER_ROOF = 24.0
LANE_NAME_WIDTH = LANE_TITLE_WIDTH - 24  # the title column, less its padding
LEADING = 1.18
DATA_ROW = 1.35  # a data row's height per unit of text size

Sizes = dict[ElementKind, tuple[float, float]]


@dataclass(frozen=True)
class TextSizes:
    """Text sizes in scene units. `least` is the floor every text may shrink to: the painter's
    scale times it is the smallest printed size."""

    name: float = 14.0
    data: float = 12.0
    data_label: float = 9.5
    small: float = 11.5  # connection labels, tags, queue figures
    lane: float = 15.0
    least: float = 9.5

    def at_least(self, floor: float) -> TextSizes:
        """Every size raised to at least floor (for paper: floor = 6 pt / scale)."""
        return TextSizes(
            *(max(value, floor) for value in (self.name, self.data, self.data_label,
                                              self.small, self.lane, self.least))
        )  # fmt: skip


@dataclass(frozen=True)
class TextLine:
    text: str
    x: float
    baseline: float
    size: float
    bold: bool = False
    colour: str = theme.INK
    anchor: str = "start"  # "start", "middle" or "end", as in SVG


@dataclass(frozen=True)
class Chip:
    """A label on a rounded background: connection labels, constraint and slack tags."""

    box: Box
    line: TextLine
    fill: str = theme.CANVAS_BACKGROUND
    border: str | None = theme.GRID


@dataclass(frozen=True)
class DataCell:
    box: Box
    fill: str


@dataclass
class ElementShape:
    element: Element
    box: Box
    critical: bool
    wait_shade: str
    texts: list[TextLine] = field(default_factory=list)
    cells: list[DataCell] = field(default_factory=list)
    data_box: Box | None = None  # steps and approvals: the part under the name


@dataclass(frozen=True)
class ConnectionShape:
    connection: Connection
    route: Route
    colour: str
    width: float
    dashed: bool
    critical: bool
    bounds: Box  # the route's, computed once: painters ask it for every section


@dataclass(frozen=True)
class LaneShape:
    name: str
    top: float
    bottom: float
    texts: tuple[TextLine, ...]


@dataclass
class MapDrawing:
    bounds: Box
    lanes: list[LaneShape]
    elements: list[ElementShape]
    connections: list[ConnectionShape]
    chips: list[Chip]
    kaizen_links: list[tuple[Point, Point]]
    text_sizes: TextSizes
    dropped_labels: int = 0  # labels with no free place: their facts are in the report's tables

    def element(self, element_id: str) -> ElementShape | None:
        return self._by_id.get(element_id)

    def __post_init__(self) -> None:
        self._by_id = {shape.element.id: shape for shape in self.elements}

    def texts(self) -> Iterator[TextLine]:
        """Every text line of the drawing (the tests check them for size and overlap)."""
        for lane in self.lanes:
            yield from lane.texts
        for shape in self.elements:
            yield from shape.texts
        for chip in self.chips:
            yield chip.line


def element_box(element: Element, sizes: Sizes | None = None) -> Box:
    """The element's outline; sizes overrides the canvas's (paper widens some kinds)."""
    width, height = (sizes or ELEMENT_SIZE)[element.kind]
    return Box(
        element.x - width / 2, element.y - height / 2, element.x + width / 2, element.y + height / 2
    )


def text_box(line: TextLine, measure: Measure) -> Box:
    """The box a text line covers: its advance width, from ascent to descent."""
    width = measure(line.text, line.size, line.bold)
    left = {"start": line.x, "middle": line.x - width / 2, "end": line.x - width}[line.anchor]
    top, bottom = line.baseline - line.size * 0.76, line.baseline + line.size * 0.24
    return Box(left, top, left + width, bottom)


def build_drawing(
    value_stream_map: ValueStreamMap,
    analysis: FlowAnalysis,
    measure: Measure,
    *,
    sizes: Sizes | None = None,
    text: TextSizes | None = None,
    detail: bool = True,
    prepare: Callable[[str], str] = clean_text,
    routes_from: MapDrawing | None = None,
) -> MapDrawing:
    """The drawing of the map; detail=False leaves all text out (a thumbnail or overview).

    prepare turns map text into the text to draw (the PDF also shapes right-to-left runs).
    routes_from: a drawing of the same map with the same sizes, whose routes are reused (text
    sizes do not move arrows)."""
    builder = _Builder(value_stream_map, analysis, measure, sizes or ELEMENT_SIZE,
                       text or TextSizes(), detail, prepare)  # fmt: skip
    if routes_from is not None:
        builder.routes = {c.connection.id: c.route for c in routes_from.connections}
    return builder.build()


class _Builder:
    def __init__(self, value_stream_map: ValueStreamMap, analysis: FlowAnalysis,
                 measure: Measure, sizes: Sizes, text: TextSizes, detail: bool,
                 prepare: Callable[[str], str]) -> None:
        self.map, self.analysis, self.measure = value_stream_map, analysis, measure
        self.prepare = prepare
        self.routes: dict[str, Route] = {}
        self.sizes, self.text, self.detail = sizes, text, detail
        self.calendar = value_stream_map.calendar
        self.elements = {e.id: e for e in value_stream_map.elements}
        self.boxes = {e.id: element_box(e, sizes) for e in value_stream_map.elements}
        self.critical_elements = set(analysis.critical_elements)
        self.critical_connections = set(analysis.critical_connections)
        constraint = find_constraint(value_stream_map, analysis)  # a tie badges every one
        self.constraint_ids = frozenset(constraint.element_ids if constraint else ())
        waits = [e.wait_time or 0.0 for e in value_stream_map.elements if e.kind.in_flow]
        self.largest_wait = max(waits, default=0.0)
        # What labels must keep clear of: elements, text under queues, placed labels.
        self.taken = BoxIndex()
        self.title_column: list[Box] = []
        self.shapes_index = BoxIndex()
        self.dropped = 0

    def build(self) -> MapDrawing:
        lanes = self._lanes()
        shapes = [self._element(e) for e in self.map.elements]
        for shape in shapes:
            self.shapes_index.add(shape.box)
            self.taken.add(shape.box.expanded(2))
            for line in shape.texts:
                if not shape.box.contains(text_box(line, self.measure).centre):
                    self.taken.add(text_box(line, self.measure).expanded(1))
        # The header column holds only lane names. Not in the index: a strip from far left
        # would fill thousands of its cells per lane.
        self.title_column = [Box(-1e6, lane.top, LANE_TITLE_WIDTH, lane.bottom) for lane in lanes]
        connections = self._connections()
        chips: list[Chip] = []
        if self.detail:
            for shape in shapes:  # tags first: they belong to one element and must stay near
                chips += self._tags(shape)
            for connection in connections:
                chip = self._connection_label(connection)
                if chip is not None:
                    chips.append(chip)
        links = [self._kaizen_link(e, self.elements[e.target_id]) for e in self.map.elements
                 if e.kind is ElementKind.KAIZEN and e.target_id is not None
                 and e.target_id in self.elements]  # fmt: skip
        return MapDrawing(self._bounds(lanes, connections), lanes, shapes, connections, chips,
                          links, self.text, self.dropped)  # fmt: skip

    # ----------------------------------------------------------------- lanes and bounds

    def _lanes(self) -> list[LaneShape]:
        lanes, top = [], 0.0
        for lane in self.map.lanes:
            bottom = top + lane.height
            name = self.prepare(lane.name) or "Unnamed lane"
            texts: tuple[TextLine, ...] = ()
            if self.detail:
                fitted = fit_text(name, LANE_NAME_WIDTH, lane.height - 20, self.measure,
                                  size=self.text.lane, min_size=self.text.least, bold=True,
                                  max_lines=4)  # fmt: skip
                texts = tuple(self._lines(fitted.lines, 12, (top + bottom) / 2, fitted.size,
                                          bold=True, anchor="start"))  # fmt: skip
            lanes.append(LaneShape(name, top, bottom, texts))
            top = bottom
        return lanes

    def _bounds(self, lanes: list[LaneShape], connections: list[ConnectionShape]) -> Box:
        bottom = lanes[-1].bottom if lanes else 120.0
        bounds = Box(0.0, 0.0, LANE_HEADER_WIDTH + 200.0, max(bottom, 120.0))
        for box in self.boxes.values():
            bounds = bounds.united(box.expanded(MAP_MARGIN / 2))
        for connection in connections:
            route_box = connection.route.bounds()
            if connection.route.curved:  # the label chip sits over the apex
                route_box = Box(route_box.left, route_box.top - self.text.small * 2,
                                route_box.right, route_box.bottom)  # fmt: skip
            bounds = bounds.united(route_box)
        return Box(min(bounds.left, 0.0), bounds.top, bounds.right + MAP_MARGIN / 2, bounds.bottom)

    # ----------------------------------------------------------------- elements

    def _element(self, element: Element) -> ElementShape:
        box = self.boxes[element.id]
        shade = theme.wait_shade(element.wait_time or 0.0, self.largest_wait)
        shape = ElementShape(element, box, element.id in self.critical_elements, shade)
        kind = element.kind
        if kind in (ElementKind.STEP, ElementKind.APPROVAL):
            self._step(shape)
        elif not self.detail:
            return shape
        elif kind is ElementKind.QUEUE:
            self._queue(shape)
        elif kind in (ElementKind.START, ElementKind.END):
            fitted = fit_text(self.prepare(element.display_name), box.width - 16,
                              box.height - CUSTOMER_ROOF - 8, self.measure, size=self.text.name,
                              min_size=self.text.least, bold=True, max_lines=3)  # fmt: skip
            middle = box.top + CUSTOMER_ROOF + (box.height - CUSTOMER_ROOF) / 2
            shape.texts += self._lines(fitted.lines, element.x, middle, fitted.size, bold=True)
        elif kind is ElementKind.KAIZEN:
            name = self.prepare(element.display_name)
            fitted = fit_text(name, box.width * 0.74, box.height * 0.78, self.measure,
                              size=self.text.small, min_size=self.text.least, bold=True,
                              max_lines=3)  # fmt: skip
            shape.texts += self._lines(fitted.lines, element.x, element.y, fitted.size, bold=True)
        elif kind is ElementKind.NOTE:
            fitted = fit_text(self.prepare(element.name or element.notes) or "Note", box.width - 16,
                              box.height - 12, self.measure, size=self.text.small,
                              min_size=self.text.least, max_lines=5)  # fmt: skip
            height = fitted.size * LEADING
            shape.texts += [
                TextLine(line, box.left + 8, box.top + 8 + height * index + fitted.size * 0.9,
                         fitted.size)  # fmt: skip
                for index, line in enumerate(fitted.lines)
            ]
        return shape

    def _step(self, shape: ElementShape) -> None:
        """Name on top; the data box under it: PT and wait always, %C&A and people when the
        cells are wide enough for them at the data size."""
        element, box, text = shape.element, shape.box, self.text
        values = [
            ("PT", format_duration(element.process_time, self.calendar), None),
            ("Wait", format_duration(element.wait_time, self.calendar),
             shade_ink(shape.wait_shade)),  # fmt: skip
            ("%C&A", format_percent(element.pca, missing="–"), None),
            ("People", "–" if element.people is None else str(element.people), None),
        ]
        row_height = max(text.data, text.data_label) * DATA_ROW
        inner_width = box.width - 4
        four_fit = all(
            self.measure(label, text.data_label, False) + self.measure(value, text.data, True) + 12
            <= inner_width / 2
            for label, value, _ in values
        )
        columns = 2 if four_fit else 1
        cells = values if four_fit else values[:2]
        data_height = row_height * 2
        data_top = box.bottom - 1.5 - data_height
        shape.data_box = Box(box.left + 1.5, data_top, box.right - 1.5, box.bottom - 1.5)
        cell_width = shape.data_box.width / columns
        for index, (label, value, ink) in enumerate(cells):
            row, column = divmod(index, columns)
            cell = Box(shape.data_box.left + column * cell_width, data_top + row * row_height,
                       shape.data_box.left + (column + 1) * cell_width,
                       data_top + (row + 1) * row_height)  # fmt: skip
            fill = shape.wait_shade if label == "Wait" else theme.DATA_BOX_FILL
            shape.cells.append(DataCell(cell, fill))
            if not self.detail:
                continue
            baseline = cell.centre[1] + text.data * 0.36
            label_width = self.measure(label, text.data_label, False)
            shape.texts.append(TextLine(label, cell.left + 4, baseline, text.data_label,
                                        colour=ink or theme.INK_MUTED))  # fmt: skip
            value = elide(value, cell.width - label_width - 12, text.data, self.measure, True)
            shape.texts.append(TextLine(value, cell.right - 4, baseline, text.data, bold=True,
                                        colour=ink or theme.INK, anchor="end"))  # fmt: skip
        if not self.detail:
            return
        approval = element.kind is ElementKind.APPROVAL
        name_left = box.left + (30 if approval else 8)
        name_width = box.right - 8 - name_left
        name_height = data_top - box.top - 4
        fitted = fit_text(self.prepare(element.display_name), name_width, name_height, self.measure,
                          size=text.name, min_size=text.least, bold=True, max_lines=3)  # fmt: skip
        middle = box.top + 2 + name_height / 2
        shape.texts += self._lines(fitted.lines, name_left + name_width / 2, middle, fitted.size,
                                   bold=True)  # fmt: skip

    def _queue(self, shape: ElementShape) -> None:
        """Name, wait and item count beneath the triangle, as wide as QUEUE_TEXT_WIDTH."""
        element, size = shape.element, self.text.small
        lines = []
        if element.name:
            lines += [(line, True) for line in wrap_lines(
                self.prepare(element.name), QUEUE_TEXT_WIDTH, size, self.measure, bold=True,
                max_lines=2)]  # fmt: skip
        lines.append((format_duration(element.wait_time, self.calendar), False))
        if element.items_waiting is not None:
            lines.append((f"{element.items_waiting:,} items", False))
        top = shape.box.top + QUEUE_TRIANGLE_HEIGHT + 4
        for index, (line, bold) in enumerate(lines):
            shape.texts.append(TextLine(line, element.x, top + size * (LEADING * index + 0.9),
                                        size, bold=bold, anchor="middle"))  # fmt: skip

    def _lines(self, lines: Sequence[str], x: float, centre_y: float, size: float, *,
               bold: bool, anchor: str = "middle") -> list[TextLine]:
        """Lines centred vertically on centre_y."""
        height = size * LEADING
        first = centre_y - height * len(lines) / 2 + size * 0.9
        return [TextLine(line, x, first + height * index, size, bold=bold, anchor=anchor)
                for index, line in enumerate(lines)]  # fmt: skip

    # ----------------------------------------------------------------- connections

    def _connections(self) -> list[ConnectionShape]:
        shapes = []
        pairs: dict[frozenset[str], int] = {}
        for connection in self.map.connections:
            source = self.boxes.get(connection.source_id)
            target = self.boxes.get(connection.target_id)
            if source is None or target is None:
                continue
            pair = frozenset((connection.source_id, connection.target_id))
            index = pairs.get(pair, 0)
            pairs[pair] = index + 1
            offset = 0.0 if index == 0 else 8.0 * ((index + 1) // 2) * (1 if index % 2 else -1)
            route = self.routes.get(connection.id)
            if route is None:
                source_kind = self.elements[connection.source_id].kind
                target_kind = self.elements[connection.target_id].kind
                route = route_connection(
                    connection.kind, source, target, self.shapes_index.near, offset,
                    source_inset=side_inset(source_kind, source),
                    target_inset=side_inset(target_kind, target),
                )  # fmt: skip
            critical = connection.id in self.critical_connections
            if connection.kind is ConnectionKind.REWORK:
                colour, width, dashed = theme.REWORK_ARROW, 2.0, False
            elif connection.kind is ConnectionKind.INFORMATION:
                colour, width, dashed = theme.INFORMATION_ARROW, 1.5, True
            elif critical:
                colour, width, dashed = theme.CRITICAL_PATH, 3.0, False
            else:
                colour, width, dashed = theme.FLOW_ARROW, 1.8, False
            shapes.append(ConnectionShape(connection, route, colour, width, dashed, critical,
                                          route.bounds()))  # fmt: skip
        return shapes

    def _connection_label(self, shape: ConnectionShape) -> Chip | None:
        connection = shape.connection
        if connection.kind is ConnectionKind.REWORK:
            text, colour = f"↺ {format_percent(connection.rework_percent)}", theme.REWORK_ARROW
            anchors = [shape.route.apex()]
            x, y = anchors[0]
            anchors += [(x, y - self.text.small), (x - 40, y), (x + 40, y)]
        else:
            text, colour = self._label_text(connection), theme.INK
            anchors = _anchors_along(shape.route)
        if not text:
            return None
        size = self.text.small
        for candidate in (text, _shortened(text)):
            if not candidate:
                continue
            width = self.measure(candidate, size, False) + 8
            height = size * 1.4
            for x, y in anchors:
                box = Box(x - width / 2, y - height / 2, x + width / 2, y + height / 2)
                if self._free(box):
                    self.taken.add(box)
                    line = TextLine(candidate, x, y + size * 0.36, size, colour=colour,
                                    anchor="middle")  # fmt: skip
                    return Chip(box, line)
        self.dropped += 1
        return None

    def _free(self, box: Box) -> bool:
        """Whether a label or tag may go there: clear of what is taken and of lane names."""
        if box.left < LANE_TITLE_WIDTH and any(box.overlaps(s) for s in self.title_column):
            return False
        return not self.taken.any_overlap(box)

    def _label_text(self, connection: Connection) -> str:
        if connection.kind is ConnectionKind.INFORMATION:
            return self.prepare(connection.label)
        parts = []
        if connection.delay:
            parts.append(format_duration(connection.delay, self.calendar))
        if connection.method.value != "none":
            parts.append(connection.method.label.lower())
        if connection.label.strip():
            parts.append(self.prepare(connection.label))
        source = self.elements[connection.source_id]
        target = self.elements[connection.target_id]
        crosses = source.lane_id and target.lane_id and source.lane_id != target.lane_id
        if crosses:
            parts = [f"⇄ {parts[0]}", *parts[1:]] if parts else ["⇄"]
        return " · ".join(parts)

    def _tags(self, shape: ElementShape) -> list[Chip]:
        """Constraint or slack, just above the element's top edge, never over its name."""
        element, box = shape.element, shape.box
        slack = self.analysis.slack(element.id)
        if element.id in self.constraint_ids:
            text, fill, ink, bold = "constraint", theme.CRITICAL_PATH, "#FFFFFF", True
        elif element.kind.in_flow and slack is not None and slack > 1e-9:
            text = f"slack {format_duration(slack, self.calendar)}"
            fill, ink, bold = theme.LANE_HEADER_FILL, theme.INK_MUTED, False
        else:
            return []
        size = self.text.small
        width, height = self.measure(text, size, bold) + 10, size * 1.45
        lefts = (box.right - width, box.left, box.centre[0] - width / 2)
        for top in (box.top - height - 2, box.bottom + 2):
            for left in lefts:
                candidate = Box(left, top, left + width, top + height)
                if self._free(candidate):
                    self.taken.add(candidate)
                    line = TextLine(text, left + 5, top + height / 2 + size * 0.36, size,
                                    bold=bold, colour=ink)  # fmt: skip
                    return [Chip(candidate, line, fill=fill, border=None)]
        self.dropped += 1
        return []

    def _kaizen_link(self, kaizen: Element, target: Element) -> tuple[Point, Point]:
        start = _clip_to_box((kaizen.x, kaizen.y), (target.x, target.y), self.boxes[kaizen.id], 0.8)
        end = _clip_to_box((target.x, target.y), (kaizen.x, kaizen.y), self.boxes[target.id])
        return start, end


def shade_ink(shade: str) -> str | None:
    """White for text on the two deepest wait shades, where dark text would disappear."""
    return "#FFFFFF" if shade in theme.WAIT_SHADES[-2:] else None


def _shortened(text: str) -> str:
    """The label's first part (the delay or the handover mark), when the whole does not fit."""
    first = text.split(" · ")[0]
    return first if first != text else ""


def _anchors_along(route: Route) -> list[Point]:
    """Candidate label centres: the middle of each leg, longest leg first, then along it."""
    legs = sorted(route.segments(), key=lambda leg: -math.dist(*leg))
    anchors = []
    for (x0, y0), (x1, y1) in legs:
        for t in (0.5, 0.3, 0.7, 0.15, 0.85):
            anchors.append((x0 + (x1 - x0) * t, y0 + (y1 - y0) * t))
    if len(anchors) > 1 and abs(legs[0][0][1] - legs[0][1][1]) < 1:  # horizontal: above it
        anchors = [(x, y - 9) for x, y in anchors[:5]] + anchors
    return anchors


def _clip_to_box(inside: Point, towards: Point, box: Box, shrink: float = 1.0) -> Point:
    """Where the line from the box centre towards a point leaves the box."""
    dx, dy = towards[0] - inside[0], towards[1] - inside[1]
    if dx == 0 and dy == 0:
        return inside
    factors = []
    if dx:
        factors.append(box.width / 2 * shrink / abs(dx))
    if dy:
        factors.append(box.height / 2 * shrink / abs(dy))
    factor = min(1.0, *factors)
    return inside[0] + dx * factor, inside[1] + dy * factor
