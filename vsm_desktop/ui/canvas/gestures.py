"""Mouse gestures on the map, one object each: place, move, link, reconnect, lane resize, lane
reorder, pan.

A gesture lives from the press (or from being armed, like placing from the palette) until it
finishes or is cancelled. The view keeps at most one armed gesture and one drag, and only routes
mouse events to them; each gesture turns its outcome into one undo command and clears whatever
it drew (preview arrow, drop line, highlighted lane, cursor) when it ends either way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QLineF, QPoint, QPointF, Qt
from PySide6.QtWidgets import QGraphicsLineItem

from vsm_desktop.model import Connection, ConnectionKind, ElementKind
from vsm_desktop.model.flow_edits import End

from ..commands import (
    AddConnectionCommand,
    MoveElementsCommand,
    MoveLaneCommand,
    ReconnectCommand,
    UpdateLaneCommand,
)
from . import flow_drop
from .items import ConnectionItem, ConnectionPreviewItem, ElementItem

if TYPE_CHECKING:
    from .scene import MapScene
    from .view import MapView

MIN_LANE_HEIGHT = 60.0
MAX_LANE_HEIGHT = 5000.0
END_GRIP_RADIUS = 10.0  # how close to a selected arrow's end a press picks that end up
DRAG_THRESHOLD = 3.0  # a lane header pressed and released closer than this is a click
Z_DROP_LINE = 400.0


class Gesture:
    """start, move, finish and cancel; positions are in scene coordinates."""

    def __init__(self, view: MapView) -> None:
        self.view = view
        self.scene: MapScene = view.scene()

    def start(self, pos: QPointF) -> None:
        """The press that began it (armed gestures start without one)."""

    def move(self, pos: QPointF) -> None:
        """The pointer moved while the gesture runs."""

    def finish(self, pos: QPointF) -> None:
        """Release (drags) or the deciding click (armed gestures): make the edit."""
        self.cancel()

    def cancel(self) -> None:
        """End without an edit, leaving nothing drawn behind."""

    def say(self, text: str) -> None:
        self.view.status_message.emit(text)


class PlaceGesture(Gesture):
    """Palette click, then a click on the map: the element (or lane) goes there."""

    def __init__(self, view: MapView, kind: str) -> None:
        super().__init__(view)
        self.kind = kind

    def start(self, pos: QPointF) -> None:
        self.view.viewport().setCursor(Qt.CursorShape.CrossCursor)
        label = "lane" if self.kind == "lane" else ElementKind(self.kind).label
        self.say(f"Click where the {label} goes — Esc cancels")

    def finish(self, pos: QPointF) -> None:
        self.cancel()
        self.view.place(self.kind, pos)

    def cancel(self) -> None:
        self.view.viewport().unsetCursor()
        self.say("")


class MoveGesture(Gesture):
    """Dragging selected elements: Qt moves the items; the drop becomes one undo step.

    The lane under the dragged element lights up, since that is the lane it will belong to.
    """

    def start(self, pos: QPointF) -> None:
        self._start = {
            item.element_id: (item.element.x, item.element.y)
            for item in self.scene.selected_element_items()
        }

    def move(self, pos: QPointF) -> None:
        grabbed = self.scene.mouseGrabberItem()
        if self._start and isinstance(grabbed, ElementItem):
            lane = self.scene.document.lane_at(grabbed.pos().y())
            self.scene.highlight_lane(lane.id if lane is not None else None)
            flow_drop.show_drop_target(self.scene, self._drop_target(grabbed))

    def _drop_target(self, item: ElementItem) -> str | None:
        """The handover a lone element dragged here would go into."""
        if len(self._start) != 1:
            return None
        return flow_drop.drop_target_for(self.scene, item.element, item.outline_rect())

    def finish(self, pos: QPointF) -> None:
        self.scene.highlight_lane(None)
        flow_drop.show_drop_target(self.scene, None)
        if self._insert_into_handover():
            return
        scene = self.scene
        old, new, lanes = {}, {}, {}
        for element_id, old_position in self._start.items():
            item = scene.element_item(element_id)
            if item is None:
                continue
            position = (item.pos().x(), item.pos().y())
            if position == old_position:
                continue
            old[element_id], new[element_id] = old_position, position
            lane = scene.document.lane_at(position[1])
            if lane is not None:
                lanes[element_id] = lane.id
        if new:
            scene.undo_stack.push(MoveElementsCommand(scene.document, old, new, lanes))

    def _insert_into_handover(self) -> bool:
        """A lone unconnected element dropped on a handover goes into it (one undo step)."""
        item = self.scene.element_item(next(iter(self._start), None))
        if item is None or (item.pos().x(), item.pos().y()) == self._start[item.element_id]:
            return False
        connection_id = self._drop_target(item)
        if connection_id is None:
            return False
        lane = self.scene.document.lane_at(item.pos().y())
        position = (item.pos().x(), item.pos().y())
        command = flow_drop.insert_command(
            self.scene, connection_id, item.element, position, lane.id if lane else None
        )
        if command is None:
            return False
        self.scene.undo_stack.push(command)
        self.say(command.text())
        return True

    def cancel(self) -> None:
        """Esc during a drag: the elements go back to where the document has them."""
        self.scene.highlight_lane(None)
        flow_drop.show_drop_target(self.scene, None)
        grabbed = self.scene.mouseGrabberItem()
        if grabbed is not None:
            grabbed.ungrabMouse()
        for element_id in self._start:
            item = self.scene.element_item(element_id)
            if item is not None:
                item.sync_position()


class LinkGesture(Gesture):
    """An arrow from an element: dragged from its handle, or (by_click) to the next click."""

    def __init__(self, view: MapView, source_id: str, by_click: bool) -> None:
        super().__init__(view)
        self.source_id = source_id
        self.by_click = by_click
        self._preview: ConnectionPreviewItem | None = None

    def start(self, pos: QPointF) -> None:
        scene = self.scene
        source = scene.element_item(self.source_id)
        if source is None:
            return
        self._preview = ConnectionPreviewItem(scene)
        scene.addItem(self._preview)
        origin = source.mapToScene(source.handle_centre())
        self._preview.set_line(QLineF(origin, origin))
        name = source.element.display_name
        if self.by_click:
            self.say(f"Click the element the handover from '{name}' goes to — Esc cancels")
        else:
            self.say("Drop on the element the work goes to — Esc cancels")

    def move(self, pos: QPointF) -> None:
        source = self.scene.element_item(self.source_id)
        if source is None or self._preview is None:
            return
        origin = source.mapToScene(source.handle_centre())
        target = self.scene.element_at(pos)
        end = pos
        if target is not None and (target is source or not target.element.kind.in_flow):
            target = None
        if target is not None:
            end = target.mapToScene(target.side_point(right=False))
        self._light_target(target.element_id if target is not None else None)
        self._preview.set_line(QLineF(origin, end))

    def _light_target(self, element_id: str | None) -> None:
        """Light up the element the arrow would connect to."""
        scene = self.scene
        if element_id == scene.link_target_id:
            return
        for old_or_new in (scene.link_target_id, element_id):
            item = scene.element_item(old_or_new)
            if item is not None:
                item.update()
        scene.link_target_id = element_id

    def finish(self, pos: QPointF) -> None:
        scene = self.scene
        target = scene.element_at(pos)
        self._clear()
        if target is None or target.element_id == self.source_id:
            self.say("No connection made: drop the arrow on another element.")
            return
        source = scene.document.element(self.source_id)
        if not target.element.kind.in_flow or not source.kind.in_flow:
            self.say("Kaizen ideas and notes take no arrows; use their target.")
            return
        connection = Connection(
            kind=ConnectionKind.FLOW, source_id=self.source_id, target_id=target.element_id
        )
        scene.undo_stack.push(AddConnectionCommand(scene.document, connection))
        self.say("")

    def cancel(self) -> None:
        self._clear()
        self.say("")

    def _clear(self) -> None:
        self._light_target(None)
        if self._preview is not None:
            self.scene.removeItem(self._preview)
            self._preview = None


def reconnect_gesture_at(view: MapView, pos: QPointF) -> Gesture | None:
    """Pressing on an end of a selected connection picks that end up."""
    for item in view.scene().selectedItems():
        if not isinstance(item, ConnectionItem):
            continue
        start, end = item.end_points()
        for end_name, point in (("target", end), ("source", start)):
            if QLineF(pos, point).length() <= END_GRIP_RADIUS:
                return ReconnectGesture(view, item.connection_id, end_name)
    return None


class ReconnectGesture(LinkGesture):
    """Dragging one end of a connection: the arrow follows the pointer from its fixed end, the
    element under it lights up, and the drop moves that end there (one undo step)."""

    def __init__(self, view: MapView, connection_id: str, end: End) -> None:
        connection = view.scene().document.connection(connection_id)
        fixed = connection.target_id if end == "source" else connection.source_id
        super().__init__(view, fixed, by_click=False)
        self.connection_id = connection_id
        self.end = end

    def start(self, pos: QPointF) -> None:
        super().start(pos)
        item = self.scene.connection_item(self.connection_id)
        if item is not None:
            item.setVisible(False)  # the preview stands in for it while it is dragged
        self.move(pos)
        which = "start" if self.end == "source" else "end"
        self.say(f"Drop the {which} of the arrow on another element — Esc cancels")

    def move(self, pos: QPointF) -> None:
        scene = self.scene
        fixed = scene.element_item(self.source_id)  # LinkGesture's source: the end that stays
        if fixed is None or self._preview is None:
            return
        target = scene.element_at(pos)
        if target is not None and (target is fixed or not target.element.kind.in_flow):
            target = None
        self._light_target(target.element_id if target is not None else None)
        if self.end == "target":
            start = fixed.mapToScene(fixed.side_point(right=True))
            end = target.mapToScene(target.side_point(right=False)) if target else pos
        else:
            start = target.mapToScene(target.side_point(right=True)) if target else pos
            end = fixed.mapToScene(fixed.side_point(right=False))
        self._preview.set_line(QLineF(start, end))

    def finish(self, pos: QPointF) -> None:
        scene = self.scene
        target = scene.element_at(pos)
        self._clear()
        if target is None:
            self.say("The arrow stays as it was: drop its end on an element.")
            return
        try:
            command = ReconnectCommand(
                scene.document, self.connection_id, self.end, target.element_id
            )
        except ValueError as error:
            self.say(str(error))
            return
        if command.changes:
            scene.undo_stack.push(command)
            scene.status_message.emit(command.text())
        else:
            self.say("")

    def _clear(self) -> None:
        super()._clear()
        item = self.scene.connection_item(self.connection_id)
        if item is not None:
            item.setVisible(True)


class _LaneGesture(Gesture):
    """Dragging on a lane: a line shows where its edge (or the lane) will go."""

    def __init__(self, view: MapView, lane_id: str) -> None:
        super().__init__(view)
        self.lane_id = lane_id
        self._start_y = 0.0
        self._line: QGraphicsLineItem | None = None

    def start(self, pos: QPointF) -> None:
        self._start_y = pos.y()

    def _show_line(self, y: float) -> None:
        scene = self.scene
        if self._line is None:
            self._line = scene.addLine(0, y, scene.band_width, y, scene.canvas_style.lane_drop_pen)
            self._line.setZValue(Z_DROP_LINE)
        self._line.setLine(0, y, scene.band_width, y)

    def cancel(self) -> None:
        if self._line is not None:
            self.scene.removeItem(self._line)
            self._line = None

    def _moved(self, pos: QPointF) -> bool:
        return abs(pos.y() - self._start_y) >= DRAG_THRESHOLD


class LaneResizeGesture(_LaneGesture):
    """Dragging a lane's bottom edge sets its height."""

    def _height(self, pos: QPointF) -> float:
        top = self.scene.lane_item(self.lane_id).band_rect().top()
        return max(MIN_LANE_HEIGHT, min(MAX_LANE_HEIGHT, pos.y() - top))

    def move(self, pos: QPointF) -> None:
        top = self.scene.lane_item(self.lane_id).band_rect().top()
        self._show_line(top + self._height(pos))

    def finish(self, pos: QPointF) -> None:
        self.cancel()
        if not self._moved(pos):
            return
        document = self.scene.document
        lane = document.lane(self.lane_id)
        height = round(self._height(pos))
        if height != lane.height:
            self.scene.undo_stack.push(
                UpdateLaneCommand(
                    document, self.lane_id, {"height": float(height)}, f"Resize lane '{lane.name}'"
                )
            )


class LaneReorderGesture(_LaneGesture):
    """Dragging a lane's header moves the lane between others."""

    def start(self, pos: QPointF) -> None:
        super().start(pos)
        self.scene.clearSelection()

    def _insert_index(self, y: float) -> int:
        bands = self.scene.document.lane_bands()
        for index, band in enumerate(bands):
            if y < (band.top + band.bottom) / 2:
                return index
        return len(bands)

    def move(self, pos: QPointF) -> None:
        bands = self.scene.document.lane_bands()
        index = self._insert_index(pos.y())
        self._show_line(bands[index].top if index < len(bands) else bands[-1].bottom)

    def finish(self, pos: QPointF) -> None:
        self.cancel()
        if not self._moved(pos):
            self.view.lane_selection.select(self.lane_id)  # a click on the header picks it
            return
        document = self.scene.document
        old_index = next(i for i, lane in enumerate(document.lanes) if lane.id == self.lane_id)
        new_index = self._insert_index(pos.y())
        if new_index > old_index:
            new_index -= 1
        if new_index != old_index:
            self.scene.undo_stack.push(MoveLaneCommand(document, self.lane_id, new_index))
        self.view.lane_selection.select(self.lane_id)


class PanGesture(Gesture):
    """Middle button, or Space with the left button: the map follows the pointer."""

    def __init__(self, view: MapView, anchor: QPoint) -> None:
        super().__init__(view)
        self._anchor = anchor  # viewport pixels: scrolling moves the scene under the pointer

    def start(self, pos: QPointF) -> None:
        self.view.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)

    def drag_to(self, point: QPoint) -> None:
        delta = point - self._anchor
        self._anchor = point
        view = self.view
        view.horizontalScrollBar().setValue(view.horizontalScrollBar().value() - delta.x())
        view.verticalScrollBar().setValue(view.verticalScrollBar().value() - delta.y())

    def finish(self, pos: QPointF) -> None:
        self.cancel()

    def cancel(self) -> None:
        if self.view.space_held:
            self.view.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
        else:
            self.view.viewport().unsetCursor()


def drag_gesture_at(view: MapView, pos: QPointF) -> Gesture | None:
    """The gesture a left press at pos begins, other than moving the selection."""
    scene = view.scene()
    reconnect = reconnect_gesture_at(view, pos)
    if reconnect is not None:
        return reconnect
    element = scene.element_at(pos)
    if element is not None:
        if element.handle_contains(element.mapFromScene(pos)):
            return LinkGesture(view, element.element_id, by_click=False)
        return None
    for lane in scene.lane_items():
        if lane.on_bottom_edge(pos):
            return LaneResizeGesture(view, lane.lane_id)
    lane = scene.lane_item_at(pos)
    if lane is not None and lane.header_rect().contains(pos):
        return LaneReorderGesture(view, lane.lane_id)
    return None
