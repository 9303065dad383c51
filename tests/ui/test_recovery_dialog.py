"""After a crash or a kill, the next start offers each recovered map; Restore opens it unsaved."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocumentFragment
from PySide6.QtWidgets import QLabel, QRadioButton

from vsm_desktop.io.recovery import RecoverySession, find_recoverable
from vsm_desktop.io.vsm_file import dumps_states, load_map, save_map
from vsm_desktop.model import MapInfo, MapStates, ValueStreamMap
from vsm_desktop.ui.recovery_dialog import RecoveryDialog, describe_time
from vsm_desktop.ui.recovery_offer import offer_recovery_at_start

from . import recovery_support
from .conftest import save_and_wait, two_team_map

recovery = recovery_support.recovery
recovery_dialogs = recovery_support.recovery_dialogs
make_window = recovery_support.make_window

EDIT_THEN_WAIT_TO_BE_KILLED = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from PySide6.QtCore import QSettings
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, sys.argv[2])
    from vsm_desktop.ui.app import create_application
    from vsm_desktop.ui.autosave import RecoveryFolder
    from vsm_desktop.ui.commands import UpdateElementsCommand
    from vsm_desktop.ui.main_window import MainWindow

    app = create_application()
    window = MainWindow(recovery=RecoveryFolder(Path(sys.argv[1])))
    window.files.load_file(Path(sys.argv[3]))
    window.autosave.set_interval(0.2)
    window.autosave.copy_written.connect(lambda path: print("copied", flush=True))
    window.undo_stack.push(UpdateElementsCommand(
        window.document, {"build": {"wait_time": 12.0}}, "Change wait time of 'Build'"))
    app.exec()
    """
)


def dead_session_with(root: Path, *titles: str) -> list[ValueStreamMap]:
    """Copies left by an app that is gone (no lock held), one per title."""
    session = RecoverySession(root)
    maps = []
    for number, title in enumerate(titles):
        value_stream_map = ValueStreamMap(info=MapInfo(title=title))
        session.write(f"map{number}", session.serialize(value_stream_map), title, None)
        maps.append(value_stream_map)
    return maps


@pytest.mark.slow
def test_a_killed_app_leaves_a_copy_that_the_next_start_restores_as_unsaved(
    qtbot, make_window, recovery, recovery_dialogs, tmp_path
):
    path = tmp_path / "two-teams.vsm"
    save_map(two_team_map(), path)
    settings = tmp_path / "child-settings"
    settings.mkdir()
    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            EDIT_THEN_WAIT_TO_BE_KILLED,
            str(recovery.root),
            str(settings),
            str(path),
        ],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    try:
        assert child.stdout.readline().strip() == "copied"
        killed_at = datetime.now(UTC)
        os.kill(child.pid, signal.SIGKILL)
        child.wait(10)
    finally:
        child.kill()
        child.wait(10)
    window = make_window()
    recovery_dialogs.answers["ask_recovery"].append(["restore"])

    assert offer_recovery_at_start(window, recovery)

    [(offered,)] = recovery_dialogs.called("ask_recovery")
    [item] = offered
    assert item.title == "Two teams"
    assert item.original_path == str(path.resolve())
    assert timedelta(0) <= killed_at - item.saved_at < timedelta(seconds=30)
    build = window.document.element("build")
    assert build.wait_time == 12.0  # the edit made just before the kill
    assert window.isWindowModified() and window.states.is_modified()
    assert window.files.file_path == path.resolve()
    assert load_map(path).elements[2].wait_time == 8  # the user's file is untouched
    # The dead app's copy is gone; this window keeps its own copy of the restored changes.
    assert recovery.recoverable() == []
    [own] = find_recoverable(recovery.root, lambda _folder: False)
    assert own.load().elements[2].wait_time == 12.0
    assert save_and_wait(qtbot, window)  # Save writes to the map's own file
    assert load_map(path).elements[2].wait_time == 12.0


def test_discard_deletes_and_later_keeps_a_copy(qtbot, make_window, recovery, recovery_dialogs):
    dead_session_with(recovery.root, "Old intake map", "Payments onboarding")
    window = make_window()
    recovery_dialogs.answers["ask_recovery"].append(["discard", "later"])

    assert not offer_recovery_at_start(window, recovery)  # nothing restored into the window

    assert window.files.is_pristine
    [kept] = recovery.recoverable()
    [(offered,)] = recovery_dialogs.called("ask_recovery")
    discarded = next(item for item in offered if item.key != kept.key)
    assert not discarded.map_path.exists()


def test_closing_the_question_unanswered_keeps_every_copy(
    qtbot, make_window, recovery, recovery_dialogs
):
    dead_session_with(recovery.root, "A", "B")
    window = make_window()  # the scripted dialog answers None: closed without a choice
    assert not offer_recovery_at_start(window, recovery)
    assert len(recovery.recoverable()) == 2


def test_a_second_restored_map_opens_in_a_window_of_its_own(
    qtbot, make_window, recovery, recovery_dialogs
):
    dead_session_with(recovery.root, "Card disputes", "Account opening")
    window = make_window()
    recovery_dialogs.answers["ask_recovery"].append(["restore", "restore"])

    assert offer_recovery_at_start(window, recovery)

    from vsm_desktop.ui import recovery_offer

    [other] = recovery_offer._restored_windows
    qtbot.addWidget(other)
    titles = {window.document.info.title, other.document.info.title}
    assert titles == {"Card disputes", "Account opening"}
    assert window.isWindowModified() and other.isWindowModified()
    assert recovery.recoverable() == []


def test_an_unreadable_copy_is_reported_and_kept(qtbot, make_window, recovery, recovery_dialogs):
    dead_session_with(recovery.root, "Broken")
    [item] = recovery.recoverable()
    item.map_path.write_bytes(b'{"format": "vsm-desktop", "version": 2, "maps": [')
    window = make_window()
    recovery_dialogs.answers["ask_recovery"].append(["restore"])

    assert not offer_recovery_at_start(window, recovery)

    [(title, text)] = recovery_dialogs.called("error")
    assert title == "Could not restore the map"
    assert "“Broken”" in text and "looks cut off" in text
    assert [kept.key for kept in recovery.recoverable()] == [item.key]
    assert not window.isWindowModified()


def test_nothing_to_recover_asks_nothing(qtbot, make_window, recovery, recovery_dialogs):
    window = make_window()
    assert not offer_recovery_at_start(window, recovery)
    assert recovery_dialogs.called("ask_recovery") == []


# -- the dialog itself -----------------------------------------------------------------------


def test_the_dialog_shows_title_path_and_time_and_returns_each_choice(qtbot, recovery):
    session = RecoverySession(recovery.root)
    session.write("a", session.serialize(ValueStreamMap()), "Card disputes", "/maps/cards.vsm")
    session.write("b", session.serialize(ValueStreamMap()), "Account opening", None)
    session.write("c", session.serialize(ValueStreamMap()), "<b>Q3</b> & more", None)
    items = sorted(recovery.recoverable(), key=lambda item: item.key)
    dialog = RecoveryDialog(None, items)
    qtbot.addWidget(dialog)
    texts = [
        QTextDocumentFragment.fromHtml(label.text()).toPlainText()
        for label in dialog.findChildren(QLabel)
    ]
    first = next(text for text in texts if text.startswith("Card disputes"))
    assert "/maps/cards.vsm" in first
    assert f"Last copied {describe_time(items[0].saved_at)}" in first
    assert any(text.startswith("Account opening\nnever saved to a file") for text in texts)
    assert any(text.startswith("<b>Q3</b> & more\n") for text in texts)  # shown literally
    assert dialog.choices() == ["restore", "restore", "restore"]  # Restore is preselected

    buttons = dialog.findChildren(QRadioButton)
    discard_second = next(b for b in buttons if b.accessibleName() == "Discard “Account opening”")
    qtbot.mouseClick(discard_second, Qt.MouseButton.LeftButton)
    assert dialog.choices() == ["restore", "discard", "restore"]


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (datetime(2026, 11, 26, 14, 32), "today at 14:32"),
        (datetime(2026, 11, 25, 23, 59), "yesterday at 23:59"),
        (datetime(2026, 11, 3, 9, 5), "3 Nov 2026 at 09:05"),
    ],
)
def test_describe_time_in_plain_words(moment, expected):
    now = datetime(2026, 11, 26, 18, 0).astimezone()
    assert describe_time(moment.astimezone(), now) == expected


def test_a_restored_copy_brings_back_every_state(qtbot, make_window, recovery, recovery_dialogs):
    current = two_team_map()
    future = current.derive_future_state()
    future.info.title = "Two teams, future"
    session = RecoverySession(recovery.root)
    data = dumps_states(MapStates(maps=[current, future])).encode("utf-8")
    session.write("both", data, "Two teams", None)
    window = make_window()
    recovery_dialogs.answers["ask_recovery"].append(["restore"])

    assert offer_recovery_at_start(window, recovery)

    assert window.states.count == 2
    assert window.states.snapshot().maps[1].info.title == "Two teams, future"
    assert window.states.is_modified()


def test_a_recovered_map_goes_into_the_window_already_showing_its_file(
    qtbot, make_window, recovery, recovery_dialogs, tmp_path
):
    # `vsm-desktop two-teams.vsm` after a crash: the window shows the saved file, and the
    # recovered copy of that same file must replace it there, not open beside it.
    path = tmp_path / "two-teams.vsm"
    save_map(two_team_map(), path)
    newer = two_team_map()
    newer.element("build").wait_time = 12.0
    session = RecoverySession(recovery.root)
    session.write("map0", session.serialize(newer), "Two teams", str(path.resolve()))
    window = make_window()
    assert window.files.load_file(path)
    recovery_dialogs.answers["ask_recovery"].append(["restore"])

    assert offer_recovery_at_start(window, recovery)

    from vsm_desktop.ui import recovery_offer

    assert recovery_offer._restored_windows == []  # no second window on the same file
    assert window.document.element("build").wait_time == 12.0
    assert window.states.is_modified()
    assert window.files.file_path == path.resolve()
