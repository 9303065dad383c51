"""Recovery copies while a map has unsaved changes; backups and failed saves keep work."""

from __future__ import annotations

import errno
import importlib.util
import os
import random
import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest

from vsm_desktop.io.recovery import find_recoverable
from vsm_desktop.io.vsm_file import load_map, save_map
from vsm_desktop.ui.autosave import RecoveryFolder, is_session_alive
from vsm_desktop.ui.commands import UpdateMapInfoCommand

from . import recovery_support
from .conftest import save_and_wait, two_team_map
from .recovery_support import edit_wait_time

# Fixtures shared with the other recovery tests.
recovery = recovery_support.recovery
recovery_dialogs = recovery_support.recovery_dialogs
make_window = recovery_support.make_window

SHORT_INTERVAL = 0.2  # seconds; the app's default is 30


def nobody_alive(_folder) -> bool:
    return False


def copies_in(recovery: RecoveryFolder):
    return find_recoverable(recovery.root, nobody_alive)


@pytest.fixture
def window(make_window, tmp_path):
    window = make_window()
    path = tmp_path / "two-teams.vsm"
    save_map(two_team_map(), path)
    assert window.files.load_file(path)
    window.autosave.set_interval(SHORT_INTERVAL)
    return window


def test_an_edit_is_copied_after_the_interval_and_never_over_the_users_file(
    qtbot, window, recovery, tmp_path
):
    user_file = tmp_path / "two-teams.vsm"
    before = user_file.read_bytes()
    edit_wait_time(window, "build", 12)
    assert copies_in(recovery) == []  # nothing before the interval has passed

    qtbot.waitUntil(lambda: len(copies_in(recovery)) == 1, timeout=3000)
    window.autosave.wait_for_writes()
    [copy] = copies_in(recovery)
    assert copy.load() == window.document.to_map()
    assert copy.load().elements[2].wait_time == 12  # the edit itself is in the copy
    assert copy.title == "Two teams"
    assert copy.original_path == str(user_file.resolve())
    assert copy.map_path.parent.parent == recovery.root
    assert user_file.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["two-teams.vsm"]


def test_continuous_editing_does_not_postpone_the_copy(qtbot, window, recovery):
    """Editing every 50 ms, without a pause as long as the interval, still produces a copy.

    100 edits 50 ms apart span at least 5 s, over 16 intervals of 0.3 s, however busy the
    machine: a countdown that restarted at every edit would never write."""
    window.autosave.set_interval(0.3)
    hours = 1.0
    for _ in range(100):
        hours += 1
        edit_wait_time(window, "intake", hours)
        qtbot.wait(50)
        if copies_in(recovery):
            break
    assert copies_in(recovery), "no copy while the user kept editing"


def test_saving_removes_the_copy(qtbot, window, recovery):
    edit_wait_time(window, "build", 12)
    qtbot.waitUntil(lambda: bool(copies_in(recovery)), timeout=3000)
    assert save_and_wait(qtbot, window)
    window.autosave.wait_for_writes()
    assert copies_in(recovery) == []


def test_undoing_back_to_the_saved_map_removes_the_copy(qtbot, window, recovery):
    edit_wait_time(window, "build", 12)
    qtbot.waitUntil(lambda: bool(copies_in(recovery)), timeout=3000)
    window.undo_stack.undo()
    window.autosave.wait_for_writes()
    assert copies_in(recovery) == []


def test_a_clean_close_removes_the_copy_and_the_session(qtbot, window, recovery, fake_dialogs):
    edit_wait_time(window, "build", 12)
    qtbot.waitUntil(lambda: bool(copies_in(recovery)), timeout=3000)
    session_folder = recovery.folder
    fake_dialogs.answers["ask_save_changes"].append("discard")
    assert window.close()
    assert copies_in(recovery) == []
    recovery.close()  # the app's last window closed
    assert not session_folder.exists()


def test_cancelling_the_close_keeps_the_copy(qtbot, window, recovery, fake_dialogs):
    edit_wait_time(window, "build", 12)
    qtbot.waitUntil(lambda: bool(copies_in(recovery)), timeout=3000)
    fake_dialogs.answers["ask_save_changes"].append("cancel")
    assert not window.close()
    window.autosave.wait_for_writes()
    assert len(copies_in(recovery)) == 1


def test_an_unchanged_map_writes_nothing(qtbot, window, recovery):
    qtbot.wait(int(SHORT_INTERVAL * 1000 * 3))
    assert not recovery.root.exists() or list(recovery.root.iterdir()) == []


def test_this_apps_own_copies_are_not_offered_to_itself(qtbot, window, recovery):
    edit_wait_time(window, "build", 12)
    qtbot.waitUntil(lambda: bool(copies_in(recovery)), timeout=3000)
    assert is_session_alive(recovery.folder)
    assert recovery.recoverable() == []
    assert RecoveryFolder(recovery.root).recoverable() == []  # a second app in this process


HOLD_A_SESSION = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from PySide6.QtCore import QLockFile
    from vsm_desktop.io.recovery import RecoverySession
    from vsm_desktop.model import MapInfo, ValueStreamMap

    session = RecoverySession(Path(sys.argv[1]))
    lock = QLockFile(str(session.lock_path))
    lock.setStaleLockTime(0)
    assert lock.tryLock(0)
    other = ValueStreamMap(info=MapInfo(title="Other room's map"))
    session.write("theirs", session.serialize(other), "Other room's map", None)
    print("ready", flush=True)
    time.sleep(60)
    """
)


def test_a_running_apps_copies_are_not_offered_until_it_dies(qtbot, tmp_path):
    root = tmp_path / "recovery"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_A_SESSION, str(root)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        ours = RecoveryFolder(root)
        assert ours.recoverable() == []  # the other app is alive and holds its lock
        holder.kill()
        holder.wait(10)
        [theirs] = ours.recoverable()  # killed: its lock is stale, its map is ours to offer
        assert theirs.title == "Other room's map"
    finally:
        holder.kill()
        holder.wait(10)


# -- backups ---------------------------------------------------------------------------------


def test_saving_over_a_map_keeps_the_previous_version_as_bak(qtbot, window, tmp_path):
    path = tmp_path / "two-teams.vsm"
    previous = path.read_bytes()
    assert window.actions["keep_backup"].isChecked()  # on unless turned off
    edit_wait_time(window, "build", 12)
    assert save_and_wait(qtbot, window)
    assert (tmp_path / "two-teams.vsm.bak").read_bytes() == previous
    assert load_map(path).elements[2].wait_time == 12


def test_the_backup_can_be_turned_off_and_stays_off(qtbot, window, tmp_path, make_window):
    window.actions["keep_backup"].setChecked(False)
    edit_wait_time(window, "build", 12)
    assert save_and_wait(qtbot, window)
    assert not (tmp_path / "two-teams.vsm.bak").exists()
    assert not make_window().actions["keep_backup"].isChecked()  # remembered in the settings


# -- a save that fails keeps the changes -----------------------------------------------------


def _disk_full(monkeypatch, _folder):
    def fsync(_fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", fsync)
    return "the disk is full"


def _read_only(monkeypatch, folder):
    os.chmod(folder, 0o555)
    if os.access(folder, os.W_OK):  # root ignores permissions: let the OS call refuse instead

        def refuse(*_args, **_kwargs):
            raise PermissionError(errno.EACCES, "Permission denied")

        monkeypatch.setattr(tempfile, "mkstemp", refuse)
    return "permission denied"


def _folder_gone(_monkeypatch, folder):
    shutil.rmtree(folder)
    return "does not exist"


@pytest.mark.parametrize("failure", [_disk_full, _read_only, _folder_gone])
def test_a_failed_save_tells_the_user_and_keeps_the_changes(
    qtbot, make_window, fake_dialogs, recovery, tmp_path, monkeypatch, failure
):
    folder = tmp_path / "shared-drive"
    folder.mkdir()
    path = folder / "two-teams.vsm"
    original = two_team_map()
    save_map(original, path)
    window = make_window()
    assert window.files.load_file(path)
    window.autosave.set_interval(SHORT_INTERVAL)
    edit_wait_time(window, "build", 12)
    edited = window.document.to_map()
    qtbot.waitUntil(lambda: bool(copies_in(recovery)), timeout=3000)
    window.autosave.wait_for_writes()
    with monkeypatch.context() as patch:
        reason = failure(patch, folder)
        saved = save_and_wait(qtbot, window)
    if folder.exists():
        os.chmod(folder, 0o755)
    assert not saved

    [(title, text)] = fake_dialogs.called("error")
    assert title == "Could not save the map"
    assert "two-teams.vsm" in text and reason in text
    assert window.isWindowModified() and "[*]" in window.windowTitle()
    assert not window.undo_stack.isClean()
    assert window.document.to_map() == edited
    [copy] = copies_in(recovery)  # the recovery copy is still there too
    assert copy.load() == edited
    if path.exists():
        assert load_map(path) == original  # the file on disk is the old one, whole


def benchmark_module(name: str):
    """A module of benchmarks/ (not an installed package) loaded from its file."""
    path = Path(__file__).resolve().parents[2] / "benchmarks" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"benchmarks_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_a_1000_element_map_is_written_off_the_gui_thread(qtbot, make_window, recovery):
    """JSON and disk happen on the writer thread; the GUI thread only copies the map.

    How long that copy takes is a benchmark's question, not a test's (CI is a busy machine).
    """
    generate_map = benchmark_module("generate").generate_map
    window = make_window()
    window.files.set_map(generate_map(1000), None)
    window.undo_stack.push(UpdateMapInfoCommand(window.document, {"title": "Large"}, "Rename"))
    assert window.autosave.write_now() is None  # queued, not written on this thread
    assert window.autosave.wait_for_writes(30)
    [copy] = copies_in(recovery)
    assert len(copy.load().elements) == 1000


KEEP_EDITING = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from PySide6.QtCore import QSettings, QTimer
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, sys.argv[2])
    from vsm_desktop.io.vsm_file import load_map
    from vsm_desktop.ui.app import create_application
    from vsm_desktop.ui.autosave import RecoveryFolder
    from vsm_desktop.ui.commands import UpdateElementsCommand
    from vsm_desktop.ui.main_window import MainWindow

    app = create_application()
    window = MainWindow(recovery=RecoveryFolder(Path(sys.argv[1])))
    window.files.set_map(load_map(sys.argv[3]), None)
    window.autosave.set_interval(float(sys.argv[4]))
    count = 0

    def edit():
        global count
        count += 1
        window.undo_stack.push(UpdateElementsCommand(
            window.document, {"build": {"wait_time": float(count)}}, "Change wait time"))
        print("edit", count, time.time(), flush=True)

    timer = QTimer()
    timer.timeout.connect(edit)
    timer.start(50)
    app.exec()
    """
)


@pytest.mark.slow
def test_a_kill_leaves_a_whole_copy_of_a_state_the_room_had(tmp_path):
    """A room edits every 50 ms and the laptop dies at a random moment: the recovery copy is
    whole and holds a state the room had, taken while it kept editing. How much work a kill
    loses (at most one interval plus the write) is a timing: benchmarks/, not a test."""
    interval = 0.5
    source = tmp_path / "two-teams.vsm"
    save_map(two_team_map(), source)
    settings = tmp_path / "settings"
    settings.mkdir()
    rng = random.Random(11)
    for round_number in range(3):
        root = tmp_path / f"recovery-{round_number}"
        child = subprocess.Popen(
            [
                sys.executable,
                "-c",
                KEEP_EDITING,
                str(root),
                str(settings),
                str(source),
                str(interval),
            ],
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        )
        last_edit = 0
        try:
            # at least 0.75 s of editing, past the 0.5 s interval, plus a random moment
            for _ in range(rng.randrange(15, 45)):
                _, number, _moment = child.stdout.readline().split()
                last_edit = int(number)
            while not find_recoverable(root, nobody_alive):  # a copy is there; then the kill
                assert last_edit < 1_000, "no recovery copy while the room kept editing"
                last_edit = int(child.stdout.readline().split()[1])
            for _ in range(rng.randrange(0, 10)):
                last_edit = int(child.stdout.readline().split()[1])
            child.kill()
            child.wait(10)
            for line in child.stdout:  # edits printed before the kill, not yet read
                last_edit = int(line.split()[1])
        finally:
            child.kill()
            child.wait(10)
        [copy] = RecoveryFolder(root).recoverable()
        copied = int(copy.load().elements[2].wait_time)  # a half-written copy would not load
        assert 1 <= copied <= last_edit, (copied, last_edit)


def test_folders_of_dead_apps_with_nothing_to_recover_are_cleared(tmp_path):
    root = tmp_path / "recovery"
    (root / "died-with-nothing-unsaved").mkdir(parents=True)  # its lock is free
    dead_with_copy = root / "died-with-a-copy"
    dead_with_copy.mkdir()
    (dead_with_copy / "map.vsm").write_bytes(b"{}")
    RecoveryFolder(root).recoverable()
    assert sorted(p.name for p in root.iterdir()) == ["died-with-a-copy"]
