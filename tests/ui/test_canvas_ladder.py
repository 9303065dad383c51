"""The canvas's lead-time ladder is drawn from drawing/ladder.py's geometry, as the PDF's is:
the map laid out by hand in tests/drawing/ladder_map.py gives the same rungs here."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, qGray
from PySide6.QtWidgets import QStyleOptionGraphicsItem

from tests.drawing.ladder_map import HAND_LINES, ladder_map
from tests.ui.test_canvas_level_of_detail import ladder_of, painted, scene_of
from vsm_desktop.analysis import analyze
from vsm_desktop.model import Connection, Element, Lane, ValueStreamMap, format_duration
from vsm_desktop.ui.commands import UpdateElementsCommand

from .conftest import two_team_map, wait_for_figures


@pytest.fixture
def scene(qapp):
    map_scene = scene_of(ladder_map())
    yield map_scene
    map_scene.close()


def _lines(path: QPainterPath) -> list[tuple[float, float]]:
    """The horizontal pieces of a path of rungs: (left, right) per moveTo-lineTo pair."""
    points = [path.elementAt(i) for i in range(path.elementCount())]
    return [(a.x, b.x) for a, b in zip(points[::2], points[1::2], strict=True)]


def _darkest_ink(ladder) -> int:
    """The darkest grey level (0 black, 255 white) of the ladder painted on white."""
    bounds = ladder.boundingRect()
    image = QImage(int(bounds.width()) + 1, int(bounds.height()) + 1, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.translate(-bounds.left(), -bounds.top())
    option = QStyleOptionGraphicsItem()
    option.exposedRect = bounds
    ladder.paint(painter, option, None)
    painter.end()
    return min(qGray(image.pixel(x, y)) for x in range(0, image.width(), 2)
               for y in range(image.height()))


def test_the_canvas_draws_the_rungs_the_geometry_lays_out(scene):
    ladder = ladder_of(scene)
    painter = painted(ladder, 1.0, ladder.boundingRect())
    risers, waits, processes = painter.paths
    for drawn, is_wait in ((waits, True), (processes, False)):
        assert _lines(drawn) == [(a, b) for a, b, wait, _ in HAND_LINES if wait is is_wait]
    # Five joins, each straight up or down where a rung ends (the next starts right there).
    riser_xs = [risers.elementAt(i).x for i in range(risers.elementCount())]
    assert riser_xs == [x for x in (235.0, 365.0, 530.0, 670.0, 835.0) for _ in range(2)]
    calendar = scene.document.calendar
    for hours in (6.0, 3.0, 1.0, 10.0, 7.0):  # rungs' figures, then lead time and wait totals
        assert format_duration(hours, calendar) in painter.texts
    assert ladder.geometry is not None and ladder.geometry.aligned


def test_the_ladder_follows_an_edit_of_the_map(scene):
    # Moving Live left of Build turns the path back: the rungs are spaced evenly instead.
    scene.document.update_element("live", x=450.0)
    scene.set_analysis(analyze(scene.document))
    geometry = ladder_of(scene).geometry
    assert geometry is not None and not geometry.aligned
    process = [line for line in geometry.lines if not line.is_wait]
    assert all(line.width == pytest.approx(process[0].width) for line in process)
    assert QRectF(scene.ladder_rect()).right() > process[-1].right


def test_an_edit_greys_the_ladder_until_its_own_figures_land(scene):
    ladder = ladder_of(scene)
    laid_out = ladder.geometry
    scene.document.update_element("build", wait_time=9.0)

    # The old analysis's rungs stay as they were (not laid out again for figures about to be
    # replaced), greyed and saying so.
    assert ladder.geometry is laid_out
    assert ladder.waiting_for_figures
    waiting = painted(ladder, 1.0, ladder.boundingRect())
    assert "Lead-time\nladder:\ncalculating…" in waiting.texts
    greyed = _darkest_ink(ladder)

    scene.set_analysis(analyze(scene.document))
    assert not ladder.waiting_for_figures
    assert ladder.geometry is not laid_out
    figures = [line.label for line in ladder.geometry.lines]
    assert format_duration(11.0, scene.document.calendar) in figures  # 9 h + the 2 h delay
    assert "Lead-time\nladder" in painted(ladder, 1.0, ladder.boundingRect()).texts
    assert _darkest_ink(ladder) < greyed - 60  # full ink again


def test_the_ladder_moves_under_lanes_that_grow_without_being_laid_out_again(scene):
    ladder = ladder_of(scene)
    laid_out = ladder.geometry
    rungs = painted(ladder, 1.0, ladder.boundingRect()).paths
    scene.document.update_lane("team", height=500)

    lanes_bottom = scene.document.lane_bands()[-1].bottom
    assert scene.ladder_rect().top() > lanes_bottom
    assert scene.sceneRect().bottom() >= scene.ladder_rect().bottom()
    assert ladder.geometry is laid_out
    assert painted(ladder, 1.0, ladder.boundingRect()).paths == rungs  # drawn from its own top


def test_presenting_hides_and_shows_a_greyed_ladder_still_greyed(scene):
    ladder = ladder_of(scene)
    scene.document.update_element("build", wait_time=9.0)
    scene.set_ladder_wanted(False)
    assert not ladder.isVisible()
    scene.set_ladder_wanted(True)
    assert ladder.isVisible() and ladder.waiting_for_figures


def test_in_the_window_an_edit_s_ladder_is_laid_out_once_by_the_figures_worker(
    qtbot, window, figures_worked_out
):
    worked_out = figures_worked_out
    window.files.set_map(two_team_map(), None)
    wait_for_figures(qtbot, window)
    ladder = ladder_of(window.view.scene())
    before = ladder.geometry

    window.undo_stack.push(UpdateElementsCommand(
        window.document, {"build": {"wait_time": 3.0}}, "Change wait time of 'Build'"))
    assert ladder.waiting_for_figures and ladder.geometry is before  # the event loop has not run
    wait_for_figures(qtbot, window)
    assert not ladder.waiting_for_figures
    assert ladder.geometry is worked_out[-1].ladder.geometry  # as the worker laid it out
    assert ladder.pieces is worked_out[-1].ladder.pieces  # and built its paths
    assert format_duration(3.0, window.document.calendar) in [
        line.label for line in ladder.geometry.lines]


def _long_line(steps: int) -> ValueStreamMap:
    """Steps 300 apart in one lane, each on the critical path."""
    elements = [Element(id=f"s{i}", name=f"Step {i}", lane_id="team", x=400 + 300 * i, y=120,
                        process_time=1.0, wait_time=float(i % 9 + 1)) for i in range(steps)]
    return ValueStreamMap(
        lanes=[Lane(id="team", name="Team", height=240)], elements=elements,
        connections=[Connection(source_id=a.id, target_id=b.id)
                     for a, b in zip(elements, elements[1:], strict=False)])  # fmt: skip


def test_a_long_ladder_draws_every_rung_once_and_only_the_pieces_on_screen(qapp):
    long_scene = scene_of(_long_line(300))
    try:
        ladder = ladder_of(long_scene)
        lines = ladder.geometry.lines
        everything = painted(ladder, 1.0, ladder.boundingRect()).paths
        drawn = [piece for path in everything[len(everything) // 3:] for piece in _lines(path)]
        assert sorted(drawn) == sorted((line.left, line.right) for line in lines)

        screen = QRectF(30_000, 0, 1400, ladder.boundingRect().height())
        on_screen = painted(ladder, 1.0, screen).paths
        near = [piece for path in on_screen for piece in _lines(path)
                if piece[1] >= screen.left() and piece[0] <= screen.right()]  # fmt: skip
        assert {(line.left, line.right) for line in lines
                if line.right >= screen.left() and line.left <= screen.right()} <= set(near)
        elements = sum(path.elementCount() for path in on_screen)
        assert elements * 4 < sum(path.elementCount() for path in everything)
    finally:
        long_scene.close()
