"""GUI test fixtures: scripted dialogs, settings in a temporary folder, a main window."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, QStandardPaths

from vsm_desktop.model import (
    Connection,
    Element,
    ElementKind,
    Lane,
    MapInfo,
    ValueStreamMap,
)


class FakeDialogs:
    """Records every question and answers from a script (first in, first out).

    ``fake.answers["ask_save_changes"].append("cancel")`` scripts one answer. Unscripted,
    ask_save_changes answers "discard" (so windows close at teardown) and every other question
    answers None, as if the user cancelled.
    """

    def __init__(self) -> None:
        self.calls: list[tuple[str, tuple[Any, ...]]] = []
        self.answers: dict[str, list[Any]] = defaultdict(list)

    def _answer(self, name: str, default: Any, *args: Any) -> Any:
        self.calls.append((name, args))
        queue = self.answers[name]
        return queue.pop(0) if queue else default

    def called(self, name: str) -> list[tuple[Any, ...]]:
        return [args for call, args in self.calls if call == name]

    def error(self, parent, title, text) -> None:
        self._answer("error", None, title, text)

    def warning(self, parent, title, text) -> None:
        self._answer("warning", None, title, text)

    def information(self, parent, title, text) -> None:
        self._answer("information", None, title, text)

    def ask_save_changes(self, parent, name) -> str:
        return self._answer("ask_save_changes", "discard", name)

    def ask_save_conflict(self, parent, file_name) -> str:
        """Unscripted, the user cancels: nothing is written."""
        return self._answer("ask_save_conflict", "cancel", file_name)

    def ask_open_path(self, parent, directory, file_filter="") -> str | None:
        return self._answer("ask_open_path", None, directory, file_filter)

    def ask_save_path(self, parent, directory, file_filter="") -> str | None:
        return self._answer("ask_save_path", None, directory, file_filter)

    def ask_lane_removal(self, parent, lane_name, element_count, other_lanes):
        return self._answer("ask_lane_removal", None, lane_name, element_count, other_lanes)

    def ask_text(self, parent, title, label, text="") -> str | None:
        return self._answer("ask_text", None, title, label, text)

    def ask_report_options(self, parent, page_size, landscape) -> tuple[str, bool] | None:
        """Unscripted, the user accepts the paper offered."""
        return self._answer("ask_report_options", (page_size, landscape), page_size, landscape)

    def ask_preferences(self, parent, current):
        """Unscripted, the user cancels."""
        return self._answer("ask_preferences", None, current)

    def ask_confirm(self, parent, title, text, confirm_label) -> bool | None:
        return self._answer("ask_confirm", None, title, text, confirm_label)

    def ask_recovery(self, parent, recovered) -> list[str] | None:
        return self._answer("ask_recovery", None, list(recovered))

    def ask_merge(self, parent, outcome, source_name, base_note) -> dict | None:
        """Unscripted, the user cancels."""
        return self._answer("ask_merge", None, outcome, source_name, base_note)

    def show_crash(self, parent, message, details) -> None:
        return self._answer("show_crash", None, message, details)


@pytest.fixture(autouse=True)
def fake_dialogs(monkeypatch) -> FakeDialogs:
    from vsm_desktop.ui import dialogs

    fake = FakeDialogs()
    monkeypatch.setattr(dialogs, "dialogs", fake)
    return fake


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path_factory) -> Path:
    """QSettings (INI, user scope) in a fresh folder for every test; Qt's standard locations
    (the recovery folder among them) in test mode, away from the user's own."""
    QStandardPaths.setTestModeEnabled(True)
    folder = tmp_path_factory.mktemp("settings")
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    return folder


@pytest.fixture
def opened_externally(monkeypatch) -> list[Path]:
    """Files the window would hand to the system viewer after an export."""
    from vsm_desktop.ui import exporting

    opened: list[Path] = []
    monkeypatch.setattr(exporting, "open_externally", opened.append)
    return opened


@pytest.fixture
def window(qtbot, opened_externally):
    from vsm_desktop.ui.app import create_application
    from vsm_desktop.ui.main_window import MainWindow

    create_application()
    main = MainWindow()
    qtbot.addWidget(main)
    main.resize(1400, 900)
    main.show()
    qtbot.waitExposed(main)
    wait_for_figures(qtbot, main)
    return main


@pytest.fixture
def figures_worked_out(monkeypatch) -> list:
    """Each Figures the window's worker works out, in order (the real work, recorded)."""
    from vsm_desktop.ui.window import analysis_runner

    worked_out: list = []
    real = analysis_runner.work_out_figures

    def recording(*args, **kwargs):
        worked_out.append(real(*args, **kwargs))
        return worked_out[-1]

    monkeypatch.setattr(analysis_runner, "work_out_figures", recording)
    return worked_out


def wait_for_figures(qtbot, window) -> None:
    """Until the window shows the figures of the map as it is now: the analysis, the what-if
    ranking, the plan and the stream figures are worked out on a worker after each edit, and
    this is the one wait for a test that reads them after an edit."""
    qtbot.waitUntil(lambda: window.runner.idle, timeout=15_000)


def two_team_map() -> ValueStreamMap:
    """Request -> Intake (Product) -> Build (Engineering) -> Value, with hand-checkable times.

    Lead time = Intake (6 h wait + 2 h work) + Build (8 h wait + 1 h work) = 17 working hours.
    """
    product = Lane(id="lane-product", name="Product")
    engineering = Lane(id="lane-engineering", name="Engineering")
    start = Element(
        id="start", kind=ElementKind.START, name="Request", lane_id=product.id, x=280, y=100
    )
    intake = Element(
        id="intake",
        name="Intake",
        lane_id=product.id,
        x=510,
        y=100,
        process_time=2,
        wait_time=6,
        pca=90,
        people=2,
    )
    build = Element(
        id="build",
        name="Build",
        lane_id=engineering.id,
        x=740,
        y=300,
        process_time=1,
        wait_time=8,
        pca=80,
        people=3,
    )
    end = Element(
        id="end", kind=ElementKind.END, name="Value", lane_id=engineering.id, x=970, y=300
    )
    flows = [
        Connection(id="c1", source_id="start", target_id="intake"),
        Connection(id="c2", source_id="intake", target_id="build"),
        Connection(id="c3", source_id="build", target_id="end"),
    ]
    return ValueStreamMap(
        info=MapInfo(title="Two teams"),
        lanes=[product, engineering],
        elements=[start, intake, build, end],
        connections=flows,
    )


@pytest.fixture
def open_canvas(qtbot):
    """Open a map in a bare canvas (a MapView with its own undo stack) at 100 % zoom, centred
    on a scene point; returns (view, document, undo stack)."""
    from PySide6.QtGui import QUndoStack

    from vsm_desktop.model import MapDocument
    from vsm_desktop.ui.canvas.view import MapView

    views = []

    def open_map(value_stream_map: ValueStreamMap, centre: tuple[float, float]):
        document = MapDocument(value_stream_map)
        stack = QUndoStack()
        view = MapView(document, stack)
        view.resize(1200, 700)
        qtbot.addWidget(view)
        view.show()
        qtbot.waitExposed(view)
        view.reset_zoom()
        view.centerOn(*centre)
        views.append(view)
        return view, document, stack

    yield open_map
    for view in views:
        view.scene().close()


def save_and_wait(qtbot, window, save=None) -> bool:
    """Save as the user does (File > Save, or `save`, e.g. write_file to a path) and let the
    window run until the worker has written the file or failed: True when it was written."""
    if not (save or window.files.save)():
        return False
    qtbot.waitUntil(lambda: not window.files.saver.busy, timeout=60_000)  # a hang, not a pace
    return window.files.saver.last_succeeded


def auto_layout_and_wait(qtbot, view) -> None:
    """Edit > Auto Layout, and let the window run until the worker's plan is applied."""
    view.edits.auto_layout()
    qtbot.waitUntil(lambda: not view.edits.laying_out, timeout=60_000)  # a hang, not a pace
