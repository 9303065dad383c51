"""The lead-time ladder's geometry, once for the canvas and the PDF: Qt-free, in map units.

The ladder follows the critical path: a wait rung up before each element (its wait plus the
transfer delay of the handover into it), a process rung down under it, and risers joining them
left to right. Where the path runs left to right on the map each process rung sits under its
element, so the ladder reads as part of the map; otherwise the rungs are spaced evenly.

Only the horizontal layout is in map units: each backend sets the ladder's height and turns
"wait rung" or "process rung" into its own two levels (the canvas in scene units, the PDF in
points under a map drawn at some scale). Whether a figure fits its rung is the backend's call
too, as only it knows its font.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..analysis.formatting import lead_time_text
from ..analysis.result import FlowAnalysis
from ..model.calendar import WorkCalendar
from ..model.elements import Connection, Element
from ..model.layout import LANE_TITLE_WIDTH
from ..model.units import format_duration
from ..model.value_stream_map import ValueStreamMap
from .map_drawing import element_box

RUNGS_LEFT = LANE_TITLE_WIDTH + 20.0  # the first wait rung starts where the lane titles end
MAX_PROCESS_RUNG = 140.0  # a wide element's process rung stays this wide, centred under it
MIN_WAIT_RUNG = 4.0  # a narrower gap between two process rungs gets no wait rung
EVEN_INSET = 20.0  # evenly spaced rungs start this far right of RUNGS_LEFT


@dataclass(frozen=True)
class Rung:
    """One element of the critical path and the time it adds to the lead time."""

    element: Element
    wait: float  # the element's wait plus the transfer delay of the handover into it
    process: float


@dataclass(frozen=True, slots=True)
class RungLine:
    """A horizontal rung of the ladder, in map units."""

    left: float
    right: float
    is_wait: bool  # the upper level (waits), or the lower (process times)
    label: str  # the figure written along it; "" when there is none

    @property
    def width(self) -> float:
        return self.right - self.left


@dataclass(frozen=True, slots=True)
class Riser:
    """What joins one rung to the next: up or down at the end of the first (x), then along
    the new level to where the next one starts (to_x; the same x when they touch)."""

    x: float
    to_x: float
    from_wait: bool
    to_wait: bool


@dataclass(frozen=True)
class Total:
    label: str
    value: str
    tone: str  # "lead", "wait" or "process": the ink of the figure, as the rungs'


@dataclass(frozen=True)
class LadderGeometry:
    lines: tuple[RungLine, ...]  # left to right, never overlapping
    risers: tuple[Riser, ...]
    aligned: bool  # process rungs under their elements (else spaced evenly)
    totals: tuple[Total, ...]

    @property
    def right(self) -> float:
        """Where the last rung ends (the totals go right of it)."""
        return self.lines[-1].right if self.lines else RUNGS_LEFT


def rungs_along(
    analysis: FlowAnalysis,
    element_of: Callable[[str], Element | None],
    connection_of: Callable[[str], Connection | None],
) -> list[Rung]:
    """One rung per element on the critical path that the map has; their sum is the lead time.
    element_of and connection_of look an id up (None: not on this map)."""
    delay_into: dict[str, float] = {}
    for connection_id in analysis.critical_connections:
        connection = connection_of(connection_id)
        if connection is not None:
            delay_into[connection.target_id] = connection.delay or 0.0
    rungs = []
    for element_id in analysis.critical_path:
        element = element_of(element_id)
        if element is not None:
            wait = (element.wait_time or 0.0) + delay_into.get(element_id, 0.0)
            rungs.append(Rung(element, wait, element.process_time or 0.0))
    return rungs


def critical_rungs(value_stream_map: ValueStreamMap, analysis: FlowAnalysis) -> list[Rung]:
    """The rungs of a saved map (see rungs_along)."""
    elements = {element.id: element for element in value_stream_map.elements}
    connections = {connection.id: connection for connection in value_stream_map.connections}
    return rungs_along(analysis, elements.get, connections.get)


def ladder_geometry(
    rungs: Sequence[Rung],
    analysis: FlowAnalysis,
    calendar: WorkCalendar,
    *,
    right: float,
    min_pitch: float = 0.0,
) -> LadderGeometry:
    """The ladder of `rungs` between RUNGS_LEFT and `right` (map units).

    Process rungs sit under their elements when those run left to right with room between
    them and end before `right`; otherwise they are spaced evenly up to `right`, at least
    min_pitch apart (the canvas grows to the right to keep figures readable; paper cannot)."""
    spans = _aligned_spans(rungs, right)
    aligned = spans is not None
    if spans is None:
        spans = _even_spans(len(rungs), right, min_pitch)
    lines: list[RungLine] = []
    previous_right = RUNGS_LEFT
    for rung, (left, end) in zip(rungs, spans, strict=True):
        if left - previous_right > MIN_WAIT_RUNG:
            lines.append(RungLine(previous_right, left, True, _figure(rung.wait, calendar)))
        lines.append(RungLine(left, end, False, _figure(rung.process, calendar)))
        previous_right = end
    risers = tuple(
        Riser(before.right, after.left, before.is_wait, after.is_wait)
        for before, after in zip(lines, lines[1:], strict=False)
    )
    return LadderGeometry(tuple(lines), risers, aligned, ladder_totals(analysis, calendar))


def ladder_totals(analysis: FlowAnalysis, calendar: WorkCalendar) -> tuple[Total, ...]:
    """What the rungs add up to: all of them, the upper ones, the lower ones."""
    return (
        Total("Lead time", lead_time_text(analysis.lead_time, calendar), "lead"),
        Total("Wait", lead_time_text(analysis.wait_time, calendar), "wait"),
        Total("Process", lead_time_text(analysis.process_time, calendar), "process"),
    )


def _figure(hours: float, calendar: WorkCalendar) -> str:
    return format_duration(hours, calendar) if hours > 0 else ""


def _aligned_spans(rungs: Sequence[Rung], right: float) -> list[tuple[float, float]] | None:
    """Each process rung under its element, or None when they would not read left to right."""
    spans = []
    previous_right = -float("inf")
    for rung in rungs:
        box = element_box(rung.element)
        half = min(box.width, MAX_PROCESS_RUNG) / 2
        centre = (box.left + box.right) / 2
        left, end = centre - half, centre + half
        if left - previous_right <= MIN_WAIT_RUNG or end > right:
            return None
        spans.append((left, end))
        previous_right = end
    return spans


def _even_spans(count: int, right: float, min_pitch: float) -> list[tuple[float, float]]:
    """`count` process rungs, each half of an equal share of the width, centred in it."""
    start = RUNGS_LEFT + EVEN_INSET
    pitch = max(min_pitch, (right - start) / max(1, count))
    return [
        (start + pitch * (index + 0.25), start + pitch * (index + 0.75)) for index in range(count)
    ]
