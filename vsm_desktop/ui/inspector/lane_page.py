"""The inspector's page for a lane picked by a click on its header: name, move, remove."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton

from ..commands import UpdateLaneCommand
from ..undo_history import UndoHistory, active_stack
from .editors import LineField
from .page import FormPage


def _name(text: str) -> str:
    name = text.strip()
    if not name:
        raise ValueError("A lane needs a name.")
    return name


class LanePage(FormPage):
    """Renames through the undo stack itself; moving and removing are the canvas's edits."""

    move_requested = Signal(str, int)  # lane id, -1 up / +1 down
    remove_requested = Signal(str)

    def __init__(self, document, undo_history: UndoHistory) -> None:
        super().__init__()
        self.document = document
        self._history = undo_history
        self.lane_id: str | None = None
        self.add(LineField("name", "Name", _name, str), "The team or function of this lane.")
        self.fields["name"].committed.connect(self._rename)
        buttons = QHBoxLayout()
        self.up_button = QPushButton("Move Up")
        self.down_button = QPushButton("Move Down")
        self.remove_button = QPushButton("Remove Lane…")
        self.up_button.setToolTip("Alt+Up on the map")
        self.down_button.setToolTip("Alt+Down on the map")
        self.remove_button.setToolTip("Delete on the map")
        for button in (self.up_button, self.down_button, self.remove_button):
            buttons.addWidget(button)
        self.form.addRow(buttons)
        self.up_button.clicked.connect(lambda: self._move(-1))
        self.down_button.clicked.connect(lambda: self._move(1))
        self.remove_button.clicked.connect(self._remove)

    def show_lane(self, lane_id: str) -> None:
        self.lane_id = lane_id
        lanes = [lane.id for lane in self.document.lanes]
        lane = self.document.lane(lane_id)
        members = sum(1 for e in self.document.elements() if e.lane_id == lane_id)
        self.set_heading("lane", lane.name, f"Lane {lanes.index(lane_id) + 1} of {len(lanes)}, "
                         f"{members} element{'s' if members != 1 else ''}")
        self.fields["name"].set_value(lane.name)
        self.up_button.setEnabled(lanes.index(lane_id) > 0)
        self.down_button.setEnabled(lanes.index(lane_id) < len(lanes) - 1)

    def _rename(self, name: str) -> None:
        if self.lane_id is None:
            return
        lane = self.document.lane(self.lane_id)
        if name != lane.name:
            active_stack(self._history).push(UpdateLaneCommand(
                self.document, self.lane_id, {"name": name},
                f"Rename lane '{lane.name}' to '{name}'",
            ))

    def _move(self, delta: int) -> None:
        if self.lane_id is not None:
            self.move_requested.emit(self.lane_id, delta)

    def _remove(self) -> None:
        if self.lane_id is not None:
            self.remove_requested.emit(self.lane_id)
