"""The PDF report for leadership: the map with its critical path, the ladder and the figures,
then the steps, where the time goes, kaizen ideas, warnings and definitions.

Built in memory and written with io.atomic_write (temporary file, fsync, replace), so a failed
export never leaves half a report behind and an earlier report stays as it was. Every failure
surfaces as ReportError with a message for the user.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import BinaryIO

from pydantic import ValidationError
from reportlab.lib.pagesizes import A3, A4, letter
from reportlab.lib.pagesizes import landscape as landscape_size
from reportlab.lib.pagesizes import portrait as portrait_size
from reportlab.platypus import Flowable, PageBreak

from ..analysis.constraint import find_constraint
from ..analysis.first_actions import first_actions
from ..analysis.flow import analyze
from ..analysis.improvement_plan import plan_outcome
from ..analysis.monte_carlo import distribution_if_ranged, percentile_sentence
from ..analysis.result import FlowAnalysis
from ..analysis.whatif import rank_what_ifs
from ..io.atomic_write import atomic_write, describe_os_error
from ..io.errors import VsmFileError, from_validation_error
from ..model.elements import MapState
from ..model.value_stream_map import MapStates, ValueStreamMap
from .pdf_advice import advice_section
from .pdf_document import DocumentInfo, PageInfo, build_document, frame_size
from .pdf_fonts import FontError, clean_text, register_fonts
from .pdf_improvement import comparison_pair, comparison_section, plan_section, what_if_section
from .pdf_map_pages import MapPages
from .pdf_outline import Bookmark, with_bookmark
from .pdf_sections import ReportSections
from .pdf_summary import Outlook, TitleBlock, executive_summary

PAGE_SIZES = {"A4": A4, "Letter": letter, "A3": A3}


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


class _ReportBuilder:
    """The report's story: which sections, in which order, with which bookmarks."""

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
        self.frame_width, frame_height = frame_size(page_size)
        # The map pages draw the map re-laid for paper; tables and figures use it as it is.
        self.map_pages = MapPages(value_stream_map, analysis, (self.frame_width, frame_height))
        self.plan_outcome = plan_outcome(value_stream_map, analysis)
        self.ranking = rank_what_ifs(value_stream_map)  # one ranking for every section
        # The constraint with its ties and the what-if's saving (analysis.constraint).
        self.constraint = find_constraint(value_stream_map, analysis, self.ranking)
        # P50/P85 when the map has ranges (analysis/monte_carlo.py), else None; once.
        self.lead_time_spread = distribution_if_ranged(value_stream_map)
        self.sections = ReportSections(value_stream_map, analysis, self.frame_width,
                                       self.constraint)

    def build(self, output: BinaryIO, progress: Callable[[float], None]) -> None:
        info = self.map.info
        title = clean_text(info.title) or "Untitled value stream"
        subtitle_parts = [info.state.label, self.report_date]
        if self.source_name:
            subtitle_parts.append(clean_text(self.source_name))
        page = PageInfo(title, "   ·   ".join(subtitle_parts), self.page_size)
        document = DocumentInfo(
            author=clean_text(info.author) or "VSM Desktop",
            subject=f"Value stream report: {title} ({info.state.label.lower()})",
        )
        build_document(output, self._story(), page, document, progress)

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
        story += with_bookmark("Steps", self.sections.steps())
        story += with_bookmark("Where the time goes", self.sections.time())
        story += with_bookmark(
            "Where the waiting comes from",
            advice_section(self.map, self.analysis, self.frame_width, self.ranking),
        )
        story += with_bookmark(
            "Which change first", what_if_section(self.map, self.frame_width, self.ranking)
        )
        story += with_bookmark(
            "Improvement plan", plan_section(self.map, self.frame_width, self.plan_outcome)
        )
        story += with_bookmark("Warnings", self.sections.warnings())
        story += with_bookmark("Definitions", self.sections.definitions())
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
                    # As typed: the bar's label is made display text as a whole.
                    title = state.info.title if clean_text(state.info.title) else "Untitled"
                    outlook.append(Outlook(f"Future state: {title}", analyze(state).lead_time))
        return outlook
