"""The crash dialog: what happened, that the work is safe, and the report to copy."""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class CrashDialog(QDialog):
    """What happened, where the report is, and the report itself to copy."""

    def __init__(self, parent: QWidget | None, message: str, details: str) -> None:
        super().__init__(parent)
        self.setWindowTitle("Unexpected problem")
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        text = QLabel(message)
        text.setTextFormat(Qt.TextFormat.PlainText)
        text.setWordWrap(True)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(text)
        self.details = QPlainTextEdit(details)
        self.details.setReadOnly(True)
        self.details.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.details.setMinimumHeight(180)
        layout.addWidget(self.details, 1)
        buttons = QDialogButtonBox()
        copy = QPushButton("Copy Details")
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(details))
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        keep = buttons.addButton("Keep Working", QDialogButtonBox.ButtonRole.AcceptRole)
        keep.setDefault(True)
        keep.setFocus()
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)


def show_crash_dialog(parent: QWidget | None, message: str, details: str) -> None:
    if QCoreApplication.instance() is None:
        print(message, details, sep="\n\n", file=sys.stderr)
        return
    CrashDialog(parent, message, details).exec()
