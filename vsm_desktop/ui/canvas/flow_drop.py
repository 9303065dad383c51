"""Dropping an element on a handover puts it into the flow: which arrow it lands on, the
highlight while dragging, and the undo command. MoveGesture and placing from the palette use it.

What is allowed and which part keeps the handover's delay is Qt-free in model/flow_edits.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QLineF, QRectF, Qt

from vsm_desktop.model import ConnectionKind, Element
from vsm_desktop.model.flow_edits import can_sit_inside_flow

from ..commands import InsertIntoConnectionCommand
from .items import ConnectionItem

if TYPE_CHECKING:
    from .scene import MapScene


def flow_connection_under(scene: MapScene, outline: QRectF, element_id: str) -> str | None:
    """The handover an element with this outline (scene coordinates) would be dropped into:
    of the flow arrows crossing it, the one passing closest to its centre."""
    centre = outline.center()
    best: tuple[float, str] | None = None
    for item in scene.items(outline, Qt.ItemSelectionMode.IntersectsItemShape):
        if not isinstance(item, ConnectionItem):
            continue
        connection = item.connection
        if connection.kind is not ConnectionKind.FLOW:
            continue
        if element_id in (connection.source_id, connection.target_id):
            continue
        start, end = item.end_points()
        distance = QLineF(centre, (start + end) / 2).length()
        if best is None or distance < best[0]:
            best = (distance, connection.id)
    return best[1] if best else None


def drop_target_for(scene: MapScene, element: Element, outline: QRectF) -> str | None:
    """The handover an element lands in when dropped there, or None (not a flow element, or
    it is connected already: moving a connected element only moves it)."""
    if not can_sit_inside_flow(element):
        return None
    if scene.is_connected(element.id):
        return None
    return flow_connection_under(scene, outline, element.id)


def insert_command(
    scene: MapScene,
    connection_id: str,
    element: Element,
    position: tuple[float, float] | None = None,
    lane_id: str | None = None,
) -> InsertIntoConnectionCommand | None:
    """The undo command for the drop, or None with the reason on the status bar."""
    try:
        return InsertIntoConnectionCommand(
            scene.document, connection_id, element, position, lane_id
        )
    except ValueError as error:
        scene.status_message.emit(str(error))
        return None


def show_drop_target(scene: MapScene, connection_id: str | None) -> None:
    """Light up the handover a dragged element would go into (and only that one)."""
    scene.set_drop_target(connection_id)
