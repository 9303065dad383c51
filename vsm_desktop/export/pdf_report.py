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
from ..analysis.first_actions import first_actions
from ..analysis.flow import analyze
from ..analysis.improvement_plan import plan_outcome
from ..analysis.monte_carlo import distribution_if_ranged, percentile_sentence
from ..analysis.result import FlowAnalysis, Severity
from ..analysis.whatif import rank_what_ifs
from ..io.atomic_write import atomic_write, describe_os_error
from ..io.errors import VsmFileError, from_validation_error
from ..model.elements import ElementKind, MapState
from ..model.units import format_duration
from ..model.value_stream_map import MapStates, ValueStreamMap
from .pdf_advice import advice_section
from .pdf_charts import lane_time_chart
from .pdf_fonts import (
    BOLD,
    REGULAR,
    FontError,
    clean_text,
    draw_text,
    elide,
    markup,
    register_fonts,
    rl_color,
)
from .pdf_improvement import comparison_pair, comparison_section, plan_section, what_if_section
from .pdf_ladder import critical_rungs
from .pdf_map_pages import MapPages
from .pdf_outline import Bookmark, with_bookmark
from .pdf_summary import Outlook, TitleBlock, executive_summary
from .pdf_tables import header_row as _header_row
from .pdf_tables import paragraph as _p
from .pdf_tables import style as _style
from .pdf_tables import table as _table
from .printed_figures import flow_efficiency_text, percent_parts

PAGE_SIZES = {"A4": A4, "Letter": letter, "A3": A3}
MARGIN = 28.0
HEADER_HEIGHT = 18.0
FOOTER_HEIGHT = 16.0


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
        self._held_bookmarks: list[list[str]] = [[]]  # per held page

    def showPage(self) -> None:  # noqa: N802 - ReportLab's name
        self._held_pages.append(dict(self.__dict__))
        self._held_bookmarks.append([])
        self._startPage()

    def bookmarkPage(self, key, **options):  # noqa: N802 - ReportLab's name
        """Held until the page is really added, or the bookmark would point at page 1."""
        self._held_bookmarks[-1].append(key)

    def save(self) -> None:
        total = len(self._held_pages)
        for number, state in enumerate(self._held_pages, start=1):
            self.__dict__.update(state)
            self._draw_furniture(number, total)
            for key in self._held_bookmarks[number - 1]:
                super().bookmarkPage(key)
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
        # The map pages draw the map re-laid for paper; tables and figures use it as it is.
        frame = (self.frame_width, self.frame_height)
        self.map_pages = MapPages(value_stream_map, analysis, frame)
        self.plan_outcome = plan_outcome(value_stream_map, analysis)
        self.ranking = rank_what_ifs(value_stream_map)  # one ranking for every section

    def duration(self, hours: float | None) -> str:
        return format_duration(hours, self.map.calendar)

    # ----------------------------------------------------------------- plan

    @cached_property
    def constraint(self):
        """The constraint with its ties and the what-if's saving (analysis.constraint)."""
        return find_constraint(self.map, self.analysis, self.ranking)

    @cached_property
    def lead_time_spread(self):
        """P50/P85 when the map has ranges (analysis/monte_carlo.py), else None; once."""
        return distribution_if_ranged(self.map)

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
            lang="en",  # the report's own words; screen readers pick the voice from it
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
        story: list[Flowable] = [
            Bookmark("Summary"),
            TitleBlock(self.map, self.report_date, self.source_name, self.frame_width),
            *executive_summary(
                self.map,
                self.analysis,
                actions=first_actions(
                    self.map, self.analysis, plan=self.plan_outcome, ranking=self.ranking
                ),
                outlook=self._outlook(),
                notes=self._summary_notes(),
                spread=self.lead_time_spread,
                width=self.frame_width,
                landscape=self.landscape,
            ),
            PageBreak(),
            Bookmark("The map"),
            self.map_pages.map_page(),
        ]
        count = len(self.map_pages.plan.tiles)
        for number in range(1, count + 1):
            story += [
                PageBreak(),
                Bookmark(f"Section {number} of {count}", level=1),
                self.map_pages.tile_page(number),
            ]
        pair = comparison_pair(self.map, self.states)
        if pair is not None:
            story += with_bookmark("Current vs future state", comparison_section(
                pair, self.frame_width, self.landscape))  # fmt: skip
        story += [PageBreak()]
        story += with_bookmark("Steps", self._steps_section())
        story += with_bookmark("Where the time goes", self._time_section())
        story += with_bookmark(
            "Where the waiting comes from",
            advice_section(self.map, self.analysis, self.frame_width),
        )
        story += with_bookmark("Which change first", what_if_section(self.map, self.frame_width))
        story += with_bookmark(
            "Improvement plan", plan_section(self.map, self.frame_width, self.plan_outcome)
        )
        story += with_bookmark("Warnings", self._warnings_section())
        story += with_bookmark("Definitions", self._definitions_section())
        return story

    def _summary_notes(self) -> list[str]:
        """The constraint (with its ties and its real saving) and, when the map carries
        ranges, how long most requests take: the sentences the analysis words itself."""
        notes = []
        constraint = self.constraint
        if constraint is not None:
            explanation = constraint.explanation(self.map.calendar)
            named = "" if constraint.is_tie else f"{constraint.names_text()}. "  # ties name all
            notes.append(f"Constraint: {named}{explanation}")
        distribution = self.lead_time_spread
        if distribution is not None:
            notes.append(
                "With the ranges entered: "
                + percentile_sentence(distribution, self.map.calendar)
            )
        return notes

    def _outlook(self) -> list[Outlook]:
        """Today, with the planned ideas landed, and each future state in the file."""
        outlook = [Outlook("Today", self.analysis.lead_time)]
        count = len(self.plan_outcome.ideas)
        if count:
            noun = "idea lands" if count == 1 else "ideas land"
            outlook.append(
                Outlook(f"If the {count} planned {noun}", self.plan_outcome.lead_time_planned)
            )
        if self.states is not None:
            for state in self.states.maps:
                if state.info.state is MapState.FUTURE and state.id != self.map.id:
                    title = clean_text(state.info.title) or "Untitled"
                    outlook.append(Outlook(f"Future state: {title}", analyze(state).lead_time))
        return outlook

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
        # Whole percents rounded together, so the column adds up to 100% of the lead time.
        percents = dict(zip(contributions, percent_parts(list(contributions.values())),
                            strict=True))  # fmt: skip
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
                percent = f" ({percents[element.id]})" if lead_time else ""
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
                # Figures and labels of our own are plain strings (one line, no markup): a
                # Paragraph each cost a third of a 1,000-element report's time.
                self.duration(element.process_time) if is_work else "",
                self.duration(element.wait_time),
                share,
                "–" if element.pca is None else f"{element.pca:g}%",
                "–" if element.people is None else str(element.people),
                _p(element.value_category.label if is_work else "", "cell"),  # may wrap
                element.automation.label if is_work else "",
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
        steps = _table(rows, widths)
        steps.setStyle(TableStyle([
            ("FONTSIZE", (2, 1), (8, -1), 7.5),  # the Paragraph in column 7 keeps its own
            ("LEADING", (2, 1), (8, -1), 9.5),
            ("TEXTCOLOR", (2, 1), (8, -1), rl_color(theme.INK)),
            ("ALIGN", (2, 1), (6, -1), "RIGHT"),
        ]))  # fmt: skip
        return [_p("Steps", "h1"), _p(intro, "muted"), Spacer(1, 6), steps]

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
                f"({flow_efficiency_text(analysis.flow_efficiency)}); it waits the rest."
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
