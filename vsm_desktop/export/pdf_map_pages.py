"""The map's own pages: the whole map on one page when it reads at 6 pt, otherwise an overview
that names its sections and one page per section.

Sections overlap a little and are cut in the gaps between columns of elements and at lane
borders, so no box is cut in half. Every section page repeats the lane names in a gutter on the
left, and where an arrow leaves the section a marker in the margin says on which page it
continues.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from .. import theme
from ..analysis.result import FlowAnalysis
from ..drawing import Box, MapDrawing
from ..drawing.geometry import Point
from ..drawing.map_drawing import LANE_NAME_WIDTH, Sizes
from ..drawing.text import wrap_lines
from ..model.elements import ElementKind
from ..model.layout import LANE_HEADER_WIDTH, LANE_TITLE_WIDTH
from ..model.value_stream_map import ValueStreamMap
from .paper_layout import compact_layout, paper_sizes
from .pdf_fonts import draw_text, elide, rl_color, text_width
from .pdf_ladder import LADDER_HEIGHT, draw_ladder
from .pdf_map_drawing import MIN_MAP_SCALE, MIN_POINTS, MapPainter, _measure, paper_drawing

MAX_TEXT_SCALE = 1.85  # queue text room in the paper layout: text up to 6 pt at MIN_MAP_SCALE
WIDENINGS = (1.1, 1.2, 1.3, 1.4, 1.5)  # wider boxes for names, tried while the scale holds
HEADING_HEIGHT = 24.0
KEY_HEIGHT = 13.0
OVERVIEW_NOTE_HEIGHT = 12.0
GUTTER = 66.0  # lane names on section pages
MARKER_STRIP = 38.0  # "page N" markers left and right of a section
MARKER_BAND = 9.0  # and above and below it
MARKER_SIZE = 6.5
TILE_OVERLAP = 60.0  # scene units both neighbouring sections show
COMFORT = 1.15  # sections are drawn this much above the smallest legible scale
MAX_WORD_SCALE = 0.8  # a single absurdly long word may break rather than blow the map up


@dataclass
class MapPlan:
    scale: float  # of the map page (the overview when tiled)
    ladder: bool  # the map page has room for the ladder under the map
    tiles: list[Box] = field(default_factory=list)
    tile_scale: float = 0.0

    @property
    def tiled(self) -> bool:
        return bool(self.tiles)


class MapPages:
    """Plans and draws the map pages of one report."""

    def __init__(
        self, value_stream_map: ValueStreamMap, analysis: FlowAnalysis, frame: tuple[float, float]
    ) -> None:
        self.map, self.analysis = value_stream_map, analysis
        self.frame_width, self.frame_height = frame
        self.first_page = 2  # page 1 is the summary
        widenings = (1.0,) if len(value_stream_map.elements) > 400 else (1.0, *WIDENINGS)
        options = []
        for widen in widenings:  # spare width goes to wider boxes, so names need not break
            drawing_map = compact_layout(value_stream_map, MAX_TEXT_SCALE, widen)
            sizes = paper_sizes(widen)
            outline = paper_drawing(drawing_map, analysis, sizes, None)
            least = max(MIN_MAP_SCALE, _scale_for_whole_words(value_stream_map, sizes))
            options.append((drawing_map, sizes, outline, self._plan(outline, least)))
            if not options[-1][3].tiled:
                break
        single = [option for option in options if not option[3].tiled]
        if single:
            chosen = single[0]
        else:  # the fewest sections, then the largest scale
            chosen = min(options, key=lambda o: (self._tile_count(o[2], o[3]), -o[3].tile_scale))
        self.drawing_map, self.sizes, self.outline, self.plan = chosen
        scale = self.plan.tile_scale if self.plan.tiled else self.plan.scale
        detail = paper_drawing(self.drawing_map, analysis, self.sizes, scale, self.outline)
        if self.plan.tiled:
            self.plan.tiles = self._tiles(detail)
        self.detail: MapDrawing = detail
        self.painter = MapPainter(detail)
        self.overview_painter = MapPainter(self.outline)

    # ----------------------------------------------------------------- planning

    def _plan(self, outline: MapDrawing, least: float) -> MapPlan:
        """One page when the map reads there at `least` scale or more, else sections."""
        bounds = outline.bounds
        width = self.frame_width
        with_ladder = self.frame_height - HEADING_HEIGHT - LADDER_HEIGHT - 10 - KEY_HEIGHT
        without = self.frame_height - HEADING_HEIGHT - KEY_HEIGHT
        for height, ladder in ((with_ladder, True), (without, False)):
            scale = min(width / bounds.width, height / bounds.height)
            if scale >= least:
                return MapPlan(scale, ladder)
        height = with_ladder - OVERVIEW_NOTE_HEIGHT
        scale = min(width / bounds.width, height / bounds.height)
        tile_height = self.tile_area()[1]
        candidates = [least, least * COMFORT]
        if tile_height / bounds.height >= least:  # the whole height in one row of sections
            candidates.append(min(tile_height / bounds.height, least * 1.6))
        tile_scale = min(candidates, key=lambda s: (self._count_at(bounds, s), -s))
        return MapPlan(scale, True, tiles=[Box(0, 0, 0, 0)], tile_scale=tile_scale)

    def _tile_count(self, outline: MapDrawing, plan: MapPlan) -> int:
        return self._count_at(outline.bounds, plan.tile_scale)

    def _count_at(self, bounds: Box, scale: float) -> int:
        """Roughly how many sections a map of these bounds needs at this scale."""
        width, height = self.tile_area()

        def count(extent: float, room: float) -> int:  # sections overlap by TILE_OVERLAP
            if extent <= room:
                return 1
            return 1 + math.ceil((extent - room) / (room - TILE_OVERLAP * scale))

        columns = count((bounds.width - LANE_HEADER_WIDTH) * scale, width)
        return columns * count(bounds.height * scale, height)

    def tile_area(self) -> tuple[float, float]:
        """Printed room for a section's map on its page."""
        width = self.frame_width - GUTTER - 2 * MARKER_STRIP
        height = self.frame_height - HEADING_HEIGHT - 2 * MARKER_BAND - KEY_HEIGHT
        return width, height

    def _tiles(self, drawing: MapDrawing) -> list[Box]:
        """Sections of the map (right of the lane headers), cut in gaps, overlapping a little."""
        bounds = drawing.bounds
        scale = self.plan.tile_scale
        width, height = (room / scale for room in self.tile_area())
        left_edge = LANE_TITLE_WIDTH
        boxes = [shape.box for shape in drawing.elements]
        kept = boxes + [chip.box for chip in drawing.chips]  # cut neither boxes nor labels
        columns = _cuts(left_edge, bounds.right, width, [(b.left, b.right) for b in kept])
        rows = _cuts(bounds.top, bounds.bottom, height, [(b.top, b.bottom) for b in kept])
        tiles = []
        for top, bottom in rows:
            for left, right in columns:
                tile = Box(left, top, right, bottom)
                if any(tile.intersects(box) for box in boxes):  # skip empty sections
                    tiles.append(tile)
        return tiles

    def page_of(self, tile_number: int) -> int:
        return self.first_page + tile_number

    def tile_holding(self, point: Point) -> int | None:
        """The number of the first section that shows the point."""
        for number, tile in enumerate(self.plan.tiles, start=1):
            if tile.contains(point):
                return number
        return None

    # ----------------------------------------------------------------- flowables

    def map_page(self) -> Flowable:
        return _MapPage(self)

    def tile_page(self, number: int) -> Flowable:
        return _TilePage(self, number)


def _scale_for_whole_words(value_stream_map: ValueStreamMap, sizes: Sizes) -> float:
    """The scale at which the longest word of any step, approval, start or end name and of
    any lane name still fits its box at the smallest print size: below it, words break."""
    rooms = {
        ElementKind.STEP: sizes[ElementKind.STEP][0] - 16,
        ElementKind.APPROVAL: sizes[ElementKind.APPROVAL][0] - 38,
        ElementKind.START: sizes[ElementKind.START][0] - 16,
        ElementKind.END: sizes[ElementKind.END][0] - 16,
    }
    needed = 0.0
    for element in value_stream_map.elements:
        room = rooms.get(element.kind)
        if room is None or room <= 0:
            continue
        for word in element.display_name.split():
            needed = max(needed, text_width(word, MIN_POINTS, True) / room)
    for lane in value_stream_map.lanes:
        for word in lane.name.split():
            needed = max(needed, text_width(word, MIN_POINTS, True) / LANE_NAME_WIDTH)
    return min(needed, MAX_WORD_SCALE)


def _cuts(start: float, end: float, room: float, spans: list[tuple[float, float]]
          ) -> list[tuple[float, float]]:
    """Intervals of at most `room` covering start..end. Each ends where it cuts the fewest
    spans (boxes and labels), the furthest such place in its second half; the next starts
    at least TILE_OVERLAP before that, where it cuts the fewest spans."""
    lefts = sorted(low for low, _ in spans)
    rights = sorted(high for _, high in spans)
    places = sorted({x for low, high in spans for x in (low - 2, high + 2)})

    def cut_count(x: float) -> int:  # spans with low < x < high
        return bisect_left(lefts, x) - bisect_right(rights, x)

    cuts: list[tuple[float, float]] = []
    left = start
    while True:
        right = left + room
        if right >= end:  # the last section as wide as the others: more overlap, no sliver
            cuts.append((max(start, min(left, end - room)), end))
            return cuts
        window = places[bisect_left(places, left + room * 0.5) : bisect_right(places, right)]
        cut = min(reversed(window + [right]), key=cut_count) if window else right
        cuts.append((left, cut))
        back = places[bisect_left(places, cut - room * 0.4) : bisect_right(places,
                                                                          cut - TILE_OVERLAP)]
        left = min(reversed(back), key=cut_count) if back else cut - TILE_OVERLAP


def draw_key(canvas: Canvas, left: float, bottom: float, width: float) -> None:
    """A one-line key to the notation so the map reads without the app."""
    entries = (
        ("line", theme.CRITICAL_PATH, 2.2, None, "Critical path"),
        ("line", theme.FLOW_ARROW, 1.2, None, "Flow"),
        ("line", theme.REWORK_ARROW, 1.4, None, "Rework (share sent back)"),
        ("line", theme.INFORMATION_ARROW, 1.0, (3, 2), "Information"),
        ("box", theme.WAIT_SHADES[-1], 0, None, "Longer waits, deeper red"),
        ("text", theme.INK, 0, None, "⇄ cross-team handover"),
    )
    size = 6.5
    x = left + draw_text(canvas, left, bottom, "Key:", size, bold=True, color=theme.INK) + 8
    for kind, colour, line_width, dash, label in entries:
        needed = text_width(label, size) + (0 if kind == "text" else 20) + 12
        if x + needed > left + width:
            break
        canvas.saveState()
        if kind == "line":
            canvas.setStrokeColor(rl_color(colour))
            canvas.setLineWidth(line_width)
            if dash:
                canvas.setDash(*dash)
            canvas.line(x, bottom + 2.3, x + 16, bottom + 2.3)
        elif kind == "box":
            canvas.setFillColor(rl_color(colour))
            canvas.rect(x + 3, bottom - 0.5, 10, 6.5, stroke=0, fill=1)
        canvas.restoreState()
        text_left = x if kind == "text" else x + 20
        x = text_left + draw_text(canvas, text_left, bottom, label, size, color=theme.INK) + 12


class _PageFlowable(Flowable):
    def __init__(self, pages: MapPages) -> None:
        super().__init__()
        self.pages = pages

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width, self.height = available_width, available_height - 1
        return self.width, self.height


class _MapPage(_PageFlowable):
    """The whole map with its ladder, or (tiled) the overview with its sections named."""

    def draw(self) -> None:
        pages, canvas, plan = self.pages, self.canv, self.pages.plan
        heading = "The map: overview of its sections" if plan.tiled else "The map"
        draw_text(canvas, 0, self.height - 14, heading, 14, bold=True, color=theme.INK)
        painter = pages.overview_painter if plan.tiled else pages.painter
        bounds = painter.bounds
        map_top = self.height - HEADING_HEIGHT
        if plan.tiled:
            note = "Each outlined section follows on its own page, at a size that reads."
            draw_text(canvas, 0, map_top + 2, note, 7, color=theme.SELECTION)
            map_top -= OVERVIEW_NOTE_HEIGHT
        drawn_height = bounds.height * plan.scale
        canvas.setStrokeColor(rl_color(theme.LANE_BORDER))
        canvas.setLineWidth(0.6)
        canvas.rect(0, map_top - drawn_height, bounds.width * plan.scale, drawn_height, 1, 0)
        painter.draw(canvas, bounds, 0, map_top, plan.scale, lane_headers=not plan.tiled)
        if plan.tiled:
            self._name_lanes(map_top)
            self._mark_tiles(map_top)
        if plan.ladder:
            draw_ladder(canvas, pages.drawing_map, pages.analysis,
                        left=0, bottom=map_top - drawn_height - 10 - LADDER_HEIGHT,
                        width=self.width, scene_left=bounds.left, scale=plan.scale)  # fmt: skip
        draw_key(canvas, 0, 2, self.width)

    def _name_lanes(self, map_top: float) -> None:
        """The overview is too small for its own lane headers: name the lanes in their column
        where the band is tall enough for a 6.5 pt line."""
        canvas, scale = self.canv, self.pages.plan.scale
        for lane in self.pages.outline.lanes:
            if (lane.bottom - lane.top) * scale < 8:
                continue
            width = (LANE_HEADER_WIDTH - 24) * scale
            name = elide(lane.name, width, 6.5, bold=True)
            middle = map_top - (lane.top + lane.bottom) / 2 * scale
            draw_text(canvas, 2, middle - 2.3, name, 6.5, bold=True, color=theme.INK)

    def _mark_tiles(self, map_top: float) -> None:
        """Outline the sections on the overview, each named with its page."""
        pages, canvas = self.pages, self.canv
        scale, bounds = pages.plan.scale, pages.outline.bounds
        canvas.saveState()
        canvas.setLineWidth(0.8)
        placed: list[Box] = []
        for number, tile in enumerate(pages.plan.tiles, start=1):
            left = (tile.left - bounds.left) * scale
            top = map_top - (tile.top - bounds.top) * scale
            canvas.setStrokeColor(rl_color(theme.SELECTION))
            canvas.setDash(3, 2)
            canvas.rect(left, top - tile.height * scale, tile.width * scale, tile.height * scale,
                        stroke=1, fill=0)  # fmt: skip
            canvas.setDash()
            labels = (f"Section {number}: page {pages.page_of(number)}",
                      f"{number}: p. {pages.page_of(number)}", str(number))  # fmt: skip
            right, bottom = left + tile.width * scale, top - tile.height * scale
            found = _free_label_box(labels, placed, tile.width * scale, (
                (left + 2, top - 13), (left + 2, bottom + 2), (right - 2, top - 13),
                (right - 2, bottom + 2)))  # fmt: skip
            if found is None:
                continue
            label, box = found
            placed.append(box)
            canvas.setFillColor(rl_color(theme.SELECTION))
            canvas.roundRect(box.left, box.top, box.width, 11, 2, stroke=0, fill=1)
            draw_text(canvas, box.left + 3, box.top + 3, label, 7, bold=True, color="#FFFFFF")
        canvas.restoreState()


class _TilePage(_PageFlowable):
    """One section, lane names in the gutter, a "page N" marker where an arrow leaves."""

    def __init__(self, pages: MapPages, number: int) -> None:
        super().__init__(pages)
        self.number = number
        self.tile = pages.plan.tiles[number - 1]

    def draw(self) -> None:
        pages, canvas = self.pages, self.canv
        count = len(pages.plan.tiles)
        heading = f"Map in detail: section {self.number} of {count}"
        draw_text(canvas, 0, self.height - 14, heading, 12, bold=True, color=theme.INK)
        scale, tile = pages.plan.tile_scale, self.tile
        left = GUTTER + MARKER_STRIP
        top = self.height - HEADING_HEIGHT - MARKER_BAND
        canvas.setStrokeColor(rl_color(theme.LANE_BORDER))
        canvas.setLineWidth(0.6)
        canvas.rect(left, top - tile.height * scale, tile.width * scale, tile.height * scale, 1, 0)
        pages.painter.draw(canvas, tile, left, top, scale, lane_headers=False)
        self._lane_gutter(top, scale)
        self._continuations(left, top, scale)
        self._draw_locator()
        draw_key(canvas, 0, 2, self.width)

    def _lane_gutter(self, top: float, scale: float) -> None:
        """Lane names beside the part of each lane this section shows."""
        canvas, tile = self.canv, self.tile
        for index, lane in enumerate(self.pages.detail.lanes):
            band_top, band_bottom = max(lane.top, tile.top), min(lane.bottom, tile.bottom)
            if band_bottom - band_top <= 0:
                continue
            y_top = top - (band_top - tile.top) * scale
            y_bottom = top - (band_bottom - tile.top) * scale
            fill = theme.LANE_HEADER_FILL if index % 2 == 0 else theme.LANE_FILL_ODD
            canvas.setFillColor(rl_color(fill))
            canvas.setStrokeColor(rl_color(theme.LANE_BORDER))
            canvas.rect(0, y_bottom, GUTTER - 4, y_top - y_bottom, stroke=1, fill=1)
            room = int((y_top - y_bottom - 4) // 9)
            if room < 1:
                continue
            lines = wrap_lines(lane.name, GUTTER - 10, 7, _measure, bold=True, max_lines=room)
            first = (y_top + y_bottom) / 2 + (len(lines) * 9) / 2 - 7
            for line_index, line in enumerate(lines):
                draw_text(canvas, 4, first - 9 * line_index, line, 7, bold=True, color=theme.INK)

    def _continuations(self, left: float, top: float, scale: float) -> None:
        """Where an arrow crosses the section's edge towards an element it does not show, the
        margin says on which page that element is."""
        pages, tile = self.pages, self.tile
        drawing = pages.detail
        taken: dict[str, list[float]] = {"left": [], "right": [], "top": [], "bottom": []}
        for shape in pages.painter.connections_within(tile):
            if _inside(shape.bounds, tile):
                continue
            for end_id, other_id in ((shape.connection.target_id, shape.connection.source_id),
                                     (shape.connection.source_id, shape.connection.target_id)):
                end_shape, other_shape = drawing.element(end_id), drawing.element(other_id)
                if end_shape is None or other_shape is None:
                    continue
                if tile.contains(end_shape.box.centre) or not tile.contains(
                    other_shape.box.centre
                ):
                    continue
                crossing = _crossing(shape.route.points, tile)
                if crossing is None:
                    continue
                number = pages.tile_holding(end_shape.box.centre)
                if number is None or number == self.number:
                    continue
                side, point = crossing
                self._marker(side, point, pages.page_of(number), left, top, scale, taken)

    def _marker(self, side: str, point: Point, page: int, left: float, top: float, scale: float,
                taken: dict[str, list[float]]) -> None:
        canvas, tile = self.canv, self.tile
        x = left + (point[0] - tile.left) * scale
        y = top - (point[1] - tile.top) * scale
        right_edge = left + tile.width * scale
        bottom_edge = top - tile.height * scale
        text = {"right": f"p. {page} ▸", "left": f"◂ p. {page}", "top": f"▴ p. {page}",
                "bottom": f"▾ p. {page}"}[side]  # fmt: skip
        width = text_width(text, MARKER_SIZE, bold=True)
        if side in ("left", "right"):
            along = y
            if any(abs(along - other) < MARKER_SIZE + 2 for other in taken[side]):
                return  # one marker per place: the first arrow's page stands for both
            taken[side].append(along)
            tx = right_edge + 3 if side == "right" else left - 3 - width
            draw_text(canvas, tx, y - 2.3, text, MARKER_SIZE, bold=True, color=theme.SELECTION)
        else:
            along = x
            if any(abs(along - other) < width + 4 for other in taken[side]):
                return
            taken[side].append(along)
            ty = top + 3 if side == "top" else bottom_edge - 3 - MARKER_SIZE
            draw_text(canvas, x, ty, text, MARKER_SIZE, bold=True, anchor="middle",
                      color=theme.SELECTION)  # fmt: skip

    def _draw_locator(self) -> None:
        """A thumbnail of the map at the top right with this section filled in."""
        pages, canvas = self.pages, self.canv
        bounds = pages.detail.bounds
        height = 14.0
        width = min(150.0, height * bounds.width / bounds.height)
        height = width * bounds.height / bounds.width
        scale = width / bounds.width
        right, top = self.width, self.height - 1
        left = right - width
        canvas.saveState()
        canvas.setLineWidth(0.4)
        canvas.setStrokeColor(rl_color(theme.LANE_BORDER))
        canvas.setFillColor(rl_color(theme.LANE_FILL_ODD))
        canvas.rect(left, top - height, width, height, stroke=1, fill=1)
        canvas.setStrokeColor(rl_color(theme.SELECTION))
        for number, tile in enumerate(pages.plan.tiles, start=1):
            rect = (
                left + (tile.left - bounds.left) * scale,
                top - (tile.bottom - bounds.top) * scale,
                tile.width * scale,
                tile.height * scale,
            )
            canvas.rect(*rect, stroke=1, fill=1 if number == self.number else 0)
        canvas.restoreState()
        draw_text(canvas, left - 6, self.height - 11, "Where this section sits:", 7,
                  anchor="end", color=theme.INK_MUTED)  # fmt: skip


def _inside(box: Box, area: Box) -> bool:
    return area.left <= box.left and box.right <= area.right and area.top <= box.top and (
        box.bottom <= area.bottom
    )


def _free_label_box(labels: Sequence[str], placed: list[Box], room: float,
                    corners: Sequence[Point]) -> tuple[str, Box] | None:
    """The longest label that fits the section's width at a corner no other label covers.
    Boxes here are in page points with y up (top is the lower edge)."""
    for label in labels:
        width = text_width(label, 7, bold=True) + 6
        if width > room - 4:
            continue
        for index, (x, y) in enumerate(corners):
            left = x if index in (0, 1) else x - width
            box = Box(left, y, left + width, y + 11)
            if not any(box.overlaps(other) for other in placed):
                return label, box
    return None


def _crossing(points: Sequence[Point], tile: Box) -> tuple[str, Point] | None:
    """The first point where the polyline leaves the tile, with the side it leaves by."""
    for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False):
        inside0, inside1 = tile.contains((x0, y0)), tile.contains((x1, y1))
        if inside0 == inside1:
            continue
        if not inside0:  # walk from inside to outside
            (x0, y0), (x1, y1) = (x1, y1), (x0, y0)
        best = None
        for side, value, vertical in (("left", tile.left, True), ("right", tile.right, True),
                                      ("top", tile.top, False), ("bottom", tile.bottom, False)):
            delta = (x1 - x0) if vertical else (y1 - y0)
            if delta == 0:
                continue
            t = ((value - x0) if vertical else (value - y0)) / delta
            if 0 <= t <= 1 and (best is None or t < best[0]):
                best = (t, side)
        if best is not None:
            t, side = best
            return side, (x0 + (x1 - x0) * t, y0 + (y1 - y0) * t)
    return None

