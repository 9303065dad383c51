"""Text from a map is data: it reaches Qt as plain text, never as HTML or a shortcut marker.

Qt guesses: a QLabel, a QMessageBox, a tooltip or a QTextEdit whose text merely *looks* like
HTML (Qt::mightBeRichText) renders it, and an ``<img src="/dev/zero">`` in an element's name then
makes the inspector read that file until the process aborts. Buttons, tabs, group boxes, menus
and actions treat ``&`` as a keyboard mnemonic, so "A & B" would lose its ampersand. Every place
that shows text which may come from a map (names, notes, titles, warnings, error messages that
quote a file, file names) goes through one of these helpers.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, SignalInstance
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget


def plain_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    """A QLabel that shows its text literally, whatever the text looks like."""
    label = QLabel(parent)
    return set_plain(label, text)


def set_plain(label: QLabel, text: str | None = None) -> QLabel:
    """Switch an existing label to plain text (before any text is laid out), optionally set it."""
    label.setTextFormat(Qt.TextFormat.PlainText)
    if text is not None:
        label.setText(text)
    return label


def plain_message_box(
    parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str, informative: str = ""
) -> QMessageBox:
    """A message box whose text and informative text are shown literally."""
    box = QMessageBox(parent)
    box.setTextFormat(Qt.TextFormat.PlainText)  # before the text: never parsed as HTML
    box.setIcon(icon)
    box.setWindowTitle(window_title_text(title))
    box.setText(text)
    if informative:
        box.setInformativeText(informative)
    for label in box.findChildren(QLabel):  # the informative label follows the main one
        if label.pixmap().isNull():
            label.setTextFormat(Qt.TextFormat.PlainText)
    return box


def tooltip_text(text: str) -> str:
    """A tooltip that shows text literally: Qt guesses rich text for tooltips and has no switch,
    so the text is escaped and wrapped in a paragraph (line breaks kept)."""
    if not text:
        return ""
    escaped = html.escape(text, quote=False).replace("\n", "<br>")
    return f"<p>{escaped}</p>"


def titled_tooltip(title: str, body: str) -> str:
    """A tooltip with a bold first line; both parts are escaped."""
    escaped = html.escape(body, quote=False).replace("\n", "<br>")
    return f"<p><b>{html.escape(title, quote=False)}</b><br>{escaped}</p>"


def mnemonic_text(text: str) -> str:
    """Text for a menu, action, button, tab or group box title: a single ``&`` would mark a
    keyboard shortcut and vanish, and a tab would split off a shortcut column."""
    return text.replace("&", "&&").replace("\t", " ")


def window_title_text(text: str) -> str:
    """A window title: "[*]" is Qt's placeholder for the unsaved mark; "[*][*]" shows it."""
    return text.replace("[*]", "[*][*]")


def keep_undo_text_literal(action: QAction, prefix: str, text_changed: SignalInstance) -> None:
    """Undo/Redo actions show the command's text ("Rename 'A & B'") after their prefix; Qt
    would read its "&" as a mnemonic, so the text is set again with the ampersands doubled."""

    def show(text: str) -> None:
        action.setText(f"{prefix} {mnemonic_text(text)}" if text else prefix)

    text_changed.connect(show)
