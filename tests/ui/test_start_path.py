"""The app's start: the first frame shows the sample map without waiting for what it does not
draw (NetworkX, the analysis passes, the improvement plan, the simulation, compare, merge, the
PDF report), and the figures follow it.

The app starts through its entry point with no arguments, in a child process with a home of its
own; the child reports what had been imported at the first paint of the window and what the
panels said then and once the first analysis landed. No timing: only the order of events.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

CHILD = textwrap.dedent(
    """
    import json, sys
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow, QWidget
    from vsm_desktop.__main__ import main
    from vsm_desktop.ui.window import analysis_runner

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
        }

    class FirstPaint(QObject):
        def eventFilter(self, watched, event):
            if (event.type() == QEvent.Type.Paint and "first_paint" not in report
                    and isinstance(watched, QWidget) and isinstance(watched.window(), QMainWindow)
                    and watched.window().document.elements()):
                report["first_paint"] = {"modules": sorted(sys.modules), **panels()}
                if report["first_paint"]["analysed"]:  # nothing left to wait for
                    QTimer.singleShot(0, finish)
            return False

    def finish():
        print(json.dumps(report), flush=True)
        app.quit()

    real_run = analysis_runner.AnalysisRunner.run

    def run(self):
        real_run(self)
        if "first_paint" in report and "figures" not in report:
            report["figures"] = panels()
            finish()

    analysis_runner.AnalysisRunner.run = run
    watcher = FirstPaint()
    app.installEventFilter(watcher)
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
def test_the_panels_say_calculating_until_the_figures_land(start):
    first, figures = start["first_paint"], start.get("figures")
    assert not first["analysed"]
    assert first["lead_time"] == "–"  # no number until there is the right one
    assert first["warnings"] == ["Calculating the figures…"]
    assert first["what_if"] == "Calculating the figures…"
    assert figures["lead_time"] not in ("–", "")
    assert "Calculating the figures…" not in figures["warnings"]
    assert figures["what_if"] != "Calculating the figures…"
