"""Align and distribute, computed by hand from the shape sizes in layout.ELEMENT_SIZE."""

from __future__ import annotations

import pytest

from vsm_desktop.model import Element, ElementKind
from vsm_desktop.model.arranging import aligned_positions, distributed_positions


def _elements() -> list[Element]:
    # A step is 160 x 120, a queue 70 x 90.
    return [
        Element(id="s", kind=ElementKind.STEP, x=300, y=100),
        Element(id="q", kind=ElementKind.QUEUE, x=500, y=160),
    ]


def test_left_edges_line_up_on_the_leftmost_edge():
    # Leftmost edge: the step's, 300 - 80 = 220; the queue's centre goes to 220 + 35.
    assert aligned_positions(_elements(), "left") == {"s": (300, 100), "q": (255, 160)}


def test_bottom_edges_line_up_on_the_lowest_edge():
    # Lowest edge: the queue's, 160 + 45 = 205; the step's centre goes to 205 - 60.
    assert aligned_positions(_elements(), "bottom") == {"s": (300, 145), "q": (500, 160)}


def test_centres_meet_at_the_average():
    assert aligned_positions(_elements(), "vcenter") == {"s": (300, 130), "q": (500, 130)}
    assert aligned_positions(_elements(), "hcenter") == {"s": (400, 100), "q": (400, 160)}


def test_distribute_spaces_the_middle_elements_evenly_between_the_ends():
    elements = [
        Element(id="a", x=100, y=10),
        Element(id="c", x=700, y=30),
        Element(id="b", x=200, y=20),
        Element(id="d", x=400, y=40),
    ]
    # Ends stay at 100 and 700; the gap is 600 / 3 = 200, in x order a, b, d, c.
    assert distributed_positions(elements, "horizontal") == {
        "a": (100, 10),
        "b": (300, 20),
        "d": (500, 40),
        "c": (700, 30),
    }


def test_unknown_edges_and_axes_are_refused():
    with pytest.raises(ValueError, match="edge"):
        aligned_positions(_elements(), "middle")
    with pytest.raises(ValueError, match="axis"):
        distributed_positions(_elements(), "diagonal")
