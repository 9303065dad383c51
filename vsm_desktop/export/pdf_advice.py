"""The report's "Where the waiting comes from" section: waits by cause, the constraint with its
ties, value-adding efficiency, spans and the delivery figures against DORA's levels.

Every figure comes from analysis.stream_figures, the same value the metrics panel and
`analyze --json` show; map text (span names, element names) is escaped by paragraph().
"""

from __future__ import annotations

from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer

from ..analysis.delivery import DORA_LEVELS, DORA_SOURCE
from ..analysis.result import FlowAnalysis
from ..analysis.stream_figures import StreamFigures, stream_figures
from ..analysis.stream_text import cause_rows, share_text
from ..analysis.whatif import WhatIf, rank_what_ifs
from ..model.calendar import WorkCalendar
from ..model.units import format_duration
from ..model.value_stream_map import ValueStreamMap
from .pdf_tables import header_row, paragraph, table
from .printed_figures import flow_efficiency_text

MAX_WIDTH = 640


def advice_section(
    value_stream_map: ValueStreamMap, analysis: FlowAnalysis, frame_width: float,
    ranking: list[WhatIf] | None = None,
) -> list[Flowable]:
    """ranking: the map's what-if ranking when the caller has it (the report makes one)."""
    if ranking is None:
        ranking = rank_what_ifs(value_stream_map)
    figures = stream_figures(value_stream_map, analysis, ranking)
    calendar = value_stream_map.calendar
    width = min(frame_width, MAX_WIDTH)
    story: list[Flowable] = [CondPageBreak(160)]
    story += _causes(figures, analysis, calendar, width)
    story += _constraint_and_efficiency(figures, analysis, calendar)
    story += _spans(figures, calendar, width)
    story += _delivery(figures, width)
    return story


def _causes(figures: StreamFigures, analysis: FlowAnalysis, calendar: WorkCalendar,
            width: float) -> list[Flowable]:
    heading = paragraph("Where the waiting comes from", "h1")
    rows = cause_rows(figures)
    if not rows:
        return [heading, paragraph("No waits have been entered.", "muted")]
    intro = (
        f"All waiting in the map, {format_duration(analysis.total_wait, calendar)}, by the cause "
        "entered on each wait and handover delay, and the critical path's wait time, "
        f"{format_duration(analysis.wait_time, calendar)}, by the same causes."
        if analysis.wait_time is not None else
        f"All waiting in the map, {format_duration(analysis.total_wait, calendar)}, by the cause "
        "entered on each wait and handover delay. The critical path is unknown until a flow "
        "joins the customer request to value realised."
    )
    if not figures.wait_by_cause.has_causes:
        intro += " No wait names its cause yet: choose one per wait in the inspector."
    table_rows = [header_row(["Cause", "Whole map", "Share", "Critical path"], {1, 2, 3})]
    for row in rows:
        table_rows.append([
            paragraph(row.label, "cell_bold", bold=True),
            paragraph(format_duration(row.whole_map, calendar), "cell_right"),
            paragraph(share_text(row.share), "cell_right"),
            paragraph(format_duration(row.critical_path, calendar), "cell_right"),
        ])
    table_rows.append([
        paragraph("All waiting", "cell_bold", bold=True),
        paragraph(format_duration(sum(r.whole_map for r in rows), calendar), "cell_right"),
        paragraph("100%", "cell_right"),
        paragraph(format_duration(sum(r.critical_path for r in rows), calendar), "cell_right"),
    ])
    widths = [width * f for f in (0.46, 0.18, 0.14, 0.22)]
    return [KeepTogether([heading, paragraph(intro, "muted"), Spacer(1, 4),
                          table(table_rows, widths)]), Spacer(1, 6)]


def _constraint_and_efficiency(figures: StreamFigures, analysis: FlowAnalysis,
                               calendar: WorkCalendar) -> list[Flowable]:
    lines = []
    constraint = figures.constraint
    if constraint is not None:
        lines.append(paragraph(
            f"Constraint: {constraint.names_text()}. {constraint.explanation(calendar)}", "body"))
    flow = flow_efficiency_text(analysis.flow_efficiency)  # the report's one format
    value_adding = flow_efficiency_text(figures.value_adding_efficiency)
    lines.append(paragraph(
        f"Flow efficiency {flow}; value-adding efficiency "
        f"{value_adding}, counting only the process time of "
        "value-adding steps and approvals on the critical path "
        f"({format_duration(figures.value_adding_process_time, calendar)}).", "body"))
    return [*lines, Spacer(1, 4)]


def _spans(figures: StreamFigures, calendar: WorkCalendar, width: float) -> list[Flowable]:
    if not figures.spans:
        return []
    rows = [header_row(["Span", "From (done)", "To (done)", "Time"], {3})]
    for span in figures.spans:
        time = format_duration(span.hours, calendar) if span.hours is not None else span.problem
        rows.append([
            paragraph(span.name, "cell_bold", bold=True),
            paragraph(span.from_name or "–", "cell"),
            paragraph(span.to_name or "–", "cell"),
            paragraph(time, "cell_right" if span.hours is not None else "cell"),
        ])
    widths = [width * f for f in (0.28, 0.27, 0.27, 0.18)]
    return [KeepTogether([paragraph("Spans", "h2"), table(rows, widths)]), Spacer(1, 6)]


def _delivery(figures: StreamFigures, width: float) -> list[Flowable]:
    heading = paragraph("Delivery figures", "h2")
    story: list[Flowable] = []
    if figures.delivery_readings:
        rows = [header_row(["Figure", "Value", "DORA level reached"], {1})]
        for reading in figures.delivery_readings:
            rows.append([
                paragraph(reading.label, "cell_bold", bold=True),
                paragraph(reading.text, "cell_right"),
                paragraph(reading.level, "cell"),
            ])
        story.append(table(rows, [width * f for f in (0.4, 0.25, 0.35)]))
    else:
        story.append(paragraph(
            "No delivery figures entered: change failure rate, time to recover and deployment "
            "frequency go in the map's properties.", "muted"))
    reference = [header_row(["Level", "Deployment frequency", "Lead time for changes",
                             "Change failure rate", "Time to recover"])]
    for level in DORA_LEVELS:
        reference.append([paragraph(level.name, "cell_bold", bold=True),
                          paragraph(level.deployment_frequency, "cell"),
                          paragraph(level.lead_time, "cell"),
                          paragraph(level.change_failure_rate, "cell"),
                          paragraph(level.recovery_time, "cell")])
    note = (f"Reference: {DORA_SOURCE}. A figure reaches the best level whose threshold it "
            "meets; the levels are re-derived from each year's survey, so read them as a "
            "reference, not a target. Time to recover is clock time.")
    return [KeepTogether([heading, *story, Spacer(1, 6),
                          table(reference, [width * f for f in (0.1, 0.24, 0.22, 0.18, 0.26)]),
                          Spacer(1, 2), paragraph(note, "muted")])]
