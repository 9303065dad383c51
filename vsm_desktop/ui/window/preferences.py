"""Edit > Preferences and the View toggles: stored in the settings, applied at once."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..dialogs import current_dialogs
from ..settings import Preferences

if TYPE_CHECKING:
    from ..main_window import MainWindow

# Checkable action -> (settings flag, default, how the canvas shows it).
VIEW_TOGGLES = {
    "snap": ("snap_to_grid", True, "set_snap_to_grid"),
    "critical": ("critical_path", True, "set_critical_path_visible"),
    "waits": ("wait_shading", False, "set_wait_shading"),
    "criticality": ("criticality", False, "set_criticality_visible"),
    "overview": ("overview_map", True, "set_overview_visible"),
}


class PreferencesController:
    def __init__(self, window: MainWindow) -> None:
        self.window = window

    def add_actions(self) -> None:
        actions, settings = self.window.actions, self.window.settings
        actions.add(
            "keep_backup",
            "Keep a Backup (.bak) When Saving",
            settings.set_keep_backup,
            tip="Saving over a map keeps its previous version beside it as name.vsm.bak",
            checkable=True,
        )
        actions.add(
            "open_after_export",
            "Open After Export",
            lambda on: settings.set_flag("open_after_export", on),
            checkable=True,
        )
        actions.add(
            "snap",
            "&Snap to Grid",
            lambda on: self._toggle("snap", on),
            checkable=True,
            tip="Snap moved elements to 20 px",
        )
        actions.add(
            "critical",
            "Highlight &Critical Path",
            lambda on: self._toggle("critical", on),
            "Ctrl+Shift+C",
            "critical",
            "Highlight the longest path from request to value",
            checkable=True,
        )
        actions.add(
            "waits",
            "Shade &Waits",
            lambda on: self._toggle("waits", on),
            "Ctrl+Shift+W",
            "waits",
            "Shade waits by size so the worst queues stand out",
            checkable=True,
        )
        actions.add(
            "criticality",
            "Colour by C&riticality",
            lambda on: self._toggle("criticality", on),
            tip="When times are ranges: colour each element by how often it sets the lead time",
            checkable=True,
        )
        actions.add(
            "overview",
            "&Overview Map",
            lambda on: self._toggle("overview", on),
            tip="The whole map small in the corner while it does not fit; click to move there",
            checkable=True,
        )

    def _toggle(self, name: str, on: bool) -> None:
        flag, _default, show = VIEW_TOGGLES[name]
        getattr(self.window.view, show)(on)
        self.window.settings.set_flag(flag, on)

    def restore(self) -> None:
        """The toggles as they were left; applied even when unchanged (toggled would not fire)."""
        actions, settings = self.window.actions, self.window.settings
        for name, (flag, default, show) in VIEW_TOGGLES.items():
            actions[name].setChecked(settings.flag(flag, default))
            getattr(self.window.view, show)(actions[name].isChecked())
        actions["open_after_export"].setChecked(settings.flag("open_after_export", True))
        actions["keep_backup"].setChecked(settings.keep_backup())

    def edit(self) -> bool:
        """Ask for new preferences and apply them at once; False when the user cancels."""
        chosen = current_dialogs().ask_preferences(self.window, self.window.settings.preferences())
        if chosen is None:
            return False
        self.apply(chosen)
        return True

    def apply(self, preferences: Preferences) -> None:
        """Store the preferences and put them to work: no restart needed."""
        window, settings = self.window, self.window.settings
        settings.set_autosave_interval_seconds(preferences.autosave_seconds)
        window.autosave.set_interval(settings.autosave_interval_seconds())
        settings.set_report_options(preferences.page_size, preferences.landscape)
        # The menu toggles store their own settings and update the canvas when toggled.
        window.actions["keep_backup"].setChecked(preferences.keep_backup)
        window.actions["snap"].setChecked(preferences.snap_to_grid)
