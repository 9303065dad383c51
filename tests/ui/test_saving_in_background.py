"""Save writes on a worker: the window answers meanwhile, an edit made while it writes stays
unsaved, and closing waits for the save in flight (and closes only once it wrote the file).

A save's result reaches the window through its event loop, so everything a test does before it
waits happens while the save is still in flight, whatever the machine's speed."""

from __future__ import annotations

import errno
import os

import pytest

from vsm_desktop.io.recovery import find_recoverable
from vsm_desktop.io.vsm_file import load_map, save_map

from . import recovery_support
from .conftest import two_team_map
from .recovery_support import edit_wait_time

recovery = recovery_support.recovery
recovery_dialogs = recovery_support.recovery_dialogs
make_window = recovery_support.make_window


@pytest.fixture
def path(tmp_path):
    path = tmp_path / "two-teams.vsm"
    save_map(two_team_map(), path)
    return path


@pytest.fixture
def window(make_window, path):
    window = make_window()
    assert window.files.load_file(path)
    return window


def saved_wait(path) -> float:
    return load_map(path).element("build").wait_time


def wait_for_the_save(qtbot, window) -> None:
    qtbot.waitUntil(lambda: not window.files.saver.busy)


def test_the_window_says_it_is_saving_and_then_that_it_saved(qtbot, window, path):
    edit_wait_time(window, "build", 12)
    assert window.files.save()

    assert window.statusBar().currentMessage() == "Saving two-teams.vsm…"
    assert not window.actions["save"].isEnabled() and not window.actions["save_as"].isEnabled()
    assert not window.files.save()  # one save at a time: its own write is no conflict
    assert window.statusBar().currentMessage() == "Still saving…"
    wait_for_the_save(qtbot, window)

    assert window.statusBar().currentMessage() == "Saved two-teams.vsm"
    assert window.actions["save"].isEnabled() and window.actions["save_as"].isEnabled()
    assert saved_wait(path) == 12
    assert not window.isWindowModified()


def test_an_edit_made_while_saving_stays_unsaved(qtbot, window, path, recovery):
    edit_wait_time(window, "build", 12)
    assert window.files.save()
    edit_wait_time(window, "build", 20)  # typed while the worker writes
    wait_for_the_save(qtbot, window)

    assert saved_wait(path) == 12  # the file holds the map as Save saw it
    assert window.isWindowModified() and not window.undo_stack.isClean()
    assert "not saved yet" in window.statusBar().currentMessage()
    window.autosave.write_now(wait=True)  # so the newer edit has its recovery copy
    [copy] = find_recoverable(recovery.root, lambda _folder: False)
    assert copy.load().element("build").wait_time == 20

    assert window.files.save()
    wait_for_the_save(qtbot, window)
    assert saved_wait(path) == 20
    assert not window.isWindowModified()


def test_a_state_added_while_saving_stays_unsaved(qtbot, window, path):
    edit_wait_time(window, "build", 12)
    assert window.files.save()
    window.states.add_future_state()
    wait_for_the_save(qtbot, window)

    assert saved_wait(path) == 12
    assert window.states.is_modified()


def test_closing_while_a_save_runs_waits_and_closes_once_it_is_written(
    qtbot, window, path, recovery_dialogs
):
    edit_wait_time(window, "build", 12)
    assert window.files.save()

    assert window.close()

    assert saved_wait(path) == 12
    assert recovery_dialogs.called("ask_save_changes") == []  # saved: nothing to ask


def test_closing_while_a_save_fails_asks_and_loses_nothing(
    qtbot, window, path, recovery_dialogs, monkeypatch
):
    original = path.read_bytes()
    edit_wait_time(window, "build", 12)
    edited = window.document.to_map()
    recovery_dialogs.answers["ask_save_changes"].append("cancel")
    with monkeypatch.context() as patch:

        def disk_full(_fd):
            raise OSError(errno.ENOSPC, "No space left on device")

        patch.setattr(os, "fsync", disk_full)
        assert window.files.save()
        assert not window.close()  # waits for the save, which fails; then asks

    [(title, text)] = recovery_dialogs.called("error")
    assert title == "Could not save the map"
    assert "two-teams.vsm" in text and "the disk is full" in text
    assert recovery_dialogs.called("ask_save_changes") == [("two-teams.vsm",)]
    assert window.isVisible() and window.isWindowModified()
    assert window.document.to_map() == edited
    assert path.read_bytes() == original  # the old file, whole


def test_opening_another_map_while_saving_waits_for_the_save(qtbot, window, path, tmp_path):
    other = tmp_path / "other.vsm"
    other_map = two_team_map()
    other_map.info.title = "Another stream"
    save_map(other_map, other)
    edit_wait_time(window, "build", 12)
    assert window.files.save()

    assert window.files.open_file(other)

    assert saved_wait(path) == 12
    assert window.files.file_path == other.resolve()
    assert window.document.info.title == "Another stream"
    assert not window.isWindowModified()
