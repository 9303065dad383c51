"""The recovery question: the maps an app left behind when it crashed or was killed.

Each recovered map is listed with its title, the file it came from and when it was copied, with
Restore, Discard or Later. ui/recovery_offer.py asks it (through the dialogs seam) at start-up
and carries out the answers.
"""

from __future__ import annotations

from collections.abc import Sequence
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

from ..io.recovery import RecoveredMap
from .plain_text import tooltip_text

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
        label.setToolTip(tooltip_text(describe_origin(item)))
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
