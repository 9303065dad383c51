"""The scene keeps how far the map reaches, how many elements each lane holds and the largest
wait as its items change, instead of measuring every item at every edit's end: after any edit
they must still be what measuring every item gives.

The reference is a fresh scene of the same document, which measures every item it makes.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtGui import QUndoStack

from vsm_desktop.drawing import Box
from vsm_desktop.model import (
    Connection,
    ConnectionKind,
    Element,
    ElementKind,
    Lane,
    MapDocument,
    ValueStreamMap,
)
from vsm_desktop.ui.canvas.element_tally import ElementTally
from vsm_desktop.ui.canvas.extent import Extent
from vsm_desktop.ui.canvas.scene import MapScene
from vsm_desktop.ui.commands import RemoveItemsCommand

# -- the extent on its own ---------------------------------------------------------------------

boxes = st.builds(
    lambda x, y, w, h: Box(x, y, x + w, y + h),
    st.integers(-50, 50), st.integers(-50, 50), st.integers(0, 30), st.integers(0, 30),
)
operations = st.lists(
    st.tuples(st.integers(0, 5), st.one_of(st.none(), boxes)), max_size=40
)  # (key, box): put the box, or None: discard the key


@settings(max_examples=300, deadline=None)
@given(operations)
def test_an_extent_is_the_union_of_the_boxes_it_holds_after_any_puts_and_discards(steps):
    extent: Extent[int] = Extent()
    held: dict[int, Box] = {}
    for key, box in steps:
        if box is None:
            extent.discard(key)
            held.pop(key, None)
        else:
            extent.put(key, box)
            held[key] = box
        expected = None
        for kept in held.values():
            expected = kept if expected is None else expected.united(kept)
        assert extent.union() == expected


# -- the scene ---------------------------------------------------------------------------------


def _map() -> ValueStreamMap:
    team, ops = Lane(id="team", name="Team", height=240), Lane(id="ops", name="Ops", height=240)
    steps = [
        Element(id=f"s{i}", name=f"Step {i}", lane_id="team" if i % 2 else "ops",
                x=300 + 260 * i, y=120 if i % 2 else 360, wait_time=float(i + 1),
                process_time=1.0)
        for i in range(8)
    ]  # fmt: skip
    idea = Element(id="k", kind=ElementKind.KAIZEN, name="Automate", x=900, y=-80,
                   target_id="s7")  # fmt: skip
    connections = [
        Connection(id=f"c{i}", source_id=a.id, target_id=b.id, label=f"Handover {i}")
        for i, (a, b) in enumerate(zip(steps, steps[1:], strict=False))
    ]
    return ValueStreamMap(lanes=[team, ops], elements=[*steps, idea], connections=connections)


@pytest.fixture
def scene(qapp):
    map_scene = MapScene(MapDocument(_map()), QUndoStack())
    yield map_scene, map_scene.document, map_scene.undo_stack
    map_scene.close()


def _as_measured_afresh(map_scene: MapScene, document: MapDocument) -> None:
    """What the scene shows of the map's reach is what a new scene of the document shows."""
    fresh = MapScene(document, None if not map_scene.editable else QUndoStack())
    try:
        assert map_scene.band_width == fresh.band_width
        assert map_scene.content_rect() == fresh.content_rect()
        assert map_scene.sceneRect() == fresh.sceneRect()
        assert map_scene.largest_wait == fresh.largest_wait
        for lane in document.lanes:
            assert map_scene.lane_member_count(lane.id) == fresh.lane_member_count(lane.id)
    finally:
        fresh.close()


def test_the_map_s_reach_follows_its_rightmost_element_out_and_back(scene):
    map_scene, document, _ = scene
    width = map_scene.band_width
    document.move_elements({"s7": (4000.0, 120.0)})  # far right: the lanes grow
    assert map_scene.band_width > width + 1500
    _as_measured_afresh(map_scene, document)

    document.move_elements({"s7": (2120.0, 120.0)})  # back: the lanes shrink to the map again
    assert map_scene.band_width == width
    _as_measured_afresh(map_scene, document)


def test_the_map_s_reach_follows_deletes_undos_adds_and_kind_changes(scene):
    map_scene, document, stack = scene
    rightmost = ["s6", "s7"]
    stack.push(RemoveItemsCommand(document, rightmost))
    _as_measured_afresh(map_scene, document)
    stack.undo()
    _as_measured_afresh(map_scene, document)

    document.add_elements([Element(id="low", name="Far below", lane_id="ops", x=500, y=900)])
    _as_measured_afresh(map_scene, document)
    document.update_element("s0", kind=ElementKind.START)  # a wider symbol, out of the flow
    _as_measured_afresh(map_scene, document)
    document.update_element("k", target_id="s1")  # the idea line swings back left
    document.move_elements({"k": (5000.0, -600.0)})
    _as_measured_afresh(map_scene, document)
    document.remove_elements(["k"])
    _as_measured_afresh(map_scene, document)


def test_the_map_s_reach_follows_an_arrow_that_loops_beyond_the_elements(scene):
    map_scene, document, _ = scene
    # A rework arrow from the last step back to the first arcs above every element.
    document.add_connections([Connection(id="back", source_id="s7", target_id="s0",
                                         kind=ConnectionKind.REWORK)])  # fmt: skip
    arc = map_scene.connection_item("back").sceneBoundingRect()
    assert arc.top() < min(item.sceneBoundingRect().top() for item in map_scene.element_items())
    _as_measured_afresh(map_scene, document)
    document.move_elements({"s0": (300.0, 40.0), "s7": (2120.0, -200.0)})  # it arcs higher
    assert map_scene.connection_item("back").sceneBoundingRect().top() < arc.top()
    _as_measured_afresh(map_scene, document)
    document.move_elements({"s0": (300.0, 360.0), "s7": (2120.0, 120.0)})  # and back down
    _as_measured_afresh(map_scene, document)


def test_lane_counts_and_the_largest_wait_follow_moves_between_lanes_and_wait_edits(scene):
    map_scene, document, _ = scene
    document.update_element("s7", wait_time=100.0)
    assert map_scene.largest_wait == 100.0
    document.update_element("s7", lane_id="ops")
    assert map_scene.lane_member_count("ops") == 5 and map_scene.lane_member_count("team") == 3
    _as_measured_afresh(map_scene, document)
    document.remove_elements(["s7"])  # the largest wait goes with it
    assert map_scene.largest_wait == 7.0
    _as_measured_afresh(map_scene, document)


def test_a_new_map_in_the_document_is_measured_as_its_own(scene):
    map_scene, document, _ = scene
    document.move_elements({"s7": (6000.0, 120.0)})
    small = ValueStreamMap(lanes=[Lane(id="team", name="Team")], elements=[
        Element(id="only", name="Only", lane_id="team", x=300, y=100, wait_time=2.0)])
    document.replace(small)
    _as_measured_afresh(map_scene, document)


def _element(key: int, wait: float | None, lane: int) -> Element:
    kind = ElementKind.STEP if wait is not None else ElementKind.NOTE
    return Element(id=f"e{key}", kind=kind, name="E", lane_id=f"l{lane}", wait_time=wait)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 4), st.one_of(st.none(), st.floats(0, 50)),
                          st.integers(0, 2), st.booleans()), max_size=30))  # fmt: skip
def test_the_tally_counts_lanes_and_finds_the_largest_wait_after_any_changes(steps):
    tally, held = ElementTally(), {}
    for key, wait, lane, gone in steps:
        element = _element(key, wait, lane)
        changed = tally.discard(element.id) if gone else tally.put(element)
        before = held.pop(element.id, None)
        if not gone:
            held[element.id] = element
        after = held.get(element.id)
        lanes = {e.lane_id for e in (before, after) if e is not None}
        assert changed == (set() if before and after and before.lane_id == after.lane_id
                           else lanes)  # fmt: skip
        waits = [e.wait_time for e in held.values() if e.kind.in_flow]
        assert tally.largest_wait == max(waits, default=0.0)
        for index in range(3):
            counted = sum(1 for e in held.values() if e.lane_id == f"l{index}")
            assert tally.lane_count(f"l{index}") == counted
