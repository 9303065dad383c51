"""The steps table's dock: Ctrl+T shows it and puts the cursor in a new row; its selection and
the canvas's follow each other."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from . import panels

if TYPE_CHECKING:
    from ..main_window import MainWindow
    from ..steps_table import StepsTable

# Share of the window's height the table takes when Ctrl+T opens it: enough rows to type a
# stream, while the canvas above still shows it growing.
TABLE_SHARE = 0.42
MIN_TYPING_WIDTH = 720  # name, lane, process time and wait side by side


class StepsPanel:
    """The dock is made with the window; the table in it by `build` (at start, just after the
    first frame: the first frame does not show it)."""

    def __init__(self, window: MainWindow) -> None:
        self._window = window
        self.table: StepsTable | None = None
        self.dock = panels.dock(window, "steps", "Steps table", QWidget())

    def place(self) -> None:
        """Under the canvas, as a tab beside the what-if panel (which stays in front)."""
        window = self._window
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.dock)
        window.tabifyDockWidget(window.whatif_dock, self.dock)
        window.whatif_dock.raise_()

    def add_actions(self) -> None:
        self._window.actions.add(
            "steps_table",
            "Type Steps in a &Table",
            self.start_typing,
            "Ctrl+T",
            tip="Show the steps table with the cursor in a new row: type the stream as it is told",
        )

    def build(self) -> None:
        """The table in its dock, following the canvas's selection from now on."""
        from ..steps_table import StepsTable

        window = self._window
        table = self.table = StepsTable(window.document, window.states.group)
        self.dock.setWidget(table)
        table.select_requested.connect(lambda ids: window.view.select_ids(ids))
        window.view.selection_changed.connect(
            lambda: table.follow_canvas_selection(window.view.selected_element_ids())
        )
        table.follow_canvas_selection(window.view.selected_element_ids())

    def start_typing(self) -> None:
        window = self._window
        if self.table is None:  # Ctrl+T pressed before the first frame's follow-up ran
            self.build()
        bottom = Qt.DockWidgetArea.BottomDockWidgetArea
        if (
            not self.dock.isFloating()
            and window.dockWidgetArea(self.dock) != bottom
            and self.dock.width() < MIN_TYPING_WIDTH
        ):
            # A tab in a narrow side panel (the compact laptop layout) shows two columns:
            # typing a stream wants the width under the canvas.
            window.addDockWidget(bottom, self.dock)
            self.dock.show()
        if not self.dock.isVisible() or self.dock.height() < window.height() * TABLE_SHARE / 2:
            self.dock.show()
            self.dock.raise_()
            if not self.dock.isFloating():
                window.resizeDocks(
                    [self.dock], [int(window.height() * TABLE_SHARE)], Qt.Orientation.Vertical
                )
        self.dock.raise_()
        self.table.start_new_row()
