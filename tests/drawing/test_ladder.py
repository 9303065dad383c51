"""The lead-time ladder's geometry (drawing/ladder.py), worked out by hand, and the PDF's
ladder drawn from it."""

import re

import pytest
from reportlab.pdfgen.canvas import Canvas

from tests.drawing.ladder_map import HAND_LINES, ladder_map
from vsm_desktop.analysis import analyze
from vsm_desktop.drawing.ladder import critical_rungs, ladder_geometry
from vsm_desktop.export.pdf_ladder import TOTALS_WIDTH, draw_ladder
from vsm_desktop.model import WorkCalendar, format_duration

CALENDAR = WorkCalendar()


def _flat(pairs) -> list[float]:
    return [value for pair in pairs for value in pair]


def _text(hours: float) -> str:
    return format_duration(hours, CALENDAR) if hours else ""


def geometry_of(value_stream_map, right=2000.0, min_pitch=0.0):
    analysis = analyze(value_stream_map)
    rungs = critical_rungs(value_stream_map, analysis)
    return ladder_geometry(rungs, analysis, CALENDAR, right=right, min_pitch=min_pitch)


def test_rungs_sit_under_their_elements_when_the_path_runs_left_to_right():
    geometry = geometry_of(ladder_map())
    assert geometry.aligned
    assert [(line.left, line.right, line.is_wait, line.label) for line in geometry.lines] == [
        (left, right, is_wait, _text(hours)) for left, right, is_wait, hours in HAND_LINES
    ]
    # Each rung joins the next where it ends: down into a process rung, up into a wait.
    assert [(r.x, r.to_x, r.from_wait, r.to_wait) for r in geometry.risers] == [
        (235.0, 235.0, True, False), (365.0, 365.0, False, True), (530.0, 530.0, True, False),
        (670.0, 670.0, False, True), (835.0, 835.0, True, False),
    ]
    assert [(t.label, t.value, t.tone) for t in geometry.totals] == [
        ("Lead time", _text(10), "lead"), ("Wait", _text(7), "wait"),
        ("Process", _text(3), "process"),
    ]


def test_rungs_are_spaced_evenly_when_the_path_turns_back_or_runs_past_the_right():
    # Live drawn left of Build: its rung would overlap Build's.
    geometry = geometry_of(ladder_map(live_x=450), right=1000)
    pitch = (1000 - 210) / 3  # three equal shares from 20 right of where the rungs start
    process = [(line.left, line.right) for line in geometry.lines if not line.is_wait]
    assert not geometry.aligned
    assert _flat(process) == pytest.approx(
        _flat([(210 + pitch * (i + 0.25), 210 + pitch * (i + 0.75)) for i in range(3)])
    )
    # Waits fill the gaps; the first from where the rungs start.
    waits = [line for line in geometry.lines if line.is_wait]
    assert _flat((line.left, line.right) for line in waits) == pytest.approx(
        [190.0, process[0][0], process[0][1], process[1][0], process[1][1], process[2][0]]
    )
    assert [line.label for line in waits] == ["", _text(6), _text(1)]
    # In order on the map, but Live would end (965) past the right edge given (900).
    assert not geometry_of(ladder_map(), right=900).aligned


def test_a_minimum_pitch_keeps_evenly_spaced_rungs_wide_enough_to_read():
    geometry = geometry_of(ladder_map(live_x=450), right=500, min_pitch=120)
    process = [(line.left, line.right) for line in geometry.lines if not line.is_wait]
    assert process == [(240.0, 300.0), (360.0, 420.0), (480.0, 540.0)]  # 120 apart, half each


class RecordingCanvas(Canvas):
    """A real ReportLab canvas that also keeps the paths it strokes and the strings it writes."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.paths: list[str] = []
        self.strings: list[str] = []

    def drawPath(self, path, *args, **kwargs):  # noqa: N802 (ReportLab's name)
        self.paths.append(path.getCode())
        return super().drawPath(path, *args, **kwargs)

    def drawString(self, x, y, text, *args, **kwargs):  # noqa: N802 (ReportLab's name)
        self.strings.append(text)
        return super().drawString(x, y, text, *args, **kwargs)


def _segments(code: str) -> list[tuple[float, float, float, float]]:
    """The straight pieces of a PDF path: (x1, y1, x2, y2) for every "m ... l" and "l ... l"."""
    pieces, here = [], None
    for x, y, op in re.findall(r"(-?[\d.]+) (-?[\d.]+) ([ml])\b", code):
        point = (float(x), float(y))
        if op == "l" and here is not None:
            pieces.append((*here, *point))
        here = point
    return pieces


def test_the_pdf_draws_the_ladder_the_geometry_lays_out(tmp_path):
    value_stream_map = ladder_map()
    canvas = RecordingCanvas(str(tmp_path / "ladder.pdf"))
    scale, left, scene_left = 0.5, 40.0, 100.0
    width = TOTALS_WIDTH + 1000 * scale  # rungs may reach x 1100 on the map: Live ends at 965
    draw_ladder(canvas, value_stream_map, analyze(value_stream_map), left=left, bottom=0,
                width=width, scene_left=scene_left, scale=scale)
    risers, waits, processes = (_segments(code) for code in canvas.paths)

    def on_page(x: float) -> float:
        return left + (x - scene_left) * scale

    for drawn, is_wait in ((waits, True), (processes, False)):
        hand = [(on_page(a), on_page(b)) for a, b, wait, _ in HAND_LINES if wait is is_wait]
        assert _flat((x1, x2) for x1, _, x2, _ in drawn) == pytest.approx(_flat(hand))
        assert len({y for _, y1, _, y2 in drawn for y in (y1, y2)}) == 1  # one level each
    assert len(risers) == 5 * 2  # up or down, then along (no distance here) for each join
    for label in (_text(6), _text(3), _text(1), _text(10), _text(7)):
        assert label in canvas.strings
    canvas.save()
