"""The window's commands, and the menu bar and toolbar built from the one action registry."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QToolBar

from .. import icons
from ..exporting import EXPORT_FORMATS
from ..palette import PALETTE_ENTRIES, shortcut_for
from ..plain_text import keep_undo_text_literal
from ..templates import TEMPLATES
from .help import (
    show_about,
    show_definitions,
    show_getting_started,
    show_log_folder,
    show_shortcuts,
)

if TYPE_CHECKING:
    from ..main_window import MainWindow


def title_case(label: str) -> str:
    """Menu wording: "Customer request" -> "Customer Request"; acronyms stay as written."""
    small = {"a", "an", "and", "as", "from", "of", "the", "to"}
    return " ".join(
        word if word.isupper() or (index and word in small) else word[:1].upper() + word[1:]
        for index, word in enumerate(label.split(" "))
    )


def add_window_actions(window: MainWindow) -> None:
    """File, undo, insert and help commands (the canvas and the controllers add their own)."""
    key = QKeySequence.StandardKey
    actions, files = window.actions, window.files
    actions.add(
        "new",
        "&Blank Map",
        lambda: files.new_from_template("blank"),
        key.New,
        "new",
        "Start a new, empty map",
    )
    for template in TEMPLATES:
        if template.key != "blank":
            actions.add(
                f"template.{template.key}",
                title_case(template.title),
                lambda k=template.key: files.new_from_template(k),
                tip=template.description,
            )
    actions.add("open", "&Open…", files.open_file, key.Open, "open", "Open a .vsm map")
    actions.add("save", "&Save", files.save, key.Save, "save", "Save the map")
    actions.add("save_as", "Save &As…", files.save_as, key.SaveAs)
    preferences = actions.add(
        "preferences",
        "Pre&ferences…",
        window.preferences.edit,
        key.Preferences,
        tip="Recovery copies, backups, PDF paper and snapping",
    )
    if preferences.shortcut().isEmpty():  # not every platform defines one
        preferences.setShortcut(QKeySequence("Ctrl+,"))
    preferences.setMenuRole(QAction.MenuRole.PreferencesRole)
    actions.add(
        "import_csv",
        "Steps from &CSV…",
        files.import_csv,
        tip="Build a map from a CSV list of steps",
    )
    for name, fmt in EXPORT_FORMATS.items():
        actions.add(
            f"export.{name}", f"{title_case(fmt.label)}…", lambda k=name: window.exports.export(k)
        )
    actions["export.pdf"].setShortcut(QKeySequence("Ctrl+E"))
    # Close ends this window's map (the app too if it was the last window); Quit closes all.
    actions.add("close", "&Close", window.close, key.Close, tip="Close this map's window")
    quit_action = actions.add("quit", "&Quit", QApplication.closeAllWindows, key.Quit)
    if quit_action.shortcut().isEmpty():  # not every platform defines one
        quit_action.setShortcut(QKeySequence("Ctrl+Q"))
    quit_action.setMenuRole(QAction.MenuRole.QuitRole)

    group = window.states.group
    undo = actions.adopt("undo", group.createUndoAction(window, "&Undo"))
    undo.setShortcuts(key.Undo)
    undo.setIcon(icons.icon("undo"))
    redo = actions.adopt("redo", group.createRedoAction(window, "&Redo"))
    redo.setShortcuts(key.Redo)
    redo.setIcon(icons.icon("redo"))
    keep_undo_text_literal(undo, "&Undo", group.undoTextChanged)
    keep_undo_text_literal(redo, "&Redo", group.redoTextChanged)

    for entry in PALETTE_ENTRIES:
        if entry.kind == "handover":
            continue  # the canvas's "Handover from Selection"
        actions.add(
            f"insert.{entry.kind}",
            title_case(entry.label),
            lambda k=entry.kind: window.insert(k),
            shortcut_for(entry.kind),
            entry.kind,
            entry.hint,
        )
    about = actions.add("about", "&About VSM Desktop", lambda: show_about(window))
    about.setMenuRole(QAction.MenuRole.AboutRole)
    actions.add("definitions", "Metric &Definitions", lambda: show_definitions(window))
    actions.add("shortcuts", "&Keyboard Shortcuts", lambda: show_shortcuts(window),
                key.HelpContents)
    actions.add("getting_started", "&Getting Started", lambda: show_getting_started(window))
    actions.add("notices", "Third-Party &Notices", lambda: _show_notices(window))
    actions.add(
        "show_log_folder",
        "Show &Log Folder",
        lambda: show_log_folder(window),
        tip="The folder with the app's log and crash reports, to attach to a bug report",
    )


def build_menus(window: MainWindow) -> None:
    actions = window.actions
    bar = window.menuBar()
    file_menu = bar.addMenu("&File")
    new_menu = file_menu.addMenu("&New")
    new_menu.addAction(actions["new"])
    new_menu.addSection("From template")
    new_menu.addActions(list(actions.named("template.").values()))
    file_menu.addAction(actions["open"])
    window.recent_menu = file_menu.addMenu("Open &Recent")
    window.recent_menu.aboutToShow.connect(
        lambda: window.files.fill_recent_menu(window.recent_menu)
    )
    window.files.fill_recent_menu(window.recent_menu)
    file_menu.addSeparator()
    file_menu.addActions([actions["save"], actions["save_as"], actions["keep_backup"]])
    file_menu.addSeparator()
    file_menu.addActions([actions["review_copy"], actions["merge_copy"]])
    file_menu.addSeparator()
    file_menu.addMenu("&Import").addAction(actions["import_csv"])
    export_menu = file_menu.addMenu("&Export")
    export_menu.addActions(list(actions.named("export.").values()))
    export_menu.addSeparator()
    export_menu.addAction(actions["open_after_export"])
    file_menu.addSeparator()
    file_menu.addActions([actions["close"], actions["quit"]])

    edit = bar.addMenu("&Edit")
    edit.addActions([actions["undo"], actions["redo"]])
    edit.addSeparator()
    edit.addActions([actions[name] for name in ("cut", "copy", "paste", "duplicate", "delete")])
    edit.addAction(actions["delete_without_joining"])
    edit.addSeparator()
    edit.addActions([actions["select_all"], actions["rename"], actions["connect"]])
    edit.addSeparator()
    edit.addMenu(window.view.align_menu(edit))
    edit.addMenu(window.view.distribute_menu(edit))
    edit.addAction(actions["auto_layout"])
    edit.addSeparator()
    edit.addAction(actions["preferences"])

    view = bar.addMenu("&View")
    view.addActions([actions["zoom_in"], actions["zoom_out"], actions["fit"]])
    view.addAction(actions["reset_zoom"])
    view.addSeparator()
    view.addActions(
        [actions["snap"], actions["critical"], actions["waits"], actions["criticality"],
         actions["overview"]]
    )
    view.addSeparator()
    view.addActions([actions["presentation"], actions["focus_mode"]])
    view.addSeparator()
    window.panels_menu = view.addMenu("&Panels")
    window.panels_menu.addAction(actions["key_figures"])
    for panel in window.docks():
        window.panels_menu.addAction(panel.toggleViewAction())

    insert = bar.addMenu("&Insert")
    groups = (("step", "queue", "approval"), ("start", "end"), ("kaizen", "note"))
    for group in groups:
        insert.addActions([actions[f"insert.{kind}"] for kind in group])
        insert.addSeparator()
    insert.addActions([actions["handover_from_selection"], actions["insert.lane"]])
    insert.addSeparator()
    insert.addAction(actions["steps_table"])

    states = bar.addMenu("&Map")
    states.addActions([actions["new_future"], actions["delete_state"]])
    states.addSeparator()
    states.addAction(actions["compare"])
    states.addSeparator()
    show_state = states.addMenu("&Show State")
    show_state.aboutToShow.connect(lambda: window.state_control.fill_show_menu(show_state))

    help_menu = bar.addMenu("&Help")
    help_menu.addActions(
        [actions["getting_started"], actions["shortcuts"], actions["definitions"]]
    )
    help_menu.addSeparator()
    help_menu.addActions([actions["show_log_folder"], actions["notices"], actions["about"]])


def build_toolbar(window: MainWindow) -> QToolBar:
    actions = window.actions
    toolbar = window.addToolBar("Main toolbar")
    toolbar.setObjectName("main_toolbar")
    toolbar.setMovable(False)
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
    groups = (
        ("new", "open", "save"),
        ("undo", "redo"),
        ("zoom_out", "zoom_in", "fit"),
        ("auto_layout", "critical", "waits"),
        ("presentation",),
    )
    for index, group in enumerate(groups):
        if index:
            toolbar.addSeparator()
        toolbar.addActions([actions[name] for name in group])
    for action in toolbar.actions():
        shortcut = action.shortcut()
        if action in (actions["undo"], actions["redo"]) or shortcut.isEmpty():
            continue  # undo/redo tooltips follow the stack's action names
        native = shortcut.toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{action.toolTip()} ({native})")
    window.panels_menu.addAction(toolbar.toggleViewAction())
    return toolbar


def _show_notices(window: MainWindow) -> None:
    from ..notices_dialog import show_third_party_notices  # a text browser: when asked for

    show_third_party_notices(window)
