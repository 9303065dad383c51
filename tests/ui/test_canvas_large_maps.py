"""What the canvas keeps instead of working out again, so a 10,000-element map opens and drags
quickly: the element outlines arrows route around (by place), the one handover lit during a
drag, and an arrow's drawn path and an element's wrapped name (made when first drawn).

These are caches of what the items show; the tests move, delete, re-kind and rename elements and
check that what is drawn and gone around is what is there now, never what was there before.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter

from vsm_desktop.model import Connection, Element, ElementKind, Lane, ValueStreamMap
from vsm_desktop.ui.canvas.scene import MapScene

from . import mouse
from .test_canvas_level_of_detail import painted, scene_of


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
    map_scene = scene_of(_map())
    yield map_scene, map_scene.document
    map_scene.close()


def _crosses(map_scene: MapScene, connection_id: str, rect: QRectF) -> bool:
    """Whether the arrow's drawn line runs through the inside of rect."""
    arrow = map_scene.connection_item(connection_id)
    assert not arrow.full_label  # the hit shape is then the stroked line alone
    return arrow.shape().intersects(rect.adjusted(1, 1, -1, -1))


def _move(document, element_id: str, x: float, y: float) -> None:
    document.move_elements({element_id: (x, y)})


def test_an_arrow_rerouted_goes_around_the_element_where_it_stands_now(scene):
    map_scene, document = scene
    in_the_way = map_scene.element_item("m").outline_rect()

    _move(document, "c", 1010, 450)  # the arrow's end moved: it is routed again

    assert not _crosses(map_scene, "ac", in_the_way)

    _move(document, "m", 650, 560)  # out of the way, low in the lane
    _move(document, "c", 1000, 450)

    # It takes the middle of the gap again, where M stood, and not around M's new place.
    assert _crosses(map_scene, "ac", in_the_way)
    assert not _crosses(map_scene, "ac", map_scene.element_item("m").outline_rect())


def test_a_deleted_element_is_no_longer_gone_around(scene):
    map_scene, document = scene
    stood = map_scene.element_item("m").outline_rect()
    _move(document, "c", 1010, 450)
    assert not _crosses(map_scene, "ac", stood)

    document.remove_elements(["m"])
    _move(document, "c", 1000, 450)

    assert _crosses(map_scene, "ac", stood)


def test_an_element_that_changes_kind_is_gone_around_by_its_new_outline(scene):
    map_scene, document = scene
    step = map_scene.element_item("m").outline_rect()
    document.update_element("m", kind=ElementKind.QUEUE)
    _move(document, "c", 1010, 450)

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


def _drawn_at(map_scene: MapScene, point: QPointF) -> bool:
    """Whether anything darker than the lane is painted at a scene point (rendered 1:1)."""
    area = QRectF(point.x() - 2, point.y() - 2, 5, 5)
    image = QImage(5, 5, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    map_scene.render(painter, QRectF(0, 0, 5, 5), area)
    painter.end()
    return QColor(image.pixel(2, 2)).lightness() < 160


def test_an_arrow_is_painted_where_it_runs_now_after_its_end_moves(scene):
    map_scene, document = scene
    arrow = map_scene.connection_item("de")
    start, end = arrow.end_points()
    old_middle = (start + end) / 2
    assert _drawn_at(map_scene, old_middle)  # painted once: its path is made

    _move(document, "e", 1800, 450)  # the arrow now bends down to E

    assert not _drawn_at(map_scene, old_middle + QPointF(60, 0))
    start, end = arrow.end_points()
    assert end.y() == pytest.approx(450)
    assert _drawn_at(map_scene, QPointF(end.x() - 20, end.y()))  # the last stretch into E


def test_a_renamed_element_is_painted_with_its_new_name(scene):
    map_scene, document = scene
    item = map_scene.element_item("a")
    assert "Intake" in painted(item, 1.0, item.boundingRect()).texts  # its name is wrapped

    document.update_element("a", name="Intake of every request from every customer segment")

    texts = "\n".join(painted(item, 1.0, item.boundingRect()).texts)
    assert "Intake of every" in texts
    assert "Intake" not in texts.split("\n")


def test_the_overview_of_a_very_long_map_shows_where_its_elements_stand(open_canvas):
    """Under two pixels a step, the overview is sketched from the scene's lists; it must still
    show the lanes and mark where the elements are, and only there."""
    from vsm_desktop.ui.canvas.overview_map import SKETCH_BELOW_SCALE

    busy, quiet = Lane(id="busy", name="Busy"), Lane(id="quiet", name="Quiet")
    steps = [Element(id=f"s{i}", name=f"Step {i}", lane_id="busy", x=300 + 230 * i, y=100)
             for i in range(60)]  # fmt: skip
    far = Element(id="far", name="Far away", lane_id="quiet", x=30_000, y=300)
    view, _, _ = open_canvas(ValueStreamMap(lanes=[busy, quiet], elements=[*steps, far]),
                             (600, 200))  # fmt: skip
    view.overview.refresh()
    overview = view.overview
    content = view.scene().content_rect()
    assert overview.widget_rect(content).width() / content.width() < SKETCH_BELOW_SCALE

    picture = overview.grab().toImage()

    def lightness(x: float, y: float) -> int:
        spot = overview.widget_rect(QRectF(x, y, 0, 0)).topLeft().toPoint()
        return QColor(picture.pixel(spot)).lightness()

    lane_only = lightness(20_000, 100)
    assert lightness(300 + 230 * 30, 100) < lane_only - 10  # a row of steps
    assert lightness(30_000, 300) < lightness(20_000, 300) - 10  # the one far element
    assert lightness(20_000, 100) == lightness(25_000, 100)  # nothing where nothing stands
    assert lightness(20_000, 100) != lightness(20_000, 300)  # the lanes' bands alternate


def test_the_scene_fits_the_ladder_of_each_new_analysis_and_the_map_of_each_edit(qapp):
    """A new analysis re-measures the ladder only; the map is measured when an edit ends."""
    from vsm_desktop.analysis import analyze

    map_scene = scene_of(_map())
    document = map_scene.document
    try:
        with_ladder = map_scene.sceneRect()
        assert with_ladder.bottom() >= map_scene.ladder_rect().bottom()

        map_scene.set_analysis(None)  # no figures: no ladder, and no room kept for it
        assert map_scene.sceneRect().bottom() < with_ladder.bottom() - 50

        _move(document, "e", 4000, 100)  # an edit: the map grows to the right
        map_scene.set_analysis(analyze(document))
        assert map_scene.sceneRect().right() > 4000
        assert map_scene.sceneRect().bottom() >= map_scene.ladder_rect().bottom()
    finally:
        map_scene.close()
