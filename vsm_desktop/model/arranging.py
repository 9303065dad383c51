"""Arranging elements by hand: align and distribute (flow_edits.spot_after finds free spots).

Qt-free geometry on element centres and the shape sizes in layout.ELEMENT_SIZE; the canvas turns
the positions into one undo step.
"""

from __future__ import annotations

from collections.abc import Sequence

from .elements import Element
from .layout import ELEMENT_SIZE, Position

ALIGN_EDGES = ("left", "hcenter", "right", "top", "vcenter", "bottom")
DISTRIBUTE_AXES = ("horizontal", "vertical")


def half_size(element: Element) -> tuple[float, float]:
    width, height = ELEMENT_SIZE[element.kind]
    return width / 2, height / 2


def aligned_positions(elements: Sequence[Element], edge: str) -> dict[str, Position]:
    """Centres that line the elements up on one edge (or centre line) of the group."""
    if edge not in ALIGN_EDGES:
        raise ValueError(f"unknown edge '{edge}'")
    if not elements:
        return {}
    half = {e.id: half_size(e) for e in elements}
    target = {
        "left": lambda: min(e.x - half[e.id][0] for e in elements),
        "right": lambda: max(e.x + half[e.id][0] for e in elements),
        "top": lambda: min(e.y - half[e.id][1] for e in elements),
        "bottom": lambda: max(e.y + half[e.id][1] for e in elements),
        "hcenter": lambda: sum(e.x for e in elements) / len(elements),
        "vcenter": lambda: sum(e.y for e in elements) / len(elements),
    }[edge]()
    positions: dict[str, Position] = {}
    for e in elements:
        half_width, half_height = half[e.id]
        x, y = e.x, e.y
        if edge == "left":
            x = target + half_width
        elif edge == "right":
            x = target - half_width
        elif edge == "hcenter":
            x = target
        elif edge == "top":
            y = target + half_height
        elif edge == "bottom":
            y = target - half_height
        else:
            y = target
        positions[e.id] = (x, y)
    return positions


def distributed_positions(elements: Sequence[Element], axis: str) -> dict[str, Position]:
    """Centres spaced evenly between the first and the last element along the axis."""
    if axis not in DISTRIBUTE_AXES:
        raise ValueError(f"unknown axis '{axis}'")
    if len(elements) < 3:
        return {e.id: (e.x, e.y) for e in elements}
    horizontal = axis == "horizontal"

    def coordinate(e: Element) -> float:
        return e.x if horizontal else e.y

    ordered = sorted(elements, key=coordinate)
    first, last = coordinate(ordered[0]), coordinate(ordered[-1])
    gap = (last - first) / (len(ordered) - 1)
    positions: dict[str, Position] = {}
    for index, e in enumerate(ordered):
        value = first + index * gap
        positions[e.id] = (value, e.y) if horizontal else (e.x, value)
    return positions
