"""The report's improvement sections: current against future state, which change gains most,
and the improvement plan built from the map's kaizen ideas.

Each function returns flowables for the story; figures come from the analysis modules
(compare_maps, rank_what_ifs, plan_outcome) and are worded by analysis.formatting, the same
words the app and the command line use.
"""

from __future__ import annotations

from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from .. import theme
from ..analysis.compare import FigureChange, MapComparison, compare_maps
from ..analysis.formatting import change_text, delta_text, figure_text, is_improvement
from ..analysis.improvement_plan import PlanOutcome, plan_outcome
from ..analysis.result import FlowAnalysis
from ..analysis.whatif import WhatIf, rank_what_ifs
from ..drawing import MapDrawing
from ..model.calendar import WorkCalendar
from ..model.elements import Element, ElementKind, MapState
from ..model.units import format_duration
from ..model.value_stream_map import MapStates, ValueStreamMap
from .paper_layout import compact_layout, paper_sizes
from .pdf_fonts import BOLD, clean_text, draw_text, markup, rl_color, shown_markup
from .pdf_map_drawing import MIN_MAP_SCALE, MapPainter, paper_drawing
from .pdf_tables import STYLES, header_row, paragraph, shown_paragraph, style, table
from .printed_figures import flow_efficiency_text

WHAT_IF_ROWS = 10
SIDE_BY_SIDE_CHANGES = 14  # element changes that still fit beside the figures
_EPSILON = 1e-9


def comparison_pair(
    value_stream_map: ValueStreamMap, states: MapStates | None
) -> tuple[ValueStreamMap, ValueStreamMap] | None:
    """(current, future) to compare, or None when the file holds no future state.

    A report on a future state compares it with the state it was derived from; a report on
    the current state compares it with the newest future state derived from it (or, failing
    that, the newest future state in the file)."""
    if states is None:
        return None
    by_id = {m.id: m for m in states.maps}
    based_on = by_id.get(value_stream_map.info.based_on_map_id or "")
    if value_stream_map.info.state is MapState.FUTURE and based_on is not None:
        return based_on, value_stream_map
    futures = [
        m for m in states.maps if m.info.state is MapState.FUTURE and m.id != value_stream_map.id
    ]
    derived = [m for m in futures if m.info.based_on_map_id == value_stream_map.id]
    candidates = derived or futures
    return (value_stream_map, candidates[-1]) if candidates else None


# --------------------------------------------------------------------- current vs future


def comparison_section(
    pair: tuple[ValueStreamMap, ValueStreamMap], frame_width: float, landscape: bool
) -> list[Flowable]:
    comparison = compare_maps(*pair)
    intro = (
        "The current state and the future state the team is working towards, with every "
        "figure before and after. Green changes are for the better, red for the worse. On "
        "the maps, each changed element is outlined and numbered as in the list of changes: "
        "red removed, green added, amber changed."
    )
    story: list[Flowable] = [
        PageBreak(),
        paragraph("Current vs future state", "h1"),
        paragraph(intro, "muted"),
        Spacer(1, 6),
        _StatePair(comparison, frame_width, side_by_side=landscape),
        Spacer(1, 8),
    ]
    # On landscape pages a short list of changes goes beside the figures, so the whole
    # comparison reads on one page; a long list needs the full width and may run on.
    side_by_side = landscape and len(comparison.elements) <= SIDE_BY_SIDE_CHANGES
    figures_width = frame_width * 0.46 if side_by_side else min(frame_width, 520)
    changes_width = frame_width - figures_width - 16 if side_by_side else frame_width
    figures = [
        paragraph("The figures, before and after", "h2"),
        _figures_table(comparison, figures_width),
    ]
    changes_table = _element_changes_table(comparison, changes_width)
    changes = [
        paragraph("What changes, element by element", "h2"),
        changes_table or paragraph("No element changes.", "muted"),
    ]
    if side_by_side:
        columns = Table([[figures, changes]], colWidths=[figures_width + 16, changes_width])
        columns.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 0),
                ]
            )
        )
        columns.hAlign = "LEFT"
        return story + [columns]
    return story + figures + [CondPageBreak(80), *changes]


def change_with_percent(figure: FigureChange, calendar: WorkCalendar) -> str:
    """delta_text, with the percentage added for counts too ("−3 (−25%)")."""
    text = delta_text(figure, calendar)
    delta = figure.delta
    if figure.unit == "count" and delta and figure.before:
        text += f" ({delta / figure.before * 100:+.0f}%)".replace("-", "−")
    return text


def _figures_table(comparison: MapComparison, frame_width: float) -> Table:
    calendar = comparison.current.calendar
    rows = [header_row(["Figure", "Current", "Future", "Change"], {1, 2, 3})]
    for figure in comparison.figures:
        better = is_improvement(figure)
        colour = None if better is None else (
            theme.LADDER_PROCESS if better else theme.CRITICAL_PATH)
        change = change_with_percent(figure, calendar)
        if colour is None:
            change_cell = paragraph(change, "cell_right")
        else:
            change_cell = paragraph(change, _coloured_style("cell_right", colour), bold=True)
        rows.append(
            [
                paragraph(figure.label, "cell_bold", bold=True),
                paragraph(figure_text(figure.before, figure.unit, calendar), "cell_right"),
                paragraph(figure_text(figure.after, figure.unit, calendar), "cell_right"),
                change_cell,
            ]
        )
    return table(rows, [frame_width * f for f in (0.36, 0.17, 0.17, 0.30)])


def _element_changes_table(comparison: MapComparison, frame_width: float) -> Table | None:
    calendar = comparison.current.calendar
    changes = sorted(comparison.elements, key=lambda change: _CHANGE_ORDER[change.status])
    if not changes:
        return None
    numbers = change_numbers(comparison)
    rows = [header_row(["#", "Change", "Element", "What changes"])]
    for change in changes:
        if change.status == "changed":
            what = "; ".join(
                change_text(field, old, new, calendar)
                for field, (old, new) in change.changes.items()
            )
        elif change.status == "removed":
            what = f"{change.kind.label} taken out of the flow"
        else:
            what = f"new {change.kind.label.lower()}"
        colour = CHANGE_COLOURS[change.status]
        rows.append(
            [
                paragraph(str(numbers[change.element_id]), _coloured_style("cell_bold", colour)),
                paragraph(change.status.capitalize(), _coloured_style("cell", colour)),
                shown_paragraph(clean_text(change.name), "cell_bold", bold=True),
                paragraph(what, "cell"),
            ]
        )
    return table(rows, [frame_width * f for f in (0.06, 0.13, 0.31, 0.5)])


class _StatePair(Flowable):
    """Both maps side by side (landscape) or one above the other (portrait), every changed
    element outlined in its change's colour with a numbered badge; the numbers are those of
    the "What changes" table. Too small for 6 pt text, a map is drawn as shapes only."""

    LABEL_HEIGHT = 16.0
    BADGE = 7.0  # points

    def __init__(self, comparison: MapComparison, width: float, side_by_side: bool) -> None:
        super().__init__()
        self.comparison = comparison
        self.side_by_side = side_by_side
        sizes = paper_sizes(1.0)
        self.numbers = change_numbers(comparison)
        layouts: list[tuple[ValueStreamMap, FlowAnalysis, ValueStreamMap, MapDrawing]] = []
        for value_stream_map, analysis in (
            (comparison.current, comparison.current_analysis),
            (comparison.future, comparison.future_analysis),
        ):
            drawing_map = compact_layout(value_stream_map, 1.85)
            outline = paper_drawing(drawing_map, analysis, sizes, None)
            layouts.append((value_stream_map, analysis, drawing_map, outline))
        panel_width = (width - 14) / 2 if side_by_side else width
        panel_height = 230.0 if side_by_side else 200.0
        self.scale = min(
            min(panel_width / o.bounds.width, panel_height / o.bounds.height)
            for *_, o in layouts
        )
        self.panels: list[tuple[ValueStreamMap, FlowAnalysis, MapPainter]] = []
        for value_stream_map, analysis, drawing_map, outline in layouts:
            drawing = outline
            if self.scale >= MIN_MAP_SCALE:  # large enough to print its text at 6 pt
                drawing = paper_drawing(drawing_map, analysis, sizes, self.scale)
            self.panels.append((value_stream_map, analysis, MapPainter(drawing)))
        self.panel_width = panel_width
        self.map_height = max(p.bounds.height for *_, p in self.panels) * self.scale
        panels_high = 1 if side_by_side else 2
        self.width = width
        self.height = panels_high * (self.map_height + self.LABEL_HEIGHT) + (
            0 if side_by_side else 10
        )

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        for index, (value_stream_map, analysis, painter) in enumerate(self.panels):
            bounds = painter.bounds
            if self.side_by_side:
                left, top = index * (self.panel_width + 14), self.height
            else:
                left, top = 0.0, self.height - index * (self.map_height + self.LABEL_HEIGHT + 10)
            figures = [
                f"lead time {format_duration(analysis.lead_time, value_stream_map.calendar)}",
                f"flow efficiency {flow_efficiency_text(analysis.flow_efficiency)}",
            ]
            label = f"{value_stream_map.info.state.label}: {', '.join(figures)}"
            draw_text(canvas, left, top - 10, label, 9, bold=True, color=theme.INK)
            map_top = top - self.LABEL_HEIGHT
            canvas.setStrokeColor(rl_color(theme.LANE_BORDER))
            canvas.setLineWidth(0.6)
            canvas.rect(left, map_top - bounds.height * self.scale, bounds.width * self.scale,
                        bounds.height * self.scale, stroke=1, fill=0)  # fmt: skip
            painter.draw(canvas, bounds, left, map_top, self.scale)
            self._mark_changes(painter, left, map_top, future=index == 1)

    def _mark_changes(self, painter: MapPainter, left: float, top: float, future: bool) -> None:
        canvas, scale, bounds = self.canv, self.scale, painter.bounds
        placed: list[tuple[float, float]] = []
        for change in self.comparison.elements:
            if change.status == ("removed" if future else "added"):
                continue
            shape = painter.drawing.element(change.element_id)
            if shape is None:
                continue
            colour = CHANGE_COLOURS[change.status]
            box = shape.box
            x = left + (box.left - bounds.left) * scale
            y = top - (box.bottom - bounds.top) * scale
            canvas.setStrokeColor(rl_color(colour))
            canvas.setLineWidth(1.6)
            canvas.rect(x - 2, y - 2, box.width * scale + 4, box.height * scale + 4, 1, 0)
            number = str(self.numbers[change.element_id])
            radius = self.BADGE * 0.9
            cx, cy = x - 2, y + box.height * scale + 2
            while any(abs(cx - px) < 2 * radius and abs(cy - py) < 2 * radius
                      for px, py in placed):  # fmt: skip
                cx += 2 * radius + 1
            placed.append((cx, cy))
            canvas.setFillColor(rl_color(colour))
            canvas.circle(cx, cy, radius, stroke=0, fill=1)
            draw_text(canvas, cx, cy - self.BADGE * 0.36, number, self.BADGE, bold=True,
                      anchor="middle", color="#FFFFFF")  # fmt: skip


CHANGE_COLOURS = {
    "removed": theme.CHANGE_WORSE,
    "added": theme.CHANGE_BETTER,
    "changed": theme.CHANGE_MODIFIED,
}
_CHANGE_ORDER = {"removed": 0, "added": 1, "changed": 2}


def change_numbers(comparison: MapComparison) -> dict[str, int]:
    """The number each changed element carries on both maps and in the table."""
    ordered = sorted(comparison.elements, key=lambda change: _CHANGE_ORDER[change.status])
    return {change.element_id: number for number, change in enumerate(ordered, start=1)}


def _coloured_style(base: str, colour: str) -> str:
    """The name of a copy of a table style in the given colour, registered once."""
    name = f"{base}_{colour}"
    if name not in STYLES:
        parent = STYLES[base]
        STYLES[name] = style(
            name,
            fontSize=parent.fontSize,
            leading=parent.leading,
            alignment=parent.alignment,
            textColor=colour,
        )
    return name


# --------------------------------------------------------------------- which change first


def what_if_section(
    value_stream_map: ValueStreamMap, frame_width: float, ranking: list[WhatIf] | None = None
) -> list[Flowable]:
    """ranking: the map's what-if ranking when the caller has it (the report makes one)."""
    calendar = value_stream_map.calendar
    if ranking is None:
        ranking = rank_what_ifs(value_stream_map)
    ranking = ranking[:WHAT_IF_ROWS]
    heading = paragraph("Which change first", "h1")
    if not ranking:
        return [CondPageBreak(90), heading, paragraph("The map has no timed steps yet.", "muted")]
    baseline = ranking[0].baseline
    intro = (
        f"How much of today's lead time of {format_duration(baseline, calendar)} each change "
        "would save, largest first: cutting an element's wait to zero, automating it (its "
        "process time shrinks to a tenth) or removing it. Only elements on the critical path "
        "gain; an element off the path saves nothing until its branch becomes the longest. "
        "Only waste (queues, steps marked as waste) is offered for removal; value-adding work "
        "and necessary controls are offered less wait or automation, and automation only "
        "where the work is manual."
    )

    def gain_text(gains: dict[str, float], change: str) -> str:
        if change not in gains:
            return "not offered"
        return "0" if gains[change] <= _EPSILON else format_duration(gains[change], calendar)

    headers = ["#", "Element", "Wait to 0", "Automate", "Remove", "Best change"]
    rows = [header_row(headers, {2, 3, 4})]
    for rank, row in enumerate(ranking, start=1):
        gains = row.gains
        best = (
            f"{row.best_change_label}: saves {format_duration(row.best_gain, calendar)}"
            if row.best_gain > _EPSILON
            else "none: not on the critical path"
        )
        rows.append(
            [
                paragraph(str(rank), "cell"),
                shown_paragraph(clean_text(row.name), "cell_bold", bold=True),
                *(
                    paragraph(gain_text(gains, c), "cell_right")
                    for c in ("no_wait", "automate", "remove")
                ),
                paragraph(best, "cell"),
            ]
        )
    width = min(frame_width, 680)
    widths = [width * f for f in (0.04, 0.3, 0.12, 0.12, 0.12, 0.3)]
    return [
        CondPageBreak(150),
        KeepTogether([heading, paragraph(intro, "muted"), Spacer(1, 4)]),
        table(rows, widths),
    ]


# --------------------------------------------------------------------- improvement plan


def plan_section(
    value_stream_map: ValueStreamMap, frame_width: float, outcome: PlanOutcome | None = None
) -> list[Flowable]:
    """The kaizen ideas as an action plan: what lands when, and what it is worth.

    outcome: the plan's outcome when the caller has computed it already."""
    calendar = value_stream_map.calendar
    heading = paragraph("Improvement plan (kaizen ideas)", "h1")
    ideas = [e for e in value_stream_map.elements if e.kind is ElementKind.KAIZEN]
    if not ideas:
        return [CondPageBreak(120), heading, paragraph("No kaizen ideas on the map yet.", "muted")]
    outcome = outcome or plan_outcome(value_stream_map)
    elements = {e.id: e for e in value_stream_map.elements}
    story: list[Flowable] = [
        CondPageBreak(150),
        heading,
        paragraph(_plan_summary(outcome, calendar), "body"),
        Spacer(1, 4),
    ]
    if outcome.ideas:
        headers = ["Idea", "Improves", "Owner", "Status", "Expected effect", "Gain alone"]
        rows = [header_row(headers, {5})]
        for idea in outcome.ideas:
            effect = "; ".join(
                change_text(field, old, new, calendar) for field, (old, new) in idea.changes.items()
            )
            gain = outcome.gain_alone(idea)
            gain_text = (
                f"−{format_duration(gain, calendar)}" if gain > _EPSILON else "none on its own"
            )
            status = elements[idea.idea_id].status.label
            rows.append(
                [
                    _idea_cell(elements[idea.idea_id]),
                    shown_paragraph(clean_text(idea.target_name), "cell"),
                    shown_paragraph(clean_text(idea.owner) or "no owner yet", "cell"),
                    paragraph(status, "cell"),
                    paragraph(effect, "cell"),
                    paragraph(gain_text, "cell_right"),
                ]
            )
        widths = [frame_width * f for f in (0.27, 0.17, 0.12, 0.09, 0.23, 0.12)]
        story += [paragraph("Planned ideas", "h2"), table(rows, widths)]
    left_out = [elements[idea_id] for idea_id in outcome.unplanned_or_without_effect]
    if left_out:
        headers = ["Idea", "Improves", "Owner", "Status", "Why it is not in the plan yet"]
        rows = [header_row(headers)]
        for kaizen in left_out:
            target = elements.get(kaizen.target_id or "")
            if target is None:
                why = "improves no element yet"
            elif not kaizen.status.is_planned:
                why = "still an idea: not planned"
            else:
                why = "no expected effect entered"
            rows.append(
                [
                    _idea_cell(kaizen),
                    shown_paragraph(clean_text(target.display_name) if target else "–", "cell"),
                    shown_paragraph(clean_text(kaizen.owner) or "–", "cell"),
                    paragraph(kaizen.status.label, "cell"),
                    paragraph(why, "cell"),
                ]
            )
        widths = [frame_width * f for f in (0.34, 0.2, 0.14, 0.1, 0.22)]
        story += [
            CondPageBreak(80),
            paragraph("Ideas not yet in the plan", "h2"),
            table(rows, widths),
        ]
    return story


def _plan_summary(outcome: PlanOutcome, calendar: WorkCalendar) -> str:
    now = format_duration(outcome.lead_time_now, calendar)
    if not outcome.ideas:
        return (
            f"Lead time now {now}. No idea is planned with an expected effect yet, so the "
            "plan does not change the lead time."
        )
    planned = format_duration(outcome.lead_time_planned, calendar)
    lead_time_now = outcome.lead_time_now
    if outcome.gain > _EPSILON and lead_time_now is not None and lead_time_now > 0:
        share = outcome.gain / lead_time_now
        change = f"{format_duration(outcome.gain, calendar)} ({share:.0%}) shorter"
    else:
        change = "no shorter: the planned ideas are off the critical path"
    count = len(outcome.ideas)
    noun = "idea" if count == 1 else "ideas"
    return (
        f"Lead time now {now}; if the {count} planned {noun} land as expected, {planned}, "
        f"{change}. Each idea's gain alone is the lead time it saves if only it lands; "
        "together they may save more or less, as the critical path moves."
    )


def _idea_cell(idea: Element) -> Paragraph:
    """The idea's name in bold with the first part of its notes beneath."""
    notes = clean_text(idea.notes)
    text = f'<font name="{BOLD}">{markup(idea.display_name, bold=True)}</font>'
    if notes:
        short = notes[:300] + ("…" if len(notes) > 300 else "")
        text += f'<br/><font color="{theme.INK_MUTED}">{shown_markup(short)}</font>'
    return Paragraph(text, STYLES["cell"])
