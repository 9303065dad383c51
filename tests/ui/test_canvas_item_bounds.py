"""Items keep their bounds in Qt (for speed); the bounds must still follow every change.

An item that draws outside its bounding rect leaves trails when it moves, and one whose bounds
lag behind its shape cannot be clicked where it is drawn.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QUndoStack

from vsm_desktop.model import (
    Connection,
    ConnectionKind,
    Element,
    ElementKind,
    Lane,
    MapDocument,
    ValueStreamMap,
)
from vsm_desktop.ui.canvas.scene import MapScene
from vsm_desktop.ui.commands import MoveElementsCommand, UpdateLaneCommand


def _map() -> ValueStreamMap:
    team, ops = Lane(id="team", name="Team", height=200), Lane(id="ops", name="Ops", height=200)
    a = Element(id="a", name="Intake", lane_id="team", x=300, y=100)
    b = Element(id="b", name="Review", lane_id="team", x=700, y=100)
    c = Element(id="c", name="Deploy", lane_id="ops", x=1100, y=300)
    idea = Element(id="k", kind=ElementKind.KAIZEN, name="Automate", x=700, y=-60, target_id="b")
    return ValueStreamMap(
        lanes=[team, ops],
        elements=[a, b, c, idea],
        connections=[
            Connection(id="ab", source_id="a", target_id="b", label="Ticket"),
            Connection(id="bc", source_id="b", target_id="c", delay=4),
            Connection(id="ba", source_id="b", target_id="a", kind=ConnectionKind.REWORK),
        ],
    )


@pytest.fixture
def scene(qapp):
    document = MapDocument(_map())
    stack = QUndoStack()
    map_scene = MapScene(document, stack)
    yield map_scene, document, stack
    map_scene.close()


def _covers(outer: QRectF, inner: QRectF) -> bool:
    return outer.adjusted(-0.01, -0.01, 0.01, 0.01).contains(inner)


def _assert_bounds_cover_drawing(map_scene: MapScene) -> None:
    for item in map_scene.connection_items():
        bounds = item.boundingRect()
        assert _covers(bounds, item.shape().boundingRect()), item.connection_id
        if item.label_rect().isValid():
            assert _covers(bounds, item.label_rect()), item.connection_id
    for item in map_scene.element_items():
        bounds = item.boundingRect()
        assert _covers(bounds, item.shape().boundingRect()), item.element_id
        assert _covers(item.sceneBoundingRect(), item.outline_rect()), item.element_id


def test_arrow_bounds_follow_a_move_of_their_ends(scene):
    map_scene, document, stack = scene
    arrow = map_scene.connection_item("bc")
    before = arrow.sceneBoundingRect()

    stack.push(MoveElementsCommand(document, {"c": (1100, 300)}, {"c": (1600, 700)}, {}))

    after = arrow.sceneBoundingRect()
    target = map_scene.element_item("c").outline_rect()
    assert after.right() >= target.left()  # it reaches the moved target's left side
    assert after.bottom() >= target.center().y()
    assert after != before
    _assert_bounds_cover_drawing(map_scene)


def test_an_arrow_is_hit_where_it_is_drawn_and_not_beside_it(scene):
    map_scene, _, _ = scene
    start, end = map_scene.connection_item("ab").end_points()
    middle = (start + end) / 2
    assert start.y() == pytest.approx(end.y())  # a straight arrow along the lane

    hit = [getattr(item, "connection_id", None) for item in map_scene.items(middle)]
    missed = [
        getattr(item, "connection_id", None) for item in map_scene.items(middle + QPointF(0, 40))
    ]

    assert "ab" in hit
    assert "ab" not in missed


def test_arrow_ends_are_where_the_path_starts_and_stops(scene):
    map_scene, _, _ = scene
    a, b = map_scene.element_item("a"), map_scene.element_item("b")
    start, end = map_scene.connection_item("ab").end_points()

    assert start.x() == pytest.approx(a.outline_rect().right())
    assert end.x() == pytest.approx(b.outline_rect().left())


def test_lane_bounds_follow_a_resize(scene):
    map_scene, document, stack = scene
    stack.push(UpdateLaneCommand(document, "team", {"height": 320.0}, "Resize lane"))

    team, ops = map_scene.lane_item("team"), map_scene.lane_item("ops")
    assert team.sceneBoundingRect().height() == pytest.approx(321)  # the 1-unit border line
    assert ops.sceneBoundingRect().top() == pytest.approx(320)
    assert map_scene.items(QPointF(40, 300))[-1] is team  # the grown band is hit there


def test_idea_line_bounds_follow_its_target(scene):
    map_scene, document, stack = scene
    stack.push(MoveElementsCommand(document, {"b": (700, 100)}, {"b": (1500, 100)}, {}))

    link = next(item for item in map_scene.items() if type(item).__name__ == "KaizenLinkItem")
    assert link.sceneBoundingRect().right() >= map_scene.element_item("b").outline_rect().left()
    _assert_bounds_cover_drawing(map_scene)
