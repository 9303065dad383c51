"""Presentation mode: the whole map on the screen, text the room can read, the critical path
walked with the arrow keys (or a clicker's Page Down/Up)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage, QPainter

from vsm_desktop.io import load_map
from vsm_desktop.model import ElementKind, format_estimate
from vsm_desktop.resources import sample_map_path
from vsm_desktop.ui.commands import UpdateElementsCommand
from vsm_desktop.ui.window.analysis_runner import CALCULATING

from .conftest import two_team_map, wait_for_figures
from .test_figures_in_background import gate  # noqa: F401 (a fixture: the worker waits at it)

SCREENS = [(1366, 768), (1920, 1080)]


class MeasuringPainter(QPainter):
    """Remembers each text it writes with its height on screen: font pixels times zoom."""

    def __init__(self, image: QImage) -> None:
        super().__init__(image)
        self.written: list[tuple[str, float]] = []

    def drawText(self, *args) -> None:  # noqa: N802 (Qt's name)
        on_screen = self.font().pixelSize() * self.worldTransform().m11()
        self.written.append((args[-1], on_screen))
        super().drawText(*args)


def _present(window, qtbot, size: tuple[int, int]) -> None:
    wait_for_figures(qtbot, window)  # of the map just set, as after any edit
    window.actions["presentation"].trigger()
    window.setGeometry(0, 0, *size)  # the screen the room sees
    view = window.view
    qtbot.waitUntil(lambda: view.viewport().width() >= size[0] - 4)


def _visible(view) -> QRectF:
    return view.mapToScene(view.viewport().rect()).boundingRect()


def _texts_on_screen(view) -> list[tuple[str, float]]:
    """Render what the view shows, at the view's zoom, and note every text and its size."""
    viewport = view.viewport().rect()
    image = QImage(viewport.width(), viewport.height(), QImage.Format.Format_ARGB32)
    painter = MeasuringPainter(image)
    try:
        view.scene().render(painter, QRectF(image.rect()), _visible(view))
    finally:
        painter.end()
    return painter.written


@pytest.mark.parametrize("size", SCREENS, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_whole_sample_map_fits_the_screen_and_no_text_is_under_11_px(qtbot, window, size):
    window.files.set_map(load_map(sample_map_path()), None)
    _present(window, qtbot, size)
    view, scene = window.view, window.view.scene()

    lanes = scene.lane_items()
    everything = QRectF(lanes[0].band_rect()).united(lanes[-1].band_rect())
    for item in scene.element_items():
        everything = everything.united(item.outline_rect())
    assert _visible(view).contains(everything)
    assert not view.horizontalScrollBar().isVisible()

    written = _texts_on_screen(view)
    sizes = [height for _text, height in written]
    assert written and min(sizes) >= 11.0
    # The room still reads what each step waits, and whose lane it is in.
    texts = {text for text, _height in written}
    document = window.document
    for element in document.elements():
        if element.kind is ElementKind.STEP and element.wait_time:
            wait = format_estimate(
                element.wait_time, element.wait_time_range, document.calendar, compact=True
            )
            assert wait in texts, element.name
    lane_names = {lane.name for lane in document.lanes}
    assert lane_names <= {text.replace("\n", " ") for text in texts}


def test_before_presenting_the_same_fit_writes_figures_too_small_for_a_room(qtbot, window):
    """The measurement above would catch small print: without presentation's style it is there."""
    window.files.set_map(load_map(sample_map_path()), None)
    window.view.resize(1366, 700)
    window.view.zoom_to_fit()
    window.view.set_zoom(0.62)  # a data box's detail, as when editing zoomed in a little
    sizes = [height for _text, height in _texts_on_screen(window.view)]
    assert min(sizes) < 11.0


def test_arrow_keys_walk_the_critical_path_and_escape_leaves(qtbot, window):
    window.files.set_map(two_team_map(), None)
    _present(window, qtbot, (1366, 768))
    tour, view = window.presentation.tour, window.view
    assert tour.current is None and "Constraint: Build" in tour.caption.text()

    qtbot.keyClick(view, Qt.Key.Key_Right)
    # Request -> Intake -> Build -> Value: the customers carry no figures, so Intake first.
    assert tour.current == "intake"
    spot = tour._spotlight
    assert spot.isVisible()
    assert spot.sceneBoundingRect().contains(view.scene().element_item("intake").outline_rect())
    assert tour.caption.text() == "1 of 2  ·  Intake  ·  waits 6 h, works 2 h"

    qtbot.keyClick(view, Qt.Key.Key_PageDown)  # what a presenter's clicker sends
    assert tour.current == "build"
    assert tour.caption.text().endswith("waits 1 d, works 1 h  ·  the constraint")
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert tour.current == "build"  # the last stop stays

    qtbot.keyClick(view, Qt.Key.Key_Left)
    qtbot.keyClick(view, Qt.Key.Key_PageUp)
    assert tour.current is None and not spot.isVisible()

    qtbot.keyClick(view, Qt.Key.Key_Right)
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert not window.presentation.active
    assert spot.scene() is None and not tour.caption.isVisible()
    # Editing again, the arrow keys move the selection instead.
    view.scene().element_item("intake").setSelected(True)
    before = window.document.element("intake").x
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert window.document.element("intake").x > before


def test_a_narrow_strip_leaves_out_figures_rather_than_widening_the_window(qtbot, window):
    window.files.set_map(load_map(sample_map_path()), None)
    _present(window, qtbot, (1366, 768))
    strip = window.strip
    assert strip.width() <= 1366
    # Whatever it leaves out, the key figures stay, and what shows fits.
    for key in ("lead_time", "wait_time", "flow_efficiency", "constraint"):
        assert strip.figure_shown(key)
    assert strip.layout().minimumSize().width() <= strip.width()

    strip.resize(900, strip.height())  # a narrower window: the droppable figures go first
    assert not strip.figure_shown("handovers")
    assert strip.figure_shown("lead_time") and strip.figure_shown("constraint")
    strip.resize(1900, strip.height())
    assert strip.figure_shown("handovers") and strip.figure_shown("process_time")


def test_w_walks_the_best_what_if_changes_instead(qtbot, window):
    window.files.set_map(two_team_map(), None)
    _present(window, qtbot, (1366, 768))
    tour, view = window.presentation.tour, window.view

    qtbot.keyClick(view, Qt.Key.Key_W)
    assert tour.walking_what_ifs and tour.current is None
    qtbot.keyClick(view, Qt.Key.Key_Right)
    # By hand: Build waits 8 h, Intake 6 h, both on the one path of 17 h. Without Build's wait
    # the lead time is 9 h: the best change saves 8 h = 1 day, so Build comes first.
    assert tour.current == "build"
    text = tour.caption.text()
    assert text.startswith("What if  ·  1 of 2  ·  Build  ·  ")
    assert text.endswith("lead time −1 d")
    assert tour._spotlight.isVisible()

    qtbot.keyClick(view, Qt.Key.Key_W)  # back to the critical path, from the whole map
    assert not tour.walking_what_ifs and tour.current is None
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert tour.current == "intake"


def test_each_element_tied_for_the_constraint_is_called_so_on_its_stop(qtbot, window):
    tied = two_team_map()
    tied = tied.model_copy(update={"elements": [
        e.model_copy(update={"wait_time": 8}) if e.id == "intake" else e for e in tied.elements
    ]})  # Intake now waits as long as Build (8 h)
    window.files.set_map(tied, None)
    _present(window, qtbot, (1366, 768))
    tour, view = window.presentation.tour, window.view
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert tour.current == "intake"
    assert tour.caption.text().endswith("waits 1 d, works 2 h  ·  tied for the constraint")
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert tour.current == "build"
    assert tour.caption.text().endswith("waits 1 d, works 1 h  ·  tied for the constraint")


def test_presenting_while_a_new_map_s_figures_are_worked_out_walks_that_map(qtbot, window):
    window.files.set_map(two_team_map(), None)
    wait_for_figures(qtbot, window)
    sample = load_map(sample_map_path())
    window.files.set_map(sample, None)  # its figures are worked out on a worker meanwhile
    window.actions["presentation"].trigger()  # before they land: the old map's path is gone
    tour = window.presentation.tour
    assert tour.stops == []  # never the two-team map's Intake and Build

    wait_for_figures(qtbot, window)
    path = window.runner.analysis.critical_path
    worked = (ElementKind.STEP, ElementKind.QUEUE, ElementKind.APPROVAL)
    assert tour.stops == [element_id for element_id in path
                          if window.document.element(element_id).kind in worked]
    assert tour.stops and "walks the critical path" in tour.caption.text()
    qtbot.keyClick(window.view, Qt.Key.Key_Right)
    assert tour.current == tour.stops[0]


def test_w_takes_the_ranking_the_figures_worker_made_and_ranks_nothing_itself(
    qtbot, window, monkeypatch
):
    import threading

    from vsm_desktop.analysis import whatif

    from .test_panels_follow_edits_cheaply import threads_calling

    ranked_on = threads_calling(monkeypatch, whatif, "rank_what_ifs")
    window.files.set_map(two_team_map(), None)
    _present(window, qtbot, (1366, 768))
    assert ranked_on and threading.main_thread() not in ranked_on  # the worker ranked
    ranked_on.clear()
    tour, view = window.presentation.tour, window.view

    qtbot.keyClick(view, Qt.Key.Key_W)
    qtbot.keyClick(view, Qt.Key.Key_Right)

    assert ranked_on == []
    assert tour.stops == ["build", "intake"]  # Build's wait (8 h) gains more than Intake's
    assert tour.caption.text().startswith("What if  ·  1 of 2  ·  Build  ·  ")


def test_w_while_the_figures_are_worked_out_says_so_and_walks_the_new_ranking(
    qtbot, window, gate  # noqa: F811 (the fixture imported above)
):
    gate.set()
    window.files.set_map(two_team_map(), None)
    _present(window, qtbot, (1366, 768))
    tour, view = window.presentation.tour, window.view
    gate.clear()
    window.undo_stack.push(UpdateElementsCommand(
        window.document, {"intake": {"wait_time": 12.0}}, "Change wait time of 'Intake'"))
    qtbot.waitUntil(lambda: window.runner.jobs.busy)

    qtbot.keyClick(view, Qt.Key.Key_W)
    assert tour.walking_what_ifs and tour.stops == []  # the last ranking is of the map before
    assert CALCULATING in tour.caption.text()

    gate.set()
    wait_for_figures(qtbot, window)
    # Intake now waits 12 h, Build 8 h: cutting Intake's wait gains the most.
    assert tour.stops == ["intake", "build"]
    assert "walks the 2 best what-if changes" in tour.caption.text()
