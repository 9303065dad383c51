"""Edit > Preferences…: the choices reach the settings and take effect at once."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMenu

from vsm_desktop.ui.dialogs import PreferencesDialog
from vsm_desktop.ui.settings import AppSettings, Preferences


def offered(fake_dialogs) -> Preferences:
    """The values the last Preferences dialog was opened with."""
    (current,) = fake_dialogs.called("ask_preferences")[-1]
    return current


def test_preferences_is_in_the_edit_menu_with_the_standard_shortcut(window):
    edit_menu = next(m for m in window.menuBar().findChildren(QMenu) if m.title() == "&Edit")
    assert window.actions["preferences"] in edit_menu.actions()
    standard = QKeySequence.keyBindings(QKeySequence.StandardKey.Preferences)
    expected = standard[0] if standard else QKeySequence("Ctrl+,")
    assert window.actions["preferences"].shortcut() == expected


def test_a_new_autosave_interval_applies_at_once_and_is_remembered(qtbot, window, fake_dialogs):
    fake_dialogs.answers["ask_preferences"].append(None)  # first look, then cancel
    window.actions["preferences"].trigger()
    current = offered(fake_dialogs)
    assert current.autosave_seconds == 30  # the documented default
    assert window.autosave.interval_seconds == 30

    fake_dialogs.answers["ask_preferences"].append(replace(current, autosave_seconds=95))
    window.actions["preferences"].trigger()

    assert window.autosave.interval_seconds == 95  # the running controller, no restart
    window.settings.sync()
    assert AppSettings().autosave_interval_seconds() == 95
    window.actions["preferences"].trigger()  # unscripted: cancelled
    assert offered(fake_dialogs).autosave_seconds == 95


def test_the_backup_choice_and_the_file_menu_toggle_stay_in_sync(qtbot, window, fake_dialogs):
    window.actions["keep_backup"].setChecked(False)
    window.actions["preferences"].trigger()
    assert offered(fake_dialogs).keep_backup is False  # the dialog shows the menu's state

    fake_dialogs.answers["ask_preferences"].append(replace(offered(fake_dialogs), keep_backup=True))
    window.actions["preferences"].trigger()
    assert window.actions["keep_backup"].isChecked()  # the menu shows the dialog's choice
    assert window.settings.keep_backup()


def test_paper_and_snapping_choices_are_used_by_the_report_and_the_canvas(
    qtbot, window, fake_dialogs
):
    window.actions["preferences"].trigger()
    chosen = replace(offered(fake_dialogs), page_size="A3", landscape=False, snap_to_grid=False)
    fake_dialogs.answers["ask_preferences"].append(chosen)
    window.actions["preferences"].trigger()

    assert not window.actions["snap"].isChecked()
    assert window.view.scene().snap_to_grid is False
    window.exports.export("pdf")  # the report asks for paper first, offering the preferred one
    assert fake_dialogs.called("ask_report_options")[-1] == ("A3", False)


def test_cancelling_changes_nothing(qtbot, window, fake_dialogs):
    assert not window.preferences.edit()
    assert window.autosave.interval_seconds == 30
    assert window.actions["keep_backup"].isChecked()


def test_the_dialog_returns_what_the_user_set_within_the_allowed_range(qtbot):
    current = Preferences(
        autosave_seconds=30, keep_backup=True, page_size="A4", landscape=True, snap_to_grid=True
    )
    dialog = PreferencesDialog(None, current)
    qtbot.addWidget(dialog)
    assert dialog.answer() == current  # opens with the current values

    dialog.autosave_seconds.setValue(2)  # below the minimum: held at 5 s
    dialog.keep_backup.setChecked(False)
    dialog.page_size.setCurrentText("Letter")
    dialog.orientation.setCurrentText("Portrait")
    dialog.snap_to_grid.setChecked(False)
    assert dialog.answer() == Preferences(
        autosave_seconds=5,
        keep_backup=False,
        page_size="Letter",
        landscape=False,
        snap_to_grid=False,
    )
    dialog.autosave_seconds.setValue(5000)
    assert dialog.answer().autosave_seconds == 600
