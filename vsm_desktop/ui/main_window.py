"""The main window: palette, canvas, inspector and metrics, menus, files, export, presenting.

One MapDocument and one undo stack live as long as the window; opening a file replaces the
document's content, so the canvas, inspector and metrics follow the same object throughout.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QThreadPool, QTimer
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QKeyEvent,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QDialog,
    QDockWidget,
    QFrame,
    QLabel,
    QMainWindow,
    QProgressBar,
    QScrollArea,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from .. import __version__
from ..analysis.result import FlowAnalysis
from ..io.errors import VsmFileError
from ..model import Lane, MapDocument, MapStates, ValueStreamMap
from ..model import events as ev
from ..resources import resources_dir
from . import dialogs as dialogs_module
from . import exporting, icons
from .appearance import STYLE_SHEET
from .autosave import AutosaveController, RecoveryFolder, RecoverySnapshot, shared_recovery_folder
from .canvas.view import MapView
from .commands import AddLaneCommand
from .exporting import EXPORT_FORMATS
from .inspector import Inspector
from .metrics_panel import MetricsPanel, MetricsStrip, definition_of, label_of
from .notices_dialog import show_third_party_notices
from .palette import PALETTE_ENTRIES, PaletteWidget, shortcut_for
from .settings import AppSettings, Preferences
from .states import MapStatesSession, StateSwitcher
from .templates import TEMPLATES, blank_map
from .whatif_panel import WhatIfPanel, improvement_plan_for, plan_summary, plan_tooltip

APP_NAME = "VSM Desktop"
VSM_FILTER = "Value stream maps (*.vsm)"
CSV_FILTER = "CSV files (*.csv)"
COMPARE_SETTLE_MS = 150  # quick edits inside this gap rebuild an open comparison once


def dialogs() -> dialogs_module.Dialogs:
    """The current dialogs seam (tests swap the module attribute)."""
    return dialogs_module.dialogs


def is_shipped_resource(path: Path | None) -> bool:
    """Files inside the app's resources (the sample) are never overwritten by Save."""
    if path is None:
        return False
    try:
        path.resolve().relative_to(resources_dir().resolve())
    except ValueError:
        return False
    return True


def scrollable(widget: QWidget) -> QScrollArea:
    """Let a panel shrink on a small screen (a 1280x720 projector), not grow the window."""
    area = QScrollArea()
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    # With no horizontal scroll bar, a panel narrower than its content would be cut off.
    area.setMinimumWidth(
        widget.minimumSizeHint().width() + area.verticalScrollBar().sizeHint().width()
    )
    return area


def title_case(label: str) -> str:
    """Menu wording: "Customer request" -> "Customer Request"; acronyms stay as written."""
    small = {"a", "an", "and", "as", "from", "of", "the", "to"}
    return " ".join(
        word if word.isupper() or (index and word in small) else word[:1].upper() + word[1:]
        for index, word in enumerate(label.split(" "))
    )


def file_stem_for(title: str) -> str:
    stem = re.sub(r"[^\w\- ]+", "", title).strip().replace(" ", "-").lower()
    return stem or "value-stream"


class MainWindow(QMainWindow):
    def __init__(
        self, settings: AppSettings | None = None, recovery: RecoveryFolder | None = None
    ) -> None:
        super().__init__()
        self.settings = settings or AppSettings()
        self.document = MapDocument(blank_map())
        # Every state of the file (current, future…); the document shows one, and
        # undo_stack is always the shown state's own history (see show_state).
        self.states = MapStatesSession(self.document, self)
        self.undo_stack = self.states.active_stack
        self._compare_window = None
        self._compared_state_id: str | None = None  # the future state the compare window shows
        self._compare_stale = False
        # Several quick edits rebuild an open comparison once, after they settle.
        self._compare_timer = QTimer(self)
        self._compare_timer.setSingleShot(True)
        self._compare_timer.setInterval(COMPARE_SETTLE_MS)
        self._compare_timer.timeout.connect(self._refresh_compare_if_on_screen)
        self.autosave = AutosaveController(
            recovery or shared_recovery_folder(),
            self.states.is_modified,
            self._recovery_snapshot,
            self.settings.autosave_interval_seconds(),
            self,
        )
        self.states.modified_changed.connect(self.autosave.note_modified_changed)
        self.document.events.subscribe(self.autosave.note_document_event)
        self.autosave.copy_failed.connect(lambda text: self.statusBar().showMessage(text, 10000))
        self.file_path: Path | None = None
        self.analysis: FlowAnalysis | None = None
        self._analysis_pending = False
        self._presentation_state: tuple | None = None
        self._export_job: exporting.ExportJob | None = None

        self.setWindowIcon(icons.app_icon())
        self.setStyleSheet(STYLE_SHEET)
        self.setAcceptDrops(True)
        self.setDockOptions(
            QMainWindow.DockOption.AnimatedDocks | QMainWindow.DockOption.AllowNestedDocks
        )

        self.view = MapView(self.document, self.undo_stack)
        self.strip = MetricsStrip()
        self.strip.hide()
        self.strip.exit_button.clicked.connect(lambda: self.set_presentation_mode(False))
        central = QWidget()
        central_layout = QVBoxLayout(central)
        central_layout.setContentsMargins(0, 0, 0, 0)
        central_layout.setSpacing(0)
        central_layout.addWidget(self.strip)
        self.state_switcher = StateSwitcher(self.states)
        central_layout.addWidget(self.state_switcher)
        central_layout.addWidget(self.view, 1)
        self.setCentralWidget(central)

        self.palette = PaletteWidget()
        self.inspector = Inspector(self.document, self.undo_stack)
        self.metrics = MetricsPanel()
        self.palette_dock = self._dock("palette", "Elements", self._palette_panel())
        self.inspector_dock = self._dock("inspector", "Inspector", self.inspector)
        self.metrics_dock = self._dock("metrics", "Flow metrics", scrollable(self.metrics))
        self.whatif = WhatIfPanel()
        self.whatif_dock = self._dock("whatif", "What if · Improvement plan", self.whatif)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.whatif_dock)
        # The side panels keep the full height; the what-if dock sits under the canvas only.
        self.setCorner(Qt.Corner.BottomLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.palette_dock)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.metrics_dock)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.inspector_dock)
        self.splitDockWidget(self.metrics_dock, self.inspector_dock, Qt.Orientation.Vertical)

        self._build_status_bar()
        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self._connect()
        self._restore_settings()
        self._update_title()
        self._on_selection_changed()
        self._run_analysis()
        self.statusBar().showMessage("Ready", 3000)

    # -- construction ----------------------------------------------------------------------

    def _palette_panel(self) -> QWidget:
        """The palette with a one-line reminder of the two ways to use it."""
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.palette, 1)
        hint = QLabel("Drag onto the map, or click and then click the map. Ctrl+1…9 insert.")
        hint.setObjectName("paletteHint")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        return panel

    def _dock(self, name: str, title: str, widget: QWidget) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"{name}_dock")
        dock.setWidget(widget)
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetClosable
            | QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )
        return dock

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setMaximumWidth(140)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.file_label = QLabel()
        self.zoom_label = QLabel("100 %")
        self.zoom_label.setToolTip("Zoom (Ctrl+wheel, Ctrl++ / Ctrl+-)")
        bar.addPermanentWidget(self.progress)
        bar.addPermanentWidget(self.file_label)
        bar.addPermanentWidget(self.zoom_label)

    def _action(
        self,
        text: str,
        slot: Callable,
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
        icon: str | None = None,
        tip: str = "",
        checkable: bool = False,
    ) -> QAction:
        action = QAction(text, self)
        if icon:
            action.setIcon(icons.icon(icon))
        if isinstance(shortcut, QKeySequence.StandardKey):
            action.setShortcuts(shortcut)
        elif shortcut:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.setCheckable(checkable)
        if checkable:
            action.toggled.connect(slot)
        else:
            action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)  # shortcuts keep working when the menu bar is hidden
        return action

    def _build_actions(self) -> None:
        key = QKeySequence.StandardKey
        self.new_action = self._action(
            "&Blank Map",
            lambda: self.new_from_template("blank"),
            key.New,
            "new",
            "Start a new, empty map",
        )
        self.template_actions = {
            t.key: self._action(
                title_case(t.title), lambda k=t.key: self.new_from_template(k), tip=t.description
            )
            for t in TEMPLATES
            if t.key != "blank"
        }
        self.open_action = self._action(
            "&Open…", self.open_file, key.Open, "open", "Open a .vsm map"
        )
        self.save_action = self._action("&Save", self.save, key.Save, "save", "Save the map")
        self.save_as_action = self._action("Save &As…", self.save_as, key.SaveAs)
        self.keep_backup_action = self._action(
            "Keep a Backup (.bak) When Saving",
            self.settings.set_keep_backup,
            tip="Saving over a map keeps its previous version beside it as name.vsm.bak",
            checkable=True,
        )
        self.preferences_action = self._action(
            "Pre&ferences…",
            self.edit_preferences,
            key.Preferences,
            tip="Recovery copies, backups, PDF paper and snapping",
        )
        if self.preferences_action.shortcut().isEmpty():  # not every platform defines one
            self.preferences_action.setShortcut(QKeySequence("Ctrl+,"))
        self.preferences_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.import_csv_action = self._action(
            "Steps from &CSV…", self.import_csv, tip="Build a map from a CSV list of steps"
        )
        self.export_actions = {
            key: self._action(f"{title_case(fmt.label)}…", lambda k=key: self.export(k))
            for key, fmt in EXPORT_FORMATS.items()
        }
        self.export_actions["pdf"].setShortcut(QKeySequence("Ctrl+E"))
        self.open_after_export_action = self._action(
            "Open After Export",
            lambda on: self.settings.set_flag("open_after_export", on),
            checkable=True,
        )
        self.quit_action = self._action("&Quit", self.close, key.Quit)
        if self.quit_action.shortcut().isEmpty():  # not every platform defines one
            self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)

        self.undo_action = self.states.group.createUndoAction(self, "&Undo")
        self.undo_action.setShortcuts(key.Undo)
        self.undo_action.setIcon(icons.icon("undo"))
        self.redo_action = self.states.group.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts(key.Redo)
        self.redo_action.setIcon(icons.icon("redo"))
        self.addActions([self.undo_action, self.redo_action])

        view = self.view
        self.cut_action = self._action("Cu&t", view.cut_selection, key.Cut)
        self.copy_action = self._action("&Copy", view.copy_selection, key.Copy)
        self.paste_action = self._action("&Paste", view.paste, key.Paste)
        self.duplicate_action = self._action("D&uplicate", view.duplicate_selection, "Ctrl+D")
        self.delete_action = self._action("&Delete", view.delete_selection)
        self.delete_action.setShortcuts([QKeySequence(key.Delete), QKeySequence("Backspace")])
        self.select_all_action = self._action("Select &All", view.select_all, key.SelectAll)
        self.rename_action = self._action("&Rename", view.rename_selected, "F2")
        self.connect_action = self._action(
            "Co&nnect Selected",
            view.connect_selected,
            "Ctrl+K",
            tip="Add a handover between two selected elements, in selection order",
        )
        self.align_actions = {
            edge: self._action(text, lambda e=edge: view.align_selection(e))
            for edge, text in (
                ("left", "Left Edges"),
                ("hcenter", "Horizontal Centres"),
                ("right", "Right Edges"),
                ("top", "Top Edges"),
                ("vcenter", "Vertical Centres"),
                ("bottom", "Bottom Edges"),
            )
        }
        self.distribute_actions = {
            axis: self._action(text, lambda a=axis: view.distribute_selection(a))
            for axis, text in (("horizontal", "Horizontally"), ("vertical", "Vertically"))
        }
        self.auto_layout_action = self._action(
            "Auto &Layout",
            view.auto_layout,
            "Ctrl+Shift+L",
            "layout",
            "Arrange the map left to right along the flow (one undo step)",
        )

        self.zoom_in_action = self._action("Zoom &In", view.zoom_in, key.ZoomIn, "zoom_in")
        self.zoom_out_action = self._action("Zoom &Out", view.zoom_out, key.ZoomOut, "zoom_out")
        self.fit_action = self._action(
            "&Fit Map", view.zoom_to_fit, "Ctrl+Shift+F", "fit", "Show the whole map"
        )
        self.reset_zoom_action = self._action("&Actual Size (100%)", view.reset_zoom, "Ctrl+0")
        self.snap_action = self._action(
            "&Snap to Grid", self._set_snap, checkable=True, tip="Snap moved elements to 20 px"
        )
        self.critical_action = self._action(
            "Highlight &Critical Path",
            self._set_critical,
            "Ctrl+Shift+C",
            "critical",
            "Highlight the longest path from request to value",
            checkable=True,
        )
        self.waits_action = self._action(
            "Shade &Waits",
            self._set_waits,
            "Ctrl+Shift+W",
            "waits",
            "Shade waits by size so the worst queues stand out",
            checkable=True,
        )
        self.presentation_action = self._action(
            "&Presentation Mode",
            self.set_presentation_mode,
            "F5",
            "present",
            "Full screen, large text and the key figures for the room (Esc leaves)",
            checkable=True,
        )

        self.leave_presentation_action = self._action(
            "Leave Presentation", lambda: self.set_presentation_mode(False), "Esc"
        )
        self.leave_presentation_action.setEnabled(False)

        self.insert_actions = {}
        for entry in PALETTE_ENTRIES:
            text = title_case(entry.label)
            if entry.kind == "handover":
                text = "Handover from Selection"
            self.insert_actions[entry.kind] = self._action(
                text,
                lambda k=entry.kind: self.insert(k),
                shortcut_for(entry.kind),
                entry.kind,
                entry.hint,
            )

        self.about_action = self._action("&About VSM Desktop", self.show_about)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.notices_action = self._action(
            "Third-Party &Notices", lambda: show_third_party_notices(self)
        )
        self.definitions_action = self._action(
            "Metric &Definitions", self.show_definitions, key.HelpContents
        )

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        new_menu = file_menu.addMenu("&New")
        new_menu.addAction(self.new_action)
        new_menu.addSection("From template")
        for action in self.template_actions.values():
            new_menu.addAction(action)
        file_menu.addAction(self.open_action)
        self.recent_menu = file_menu.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self._fill_recent_menu()
        file_menu.addSeparator()
        file_menu.addAction(self.save_action)
        file_menu.addAction(self.save_as_action)
        file_menu.addAction(self.keep_backup_action)
        file_menu.addSeparator()
        import_menu = file_menu.addMenu("&Import")
        import_menu.addAction(self.import_csv_action)
        export_menu = file_menu.addMenu("&Export")
        for action in self.export_actions.values():
            export_menu.addAction(action)
        export_menu.addSeparator()
        export_menu.addAction(self.open_after_export_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)

        edit = bar.addMenu("&Edit")
        edit.addActions([self.undo_action, self.redo_action])
        edit.addSeparator()
        edit.addActions([self.cut_action, self.copy_action, self.paste_action])
        edit.addActions([self.duplicate_action, self.delete_action])
        edit.addSeparator()
        edit.addActions([self.select_all_action, self.rename_action, self.connect_action])
        edit.addSeparator()
        align = edit.addMenu("&Align")
        align.addActions(list(self.align_actions.values())[:3])
        align.addSeparator()
        align.addActions(list(self.align_actions.values())[3:])
        distribute = edit.addMenu("D&istribute")
        distribute.addActions(list(self.distribute_actions.values()))
        edit.addAction(self.auto_layout_action)
        edit.addSeparator()
        edit.addAction(self.preferences_action)

        view = bar.addMenu("&View")
        view.addActions([self.zoom_in_action, self.zoom_out_action, self.fit_action])
        view.addAction(self.reset_zoom_action)
        view.addSeparator()
        view.addActions([self.snap_action, self.critical_action, self.waits_action])
        view.addSeparator()
        view.addAction(self.presentation_action)
        view.addSeparator()
        panels = view.addMenu("&Panels")
        for dock in (self.palette_dock, self.inspector_dock, self.metrics_dock, self.whatif_dock):
            panels.addAction(dock.toggleViewAction())
        self.panels_menu = panels

        insert = bar.addMenu("&Insert")
        groups = (("step", "queue", "approval"), ("start", "end"), ("kaizen", "note"))
        for group in groups:
            insert.addActions([self.insert_actions[kind] for kind in group])
            insert.addSeparator()
        insert.addActions([self.insert_actions["handover"], self.insert_actions["lane"]])

        self._build_states_menu(bar)

        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self.definitions_action)
        help_menu.addAction(self.notices_action)
        help_menu.addAction(self.about_action)

    def _build_toolbar(self) -> None:
        toolbar = self.addToolBar("Main toolbar")
        toolbar.setObjectName("main_toolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        toolbar.addActions([self.new_action, self.open_action, self.save_action])
        toolbar.addSeparator()
        toolbar.addActions([self.undo_action, self.redo_action])
        toolbar.addSeparator()
        toolbar.addActions([self.zoom_out_action, self.zoom_in_action, self.fit_action])
        toolbar.addSeparator()
        toolbar.addActions([self.auto_layout_action, self.critical_action, self.waits_action])
        toolbar.addSeparator()
        toolbar.addAction(self.presentation_action)
        for action in toolbar.actions():
            shortcut = action.shortcut()
            if action in (self.undo_action, self.redo_action) or shortcut.isEmpty():
                continue  # undo/redo tooltips follow the stack's action names
            native = shortcut.toString(QKeySequence.SequenceFormat.NativeText)
            action.setToolTip(f"{action.toolTip()} ({native})")
        self.toolbar = toolbar
        self.panels_menu.addAction(toolbar.toggleViewAction())

    def _connect(self) -> None:
        self.states.modified_changed.connect(self._update_title)
        self.states.active_changed.connect(self._on_state_shown)
        self.states.states_changed.connect(self._schedule_compare_refresh)
        self.state_switcher.state_requested.connect(self.show_state)
        self.state_switcher.new_future_requested.connect(self.new_future_state)
        self.state_switcher.compare_requested.connect(self.compare_states)
        self.whatif.select_requested.connect(self._select_ids)
        self.whatif.automated_share_changed.connect(lambda _share: self._update_improvements())
        self.document.events.subscribe(self._on_document_event)
        self.view.selection_changed.connect(self._on_selection_changed)
        self.view.zoom_changed.connect(self._show_zoom)
        self.view.status_message.connect(self._show_hint)
        self.palette.placement_requested.connect(self.arm_placement)
        # Map files dropped anywhere, the canvas included, open as documents.
        self.view.viewport().installEventFilter(self)
        self.metrics.select_requested.connect(self._select_ids)

    def _default_dock_sizes(self) -> None:
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

    def _first_start_geometry(self) -> None:
        """Most of the screen: the map is what the room looks at."""
        screen = self.screen().availableGeometry() if self.screen() else None
        if screen is None or screen.width() < 800:
            self.resize(1440, 900)
            return
        width, height = int(screen.width() * 0.94), int(screen.height() * 0.92)
        self.setGeometry(
            screen.x() + (screen.width() - width) // 2,
            screen.y() + (screen.height() - height) // 2,
            width,
            height,
        )

    def _show_hint(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    def _restore_settings(self) -> None:
        geometry = self.settings.window_geometry()
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self._first_start_geometry()
        state = self.settings.window_state()
        if state is not None:
            self.restoreState(state)
        else:
            self._default_dock_sizes()
        self.snap_action.setChecked(self.settings.flag("snap_to_grid", True))
        self.critical_action.setChecked(self.settings.flag("critical_path", True))
        self.waits_action.setChecked(self.settings.flag("wait_shading", False))
        self.open_after_export_action.setChecked(self.settings.flag("open_after_export", True))
        self.keep_backup_action.setChecked(self.settings.keep_backup())
        # Apply even when the checked state did not change (toggled would not fire).
        self.view.set_snap_to_grid(self.snap_action.isChecked())
        self.view.set_critical_path_visible(self.critical_action.isChecked())
        self.view.set_wait_shading(self.waits_action.isChecked())

    # -- document and analysis -------------------------------------------------------------

    def _on_document_event(self, event: ev.DocumentEvent) -> None:
        if isinstance(event, ev.EditFinished) and not self._analysis_pending:
            self._analysis_pending = True
            QTimer.singleShot(0, self._run_analysis)
        elif isinstance(event, ev.MapInfoChanged):
            self._update_title()

    def _run_analysis(self) -> None:
        """Once per finished edit: figures, critical path and ladder from one analysis."""
        self._analysis_pending = False
        from ..analysis import analyze

        try:
            result = analyze(self.document)
        except Exception as error:  # noqa: BLE001 - a broken analysis must not take the map down
            self.analysis = None
            self.metrics.clear(f"The figures could not be computed: {error}")
            self.strip.set_analysis(None, self._name_of)
            self._update_improvements()
            self._schedule_compare_refresh()
            return
        self.analysis = result
        self.view.set_analysis(result)
        self.metrics.set_analysis(result, self._name_of)
        self.strip.set_analysis(result, self._name_of)
        self._update_improvements()
        # Counted from here, not from the edit, so the next queued edit can still join in.
        self._schedule_compare_refresh()

    def _name_of(self, element_id: str) -> str:
        if self.document.has_element(element_id):
            return self.document.element(element_id).display_name
        return element_id

    def _on_selection_changed(self) -> None:
        elements = self.view.selected_element_ids()
        connections = self.view.selected_connection_ids()
        self.inspector.set_selection(elements, connections)
        has_selection = bool(elements or connections)
        for action in (self.cut_action, self.copy_action, self.duplicate_action):
            action.setEnabled(bool(elements))
        self.delete_action.setEnabled(has_selection)
        self.rename_action.setEnabled(len(elements) == 1)
        self.connect_action.setEnabled(len(elements) == 2)
        for action in (*self.align_actions.values(), *self.distribute_actions.values()):
            action.setEnabled(len(elements) >= 2)

    def _select_ids(self, ids: list[str]) -> None:
        present = [i for i in ids if self.document.has_element(i)]
        if present:
            self.view.select_ids(present)
            self.view.setFocus()

    def _show_zoom(self, zoom: float) -> None:
        self.zoom_label.setText(f"{zoom * 100:.0f} %")

    def _set_snap(self, on: bool) -> None:
        self.view.set_snap_to_grid(on)
        self.settings.set_flag("snap_to_grid", on)

    def _set_critical(self, on: bool) -> None:
        self.view.set_critical_path_visible(on)
        self.settings.set_flag("critical_path", on)

    def _set_waits(self, on: bool) -> None:
        self.view.set_wait_shading(on)
        self.settings.set_flag("wait_shading", on)

    def edit_preferences(self) -> bool:
        """Ask for new preferences and apply them at once; False when the user cancels."""
        chosen = dialogs().ask_preferences(self, self.settings.preferences())
        if chosen is None:
            return False
        self.apply_preferences(chosen)
        return True

    def apply_preferences(self, preferences: Preferences) -> None:
        """Store the preferences and put them to work: no restart needed."""
        self.settings.set_autosave_interval_seconds(preferences.autosave_seconds)
        self.autosave.set_interval(self.settings.autosave_interval_seconds())
        self.settings.set_report_options(preferences.page_size, preferences.landscape)
        # The menu toggles store their own settings and update the canvas when toggled.
        self.keep_backup_action.setChecked(preferences.keep_backup)
        self.snap_action.setChecked(preferences.snap_to_grid)

    # -- map states (current, future) ------------------------------------------------------

    def _build_states_menu(self, bar) -> None:
        self.new_future_action = self._action(
            "New &Future State from Current",
            self.new_future_state,
            tip="Copy the current state into a future state to redesign; both stay in the file",
        )
        self.delete_state_action = self._action(
            "&Delete This Future State", self.delete_future_state
        )
        self.compare_action = self._action(
            "&Compare with Current State…",
            self.compare_states,
            "Ctrl+Shift+M",
            tip="Both states side by side with the change in every figure",
        )
        self.state_actions: list = []
        menu = bar.addMenu("&Map")
        menu.addActions([self.new_future_action, self.delete_state_action])
        menu.addSeparator()
        menu.addAction(self.compare_action)
        menu.addSeparator()
        self.show_state_menu = menu.addMenu("&Show State")
        self.show_state_menu.aboutToShow.connect(self._fill_state_menu)
        self._update_state_actions()

    def _fill_state_menu(self) -> None:
        self.show_state_menu.clear()
        for index in range(self.states.count):
            action = self.show_state_menu.addAction(self.states.label(index))
            action.setCheckable(True)
            action.setChecked(index == self.states.index)
            action.triggered.connect(lambda _checked=False, i=index: self.show_state(i))

    def _update_state_actions(self) -> None:
        self.delete_state_action.setEnabled(self.states.is_future)
        self.compare_action.setEnabled(self.states.count > 1)

    def show_state(self, index: int) -> None:
        """Put another state on the canvas, keeping the zoom and the part of the map in view."""
        if index == self.states.index:
            return
        self.view.setFocus()  # an open inline editor or inspector field commits first
        centre = self.view.mapToScene(self.view.viewport().rect().center())
        self.states.switch_to(index)
        self.view.centerOn(centre)

    def _on_state_shown(self, _index: int) -> None:
        """Edits, undo and redo now go to the shown state's own history."""
        self.undo_stack = self.states.active_stack
        self.view.set_undo_stack(self.undo_stack)
        self.inspector.undo_stack = self.undo_stack
        self.inspector.set_selection([], [])
        self._update_state_actions()
        self._update_title()
        self.statusBar().showMessage(f"Showing the {self.states.label().lower()}", 4000)

    def new_future_state(self) -> bool:
        """Copy the current state into a new future state and show it."""
        try:
            index = self.states.add_future_state()
        except ValueError as error:
            dialogs().error(self, "Could not add a future state", str(error).capitalize() + ".")
            return False
        self.show_state(index)
        self._update_state_actions()
        self._update_title()
        self.statusBar().showMessage(
            "Future state created: redesign it here; the current state stays as it is", 8000
        )
        return True

    def delete_future_state(self) -> bool:
        if not self.states.is_future:
            return False
        label = self.states.label()
        confirmed = dialogs().ask_confirm(
            self,
            f"Delete the {label.lower()}?",
            f"The {label.lower()} “{self.document.info.title}” and its changes leave the "
            "file when you save. The current state stays as it is.",
            f"Delete {label.lower()}",
        )
        if not confirmed:
            return False
        self.states.remove_state(self.states.index)
        self._update_state_actions()
        self._update_title()
        return True

    def compare_states(self) -> bool:
        """Open (or bring forward) the side-by-side comparison of the current and a future state."""
        if self.states.count < 2:
            self.statusBar().showMessage(
                "There is no future state to compare yet: Map > New Future State from Current",
                8000,
            )
            return False
        from .compare_view import CompareWindow

        if self._compare_window is None:
            self._compare_window = CompareWindow(self)
            self._compare_window.finished.connect(self._compare_closed)
            self._compare_window.future_picked.connect(self._compare_future_picked)
            self._compare_window.became_visible.connect(self._refresh_compare_if_stale)
        # Opened from a future state, compare that one; from the current state, the last.
        shown = self.states.index if self.states.is_future else self.states.count - 1
        self._compared_state_id = self.states.state_id(shown)
        self._refresh_compare()
        self._compare_window.show()
        self._compare_window.raise_()
        self._compare_window.activateWindow()
        return True

    def _compare_closed(self, _result: int = 0) -> None:
        window, self._compare_window = self._compare_window, None
        if window is not None:
            window.deleteLater()

    def _compared_index(self) -> int:
        """The picked future state's index now; the last future state if it was deleted."""
        ids = [self.states.state_id(i) for i in range(1, self.states.count)]
        if self._compared_state_id in ids:
            return ids.index(self._compared_state_id) + 1
        return self.states.count - 1

    def _refresh_compare(self) -> None:
        """Rebuild the comparison of the current state and the picked future state."""
        self._compare_timer.stop()
        self._compare_stale = False
        if self._compare_window is None or self.states.count < 2:
            return
        future = self._compared_index()
        self._compared_state_id = self.states.state_id(future)
        self._compare_window.set_future_choices(
            [(i, self.states.label(i)) for i in range(1, self.states.count)], future
        )
        self._compare_window.set_maps(
            self.states.map_at(0),
            self.states.map_at(future),
            (self.states.label(0), self.states.label(future)),
        )

    def _compare_future_picked(self, index: int) -> None:
        if 0 < index < self.states.count:
            self._compared_state_id = self.states.state_id(index)
            self._refresh_compare()

    def _schedule_compare_refresh(self) -> None:
        """An edit or a new or deleted state: catch up once the edits settle."""
        if self._compare_window is not None:
            self._compare_timer.start()

    def _refresh_compare_if_on_screen(self) -> None:
        """A hidden or minimised comparison waits until it is shown again (became_visible)."""
        if self._compare_window is None:
            return
        if self._compare_window.is_on_screen():
            self._refresh_compare()
        else:
            self._compare_stale = True

    def _refresh_compare_if_stale(self) -> None:
        if self._compare_stale:
            self._refresh_compare()

    def _update_improvements(self) -> None:
        """What-if ranking and the improvement plan, once per finished edit with the analysis."""
        from ..analysis.whatif import rank_what_ifs

        calendar = self.document.calendar
        if self.analysis is None:
            self.whatif.clear("The what-if ranking needs the figures; see the warnings.")
            self.metrics.set_plan_text("", "")
        else:
            try:
                ranking = rank_what_ifs(self.document, self.whatif.automated_share)
                outcome = improvement_plan_for(self.document, self.analysis)
            except Exception as error:  # noqa: BLE001 - like the analysis: never take the map down
                self.whatif.clear(f"The what-if ranking could not be computed: {error}")
                self.metrics.set_plan_text("", "")
            else:
                critical = frozenset(self.analysis.critical_path)
                self.whatif.set_ranking(ranking, critical, calendar)
                self.whatif.set_plan(outcome, calendar)
                self.metrics.set_plan_text(
                    plan_summary(outcome, calendar) if outcome else "",
                    plan_tooltip(outcome, calendar) if outcome else "",
                )

    # -- inserting -------------------------------------------------------------------------

    def arm_placement(self, kind: str) -> None:
        """Palette click: the next click on the map places the element."""
        if kind == "handover":
            self._start_handover()
            return
        self.view.start_placement(kind)
        self.view.setFocus()

    def insert(self, kind: str) -> None:
        """Keyboard insertion (Ctrl+1 … Ctrl+9)."""
        if kind == "handover":
            self._start_handover()
        elif kind == "lane":
            self.add_lane()
        else:
            self.view.insert_element(kind)
            self.view.setFocus()

    def _start_handover(self) -> None:
        selected = self.view.selected_element_ids()
        if len(selected) == 1:
            self.view.start_handover_from(selected[0])
            self.view.setFocus()
        else:
            self.statusBar().showMessage(
                "Select the element the handover starts from, then choose Handover — or drag "
                "Handover from the palette onto it.",
                8000,
            )

    def add_lane(self) -> None:
        names = {lane.name for lane in self.document.lanes}
        number = len(self.document.lanes) + 1
        while f"Team {number}" in names:
            number += 1
        lane = Lane(name=f"Team {number}")
        self.undo_stack.push(AddLaneCommand(self.document, lane))
        self.view.rename_lane(lane.id)

    # -- files -----------------------------------------------------------------------------

    @property
    def display_name(self) -> str:
        return self.file_path.name if self.file_path else "Untitled"

    def _update_title(self) -> None:
        shown = f" — {self.states.label()}" if self.states.count > 1 else ""
        self.setWindowTitle(f"{self.display_name}{shown}[*] — {APP_NAME}")
        self.setWindowModified(self.states.is_modified())
        if self.file_path is None:
            self.file_label.setText("Not saved yet")
            self.file_label.setToolTip("")
        else:
            note = " (sample: Save asks where)" if is_shipped_resource(self.file_path) else ""
            self.file_label.setText(self.file_path.name + note)
            self.file_label.setToolTip(str(self.file_path))

    def set_map(self, value_stream_map: ValueStreamMap, path: Path | None) -> None:
        """Show a map as the window's document, with a fresh undo history."""
        self.set_states(MapStates(maps=[value_stream_map]), path)

    def set_states(self, states: MapStates, path: Path | None) -> None:
        """Show a file's states (the current state first), each with a fresh undo history."""
        self.states.load(states)
        self.file_path = path.resolve() if path else None
        if self.file_path is not None and not is_shipped_resource(self.file_path):
            self.settings.add_recent_file(self.file_path)
            self.settings.set_last_folder_from(self.file_path)
        self.inspector.set_selection([], [])
        self._update_title()
        QTimer.singleShot(0, self.view.zoom_to_open)

    def maybe_save(self) -> bool:
        """True when it is fine to drop the current map (saved, discarded or unchanged)."""
        if not self.states.is_modified():
            return True
        answer = dialogs().ask_save_changes(self, self.display_name)
        if answer == "save":
            return self.save()
        return answer == "discard"

    def new_from_template(self, key: str) -> bool:
        if not self.maybe_save():
            return False
        template = next(t for t in TEMPLATES if t.key == key)
        try:
            value_stream_map = template.build()
        except VsmFileError as error:
            dialogs().error(self, "Could not create the map", str(error))
            return False
        self.set_map(value_stream_map, None)
        self.statusBar().showMessage(f"New map from “{template.title}”", 5000)
        return True

    def open_file(self, path: str | Path | None = None) -> bool:
        if not self.maybe_save():
            return False
        if path is None:
            path = dialogs().ask_open_path(self, self.settings.last_folder())
            if not path:
                return False
        return self.load_file(Path(path))

    def open_path(self, path: str | Path) -> bool:
        """Open a file handed over by the OS or a second launch, and bring the window forward."""
        if self.isMinimized():
            self.showNormal()
        self.raise_()
        self.activateWindow()
        return self.open_file(path)

    def open_paths(self, paths: list[str]) -> None:
        """A later launch handed files over: open the first, or just come to the front."""
        if paths:
            self.open_path(paths[0])
        else:
            self.raise_()
            self.activateWindow()

    def load_file(self, path: Path) -> bool:
        """Open a .vsm without asking about unsaved changes (the caller already did)."""
        from ..io.vsm_file import load_states

        try:
            states = load_states(path)
        except VsmFileError as error:
            dialogs().error(self, "Could not open the map", str(error))
            return False
        self.set_states(states, path)
        self.statusBar().showMessage(f"Opened {path.name}", 5000)
        return True

    def import_csv(self) -> bool:
        if not self.maybe_save():
            return False
        path = dialogs().ask_open_path(self, self.settings.last_folder(), CSV_FILTER)
        if not path:
            return False
        from ..io.csv_steps import load_steps_csv

        try:
            value_stream_map = load_steps_csv(path, self.document.calendar)
        except VsmFileError as error:
            dialogs().error(self, "Could not import the steps", str(error))
            return False
        self.set_map(value_stream_map, None)
        self.settings.set_last_folder_from(path)
        return True

    def save(self) -> bool:
        if self.file_path is None or is_shipped_resource(self.file_path):
            return self.save_as()
        return self.write_file(self.file_path)

    def save_as(self) -> bool:
        folder = Path(self.settings.last_folder())
        if self.file_path is not None and not is_shipped_resource(self.file_path):
            suggestion = self.file_path
        else:
            suggestion = folder / f"{file_stem_for(self.document.info.title)}.vsm"
        path = dialogs().ask_save_path(self, str(suggestion), VSM_FILTER)
        if not path:
            return False
        path = Path(path)
        if path.suffix.lower() != ".vsm":
            path = path.with_name(path.name + ".vsm")
        if is_shipped_resource(path):
            dialogs().error(
                self,
                "Choose another place",
                "The sample map ships with VSM Desktop and cannot be overwritten. Save your "
                "copy in another folder.",
            )
            return False
        return self.write_file(path)

    def write_file(self, path: Path) -> bool:
        from ..io.vsm_file import save_states

        try:
            keep_backup = self.keep_backup_action.isChecked()
            save_states(self.states.snapshot(), path, keep_backup=keep_backup)
        except VsmFileError as error:
            dialogs().error(self, "Could not save the map", str(error))
            return False
        self.file_path = path.resolve()
        self.states.mark_saved()
        self.settings.add_recent_file(self.file_path)
        self.settings.set_last_folder_from(self.file_path)
        self._update_title()
        self.statusBar().showMessage(f"Saved {path.name}", 5000)
        return True

    # -- recovery --------------------------------------------------------------------------

    def _recovery_snapshot(self) -> RecoverySnapshot:
        """What a recovery copy holds: every state, as Save would write it."""
        original = None if is_shipped_resource(self.file_path) else self.file_path
        return RecoverySnapshot(
            self.states.snapshot(),
            self.document.info.title or self.display_name,
            str(original) if original else None,
        )

    @property
    def is_pristine(self) -> bool:
        """Nothing here the user would miss: no changes and no file of their own open."""
        return not self.states.is_modified() and (
            self.file_path is None or is_shipped_resource(self.file_path)
        )

    def restore_recovered(self, states: MapStates, original_path: str | None) -> None:
        """Open a recovered map as unsaved changes, and copy it for recovery straight away."""
        path = Path(original_path) if original_path else None
        if path is not None and not path.parent.is_dir():
            path = None  # its folder is gone: Save asks where
        self.set_states(states, path)
        self.undo_stack.resetClean()  # unsaved until the user saves it
        self._update_title()
        self.autosave.write_now(wait=True)
        self.statusBar().showMessage("Restored unsaved changes — save to keep them", 8000)

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = self.settings.recent_files()
        for number, path in enumerate(recent, start=1):
            label = f"&{number % 10} {Path(path).name}" if number <= 10 else Path(path).name
            action = self.recent_menu.addAction(label)
            action.setToolTip(path)
            action.setStatusTip(path)
            action.triggered.connect(lambda _checked=False, p=path: self.open_recent(p))
        if not recent:
            empty = self.recent_menu.addAction("No recent maps")
            empty.setEnabled(False)
        self.recent_menu.addSeparator()
        clear = self.recent_menu.addAction("Clear List")
        clear.setEnabled(bool(recent))
        clear.triggered.connect(self.settings.clear_recent_files)

    def open_recent(self, path: str) -> bool:
        if not Path(path).exists():
            self.settings.remove_recent_file(path)
            dialogs().error(
                self,
                "Map not found",
                f"{path} no longer exists; it was removed from the recent maps.",
            )
            return False
        return self.open_file(path)

    # -- export ----------------------------------------------------------------------------

    def export(self, fmt_key: str) -> bool:
        """Ask where, then write the export (PDF and CSV in a worker, images on the canvas)."""
        fmt = EXPORT_FORMATS[fmt_key]
        if self._export_job is not None:
            self.statusBar().showMessage("An export is still running…", 4000)
            return False
        report_options = {}
        if fmt.key == "pdf":
            paper = dialogs().ask_report_options(self, *self.settings.report_options())
            if paper is None:
                return False
            self.settings.set_report_options(*paper)
            states = self.states.snapshot() if hasattr(self, "states") else None
            report_options = {"page_size": paper[0], "landscape": paper[1], "states": states}
        folder = Path(self.settings.last_folder())
        stem = self.file_path.stem if self.file_path else file_stem_for(self.document.info.title)
        chosen = dialogs().ask_save_path(self, str(folder / f"{stem}{fmt.suffix}"), fmt.file_filter)
        if not chosen:
            return False
        path = exporting.with_suffix(Path(chosen), fmt)
        self.settings.set_last_folder_from(path)
        from ..analysis import analyze

        snapshot = self.document.to_map()  # the worker reads this copy, never the document
        analysis = analyze(snapshot)
        if not fmt.in_worker:
            return self._export_image(fmt, snapshot, analysis, path)
        try:
            write = exporting.worker_writer(
                fmt, snapshot, analysis, path, self.display_name, **report_options
            )
        except exporting.ExportUnavailable as error:
            dialogs().error(self, f"{fmt.label} unavailable", str(error))
            return False
        job = exporting.ExportJob(path, write)
        job.signals.finished.connect(self._export_done)
        job.signals.failed.connect(self._export_failed)
        job.signals.progress.connect(self._export_progress)
        self._export_job = job
        self._set_busy(True, f"Exporting {fmt.label.lower()} to {path.name}…")
        QThreadPool.globalInstance().start(job)
        return True

    def _export_image(
        self,
        fmt: exporting.ExportFormat,
        snapshot: ValueStreamMap,
        analysis: FlowAnalysis,
        path: Path,
    ) -> bool:
        self._set_busy(True, f"Exporting {path.name}…")
        try:
            exporting.write_image(fmt, snapshot, analysis, path)
        except (RuntimeError, OSError, ValueError) as error:
            self._set_busy(False)
            dialogs().error(self, "Export failed", exporting.user_message(error, path))
            return False
        self._set_busy(False)
        self._export_done(str(path))
        return True

    def _export_progress(self, fraction: float) -> None:
        self.progress.setRange(0, 100)
        self.progress.setValue(round(max(0.0, min(1.0, fraction)) * 100))

    def _set_busy(self, busy: bool, message: str = "") -> None:
        self.progress.setRange(0, 0)  # indeterminate until a writer reports progress
        self.progress.setVisible(busy)
        for action in self.export_actions.values():
            action.setEnabled(not busy)
        if message:
            self.statusBar().showMessage(message)

    def _export_done(self, path: str) -> None:
        self._export_job = None
        self._set_busy(False)
        self.statusBar().showMessage(f"Exported {Path(path).name}", 6000)
        if self.open_after_export_action.isChecked():
            exporting.open_externally(Path(path))

    def _export_failed(self, message: str) -> None:
        self._export_job = None
        self._set_busy(False)
        self.statusBar().clearMessage()
        dialogs().error(self, "Export failed", message)

    @property
    def export_running(self) -> bool:
        return self._export_job is not None

    # -- presentation mode -----------------------------------------------------------------

    @property
    def presenting(self) -> bool:
        return self._presentation_state is not None

    def set_presentation_mode(self, on: bool) -> None:
        """Full screen for the room: panels away, large text, the key figures on a strip."""
        if on == self.presenting:
            self.presentation_action.setChecked(on)
            return
        if on:
            self._presentation_state = (self.saveState(), self.isMaximized())
            for dock in (self.palette_dock, self.inspector_dock, self.metrics_dock):
                dock.hide()
            self.whatif_dock.hide()
            self.toolbar.hide()
            self.menuBar().hide()
            self.statusBar().hide()
            self.strip.show()
            self.view.set_presentation_mode(True)
            self.showFullScreen()
        else:
            state, maximized = self._presentation_state
            self._presentation_state = None
            self.strip.hide()
            self.view.set_presentation_mode(False)
            self.menuBar().show()
            self.statusBar().show()
            self.restoreState(state)
            if maximized:
                self.showMaximized()
            else:
                self.showNormal()
        self.presentation_action.setChecked(on)
        self.leave_presentation_action.setEnabled(on)
        QTimer.singleShot(0, self.view.zoom_to_open)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if event.key() == Qt.Key.Key_Escape and self.presenting:
            self.set_presentation_mode(False)
            return
        super().keyPressEvent(event)

    # -- help ------------------------------------------------------------------------------

    def show_about(self) -> None:
        dialogs().information(
            self,
            f"About {APP_NAME}",
            f"<h3>{APP_NAME} {__version__}</h3>"
            "<p>Map how a customer request becomes a working service: steps, queues, "
            "approvals and handovers across teams, with lead time, waits and flow efficiency "
            "computed as you draw.</p><p>Open source under the MIT licence. The libraries and "
            "fonts it carries keep their own licences: Help &gt; Third-Party Notices.</p>",
        )

    def show_definitions(self) -> None:
        dialog = QDialog(self)
        dialog.setWindowTitle("Metric definitions")
        dialog.resize(620, 560)
        browser = QTextBrowser()
        keys = (
            "lead_time",
            "critical_path",
            "process_time",
            "wait_time",
            "flow_efficiency",
            "rolled_pca",
            "handovers",
            "total_wait",
            "constraint",
            "slack",
            "rework_extra_time",
            "lane_time",
        )
        parts = [
            f"<h3>{label_of(key, key)}</h3><p>{definition_of(key)}</p>"
            for key in keys
            if definition_of(key)
        ]
        browser.setHtml("".join(parts))
        layout = QVBoxLayout(dialog)
        layout.addWidget(browser)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()

    # -- window events ---------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        if self.presenting:
            self.set_presentation_mode(False)
        if not self.maybe_save():
            event.ignore()
            return
        self.autosave.close()  # saved or discarded on purpose: no recovery copy is left
        self.settings.save_window(self.saveGeometry(), self.saveState())
        self.settings.sync()
        event.accept()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 (Qt override)
        if self._dropped_map(event) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 (Qt override)
        path = self._dropped_map(event)
        if path is None:
            event.ignore()
            return
        event.acceptProposedAction()
        QTimer.singleShot(0, lambda: self.open_file(path))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        kinds = (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop)
        is_map_drag = (
            watched is self.view.viewport()
            and event.type() in kinds
            and self._dropped_map(event) is not None
        )
        if is_map_drag:
            if event.type() == QEvent.Type.Drop:
                self.dropEvent(event)
            else:
                event.acceptProposedAction()
            return True
        return super().eventFilter(watched, event)

    @staticmethod
    def _dropped_map(event: QDropEvent | QDragEnterEvent) -> Path | None:
        for url in event.mimeData().urls():
            if url.isLocalFile() and url.toLocalFile().lower().endswith(".vsm"):
                return Path(url.toLocalFile())
        return None


__all__ = ["MainWindow"]
