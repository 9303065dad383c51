"""The main window: composes the canvas, the panels, the actions and one controller per concern.

One MapDocument lives as long as the window; opening a file replaces the document's content, so
the canvas, inspector and metrics follow the same object throughout. The undo group of the map
states owns the active undo stack: the canvas, the inspector and Edit > Undo all follow it.

Where things live:
  actions (one QAction per command)  ui/actions.py, ui/canvas/canvas_actions.py, window/menus.py
  files, recovery, recent maps       window/files.py
  states and compare                 window/state_control.py
  exports                            window/exports.py
  analysis after each edit           window/analysis_runner.py
  presentation mode                  window/presentation.py
  compact start, focus mode          window/workspace.py
  preferences and view toggles       window/preferences.py
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QKeyEvent, QUndoStack
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu, QVBoxLayout, QWidget

from ..model import Lane, MapDocument
from ..model import events as ev
from ..model.lane_names import new_lane_name
from . import icons
from .actions import ActionRegistry
from .appearance import STYLE_SHEET
from .autosave import AutosaveController, RecoveryFolder, shared_recovery_folder
from .background import WorkInProgress
from .canvas.view import MapView
from .commands import AddLaneCommand
from .metrics_panel import MetricsPanel, MetricsStrip
from .palette import PaletteWidget
from .plain_text import tooltip_text, window_title_text
from .settings import AppSettings
from .states import MapStatesSession, StateSwitcher
from .templates import blank_map
from .whatif_panel import WhatIfPanel
from .window import menus, panels
from .window.analysis_runner import AnalysisRunner
from .window.exports import ExportController
from .window.files import FileController
from .window.first_frame import FirstFrame
from .window.help import APP_NAME
from .window.opening import MapOpening
from .window.preferences import PreferencesController
from .window.presentation import PresentationController
from .window.state_control import StateController
from .window.steps_panel import StepsPanel
from .window.travel import TravelController
from .window.workspace import WorkspaceController

if TYPE_CHECKING:
    from .inspector import Inspector
    from .inspector.lane_page import LanePage


class MainWindow(QMainWindow):
    recent_menu: QMenu
    panels_menu: QMenu
    # The inspector's forms were a third of the window's construction: at start they and the
    # steps table are built just after the first frame (None until then), otherwise at once.
    inspector: Inspector | None
    lane_page: LanePage | None

    def __init__(
        self,
        settings: AppSettings | None = None,
        recovery: RecoveryFolder | None = None,
        first_frame_first: bool = False,
    ) -> None:
        """first_frame_first: the app's start, where the window paints the map before the
        first analysis runs and before the inspector and the steps table are built (their
        docks are there); `first_frame.painted` follows that frame. Otherwise (tests, new
        windows) the figures and the docks' contents are there at once."""
        super().__init__()
        # Whether anything set off is still working (workers, slices): parts register here.
        self.in_progress = WorkInProgress(self)
        self.settings = settings or AppSettings()
        self.document = MapDocument(blank_map())
        # Every state of the file (current, future…); the document shows one, and the
        # session's undo group makes that state's history the active one.
        self.states = MapStatesSession(self.document, self)
        self.files = FileController(self)
        self.autosave = AutosaveController(
            recovery or shared_recovery_folder(),
            self.states.is_modified,
            self.files.recovery_snapshot,
            self.settings.autosave_interval_seconds(),
            self,
        )
        self.states.modified_changed.connect(self.autosave.note_modified_changed)
        self.document.events.subscribe(self.autosave.note_document_event)
        self.autosave.copy_failed.connect(lambda text: self.show_status(text, 10000))

        self.setWindowIcon(icons.app_icon())
        self.setStyleSheet(STYLE_SHEET)
        self.setAcceptDrops(True)
        self.setDockOptions(
            QMainWindow.DockOption.AnimatedDocks | QMainWindow.DockOption.AllowNestedDocks
        )
        self._build_panels()
        self.state_control = StateController(self)
        self.opening = MapOpening(self)  # the canvas while a large map is drawn
        self.exports = ExportController(self)
        self.travel = TravelController(self)  # copies for review, merging them back, draw.io
        self.presentation = PresentationController(self)
        self.workspace = WorkspaceController(self)
        self.preferences = PreferencesController(self)
        self.runner = AnalysisRunner(self)

        self.actions = ActionRegistry(self)
        self.actions.include(self.view.actions)
        self.preferences.add_actions()
        self.presentation.add_actions()
        self.workspace.add_actions()
        self.state_control.add_actions()
        self.travel.add_actions()
        self.steps.add_actions()
        menus.add_window_actions(self)
        self.addActions(list(self.actions))  # shortcuts work while the menu bar is hidden
        menus.build_menus(self)
        self.toolbar = menus.build_toolbar(self)
        self.state_control.update_actions()
        self._connect()
        self._restore_settings()
        self.update_title()
        if first_frame_first:
            self.first_frame = FirstFrame(self)
            self.first_frame.painted.connect(self._build_dock_contents)
            self.runner.run_after_first_frame()
        else:
            self._build_dock_contents()
            self.runner.run()
        self.show_status("Ready", 3000)

    # -- construction ----------------------------------------------------------------------

    def _build_panels(self) -> None:
        self.view = MapView(self.document, self.states.group)
        follower = self.view.scene().follower
        self.in_progress.track("the canvas following a move", lambda: follower.busy)
        self.strip = MetricsStrip()
        self.strip.hide()
        self.strip.exit_button.clicked.connect(lambda: self.presentation.set_active(False))
        central = QWidget()
        central_layout = QVBoxLayout(central)
        central_layout.setContentsMargins(0, 0, 0, 0)
        central_layout.setSpacing(0)
        central_layout.addWidget(self.strip)
        self.state_switcher = StateSwitcher(self.states)
        central_layout.addWidget(self.state_switcher)
        central_layout.addWidget(self.view, 1)
        self.setCentralWidget(central)

        self.palette_widget = PaletteWidget()
        self.inspector = self.lane_page = None
        self.metrics = MetricsPanel()
        self.whatif = WhatIfPanel()
        palette = panels.palette_panel(self.palette_widget)
        self.palette_dock = panels.dock(self, "palette", "Elements", palette)
        self.inspector_dock = panels.dock(self, "inspector", "Inspector", QWidget())
        metrics = panels.scrollable(self.metrics)
        self.metrics_dock = panels.dock(self, "metrics", "Flow metrics", metrics)
        self.whatif_dock = panels.dock(self, "whatif", "What if", self.whatif)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.whatif_dock)
        # The side panels keep the full height; the what-if dock sits under the canvas only.
        self.setCorner(Qt.Corner.BottomLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.palette_dock)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.metrics_dock)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.inspector_dock)
        self.splitDockWidget(self.metrics_dock, self.inspector_dock, Qt.Orientation.Vertical)
        self.steps = StepsPanel(self)
        self.steps.place()
        self.status_widgets = panels.StatusWidgets(self.statusBar())
        self.progress = self.status_widgets.progress

    def docks(self) -> list[QDockWidget]:
        return [
            self.palette_dock, self.inspector_dock, self.metrics_dock, self.whatif_dock,
            self.steps.dock,
        ]  # fmt: skip

    def _connect(self) -> None:
        self.states.modified_changed.connect(self.update_title)
        self.document.events.subscribe(self._on_document_event)
        self.state_switcher.state_requested.connect(self.state_control.show_state)
        self.state_switcher.new_future_requested.connect(self.state_control.new_future_state)
        self.state_switcher.compare_requested.connect(self.state_control.compare_states)
        self.whatif.select_requested.connect(self._select_ids)
        self.whatif.automated_share_changed.connect(
            lambda _share: self.runner.update_improvements()
        )
        self.view.selection_changed.connect(self._on_selection_changed)
        self.view.zoom_changed.connect(self.status_widgets.show_zoom)
        self.view.status_message.connect(lambda text: self.show_status(text, 8000))
        self.palette_widget.placement_requested.connect(self.arm_placement)
        # Map files dropped anywhere, the canvas included, open as documents.
        self.view.viewport().installEventFilter(self)
        self.metrics.select_requested.connect(self._select_ids)

    def _build_dock_contents(self) -> None:
        """The inspector, the lane page and the steps table in their docks, showing what is
        selected now (a click made before they were built is not lost)."""
        from .inspector import Inspector
        from .inspector.lane_page import LanePage

        self.inspector = Inspector(self.document, self.states.group)
        self.lane_page = LanePage(self.document, self.states.group)
        self.inspector.attach_lane_page(self.lane_page)
        self.inspector_dock.setWidget(self.inspector)
        self.view.lane_selected.connect(self.inspector.set_lane)
        self.lane_page.move_requested.connect(self._move_lane)
        self.lane_page.remove_requested.connect(self.view.edits.remove_lane)
        self.inspector.set_lane(self.view.lane_selection.lane_id)
        self._on_selection_changed()
        self.steps.build()

    def default_dock_sizes(self) -> None:
        """First start: a slim palette, and the figures as tall as they need to be."""
        self.resizeDocks([self.palette_dock], [180], Qt.Orientation.Horizontal)
        self.resizeDocks([self.metrics_dock], [350], Qt.Orientation.Horizontal)
        # The figures get the height they need; the inspector takes the rest and scrolls.
        self.resizeDocks(
            [self.metrics_dock, self.inspector_dock],
            [max(self.metrics.sizeHint().height() + 60, 540), 400],
            Qt.Orientation.Vertical,
        )
        self.resizeDocks([self.whatif_dock], [190], Qt.Orientation.Vertical)

    def _restore_settings(self) -> None:
        geometry = self.settings.window_geometry()
        if geometry is not None:
            self.restoreGeometry(geometry)
            self.workspace.fit_to_screen()
        else:
            panels.first_start_geometry(self)
        state = self.settings.window_state()
        if state is not None:
            self.restoreState(state)
        else:
            self.workspace.first_start_layout()
        self.preferences.restore()
        self.workspace.restore()

    # -- what the controllers share --------------------------------------------------------

    @property
    def undo_stack(self) -> QUndoStack:
        """The shown state's own history."""
        return self.states.active_stack

    def show_status(self, text: str, timeout_ms: int = 0) -> None:
        self.statusBar().showMessage(text, timeout_ms)

    def bring_forward(self) -> None:
        if self.isMinimized():
            self.showNormal()
        self.raise_()
        self.activateWindow()

    def update_title(self) -> None:
        files = self.files
        shown = f" — {self.states.label()}" if self.states.count > 1 else ""
        self.setWindowTitle(f"{window_title_text(files.display_name)}{shown}[*] — {APP_NAME}")
        self.setWindowModified(self.states.is_modified())
        label = self.status_widgets.file_label
        if files.file_path is None:
            label.setText("Not saved yet")
            label.setToolTip("")
        else:
            note = " (sample: Save asks where)" if files.is_sample else ""
            label.setText(files.file_path.name + note)
            label.setToolTip(tooltip_text(str(files.file_path)))

    def _on_document_event(self, event: ev.DocumentEvent) -> None:
        if isinstance(event, ev.MapInfoChanged):
            self.update_title()

    def _on_selection_changed(self) -> None:
        if self.inspector is not None:
            self.inspector.set_selection(
                self.view.selected_element_ids(), self.view.selected_connection_ids()
            )

    def clear_inspector(self) -> None:
        """The document's content was replaced: the inspector shows the map (once built)."""
        if self.inspector is not None:
            self.inspector.set_selection([], [])

    def _move_lane(self, lane_id: str, delta: int) -> None:
        self.view.edits.move_lane(lane_id, delta)
        self.view.lane_selection.select(lane_id)  # still picked, in its new place

    def _select_ids(self, ids: list[str]) -> None:
        present = [i for i in ids if self.document.has_element(i)]
        if present:
            self.view.select_ids(present)
            self.view.setFocus()

    # -- inserting -------------------------------------------------------------------------

    def arm_placement(self, kind: str) -> None:
        """Palette click: the next click on the map places the element."""
        if kind == "handover":
            self.view.start_handover_from_selection()
            return
        self.view.start_placement(kind)
        self.view.setFocus()

    def insert(self, kind: str) -> None:
        """Keyboard insertion (Ctrl+1 … Ctrl+9)."""
        if kind == "handover":
            self.view.start_handover_from_selection()
        elif kind == "lane":
            self.add_lane()
        else:
            self.view.insert_element(kind)
            self.view.setFocus()

    def add_lane(self) -> None:
        lane = Lane(name=new_lane_name(self.document.lanes))
        self.undo_stack.push(AddLaneCommand(self.document, lane))
        self.view.rename_lane(lane.id)

    # -- window events ---------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if event.key() == Qt.Key.Key_Escape and self.presentation.active:
            self.presentation.set_active(False)
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        if self.presentation.active:
            self.presentation.set_active(False)
        if not self.files.maybe_save():
            event.ignore()
            return
        self.autosave.close()  # saved or discarded on purpose: no recovery copy is left
        self.settings.save_window(self.saveGeometry(), self.saveState())
        self.settings.sync()
        event.accept()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 (Qt override)
        if _dropped_map(event) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 (Qt override)
        path = _dropped_map(event)
        if path is None:
            event.ignore()
            return
        event.acceptProposedAction()
        QTimer.singleShot(0, lambda: self.files.open_file(path))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        kinds = (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop)
        is_map_drag = (
            watched is self.view.viewport()
            and event.type() in kinds
            and _dropped_map(event) is not None  # type: ignore[arg-type]
        )
        if is_map_drag:
            if event.type() == QEvent.Type.Drop:
                self.dropEvent(event)  # type: ignore[arg-type]
            else:
                event.acceptProposedAction()  # type: ignore[attr-defined]
            return True
        return super().eventFilter(watched, event)


def _dropped_map(event: QDropEvent | QDragEnterEvent) -> Path | None:
    for url in event.mimeData().urls():
        if url.isLocalFile() and url.toLocalFile().lower().endswith((".vsm", ".drawio")):
            return Path(url.toLocalFile())
    return None


__all__ = ["MainWindow"]
