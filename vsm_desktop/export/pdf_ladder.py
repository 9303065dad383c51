"""The lead-time ladder under the map: waits on the upper rungs, process times on the lower.

It follows the critical path. Where the path runs left to right on the map, each rung sits under
its element so the ladder reads as part of the map; otherwise the rungs are spaced evenly.
"""

from __future__ import annotations

from collections.abc import Callable

from reportlab.pdfgen.canvas import Canvas

from .. import theme
from ..analysis.result import FlowAnalysis
from ..drawing.ladder import LadderGeometry, Rung, Total, critical_rungs, ladder_geometry
from ..model.value_stream_map import ValueStreamMap
from .pdf_fonts import draw_text, elide, rl_color, text_width

LABEL_SIZE = 6.5
TOTALS_WIDTH = 118.0
LADDER_HEIGHT = 46.0
MIN_RUNG_WIDTH = 4.0  # points; narrower rungs merge into one bar drawn to scale
_INKS = {"lead": theme.INK, "wait": theme.LADDER_WAIT, "process": theme.LADDER_PROCESS}


def draw_ladder(
    canvas: Canvas,
    value_stream_map: ValueStreamMap,
    analysis: FlowAnalysis,
    *,
    left: float,
    bottom: float,
    width: float,
    scene_left: float,
    scale: float,
    totals_left: float | None = None,
) -> None:
    """Draw the ladder in a strip `width` wide; scene_left and scale align it with the map.

    The rungs are laid out by drawing/ladder.py in map units (as the canvas's are) and put on
    the page at the map's scale. The totals go at totals_left if given, else inside the strip
    at its right end."""
    calendar = value_stream_map.calendar
    rungs = critical_rungs(value_stream_map, analysis)
    rung_area = width if totals_left is not None else width - TOTALS_WIDTH
    geometry = ladder_geometry(rungs, analysis, calendar, right=scene_left + rung_area / scale)
    upper_y, lower_y = bottom + LADDER_HEIGHT * 0.62, bottom + LADDER_HEIGHT * 0.28
    canvas.saveState()
    draw_text(
        canvas,
        left,
        bottom + LADDER_HEIGHT - 2,
        "Lead-time ladder (critical path)",
        LABEL_SIZE,
        bold=True,
        color=theme.INK_MUTED,
    )
    narrowest = min((line.width for line in geometry.lines if not line.is_wait), default=0.0)
    if narrowest * scale < MIN_RUNG_WIDTH:
        _draw_time_bar(canvas, rungs, left, rung_area, lower_y, upper_y)
    else:
        def page_x(x: float) -> float:
            return left + (x - scene_left) * scale

        _draw_rungs(canvas, geometry, page_x, lower_y, upper_y)
    totals_left = left + rung_area + 8 if totals_left is None else totals_left
    _draw_totals(canvas, geometry.totals, totals_left, bottom)
    canvas.restoreState()


def _draw_rungs(
    canvas: Canvas, geometry: LadderGeometry, page_x: Callable[[float], float],
    lower_y: float, upper_y: float,
) -> None:
    """The classic ladder: one path per ink (risers, waits, process times), then the figures
    that fit their rung."""
    def y(is_wait: bool) -> float:
        return upper_y if is_wait else lower_y

    risers = canvas.beginPath()
    for riser in geometry.risers:
        x = page_x(riser.x)
        risers.moveTo(x, y(riser.from_wait))
        risers.lineTo(x, y(riser.to_wait))
        risers.lineTo(page_x(riser.to_x), y(riser.to_wait))
    canvas.setStrokeColor(rl_color(theme.INK_MUTED))
    canvas.setLineWidth(0.6)
    canvas.drawPath(risers, stroke=1, fill=0)
    canvas.setLineWidth(1.6)
    for is_wait, ink in ((True, theme.LADDER_WAIT), (False, theme.LADDER_PROCESS)):
        rungs = canvas.beginPath()
        for line in geometry.lines:
            if line.is_wait is is_wait:
                rungs.moveTo(page_x(line.left), y(is_wait))
                rungs.lineTo(page_x(line.right), y(is_wait))
        canvas.setStrokeColor(rl_color(ink))
        canvas.drawPath(rungs, stroke=1, fill=0)
        for line in geometry.lines:
            if line.is_wait is is_wait and line.label:
                label_y = upper_y + 2.5 if is_wait else lower_y - LABEL_SIZE - 1.5
                _label(canvas, line.label, page_x(line.left), page_x(line.right), label_y, ink)


def _draw_time_bar(
    canvas: Canvas, rungs: list[Rung], left: float, width: float, lower_y: float, upper_y: float
) -> None:
    """Too many rungs to draw one by one: a bar of waits and process times, to scale."""
    total = sum(rung.wait + rung.process for rung in rungs)
    if total <= 0:
        return
    x = left
    height = upper_y - lower_y
    for rung in rungs:
        for hours, colour in ((rung.wait, theme.LADDER_WAIT), (rung.process, theme.LADDER_PROCESS)):
            segment = hours / total * width
            if segment > 0:
                canvas.setFillColor(rl_color(colour))
                canvas.rect(x, lower_y, segment, height, stroke=0, fill=1)
                x += segment


def _label(canvas: Canvas, text: str, start: float, end: float, y: float, color: str) -> None:
    room = end - start + 6
    if text_width(text, LABEL_SIZE) <= room:
        draw_text(canvas, (start + end) / 2, y, text, LABEL_SIZE, anchor="middle", color=color)


def _draw_totals(canvas: Canvas, totals: tuple[Total, ...], x: float, bottom: float) -> None:
    for index, total in enumerate(totals):
        y = bottom + LADDER_HEIGHT * 0.62 - index * (LABEL_SIZE + 4.5) + 6
        draw_text(canvas, x, y, total.label, LABEL_SIZE + 0.5, color=theme.INK_MUTED)
        value = elide(total.value, 50, LABEL_SIZE + 1, bold=True)
        draw_text(
            canvas,
            x + TOTALS_WIDTH - 10,
            y,
            value,
            LABEL_SIZE + 1,
            bold=True,
            anchor="end",
            color=_INKS[total.tone],
        )
