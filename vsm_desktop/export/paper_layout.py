"""The map re-laid for paper: lanes only as tall as their content, gaps between columns closed.

On screen a map has room to breathe: lanes keep their default height even when they hold one
step, and columns sit a generous pitch apart. On A4 that air costs scale, and scale is what makes
names readable. This module returns a copy of the map with the same elements, ids and topology,
moved so the drawing is as small as the notation allows; the report draws that copy.
"""

from __future__ import annotations

from pydantic import ConfigDict

from ..drawing.map_drawing import QUEUE_TEXT_WIDTH, Sizes, TextSizes
from ..model.elements import Element, ElementKind
from ..model.layout import ELEMENT_SIZE, LANE_HEADER_WIDTH
from ..model.value_stream_map import ValueStreamMap
from .pdf_fonts import clean_text, wrap_lines

SMALL_SIZE = TextSizes().small

COLUMN_GAP = 56.0  # room for an arrow and its label chip between two columns
FIRST_COLUMN_GAP = 24.0  # between the lane headers and the first column
LANE_PADDING = 10.0  # between a band's edge and its content
MIN_LANE_HEIGHT = 70.0  # an empty lane still shows its name
QUEUE_TRIANGLE_HEIGHT = 58.0
_WIDENED = (
    ElementKind.STEP,
    ElementKind.APPROVAL,
    ElementKind.START,
    ElementKind.END,
    ElementKind.KAIZEN,
    ElementKind.NOTE,
)


KAIZEN_EXTRA_HEIGHT = 24.0  # an idea's name is a sentence: three lines on paper, not two


def paper_sizes(widen: float) -> Sizes:
    """Element sizes with boxes that hold names widened: spare page width goes to names."""
    sizes = {
        kind: (width * widen if kind in _WIDENED else width, height)
        for kind, (width, height) in ELEMENT_SIZE.items()
    }
    height = sizes[ElementKind.KAIZEN][1]  # as wide as the step it usually sits over
    sizes[ElementKind.KAIZEN] = (sizes[ElementKind.STEP][0], height + KAIZEN_EXTRA_HEIGHT)
    return sizes


def compact_layout(
    value_stream_map: ValueStreamMap, text_scale: float, widen: float = 1.0
) -> ValueStreamMap:
    """A copy of the map laid out tightly for elements widened by `widen` (see paper_sizes);
    text_scale is the largest text boost it is drawn at, so text under a queue keeps its room."""
    # Only lanes and elements move: they are copied, the rest is shared, read only. (A deep
    # copy of the whole map was a tenth of a 1,000-element report's time.)
    compact = value_stream_map.model_copy(update={
        "lanes": [lane.model_copy() for lane in value_stream_map.lanes],
        "elements": [PaperElement.model_construct(**dict(e)) for e in value_stream_map.elements],
    })
    if not compact.elements:
        return compact
    _close_column_gaps(compact.elements, widen)
    for element in compact.elements:  # taller ideas grow upwards, away from what they improve
        if element.kind is ElementKind.KAIZEN:
            element.y -= KAIZEN_EXTRA_HEIGHT / 2
    _shrink_lanes(compact, text_scale, paper_sizes(widen))
    return compact


class PaperElement(Element):
    """An element as drawn on paper. The drawing may reach past the file's coordinate limits
    (a map spread to ±1,000,000 px becomes wider still once lanes are packed), so moving it
    is not checked against them."""

    model_config = ConfigDict(extra="ignore", validate_assignment=False)


def _horizontal_extent(element: Element) -> tuple[float, float]:
    width = ELEMENT_SIZE[element.kind][0]
    if element.kind is ElementKind.QUEUE:  # its name is written beneath, wider than it
        width = max(width, QUEUE_TEXT_WIDTH)
    return element.x - width / 2, element.x + width / 2


def _vertical_extent(element: Element, text_scale: float, sizes: Sizes) -> tuple[float, float]:
    height = sizes[element.kind][1]
    top, bottom = element.y - height / 2, element.y + height / 2
    if element.kind is ElementKind.QUEUE:  # its name, wait and items are written beneath it
        size = SMALL_SIZE * text_scale
        name = clean_text(element.name)
        lines = 1 + (element.items_waiting is not None)
        if name:
            lines += len(wrap_lines(name, QUEUE_TEXT_WIDTH, size, bold=True, max_lines=2))
        text_height = lines * size * 1.15
        bottom = max(bottom, top + QUEUE_TRIANGLE_HEIGHT + 6 + text_height)
    return top, bottom


def _close_column_gaps(elements: list[Element], widen: float) -> None:
    """Group elements whose horizontal extents overlap into columns, then slide each column
    left so consecutive columns are at most COLUMN_GAP apart. Inside a column, distances grow
    with the widening, so elements side by side on the canvas stay clear of each other."""
    ordered = sorted(elements, key=lambda element: _horizontal_extent(element)[0])
    columns: list[tuple[float, float, list[Element]]] = []
    for element in ordered:
        left, right = _horizontal_extent(element)
        if columns and left < columns[-1][1]:
            column_left, column_right, members = columns[-1]
            columns[-1] = (column_left, max(column_right, right), [*members, element])
        else:
            columns.append((left, right, [element]))
    previous_right = LANE_HEADER_WIDTH + FIRST_COLUMN_GAP - COLUMN_GAP
    previous_old_right = None
    for left, right, members in columns:
        gap = (
            COLUMN_GAP if previous_old_right is None else min(COLUMN_GAP, left - previous_old_right)
        )
        new_left = previous_right + gap
        for element in members:
            element.x = new_left + (element.x - left) * widen
        previous_right = new_left + (right - left) * widen
        previous_old_right = right


def _shrink_lanes(compact: ValueStreamMap, text_scale: float, sizes: Sizes) -> None:
    """Each lane becomes as tall as its content plus padding; its elements move up with it."""
    if not compact.lanes:
        return
    old_tops, top = [], 0.0
    for lane in compact.lanes:
        old_tops.append(top)
        top += lane.height
    members: list[list[Element]] = [[] for _ in compact.lanes]
    for element in compact.elements:
        index = 0
        while index + 1 < len(old_tops) and element.y >= old_tops[index + 1]:
            index += 1
        members[index].append(element)
    new_top = 0.0
    for lane, lane_members in zip(compact.lanes, members, strict=True):
        if lane_members:
            extents = [_vertical_extent(element, text_scale, sizes) for element in lane_members]
            content_top = min(top for top, _ in extents)
            content_bottom = max(bottom for _, bottom in extents)
            shift = new_top + LANE_PADDING - content_top
            for element in lane_members:
                element.y += shift
            height = content_bottom - content_top + 2 * LANE_PADDING
        else:
            height = 0.0
        lane.height = min(5000.0, max(MIN_LANE_HEIGHT, height))
        new_top += lane.height
