"""A lane picked by a click on its header: renamed, moved and removed from the keyboard.

Lanes are not scene items that Qt selects (their bands lie under every element), so the view
keeps the one picked lane here. Selecting an element, or a click anywhere else, lets it go.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent

if TYPE_CHECKING:
    from .view import MapView


ALT = Qt.KeyboardModifier.AltModifier


class LaneSelection:
    def __init__(self, view: MapView) -> None:
        self._view = view
        self.lane_id: str | None = None

    def select(self, lane_id: str | None) -> None:
        view = self._view
        scene = view.scene()
        if lane_id is not None and not self._exists(lane_id):
            lane_id = None
        if self.lane_id is not None and scene.lane_item(self.lane_id) is not None:
            scene.lane_item(self.lane_id).set_selected(False)
        changed = lane_id != self.lane_id
        self.lane_id = lane_id
        if changed or lane_id is not None:
            view.lane_selected.emit(lane_id)
        if lane_id is None:
            return
        scene.clearSelection()
        self.lane_id = lane_id  # clearing the elements' selection let it go
        scene.lane_item(lane_id).set_selected(True)
        name = view.document.lane(lane_id).name
        view.status_message.emit(
            f"Lane '{name}': F2 renames, Alt+Up / Alt+Down moves it, Delete removes it"
        )

    def _exists(self, lane_id: str) -> bool:
        return any(lane.id == lane_id for lane in self._view.document.lanes)

    def clear(self) -> None:
        self.select(None)

    def handle_key(self, event: QKeyEvent) -> bool:
        """The keys of a selected lane; False when the key is not for it."""
        lane_id = self.lane_id
        if lane_id is None or not self._exists(lane_id):
            return False
        key, modifiers = event.key(), event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        view = self._view
        if key == Qt.Key.Key_F2:
            view.rename_lane(lane_id)
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and not modifiers:
            self.clear()
            view.edits.remove_lane(lane_id)
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and modifiers == ALT:
            view.edits.move_lane(lane_id, -1 if key == Qt.Key.Key_Up else 1)
            self.select(lane_id)  # the lane items were rebuilt in the new order
        elif key == Qt.Key.Key_Escape:
            self.clear()
        else:
            return False
        return True
