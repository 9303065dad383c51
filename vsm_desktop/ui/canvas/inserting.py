"""Building a stream from the keyboard and the palette: a new element after the selected one
(connected, in the next free column), at a point, or an arrow between two selected elements."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF

from vsm_desktop.model import Connection, Element, ElementKind, layout
from vsm_desktop.model.flow_edits import spot_after

from ..commands import AddConnectionCommand, AddElementsCommand
from . import flow_drop
from .style import element_rect

if TYPE_CHECKING:
    from .view import MapView


class Inserting:
    def __init__(self, view: MapView) -> None:
        self.view = view

    def add_next_step(self) -> None:
        """Add a step after the selected element, connected, and open its name editor."""
        element_ids = self.view.selected_element_ids()
        if len(element_ids) != 1:
            self.view.status_message.emit("Select one element to add the next step after it.")
            return
        self._add_after(element_ids[0], ElementKind.STEP)

    def insert_element(self, kind: str) -> None:
        """Keyboard insertion: after the single selected element, else at the view centre."""
        element_kind = ElementKind(kind)
        element_ids = self.view.selected_element_ids()
        if len(element_ids) == 1:
            self._add_after(element_ids[0], element_kind)
            return
        centre = self.view.mapToScene(self.view.viewport().rect().center())
        self.create_element(element_kind, centre)

    def _add_after(self, previous_id: str, kind: ElementKind) -> None:
        previous = self.view.document.element(previous_id)
        x, y = spot_after(self.view.document, previous, previous.lane_id, kind)
        element = Element(kind=kind, lane_id=previous.lane_id, x=x, y=y)
        connections = []
        if kind is ElementKind.KAIZEN or kind is ElementKind.NOTE:
            if kind is ElementKind.KAIZEN:
                element.target_id = previous_id
                element.y = y - (element_rect(previous.kind).height() / 2 + 50)
        elif previous.kind.in_flow and previous.kind is not ElementKind.END:
            connections.append(Connection(source_id=previous_id, target_id=element.id))
        self.view.undo_stack.push(AddElementsCommand(self.view.document, [element], connections))
        self.view.select_ids([element.id])
        self.view.rename_element(element.id, is_new=True)

    def create_element(self, kind: ElementKind, position: QPointF, open_editor=True) -> str:
        position = self.view.scene().snapped(position)
        x = max(position.x(), layout.LANE_HEADER_WIDTH + element_rect(kind).width() / 2 + 10)
        lane = self.view.document.lane_at(position.y())
        element = Element(kind=kind, lane_id=lane.id if lane else None, x=x, y=position.y())
        target = self.view.scene().element_at(position)
        if kind is ElementKind.KAIZEN and target is not None:
            # An idea dropped on an element is about that element; it floats above it.
            element.target_id = target.element_id
            element.y = target.outline_rect().top() - element_rect(kind).height() / 2 - 16
            element.x = target.pos().x() + 40
        outline = element_rect(kind).translated(element.x, element.y)
        handover = flow_drop.drop_target_for(self.view.scene(), element, outline)
        command = handover and flow_drop.insert_command(self.view.scene(), handover, element)
        self.view.undo_stack.push(command or AddElementsCommand(self.view.document, [element]))
        self.view.select_ids([element.id])
        if open_editor:
            self.view.rename_element(element.id, is_new=True)
        return element.id

    def connect_selected(self) -> None:
        element_ids = self.view.selected_element_ids()
        if len(element_ids) != 2:
            self.view.status_message.emit("Select two elements, in flow order, to connect them.")
            return
        source_id, target_id = element_ids
        for element_id in element_ids:
            if not self.view.document.element(element_id).kind.in_flow:
                self.view.status_message.emit("Kaizen ideas and notes take no arrows.")
                return
        if target_id in self.view.document.flow_successors(source_id):
            self.view.status_message.emit("Those elements are already connected.")
            return
        connection = Connection(source_id=source_id, target_id=target_id)
        self.view.undo_stack.push(AddConnectionCommand(self.view.document, connection))
