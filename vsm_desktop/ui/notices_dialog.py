"""Help > Third-Party Notices: the licences of everything the app redistributes."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from ..resources import third_party_notices_path


def show_third_party_notices(parent: QWidget | None) -> QDialog:
    """Open the notices beside the window (not modal, so it never blocks a workshop)."""
    dialog = QDialog(parent)
    dialog.setObjectName("third_party_notices")
    dialog.setWindowTitle("Third-Party Notices")
    dialog.resize(760, 560)
    browser = QTextBrowser()
    browser.setOpenLinks(False)
    # Our own shipped file, not map text: its Markdown tables are worth rendering.
    browser.setMarkdown(third_party_notices_path().read_text(encoding="utf-8"))
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.close)
    layout = QVBoxLayout(dialog)
    layout.addWidget(browser)
    layout.addWidget(buttons)
    dialog.show()
    return dialog
