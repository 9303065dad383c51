"""The report's table sections: every step with its share of the lead time, where the time
goes (findings, the lane chart, the largest waits), the analysis's warnings and the
definitions of the figures."""

from __future__ import annotations

import math

from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from .. import theme
from ..analysis.constraint import Constraint
from ..analysis.definitions import DEFINITIONS
from ..analysis.result import FlowAnalysis, Severity
from ..drawing.ladder import critical_rungs
from ..model.elements import Element, ElementKind
from ..model.units import format_duration, format_percent
from ..model.value_stream_map import ValueStreamMap
from .pdf_charts import lane_time_chart
from .pdf_fonts import BOLD, REGULAR, clean_text, markup, rl_color
from .pdf_tables import cell as _cell
from .pdf_tables import header_row as _header_row
from .pdf_tables import paragraph as _p
from .pdf_tables import style as _style
from .pdf_tables import table as _table
from .printed_figures import flow_efficiency_text, percent_parts

Wait = tuple[str, str, float, bool]  # where, lane, hours, on the critical path


class ReportSections:
    """The sections of one report, each a list of flowables as wide as the frame."""

    def __init__(self, value_stream_map: ValueStreamMap, analysis: FlowAnalysis,
                 frame_width: float, constraint: Constraint | None) -> None:
        self.map = value_stream_map
        self.analysis = analysis
        self.frame_width = frame_width
        self.constraint = constraint
        self.elements = {element.id: element for element in value_stream_map.elements}
        self.lanes = {lane.id: lane for lane in value_stream_map.lanes}

    def duration(self, hours: float | None) -> str:
        return format_duration(hours, self.map.calendar)

    def lane_name(self, lane_id: str | None) -> str:
        """As typed (display text is made where it is shown, once)."""
        lane = self.lanes.get(lane_id or "")
        return (lane.name if clean_text(lane.name) else "Unnamed lane") if lane else "–"

    def _flow_elements(self) -> list[Element]:
        """Steps, approvals and queues in the order work reaches them."""
        kinds = (ElementKind.STEP, ElementKind.APPROVAL, ElementKind.QUEUE)
        elements = [e for e in self.map.elements if e.kind in kinds]
        timings = self.analysis.timings

        def order(element: Element) -> tuple[float, float, float]:
            timing = timings.get(element.id)
            start = timing.earliest_start if timing else math.inf
            return (start, element.x, element.y)

        return sorted(elements, key=order)

    def steps(self) -> list[Flowable]:
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
        fractions = [0.17, 0.11, 0.075, 0.065, 0.1, 0.06, 0.065, 0.13, 0.1, 0.125]
        widths = [self.frame_width * f for f in fractions]
        # Room for text in each column: the table's left and right padding (3 each) taken off.
        room = [width - 6 for width in widths]
        critical_rows = []
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
            on_critical_path = slack is not None and slack <= 1e-9
            if on_critical_path:
                critical_rows.append(len(rows))
            # Display text, as the cells take it: a right-to-left name is reordered once,
            # before the kind is added after it.
            name = clean_text(element.display_name)
            if element.kind is not ElementKind.STEP:
                name = f"{name} ({element.kind.label.lower()})"
            is_work = element.kind.does_work
            cells = [
                # Texts that fit on one line are plain strings, figures and labels of our own
                # always: a Paragraph each cost a third of a 1,000-element report's time.
                _cell(name, "cell_bold", room[0], bold=True),
                _cell(clean_text(self.lane_name(element.lane_id)), "cell", room[1]),
                self.duration(element.process_time) if is_work else "",
                self.duration(element.wait_time),
                share,
                format_percent(element.pca, missing="–"),
                "–" if element.people is None else str(element.people),
                _cell(element.value_category.label if is_work else "", "cell", room[7]),
                element.automation.label if is_work else "",
                _cell(critical, "cell_critical" if on_critical_path else "cell", room[9]),
            ]
            rows.append(cells)
        intro = (
            "Every step, approval and queue in the order work reaches it. Lead-time share is "
            "the wait (with the handover delay into it) plus the process time of elements on "
            "the critical path; off the path, slack says how long an element can slip before "
            "the lead time grows."
        )
        if len(rows) == 1:
            return [_p("Steps", "h1"), _p("The map has no steps yet.", "muted")]
        steps = _table(rows, widths)
        # The plain strings in the styles of the Paragraphs they stand for (pdf_tables.cell).
        critical_colour = rl_color(theme.CRITICAL_PATH)
        steps.setStyle(TableStyle([
            ("FONTSIZE", (0, 1), (-1, -1), 7.5),
            ("LEADING", (0, 1), (-1, -1), 9.5),
            ("TEXTCOLOR", (0, 1), (-1, -1), rl_color(theme.INK)),
            ("FONT", (0, 1), (0, -1), BOLD, 7.5, 9.5),
            ("ALIGN", (2, 1), (6, -1), "RIGHT"),
            *[("TEXTCOLOR", (9, row), (9, row), critical_colour) for row in critical_rows],
        ]))  # fmt: skip
        return [_p("Steps", "h1"), _p(intro, "muted"), Spacer(1, 6), steps]

    def time(self) -> list[Flowable]:
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
                f"The constraint is {constraint.names_text()}. "
                + constraint.explanation(self.map.calendar)
            )
        return " ".join(sentences)

    def _largest_waits(self) -> list[Wait]:
        """Waits of elements and handover delays, largest first."""
        critical_elements = set(self.analysis.critical_path)
        critical_connections = set(self.analysis.critical_connections)
        waits: list[Wait] = []
        for element in self.map.elements:
            wait = element.wait_time
            if element.kind.in_flow and wait is not None and wait > 0:
                waits.append(
                    (
                        element.display_name,
                        self.lane_name(element.lane_id),
                        wait,
                        element.id in critical_elements,
                    )
                )
        for connection in self.map.flow_connections():
            delay = connection.delay
            if delay is not None and delay > 0:
                source = self.elements[connection.source_id]
                target = self.elements[connection.target_id]
                where = (
                    f"Handover {source.display_name} → {target.display_name}"
                )
                waits.append(
                    (
                        where,
                        self.lane_name(target.lane_id),
                        delay,
                        connection.id in critical_connections,
                    )
                )
        return sorted(waits, key=lambda wait: -wait[2])

    def warnings(self) -> list[Flowable]:
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

    def definitions(self) -> list[Flowable]:
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
