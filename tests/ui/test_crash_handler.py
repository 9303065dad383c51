"""An uncaught error: an emergency copy, a report, a dialog saying so, and the app goes on."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QPushButton

from vsm_desktop.io.recovery import find_recoverable
from vsm_desktop.ui.crash_dialog import CrashDialog
from vsm_desktop.ui.crash_handler import CrashHandler

from . import recovery_support
from .conftest import two_team_map
from .recovery_support import edit_wait_time

recovery = recovery_support.recovery
recovery_dialogs = recovery_support.recovery_dialogs
make_window = recovery_support.make_window

pytestmark = pytest.mark.qt_no_exception_capture  # the handler under test takes the errors


@pytest.fixture
def handler(tmp_path):
    crash_handler = CrashHandler(folder=tmp_path / "crash-reports")
    crash_handler.install()
    yield crash_handler
    crash_handler.uninstall()


@pytest.fixture
def edited_window(make_window):
    window = make_window()
    window.files.set_map(two_team_map(), None)
    window.document.update_info(title="Confidential merger onboarding")
    window.undo_stack.clear()
    edit_wait_time(window, "build", 12)
    return window


def failing_slot() -> None:
    raise RuntimeError("the layout engine broke")


def test_an_error_in_a_slot_saves_the_work_explains_and_the_window_goes_on(
    qtbot, edited_window, handler, recovery, recovery_dialogs, tmp_path
):
    window = edited_window
    button = QPushButton("Break", window)
    button.clicked.connect(failing_slot)
    button.show()

    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    [(message, details)] = recovery_dialogs.called("show_crash")
    assert "RuntimeError: the layout engine broke" in message
    assert "recovery copy was written" in message
    assert "failing_slot" in details and "RuntimeError" in details
    # The emergency copy holds the unsaved edit, in a folder the next start will look in.
    [copy] = find_recoverable(recovery.root, lambda _folder: False)
    assert copy.load().elements[2].wait_time == 12
    report = handler.last_report
    assert report.parent == tmp_path / "crash-reports"
    assert str(report) in message
    assert report.read_text(encoding="utf-8") == details
    assert "Confidential merger" not in details  # no map content leaves in a report
    # The window still works: undo the edit, select everything with the keyboard.
    window.actions["undo"].trigger()
    assert window.document.element("build").wait_time == 8
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert len(window.view.selected_element_ids()) == 4


def test_an_error_in_a_worker_thread_is_shown_on_the_gui_thread(
    qtbot, edited_window, handler, recovery_dialogs
):
    shown_on = []
    recovery_dialogs.show_crash = lambda parent, message, details: shown_on.append(
        (threading.current_thread(), message)
    )

    worker = threading.Thread(target=failing_slot, name="export-worker")
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: bool(shown_on), timeout=3000)

    [(thread, message)] = shown_on
    assert thread is threading.main_thread()
    assert "the layout engine broke" in message
    assert "Thread: export-worker" in handler.last_report.read_text(encoding="utf-8")


def test_an_error_repeating_on_every_repaint_shows_one_dialog(
    qtbot, edited_window, handler, recovery_dialogs, tmp_path
):
    for _ in range(3):
        QTimer.singleShot(0, failing_slot)
        qtbot.wait(20)
    assert len(recovery_dialogs.called("show_crash")) == 1
    assert len(list((tmp_path / "crash-reports").glob("crash-*.txt"))) == 3


def test_without_unsaved_changes_the_message_does_not_claim_a_copy(
    qtbot, make_window, handler, recovery_dialogs
):
    make_window()
    QTimer.singleShot(0, failing_slot)
    qtbot.waitUntil(lambda: bool(recovery_dialogs.called("show_crash")), timeout=3000)
    [(message, _details)] = recovery_dialogs.called("show_crash")
    assert "recovery copy" not in message
    assert "You can keep working" in message


def test_the_crash_dialog_shows_the_details_and_copies_them(qtbot):
    dialog = CrashDialog(None, "Something went wrong.", "Traceback (most recent call last): …")
    qtbot.addWidget(dialog)
    assert dialog.details.toPlainText() == "Traceback (most recent call last): …"
    assert dialog.details.isReadOnly()
    copy = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Copy Details")
    qtbot.mouseClick(copy, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == "Traceback (most recent call last): …"
