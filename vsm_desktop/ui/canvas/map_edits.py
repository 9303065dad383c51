"""Edits of the map's structure from the canvas: arranging, lanes and arrow kinds.

Each becomes one undo step on the view's history; the scene follows the document's events.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vsm_desktop.model import ConnectionKind, arranging, layout

from ..commands import (
    MoveElementsCommand,
    MoveLaneCommand,
    RemoveLaneCommand,
    UpdateConnectionCommand,
    UpdateLaneCommand,
    count_phrase,
)

if TYPE_CHECKING:
    from .view import MapView


class MapEdits:
    def __init__(self, view: MapView) -> None:
        self.view = view

    # -- arranging ---------------------------------------------------------------------------

    def push_positions(self, positions: dict[str, tuple[float, float]], text: str) -> None:
        """One undo step that moves elements (lanes following their new bands)."""
        document = self.view.document
        old = {i: (document.element(i).x, document.element(i).y) for i in positions}
        moved = {i: p for i, p in positions.items() if p != old[i]}
        if not moved:
            return
        lanes = {}
        if document.lanes:
            lanes = {i: document.lane_at(p[1]).id for i, p in moved.items()}
        self.view.undo_stack.push(
            MoveElementsCommand(document, {i: old[i] for i in moved}, moved, lanes, text=text)
        )

    def align_selection(self, edge: str) -> None:
        elements = [self.view.document.element(i) for i in self.view.selected_element_ids()]
        if edge not in arranging.ALIGN_EDGES:
            raise ValueError(f"unknown edge '{edge}'")
        if len(elements) < 2:
            self.view.status_message.emit("Select two or more elements to align them.")
            return
        positions = arranging.aligned_positions(elements, edge)
        self.push_positions(positions, f"Align {count_phrase(len(elements))}")

    def distribute_selection(self, axis: str) -> None:
        if axis not in arranging.DISTRIBUTE_AXES:
            raise ValueError(f"unknown axis '{axis}'")
        elements = [self.view.document.element(i) for i in self.view.selected_element_ids()]
        if len(elements) < 3:
            self.view.status_message.emit("Select three or more elements to distribute them.")
            return
        positions = arranging.distributed_positions(elements, axis)
        self.push_positions(positions, f"Distribute {count_phrase(len(elements))}")

    def auto_layout(self) -> None:
        """Lay the whole map out along the flow, lanes grown to fit: one undo step."""
        if not self.view.document.elements():
            return
        try:
            planned = layout.laid_out(self.view.document.to_map())
        except layout.LayoutLimitError as error:  # the map is too large for the file's limits
            from vsm_desktop.ui.dialogs import dialogs

            dialogs.warning(self.view, "Auto layout", f"The map was left as it is: {error}.")
            return
        heights = {
            lane.id: lane.height
            for lane in planned.lanes
            if lane.height != self.view.document.lane(lane.id).height
        }
        positions = {e.id: (e.x, e.y) for e in planned.elements}
        current = {e.id: (e.x, e.y) for e in self.view.document.elements()}
        if not heights and positions == current:
            self.view.status_message.emit("The map is already laid out.")
            return
        self.view.undo_stack.beginMacro("Auto layout")
        for lane_id, height in heights.items():
            self.view.undo_stack.push(
                UpdateLaneCommand(self.view.document, lane_id, {"height": height}, "Resize lane")
            )
        # Positions are read after the lanes have grown, so undo puts everything back exactly.
        self.push_positions(positions, "Auto layout")
        self.view.undo_stack.endMacro()
        self.view.zoom_to_fit()

    # -- lanes -------------------------------------------------------------------------------

    def move_lane(self, lane_id: str, delta: int) -> None:
        index = next(i for i, lane in enumerate(self.view.document.lanes) if lane.id == lane_id)
        new_index = index + delta
        if 0 <= new_index < len(self.view.document.lanes):
            self.view.undo_stack.push(MoveLaneCommand(self.view.document, lane_id, new_index))

    def remove_lane(self, lane_id: str) -> None:
        """Remove a lane; if it holds elements, ask whether to move or delete them."""
        from vsm_desktop.ui.dialogs import dialogs

        lane = self.view.document.lane(lane_id)
        members = [e for e in self.view.document.elements() if e.lane_id == lane_id]
        move_to = None
        if members:
            others = [
                (other.id, other.name) for other in self.view.document.lanes if other.id != lane_id
            ]
            answer = dialogs.ask_lane_removal(self.view, lane.name, len(members), others)
            if answer is None:
                return
            action, move_to = answer
            if action == "move" and move_to is None:
                return
            if action != "move":
                move_to = None
        self.view.undo_stack.push(RemoveLaneCommand(self.view.document, lane_id, move_to))

    # -- connections -------------------------------------------------------------------------

    def set_connection_kind(self, connection_id: str, kind: ConnectionKind) -> None:
        connection = self.view.document.connection(connection_id)
        if connection.kind is kind:
            return
        self.view.undo_stack.push(
            UpdateConnectionCommand(
                self.view.document,
                connection_id,
                {"kind": kind},
                f"Make connection a {kind.label.lower()}",
            )
        )
