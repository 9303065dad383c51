"""Help menu: getting started, keyboard shortcuts, metric definitions and About."""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMenu,
    QMenuBar,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ...analysis.definitions import definition_of, label_of
from ..dialogs import current_dialogs

APP_NAME = "VSM Desktop"
FIRST_MEDIA_KEY = Qt.Key.Key_Back.value  # Qt numbers the keys of ordinary keyboards below it
DEFINED_METRICS = (
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


def show_about(parent: QWidget) -> None:
    from ... import __version__  # read when asked: the app's start does without it

    current_dialogs().information(
        parent,
        f"About {APP_NAME}",
        f"{APP_NAME} {__version__}\n\n"
        "Map how a customer request becomes a working service: steps, queues, "
        "approvals and handovers across teams, with lead time, waits and flow efficiency "
        "computed as you draw.\n\nOpen source under the MIT licence. The libraries and "
        "fonts it carries keep their own licences: Help > Third-Party Notices.",
    )


def show_log_folder(parent: QWidget) -> bool:
    """Open the folder with the app's log and crash reports in the file manager."""
    from ..diagnostics import log_folder

    folder = log_folder()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        current_dialogs().error(parent, "No log folder", f"{folder} cannot be created: {error}")
        return False
    if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
        current_dialogs().information(
            parent, "Log folder", f"The log and crash reports are in {folder}"
        )
    return True


def show_definitions(parent: QWidget) -> None:
    """A non-modal window listing what each figure means."""
    dialog = QDialog(parent)
    dialog.setWindowTitle("Metric definitions")
    dialog.resize(620, 560)
    browser = QTextBrowser()
    parts = [
        f"<h3>{label_of(key, key)}</h3><p>{definition_of(key)}</p>"
        for key in DEFINED_METRICS
        if definition_of(key)
    ]
    browser.setHtml("".join(parts))
    layout = QVBoxLayout(dialog)
    layout.addWidget(browser)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()


# Keys of the canvas that are gestures rather than menu commands.
CANVAS_KEYS = (
    ("Enter", "Add the next step after the selected one, ready to type its name"),
    ("F2 or double-click", "Rename the selected element or lane"),
    ("Click a lane's header", "Select the lane: F2 renames it, Alt+Up / Alt+Down moves it, "
     "Delete removes it; drag the header to reorder the lanes"),
    ("Delete", "Delete, joining the flow around a middle step"),
    ("Shift+Delete", "Delete without joining the flow"),
    ("Arrow keys", "Move the selection (Shift: in bigger steps)"),
    ("Space + drag", "Pan the map"),
    ("Ctrl + wheel", "Zoom around the mouse"),
    ("Esc", "Cancel the gesture in progress, or leave presentation mode"),
    ("Tab / Enter in the steps table", "Next cell / add the row and start the next"),
)

GETTING_STARTED = """
<h2>Map a value stream in five minutes</h2>
<ol>
<li><b>Add steps.</b> Drag <i>Step</i> from Elements onto a team's lane, or press
<b>Ctrl+1</b>. Type the step's name and press <b>Enter</b>: the next step appears after it,
already connected.</li>
<li><b>Or type the whole stream.</b> <b>Ctrl+T</b> opens the steps table: name, lane, process
time, wait, then <b>Enter</b> for the next row. Rows pasted from a spreadsheet become steps.</li>
<li><b>Say times as people do:</b> <i>45min, 2h, 3d, 1.5wk</i>, or a range such as
<i>2-6wk</i>. A day is the map's working day.</li>
<li><b>Show where work waits.</b> Queues, approvals and handovers between teams carry the
waits; the critical path, lead time and flow efficiency update after every edit.</li>
<li><b>Present and share.</b> <b>F5</b> presents the map to the room, <b>F11</b> hides the
panels, <b>Ctrl+E</b> writes the PDF report for leadership.</li>
</ol>
<p>Every key: Help &gt; Keyboard Shortcuts (<b>F1</b>).</p>
"""


def _plain(text: str) -> str:
    """An action's label without its mnemonic marks ("&Save" -> "Save", "A && B" -> "A & B")."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def _on_a_keyboard(sequence: QKeySequence) -> bool:
    """Leave out the media keys Qt adds to standard shortcuts ("Save", "Undo", "Help" keys)."""
    return sequence.count() > 0 and sequence[0].key().value < FIRST_MEDIA_KEY


def shortcut_rows(menu_bar: QMenuBar) -> list[tuple[str, str, str]]:
    """(menu, command, keys) for every menu command with a key, in menu order."""
    # Submenus by the action that opens them (QAction.menu() could delete the menu it returned
    # before PySide6 6.11.2).
    submenus = {menu.menuAction(): menu for menu in menu_bar.findChildren(QMenu)}
    rows: list[tuple[str, str, str]] = []

    def walk(menu: QMenu | QMenuBar, title: str) -> None:
        for action in menu.actions():
            if action in submenus:
                walk(submenus[action], title or _plain(action.text()))
            elif not action.isSeparator():
                keys = ", ".join(
                    key.toString(QKeySequence.SequenceFormat.NativeText)
                    for key in action.shortcuts()
                    if _on_a_keyboard(key)
                )
                if keys:
                    rows.append((title, _plain(action.text()), keys))

    walk(menu_bar, "")
    return rows


def show_shortcuts(parent: QWidget) -> QDialog:
    """Every key in one window, built from the actions themselves so it never goes stale."""
    dialog = QDialog(parent)
    dialog.setObjectName("keyboard_shortcuts")
    dialog.setWindowTitle("Keyboard Shortcuts")
    dialog.resize(640, 620)
    table = QTableWidget(0, 2)
    table.setHorizontalHeaderLabels(["Keys", "Does"])
    table.verticalHeader().hide()
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
    rows = [(keys, f"{menu}: {command}") for menu, command, keys in
            shortcut_rows(parent.menuBar())]
    rows += [(keys, does) for keys, does in CANVAS_KEYS]
    for keys, does in rows:
        row = table.rowCount()
        table.insertRow(row)
        table.setItem(row, 0, QTableWidgetItem(keys))
        table.setItem(row, 1, QTableWidgetItem(does))
    table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    layout = QVBoxLayout(dialog)
    layout.addWidget(table)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog


def show_getting_started(parent: QWidget) -> QDialog:
    """The first-start page (also Help > Getting Started): five steps to a first map."""
    dialog = QDialog(parent)
    dialog.setObjectName("getting_started")
    dialog.setWindowTitle("Getting Started")
    dialog.resize(600, 480)
    browser = QTextBrowser()
    browser.setHtml(GETTING_STARTED)  # our own text, not map data
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.close)
    layout = QVBoxLayout(dialog)
    layout.addWidget(browser)
    layout.addWidget(buttons)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
