"""The canvas's lead-time ladder is drawn from drawing/ladder.py's geometry, as the PDF's is:
the map laid out by hand in tests/drawing/ladder_map.py gives the same rungs here."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainterPath

from tests.drawing.ladder_map import HAND_LINES, ladder_map
from tests.ui.test_canvas_level_of_detail import ladder_of, painted, scene_of
from vsm_desktop.analysis import analyze
from vsm_desktop.model import format_duration


@pytest.fixture
def scene(qapp):
    map_scene = scene_of(ladder_map())
    yield map_scene
    map_scene.close()


def _lines(path: QPainterPath) -> list[tuple[float, float]]:
    """The horizontal pieces of a path of rungs: (left, right) per moveTo-lineTo pair."""
    points = [path.elementAt(i) for i in range(path.elementCount())]
    return [(a.x, b.x) for a, b in zip(points[::2], points[1::2], strict=True)]


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
