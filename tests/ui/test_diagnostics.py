"""The app's log: a rotated file, the fault handler, Help > Show Log Folder, the crash report."""

from __future__ import annotations

import faulthandler
import logging

import pytest
from PySide6.QtWidgets import QMenu

from vsm_desktop.ui import diagnostics
from vsm_desktop.ui.crash_handler import report_text


@pytest.fixture
def log_folder(tmp_path):
    folder = tmp_path / "logs"
    assert diagnostics.start_logging(folder) == folder / diagnostics.LOG_NAME
    yield folder
    diagnostics.stop_logging()


def test_the_app_logs_to_a_file_in_its_folder_and_turns_the_fault_handler_on(log_folder):
    logging.getLogger("vsm_desktop.io.vsm_file").warning("could not open %s", "broken.vsm")
    text = (log_folder / diagnostics.LOG_NAME).read_text(encoding="utf-8")
    assert "WARNING vsm_desktop.io.vsm_file: could not open broken.vsm" in text
    assert faulthandler.is_enabled()
    assert (log_folder / diagnostics.FAULTS_NAME).exists()


def test_the_log_rotates_and_keeps_three_files(log_folder, monkeypatch):
    handler = logging.getLogger("vsm_desktop").handlers[-1]
    monkeypatch.setattr(handler, "maxBytes", 2_000)
    for number in range(200):
        logging.getLogger("vsm_desktop").info("line %03d %s", number, "x" * 40)
    names = sorted(path.name for path in log_folder.glob("vsm-desktop.log*"))
    assert names == ["vsm-desktop.log", "vsm-desktop.log.1", "vsm-desktop.log.2"]
    assert "line 199" in diagnostics.log_tail()[-1]


def test_the_crash_report_ends_with_the_log_tail(log_folder):
    logging.getLogger("vsm_desktop.ui.window.files").warning("could not save: disk full")
    try:
        raise RuntimeError("boom")
    except RuntimeError as error:
        report = report_text((RuntimeError, error, error.__traceback__), "GUI", [])
    assert "RuntimeError: boom" in report
    tail = report[report.index("lines of the log:") :]
    assert "could not save: disk full" in tail


def test_help_shows_the_log_folder(qtbot, window, monkeypatch, tmp_path):
    opened = []
    monkeypatch.setattr(diagnostics, "log_folder", lambda: tmp_path / "the-logs")
    monkeypatch.setattr(
        "vsm_desktop.ui.window.help.QDesktopServices.openUrl",
        lambda url: opened.append(url.toLocalFile()) or True,
    )
    help_menu = next(m for m in window.menuBar().findChildren(QMenu) if m.title() == "&Help")
    assert window.actions["show_log_folder"] in help_menu.actions()
    window.actions["show_log_folder"].trigger()
    assert opened == [str(tmp_path / "the-logs")]
    assert (tmp_path / "the-logs").is_dir()
