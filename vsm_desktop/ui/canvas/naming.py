"""Naming in place: an editor over an element's name, a lane's title or an arrow's label.

Enter commits one undo step, Esc cancels; only one editor is open at a time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF
from PySide6.QtGui import QFont

from vsm_desktop.model import ElementKind

from ..commands import UpdateConnectionCommand, UpdateElementsCommand, UpdateLaneCommand
from .editor import InlineEditor

if TYPE_CHECKING:
    from collections.abc import Callable

    from .view import MapView


class InPlaceNaming:
    def __init__(self, view: MapView) -> None:
        self.view = view
        self.editor: InlineEditor | None = None

    @property
    def editing(self) -> bool:
        return self.editor is not None and not self.editor.finished

    def rename_element(self, element_id: str, is_new: bool = False) -> None:
        """Open the in-place editor on an element's name; Enter commits one undo step."""
        item = self.view.scene().element_item(element_id)
        if item is None:
            return
        style = self.view.scene().canvas_style
        font = (
            style.small_font
            if item.element.kind in (ElementKind.KAIZEN, ElementKind.NOTE)
            else style.name_font
        )
        rect = item.name_rect()

        def done(text: str | None) -> None:
            self.editor = None
            self.view.setFocus()
            if text is None or not self.view.document.has_element(element_id):
                return
            element = self.view.document.element(element_id)
            if text == element.name:
                return
            self.view.undo_stack.push(
                UpdateElementsCommand(
                    self.view.document,
                    {element_id: {"name": text}},
                    f"Rename '{element.display_name}' to '{text}'",
                    names_new_element=is_new,
                )
            )
            self.view.select_ids([element_id])

        self.open_editor(item.element.name, rect, font, done)

    def rename_lane(self, lane_id: str) -> None:
        lane_item = self.view.scene().lane_item(lane_id)
        if lane_item is None:
            return
        header = lane_item.header_rect()
        rect = QRectF(header.left() + 10, header.top() + 10, header.width() - 20, 24)

        def done(text: str | None) -> None:
            self.editor = None
            self.view.setFocus()
            if not text or not any(lane.id == lane_id for lane in self.view.document.lanes):
                return
            lane = self.view.document.lane(lane_id)
            if text != lane.name:
                self.view.undo_stack.push(
                    UpdateLaneCommand(
                        self.view.document,
                        lane_id,
                        {"name": text},
                        f"Rename lane '{lane.name}' to '{text}'",
                    )
                )

        font = self.view.scene().canvas_style.lane_font
        self.open_editor(self.view.document.lane(lane_id).name, rect, font, done)

    def open_editor(
        self, text: str, rect: QRectF, font: QFont, done: Callable[[str | None], None]
    ) -> None:
        if self.editor is not None:
            self.editor.finish(commit=True)
        self.editor = InlineEditor(text, rect, font, self.view.scene().canvas_style, done)
        self.view.scene().addItem(self.editor)
        self.view.ensureVisible(rect, 40, 40)
        self.view.setFocus()
        self.editor.start()

    def edit_connection_label(self, connection_id: str) -> None:
        """Name what is handed over ("Board submission") right on the arrow."""
        item = self.view.scene().connection_item(connection_id)
        if item is None:
            return
        start, end = item.end_points()
        middle = (start + end) / 2
        rect = QRectF(middle.x() - 80, middle.y() - 12, 160, 24)

        def done(text: str | None) -> None:
            self.editor = None
            self.view.setFocus()
            if text is None or not self.view.document.has_connection(connection_id):
                return
            if text != self.view.document.connection(connection_id).label:
                self.view.undo_stack.push(
                    UpdateConnectionCommand(
                        self.view.document, connection_id, {"label": text}, "Label connection"
                    )
                )

        label = self.view.document.connection(connection_id).label
        self.open_editor(label, rect, self.view.scene().canvas_style.small_font, done)
