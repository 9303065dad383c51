"""Presentation mode: full screen for the room, panels away, large text, the key figures."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QTimer

if TYPE_CHECKING:
    from ..main_window import MainWindow


class PresentationController:
    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self._saved: tuple[QByteArray, bool] | None = None  # dock layout, was maximised

    @property
    def active(self) -> bool:
        return self._saved is not None

    def add_actions(self) -> None:
        actions = self.window.actions
        actions.add(
            "presentation",
            "&Presentation Mode",
            self.set_active,
            "F5",
            "present",
            "Full screen, large text and the key figures for the room (Esc leaves)",
            checkable=True,
        )
        leave = actions.add("leave_presentation", "Leave Presentation", self.leave, "Esc")
        leave.setEnabled(False)

    def leave(self) -> None:
        self.set_active(False)

    def set_active(self, on: bool) -> None:
        window = self.window
        if on == self.active:
            window.actions["presentation"].setChecked(on)
            return
        if on:
            self._saved = (window.saveState(), window.isMaximized())
            for dock in window.docks():
                dock.hide()
            window.toolbar.hide()
            window.menuBar().hide()
            window.statusBar().hide()
            window.strip.set_compact(False)
            window.strip.show()
            window.view.set_presentation_mode(True)
            window.showFullScreen()
        else:
            assert self._saved is not None
            state, maximized = self._saved
            self._saved = None
            window.strip.set_compact(True)
            window.strip.setVisible(window.actions["key_figures"].isChecked())
            window.view.set_presentation_mode(False)
            window.menuBar().show()
            window.statusBar().show()
            window.restoreState(state)
            if maximized:
                window.showMaximized()
            else:
                window.showNormal()
        window.actions["presentation"].setChecked(on)
        window.actions["leave_presentation"].setEnabled(on)
        QTimer.singleShot(0, window.view.zoom_to_open)
