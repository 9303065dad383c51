"""How the window shares a screen with the map: a compact start on a laptop, and focus mode.

On a 1366x768 laptop the default panels leave the canvas about 860x410 pixels. There the window
starts compact: the key figures as one strip above the canvas, the inspector, full metrics,
what-if and steps table as tabs of one panel on the right, and a slimmer palette. Focus mode
(F11) hides every panel and the toolbar at once and brings them back as they were.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QRect, Qt
from PySide6.QtWidgets import QTabWidget

if TYPE_CHECKING:
    from ..main_window import MainWindow

# Below this much screen the default panels crowd the map out.
COMPACT_BELOW_WIDTH = 1600
COMPACT_BELOW_HEIGHT = 950
STRIP_FLAG = "view/key_figures_strip"


def is_compact_screen(available: QRect | None) -> bool:
    if available is None:
        return False
    return available.width() < COMPACT_BELOW_WIDTH or available.height() < COMPACT_BELOW_HEIGHT


def fitted_to(geometry: QRect, available: QRect) -> QRect:
    """The window's frame moved and shrunk, if need be, to lie on the screen it opens on."""
    width = min(geometry.width(), available.width())
    height = min(geometry.height(), available.height())
    x = min(max(geometry.x(), available.x()), available.right() - width + 1)
    y = min(max(geometry.y(), available.y()), available.bottom() - height + 1)
    return QRect(x, y, width, height)


class WorkspaceController:
    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self._before_focus: QByteArray | None = None

    @property
    def focused(self) -> bool:
        return self._before_focus is not None

    def add_actions(self) -> None:
        actions = self.window.actions
        actions.add(
            "focus_mode",
            "&Focus on the Map",
            self.set_focus,
            "F11",
            tip="Hide every panel and the toolbar; F11 brings them back",
            checkable=True,
        )
        actions.add(
            "key_figures",
            "&Key Figures Strip",
            self.show_key_figures,
            tip="Lead time, wait, flow efficiency and the constraint in one line above the map",
            checkable=True,
        )

    # -- start -------------------------------------------------------------------------------

    def available_geometry(self) -> QRect | None:
        screen = self.window.screen()
        return screen.availableGeometry() if screen is not None else None

    def fit_to_screen(self) -> None:
        """A window restored from a larger screen (a projector unplugged) fits this one."""
        available = self.available_geometry()
        if available is None or self.window.isMaximized() or self.window.isFullScreen():
            return
        fitted = fitted_to(self.window.frameGeometry(), available)
        if fitted != self.window.frameGeometry():
            frame = self.window.frameGeometry().size() - self.window.geometry().size()
            self.window.move(fitted.topLeft())
            self.window.resize(fitted.width() - frame.width(), fitted.height() - frame.height())

    def first_start_layout(self) -> None:
        """Panels for a first start on this screen (no layout saved yet)."""
        window = self.window
        if not is_compact_screen(self.available_geometry()):
            window.default_dock_sizes()
            return
        side = [window.inspector_dock, window.metrics_dock, window.whatif_dock, window.steps.dock]
        for panel in side:
            window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, panel)
        for panel in side[1:]:
            window.tabifyDockWidget(side[0], panel)
        window.setTabPosition(Qt.DockWidgetArea.RightDockWidgetArea, QTabWidget.TabPosition.North)
        window.inspector_dock.raise_()
        window.resizeDocks([window.palette_dock], [150], Qt.Orientation.Horizontal)
        window.resizeDocks([window.inspector_dock], [300], Qt.Orientation.Horizontal)
        window.settings.set_flag(STRIP_FLAG, True)  # the figures stay in sight, in one line

    def restore(self) -> None:
        """The strip as it was left (read after first_start_layout may have set it)."""
        window = self.window
        window.actions["key_figures"].setChecked(window.settings.flag(STRIP_FLAG, False))
        self.show_key_figures(window.actions["key_figures"].isChecked())

    # -- the strip and focus mode ------------------------------------------------------------

    def show_key_figures(self, on: bool) -> None:
        window = self.window
        window.settings.set_flag(STRIP_FLAG, on)
        if not window.presentation.active:
            window.strip.set_compact(True)
            window.strip.setVisible(on)

    def set_focus(self, on: bool) -> None:
        window = self.window
        if on == self.focused:
            window.actions["focus_mode"].setChecked(on)
            return
        if on:
            self._before_focus = window.saveState()
            for panel in window.docks():
                panel.hide()
            window.toolbar.hide()
            window.show_status("Focus on the map: F11 brings the panels back", 5000)
        else:
            state, self._before_focus = self._before_focus, None
            assert state is not None
            window.restoreState(state)
        window.actions["focus_mode"].setChecked(on)
