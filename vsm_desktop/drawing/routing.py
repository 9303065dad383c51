"""Where an arrow runs: the same rules on the canvas and on paper.

Flow and information arrows run orthogonally: out of the source's right side and into the
target's left side, with one vertical leg placed in the gap between them where it crosses no
other element; stacked elements connect bottom to top; anything else leaves by the top or bottom
and enters from the side. Rework arcs over the top of both elements as a curve, as people draw
them on a whiteboard. Obstacles are the other elements' boxes; with none given, the route takes
the middle of the gap (what the canvas does while an element is dragged).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

from ..model.elements import ConnectionKind, ElementKind
from .geometry import Box, Point, segment_crosses

ELBOW_MIN_GAP = 24.0  # a target less than this far right of the source is not "to the right"
CLEARANCE = 6.0  # how far a leg keeps from an element it passes
LEG_STEP = 12.0  # spacing of the candidate positions of a vertical leg

# The other elements' boxes, or a lookup of those near an area (a BoxIndex's query).
Obstacles = Callable[[Box], Collection[Box]] | Collection[Box]
# The obstacles near an area, the route's own two ends left out.
Near = Callable[[Box], list[Box]]


@dataclass(frozen=True)
class Route:
    """A polyline (curved=False) or a cubic Bézier start, control, control, end."""

    points: tuple[Point, ...]
    curved: bool = False

    @property
    def start(self) -> Point:
        return self.points[0]

    @property
    def end(self) -> Point:
        return self.points[-1]

    @property
    def tangent(self) -> tuple[Point, Point]:
        """The last leg, for the arrow head: (a point before the end, the end)."""
        return self.points[-2], self.points[-1]

    def segments(self) -> list[tuple[Point, Point]]:
        if self.curved:  # the control polygon bounds the curve; good enough for cuts
            return [(self.points[0], self.points[-1])]
        return list(zip(self.points, self.points[1:], strict=False))

    def bounds(self) -> Box:
        xs = [x for x, _ in self.points]
        ys = [y for _, y in self.points]
        return Box(min(xs), min(ys), max(xs), max(ys))

    def apex(self) -> Point:
        """The highest point of a curve (where its label goes)."""
        (x0, y0), _, (_, cy), (x3, y3) = self.points
        return (x0 + x3) / 2, 0.125 * y0 + 0.75 * cy + 0.125 * y3


def route_connection(
    kind: ConnectionKind,
    source: Box,
    target: Box,
    obstacles: Obstacles = (),
    offset: float = 0.0,
    *,
    source_inset: float = 0.0,
    target_inset: float = 0.0,
) -> Route:
    """The route from source to target; offset shifts arrows that share both ends apart.

    The insets move a side's attachment point inwards: an inventory triangle is narrower at
    mid-height than its box (see side_inset)."""
    if kind is ConnectionKind.REWORK:
        return _rework(source, target, offset)
    nearby = _obstacle_lookup(obstacles, source, target)
    if target.left - source.right > ELBOW_MIN_GAP:
        route = _rightwards(source, target, nearby, offset)
        if source_inset or target_inset:
            (x0, y0), *middle, (x1, y1) = route.points
            route = Route(((x0 - source_inset, y0), *middle, (x1 + target_inset, y1)))
        return route
    if target.right - source.left < -ELBOW_MIN_GAP:  # backwards: round by top or bottom
        return _around(source, target, nearby, offset)
    return _stacked(source, target, nearby, offset)


def side_inset(kind: ElementKind, box: Box) -> float:
    """How far inside its box an element's left or right side is at mid-height."""
    return box.width / 4 if kind is ElementKind.QUEUE else 0.0


def _obstacle_lookup(obstacles: Obstacles, source: Box, target: Box) -> Near:
    """What lies in an area besides the two ends (_nothing_near when nothing ever is: a map
    being opened routes thousands of arrows that way)."""
    if not callable(obstacles) and not obstacles:
        return _nothing_near
    ends = (source, target)

    def near(area: Box) -> list[Box]:
        found = obstacles(area) if callable(obstacles) else obstacles
        return [box for box in found if box not in ends and box.intersects(area)]

    return near


def _nothing_near(area: Box) -> list[Box]:
    return []


def _clear(points: Sequence[Point], near: Near) -> bool:
    if near is _nothing_near:
        return True  # no obstacles at all: no need to look along every leg
    for start, end in zip(points, points[1:], strict=False):
        area = Box(
            min(start[0], end[0]), min(start[1], end[1]), max(start[0], end[0]),
            max(start[1], end[1]),
        )  # fmt: skip
        for box in near(area.expanded(CLEARANCE)):
            if segment_crosses(start, end, box.expanded(CLEARANCE)):
                return False
    return True


def _rightwards(source: Box, target: Box, near: Near, offset: float) -> Route:
    start = (source.right, source.centre[1] + offset)
    end = (target.left, target.centre[1] + offset)
    if abs(end[1] - start[1]) < 1:
        straight = (start, (end[0], start[1]))
        if _clear(straight, near):
            return Route(straight)
    middle = (start[0] + end[0]) / 2 + offset
    low, high = start[0] + LEG_STEP, end[0] - LEG_STEP
    candidates = [middle]
    step = LEG_STEP
    while middle - step >= low or middle + step <= high:
        candidates += [x for x in (middle + step, middle - step) if low <= x <= high]
        step += LEG_STEP
    for x in candidates:
        leg = (start, (x, start[1]), (x, end[1]), end)
        if _clear(leg, near):
            return Route(leg)
    # No free vertical leg: leave right, run along a free horizontal channel, come in left.
    channel = _free_channel(start, end, near, low, high)
    if channel is not None:
        points = (start, (low, start[1]), (low, channel), (high, channel), (high, end[1]), end)
        return Route(points)
    return Route((start, (middle, start[1]), (middle, end[1]), end))


def _free_channel(start: Point, end: Point, near: Near, low: float, high: float
                  ) -> float | None:
    """A y between start and end (or just beyond) where a horizontal leg crosses no element."""
    top, bottom = min(start[1], end[1]), max(start[1], end[1])
    area = Box(low, top - 400, high, bottom + 400)
    edges = sorted({y for box in near(area) for y in (box.top - 2 * CLEARANCE,
                                                      box.bottom + 2 * CLEARANCE)})  # fmt: skip
    middle = (top + bottom) / 2
    for y in sorted(edges, key=lambda value: abs(value - middle)):
        points = (start, (low, start[1]), (low, y), (high, y), (high, end[1]), end)
        if _clear(points, near):
            return y
    return None


def _stacked(source: Box, target: Box, near: Near, offset: float) -> Route:
    """Elements above one another: bottom to top (or top to bottom), with a jog if needed."""
    downwards = target.centre[1] >= source.centre[1]
    start = (source.centre[0] + offset, source.bottom if downwards else source.top)
    end = (target.centre[0] + offset, target.top if downwards else target.bottom)
    if abs(start[0] - end[0]) < 1:
        return Route((start, (start[0], end[1])))
    middle = (start[1] + end[1]) / 2
    return Route((start, (start[0], middle), (end[0], middle), end))


def _around(source: Box, target: Box, near: Near, offset: float) -> Route:
    """A target to the left: leave by the top or bottom, come into its nearer side."""
    above = target.centre[1] < source.centre[1]
    start = (source.centre[0] + offset, source.top if above else source.bottom)
    end = (target.right, target.centre[1] + offset)
    corner = (start[0], end[1])
    points = (start, corner, end)
    if _clear(points, near):
        return Route(points)
    # Along the lane gap instead: out, across above/below everything in between, down/up in.
    y = (min(source.top, target.top) - 2 * CLEARANCE) if above else (
        max(source.bottom, target.bottom) + 2 * CLEARANCE)  # fmt: skip
    side = target.top if above else target.bottom
    return Route((start, (start[0], y), (target.centre[0] + offset, y),
                  (target.centre[0] + offset, side)))  # fmt: skip


def _rework(source: Box, target: Box, offset: float) -> Route:
    toward = 1 if target.centre[0] >= source.centre[0] else -1
    start = (source.centre[0] + toward * source.width / 4, source.top)
    end = (target.centre[0] - toward * target.width / 4, target.top)
    lift = 50 + 0.15 * abs(end[0] - start[0]) + 2 * abs(offset)
    top = min(start[1], end[1]) - lift
    return Route((start, (start[0], top), (end[0], top), end), curved=True)
