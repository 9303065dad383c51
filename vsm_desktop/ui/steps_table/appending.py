"""Rows that join the map as steps: each after the row above it, in the lane typed (made if
new) or the lane of the row above, connected into the flow; several rows are one undo step."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QUndoStack

from ...model import Element, ElementKind, Lane, MapDocument
from ...model.flow_edits import spot_after
from ...model.layout import COLUMN_PITCH, DEFAULT_LANE_HEIGHT, FIRST_COLUMN_X
from ...model.step_rows import StepRow, lane_by_name
from ..commands import AppendStepCommand, UpdateLaneCommand


def append_rows(
    document: MapDocument,
    stack: QUndoStack,
    rows: Sequence[StepRow],
    previous_id: str | None,
    label: str | None,
) -> list[str]:
    """Push the rows as steps after ``previous_id``; the new elements' ids. ``label`` names the
    undo step of several rows (one row with a new lane name is a step of its own too)."""
    naming = _unused_first_lane(document, rows[0]) if rows else None
    grouped = bool(label) or naming is not None
    if grouped:
        stack.beginMacro(label or f"Add Step '{rows[0].fields['name']}'")
    ids = []
    try:
        if naming is not None:
            stack.push(naming)
        for row in rows:
            command = _append_command(document, row, previous_id)
            stack.push(command)
            previous_id = command.element_id
            ids.append(previous_id)
    finally:
        if grouped:
            stack.endMacro()
    return ids


def _unused_first_lane(document: MapDocument, row: StepRow) -> UpdateLaneCommand | None:
    """A blank map's one empty lane takes the first lane name typed, rather than staying
    behind as an empty band above the stream."""
    if len(document.lanes) != 1 or document.elements() or not row.lane_name:
        return None
    lane = document.lanes[0]
    if lane_by_name(document.lanes, row.lane_name) is not None:
        return None
    text = f"Rename lane '{lane.name}' to '{row.lane_name}'"
    return UpdateLaneCommand(document, lane.id, {"name": row.lane_name}, text)


def _append_command(
    document: MapDocument, row: StepRow, previous_id: str | None
) -> AppendStepCommand:
    previous = document.element(previous_id) if previous_id else None
    kind = row.fields.get("kind", ElementKind.STEP)
    new_lane = None
    if row.lane_name:
        lane = lane_by_name(document.lanes, row.lane_name)
        if lane is None:
            new_lane = Lane(name=row.lane_name, height=DEFAULT_LANE_HEIGHT)
        lane_id = lane.id if lane else new_lane.id
    elif previous is not None:
        lane_id = previous.lane_id
    else:
        lane_id = document.lanes[0].id if document.lanes else None
    if new_lane is not None:
        bottom = sum(lane.height for lane in document.lanes)
        x = previous.x + COLUMN_PITCH if previous else FIRST_COLUMN_X
        y = bottom + new_lane.height / 2
    else:
        ends = [
            e.id for e in document.elements() if e.kind is ElementKind.END
        ]  # an end makes room for the step (AppendStepCommand moves it)
        x, y = spot_after(document, previous, lane_id, kind, ignoring=ends)
    element = Element(lane_id=lane_id, x=x, y=y, **row.fields)
    return AppendStepCommand(document, element, previous_id, new_lane)
