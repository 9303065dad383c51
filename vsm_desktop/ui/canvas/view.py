"""The map view: where the map is edited with mouse and keyboard.

Every edit becomes one undo command on the stack given to the view; the scene then follows the
document's events. The window drives the view through its public methods (selection, clipboard,
placement, arranging, zoom, view options) and listens to its three signals.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QMimeData, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QContextMenuEvent,
    QGuiApplication,
    QKeySequence,
    QPainter,
    QUndoStack,
)
from PySide6.QtWidgets import QGraphicsView, QMenu, QWidget

from vsm_desktop.analysis.result import FlowAnalysis
from vsm_desktop.model import (
    Connection,
    ConnectionKind,
    Element,
    ElementKind,
    Lane,
    MapDocument,
    arranging,
    layout,
)

from ..commands import (
    AddConnectionCommand,
    AddElementsCommand,
    AddLaneCommand,
    MoveElementsCommand,
    MoveLaneCommand,
    RemoveItemsCommand,
    RemoveLaneCommand,
    UpdateConnectionCommand,
    UpdateElementsCommand,
    UpdateLaneCommand,
    count_phrase,
)
from ..undo_history import UndoHistory, active_stack
from . import clipboard, context_menus, flow_drop
from .canvas_actions import build_canvas_actions, update_enabled
from .editor import InlineEditor
from .gestures import (
    Gesture,
    LinkGesture,
    MoveGesture,
    PanGesture,
    PlaceGesture,
    drag_gesture_at,
)
from .items import ConnectionItem
from .scene import MapScene
from .style import STEP_SPACING, CanvasStyle, element_rect

PALETTE_MIME_TYPE = "application/x-vsm-palette"
PALETTE_KINDS = {kind.value for kind in ElementKind} | {"lane", "handover"}
MIN_ZOOM, MAX_ZOOM = 0.05, 4.0
# Below this zoom step names and data boxes stop being legible, so a map opens no smaller.
MIN_READABLE_ZOOM = 0.6
READABLE_ZOOM = 0.65
FIT_MARGIN = 20.0
ZOOM_STEP = 1.2
PASTE_OFFSET = 40.0
NUDGE = 10.0
PRESENTATION_SCALE = 1.3


class MapView(QGraphicsView):
    selection_changed = Signal()
    zoom_changed = Signal(float)
    status_message = Signal(str)

    def __init__(self, document: MapDocument, undo_history: UndoHistory, parent=None) -> None:
        super().__init__(parent)
        self._document = document
        self._history = undo_history
        self._map_scene = MapScene(document, undo_history, self)
        self.setScene(self._map_scene)
        self._selection_order: list[str] = []
        # At most one armed gesture (placing, linking by click) waiting for its click, and one
        # drag in progress; the mouse handlers below only route events to them.
        self._armed: Gesture | None = None
        self._drag: Gesture | None = None
        self._editor: InlineEditor | None = None
        self._paste_source: bytes | None = None
        self._paste_count = 0
        self.space_held = False  # Space + drag pans

        self.setRenderHints(
            QPainter.RenderHint.Antialiasing
            | QPainter.RenderHint.TextAntialiasing
            | QPainter.RenderHint.SmoothPixmapTransform
        )
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        self.setRubberBandSelectionMode(Qt.ItemSelectionMode.IntersectsItemShape)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setAcceptDrops(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.viewport().setMouseTracking(True)

        self._map_scene.selectionChanged.connect(self._on_selection_changed)
        self._map_scene.status_message.connect(self.status_message)
        self._map_scene.lane_rename_requested.connect(self.rename_lane)
        self._map_scene.about_to_rebuild.connect(self.cancel_gestures)
        self.actions = build_canvas_actions(self)
        update_enabled(self.actions, 0, False)
        QGuiApplication.clipboard().dataChanged.connect(self._refresh_paste)
        self._refresh_paste()

    # -- state the window reads -------------------------------------------------------------

    def scene(self) -> MapScene:
        return self._map_scene

    @property
    def document(self) -> MapDocument:
        return self._document

    @property
    def _undo_stack(self) -> QUndoStack:
        """The shown map state's history (the window passes its undo group)."""
        return active_stack(self._history)

    def selected_element_ids(self) -> list[str]:
        """Selected elements in the order they were selected (connect_selected uses it)."""
        return [i for i in self._selection_order if self._map_scene.element_item(i)]

    def selected_connection_ids(self) -> list[str]:
        return [
            item.connection_id
            for item in self._map_scene.selectedItems()
            if isinstance(item, ConnectionItem)
        ]

    def _on_selection_changed(self) -> None:
        selected = {item.element_id for item in self._map_scene.selected_element_items()}
        self._selection_order = [i for i in self._selection_order if i in selected]
        self._selection_order += [
            item.element_id
            for item in self._map_scene.selected_element_items()
            if item.element_id not in self._selection_order
        ]
        update_enabled(
            self.actions,
            len(self._selection_order),
            bool(self._selection_order or self.selected_connection_ids()),
        )
        self.selection_changed.emit()

    # -- selection ---------------------------------------------------------------------------

    def select_ids(self, ids) -> None:
        """Select exactly these elements/connections (ids of either) and bring them into view."""
        wanted = list(ids)
        self._map_scene.blockSignals(True)
        self._map_scene.clearSelection()
        items = []
        for item_id in wanted:
            item = self._map_scene.element_item(item_id) or self._map_scene.connection_item(item_id)
            if item is not None:
                item.setSelected(True)
                items.append(item)
        self._map_scene.blockSignals(False)
        self._selection_order = [i for i in wanted if self._map_scene.element_item(i)]
        self._on_selection_changed()
        if items:
            self.ensureVisible(items[0], 60, 60)

    def select_all(self) -> None:
        self.select_ids(
            [item.element_id for item in self._map_scene.element_items()]
            + [item.connection_id for item in self._map_scene.connection_items()]
        )

    # -- deleting, copying, pasting ----------------------------------------------------------

    def delete_selection(self, join: bool = True) -> None:
        """Delete; with join, what flowed into the deleted elements flows on past them."""
        element_ids = self.selected_element_ids()
        connection_ids = self.selected_connection_ids()
        if element_ids or connection_ids:
            command = RemoveItemsCommand(self._document, element_ids, connection_ids, join=join)
            self._undo_stack.push(command)
            self.status_message.emit(command.joined_text)

    def delete_without_joining(self) -> None:
        self.delete_selection(join=False)

    def copy_selection(self) -> bool:
        element_ids = self.selected_element_ids()
        if not element_ids:
            self.status_message.emit("Select the elements to copy first.")
            return False
        data = clipboard.serialize(self._document, element_ids)
        mime = QMimeData()
        mime.setData(clipboard.MIME_TYPE, data)
        mime.setText("\n".join(self._document.element(i).display_name for i in element_ids))
        QGuiApplication.clipboard().setMimeData(mime)
        return True

    def cut_selection(self) -> None:
        element_ids = self.selected_element_ids()
        if self.copy_selection():
            self._undo_stack.push(
                RemoveItemsCommand(
                    self._document, element_ids, (), text=f"Cut {count_phrase(len(element_ids))}"
                )
            )

    def paste(self) -> None:
        mime = QGuiApplication.clipboard().mimeData()
        if mime is None or not mime.hasFormat(clipboard.MIME_TYPE):
            self.status_message.emit("Nothing to paste: copy elements of a map first.")
            return
        data = bytes(mime.data(clipboard.MIME_TYPE))
        # Each paste of the same copy lands a little further away, so none hides another.
        self._paste_count = self._paste_count + 1 if data == self._paste_source else 1
        self._paste_source = data
        self._insert_copies(data, self._paste_count * PASTE_OFFSET, "Paste")

    def _refresh_paste(self) -> None:
        """Paste is offered while the clipboard holds copied map elements."""
        mime = QGuiApplication.clipboard().mimeData()
        self.actions["paste"].setEnabled(mime is not None and mime.hasFormat(clipboard.MIME_TYPE))

    def duplicate_selection(self) -> None:
        element_ids = self.selected_element_ids()
        if not element_ids:
            self.status_message.emit("Select the elements to duplicate first.")
            return
        self._insert_copies(
            clipboard.serialize(self._document, element_ids), PASTE_OFFSET, "Duplicate"
        )

    def _insert_copies(self, data: bytes, offset: float, verb: str) -> None:
        try:
            elements, connections = clipboard.deserialize(data, self._document, (offset, offset))
        except clipboard.ClipboardError as error:
            self.status_message.emit(str(error))
            return
        if not elements:
            return
        self._undo_stack.push(
            AddElementsCommand(
                self._document, elements, connections, text=f"{verb} {count_phrase(len(elements))}"
            )
        )
        self.select_ids([element.id for element in elements])

    # -- naming in place ---------------------------------------------------------------------

    def rename_selected(self) -> None:
        element_ids = self.selected_element_ids()
        if len(element_ids) == 1:
            self.rename_element(element_ids[0])
        else:
            self.status_message.emit("Select one element to rename it.")

    def rename_element(self, element_id: str, is_new: bool = False) -> None:
        """Open the in-place editor on an element's name; Enter commits one undo step."""
        item = self._map_scene.element_item(element_id)
        if item is None:
            return
        style = self._map_scene.style
        font = (
            style.small_font
            if item.element.kind in (ElementKind.KAIZEN, ElementKind.NOTE)
            else style.name_font
        )
        rect = item.name_rect()

        def done(text: str | None) -> None:
            self._editor = None
            self.setFocus()
            if text is None or not self._document.has_element(element_id):
                return
            element = self._document.element(element_id)
            if text == element.name:
                return
            self._undo_stack.push(
                UpdateElementsCommand(
                    self._document,
                    {element_id: {"name": text}},
                    f"Rename '{element.display_name}' to '{text}'",
                    names_new_element=is_new,
                )
            )
            self.select_ids([element_id])

        self._open_editor(item.element.name, rect, font, done)

    def rename_lane(self, lane_id: str) -> None:
        lane_item = self._map_scene.lane_item(lane_id)
        if lane_item is None:
            return
        header = lane_item.header_rect()
        rect = QRectF(header.left() + 10, header.top() + 10, header.width() - 20, 24)

        def done(text: str | None) -> None:
            self._editor = None
            self.setFocus()
            if not text or not any(lane.id == lane_id for lane in self._document.lanes):
                return
            lane = self._document.lane(lane_id)
            if text != lane.name:
                self._undo_stack.push(
                    UpdateLaneCommand(
                        self._document,
                        lane_id,
                        {"name": text},
                        f"Rename lane '{lane.name}' to '{text}'",
                    )
                )

        self._open_editor(
            self._document.lane(lane_id).name, rect, self._map_scene.style.lane_font, done
        )

    def _open_editor(self, text: str, rect: QRectF, font, done) -> None:
        if self._editor is not None:
            self._editor.finish(commit=True)
        self._editor = InlineEditor(text, rect, font, self._map_scene.style, done)
        self._map_scene.addItem(self._editor)
        self.ensureVisible(rect, 40, 40)
        self.setFocus()
        self._editor.start()

    def editor(self) -> InlineEditor | None:
        return self._editor

    # -- building a stream from the keyboard -------------------------------------------------

    def add_next_step(self) -> None:
        """Add a step after the selected element, connected, and open its name editor."""
        element_ids = self.selected_element_ids()
        if len(element_ids) != 1:
            self.status_message.emit("Select one element to add the next step after it.")
            return
        self._add_after(element_ids[0], ElementKind.STEP)

    def insert_element(self, kind: str) -> None:
        """Keyboard insertion: after the single selected element, else at the view centre."""
        element_kind = ElementKind(kind)
        element_ids = self.selected_element_ids()
        if len(element_ids) == 1:
            self._add_after(element_ids[0], element_kind)
            return
        centre = self.mapToScene(self.viewport().rect().center())
        self.create_element(element_kind, centre)

    def _add_after(self, previous_id: str, kind: ElementKind) -> None:
        previous = self._document.element(previous_id)
        x, y = self._free_spot_right_of(previous)
        element = Element(kind=kind, lane_id=previous.lane_id, x=x, y=y)
        connections = []
        if kind is ElementKind.KAIZEN or kind is ElementKind.NOTE:
            if kind is ElementKind.KAIZEN:
                element.target_id = previous_id
                element.y = y - (element_rect(previous.kind).height() / 2 + 50)
        elif previous.kind.in_flow and previous.kind is not ElementKind.END:
            connections.append(Connection(source_id=previous_id, target_id=element.id))
        self._undo_stack.push(AddElementsCommand(self._document, [element], connections))
        self.select_ids([element.id])
        self.rename_element(element.id, is_new=True)

    def _free_spot_right_of(self, element: Element) -> tuple[float, float]:
        """The next column to the right on the same line that no element occupies."""
        x = element.x + STEP_SPACING
        occupied = [
            (other.x, other.y, element_rect(other.kind))
            for other in self._document.elements()
            if other.id != element.id
        ]
        while any(
            abs(ox - x) < (rect.width() / 2 + 80) and abs(oy - element.y) < rect.height() / 2 + 40
            for ox, oy, rect in occupied
        ):
            x += STEP_SPACING
        return x, element.y

    def create_element(self, kind: ElementKind, position: QPointF, open_editor=True) -> str:
        position = self._map_scene.snapped(position)
        x = max(position.x(), layout.LANE_HEADER_WIDTH + element_rect(kind).width() / 2 + 10)
        lane = self._document.lane_at(position.y())
        element = Element(kind=kind, lane_id=lane.id if lane else None, x=x, y=position.y())
        target = self._map_scene.element_at(position)
        if kind is ElementKind.KAIZEN and target is not None:
            # An idea dropped on an element is about that element; it floats above it.
            element.target_id = target.element_id
            element.y = target.outline_rect().top() - element_rect(kind).height() / 2 - 16
            element.x = target.pos().x() + 40
        outline = element_rect(kind).translated(element.x, element.y)
        handover = flow_drop.drop_target_for(self._map_scene, element, outline)
        command = handover and flow_drop.insert_command(self._map_scene, handover, element)
        self._undo_stack.push(command or AddElementsCommand(self._document, [element]))
        self.select_ids([element.id])
        if open_editor:
            self.rename_element(element.id, is_new=True)
        return element.id

    def connect_selected(self) -> None:
        element_ids = self.selected_element_ids()
        if len(element_ids) != 2:
            self.status_message.emit("Select two elements, in flow order, to connect them.")
            return
        source_id, target_id = element_ids
        for element_id in element_ids:
            if not self._document.element(element_id).kind.in_flow:
                self.status_message.emit("Kaizen ideas and notes take no arrows.")
                return
        if target_id in self._document.flow_successors(source_id):
            self.status_message.emit("Those elements are already connected.")
            return
        connection = Connection(source_id=source_id, target_id=target_id)
        self._undo_stack.push(AddConnectionCommand(self._document, connection))

    def start_handover_from_selection(self) -> None:
        """Handover from the one selected element; the next click picks where it goes."""
        selected = self.selected_element_ids()
        if len(selected) == 1:
            self.start_handover_from(selected[0])
        else:
            self.status_message.emit(
                "Select the element the handover starts from, then choose Handover — or drag "
                "Handover from the palette onto it."
            )

    def start_handover_from(self, element_id: str) -> None:
        if not self._document.has_element(element_id):
            return
        self._arm(LinkGesture(self, element_id, by_click=True))
        self.setFocus()

    # -- placing from the palette ------------------------------------------------------------

    def start_placement(self, kind: str) -> None:
        if kind not in PALETTE_KINDS - {"handover"}:
            raise ValueError(f"cannot place '{kind}'")
        self._arm(PlaceGesture(self, kind))

    def _arm(self, gesture: Gesture) -> None:
        """A gesture that waits for the next click on the map (Esc cancels it)."""
        self.cancel_modes()
        self._armed = gesture
        gesture.start(QPointF())
        self.setFocus()

    def cancel_gestures(self) -> None:
        """Esc: the armed gesture and any drag in progress end without an edit."""
        self.cancel_modes()
        drag, self._drag = self._drag, None
        if drag is not None:
            drag.cancel()

    @property
    def gesture_armed(self) -> bool:
        return self._armed is not None

    def cancel_modes(self) -> None:
        armed, self._armed = self._armed, None
        if armed is not None:
            armed.cancel()

    def place(self, kind: str, scene_pos: QPointF) -> None:
        if kind == "lane":
            self.add_lane_at(scene_pos.y())
        elif kind == "handover":
            target = self._map_scene.element_at(scene_pos)
            if target is None or not target.element.kind.in_flow:
                self.status_message.emit(
                    "Drop the handover on the element the work comes from, then click the "
                    "element it goes to."
                )
                return
            self.start_handover_from(target.element_id)
        else:
            self.create_element(ElementKind(kind), scene_pos)

    def add_lane_at(self, y: float) -> None:
        bands = self._document.lane_bands()
        index = next(
            (i + 1 for i, band in enumerate(bands) if band.top <= y < band.bottom), len(bands)
        )
        if bands and y < bands[0].top:
            index = 0
        lane = Lane(name=f"Team {len(bands) + 1}", height=layout.DEFAULT_LANE_HEIGHT)
        self._undo_stack.push(AddLaneCommand(self._document, lane, index))
        self.rename_lane(lane.id)

    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasFormat(PALETTE_MIME_TYPE):
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event) -> None:
        if event.mimeData().hasFormat(PALETTE_MIME_TYPE):
            event.acceptProposedAction()
        else:
            super().dragMoveEvent(event)

    def dropEvent(self, event) -> None:
        if not event.mimeData().hasFormat(PALETTE_MIME_TYPE):
            super().dropEvent(event)
            return
        kind = bytes(event.mimeData().data(PALETTE_MIME_TYPE)).decode("utf-8", "replace")
        if kind not in PALETTE_KINDS:
            self.status_message.emit(f"'{kind}' is not something that can be placed on a map.")
            event.ignore()
            return
        event.acceptProposedAction()
        self.place(kind, self.mapToScene(event.position().toPoint()))

    # -- arranging ---------------------------------------------------------------------------

    def _push_positions(self, positions: dict[str, tuple[float, float]], text: str) -> None:
        """One undo step that moves elements (lanes following their new bands)."""
        old = {i: (self._document.element(i).x, self._document.element(i).y) for i in positions}
        moved = {i: p for i, p in positions.items() if p != old[i]}
        if not moved:
            return
        lanes = {}
        if self._document.lanes:
            lanes = {i: self._document.lane_at(p[1]).id for i, p in moved.items()}
        self._undo_stack.push(
            MoveElementsCommand(self._document, {i: old[i] for i in moved}, moved, lanes, text=text)
        )

    def align_selection(self, edge: str) -> None:
        elements = [self._document.element(i) for i in self.selected_element_ids()]
        if edge not in arranging.ALIGN_EDGES:
            raise ValueError(f"unknown edge '{edge}'")
        if len(elements) < 2:
            self.status_message.emit("Select two or more elements to align them.")
            return
        positions = arranging.aligned_positions(elements, edge)
        self._push_positions(positions, f"Align {count_phrase(len(elements))}")

    def distribute_selection(self, axis: str) -> None:
        if axis not in arranging.DISTRIBUTE_AXES:
            raise ValueError(f"unknown axis '{axis}'")
        elements = [self._document.element(i) for i in self.selected_element_ids()]
        if len(elements) < 3:
            self.status_message.emit("Select three or more elements to distribute them.")
            return
        positions = arranging.distributed_positions(elements, axis)
        self._push_positions(positions, f"Distribute {count_phrase(len(elements))}")

    def auto_layout(self) -> None:
        """Lay the whole map out along the flow, lanes grown to fit: one undo step."""
        if not self._document.elements():
            return
        planned = layout.laid_out(self._document.to_map())
        heights = {
            lane.id: lane.height
            for lane in planned.lanes
            if lane.height != self._document.lane(lane.id).height
        }
        positions = {e.id: (e.x, e.y) for e in planned.elements}
        current = {e.id: (e.x, e.y) for e in self._document.elements()}
        if not heights and positions == current:
            self.status_message.emit("The map is already laid out.")
            return
        self._undo_stack.beginMacro("Auto layout")
        for lane_id, height in heights.items():
            self._undo_stack.push(
                UpdateLaneCommand(self._document, lane_id, {"height": height}, "Resize lane")
            )
        # Positions are read after the lanes have grown, so undo puts everything back exactly.
        self._push_positions(positions, "Auto layout")
        self._undo_stack.endMacro()
        self.zoom_to_fit()

    # -- lanes -------------------------------------------------------------------------------

    def move_lane(self, lane_id: str, delta: int) -> None:
        index = next(i for i, lane in enumerate(self._document.lanes) if lane.id == lane_id)
        new_index = index + delta
        if 0 <= new_index < len(self._document.lanes):
            self._undo_stack.push(MoveLaneCommand(self._document, lane_id, new_index))

    def remove_lane(self, lane_id: str) -> None:
        """Remove a lane; if it holds elements, ask whether to move or delete them."""
        from vsm_desktop.ui.dialogs import dialogs

        lane = self._document.lane(lane_id)
        members = [e for e in self._document.elements() if e.lane_id == lane_id]
        move_to = None
        if members:
            others = [
                (other.id, other.name) for other in self._document.lanes if other.id != lane_id
            ]
            answer = dialogs.ask_lane_removal(self, lane.name, len(members), others)
            if answer is None:
                return
            action, move_to = answer
            if action == "move" and move_to is None:
                return
            if action != "move":
                move_to = None
        self._undo_stack.push(RemoveLaneCommand(self._document, lane_id, move_to))

    # -- connections -------------------------------------------------------------------------

    def set_connection_kind(self, connection_id: str, kind: ConnectionKind) -> None:
        connection = self._document.connection(connection_id)
        if connection.kind is kind:
            return
        self._undo_stack.push(
            UpdateConnectionCommand(
                self._document,
                connection_id,
                {"kind": kind},
                f"Make connection a {kind.label.lower()}",
            )
        )

    # -- zoom and view options ---------------------------------------------------------------

    def zoom(self) -> float:
        return self.transform().m11()

    def set_zoom(self, factor: float) -> None:
        factor = max(MIN_ZOOM, min(MAX_ZOOM, factor))
        current = self.zoom()
        if abs(factor - current) < 1e-6:
            return
        self.scale(factor / current, factor / current)
        self.zoom_changed.emit(self.zoom())

    def zoom_in(self) -> None:
        self.set_zoom(self.zoom() * ZOOM_STEP)

    def zoom_out(self) -> None:
        self.set_zoom(self.zoom() / ZOOM_STEP)

    def reset_zoom(self) -> None:
        self.set_zoom(1.0)

    def _fit_factor(self, rect: QRectF) -> float:
        viewport = self.viewport().rect()
        return min(viewport.width() / rect.width(), viewport.height() / rect.height(), 1.5)

    def zoom_to_fit(self) -> None:
        """The overview: the whole map, however small that makes it."""
        rect = self._map_scene.content_rect()
        if rect.isEmpty():
            self.reset_zoom()
            return
        rect = rect.adjusted(-FIT_MARGIN, -FIT_MARGIN, FIT_MARGIN, FIT_MARGIN)
        self.set_zoom(self._fit_factor(rect))
        self.centerOn(rect.center())

    def zoom_to_open(self) -> None:
        """How a map opens: whole when it fits at a readable zoom, else readable from its start.

        Fitted to a projector, a real map is a quarter size: names unreadable and the data
        boxes hidden by level of detail. Past that point it opens at READABLE_ZOOM at the top
        left, where the flow begins with the customer request; Fit Map still gives the overview.
        """
        rect = self._map_scene.content_rect()
        if rect.isEmpty():
            self.reset_zoom()
            return
        rect = rect.adjusted(-FIT_MARGIN, -FIT_MARGIN, FIT_MARGIN, FIT_MARGIN)
        if self._fit_factor(rect) >= MIN_READABLE_ZOOM:
            self.zoom_to_fit()
            return
        self.set_zoom(READABLE_ZOOM)
        viewport = self.viewport().rect()
        width, height = viewport.width() / READABLE_ZOOM, viewport.height() / READABLE_ZOOM
        shown = QRectF(rect.left(), rect.top(), width, height)
        start = self._first_start_rect()
        if start is not None and not shown.contains(start):
            # Lanes below the first screen: bring the customer request in, keeping the left edge.
            shown.moveTop(min(start.center().y() - height / 2, rect.bottom() - height))
            shown.moveTop(max(shown.top(), rect.top()))
        self.centerOn(shown.center())

    def _first_start_rect(self) -> QRectF | None:
        """The customer request that begins the flow (the top-left one if there are several)."""
        starts = [
            item
            for item in self._map_scene.element_items()
            if item.element.kind is ElementKind.START
        ]
        if not starts:
            return None
        first = min(starts, key=lambda item: (item.pos().x(), item.pos().y()))
        return first.sceneBoundingRect()

    def set_snap_to_grid(self, enabled: bool) -> None:
        self._map_scene.snap_to_grid = enabled

    def set_critical_path_visible(self, visible: bool) -> None:
        self._map_scene.set_critical_path_visible(visible)

    def set_wait_shading(self, enabled: bool) -> None:
        self._map_scene.set_wait_shading(enabled)

    def set_analysis(self, result: FlowAnalysis | None) -> None:
        self._map_scene.set_analysis(result)

    def set_presentation_mode(self, enabled: bool) -> None:
        self._map_scene.set_style(CanvasStyle(scale=PRESENTATION_SCALE if enabled else 1.0))

    # -- mouse and keyboard ------------------------------------------------------------------

    def wheelEvent(self, event) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120
            if steps:
                self.set_zoom(self.zoom() * ZOOM_STEP**steps)
            event.accept()
            return
        super().wheelEvent(event)

    def _scene_pos(self, event) -> QPointF:
        return self.mapToScene(event.position().toPoint())

    def mousePressEvent(self, event) -> None:
        left = event.button() == Qt.MouseButton.LeftButton
        if event.button() == Qt.MouseButton.MiddleButton or (self.space_held and left):
            self._drag = PanGesture(self, event.position().toPoint())
            self._drag.start(self._scene_pos(event))
            event.accept()
            return
        if self._armed is not None:
            armed, self._armed = self._armed, None
            if left:
                armed.finish(self._scene_pos(event))
            else:
                armed.cancel()
            event.accept()
            return
        drag = drag_gesture_at(self, self._scene_pos(event)) if left else None
        if drag is not None:
            self._drag = drag
            drag.start(self._scene_pos(event))
            event.accept()
            return
        super().mousePressEvent(event)  # selection, rubber band, Qt's item dragging
        if left:
            self._drag = MoveGesture(self)
            self._drag.start(self._scene_pos(event))

    def mouseMoveEvent(self, event) -> None:
        drag = self._drag
        if isinstance(drag, PanGesture):
            drag.drag_to(event.position().toPoint())
        elif drag is not None and not isinstance(drag, MoveGesture):
            drag.move(self._scene_pos(event))
        elif self._armed is not None and isinstance(self._armed, LinkGesture):
            self._armed.move(self._scene_pos(event))
        else:
            super().mouseMoveEvent(event)
            if drag is not None:
                drag.move(self._scene_pos(event))
            return
        event.accept()

    def mouseReleaseEvent(self, event) -> None:
        drag, self._drag = self._drag, None
        if drag is not None and not isinstance(drag, MoveGesture):
            drag.finish(self._scene_pos(event))
            event.accept()
            return
        super().mouseReleaseEvent(event)
        if drag is not None:
            drag.finish(self._scene_pos(event))

    def mouseDoubleClickEvent(self, event) -> None:
        scene_pos = self.mapToScene(event.position().toPoint())
        item = self._map_scene.element_at(scene_pos)
        if item is not None and event.button() == Qt.MouseButton.LeftButton:
            self.select_ids([item.element_id])
            self.rename_element(item.element_id)
            event.accept()
            return
        arrow = self.connection_at(scene_pos)
        if arrow is not None and event.button() == Qt.MouseButton.LeftButton:
            self.select_ids([arrow.connection_id])
            self.edit_connection_label(arrow.connection_id)
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    def connection_at(self, scene_pos: QPointF) -> ConnectionItem | None:
        return next(
            (item for item in self._map_scene.items(scene_pos) if isinstance(item, ConnectionItem)),
            None,
        )

    def edit_connection_label(self, connection_id: str) -> None:
        """Name what is handed over ("Board submission") right on the arrow."""
        item = self._map_scene.connection_item(connection_id)
        if item is None:
            return
        start, end = item.end_points()
        middle = (start + end) / 2
        rect = QRectF(middle.x() - 80, middle.y() - 12, 160, 24)

        def done(text: str | None) -> None:
            self._editor = None
            self.setFocus()
            if text is None or not self._document.has_connection(connection_id):
                return
            if text != self._document.connection(connection_id).label:
                self._undo_stack.push(
                    UpdateConnectionCommand(
                        self._document, connection_id, {"label": text}, "Label connection"
                    )
                )

        label = self._document.connection(connection_id).label
        self._open_editor(label, rect, self._map_scene.style.small_font, done)

    def _editing_text(self) -> bool:
        return self._editor is not None and not self._editor.finished

    def event(self, event) -> bool:
        # While the in-place editor is open, its keys must not trigger the window's shortcuts
        # (Delete would delete the element instead of a character).
        if event.type() == QEvent.Type.ShortcutOverride and self._editing_text():
            plain = not event.modifiers() & (
                Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
            )
            if plain or any(event.matches(key) for key in _EDITOR_KEYS):
                event.accept()
                return True
        return super().event(event)

    def keyPressEvent(self, event) -> None:
        if self._editing_text():
            super().keyPressEvent(event)
            return
        key = event.key()
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if key == Qt.Key.Key_Escape:
            if self._armed is not None or self._drag is not None:
                self.cancel_gestures()
            else:
                self._map_scene.clearSelection()
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and not modifiers:
            self.delete_selection()
        elif key == Qt.Key.Key_Delete and modifiers == Qt.KeyboardModifier.ShiftModifier:
            self.delete_without_joining()
        elif key == Qt.Key.Key_F2:
            self.rename_selected()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not modifiers:
            self.add_next_step()
        elif key == Qt.Key.Key_Space and not event.isAutoRepeat():
            self.space_held = True
            self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
        elif key in _NUDGES and self.selected_element_ids():
            dx, dy = _NUDGES[key]
            step = 1.0 if modifiers & Qt.KeyboardModifier.ShiftModifier else NUDGE
            self._push_positions(
                {
                    i: (
                        self._document.element(i).x + dx * step,
                        self._document.element(i).y + dy * step,
                    )
                    for i in self.selected_element_ids()
                },
                f"Move {count_phrase(len(self.selected_element_ids()))}",
            )
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def keyReleaseEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self.space_held = False
            if not isinstance(self._drag, PanGesture):
                self.viewport().unsetCursor()
        super().keyReleaseEvent(event)

    def focusOutEvent(self, event) -> None:
        self.space_held = False
        super().focusOutEvent(event)

    # -- context menus -----------------------------------------------------------------------

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = self.build_context_menu(self.mapToScene(event.pos()))
        if menu is not None and not menu.isEmpty():
            menu.exec(event.globalPos())

    def build_context_menu(self, scene_pos: QPointF) -> QMenu:
        """The menu for what is under scene_pos: an element, an arrow, a lane or empty canvas."""
        return context_menus.build(self, scene_pos)

    def align_menu(self, parent: QWidget) -> QMenu:
        return context_menus.align_menu(self.actions, parent)

    def distribute_menu(self, parent: QWidget) -> QMenu:
        return context_menus.distribute_menu(self.actions, parent)


# Standard keys the in-place editor keeps for itself while it is open.
_EDITOR_KEYS = (
    QKeySequence.StandardKey.Copy,
    QKeySequence.StandardKey.Cut,
    QKeySequence.StandardKey.Paste,
    QKeySequence.StandardKey.SelectAll,
    QKeySequence.StandardKey.Undo,
    QKeySequence.StandardKey.Redo,
)

_NUDGES = {
    Qt.Key.Key_Left: (-1, 0),
    Qt.Key.Key_Right: (1, 0),
    Qt.Key.Key_Up: (0, -1),
    Qt.Key.Key_Down: (0, 1),
}
