"""Cut, copy, paste and duplicate map elements through the system clipboard."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData
from PySide6.QtGui import QGuiApplication

from ..commands import AddElementsCommand, RemoveItemsCommand, count_phrase
from . import clipboard

if TYPE_CHECKING:
    from .view import MapView

PASTE_OFFSET = 40.0


class CopyPaste:
    def __init__(self, view: MapView) -> None:
        self.view = view
        self._paste_source: bytes | None = None
        self._paste_count = 0

    def copy_selection(self) -> bool:
        element_ids = self.view.selected_element_ids()
        if not element_ids:
            self.view.status_message.emit("Select the elements to copy first.")
            return False
        data = clipboard.serialize(self.view.document, element_ids)
        mime = QMimeData()
        mime.setData(clipboard.MIME_TYPE, data)
        mime.setText("\n".join(self.view.document.element(i).display_name for i in element_ids))
        QGuiApplication.clipboard().setMimeData(mime)
        return True

    def cut_selection(self) -> None:
        element_ids = self.view.selected_element_ids()
        if self.copy_selection():
            self.view.undo_stack.push(
                RemoveItemsCommand(
                    self.view.document,
                    element_ids,
                    (),
                    text=f"Cut {count_phrase(len(element_ids))}",
                )
            )

    def paste(self) -> None:
        mime = QGuiApplication.clipboard().mimeData()
        if mime is None or not mime.hasFormat(clipboard.MIME_TYPE):
            self.view.status_message.emit("Nothing to paste: copy elements of a map first.")
            return
        data = bytes(mime.data(clipboard.MIME_TYPE))
        # Each paste of the same copy lands a little further away, so none hides another.
        self._paste_count = self._paste_count + 1 if data == self._paste_source else 1
        self._paste_source = data
        self._insert_copies(data, self._paste_count * PASTE_OFFSET, "Paste")

    def refresh_paste(self) -> None:
        """Paste is offered while the clipboard holds copied map elements."""
        mime = QGuiApplication.clipboard().mimeData()
        has_elements = mime is not None and mime.hasFormat(clipboard.MIME_TYPE)
        self.view.actions["paste"].setEnabled(has_elements)

    def duplicate_selection(self) -> None:
        element_ids = self.view.selected_element_ids()
        if not element_ids:
            self.view.status_message.emit("Select the elements to duplicate first.")
            return
        self._insert_copies(
            clipboard.serialize(self.view.document, element_ids), PASTE_OFFSET, "Duplicate"
        )

    def _insert_copies(self, data: bytes, offset: float, verb: str) -> None:
        try:
            elements, connections = clipboard.deserialize(
                data, self.view.document, (offset, offset)
            )
        except clipboard.ClipboardError as error:
            self.view.status_message.emit(str(error))
            return
        if not elements:
            return
        self.view.undo_stack.push(
            AddElementsCommand(
                self.view.document,
                elements,
                connections,
                text=f"{verb} {count_phrase(len(elements))}",
            )
        )
        self.view.select_ids([element.id for element in elements])
