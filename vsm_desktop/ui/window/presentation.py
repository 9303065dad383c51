"""Presentation mode: full screen for the room, panels away, the whole map, the key figures.

The map is fitted to the screen (the canvas's level of detail turns boxes too small for their
data rows into their name and wait in large type, and leaves out any text under 11 px); the
arrow keys walk the critical path (presentation_tour.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QTimer

from .presentation_tour import PresentationTour

if TYPE_CHECKING:
    from ..main_window import MainWindow


class PresentationController:
    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self._saved: tuple[QByteArray, bool, bool] | None = None
        # (dock layout, was maximised, the state tabs were shown)
        self.tour = PresentationTour(window)

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
        self.tour.add_actions()
        layout = self.window.centralWidget().layout()
        layout.insertWidget(layout.indexOf(self.window.strip) + 1, self.tour.caption)

    def leave(self) -> None:
        self.set_active(False)

    def set_active(self, on: bool) -> None:
        window = self.window
        if on == self.active:
            window.actions["presentation"].setChecked(on)
            return
        if on:
            switcher = window.state_switcher
            self._saved = (window.saveState(), window.isMaximized(), switcher.isVisible())
            for dock in window.docks():
                dock.hide()
            window.toolbar.hide()
            window.menuBar().hide()
            window.statusBar().hide()
            switcher.hide()  # the room needs the map, not the tabs to switch it
            window.strip.set_compact(False)
            window.strip.show()
            window.view.set_presentation_mode(True)
            screen = window.screen()
            if screen is not None:
                # Without a window manager (a bare X server) full screen keeps the old size.
                window.setGeometry(screen.geometry())
            window.showFullScreen()
            self.tour.start()
        else:
            assert self._saved is not None
            state, maximized, switcher_shown = self._saved
            self._saved = None
            self.tour.stop()
            window.state_switcher.setVisible(switcher_shown)
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
        # Once the window has its new size: presenting, the whole map; editing, a readable start.
        QTimer.singleShot(0, window.view.zoom_to_fit if on else window.view.zoom_to_open)
