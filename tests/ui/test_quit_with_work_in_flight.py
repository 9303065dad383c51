"""Quitting while a worker still runs: the worker's late report goes nowhere, quietly.

The real app runs in a child process (its exit is what is tested) on the sample map, whose ranges
start the lead-time simulation on a worker; the window closes as soon as that simulation runs.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

QUIT_WHILE_SIMULATING = textwrap.dedent(
    """
    import sys
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    import vsm_desktop.ui.app as app

    def quit_while_simulating(window):
        poll = QTimer(window)
        def check():
            if window.runner.spread._running:  # the simulation is on the worker now
                poll.stop()
                print("quitting while simulating", flush=True)
                QApplication.closeAllWindows()
        poll.timeout.connect(check)
        poll.start(1)

    app.offer_getting_started = quit_while_simulating
    sys.exit(app.run_gui())
    """
)


@pytest.mark.slow
def test_quitting_with_a_simulation_running_reports_nothing(tmp_path):
    private = {}
    for name in ("HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_RUNTIME_DIR"):
        folder = tmp_path / name.lower()
        folder.mkdir(mode=0o700)
        private[name] = str(folder)
    child = subprocess.run(
        [sys.executable, "-c", QUIT_WHILE_SIMULATING],
        env={**os.environ, **private, "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "quitting while simulating" in child.stdout
    assert child.returncode == 0, child.stderr
    assert "Traceback" not in child.stderr
    assert "Signal source has been deleted" not in child.stderr
