"""The PDF report for leadership: the map with its critical path, the ladder and the figures,
then the steps, where the time goes, kaizen ideas, warnings and definitions.

Built in memory and written with io.atomic_write (temporary file, fsync, replace), so a failed
export never leaves half a report behind and an earlier report stays as it was. Every failure
surfaces as ReportError with a message for the user.
"""

from __future__ import annotations

import io
import math
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cached_property, partial
from pathlib import Path
from typing import BinaryIO

from pydantic import ValidationError
from reportlab import rl_config
from reportlab.lib.pagesizes import A3, A4, letter
from reportlab.lib.pagesizes import landscape as landscape_size
from reportlab.lib.pagesizes import portrait as portrait_size
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from .. import theme
from ..analysis.constraint import find_constraint
from ..analysis.definitions import DEFINITIONS
from ..analysis.formatting import LEAD_TIME_UNKNOWN_REASON, lead_time_text
from ..analysis.monte_carlo import distribution_if_ranged
from ..analysis.result import FlowAnalysis, Severity
from ..analysis.whatif import rank_what_ifs
from ..io.atomic_write import atomic_write, describe_os_error
from ..io.errors import VsmFileError, from_validation_error
from ..model.elements import ElementKind
from ..model.units import format_duration
from ..model.value_stream_map import MapStates, ValueStreamMap
from .paper_layout import compact_layout, paper_sizes
from .pdf_advice import advice_section
from .pdf_charts import lane_time_chart
from .pdf_fonts import (
    BOLD,
    REGULAR,
    FontError,
    clean_text,
    draw_text,
    elide,
    fit_text,
    markup,
    register_fonts,
    rl_color,
    text_width,
)
from .pdf_improvement import comparison_pair, comparison_section, plan_section, what_if_section
from .pdf_ladder import LADDER_HEIGHT, critical_rungs, draw_ladder
from .pdf_map_drawing import (
    NAME_SIZE,
    SMALLEST_TEXT_SIZE,
    Box,
    MapPainter,
    element_box,
    map_bounds,
)
from .pdf_tables import header_row as _header_row
from .pdf_tables import paragraph as _p
from .pdf_tables import percent_text
from .pdf_tables import style as _style
from .pdf_tables import table as _table

PAGE_SIZES = {"A4": A4, "Letter": letter, "A3": A3}
MIN_TEXT_POINTS = 4.5  # smallest printed text on a map page (chips and tags; names print larger)
TILE_TEXT_POINTS = 6.0  # tiles aim a little above the minimum so they read comfortably
# Page 1 may draw text up to this much larger than the canvas does, relative to the shapes:
# names still fit their boxes, and a whole map of twenty-odd elements reads on A4.
MAX_TEXT_SCALE = 1.6
NAME_TARGET_POINTS = 7.5  # page 1 boosts text only until names print this large
WIDENINGS = (1.1, 1.2, 1.3, 1.4, 1.5)  # wider boxes for names, tried in turn on page 1
MARGIN = 28.0
HEADER_HEIGHT = 18.0
FOOTER_HEIGHT = 16.0
SIDEBAR_WIDTH = 172.0
TITLE_BLOCK_HEIGHT = 36.0
OVERVIEW_NOTE_HEIGHT = 12.0  # above a tiled map's overview
STRIP_HEIGHT = 40.0  # the summary as one row of figures above the map
LOCATOR_FORM = "SectionLocator"  # the tile pages' thumbnail, drawn once per report


class ReportError(Exception):
    """The report could not be written; the message says why in the user's terms."""


def write_report(
    value_stream_map: ValueStreamMap,
    analysis: FlowAnalysis,
    path: str | os.PathLike[str],
    *,
    page_size: str = "A4",
    landscape: bool = True,
    source_name: str | None = None,
    progress: Callable[[float], None] | None = None,
    states: MapStates | None = None,
) -> None:
    """Write the report to path atomically; raise ReportError if that is not possible.

    states, the whole file's map states, adds the current-vs-future comparison when the file
    holds a future state."""
    if page_size not in PAGE_SIZES:
        raise ReportError(
            f"Unknown page size '{page_size}'. Choose one of {', '.join(PAGE_SIZES)}."
        )
    target = Path(path)
    if not target.parent.is_dir():
        raise ReportError(
            f"Cannot write the report to '{target}': the folder '{target.parent}' does not exist."
        )
    report_progress = progress or (lambda _fraction: None)
    try:
        register_fonts()
    except FontError as error:
        raise ReportError(f"Cannot write the report: {error}") from error
    size = (landscape_size if landscape else portrait_size)(PAGE_SIZES[page_size])
    report_progress(0.02)
    pdf = io.BytesIO()  # built in memory, then swapped in whole: no half-written report
    try:
        builder = _ReportBuilder(value_stream_map, analysis, size, source_name, states)
        builder.build(pdf, report_progress)
    except OSError as error:
        raise ReportError(
            f"Cannot write the report to '{target}': {describe_os_error(error)}."
        ) from error
    except ValidationError as error:  # a drawing step broke a rule of the map: say which
        problem = from_validation_error(error, None, target)
        where = f" ({problem.location})" if problem.location else ""
        raise ReportError(
            f"Cannot write the report to '{target.name}': the map could not be drawn{where}: "
            f"{problem.detail}."
        ) from error
    except Exception as error:  # ReportLab raises plain Exceptions for layout failures
        raise ReportError(f"Cannot write the report to '{target}': {error}") from error
    try:
        atomic_write(target, pdf.getvalue())
    except VsmFileError as error:
        raise ReportError(f"Cannot write the report to '{target}': {error.detail}.") from error
    report_progress(1.0)


# --------------------------------------------------------------------- page furniture


@dataclass(frozen=True)
class _PageInfo:
    title: str
    subtitle: str
    page_size: tuple[float, float]


class _NumberedCanvas(Canvas):
    """Holds pages back until the end so every footer can say "Page n of m"."""

    def __init__(self, *args, page_info: _PageInfo, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._page_info = page_info
        self._held_pages: list[dict] = []

    def showPage(self) -> None:  # noqa: N802 - ReportLab's name
        self._held_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._held_pages)
        for number, state in enumerate(self._held_pages, start=1):
            self.__dict__.update(state)
            self._draw_furniture(number, total)
            super().showPage()
        # ReportLab wraps each compressed stream in ASCII85 by default, in pure Python: a
        # quarter of the file's size and over a second for a large map. Binary streams are
        # the PDF norm. The switch is ReportLab's global, so it is set only while saving.
        use_a85 = rl_config.useA85
        rl_config.useA85 = 0
        try:
            super().save()
        finally:
            rl_config.useA85 = use_a85

    def _draw_furniture(self, number: int, total: int) -> None:
        info = self._page_info
        width, height = info.page_size
        top = height - MARGIN + 4
        self.saveState()
        title = elide(info.title, width * 0.6, 8.5, bold=True)
        draw_text(self, MARGIN, top, title, 8.5, bold=True, color=theme.INK)
        draw_text(
            self, width - MARGIN, top, "Value stream report", 8, anchor="end", color=theme.INK_MUTED
        )
        self.setStrokeColor(rl_color(theme.LANE_BORDER))
        self.setLineWidth(0.6)
        self.line(MARGIN, top - 5, width - MARGIN, top - 5)
        bottom = MARGIN - 12
        self.line(MARGIN, bottom + 10, width - MARGIN, bottom + 10)
        subtitle = elide(info.subtitle, width * 0.6, 7.5)
        draw_text(self, MARGIN, bottom, subtitle, 7.5, color=theme.INK_MUTED)
        draw_text(
            self,
            width - MARGIN,
            bottom,
            f"Page {number} of {total}",
            7.5,
            anchor="end",
            color=theme.INK_MUTED,
        )
        self.restoreState()


class _ReportDocument(BaseDocTemplate):
    def __init__(self, *args, progress: Callable[[float], None], flowable_count: int, **kwargs):
        super().__init__(*args, **kwargs)
        self._progress = progress
        self._flowable_count = max(1, flowable_count)
        self._done = 0

    def afterFlowable(self, flowable) -> None:  # noqa: N802 - ReportLab's name
        self._done += 1
        self._progress(0.05 + 0.9 * min(1.0, self._done / self._flowable_count))


# --------------------------------------------------------------------- the map pages


@dataclass(frozen=True)
class _MapPlan:
    """How the map goes on paper: on page 1 at a legible scale, or as overview plus tiles.

    summary is where page 1's figures go: "sidebar" beside the map, "strip" as one row above
    it, or "below" it (portrait), whichever leaves the map the larger scale."""

    scale: float
    tiles: list[Box]
    tile_scale: float
    summary: str
    text_scale: float = 1.0

    @property
    def name_points(self) -> float:
        """The printed size of element names on page 1."""
        return NAME_SIZE * self.text_scale * self.scale

    @property
    def tiled(self) -> bool:
        return bool(self.tiles)


class _FirstPage(Flowable):
    """Page 1: title block, the map with critical path, the ladder and the summary sidebar."""

    def __init__(self, builder: _ReportBuilder) -> None:
        super().__init__()
        self.builder = builder

    def wrap(self, available_width, available_height):
        self.width, self.height = available_width, available_height - 1
        return self.width, self.height

    def draw(self) -> None:
        builder, canvas = self.builder, self.canv
        self._draw_title_block()
        plan = builder.plan
        map_width, map_height = builder.first_page_map_area(plan.summary)
        bounds = builder.bounds
        map_top = self.height - TITLE_BLOCK_HEIGHT
        if plan.summary == "strip":
            _Summary(builder, 0, map_top, self.width, columns=0).draw(canvas)
            map_top -= STRIP_HEIGHT + 8
        if plan.tiled:  # room for the line that says the sections follow
            map_top -= OVERVIEW_NOTE_HEIGHT
        drawn_width = bounds.width * plan.scale
        drawn_height = bounds.height * plan.scale
        canvas.setStrokeColor(rl_color(theme.LANE_BORDER))
        canvas.setLineWidth(0.6)
        canvas.rect(0, map_top - drawn_height, drawn_width, drawn_height, stroke=1, fill=0)
        detail = plan.scale * NAME_SIZE >= 2.5
        builder.painter.draw(
            canvas, bounds, 0, map_top, plan.scale, detail=detail, text_scale=plan.text_scale
        )
        if plan.tiled:
            self._mark_tiles(map_top)
        ladder_top = map_top - drawn_height - 8
        totals_left = None
        if plan.summary == "below":
            summary = _Summary(builder, 0, ladder_top - LADDER_HEIGHT - 10, self.width, columns=3)
            summary.draw(canvas)
        elif plan.summary == "sidebar":
            summary = _Summary(builder, self.width - SIDEBAR_WIDTH, map_top, SIDEBAR_WIDTH)
            summary_bottom = summary.draw(canvas)
            # The ladder's totals go beside it, under the summary, when that column is free
            # there, so the rungs can run the full map width under their elements.
            if ladder_top < summary_bottom - 10:
                totals_left = self.width - SIDEBAR_WIDTH + 10
        draw_ladder(
            canvas,
            builder.drawing_map,
            builder.analysis,
            left=0,
            bottom=ladder_top - LADDER_HEIGHT,
            width=map_width,
            scene_left=bounds.left,
            scale=plan.scale,
            totals_left=totals_left,
        )
        _draw_key(canvas, 0, 4, map_width)

    def _draw_title_block(self) -> None:
        builder, canvas = self.builder, self.canv
        info = builder.map.info
        top = self.height
        title = clean_text(info.title) or "Untitled value stream"
        fitted = fit_text(title, self.width - 150, 24, size=17, min_size=12, bold=True, max_lines=1)
        draw_text(canvas, 0, top - 17, fitted.lines[0], fitted.size, bold=True, color=theme.INK)
        state = info.state.label
        badge_width = text_width(state, 8.5, bold=True) + 14
        future = info.state.value == "future"
        canvas.setFillColor(
            rl_color(theme.KIND_BORDER[ElementKind.END if future else ElementKind.START])
        )
        canvas.roundRect(self.width - badge_width, top - 19, badge_width, 15, 4, stroke=0, fill=1)
        draw_text(
            canvas,
            self.width - badge_width / 2,
            top - 15,
            state,
            8.5,
            bold=True,
            anchor="middle",
            color="#FFFFFF",
        )
        facts = [
            f"Author: {clean_text(info.author)}" if info.author.strip() else "",
            f"Report date: {builder.report_date}",
            f"File: {clean_text(builder.source_name)}" if builder.source_name else "",
            clean_text(info.description),
        ]
        line = "   ·   ".join(fact for fact in facts if fact)
        room = self.width - (140 if builder.analysis.has_problems else 0)
        draw_text(canvas, 0, top - 30, elide(line, room, 8), 8, color=theme.INK_MUTED)

    def _mark_tiles(self, map_top: float) -> None:
        """Outline the detail sections on the overview, numbered as their pages are."""
        builder, canvas = self.builder, self.canv
        scale, bounds = builder.plan.scale, builder.bounds
        canvas.saveState()
        canvas.setStrokeColor(rl_color(theme.SELECTION))
        canvas.setLineWidth(0.8)
        canvas.setDash(3, 2)
        for number, tile in enumerate(builder.plan.tiles, start=1):
            left = (tile.left - bounds.left) * scale
            top = map_top - (tile.top - bounds.top) * scale
            canvas.rect(
                left,
                top - tile.height * scale,
                tile.width * scale,
                tile.height * scale,
                stroke=1,
                fill=0,
            )
            label = f"Section {number}"
            if text_width(label, 7, bold=True) + 6 > tile.width * scale:
                label = str(number)
            if text_width(label, 7, bold=True) + 6 <= tile.width * scale:
                draw_text(canvas, left + 3, top - 9, label, 7, bold=True, color=theme.SELECTION)
        canvas.restoreState()
        note = "Overview: the map is shown in detail, section by section, on the following pages."
        draw_text(canvas, 0, map_top + 4, note, 7, color=theme.SELECTION)


class _Summary:
    """The figures leadership asks for: a column beside the map, a grid under it, or, with
    columns=0, one untitled strip of figures above it."""

    ROW_HEIGHT = 31.0
    HEADER_HEIGHT = 22.0

    def __init__(
        self, builder: _ReportBuilder, left: float, top: float, width: float, columns: int = 1
    ) -> None:
        self.builder, self.left, self.top, self.width = builder, left, top, width
        self.columns = columns

    @classmethod
    def height(cls, row_count: int, columns: int) -> float:
        return cls.HEADER_HEIGHT + cls.ROW_HEIGHT * math.ceil(row_count / columns) + 8

    def draw(self, canvas: Canvas) -> float:
        """Draw the summary box; returns the lowest point drawn."""
        if self.columns == 0:
            return self._draw_strip(canvas)
        rows = self.builder.summary_rows()
        height = self.height(len(rows), self.columns)
        canvas.setFillColor(rl_color(theme.CANVAS_BACKGROUND))
        canvas.setStrokeColor(rl_color(theme.LANE_BORDER))
        canvas.setLineWidth(0.6)
        canvas.roundRect(self.left, self.top - height, self.width, height, 5, stroke=1, fill=1)
        draw_text(canvas, self.left + 10, self.top - 15, "Summary", 9, bold=True, color=theme.INK)
        cell_width = (self.width - 20) / self.columns
        per_column = math.ceil(len(rows) / self.columns)
        for index, row in enumerate(rows):
            column, line = divmod(index, per_column)
            x = self.left + 10 + column * cell_width
            y = self.top - self.HEADER_HEIGHT - self.ROW_HEIGHT * (line + 1)
            self._draw_figure(canvas, x, y, cell_width - 10, *row)
        if self.builder.analysis.has_problems:
            summary_width = text_width("Summary", 9, bold=True)
            warning = elide("Unreliable: see Warnings", self.width - summary_width - 30, 7, True)
            draw_text(
                canvas,
                self.left + self.width - 10,
                self.top - 15,
                warning,
                7,
                bold=True,
                anchor="end",
                color=theme.CRITICAL_PATH,
            )
        bottom = self.top - height
        return bottom

    def _draw_strip(self, canvas: Canvas) -> float:
        """One row of figures; a long value (the constraint's name) gets a wider cell."""
        rows = self.builder.summary_rows()
        bottom = self.top - STRIP_HEIGHT
        canvas.setFillColor(rl_color(theme.CANVAS_BACKGROUND))
        canvas.setStrokeColor(rl_color(theme.LANE_BORDER))
        canvas.setLineWidth(0.6)
        canvas.roundRect(self.left, bottom, self.width, STRIP_HEIGHT, 5, stroke=1, fill=1)
        # Each cell as wide as its label or value needs; spare width is shared out evenly.
        weights = [
            max(text_width(label, 7), text_width(value, 12.5, bold=True)) + 14
            for label, value, _, _ in rows
        ]
        room = self.width - 16
        spare = (room - sum(weights)) / len(weights)
        if spare < 0:  # too many figures for one row: every cell gives up the same share
            weights = [weight * room / sum(weights) for weight in weights]
            spare = 0.0
        x = self.left + 10
        for weight, row in zip(weights, rows, strict=True):
            self._draw_figure(canvas, x, bottom + 6, weight + spare - 8, *row)
            x += weight + spare
        if self.builder.analysis.has_problems:
            draw_text(
                canvas,
                self.left + self.width,
                self.top + 4,
                "Unreliable figures: see Warnings",
                7,
                bold=True,
                anchor="end",
                color=theme.CRITICAL_PATH,
            )
        return bottom

    @staticmethod
    def _draw_figure(canvas, x, y, width, label, value, detail, colour) -> None:
        draw_text(canvas, x, y + 20, elide(label, width, 7), 7, color=theme.INK_MUTED)
        fitted = fit_text(value, width, 14, size=12.5, min_size=9, bold=True, max_lines=1)
        value_text = fitted.lines[0] if fitted.lines else ""
        draw_text(canvas, x, y + 7, value_text, fitted.size, bold=True, color=colour)
        if detail:
            value_width = text_width(value_text, fitted.size, bold=True)
            detail_text = elide(detail, width - 6 - value_width, 7)
            draw_text(canvas, x + 6 + value_width, y + 7, detail_text, 7, color=theme.INK_MUTED)


def _draw_key(canvas: Canvas, left: float, bottom: float, width: float) -> None:
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


class _MapTile(Flowable):
    """One section of a large map at a legible scale, filling the page."""

    def __init__(self, builder: _ReportBuilder, number: int, tile: Box) -> None:
        super().__init__()
        self.builder, self.number, self.tile = builder, number, tile

    def wrap(self, available_width, available_height):
        self.width, self.height = available_width, available_height - 1
        return self.width, self.height

    def draw(self) -> None:
        builder, canvas = self.builder, self.canv
        count = len(builder.plan.tiles)
        heading = f"Map in detail: section {self.number} of {count}"
        draw_text(canvas, 0, self.height - 12, heading, 11, bold=True, color=theme.INK)
        scale = builder.plan.tile_scale
        top = self.height - 20
        canvas.setStrokeColor(rl_color(theme.LANE_BORDER))
        canvas.setLineWidth(0.6)
        canvas.rect(
            0,
            top - self.tile.height * scale,
            self.tile.width * scale,
            self.tile.height * scale,
            stroke=1,
            fill=0,
        )
        builder.painter.draw(canvas, self.tile, 0, top, scale, tile_labels=True)
        self._draw_locator()

    def _draw_locator(self) -> None:
        """A thumbnail of the map at the top right with this section filled in.

        The thumbnail with every section outlined is the same on each tile page, so it is
        drawn once as a form and placed on each page; only the filled section differs."""
        builder, canvas = self.builder, self.canv
        bounds = builder.bounds
        height = 15.0
        width = min(140.0, height * bounds.width / bounds.height)
        height = width * bounds.height / bounds.width
        scale = width / bounds.width
        right, top = self.width, self.height - 1
        left = right - width

        def section_rect(tile: Box) -> tuple[float, float, float, float]:
            return (
                left + (tile.left - bounds.left) * scale,
                top - (tile.bottom - bounds.top) * scale,
                tile.width * scale,
                tile.height * scale,
            )

        if not canvas.hasForm(LOCATOR_FORM):
            # Every tile page lays out the same, so the form's coordinates suit them all.
            canvas.beginForm(LOCATOR_FORM, left - 1, top - height - 1, right + 1, top + 1)
            canvas.setLineWidth(0.4)
            canvas.setStrokeColor(rl_color(theme.LANE_BORDER))
            canvas.setFillColor(rl_color(theme.LANE_FILL_ODD))
            canvas.rect(left, top - height, width, height, stroke=1, fill=1)
            canvas.setStrokeColor(rl_color(theme.SELECTION))
            for tile in builder.plan.tiles:
                canvas.rect(*section_rect(tile), stroke=1, fill=0)
            canvas.endForm()
        canvas.saveState()
        canvas.doForm(LOCATOR_FORM)
        canvas.setFillColor(rl_color(theme.SELECTION))
        canvas.rect(*section_rect(self.tile), stroke=0, fill=1)
        canvas.restoreState()
        draw_text(
            canvas,
            left - 6,
            self.height - 11,
            "Where this section sits:",
            7,
            anchor="end",
            color=theme.INK_MUTED,
        )


# --------------------------------------------------------------------- building


class _ReportBuilder:
    def __init__(
        self,
        value_stream_map: ValueStreamMap,
        analysis: FlowAnalysis,
        page_size: tuple[float, float],
        source_name: str | None,
        states: MapStates | None = None,
    ) -> None:
        self.map = value_stream_map
        self.states = states
        self.landscape = page_size[0] > page_size[1]
        self.analysis = analysis
        self.page_size = page_size
        self.source_name = source_name
        self.report_date = date.today().strftime("%d %B %Y").lstrip("0")
        self.elements = {element.id: element for element in value_stream_map.elements}
        self.lanes = {lane.id: lane for lane in value_stream_map.lanes}
        self.frame_width = page_size[0] - 2 * MARGIN
        self.frame_height = page_size[1] - 2 * MARGIN - HEADER_HEIGHT - FOOTER_HEIGHT + 12
        # Drawings use the map re-laid for paper; tables and figures use the map as it is.
        self.sizes = paper_sizes(1.0)
        self.drawing_map = compact_layout(value_stream_map, MAX_TEXT_SCALE)
        self.bounds = map_bounds(self.drawing_map, self.sizes)
        self.plan = self._plan_map()
        self._widen_into_spare_width()
        self.painter = MapPainter(self.drawing_map, analysis, self.sizes)

    def _widen_into_spare_width(self) -> None:
        """When the page's height limits the map, its spare width goes to wider boxes, so
        long names wrap less; widen while the scale stays (within 3%) as it is."""
        if self.plan.tiled or len(self.map.elements) > 400:
            return
        for widen in WIDENINGS:
            drawing_map = compact_layout(self.map, MAX_TEXT_SCALE, widen)
            sizes = paper_sizes(widen)
            previous = (self.drawing_map, self.sizes, self.bounds, self.plan)
            self.drawing_map, self.sizes = drawing_map, sizes
            self.bounds = map_bounds(drawing_map, sizes)
            plan = self._plan_map()
            if plan.tiled or plan.scale < previous[3].scale * 0.97:
                self.drawing_map, self.sizes, self.bounds, self.plan = previous
                return
            self.plan = plan

    def duration(self, hours: float | None) -> str:
        return format_duration(hours, self.map.calendar)

    # ----------------------------------------------------------------- plan

    def summary_places(self) -> tuple[str, ...]:
        """Where page 1's figures may go: portrait pages are too narrow for a sidebar or a
        strip, so there the summary goes under the map."""
        if self.frame_height > self.frame_width:
            return ("below",)
        return ("strip", "sidebar")

    def first_page_map_area(self, summary: str) -> tuple[float, float]:
        """Room for the map on page 1 around the summary, above the ladder and the key."""
        height = self.frame_height - TITLE_BLOCK_HEIGHT - LADDER_HEIGHT - 28
        if summary == "below":
            rows = len(self.summary_rows())
            return self.frame_width, height - _Summary.height(rows, columns=3) - 10
        if summary == "strip":
            return self.frame_width, height - STRIP_HEIGHT - 8
        return self.frame_width - SIDEBAR_WIDTH - 14, height

    def _plan_map(self) -> _MapPlan:
        bounds = self.bounds

        def scale_with(summary: str) -> float:
            map_width, map_height = self.first_page_map_area(summary)
            return min(map_width / bounds.width, map_height / bounds.height)

        summary = max(self.summary_places(), key=scale_with)
        scale = scale_with(summary)
        text_scale = min(MAX_TEXT_SCALE, max(1.0, NAME_TARGET_POINTS / (NAME_SIZE * scale)))
        if scale * text_scale * SMALLEST_TEXT_SIZE >= MIN_TEXT_POINTS:
            return _MapPlan(scale, [], scale, summary, text_scale)
        map_width, map_height = self.first_page_map_area(summary)
        scale = min(map_width / bounds.width, (map_height - OVERVIEW_NOTE_HEIGHT) / bounds.height)
        tile_width, tile_height = self.frame_width, self.frame_height - 24
        tile_scale, columns, rows = _tile_grid(bounds, tile_width, tile_height)
        scene_width, scene_height = tile_width / tile_scale, tile_height / tile_scale
        tiles = []
        element_boxes = [element_box(element, self.sizes) for element in self.drawing_map.elements]
        for row in range(rows):
            for column in range(columns):
                left = bounds.left + _offset(column, columns, bounds.width, scene_width)
                top = bounds.top + _offset(row, rows, bounds.height, scene_height)
                tile = Box(
                    left,
                    top,
                    min(left + scene_width, bounds.right),
                    min(top + scene_height, bounds.bottom),
                )
                if any(tile.intersects(box) for box in element_boxes):  # skip empty sections
                    tiles.append(tile)
        return _MapPlan(scale, tiles, tile_scale, summary)

    # ----------------------------------------------------------------- figures

    @cached_property
    def constraint(self):
        """The constraint with its ties and the what-if's saving (analysis.constraint)."""
        return find_constraint(self.map, self.analysis, rank_what_ifs(self.map))

    @cached_property
    def lead_time_spread(self):
        """P50/P85 when the map has ranges (analysis/monte_carlo.py), else None; once."""
        return distribution_if_ranged(self.map)

    def summary_rows(self) -> list[tuple[str, str, str, str]]:
        """(label, value, detail, colour) for the sidebar; the tests read these back."""
        analysis = self.analysis
        rows = [
            ("Lead time", lead_time_text(analysis.lead_time, self.map.calendar),
             LEAD_TIME_UNKNOWN_REASON if analysis.lead_time is None else "", theme.INK),
            ("Process time", self.duration(analysis.process_time), "", theme.LADDER_PROCESS),
            ("Wait time", self.duration(analysis.wait_time), "", theme.LADDER_WAIT),
            ("Flow efficiency", percent_text(analysis.flow_efficiency), "", theme.INK),
            ("Rolled %C&A", percent_text(analysis.rolled_pca), "", theme.INK),
            (
                "Cross-team handovers",
                str(analysis.handovers_on_critical_path),
                f"on the critical path, {analysis.handovers_total} in all",
                theme.INK,
            ),
        ]
        spread = self.lead_time_spread
        if spread is not None:
            # Times are ranges: how long half and 85 % of requests take, after the single figure.
            rows[1:1] = [("P50 lead time", self.duration(spread.p50), "half within", theme.INK),
                         ("P85 lead time", self.duration(spread.p85), "85 % within", theme.INK)]
        if analysis.rework_loops:
            rows.insert(
                1,
                (
                    "Expected lead time with rework",
                    self.duration(analysis.expected_lead_time),
                    "",
                    theme.REWORK_ARROW,
                ),
            )
        constraint = self.constraint
        if constraint is not None:
            # Tied waits are all named (in the detail); the saving is the what-if's, which a
            # parallel branch may cap below the wait.
            rows.append((
                "Constraint (longest wait)",
                clean_text(constraint.headline()),
                clean_text(constraint.names_text()) if constraint.is_tie else "",
                theme.CRITICAL_PATH,
            ))
            saving = constraint.saving
            rows.append((
                "Constraint wait",
                self.duration(constraint.wait_hours) + (" each" if constraint.is_tie else ""),
                "" if saving is None else f"cutting it saves {self.duration(saving)}",
                theme.CRITICAL_PATH,
            ))
        else:
            rows.append(("Constraint", "none", "no waits on the critical path", theme.INK))
        return rows

    def lane_name(self, lane_id: str | None) -> str:
        lane = self.lanes.get(lane_id or "")
        return (clean_text(lane.name) or "Unnamed lane") if lane else "–"

    # ----------------------------------------------------------------- story

    def build(self, output: BinaryIO, progress: Callable[[float], None]) -> None:
        info = self.map.info
        title = clean_text(info.title) or "Untitled value stream"
        subtitle_parts = [info.state.label, self.report_date]
        if self.source_name:
            subtitle_parts.append(clean_text(self.source_name))
        page_info = _PageInfo(title, "   ·   ".join(subtitle_parts), self.page_size)
        story = self._story()
        document = _ReportDocument(
            output,
            pagesize=self.page_size,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN + HEADER_HEIGHT - 6,
            bottomMargin=MARGIN + FOOTER_HEIGHT - 6,
            title=title,
            author=clean_text(info.author) or "VSM Desktop",
            subject=f"Value stream report: {title} ({info.state.label.lower()})",
            creator="VSM Desktop",
            initialFontName=REGULAR,
            producer="VSM Desktop (ReportLab)",
            keywords="value stream map, lead time, flow efficiency",
            progress=progress,
            flowable_count=len(story),
        )
        frame = Frame(
            document.leftMargin,
            document.bottomMargin,
            document.width,
            document.height,
            id="content",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        document.addPageTemplates([PageTemplate(id="report", frames=[frame])])
        document.build(
            story,
            canvasmaker=partial(_NumberedCanvas, page_info=page_info),
        )

    def _story(self) -> list[Flowable]:
        story: list[Flowable] = [_FirstPage(self)]
        for number, tile in enumerate(self.plan.tiles, start=1):
            story += [PageBreak(), _MapTile(self, number, tile)]
        pair = comparison_pair(self.map, self.states)
        if pair is not None:
            story += comparison_section(pair, self.frame_width, self.landscape)
        story += [PageBreak()]
        story += self._steps_section()
        story += self._time_section()
        story += advice_section(self.map, self.analysis, self.frame_width)
        story += what_if_section(self.map, self.frame_width)
        story += plan_section(self.map, self.frame_width)
        story += self._warnings_section()
        story += self._definitions_section()
        return story

    def _flow_elements(self):
        """Steps, approvals and queues in the order work reaches them."""
        kinds = (ElementKind.STEP, ElementKind.APPROVAL, ElementKind.QUEUE)
        elements = [e for e in self.map.elements if e.kind in kinds]
        timings = self.analysis.timings

        def order(element):
            timing = timings.get(element.id)
            start = timing.earliest_start if timing else math.inf
            return (start, element.x, element.y)

        return sorted(elements, key=order)

    def _steps_section(self) -> list[Flowable]:
        contributions = {
            rung.element.id: rung.wait + rung.process
            for rung in critical_rungs(self.map, self.analysis)
        }
        lead_time = self.analysis.lead_time
        headers = [
            "Element",
            "Lane",
            "Process",
            "Wait",
            "Lead-time share",
            "%C&A",
            "People",
            "Category",
            "Automation",
            "Critical path",
        ]
        numeric = {2, 3, 4, 5, 6}
        rows = [_header_row(headers, numeric)]
        for element in self._flow_elements():
            contribution = contributions.get(element.id)
            if contribution is None:
                share = "–"
            else:
                percent = f" ({contribution / lead_time:.0%})" if lead_time else ""
                share = self.duration(contribution) + percent
            slack = self.analysis.slack(element.id)
            if element.id not in self.analysis.timings:
                # A flow element without timing is one no flow from the start reaches.
                critical = "not reached from the start" if element.kind.in_flow else (
                    "not in the flow"
                )
            elif slack is None:
                critical = "not on a path to the end"
            elif slack <= 1e-9:
                critical = "on the critical path"
            else:
                critical = f"slack {self.duration(slack)}"
            name = clean_text(element.display_name)
            if element.kind is not ElementKind.STEP:
                name = f"{name} ({element.kind.label.lower()})"
            is_work = element.kind.does_work
            cells = [
                _p(name, "cell_bold", bold=True),
                _p(self.lane_name(element.lane_id), "cell"),
                _p(self.duration(element.process_time) if is_work else "", "cell_right"),
                _p(self.duration(element.wait_time), "cell_right"),
                _p(share, "cell_right"),
                _p("–" if element.pca is None else f"{element.pca:g}%", "cell_right"),
                _p("–" if element.people is None else str(element.people), "cell_right"),
                _p(element.value_category.label if is_work else "", "cell"),
                _p(element.automation.label if is_work else "", "cell"),
                _p(critical, "cell_critical" if slack is not None and slack <= 1e-9 else "cell"),
            ]
            rows.append(cells)
        fractions = [0.17, 0.11, 0.075, 0.065, 0.1, 0.06, 0.065, 0.13, 0.1, 0.125]
        widths = [self.frame_width * f for f in fractions]
        intro = (
            "Every step, approval and queue in the order work reaches it. Lead-time share is "
            "the wait (with the handover delay into it) plus the process time of elements on "
            "the critical path; off the path, slack says how long an element can slip before "
            "the lead time grows."
        )
        if len(rows) == 1:
            return [_p("Steps", "h1"), _p("The map has no steps yet.", "muted")]
        return [_p("Steps", "h1"), _p(intro, "muted"), Spacer(1, 6), _table(rows, widths)]

    def _time_section(self) -> list[Flowable]:
        opening: list[Flowable] = [_p("Where the time goes", "h1")]
        findings = self._time_findings()
        if findings:
            opening += [_p(findings, "body"), Spacer(1, 4)]
        chart = lane_time_chart(self.map, self.analysis, min(self.frame_width, 620))
        if chart is not None:
            opening += [_p("Wait and process time per lane", "h2"), chart]
        story: list[Flowable] = [KeepTogether(opening), Spacer(1, 6)]
        waits = self._largest_waits()
        if not waits:
            story.append(_p("No waits have been entered.", "muted"))
            return story
        total = self.analysis.total_wait
        heading = _p("Largest waits", "h2")
        headers = ["#", "Where", "Lane", "Wait", "Share of all waits", "On the critical path"]
        rows = [_header_row(headers, {3, 4})]
        for rank, (where, lane, hours, critical) in enumerate(waits[:12], start=1):
            share = f"{hours / total:.0%}" if total > 0 else "–"
            rows.append(
                [
                    _p(str(rank), "cell"),
                    _p(where, "cell_bold", bold=True),
                    _p(lane, "cell"),
                    _p(self.duration(hours), "cell_right"),
                    _p(share, "cell_right"),
                    _p("yes" if critical else "no", "cell"),
                ]
            )
        fractions = [0.04, 0.36, 0.2, 0.1, 0.13, 0.17]
        width = min(self.frame_width, 640)
        story += [CondPageBreak(90), heading, _table(rows, [width * f for f in fractions])]
        return story

    def _time_findings(self) -> str:
        """Two or three plain sentences on where the lead time goes, for readers in a hurry."""
        analysis = self.analysis
        sentences = []
        if analysis.lead_time and analysis.flow_efficiency is not None:
            sentences.append(
                f"Of a lead time of {self.duration(analysis.lead_time)}, someone works on the "
                f"request for {self.duration(analysis.process_time)} "
                f"({percent_text(analysis.flow_efficiency)}); it waits the rest."
            )
        waits = self._largest_waits()
        if len(waits) >= 3 and analysis.total_wait > 0:
            top = waits[:3]
            share = sum(hours for _, _, hours, _ in top) / analysis.total_wait
            names = ", ".join(where for where, _, _, _ in top)
            sentences.append(
                f"The three largest waits ({names}) make up {share:.0%} of all waiting."
            )
        # Named with its ties, and what cutting its wait really saves (see analysis.constraint).
        constraint = self.constraint
        if constraint is not None:
            sentences.append(
                f"The constraint is {clean_text(constraint.names_text())}. "
                + clean_text(constraint.explanation(self.map.calendar))
            )
        return " ".join(sentences)

    def _largest_waits(self) -> list[tuple[str, str, float, bool]]:
        """Waits of elements and handover delays, largest first."""
        critical_elements = set(self.analysis.critical_path)
        critical_connections = set(self.analysis.critical_connections)
        waits = []
        for element in self.map.elements:
            if element.kind.in_flow and (element.wait_time or 0) > 0:
                waits.append(
                    (
                        clean_text(element.display_name),
                        self.lane_name(element.lane_id),
                        element.wait_time,
                        element.id in critical_elements,
                    )
                )
        for connection in self.map.flow_connections():
            if (connection.delay or 0) > 0:
                source = self.elements[connection.source_id]
                target = self.elements[connection.target_id]
                where = (
                    f"Handover {clean_text(source.display_name)} → "
                    f"{clean_text(target.display_name)}"
                )
                waits.append(
                    (
                        where,
                        self.lane_name(target.lane_id),
                        connection.delay,
                        connection.id in critical_connections,
                    )
                )
        return sorted(waits, key=lambda wait: -wait[2])

    def _warnings_section(self) -> list[Flowable]:
        story: list[Flowable] = [CondPageBreak(100), _p("Warnings", "h1")]
        findings = self.analysis.findings
        if not findings:
            return story + [_p("The analysis found nothing to warn about.", "muted")]
        for finding in findings:
            problem = finding.severity is Severity.PROBLEM
            tag = "Problem" if problem else "Warning"
            color = theme.CRITICAL_PATH if problem else theme.REWORK_ARROW
            text = f'<font name="{BOLD}" color="{color}">{tag}:</font> {markup(finding.message)}'
            story.append(Paragraph(text, _style("finding", leftIndent=10, spaceAfter=3)))
        return story

    def _definitions_section(self) -> list[Flowable]:
        rows = [
            [_p(label, "definition_term", bold=True), _p(definition, "body")]
            for label, definition in DEFINITIONS.values()
        ]
        table = Table(rows, colWidths=[130, min(self.frame_width, 700) - 130], hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), REGULAR),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LINEBELOW", (0, 0), (-1, -2), 0.3, theme.LANE_BORDER),
                    ("TOPPADDING", (0, 0), (-1, -1), 4),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ]
            )
        )
        return [CondPageBreak(160), _p("Definitions", "h1"), table]


def _tile_grid(bounds: Box, tile_width: float, tile_height: float) -> tuple[float, int, int]:
    """The scale and grid of tiles: the fewest pages with text between the minimum and the
    comfortable size, and the largest text among equally short options."""
    smallest = MIN_TEXT_POINTS / SMALLEST_TEXT_SIZE
    comfortable = TILE_TEXT_POINTS / SMALLEST_TEXT_SIZE
    candidates = {smallest, comfortable}
    for count in range(1, 200):  # scales at which a whole row or column just fills the tiles
        candidates.add(count * tile_width / bounds.width)
        candidates.add(count * tile_height / bounds.height)
    best = None
    for scale in sorted(s for s in candidates if smallest <= s <= comfortable):
        columns = max(1, math.ceil(bounds.width * scale / tile_width - 1e-9))
        rows = max(1, math.ceil(bounds.height * scale / tile_height - 1e-9))
        if best is None or columns * rows <= best[1] * best[2]:
            best = (scale, columns, rows)
    return best


def _offset(index: int, count: int, total: float, size: float) -> float:
    """Start of tile `index` of `count`, spread so the first and last touch the edges."""
    if count <= 1:
        return 0.0
    return index * max(0.0, total - size) / (count - 1)
