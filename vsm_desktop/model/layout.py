"""Automatic left-to-right layout along the flow, one row per lane.

Columns are the topological generations of the flow graph (rework, information and the edges
that would close a loop are ignored), so an element sits right of everything that feeds it and
parallel branches share a column. Several elements of one lane in one column stack inside the
lane's band, which grows when they need more room; a stack taller than a lane may be (34
unconnected rows of a spreadsheet) wraps into further sub-columns, and the column widens. A map
that cannot fit the file's limits even so raises LayoutLimitError, which says which limit. The
geometry constants below are shared with the canvas, so what the layout plans is what it draws.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .elements import MAX_COORDINATE, MAX_LANE_HEIGHT, ConnectionKind, Element, ElementKind
from .value_stream_map import ValueStreamMap

if TYPE_CHECKING:  # imported when a layout runs: the canvas reads the constants at start
    import networkx as nx

LANE_TITLE_WIDTH = 170.0  # the lane's title column as drawn: on the canvas and in the PDF
LANE_HEADER_WIDTH = LANE_TITLE_WIDTH + 10  # elements stay right of this
DEFAULT_LANE_HEIGHT = 200.0
FIRST_COLUMN_X = 280.0
COLUMN_PITCH = 230.0
STACK_GAP = 30.0  # vertical space between elements stacked in one cell
LANE_PADDING = 20.0  # space between a band's edge and the first/last element in it
KAIZEN_GAP = 12.0  # between a kaizen idea and the element it improves

# (width, height) of each kind as the canvas draws it; a step's height includes its data box.
ELEMENT_SIZE: dict[ElementKind, tuple[float, float]] = {
    ElementKind.STEP: (160.0, 120.0),
    ElementKind.APPROVAL: (160.0, 120.0),
    ElementKind.QUEUE: (70.0, 90.0),
    ElementKind.START: (130.0, 80.0),
    ElementKind.END: (130.0, 80.0),
    ElementKind.KAIZEN: (150.0, 60.0),
    ElementKind.NOTE: (160.0, 90.0),
}

Position = tuple[float, float]


class LayoutLimitError(ValueError):
    """The laid-out map would break a limit of the file format (lane height, coordinates)."""


@dataclass(frozen=True)
class LayoutPlan:
    """Where auto layout puts things: every element's centre and every lane's height."""

    positions: dict[str, Position]
    lane_heights: dict[str, float]  # grown to fit their stacks, never shrunk


def plan_layout(value_stream_map: ValueStreamMap) -> LayoutPlan:
    """The layout as plain data, without copying the map (the window applies it as edits)."""
    positions, heights = _plan(value_stream_map)
    return LayoutPlan(positions, heights)


def auto_layout(value_stream_map: ValueStreamMap) -> dict[str, Position]:
    """Centre positions for every element, keyed by id, using the grown lane heights."""
    return plan_layout(value_stream_map).positions


def laid_out(value_stream_map: ValueStreamMap) -> ValueStreamMap:
    """A copy of the map with auto_layout positions and lanes grown to fit their stacks."""
    positions, heights = _plan(value_stream_map)
    result = value_stream_map.model_copy(deep=True)
    for lane in result.lanes:
        lane.height = heights[lane.id]
    for element in result.elements:
        element.x, element.y = positions[element.id]
    return result


def flow_columns(value_stream_map: ValueStreamMap) -> dict[str, int]:
    """Column index of every element in the flow (steps, queues, approvals, start, end)."""
    import networkx as nx

    graph = _flow_dag(value_stream_map)
    columns = {
        node: index
        for index, generation in enumerate(nx.topological_generations(graph))
        for node in generation
    }
    # End elements close the map: pull each fed end into the last column.
    last = max(columns.values(), default=0)
    for element in value_stream_map.elements:
        if element.kind is ElementKind.END and graph.in_degree(element.id):
            columns[element.id] = last
    return columns


def _flow_dag(value_stream_map: ValueStreamMap) -> nx.DiGraph:
    """The flow graph without the edges that close a loop, found by a depth-first search."""
    flow_ids = [e.id for e in value_stream_map.elements if e.kind.in_flow]
    known = set(flow_ids)
    successors: dict[str, list[str]] = defaultdict(list)
    for connection in value_stream_map.connections:
        if (
            connection.kind is ConnectionKind.FLOW
            and connection.source_id in known
            and connection.target_id in known
        ):
            successors[connection.source_id].append(connection.target_id)
    kinds = {e.id: e.kind for e in value_stream_map.elements}
    has_predecessor = {t for targets in successors.values() for t in targets}
    roots = sorted(
        flow_ids,
        key=lambda n: (kinds[n] is not ElementKind.START, n in has_predecessor),
    )  # starts first, then elements nothing feeds, then the rest (loops with no way in)
    import networkx as nx

    graph = nx.DiGraph()
    graph.add_nodes_from(flow_ids)
    state: dict[str, int] = {}  # 1 = on the current path, 2 = finished
    for root in roots:
        if root in state:
            continue
        state[root] = 1
        stack = [(root, iter(successors[root]))]
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                state[node] = 2
                stack.pop()
            elif state.get(child) == 1:
                continue  # this edge closes a loop: leave it out of the layering
            else:
                graph.add_edge(node, child)
                if child not in state:
                    state[child] = 1
                    stack.append((child, iter(successors[child])))
    return graph


def _plan(value_stream_map: ValueStreamMap) -> tuple[dict[str, Position], dict[str, float]]:
    elements = value_stream_map.elements
    columns = flow_columns(value_stream_map)
    ideas_on: dict[str, list[Element]] = defaultdict(list)
    for element in elements:
        if element.kind is ElementKind.KAIZEN and element.target_id in columns:
            ideas_on[element.target_id].append(element)

    lane_ids = [lane.id for lane in value_stream_map.lanes]
    known_lanes = set(lane_ids)
    cells: dict[tuple[str | None, int], list[Element]] = defaultdict(list)
    for element in elements:
        if element.id in columns:
            lane_id = element.lane_id if element.lane_id in known_lanes else None
            cells[(lane_id, columns[element.id])].append(element)

    idea_pitch = KAIZEN_GAP + ELEMENT_SIZE[ElementKind.KAIZEN][1]

    def height_of(element: Element) -> float:
        return ELEMENT_SIZE[element.kind][1]

    def headroom(element: Element) -> float:
        """Room for the ideas drawn above an element."""
        return idea_pitch * len(ideas_on[element.id])

    # A stack that would make its lane taller than a lane may be wraps into sub-columns.
    lane_keys = [*lane_ids, None]
    lane_headroom: defaultdict[str | None, float] = defaultdict(float)
    for (lane_id, _), stack in cells.items():
        lane_headroom[lane_id] = max(lane_headroom[lane_id], *(headroom(e) for e in stack))
    stacks: dict[tuple[str | None, int, int], list[Element]] = {}
    widths: dict[int, int] = defaultdict(lambda: 1)  # sub-columns per column
    for (lane_id, column), stack in cells.items():
        room = MAX_LANE_HEIGHT - 2 * LANE_PADDING - lane_headroom[lane_id]
        chunks = _wrap(stack, room, lambda e: headroom(e) + height_of(e) + STACK_GAP)
        for index, chunk in enumerate(chunks):
            stacks[(lane_id, column, index)] = chunk
        widths[column] = max(widths[column], len(chunks))
    column_x: dict[int, float] = {}
    x = FIRST_COLUMN_X
    for column in range(max(columns.values(), default=-1) + 1):
        column_x[column] = x
        x += widths[column] * COLUMN_PITCH

    # Per lane, the first element of every stack shares one centre line, low enough to leave
    # room for the tallest stack of ideas; further elements of a stack go below it.
    first_centre: dict[str | None, float] = {}
    for key in lane_keys:
        firsts = [stack[0] for (lane_id, _, _), stack in stacks.items() if lane_id == key]
        first_centre[key] = (
            LANE_PADDING
            + max((headroom(e) for e in firsts), default=0.0)
            + max((height_of(e) / 2 for e in firsts), default=0.0)
        )

    offsets: dict[str, float] = {}  # centre y relative to the lane's top, before centring
    extent: dict[str | None, float] = defaultdict(float)
    for (lane_id, _, _), stack in stacks.items():
        centre = first_centre[lane_id]
        offsets[stack[0].id] = centre
        for above, element in zip(stack, stack[1:], strict=False):
            centre += height_of(above) / 2 + STACK_GAP + headroom(element) + height_of(element) / 2
            offsets[element.id] = centre
        bottom = centre + height_of(stack[-1]) / 2 + LANE_PADDING
        extent[lane_id] = max(extent[lane_id], bottom)

    lane_names = {lane.id: lane.name for lane in value_stream_map.lanes}
    for key, needed in extent.items():
        if needed > MAX_LANE_HEIGHT:
            where = f"lane '{lane_names[key]}'" if key is not None else "the lane-less elements"
            raise LayoutLimitError(
                f"{where} would need to be {needed:,.0f} px tall and a lane is at most "
                f"{MAX_LANE_HEIGHT:,.0f} px (too many kaizen ideas on one element?)"
            )
    heights = {lane.id: max(lane.height, extent[lane.id]) for lane in value_stream_map.lanes}
    band_height: dict[str | None, float] = {None: max(DEFAULT_LANE_HEIGHT, extent[None])}
    band_height.update(heights)
    tops: dict[str | None, float] = {}  # lane-less elements get a band below the last lane
    top = 0.0
    for key in lane_keys:
        tops[key] = top
        top += band_height[key] if key is not None else 0.0

    positions: dict[str, Position] = {}
    for (lane_id, column, index), stack in stacks.items():
        x = column_x[column] + index * COLUMN_PITCH
        shift = tops[lane_id] + (band_height[lane_id] - extent[lane_id]) / 2
        for element in stack:
            centre_y = shift + offsets[element.id]
            positions[element.id] = (x, centre_y)
            _place_ideas(ideas_on[element.id], x, centre_y - height_of(element) / 2, positions)
    for element in elements:
        positions.setdefault(element.id, (element.x, element.y))  # notes, loose ideas
    _check_coordinates(positions, len(column_x))
    return positions, heights


def _wrap(
    stack: list[Element], room: float, slot: Callable[[Element], float]
) -> list[list[Element]]:
    """Split a stack into runs whose slots fit in room (each run holds at least one element),
    balanced so the runs are about equally tall rather than full ones and a short last one."""
    slots = [slot(element) for element in stack]
    total = sum(slots) - STACK_GAP
    if total <= room:
        return [stack]
    runs = -(-total // room)  # as few runs as the room allows
    return _fill(stack, min(room, total / runs + max(slots)), slot)


def _fill(
    stack: list[Element], room: float, slot: Callable[[Element], float]
) -> list[list[Element]]:
    chunks: list[list[Element]] = [[]]
    used = 0.0
    for element in stack:
        needed = slot(element)
        if chunks[-1] and used + needed - STACK_GAP > room:
            chunks.append([])
            used = 0.0
        chunks[-1].append(element)
        used += needed
    return chunks


def _check_coordinates(positions: dict[str, Position], column_count: int) -> None:
    widest = max((abs(x) for x, _ in positions.values()), default=0.0)
    if widest > MAX_COORDINATE:
        fit = int((MAX_COORDINATE - FIRST_COLUMN_X) // COLUMN_PITCH) + 1
        raise LayoutLimitError(
            f"the flow is {column_count:,} columns long and would reach {widest:,.0f} px; a "
            f"map is at most {MAX_COORDINATE:,.0f} px wide ({fit:,} columns): split the "
            "process into several maps"
        )
    tallest = max((abs(y) for _, y in positions.values()), default=0.0)
    if tallest > MAX_COORDINATE:
        raise LayoutLimitError(
            f"laid out, the lanes reach {tallest:,.0f} px down and a map is at most "
            f"{MAX_COORDINATE:,.0f} px tall; use fewer or lower lanes"
        )


def _place_ideas(
    ideas: list[Element], x: float, target_top: float, positions: dict[str, Position]
) -> None:
    """Ideas stacked just above their target, the first one closest to it."""
    height = ELEMENT_SIZE[ElementKind.KAIZEN][1]
    for index, idea in enumerate(ideas):
        positions[idea.id] = (
            x,
            target_top - (KAIZEN_GAP + height) * index - KAIZEN_GAP - height / 2,
        )
