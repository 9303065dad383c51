"""The figures of an edit are worked out on a worker: the panels say so meanwhile, and what an
overtaken edit came to is never shown."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QColor

from vsm_desktop import theme
from vsm_desktop.ui.commands import UpdateElementsCommand
from vsm_desktop.ui.window import analysis_runner
from vsm_desktop.ui.window.analysis_runner import CALCULATING

from .conftest import two_team_map, wait_for_figures


@pytest.fixture
def gate(monkeypatch):
    """The worker waits at the gate before it works anything out (the real work follows)."""
    opened = threading.Event()
    real = analysis_runner.work_out_figures

    def held(*args, **kwargs):
        opened.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(analysis_runner, "work_out_figures", held)
    yield opened
    opened.set()  # a job still waiting finishes before the window closes


def set_build_wait(window, hours: float) -> None:
    window.undo_stack.push(UpdateElementsCommand(
        window.document, {"build": {"wait_time": hours}}, "Change wait time of 'Build'"))


def test_the_panels_say_calculating_until_the_newest_edit_s_figures_land(qtbot, window, gate):
    gate.set()
    window.files.set_map(two_team_map(), None)
    wait_for_figures(qtbot, window)
    assert window.metrics.figure_text("lead_time") == "2.1 d"  # 17 h, 8 h a day
    shown: list[float | None] = []
    real_set_analysis = window.metrics.set_analysis

    def recording(result, name_of):
        shown.append(result.lead_time)
        real_set_analysis(result, name_of)

    window.metrics.set_analysis = recording
    gate.clear()

    set_build_wait(window, 3)  # lead time 6 + 2 + 3 + 1 = 12 h
    qtbot.waitUntil(lambda: window.runner.jobs.busy)
    assert window.metrics.warnings_title.text() == CALCULATING
    assert window.metrics.cards["lead_time"].detail.text() == CALCULATING  # seen at the top
    assert not window.metrics.cards["lead_time"].isEnabled()  # greyed, not shown as current
    assert window.whatif.baseline_label.text() == CALCULATING
    assert not window.whatif.ranking_table.isEnabled()
    assert not window.strip.values["lead_time"].isEnabled()
    assert not window.runner.idle

    set_build_wait(window, 4)  # overtakes the first edit's job: 13 h
    gate.set()
    wait_for_figures(qtbot, window)

    assert shown == [13]  # the first edit's figures (12 h) never showed
    assert window.metrics.figure_text("lead_time") == "1.6 d"
    assert window.metrics.warnings_title.text() == "Warnings"
    # Request, Intake, Build, Value:
    assert window.metrics.cards["lead_time"].detail.text() == "4 elements on the critical path"
    assert window.metrics.cards["lead_time"].isEnabled()
    assert window.whatif.ranking_table.isEnabled()
    assert window.strip.values["lead_time"].isEnabled()
    assert window.whatif.baseline_label.text().startswith("Lead time now 1.6 d")


def test_a_changed_automated_share_ranks_again_without_a_new_analysis(qtbot, window):
    window.files.set_map(two_team_map(), None)
    wait_for_figures(qtbot, window)
    analysed = window.runner.analysis
    window.whatif.share_spin.setValue(50)
    wait_for_figures(qtbot, window)
    assert window.runner.analysis is analysed
    # Intake automated keeps half its 2 h: 17 - 1 = 16 h, 8 h a day.
    table = window.whatif.ranking_table
    rows = {table.item(row, 1).text(): table.item(row, 5).text() for row in range(table.rowCount())}
    assert rows["Intake"] == "2 d"


class FirstPaint(QObject):
    """Notes how many figure jobs the runner had started when the canvas first painted."""

    def __init__(self, window) -> None:
        super().__init__()
        self.window = window
        self.jobs_at_paint: int | None = None

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Paint and self.jobs_at_paint is None:
            self.jobs_at_paint = self.window.runner.jobs.generation
        return False


def test_an_opened_map_paints_before_its_figures_are_worked_out(qtbot, window):
    jobs_before = window.runner.jobs.generation
    watcher = FirstPaint(window)
    window.view.viewport().installEventFilter(watcher)
    window.files.set_map(two_team_map(), None)
    assert window.runner.jobs.generation == jobs_before  # not at once either
    wait_for_figures(qtbot, window)
    window.view.viewport().removeEventFilter(watcher)
    assert watcher.jobs_at_paint == jobs_before
    assert window.runner.jobs.generation > jobs_before
    assert window.metrics.figure_text("lead_time") == "2.1 d"


def test_a_shown_map_is_kept_out_of_full_collections_once_its_figures_are_in(qtbot, window):
    import gc

    assert gc.get_freeze_count() > 0  # the window's first map and its figures
    window.files.set_map(two_team_map(), None)
    assert gc.get_freeze_count() == 0  # the old map's objects may be garbage now
    wait_for_figures(qtbot, window)
    assert gc.get_freeze_count() > 0


def test_the_ladder_laid_out_on_the_worker_is_the_one_the_canvas_would_lay_out(
    qtbot, window, figures_worked_out
):
    from vsm_desktop.io import load_map
    from vsm_desktop.resources import sample_map_path

    from .test_canvas_level_of_detail import ladder_of

    worked_out = figures_worked_out
    window.files.set_map(load_map(sample_map_path()), None)
    wait_for_figures(qtbot, window)
    scene = window.view.scene()
    ladder = ladder_of(scene)
    shown = ladder.geometry
    assert shown is not None and shown is worked_out[-1].ladder.geometry  # not laid out again
    assert "critical_elements" in vars(worked_out[-1].analysis)  # worked out there too

    ladder.rebuild(scene.analysis, ladder.boundingRect().top(), window.view.ladder_right)
    assert ladder.geometry == shown



def gain_shows_green(table) -> bool:
    """Whether any pixel of the ranking's Gain column, as painted now, is the gain's green."""
    table.scrollTo(table.model().index(0, 3))  # the dock is narrow: the column may be off view
    image = table.grab().toImage()
    green = QColor(theme.CHANGE_BETTER).rgb()
    return any(image.pixel(x, y) == green
               for y in range(image.height()) for x in range(image.width()))


def test_a_greyed_ranking_shows_no_gain_in_its_own_colour(qtbot, window, gate):
    gate.set()
    window.files.set_map(two_team_map(), None)
    wait_for_figures(qtbot, window)
    table = window.whatif.ranking_table
    assert gain_shows_green(table)  # Intake's and Build's gains

    gate.clear()
    set_build_wait(window, 3)
    qtbot.waitUntil(lambda: window.runner.jobs.busy)
    assert not gain_shows_green(table)  # every cell greyed with the table

    gate.set()
    wait_for_figures(qtbot, window)
    assert gain_shows_green(table)


def test_switching_state_keeps_both_maps_out_of_full_collections(qtbot, window):
    """Neither state's map becomes garbage when the other is shown: lifting the freeze there
    made the next full collection walk every object of both maps (1.6 s at 5,000 elements)."""
    import gc

    window.states.add_future_state()
    wait_for_figures(qtbot, window)
    assert gc.get_freeze_count() > 0
    window.states.switch_to(1)
    assert gc.get_freeze_count() > 0
    wait_for_figures(qtbot, window)
    window.states.switch_to(0)
    assert gc.get_freeze_count() > 0


def test_the_figures_leave_no_graph_for_the_cycle_collector(qtbot, window):
    """The worker's snapshot built a networkx graph, whose cached views point back at it: a
    cycle that, once frozen with the figures, no collection would free until another map."""
    import gc

    import networkx as nx

    gc.unfreeze()  # what earlier tests' windows left frozen is not this test's
    gc.collect()
    window.states.add_future_state()
    wait_for_figures(qtbot, window)
    for state in (1, 0, 1):  # each switch's figures are kept out of the sweeps when they land
        window.states.switch_to(state)
        wait_for_figures(qtbot, window)
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        gc.unfreeze()
        gc.collect()
        left = [o for o in gc.garbage if isinstance(o, nx.Graph)]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
    assert left == []
