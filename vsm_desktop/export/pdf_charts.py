"""Charts for the report as ReportLab graphics: wait and process time per lane.

Drawn from shapes rather than the stock bar chart so lane names get per-run font fallback
and long names are elided instead of running into the bars.
"""

from __future__ import annotations

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.pdfbase.pdfmetrics import stringWidth

from .. import theme
from ..analysis.result import FlowAnalysis
from ..model.units import format_duration
from ..model.value_stream_map import ValueStreamMap
from .pdf_fonts import REGULAR, clean_text, elide, font_runs

ROW_HEIGHT = 26.0
LABEL_WIDTH = 150.0
VALUE_WIDTH = 70.0
TEXT_SIZE = 8.0


def _add_text(
    drawing: Drawing,
    x: float,
    y: float,
    text: str,
    *,
    bold: bool = False,
    anchor: str = "start",
    color: str = theme.INK,
    size: float = TEXT_SIZE,
) -> None:
    runs = font_runs(text, bold)
    width = sum(stringWidth(run, font, size) for font, run in runs)
    if anchor == "end":
        x -= width
    elif anchor == "middle":
        x -= width / 2
    for font, run in runs:
        drawing.add(String(x, y, run, fontName=font, fontSize=size, fillColor=color))
        x += stringWidth(run, font, size)


def lane_time_chart(
    value_stream_map: ValueStreamMap, analysis: FlowAnalysis, width: float
) -> Drawing | None:
    """Horizontal bars per lane: wait (red) above process time (green), sharing one scale."""
    lanes = {lane.id: lane for lane in value_stream_map.lanes}
    rows = []
    for lane_time in analysis.lane_times:
        lane = lanes.get(lane_time.lane_id) if lane_time.lane_id else None
        name = clean_text(lane.name) if lane else "No lane"
        rows.append((name or "Unnamed lane", lane_time.wait_time, lane_time.process_time))
    if not rows:
        return None
    calendar = value_stream_map.calendar
    largest = max(max(wait, process) for _, wait, process in rows) or 1.0
    legend_height = 18.0
    height = ROW_HEIGHT * len(rows) + legend_height + 4
    drawing = Drawing(width, height, initialFontName=REGULAR, initialFontSize=TEXT_SIZE)
    bar_left = LABEL_WIDTH + 8
    bar_room = width - bar_left - VALUE_WIDTH
    drawing.add(
        Line(
            bar_left,
            0,
            bar_left,
            height - legend_height,
            strokeColor=theme.LANE_BORDER,
            strokeWidth=0.8,
        )
    )
    for index, (name, wait, process) in enumerate(rows):
        top = height - legend_height - index * ROW_HEIGHT
        label = elide(name, LABEL_WIDTH, TEXT_SIZE, bold=True)
        _add_text(drawing, LABEL_WIDTH, top - ROW_HEIGHT / 2 - 3, label, bold=True, anchor="end")
        for offset, hours, color in (
            (4, wait, theme.LADDER_WAIT),
            (14, process, theme.LADDER_PROCESS),
        ):
            bar_width = max(0.0, hours / largest * bar_room)
            drawing.add(
                Rect(bar_left, top - offset - 8, bar_width, 8, fillColor=color, strokeColor=None)
            )
            _add_text(
                drawing,
                bar_left + bar_width + 4,
                top - offset - 7,
                format_duration(hours, calendar),
                color=color,
                size=TEXT_SIZE - 0.5,
            )
    legend_y = height - 11
    for x, label, color in (
        (bar_left, "Wait", theme.LADDER_WAIT),
        (bar_left + 60, "Process time", theme.LADDER_PROCESS),
    ):
        drawing.add(Rect(x, legend_y, 9, 7, fillColor=color, strokeColor=None))
        _add_text(drawing, x + 13, legend_y, label, color=theme.INK_MUTED)
    return drawing
