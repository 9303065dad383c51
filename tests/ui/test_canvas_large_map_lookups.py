"""What the canvas looks up by place instead of walking every item, so a 10,000-element map drags
smoothly: the element outlines arrows route around, and the one handover lit during a drag.

The lookups are caches of what the items show; these tests move, delete and re-kind elements
and check that arrows still go around what is there now and never around what has left.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QUndoStack

from vsm_desktop.model import Connection, Element, ElementKind, Lane, MapDocument, ValueStreamMap
from vsm_desktop.ui.canvas.scene import MapScene
from vsm_desktop.ui.commands import MoveElementsCommand

from . import mouse


def _map() -> ValueStreamMap:
    """One tall lane: A (top left) -> C (bottom right); step M stands where the arrow's
    vertical leg would run, halfway between them; D -> E is a second handover further on."""
    lane = Lane(id="team", name="Team", height=600)
    return ValueStreamMap(
        lanes=[lane],
        elements=[
            Element(id="a", name="Intake", lane_id="team", x=300, y=100),
            Element(id="c", name="Deploy", lane_id="team", x=1000, y=450),
            Element(id="m", name="In the way", lane_id="team", x=650, y=275),
            Element(id="d", name="Plan", lane_id="team", x=1300, y=100),
            Element(id="e", name="Run", lane_id="team", x=1800, y=100),
        ],
        connections=[
            Connection(id="ac", source_id="a", target_id="c"),
            Connection(id="de", source_id="d", target_id="e"),
        ],
    )


@pytest.fixture
def scene(qapp):
    document = MapDocument(_map())
    stack = QUndoStack()
    map_scene = MapScene(document, stack)
    yield map_scene, document, stack
    map_scene.close()


def _crosses(map_scene: MapScene, connection_id: str, rect: QRectF) -> bool:
    """Whether the arrow's drawn line runs through the inside of rect."""
    arrow = map_scene.connection_item(connection_id)
    assert not arrow.full_label  # the hit shape is then the stroked line alone
    return arrow.shape().intersects(rect.adjusted(1, 1, -1, -1))


def _move(document, stack, element_id: str, x: float, y: float) -> None:
    element = document.element(element_id)
    stack.push(MoveElementsCommand(document, {element_id: (element.x, element.y)},
                                   {element_id: (x, y)}, {}))  # fmt: skip


def test_an_arrow_rerouted_goes_around_the_element_where_it_stands_now(scene):
    map_scene, document, stack = scene
    in_the_way = map_scene.element_item("m").outline_rect()

    _move(document, stack, "c", 1010, 450)  # the arrow's end moved: it is routed again

    assert not _crosses(map_scene, "ac", in_the_way)

    _move(document, stack, "m", 650, 560)  # out of the way, low in the lane
    _move(document, stack, "c", 1000, 450)

    # It takes the middle of the gap again, where M stood, and not around M's new place.
    assert _crosses(map_scene, "ac", in_the_way)
    assert not _crosses(map_scene, "ac", map_scene.element_item("m").outline_rect())


def test_a_deleted_element_is_no_longer_gone_around(scene):
    map_scene, document, stack = scene
    stood = map_scene.element_item("m").outline_rect()
    _move(document, stack, "c", 1010, 450)
    assert not _crosses(map_scene, "ac", stood)

    document.remove_elements(["m"])
    _move(document, stack, "c", 1000, 450)

    assert _crosses(map_scene, "ac", stood)


def test_an_element_that_changes_kind_is_gone_around_by_its_new_outline(scene):
    map_scene, document, stack = scene
    step = map_scene.element_item("m").outline_rect()
    document.update_element("m", kind=ElementKind.QUEUE)
    _move(document, stack, "c", 1010, 450)

    queue = map_scene.element_item("m").outline_rect()
    assert queue.width() < step.width() / 2  # the inventory triangle, not the step it was
    assert not _crosses(map_scene, "ac", queue)
    assert _crosses(map_scene, "ac", step)  # close by: around the triangle, not the old step


def test_only_the_handover_under_a_dragged_element_is_lit_and_none_after(open_canvas, qtbot):
    loose = Element(id="l", name="Loose", lane_id="team", x=1550, y=450)
    value_stream_map = _map()
    value_stream_map.elements.append(loose)
    view, _, _ = open_canvas(value_stream_map, (1300, 300))
    map_scene = view.scene()

    def lit() -> list[str]:
        return [i.connection_id for i in map_scene.connection_items() if i.is_drop_target]

    mouse.press_and_move(qtbot, view, mouse.at(view, 1550, 450), mouse.at(view, 1550, 104))
    assert lit() == ["de"]
    qtbot.mouseMove(view.viewport(), mouse.at(view, 1550, 300))  # off the arrow again
    assert lit() == []
    qtbot.mouseMove(view.viewport(), mouse.at(view, 1500, 100))
    assert lit() == ["de"]
    qtbot.keyClick(view.viewport(), Qt.Key.Key_Escape)  # the drag is cancelled
    assert lit() == []
