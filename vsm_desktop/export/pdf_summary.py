"""Page 1 of the report: the executive summary leadership acts on.

One headline sentence, the key figures with the calendar they are counted in, the lead time if
the planned ideas land and in each future state, the three actions with the largest safe gain
(analysis.first_actions) and the lead-time ladder with its steps named. No map: the map has its
own pages. Everything here is a ReportLab flowable, so text wraps instead of overlapping.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from .. import theme
from ..analysis.first_actions import FirstAction
from ..analysis.formatting import LEAD_TIME_UNKNOWN_REASON, lead_time_text
from ..analysis.monte_carlo import LeadTimeDistribution
from ..analysis.result import FlowAnalysis
from ..drawing.ladder import Rung, critical_rungs
from ..model.calendar import WorkCalendar
from ..model.elements import ElementKind
from ..model.units import format_duration
from ..model.value_stream_map import ValueStreamMap
from .pdf_fonts import (
    BOLD,
    REGULAR,
    clean_text,
    draw_text,
    elide,
    fit_text,
    markup,
    rl_color,
    text_width,
)
from .pdf_tables import header_row, paragraph, percent_text, shown_paragraph, style, table
from .printed_figures import (
    calendar_note,
    duration_in_words,
    duration_parts,
    flow_efficiency_text,
    percent_parts,
)

HEADLINE = style("headline", fontSize=15, leading=19.5, textColor=theme.INK)
FIGURE_LABEL = style("figure_label", fontSize=7.5, leading=9, textColor=theme.INK_MUTED)
LADDER_ROWS = 16  # more rungs than this: the largest are shown, the rest summed in one row
_EPSILON = 1e-9
_NUMBER_WORDS = {1: "one", 2: "two", 3: "three"}


@dataclass(frozen=True)
class Outlook:
    """One bar of "lead time if ...": a label and the lead time in working hours."""

    label: str  # map text as typed in it: cleaned where it is drawn
    hours: float | None  # None: unknown (the flow does not join start to end)


# --------------------------------------------------------------------- the words


def headline(value_stream_map: ValueStreamMap, analysis: FlowAnalysis) -> str:
    """How long end to end, how much of it waiting, where most of the waiting sits."""
    calendar = value_stream_map.calendar
    lead_time, process_time, wait_time = (analysis.lead_time, analysis.process_time,
                                          analysis.wait_time)  # fmt: skip
    if lead_time is None or process_time is None or wait_time is None:  # known together
        return (
            f"How long a request takes is unknown: {LEAD_TIME_UNKNOWN_REASON}. The Warnings "
            "section names the problem to fix first."
        )
    if lead_time <= _EPSILON:
        return (
            "The map has no timed flow yet: enter process and wait times on its steps to see "
            "how long a request takes from start to finish."
        )
    took = duration_in_words(lead_time, calendar)
    opening = f"A request takes {took} from start to finish"
    if wait_time <= _EPSILON:
        return f"{opening}, and none of it is spent waiting."
    _, waiting = percent_parts([process_time, wait_time])
    sentence = f"{opening}; {waiting} of that time it is waiting"
    top = largest_waits(value_stream_map, analysis)
    if not top:
        return sentence + "."
    share = sum(rung.wait for rung in top) / wait_time
    # Map text as typed: the sentence is made display text once, as a whole (markup), so a
    # right-to-left name is laid out inside our left-to-right sentence.
    names = [rung.element.display_name for rung in top]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    if len(top) == 1:
        return f"{sentence}, {share:.0%} of the waiting at {listed}."
    places = f"{_NUMBER_WORDS[len(top)]} places"
    return f"{sentence}, and {share:.0%} of the waiting sits in {places}: {listed}."


def largest_waits(
    value_stream_map: ValueStreamMap, analysis: FlowAnalysis, count: int = 3
) -> list[Rung]:
    """The critical path's largest waits (handover delays included), largest first."""
    rungs = [r for r in critical_rungs(value_stream_map, analysis) if r.wait > _EPSILON]
    return sorted(rungs, key=lambda rung: -rung.wait)[:count]


# --------------------------------------------------------------------- the flowables


def executive_summary(
    value_stream_map: ValueStreamMap,
    analysis: FlowAnalysis,
    *,
    actions: list[FirstAction],
    outlook: list[Outlook],
    width: float,
    landscape: bool,
    notes: Sequence[str] = (),
    spread: LeadTimeDistribution | None = None,
) -> list[Flowable]:
    """notes: further sentences from the analysis under the figures (constraint, percentiles)."""
    calendar = value_stream_map.calendar
    story: list[Flowable] = [
        Paragraph(markup(headline(value_stream_map, analysis)), HEADLINE),
        Spacer(1, 8),
        _key_figures(value_stream_map, analysis, width, spread),
        Spacer(1, 2),
        paragraph(calendar_note(calendar), "muted"),
    ]
    story += [paragraph(note, "body") for note in notes]
    if analysis.has_problems:
        story.append(
            paragraph("Some figures are unreliable: the Warnings section says why.", "warning")
        )
    story.append(Spacer(1, 10))
    column_gap = 22.0
    left_width = (width - column_gap) * 0.55 if landscape else width
    right_width = width - left_width - column_gap if landscape else width
    left = [
        paragraph("What to do first", "h2"),
        _actions_table(actions, calendar, left_width),
        paragraph("Lead time if the changes land", "h2"),
        *_outlook_flowables(outlook, analysis, calendar, left_width),
    ]
    right = [
        paragraph("Where the lead time goes (critical path)", "h2"),
        NamedLadder(value_stream_map, analysis, right_width),
    ]
    if not landscape:
        return story + left + right
    columns = Table(
        [[left, right]], colWidths=[left_width + column_gap, right_width], hAlign="LEFT"
    )
    columns.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), REGULAR),  # else ReportLab embeds Helvetica
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return story + [columns]


def _key_figures(value_stream_map: ValueStreamMap, analysis: FlowAnalysis, width: float,
                 spread: LeadTimeDistribution | None = None) -> Table:  # fmt: skip
    """spread: the lead-time distribution when the map's times are ranges (P50, P85)."""
    calendar = value_stream_map.calendar
    lead_time, process_time, wait_time = (analysis.lead_time, analysis.process_time,
                                          analysis.wait_time)  # fmt: skip
    if lead_time is None or process_time is None or wait_time is None:  # known together
        lead = lead_time_text(None, calendar)
        work, wait = (format_duration(h, calendar) for h in (process_time, wait_time))
    else:
        lead, (work, wait) = duration_parts(lead_time, [process_time, wait_time], calendar)
    figures = [
        ("Lead time", lead, theme.INK),
        ("of which work", work, theme.LADDER_PROCESS),
        ("of which waiting", wait, theme.LADDER_WAIT),
        ("Flow efficiency", flow_efficiency_text(analysis.flow_efficiency), theme.INK),
        ("Rolled %C&A", percent_text(analysis.rolled_pca), theme.INK),
        ("Handovers on the critical path", f"{analysis.handovers_on_critical_path}", theme.INK),
    ]
    extra = []  # after the parts of the lead time, so work + waiting read beside it
    if analysis.rework_loops:
        extra.append(("With expected rework",
                      format_duration(analysis.expected_lead_time, calendar), theme.REWORK_ARROW))
    if spread is not None:
        extra += [
            ("P50 lead time", format_duration(spread.p50, calendar), theme.INK),
            ("P85 lead time", format_duration(spread.p85, calendar), theme.INK),
        ]
    figures[3:3] = extra
    # As many per row as keep each value on one line at 12 pt or more; the rest wrap to a row.
    per_row = len(figures)
    while per_row > 3 and width / per_row < 84:
        per_row = math.ceil(per_row / 2)
    cell_width = width / per_row
    widest = max(text_width(value, 15, bold=True) for _, value, _ in figures)
    size = max(10.0, min(15.0, 15 * (cell_width - 14) / widest))  # values stay on one line
    cells: list[object] = []
    for label, value, colour in figures:
        value_style = style(
            f"figure_{colour}_{size:.1f}", fontName=BOLD, fontSize=size, leading=size * 1.2,
            textColor=colour,
        )
        cells.append([Paragraph(markup(label), FIGURE_LABEL), paragraph_in(value, value_style)])
    rows = [cells[index : index + per_row] for index in range(0, len(cells), per_row)]
    rows[-1] += [""] * (per_row - len(rows[-1]))
    figures_table = Table(rows, colWidths=[cell_width] * per_row, hAlign="LEFT")
    figures_table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), REGULAR),
                ("BACKGROUND", (0, 0), (-1, -1), rl_color(theme.CANVAS_BACKGROUND)),
                ("BOX", (0, 0), (-1, -1), 0.6, rl_color(theme.LANE_BORDER)),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 9),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
            ]
        )
    )
    return figures_table


def paragraph_in(text: str, paragraph_style: ParagraphStyle) -> Paragraph:
    return Paragraph(markup(text, bold=True), paragraph_style)


def _actions_table(actions: list[FirstAction], calendar: WorkCalendar, width: float
                   ) -> Flowable:
    if not actions:
        return paragraph(
            "No change shortens the lead time yet: the map needs times on its critical path.",
            "muted",
        )
    rows = [header_row(["#", "Action", "Saves", "Owner", "Status"], {2})]
    for rank, action in enumerate(actions, start=1):
        what = f"<b>{markup(action.action, bold=True)}</b>"
        if clean_text(action.element_name) not in clean_text(action.action):
            what += f'<br/><font color="{theme.INK_MUTED}">at {markup(action.element_name)}</font>'
        rows.append(
            [
                paragraph(str(rank), "cell"),
                Paragraph(what, style("action", fontSize=8, leading=10)),
                paragraph(f"−{format_duration(action.gain, calendar)}", "cell_right_bold"),
                shown_paragraph(clean_text(action.owner) or "no owner yet", "cell"),
                paragraph(action.status, "cell"),
            ]
        )
    fractions = (0.05, 0.47, 0.13, 0.19, 0.16)
    return table(rows, [width * f for f in fractions])


# The findings that say why today's lead time is unknown or rests on guesses, in the analysis's
# own words (each names a few elements at most).
_WHY_UNKNOWN = ("dead_end", "unreachable", "missing_process_time", "missing_wait_time")


def _outlook_flowables(outlook: list[Outlook], analysis: FlowAnalysis, calendar: WorkCalendar,
                       width: float) -> list[Flowable]:  # fmt: skip
    """The bars, or why there are none: without today's lead time nothing can be compared."""
    if not outlook or outlook[0].hours is None:
        reasons = [f.message for f in analysis.findings if f.code in _WHY_UNKNOWN]
        opening = f"Cannot be shown: today's lead time is unknown ({LEAD_TIME_UNKNOWN_REASON})."
        why = " ".join([opening, *reasons])
        return [paragraph(why, "muted")]
    flowables: list[Flowable] = [OutlookBars(outlook, calendar, width)]
    unknown = [item.label for item in outlook if item.hours is None]
    if unknown:
        flowables.append(paragraph(f"Lead time unknown, no bar: {', '.join(unknown)}.", "muted"))
    return flowables


class OutlookBars(Flowable):
    """Today's lead time against the lead time if the plan lands and in each future state."""

    ROW = 17.0

    def __init__(self, outlook: list[Outlook], calendar: WorkCalendar, width: float) -> None:
        super().__init__()
        # Unknown lead times have no bar.
        self.bars = [(item.label, item.hours) for item in outlook if item.hours is not None]
        self.calendar = calendar
        self.width = width
        self.height = self.ROW * len(self.bars) + 4

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        if not self.bars:
            return
        label_width = min(self.width * 0.42, 190.0)
        value_width = 96.0
        bar_room = self.width - label_width - value_width - 8
        longest = max(hours for _, hours in self.bars) or 1.0
        today = self.bars[0][1]
        for index, (text, hours) in enumerate(self.bars):
            y = self.height - self.ROW * (index + 1)
            label = elide(clean_text(text), label_width - 6, 7.5, bold=index == 0)
            draw_text(canvas, 0, y + 5, label, 7.5, bold=index == 0, color=theme.INK)
            length = max(1.0, bar_room * hours / longest)
            colour = theme.INK_MUTED if index == 0 else theme.LADDER_PROCESS
            canvas.setFillColor(rl_color(colour))
            canvas.rect(label_width, y + 3, length, 9, stroke=0, fill=1)
            value = format_duration(hours, self.calendar)
            if index and today > _EPSILON:
                change = (hours - today) / today
                value += f"  ({change:+.0%})".replace("-", "−")
            draw_text(canvas, label_width + length + 5, y + 5, value, 7.5, bold=True,
                      color=theme.INK)  # fmt: skip


class NamedLadder(Flowable):
    """The lead-time ladder as one row per element on the critical path: its name, its wait
    (red) and work (green) placed on one time axis, and its share of the lead time, apportioned
    so the column adds up to the lead time printed beneath it."""

    ROW = 12.0
    SIZE = 7.0

    def __init__(self, value_stream_map: ValueStreamMap, analysis: FlowAnalysis,
                 width: float) -> None:
        super().__init__()
        self.calendar = value_stream_map.calendar
        self.analysis = analysis
        self.width = width
        rungs = [
            r
            for r in critical_rungs(value_stream_map, analysis)
            if r.wait + r.process > _EPSILON
            or r.element.kind not in (ElementKind.START, ElementKind.END)
        ]
        starts: list[float] = []
        clock = 0.0
        for rung in rungs:
            starts.append(clock)
            clock += rung.wait + rung.process
        self.total = clock
        shown = list(range(len(rungs)))
        if len(rungs) > LADDER_ROWS:  # keep the largest in path order, sum the rest
            largest = sorted(shown, key=lambda i: -(rungs[i].wait + rungs[i].process))
            shown = sorted(largest[: LADDER_ROWS - 1])
        self.rows = [(rungs[i], starts[i]) for i in shown]
        rest = [rungs[i] for i in range(len(rungs)) if i not in set(shown)]
        self.rest_count = len(rest)
        self.rest_hours = sum(r.wait + r.process for r in rest)
        parts = [r.wait + r.process for r, _ in self.rows]
        if rest:
            parts.append(self.rest_hours)
        self.lead_text, self.part_texts = duration_parts(self.total, parts, self.calendar)
        lines = len(self.rows) + (1 if rest else 0) + 2  # + total and the key
        self.height = self.ROW * lines + 4

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas, size = self.canv, self.SIZE
        if self.total <= _EPSILON:
            draw_text(canvas, 0, self.height - 10, "No timed steps on the critical path yet.",
                      size, color=theme.INK_MUTED)  # fmt: skip
            return
        name_width = self.width * 0.38
        value_width = 44.0
        axis_left = name_width + 6
        axis_width = self.width - axis_left - value_width - 6
        per_hour = axis_width / self.total
        top = self.height
        for index, (rung, start) in enumerate(self.rows):
            y = top - self.ROW * (index + 1)
            if index % 2 == 0:
                canvas.setFillColor(rl_color(theme.LANE_FILL_ODD))
                canvas.rect(0, y - 1, self.width, self.ROW, stroke=0, fill=1)
            name = elide(clean_text(rung.element.display_name), name_width, size)
            draw_text(canvas, 0, y + 2.5, name, size, color=theme.INK)
            x = axis_left + start * per_hour
            for hours, colour in ((rung.wait, theme.LADDER_WAIT), (rung.process,
                                                                    theme.LADDER_PROCESS)):
                if hours > _EPSILON:
                    canvas.setFillColor(rl_color(colour))
                    canvas.rect(x, y + 1.5, max(0.8, hours * per_hour), self.ROW - 5, 0, 1)
                    x += hours * per_hour
            draw_text(canvas, self.width, y + 2.5, self.part_texts[index], size, bold=True,
                      anchor="end", color=theme.INK)  # fmt: skip
        line = len(self.rows)
        if self.rest_count:
            y = top - self.ROW * (line + 1)
            text = f"{self.rest_count} shorter steps on the path"
            draw_text(canvas, 0, y + 2.5, elide(text, name_width, size), size,
                      color=theme.INK_MUTED)  # fmt: skip
            draw_text(canvas, self.width, y + 2.5, self.part_texts[-1], size, bold=True,
                      anchor="end", color=theme.INK_MUTED)  # fmt: skip
            line += 1
        y = top - self.ROW * (line + 1)
        canvas.setStrokeColor(rl_color(theme.INK_MUTED))
        canvas.setLineWidth(0.6)
        canvas.line(0, y + self.ROW - 1, self.width, y + self.ROW - 1)
        draw_text(canvas, 0, y + 2, "Lead time", size + 0.5, bold=True, color=theme.INK)
        draw_text(canvas, self.width, y + 2, self.lead_text, size + 0.5, bold=True,
                  anchor="end", color=theme.INK)  # fmt: skip
        self._draw_key(top - self.ROW * (line + 2) + 1, axis_left)

    def _draw_key(self, y: float, left: float) -> None:
        canvas, size = self.canv, self.SIZE - 0.5
        x = left
        for colour, label in ((theme.LADDER_WAIT, "waiting"), (theme.LADDER_PROCESS, "work")):
            canvas.setFillColor(rl_color(colour))
            canvas.rect(x, y + 1, 8, 5, stroke=0, fill=1)
            x += 11 + draw_text(canvas, x + 11, y + 1, label, size, color=theme.INK_MUTED) + 10


class TitleBlock(Flowable):
    """The map's title, its state as a badge and one line of facts (author, date, file)."""

    HEIGHT = 40.0

    def __init__(self, value_stream_map: ValueStreamMap, report_date: str,
                 source_name: str | None, width: float) -> None:  # fmt: skip
        super().__init__()
        self.map, self.report_date, self.source_name = value_stream_map, report_date, source_name
        self.width, self.height = width, self.HEIGHT

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas, info = self.canv, self.map.info
        top = self.height
        title = clean_text(info.title) or "Untitled value stream"
        fitted = fit_text(title, self.width - 150, 24, size=19, min_size=12, bold=True,
                          max_lines=1)  # fmt: skip
        draw_text(canvas, 0, top - 18, fitted.lines[0], fitted.size, bold=True, color=theme.INK)
        state = info.state.label
        badge_width = text_width(state, 8.5, bold=True) + 14
        future = info.state.value == "future"
        canvas.setFillColor(
            rl_color(theme.KIND_BORDER[ElementKind.END if future else ElementKind.START])
        )
        canvas.roundRect(self.width - badge_width, top - 20, badge_width, 15, 4, stroke=0, fill=1)
        draw_text(canvas, self.width - badge_width / 2, top - 16, state, 8.5, bold=True,
                  anchor="middle", color="#FFFFFF")  # fmt: skip
        facts = [
            f"Author: {clean_text(info.author)}" if info.author.strip() else "",
            f"Report date: {self.report_date}",
            f"File: {clean_text(self.source_name)}" if self.source_name else "",
            clean_text(info.description),
        ]
        line = "   ·   ".join(fact for fact in facts if fact)
        draw_text(canvas, 0, top - 33, elide(line, self.width, 8), 8, color=theme.INK_MUTED)
