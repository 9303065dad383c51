"""Edit > Preferences and the View toggles: stored in the settings, applied at once."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..dialogs import current_dialogs
from ..settings import Preferences

if TYPE_CHECKING:
    from ..main_window import MainWindow


@dataclass(frozen=True)
class ViewToggle:
    """A checkable View command: stored as a settings flag, shown by one canvas method."""

    label: str
    flag: str
    default: bool
    show: str  # the MapView method that takes the new state
    tip: str
    shortcut: str | None = None
    icon: str | None = None


VIEW_TOGGLES = {
    "snap": ViewToggle("&Snap to Grid", "snap_to_grid", True, "set_snap_to_grid",
                       "Snap moved elements to 20 px"),
    "critical": ViewToggle("Highlight &Critical Path", "critical_path", True,
                           "set_critical_path_visible",
                           "Highlight the longest path from request to value",
                           "Ctrl+Shift+C", "critical"),
    "waits": ViewToggle("Shade &Waits", "wait_shading", False, "set_wait_shading",
                        "Shade waits by size so the worst queues stand out",
                        "Ctrl+Shift+W", "waits"),
    "criticality": ViewToggle(
        "Colour by C&riticality", "criticality", False, "set_criticality_visible",
        "When times are ranges: colour each element by how often it sets the lead time"),
    "overview": ViewToggle(
        "&Overview Map", "overview_map", True, "set_overview_visible",
        "The whole map small in the corner while it does not fit; click to move there"),
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
        for name, toggle in VIEW_TOGGLES.items():
            actions.add(
                name,
                toggle.label,
                lambda on, n=name: self._toggle(n, on),
                toggle.shortcut,
                toggle.icon,
                toggle.tip,
                checkable=True,
            )

    def _toggle(self, name: str, on: bool) -> None:
        toggle = VIEW_TOGGLES[name]
        getattr(self.window.view, toggle.show)(on)
        self.window.settings.set_flag(toggle.flag, on)

    def restore(self) -> None:
        """The toggles as they were left; applied even when unchanged (toggled would not fire)."""
        actions, settings = self.window.actions, self.window.settings
        for name, toggle in VIEW_TOGGLES.items():
            actions[name].setChecked(settings.flag(toggle.flag, toggle.default))
            getattr(self.window.view, toggle.show)(actions[name].isChecked())
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
