"""Edits of the map's structure from the canvas: arranging, lanes and arrow kinds.

Each becomes one undo step on the view's history; the scene follows the document's events.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from vsm_desktop import cycle_collector
from vsm_desktop.model import ConnectionKind, arranging, layout
from vsm_desktop.model import events as ev

from ..background import JobControl, LatestJobRunner
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
        self._layout_runner = LatestJobRunner(view)
        self._layout_runner.finished.connect(self._apply_layout)
        self._layout_runner.failed.connect(self._layout_failed)
        view.document.events.subscribe(self._stop_layout_on_edit)

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
            found = document.lanes_at(y for _, y in moved.values())
            lanes = {i: lane.id for i, lane in zip(moved, found, strict=True) if lane is not None}
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
        """Lay the whole map out along the flow, lanes grown to fit: planned on a worker from a
        snapshot (seconds on a large map), applied as one undo step. An edit made meanwhile
        stops it: the plan would be of a map that is no longer there."""
        document = self.view.document
        if not document.elements():
            return
        with cycle_collector.paused():  # thousands of records at once, none of them garbage
            snapshot = document.snapshot()  # made into a map on the worker

        def plan(_control: JobControl) -> layout.LayoutPlan | layout.LayoutLimitError:
            try:
                with cycle_collector.paused():
                    return layout.plan_layout(snapshot.to_map())
            except layout.LayoutLimitError as error:  # too large for the file's limits
                return error

        self._layout_runner.submit(plan)
        self.view.status_message.emit("Laying out the map…")

    @property
    def laying_out(self) -> bool:
        return self._layout_runner.busy

    def _stop_layout_on_edit(self, event: ev.DocumentEvent) -> None:
        if isinstance(event, ev.EditFinished) and self._layout_runner.busy:
            self._layout_runner.cancel()
            self.view.status_message.emit(
                "Auto layout stopped: the map changed while it was being planned.")

    def _apply_layout(self, planned: object) -> None:
        from vsm_desktop.ui.dialogs import dialogs

        if isinstance(planned, layout.LayoutLimitError):
            self.view.status_message.emit("")
            dialogs.warning(self.view, "Auto layout", f"The map was left as it is: {planned}.")
            return
        assert isinstance(planned, layout.LayoutPlan)
        document = self.view.document
        heights = {
            lane.id: planned.lane_heights[lane.id]
            for lane in document.lanes
            if planned.lane_heights.get(lane.id, lane.height) != lane.height
        }
        moved = {
            element_id: position
            for element_id, position in planned.positions.items()
            if document.has_element(element_id)
            and position != (document.element(element_id).x, document.element(element_id).y)
        }
        if not heights and not moved:
            self.view.status_message.emit("The map is already laid out.")
            return
        self.view.undo_stack.beginMacro("Auto layout")
        for lane_id, height in heights.items():
            self.view.undo_stack.push(
                UpdateLaneCommand(document, lane_id, {"height": height}, "Resize lane")
            )
        # Positions are read after the lanes have grown, so undo puts everything back exactly.
        self.push_positions(moved, "Auto layout")
        self.view.undo_stack.endMacro()
        self.view.status_message.emit(
            f"Auto layout moved {count_phrase(len(moved))}; Undo puts them back.")
        follower = self.view.scene().follower
        if follower.busy:  # the whole map is fitted once it stands where it was laid out
            follower.followed.connect(self.view.zoom_to_fit, Qt.ConnectionType.SingleShotConnection)
        else:
            self.view.zoom_to_fit()

    def _layout_failed(self, message: str) -> None:
        self.view.status_message.emit(f"Auto layout failed: {message}")

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
