"""Level of detail: what the canvas writes depends on the zoom and on what is on screen.

Items are painted with a real QPainter on an image; the painter only records which texts it was
asked to write, so the tests can tell a figure that was drawn from one that was skipped.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPainter, QPainterPath, QTransform, QUndoStack
from PySide6.QtWidgets import QStyleOptionGraphicsItem

from vsm_desktop.analysis import analyze
from vsm_desktop.model import (
    Connection,
    Element,
    Lane,
    MapDocument,
    ValueStreamMap,
    WorkCalendar,
    format_duration,
)
from vsm_desktop.ui.canvas.items import FINE_DETAIL, NAME_DETAIL
from vsm_desktop.ui.canvas.scene import MapScene

STEPS = 40


class RecordingPainter(QPainter):
    """A QPainter that remembers the texts it writes and the paths it strokes."""

    def __init__(self, image: QImage) -> None:
        super().__init__(image)
        self.texts: list[str] = []
        self.paths: list[QPainterPath] = []

    def drawText(self, *args) -> None:  # noqa: N802 (Qt's name)
        self.texts.append(args[-1])
        super().drawText(*args)

    def drawPath(self, path: QPainterPath) -> None:  # noqa: N802 (Qt's name)
        self.paths.append(QPainterPath(path))
        super().drawPath(path)


def _line_of_steps() -> ValueStreamMap:
    """40 steps 300 apart, each waiting (i + 1) hours and working 1 hour: all on the path."""
    lane = Lane(id="team", name="Team", height=240)
    steps = [
        Element(
            id=f"s{i}",
            name=f"Step {i}",
            lane_id="team",
            x=400 + 300 * i,
            y=120,
            process_time=1.0,
            wait_time=float(i + 1),
        )
        for i in range(STEPS)
    ]
    connections = [
        Connection(source_id=a.id, target_id=b.id) for a, b in zip(steps, steps[1:], strict=False)
    ]
    return ValueStreamMap(lanes=[lane], elements=steps, connections=connections)


def scene_of(value_stream_map: ValueStreamMap) -> MapScene:
    """A scene of the map with its analysis shown."""
    document = MapDocument(value_stream_map)
    map_scene = MapScene(document, QUndoStack())
    map_scene.set_analysis(analyze(document))
    return map_scene


@pytest.fixture
def scene(qapp):
    map_scene = scene_of(_line_of_steps())
    yield map_scene
    map_scene.close()


def ladder_of(map_scene: MapScene):
    return next(item for item in map_scene.items() if type(item).__name__ == "LadderItem")


def painted(item, zoom: float, exposed: QRectF) -> RecordingPainter:
    """The item painted at the zoom with only `exposed` to draw, recorded."""
    image = QImage(64, 64, QImage.Format.Format_ARGB32)
    painter = RecordingPainter(image)
    painter.setWorldTransform(QTransform.fromScale(zoom, zoom))
    option = QStyleOptionGraphicsItem()
    option.exposedRect = exposed
    try:
        item.paint(painter, option, None)
    finally:
        painter.end()
    return painter


def _paint(item, zoom: float, exposed: QRectF) -> list[str]:
    return painted(item, zoom, exposed).texts


def _hours(hours: float) -> str:
    return format_duration(hours, WorkCalendar())


def _rung_texts(texts: list[str]) -> list[str]:
    """The figures on rungs: waits of 1 to 40 hours, process times of 1 hour."""
    rungs = {_hours(hours) for hours in range(1, STEPS + 1)}
    return [text for text in texts if text in rungs]


def test_the_ladder_writes_every_figure_when_all_of_it_is_exposed(scene):
    ladder = ladder_of(scene)
    texts = _paint(ladder, 1.0, ladder.boundingRect())

    # 40 process rungs and a wait rung before each step but the first (it has nothing before).
    assert len(_rung_texts(texts)) >= STEPS + STEPS - 1
    assert "Lead time" in texts and "Lead-time\nladder" in texts


def test_the_ladder_writes_only_the_figures_on_screen(scene):
    ladder = ladder_of(scene)
    everything = ladder.boundingRect()
    # A screen's worth around steps 10 to 13 (x from 3400 to 4300).
    window = QRectF(3400, everything.top(), 900, everything.height())

    written = _paint(ladder, 1.0, window)
    texts = _rung_texts(written)

    assert 0 < len(texts) <= 2 * 4 + 2  # about four steps: their rungs and one each side
    # Step i waits i + 1 hours, so the waits on screen are those of steps 9 to 14, not step 30.
    waits = {text for text in texts if text != _hours(1)}
    assert waits and waits <= {_hours(hours) for hours in range(10, 16)}
    assert "Lead time" not in written  # the totals sit at the far right, off this screen


def test_zoomed_far_out_the_ladder_draws_lines_but_no_figures(scene):
    ladder = ladder_of(scene)
    texts = _paint(ladder, NAME_DETAIL / 2, ladder.boundingRect())
    assert texts == []


def test_data_boxes_show_figures_only_from_fine_detail(scene):
    step = scene.element_item("s5")
    bounds = step.boundingRect()

    close = _paint(step, FINE_DETAIL + 0.05, bounds)
    middle = _paint(step, (NAME_DETAIL + FINE_DETAIL) / 2, bounds)
    far = _paint(step, NAME_DETAIL / 2, bounds)

    assert {"PT", "Wait", "6 h"} <= set(close)  # step 5 waits 6 hours
    assert "Step 5" in middle and "PT" not in middle  # the name, not the small print
    assert far == []


class MeasuringPainter(RecordingPainter):
    """Also notes how high each text comes out on screen: font pixels times zoom."""

    def __init__(self, image: QImage) -> None:
        super().__init__(image)
        self.heights: dict[str, float] = {}

    def drawText(self, *args) -> None:  # noqa: N802 (Qt's name)
        self.heights[args[-1]] = self.font().pixelSize() * self.worldTransform().m11()
        super().drawText(*args)


def _measure(item, zoom: float) -> dict[str, float]:
    image = QImage(64, 64, QImage.Format.Format_ARGB32)
    painter = MeasuringPainter(image)
    painter.setWorldTransform(QTransform.fromScale(zoom, zoom))
    option = QStyleOptionGraphicsItem()
    option.exposedRect = item.boundingRect()
    try:
        item.paint(painter, option, None)
    finally:
        painter.end()
    return painter.heights


@pytest.mark.parametrize("fit_zoom", [0.41, 0.47])
def test_at_fit_map_a_step_shows_its_name_and_wait_in_large_type(scene, fit_zoom):
    """Fit Map on a laptop lands at 41-47 %: too small for the data rows, not for the figures."""
    step = scene.element_item("s5")  # waits 6 hours
    wait = _hours(6)

    close = _measure(step, FINE_DETAIL)
    far = _measure(step, fit_zoom)

    assert "PT" in close and "PT" not in far and "%C&A" not in far  # the rows give way
    # ... to the name and the wait, each written larger on screen than the figures of the
    # data box were: 11 px bold in the scene at 60 % is 6.6 px; the summary aims at 10 px.
    assert far["Step 5"] >= 9.5 and far[wait] >= 9.5
    assert far[wait] > close[wait] and far["Step 5"] > 11 * FINE_DETAIL


def test_presenting_never_writes_a_step_under_11_px(scene):
    from vsm_desktop.ui.canvas.style import CanvasStyle
    from vsm_desktop.ui.canvas.view import PRESENTATION_SCALE, PRESENTED_MIN_PX

    scene.set_style(CanvasStyle(scale=PRESENTATION_SCALE, min_text_px=PRESENTED_MIN_PX))
    step = scene.element_item("s5")
    for zoom in (0.2, 0.3, 0.4, 0.5, 0.7, 1.0, 1.2, 1.5):
        heights = _measure(step, zoom)
        assert all(height >= 11 for height in heights.values()), (zoom, heights)
    # Far enough out that even the largest type would be small, nothing is written at all.
    assert _measure(step, 0.2) == {}
    # From where the data box's labels reach 11 px, the whole box is back.
    assert {"PT", "Wait"} <= set(_measure(step, 1.2))
