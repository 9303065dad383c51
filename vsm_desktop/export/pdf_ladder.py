"""The lead-time ladder under the map: waits on the upper rungs, process times on the lower.

It follows the critical path. Where the path runs left to right on the map, each rung sits under
its element so the ladder reads as part of the map; otherwise the rungs are spaced evenly.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.pdfgen.canvas import Canvas

from .. import theme
from ..analysis.formatting import lead_time_text
from ..analysis.result import FlowAnalysis
from ..model.elements import Element
from ..model.units import format_duration
from ..model.value_stream_map import ValueStreamMap
from .pdf_fonts import draw_text, elide, rl_color, text_width
from .pdf_map_drawing import element_box

LABEL_SIZE = 6.5
TOTALS_WIDTH = 118.0
LADDER_HEIGHT = 46.0
MIN_RUNG_WIDTH = 4.0  # points; narrower rungs merge into one bar drawn to scale


@dataclass(frozen=True)
class Rung:
    element: Element
    wait: float  # the element's wait plus the transfer delay of the handover into it
    process: float


def critical_rungs(value_stream_map: ValueStreamMap, analysis: FlowAnalysis) -> list[Rung]:
    """One rung per element on the critical path; their sum is the lead time."""
    elements = {element.id: element for element in value_stream_map.elements}
    connections = {connection.id: connection for connection in value_stream_map.connections}
    delay_into: dict[str, float] = {}
    for connection_id in analysis.critical_connections:
        connection = connections.get(connection_id)
        if connection is not None:
            delay_into[connection.target_id] = connection.delay or 0.0
    rungs = []
    for element_id in analysis.critical_path:
        element = elements.get(element_id)
        if element is None:
            continue
        wait = (element.wait_time or 0.0) + delay_into.get(element_id, 0.0)
        rungs.append(Rung(element, wait, element.process_time or 0.0))
    return rungs


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

    The totals go at totals_left if given, else inside the strip at its right end."""
    calendar = value_stream_map.calendar
    rungs = critical_rungs(value_stream_map, analysis)
    rung_area = width if totals_left is not None else width - TOTALS_WIDTH
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
    spans = _spans(rungs, left, rung_area, scene_left, scale)
    if spans and min(end - start for start, end in spans) < MIN_RUNG_WIDTH:
        _draw_time_bar(canvas, rungs, left, rung_area, lower_y, upper_y)
    else:
        _draw_rungs(canvas, rungs, spans, calendar, left, lower_y, upper_y)
    totals_left = left + rung_area + 8 if totals_left is None else totals_left
    _draw_totals(canvas, analysis, calendar, totals_left, bottom)
    canvas.restoreState()


def _draw_rungs(canvas, rungs, spans, calendar, left, lower_y, upper_y) -> None:
    """The classic ladder: a wait rung up before each element, a process rung down under it."""
    previous_end = left
    canvas.setLineWidth(1.6)
    for rung, (start, end) in zip(rungs, spans, strict=True):
        if end <= start or not (rung.wait or rung.process):
            previous_end = max(previous_end, end)  # start and end symbols take no time
            continue
        # The wait rung runs from where the previous element ended up to this element.
        wait_start = min(previous_end, start)
        canvas.setStrokeColor(rl_color(theme.LADDER_WAIT))
        canvas.line(wait_start, upper_y, start, upper_y)
        canvas.setStrokeColor(rl_color(theme.INK_MUTED))
        canvas.setLineWidth(0.6)
        canvas.line(start, upper_y, start, lower_y)
        canvas.line(end, upper_y, end, lower_y)
        canvas.setLineWidth(1.6)
        canvas.setStrokeColor(rl_color(theme.LADDER_PROCESS))
        canvas.line(start, lower_y, end, lower_y)
        if rung.wait > 0:
            _label(
                canvas,
                format_duration(rung.wait, calendar),
                wait_start,
                start,
                upper_y + 2.5,
                theme.LADDER_WAIT,
            )
        if rung.process > 0:
            _label(
                canvas,
                format_duration(rung.process, calendar),
                start,
                end,
                lower_y - LABEL_SIZE - 1.5,
                theme.LADDER_PROCESS,
            )
        previous_end = end


def _draw_time_bar(canvas, rungs, left, width, lower_y, upper_y) -> None:
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


def _spans(rungs, left, rung_area, scene_left, scale) -> list[tuple[float, float]]:
    """Horizontal extent of each element's process rung on the page."""
    aligned = [
        (
            left + (element_box(r.element).left - scene_left) * scale,
            left + (element_box(r.element).right - scene_left) * scale,
        )
        for r in rungs
    ]
    in_order = all(a[1] <= b[0] + 0.5 for a, b in zip(aligned, aligned[1:], strict=False))
    timed = [span for span, rung in zip(aligned, rungs, strict=True) if rung.wait or rung.process]
    fits = all(left <= start and end <= left + rung_area for start, end in timed)
    if rungs and in_order and fits:
        return aligned
    pitch = rung_area / max(1, len(rungs))
    return [(left + pitch * (i + 0.45), left + pitch * (i + 0.95)) for i in range(len(rungs))]


def _label(canvas: Canvas, text: str, start: float, end: float, y: float, color: str) -> None:
    room = end - start + 6
    if text_width(text, LABEL_SIZE) <= room:
        draw_text(canvas, (start + end) / 2, y, text, LABEL_SIZE, anchor="middle", color=color)


def _draw_totals(canvas: Canvas, analysis: FlowAnalysis, calendar, x: float, bottom: float):
    rows = (
        ("Lead time", analysis.lead_time, theme.INK),
        ("Wait", analysis.wait_time, theme.LADDER_WAIT),
        ("Process", analysis.process_time, theme.LADDER_PROCESS),
    )
    for index, (label, hours, color) in enumerate(rows):
        y = bottom + LADDER_HEIGHT * 0.62 - index * (LABEL_SIZE + 4.5) + 6
        draw_text(canvas, x, y, label, LABEL_SIZE + 0.5, color=theme.INK_MUTED)
        value = elide(lead_time_text(hours, calendar), 50, LABEL_SIZE + 1, bold=True)
        draw_text(
            canvas,
            x + TOTALS_WIDTH - 10,
            y,
            value,
            LABEL_SIZE + 1,
            bold=True,
            anchor="end",
            color=color,
        )
