"""At start-up, offer the maps an app left behind when it crashed or was killed.

Each recovered map is listed with its title, the file it came from and when it was copied, with
Restore, Discard or Later. Restore opens it as unsaved changes; Discard deletes the copy; Later
keeps it for the next start. The question goes through the dialogs seam so tests can answer it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from html import escape
from typing import Literal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QLabel,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ..io.errors import VsmFileError
from ..io.recovery import RecoveredMap, discard_recovered
from ..io.vsm_file import load_states
from ..model.value_stream_map import MapStates
from . import dialogs as dialogs_module
from .autosave import RecoveryFolder

RecoveryChoice = Literal["restore", "discard", "later"]
CHOICES: tuple[tuple[RecoveryChoice, str], ...] = (
    ("restore", "Restore"),
    ("discard", "Discard"),
    ("later", "Later"),
)


def describe_time(moment: datetime, now: datetime | None = None) -> str:
    """'today at 14:32', 'yesterday at 09:05' or '3 Nov 2026 at 16:40', in local time."""
    local = moment.astimezone()
    now = (now or datetime.now().astimezone()).astimezone(local.tzinfo)
    clock = local.strftime("%H:%M")
    days = (now.date() - local.date()).days
    if days == 0:
        return f"today at {clock}"
    if days == 1:
        return f"yesterday at {clock}"
    return f"{local.day} {local.strftime('%b %Y')} at {clock}"


def describe_origin(recovered: RecoveredMap) -> str:
    return recovered.original_path or "never saved to a file"


class RecoveryDialog(QDialog):
    """One row per recovered map: what it is, where it came from, when, and what to do."""

    def __init__(self, parent: QWidget | None, recovered: Sequence[RecoveredMap]) -> None:
        super().__init__(parent)
        self.setWindowTitle("Recover unsaved maps")
        self.setMinimumWidth(640)
        layout = QVBoxLayout(self)
        count = len(recovered)
        heading = QLabel(
            "<b>VSM Desktop did not close properly last time.</b>"
            if count
            else "<b>No maps to recover.</b>"
        )
        layout.addWidget(heading)
        noun = "map has" if count == 1 else f"{count} maps have"
        intro = QLabel(
            f"The unsaved changes of {'this' if count == 1 else 'these'} {noun} been kept. "
            "Restore opens a map with its changes unsaved, Discard deletes the copy, Later "
            "asks again at the next start."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        rows = QWidget()
        grid = QGridLayout(rows)
        grid.setColumnStretch(0, 1)
        grid.setVerticalSpacing(14)
        self._groups: list[QButtonGroup] = []
        for row, item in enumerate(recovered):
            grid.addWidget(self._description(item), row, 0)
            group = QButtonGroup(self)
            for column, (choice, label) in enumerate(CHOICES, start=1):
                button = QRadioButton(label)
                button.setProperty("choice", choice)
                button.setAccessibleName(f"{label} “{item.title}”")
                group.addButton(button)
                grid.addWidget(button, row, column)
                if choice == "restore":
                    button.setChecked(True)
            self._groups.append(group)
        area = QScrollArea()
        area.setWidget(rows)
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        area.setMaximumHeight(360)
        layout.addWidget(area)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Continue")
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)

    @staticmethod
    def _description(item: RecoveredMap) -> QLabel:
        label = QLabel()
        label.setTextFormat(Qt.TextFormat.RichText)  # every piece of file text is escaped
        label.setText(
            f"<b>{escape(item.title)}</b><br>"
            f"<span style='color:#5f6b7a'>{escape(describe_origin(item))}<br>"
            f"Last copied {escape(describe_time(item.saved_at))}</span>"
        )
        label.setToolTip(describe_origin(item))
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setWordWrap(True)
        return label

    def choices(self) -> list[RecoveryChoice]:
        return [group.checkedButton().property("choice") for group in self._groups]


def ask_recovery_choices(
    parent: QWidget | None, recovered: Sequence[RecoveredMap]
) -> list[RecoveryChoice] | None:
    """The modal question itself (the dialogs seam calls this); None when the user closes it."""
    dialog = RecoveryDialog(parent, recovered)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.choices()


def offer_recovery(
    folder: RecoveryFolder,
    parent: QWidget | None,
    restore: Callable[[MapStates, RecoveredMap], None],
) -> int:
    """Ask about every recovered map and carry out the answers; the number restored.

    A copy is discarded only after its map is open again (the window then keeps its own
    recovery copy), so a crash during restoring loses nothing.
    """
    recovered = folder.recoverable()
    if not recovered:
        return 0
    seam = dialogs_module.dialogs
    choices = seam.ask_recovery(parent, recovered)
    if choices is None:
        return 0  # closed without answering: ask again next time
    restored = 0
    for item, choice in zip(recovered, choices, strict=False):
        if choice == "discard":
            discard_recovered(item)
        elif choice == "restore":
            try:
                states = load_states(item.map_path)
            except VsmFileError as error:
                seam.error(
                    parent,
                    "Could not restore the map",
                    f"The recovery copy of “{item.title}” cannot be read and stays where it "
                    f"is.\n\n{error}",
                )
                continue
            restore(states, item)
            discard_recovered(item)
            restored += 1
    return restored


_restored_windows: list[QWidget] = []  # windows opened for recovered maps live with the app


def offer_recovery_at_start(window, recovery: RecoveryFolder) -> bool:
    """Offer the maps a crashed app left behind; True if one now shows in `window`.

    The first restored map goes into `window` when it holds nothing the user would miss; every
    other one opens in a window of its own.
    """
    from .main_window import MainWindow

    used_window = False

    def restore(states: MapStates, recovered: RecoveredMap) -> None:
        nonlocal used_window
        target = window
        if used_window or not window.is_pristine:
            target = MainWindow(window.settings, recovery)
            target.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            _restored_windows.append(target)
            target.destroyed.connect(lambda: _restored_windows.remove(target))
            target.show()
        else:
            used_window = True
        target.restore_recovered(states, recovered.original_path)

    offer_recovery(recovery, window, restore)
    return used_window
