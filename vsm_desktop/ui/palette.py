"""The palette: the VSM symbols a facilitator drags (or clicks, then clicks) onto the canvas."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QByteArray, QMimeData, QSize, Qt, Signal
from PySide6.QtGui import QDrag
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem, QWidget

from . import icons

PALETTE_MIME = "application/x-vsm-palette"


@dataclass(frozen=True)
class PaletteEntry:
    kind: str  # an ElementKind value, "handover" or "lane"
    label: str
    hint: str


PALETTE_ENTRIES = (
    PaletteEntry("step", "Step", "A piece of work done by one team: process time, wait, %C&A."),
    PaletteEntry("queue", "Queue", "Work waiting between steps: a backlog or release window."),
    PaletteEntry("approval", "Approval", "A gate someone must pass: a review board, a sign-off."),
    PaletteEntry("handover", "Handover", "Connect two elements: work passes from one to the next."),
    PaletteEntry("start", "Customer request", "Where the stream starts: the customer's need."),
    PaletteEntry("end", "Value realised", "Where it ends: the service works for the customer."),
    PaletteEntry("kaizen", "Kaizen idea", "An improvement idea, attached to what it improves."),
    PaletteEntry("note", "Note", "A sticky note for the room; not part of the flow."),
    PaletteEntry("lane", "Lane", "A swimlane for one team or function."),
)


def shortcut_for(kind: str) -> str:
    """Ctrl+1 … Ctrl+9, in palette order."""
    index = next(i for i, entry in enumerate(PALETTE_ENTRIES) if entry.kind == kind)
    return f"Ctrl+{index + 1}"


def palette_mime_data(kind: str) -> QMimeData:
    mime = QMimeData()
    mime.setData(PALETTE_MIME, QByteArray(kind.encode("utf-8")))
    return mime


class PaletteWidget(QListWidget):
    """Drag an entry onto the map, or click it and then click where it goes."""

    placement_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("palette")
        self.setIconSize(QSize(32, 32))
        self.setSpacing(1)
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setUniformItemSizes(True)
        for entry in PALETTE_ENTRIES:
            item = QListWidgetItem(icons.icon(entry.kind), entry.label)
            item.setData(Qt.ItemDataRole.UserRole, entry.kind)
            item.setToolTip(
                f"<b>{entry.label}</b> ({shortcut_for(entry.kind)})<br>{entry.hint}<br>"
                "<i>Drag onto the map, or click here and then click on the map.</i>"
            )
            item.setSizeHint(QSize(0, 40))
            self.addItem(item)
        self.itemClicked.connect(self._arm)
        widest = max(self.fontMetrics().horizontalAdvance(e.label) for e in PALETTE_ENTRIES)
        self.setMinimumWidth(widest + 32 + 44)  # icon, paddings and frame

    def kinds(self) -> list[str]:
        return [self.item(row).data(Qt.ItemDataRole.UserRole) for row in range(self.count())]

    def item_for(self, kind: str) -> QListWidgetItem:
        return self.item(self.kinds().index(kind))

    def _arm(self, item: QListWidgetItem) -> None:
        self.placement_requested.emit(item.data(Qt.ItemDataRole.UserRole))
        self.clearSelection()

    def startDrag(self, supported_actions: Qt.DropAction) -> None:  # noqa: N802 (Qt override)
        item = self.currentItem()
        if item is None:
            return
        kind = item.data(Qt.ItemDataRole.UserRole)
        drag = QDrag(self)
        drag.setMimeData(palette_mime_data(kind))
        drag.setPixmap(icons.render_pixmap(kind, 40, self.devicePixelRatioF()))
        drag.exec(Qt.DropAction.CopyAction)
        self.clearSelection()
