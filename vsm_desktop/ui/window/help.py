"""Help menu: metric definitions and About."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QTextBrowser, QVBoxLayout, QWidget

from ... import __version__
from ..dialogs import current_dialogs
from ..metrics_panel import definition_of, label_of

APP_NAME = "VSM Desktop"
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
    current_dialogs().information(
        parent,
        f"About {APP_NAME}",
        f"{APP_NAME} {__version__}\n\n"
        "Map how a customer request becomes a working service: steps, queues, "
        "approvals and handovers across teams, with lead time, waits and flow efficiency "
        "computed as you draw.\n\nOpen source under the MIT licence. The libraries and "
        "fonts it carries keep their own licences: Help > Third-Party Notices.",
    )


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
