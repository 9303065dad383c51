"""Fixtures for the recovery and crash tests: a recovery folder of the test's own and a window
wired to it."""

from __future__ import annotations

import pytest

from vsm_desktop.ui.autosave import RecoveryFolder
from vsm_desktop.ui.commands import UpdateElementsCommand


@pytest.fixture
def recovery(tmp_path_factory):
    folder = RecoveryFolder(tmp_path_factory.mktemp("recovery"))
    yield folder
    folder.close()


@pytest.fixture
def recovery_dialogs(fake_dialogs):
    return fake_dialogs


@pytest.fixture
def make_window(qtbot, opened_externally, recovery, recovery_dialogs):
    """Windows that share this test's recovery folder (one running app)."""
    from vsm_desktop.ui.app import create_application
    from vsm_desktop.ui.main_window import MainWindow

    create_application()

    def make() -> MainWindow:
        window = MainWindow(recovery=recovery)
        qtbot.addWidget(window)
        window.resize(1200, 800)
        window.show()
        qtbot.waitExposed(window)
        return window

    return make


def edit_wait_time(window, element_id: str, hours: float) -> None:
    """One undoable edit, as the inspector makes it."""
    window.undo_stack.push(
        UpdateElementsCommand(
            window.document, {element_id: {"wait_time": hours}}, "Change wait time"
        )
    )
