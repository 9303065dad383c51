"""The inspector: edit the properties of the selection, or of the map when nothing is selected.

Every committed edit (Enter, focus leaving the field, a combo choice) is one undo command with a
human text. Input that does not parse or validate is shown inline, red, under its field and is
never applied. The inspector re-reads the document after every change, so undo updates it too.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QFrame, QScrollArea, QStackedWidget, QVBoxLayout, QWidget

from ...model import MapDocument
from ...model import events as ev
from ..undo_history import UndoHistory
from .connection_form import ConnectionForm
from .editors import Field
from .element_form import ElementForm
from .map_form import MapForm
from .page import FormPage


class Inspector(QWidget):
    """Properties of the selection, one form per page; each pushes one undo command per
    committed edit."""

    def __init__(
        self, document: MapDocument, undo_history: UndoHistory, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("inspector")
        self.document = document
        self.element_ids: list[str] = []
        self.connection_ids: list[str] = []
        self.lane_id: str | None = None  # a lane picked by its header (lane_page.py)
        self.lane_page: Any = None
        self._refresh_pending = False

        self.map_form = MapForm(document, undo_history)
        self.element_form = ElementForm(document, undo_history)
        self.connection_form = ConnectionForm(document, undo_history)
        self.map_page = self.map_form.page
        self.element_page = self.element_form.page
        self.connection_page = self.connection_form.page
        self.summary_page = FormPage()
        self.stack = QStackedWidget()
        for page in (self.map_page, self.element_page, self.connection_page, self.summary_page):
            self.stack.addWidget(page)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.stack)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        document.events.subscribe(self._on_document_event)
        self.refresh()

    # -- selection and refresh -------------------------------------------------------------

    def attach_lane_page(self, page: QWidget) -> None:
        """The page shown while a lane is selected (it has a show_lane(lane_id) method)."""
        self.lane_page = page
        self.stack.addWidget(page)

    def set_lane(self, lane_id: str | None) -> None:
        self.lane_id = lane_id
        self.refresh()

    def set_selection(self, element_ids: Iterable[str], connection_ids: Iterable[str]) -> None:
        self.element_ids = list(element_ids)
        self.connection_ids = list(connection_ids)
        self.refresh()

    def _on_document_event(self, event: ev.DocumentEvent) -> None:
        self.element_form.follow(event)
        if isinstance(event, ev.ElementsMoved | ev.EditFinished):
            return
        if not self._refresh_pending:
            self._refresh_pending = True
            QTimer.singleShot(0, self._deferred_refresh)

    def _deferred_refresh(self) -> None:
        self._refresh_pending = False
        self.refresh()

    def refresh(self) -> None:
        """Show what the document holds now for the current selection."""
        self.element_ids = [i for i in self.element_ids if self.document.has_element(i)]
        self.connection_ids = [i for i in self.connection_ids if self.document.has_connection(i)]
        if self.element_ids:
            self.element_form.show(self.element_ids)
            self.stack.setCurrentWidget(self.element_page)
        elif len(self.connection_ids) == 1:
            self.connection_form.show(self.connection_ids[0])
            self.stack.setCurrentWidget(self.connection_page)
        elif self.connection_ids:
            count = len(self.connection_ids)
            self.summary_page.set_heading(
                "handover", f"{count} connections", "Select one connection to edit it."
            )
            self.stack.setCurrentWidget(self.summary_page)
        elif self.lane_page is not None and self.lane_id is not None and any(
            lane.id == self.lane_id for lane in self.document.lanes
        ):
            self.lane_page.show_lane(self.lane_id)
            self.stack.setCurrentWidget(self.lane_page)
        else:
            self.map_form.show()
            self.stack.setCurrentWidget(self.map_page)

    # -- access for the window and tests ---------------------------------------------------

    def element_field(self, name: str) -> Field:
        return self.element_page.fields[name]

    def connection_field(self, name: str) -> Field:
        return self.connection_page.fields[name]

    def map_field(self, name: str) -> Field:
        return self.map_page.fields[name]

    def detach(self) -> None:
        self.document.events.unsubscribe(self._on_document_event)
