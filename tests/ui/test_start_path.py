"""The app's start: the first frame shows the sample map without waiting for what it does not
draw (NetworkX, the analysis passes, the improvement plan, the simulation, compare, merge, the
PDF report, the inspector's forms), and the figures and the inspector follow it.

The app starts through its entry point with no arguments, in a child process with a home of its
own; the child reports what had been imported at the first paint of the window and what the
panels said then and once the first analysis landed and the inspector was built. No timing:
only the order of events.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

from vsm_desktop.model import ElementKind

CHILD = textwrap.dedent(
    """
    import gc, json, sys
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

    collections = []  # the generation of each sweep of the cycle collector while counted
    counting = True

    def count(phase, info):
        if counting and phase == "start":
            collections.append(info["generation"])

    gc.callbacks.append(count)
    from vsm_desktop.__main__ import main
    counting = False

    app = QApplication(sys.argv[:1])
    report = {}

    def window():
        return next(w for w in app.topLevelWidgets() if isinstance(w, QMainWindow))

    def panels():
        shown = window()
        return {
            "analysed": shown.runner.analysis is not None,
            "lead_time": shown.metrics.figure_text("lead_time"),
            "warnings": [shown.metrics.warnings.item(row).text()
                         for row in range(shown.metrics.warnings.count())],
            "what_if": shown.whatif.baseline_label.text(),
            "elements": len(shown.document.elements()),
            "inspector_built": shown.inspector is not None,
            "inspector_shows_map": (shown.inspector is not None and
                                    shown.inspector.stack.currentWidget()
                                    is shown.inspector.map_page),
            "inspector_title": (None if shown.inspector is None else
                                shown.inspector.map_page.fields["title"].editor.text()),
            "map_title": shown.document.info.title,
            "steps_in_table": (None if shown.steps.table is None else sorted(
                element.name for element in shown.document.elements()
                if shown.steps.table.model.row_of(element.id) is not None)),
            "steps": sorted(element.name for element in shown.document.elements()
                            if element.kind == "step"),
            "dialogs": [w.windowTitle() for w in app.topLevelWidgets()
                        if w.isVisible() and not isinstance(w, QMainWindow)],
            "collector_on": gc.isenabled(),
        }

    def settled():
        shown = panels()
        return shown["analysed"] and shown["inspector_built"] and shown["dialogs"]

    class FirstPaint(QObject):
        def eventFilter(self, watched, event):
            if (event.type() == QEvent.Type.Paint and "first_paint" not in report
                    and isinstance(watched, QWidget) and isinstance(watched.window(), QMainWindow)
                    and watched.window().document.elements()):
                global counting
                counting = False
                report["first_paint"] = {"modules": sorted(sys.modules), **panels(),
                                         "collections": list(collections)}
                poll.start()
            return False

    def check():  # what follows the first frame, waited for as state (as qtbot.waitUntil)
        if settled():
            poll.stop()
            report["settled"] = panels()
            print(json.dumps(report), flush=True)
            app.quit()

    poll = QTimer(interval=5, timeout=check)
    watcher = FirstPaint()
    app.installEventFilter(watcher)
    counting = True
    sys.exit(main([]))  # as `vsm-desktop` with no arguments: the sample map
    """
)

NOT_BEFORE_THE_FIRST_FRAME = (
    "networkx",
    "numpy",
    "reportlab",
    "vsm_desktop.analysis.flow",  # the analysis itself
    "vsm_desktop.analysis.improvement_plan",
    "vsm_desktop.analysis.monte_carlo",
    "vsm_desktop.analysis.compare",
    "vsm_desktop.ui.compare_view",
    "vsm_desktop.io.merge",
    "vsm_desktop.ui.merge_dialog",
    "vsm_desktop.ui.notices_dialog",
    "vsm_desktop.ui.inspector",  # built just after the first frame, in docks already there
    "vsm_desktop.ui.steps_table",
    "vsm_desktop.export",
)


@pytest.fixture(scope="module")
def start(tmp_path_factory):
    home = tmp_path_factory.mktemp("home")
    runtime = home / "run"
    runtime.mkdir(mode=0o700)
    env = {
        **os.environ, "HOME": str(home), "XDG_RUNTIME_DIR": str(runtime),
        "XDG_CONFIG_HOME": str(home / "config"), "XDG_DATA_HOME": str(home / "data"),
        "XDG_CACHE_HOME": str(home / "cache"), "QT_QPA_PLATFORM": "offscreen",
    }
    child = subprocess.run(
        [sys.executable, "-c", CHILD], env=env, capture_output=True, text=True, timeout=50
    )
    assert child.returncode == 0, child.stderr
    return json.loads(child.stdout.splitlines()[-1])


@pytest.mark.slow
def test_the_first_frame_imports_nothing_it_does_not_draw(start):
    first = start["first_paint"]
    assert first["elements"] > 0  # the sample map is on the canvas
    loaded = [
        name for name in first["modules"]
        if any(name == banned or name.startswith(banned + ".")
               for banned in NOT_BEFORE_THE_FIRST_FRAME)
    ]
    assert loaded == []


@pytest.mark.slow
def test_the_cycle_collector_rests_until_the_first_frame(start):
    """What the start makes (modules, schemas, the window, the map) stays: sweeping it before
    the first frame was a tenth of the start. The entry point's imports and everything from
    main() to the first paint run without a sweep; after the frame the collector is on."""
    assert start["first_paint"]["collections"] == []
    assert not start["first_paint"]["collector_on"]
    assert start["settled"]["collector_on"]


@pytest.mark.slow
def test_the_panels_say_calculating_until_the_figures_land(start):
    first, figures = start["first_paint"], start["settled"]
    assert not first["analysed"]
    assert first["lead_time"] == "–"  # no number until there is the right one
    assert first["warnings"] == ["Calculating the figures…"]
    assert first["what_if"] == "Calculating the figures…"
    assert figures["lead_time"] not in ("–", "")
    assert "Calculating the figures…" not in figures["warnings"]
    assert figures["what_if"] != "Calculating the figures…"


@pytest.mark.slow
def test_the_docks_contents_follow_the_first_frame(start):
    first, settled = start["first_paint"], start["settled"]
    assert not first["inspector_built"]  # its dock is there, its forms are not yet
    assert first["steps_in_table"] is None
    assert settled["inspector_shows_map"]
    assert settled["inspector_title"] == settled["map_title"] != ""
    assert set(settled["steps"]) <= set(settled["steps_in_table"])
    assert settled["steps"] != []


@pytest.mark.slow
def test_a_first_start_introduces_the_app_over_the_painted_map(start):
    assert start["first_paint"]["dialogs"] == []
    assert start["settled"]["dialogs"] == ["Getting Started"]


@pytest.fixture
def starting_window(qtbot, opened_externally):
    """The window as the app's start makes it, the sample map loaded, not yet painted."""
    from vsm_desktop.resources import sample_map_path
    from vsm_desktop.ui.app import create_application
    from vsm_desktop.ui.main_window import MainWindow

    create_application()
    window = MainWindow(first_frame_first=True)
    qtbot.addWidget(window)
    window.files.load_file(sample_map_path())
    qtbot.waitUntil(lambda: bool(window.document.elements()))
    return window


def test_an_element_picked_before_the_inspector_is_built_shows_in_it(qtbot, starting_window):
    window = starting_window
    step = next(e for e in window.document.elements() if e.kind == ElementKind.STEP)
    window.view.select_ids([step.id])  # a click that lands before the inspector exists
    assert window.inspector is None
    window.show()
    qtbot.waitUntil(lambda: window.inspector is not None)
    assert window.inspector.element_ids == [step.id]
    assert window.inspector.stack.currentWidget() is window.inspector.element_page
    assert window.inspector.element_field("name").editor.text() == step.name
    table = window.steps.table
    selected = table.view.selectionModel().selectedIndexes()
    assert {table.proxy.mapToSource(index).row() for index in selected} == {
        table.model.row_of(step.id)}


def test_a_lane_picked_before_the_inspector_is_built_shows_in_it(qtbot, starting_window):
    window = starting_window
    lane = window.document.lanes[1]
    window.view.lane_selection.select(lane.id)
    window.show()
    qtbot.waitUntil(lambda: window.inspector is not None)
    assert window.inspector.stack.currentWidget() is window.lane_page
    window.lane_page.move_requested.emit(lane.id, -1)  # its buttons act on the map
    assert window.document.lanes[0].id == lane.id


def test_the_first_frame_s_overview_is_of_the_map_it_shows(qtbot, opened_externally):
    """The window starts on a blank map and then reads the sample, before its first frame: the
    overview in the corner drew the blank map and kept that picture into the first frame."""
    from PySide6.QtGui import QColor

    from vsm_desktop import theme
    from vsm_desktop.resources import sample_map_path
    from vsm_desktop.ui.app import create_application
    from vsm_desktop.ui.main_window import MainWindow

    create_application()
    window = MainWindow(first_frame_first=True)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()  # the overview of the blank map is drawn here, the map not in the view yet
    window.files.load_file(sample_map_path())
    overview = window.view.overview
    overview.refresh()  # as the first paint finds it: no timer has run yet
    assert overview.isVisible()  # the sample does not fit a laptop's view at its opening zoom
    picture = overview.grab().toImage()
    idea = QColor(theme.KIND_FILL[ElementKind.KAIZEN])  # the sample's ideas; a blank map has none

    def near_idea(colour: QColor) -> bool:  # small on the picture, their edges blend
        return max(abs(colour.red() - idea.red()), abs(colour.green() - idea.green()),
                   abs(colour.blue() - idea.blue())) < 40

    assert any(near_idea(picture.pixelColor(x, y)) for x in range(picture.width())
               for y in range(picture.height()))
