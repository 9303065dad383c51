"""The map view: where the map is edited with mouse and keyboard.

Every edit becomes one undo command on the stack given to the view; the scene then follows the
document's events. The window drives the view through its public methods (selection, clipboard,
placement, arranging, zoom, view options) and listens to its three signals.
"""

from __future__ import annotations

from types import EllipsisType
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPointF, Qt, Signal
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
    Element,
    ElementKind,
    Lane,
    MapDocument,
    layout,
)
from vsm_desktop.model.lane_names import new_lane_name

from ..commands import (
    AddLaneCommand,
    RemoveItemsCommand,
    count_phrase,
)
from ..undo_history import UndoHistory, active_stack
from . import context_menus, flow_drop
from .canvas_actions import build_canvas_actions, update_enabled
from .copy_paste import CopyPaste
from .editor import InlineEditor
from .gestures import (
    Gesture,
    LinkGesture,
    MoveGesture,
    PanGesture,
    PlaceGesture,
    drag_gesture_at,
)
from .inserting import Inserting
from .items import ConnectionItem, ElementItem
from .items.connection import raise_selected_arrows
from .items.ladder import LaidOutLadder
from .lane_selection import LaneSelection
from .map_edits import MapEdits
from .naming import InPlaceNaming
from .scene import MapScene
from .style import CanvasStyle, element_rect
from .zooming import ZoomingView

if TYPE_CHECKING:
    from vsm_desktop.analysis.constraint import Constraint

PALETTE_MIME_TYPE = "application/x-vsm-palette"
PALETTE_KINDS = {kind.value for kind in ElementKind} | {"lane", "handover"}
NUDGE = 10.0
PRESENTATION_SCALE = 1.3
# Read from the back of a room: no text under 11 px on screen, the zoomed-out summaries 13 px.
PRESENTED_MIN_PX = 11.0
PRESENTED_SUMMARY_PX = 13.0


class MapView(ZoomingView):
    selection_changed = Signal()
    lane_selected = Signal(object)  # a lane id, or None when no lane is picked
    status_message = Signal(str)

    def __init__(self, document: MapDocument, undo_history: UndoHistory, parent=None) -> None:
        super().__init__(parent)
        self._document = document
        self._history = undo_history
        self._map_scene = MapScene(document, undo_history, self)
        self.setScene(self._map_scene)
        self._selection_order: list[str] = []
        self._selected_connections: list[str] = []
        self._raised_arrows: dict[str, ConnectionItem] = {}  # drawn above the elements
        # At most one armed gesture (placing, linking by click) waiting for its click, and one
        # drag in progress; the mouse handlers below only route events to them.
        self._armed: Gesture | None = None
        self._drag: Gesture | None = None
        self.naming = InPlaceNaming(self)
        self.copy_paste = CopyPaste(self)
        self.edits = MapEdits(self)
        self.inserting = Inserting(self)
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

        self.lane_selection = LaneSelection(self)
        self._map_scene.selectionChanged.connect(self._on_selection_changed)
        self._map_scene.status_message.connect(self.status_message)
        self._map_scene.lane_rename_requested.connect(self.rename_lane)
        self._map_scene.about_to_rebuild.connect(self.cancel_gestures)
        self.actions = build_canvas_actions(self)
        update_enabled(self.actions, 0, False)
        self.lane_selected.connect(self._update_actions)
        # Connected to a slot of the view, so Qt disconnects it when the view goes.
        QGuiApplication.clipboard().dataChanged.connect(self._refresh_paste)
        self._refresh_paste()

    def _refresh_paste(self) -> None:
        self.copy_paste.refresh_paste()

    # -- state the window reads -------------------------------------------------------------

    def scene(self) -> MapScene:
        return self._map_scene

    @property
    def document(self) -> MapDocument:
        return self._document

    @property
    def undo_stack(self) -> QUndoStack:
        """The shown map state's history (the window passes its undo group)."""
        return active_stack(self._history)

    def selected_element_ids(self) -> list[str]:
        """Selected elements in the order they were selected (connect_selected uses it)."""
        return [i for i in self._selection_order if self._map_scene.element_item(i)]

    def selected_connection_ids(self) -> list[str]:
        """Selected arrows, as read at the last change of the selection (asking the scene
        wraps every selected item: 11,000 of them after Select All on 5,000 elements)."""
        return [i for i in self._selected_connections if self._map_scene.connection_item(i)]

    def _on_selection_changed(self) -> None:
        """Qt changed the selection (a click, the rubber band): read the scene's once."""
        items = self._map_scene.selectedItems()  # once: the window asks for both kinds
        self._follow_selection(
            [item for item in items if isinstance(item, ElementItem)],
            [item for item in items if isinstance(item, ConnectionItem)],
        )

    def _follow_selection(self, elements: list[ElementItem], arrows: list[ConnectionItem]) -> None:
        if elements or arrows:
            self.lane_selection.clear()  # elements or arrows picked: the lane lets go
        self._selected_connections = [item.connection_id for item in arrows]
        self._raised_arrows = raise_selected_arrows(self._raised_arrows, arrows)
        # Kept in the order picked; the newly picked follow in the scene's order (sets, not
        # list lookups: selecting all of 5,000 elements took a quarter of a second here).
        selected = [item.element_id for item in elements]
        chosen = set(selected)
        kept = [i for i in self._selection_order if i in chosen]
        known = set(kept)
        self._selection_order = kept + [i for i in selected if i not in known]
        self._update_actions()
        self.selection_changed.emit()

    def _update_actions(self, _lane_id: object = None) -> None:
        """What the picked elements, arrows or lane allow (Delete and Rename act on a lane)."""
        update_enabled(
            self.actions,
            len(self._selection_order),
            bool(self._selection_order or self.selected_connection_ids()),
            lane_picked=self.lane_selection.lane_id is not None,
        )

    # -- selection ---------------------------------------------------------------------------

    def select_ids(self, ids) -> None:
        """Select exactly these elements/connections (ids of either) and bring them into view."""
        scene, wanted = self._map_scene, list(ids)
        elements = [item for item in map(scene.element_item, wanted) if item is not None]
        arrows = [item for item in map(scene.connection_item, wanted) if item is not None]
        first = next(filter(None, (scene.element_item(i) or scene.connection_item(i)
                                   for i in wanted)), None)
        self._select_items(elements, arrows, first)

    def select_all(self) -> None:
        elements = self._map_scene.element_items()
        self._select_items(elements, self._map_scene.connection_items(), next(iter(elements), None))

    def _select_items(self, elements: list[ElementItem], arrows: list[ConnectionItem],
                      first: ElementItem | ConnectionItem | None) -> None:
        """Select exactly these items, the elements in this order, and show the first. The
        selection is followed from the items given, not read back from the scene (at 5,000
        elements asking the scene and sorting its 11,000 answers took a fifth of Select All)."""
        self._map_scene.blockSignals(True)
        self._map_scene.clearSelection()
        for item in (*elements, *arrows):
            item.setSelected(True)
        self._map_scene.blockSignals(False)
        self._selection_order = []  # exactly these, in the order given
        self._follow_selection(elements, arrows)
        if first is not None:
            self.ensureVisible(first, 60, 60)

    # -- deleting, copying, pasting ----------------------------------------------------------

    def delete_selection(self, join: bool = True) -> None:
        """Delete; with join, what flowed into the deleted elements flows on past them."""
        element_ids = self.selected_element_ids()
        connection_ids = self.selected_connection_ids()
        if element_ids or connection_ids:
            command = RemoveItemsCommand(self._document, element_ids, connection_ids, join=join)
            self.undo_stack.push(command)
            self.status_message.emit(command.joined_text)
        elif (lane_id := self.lane_selection.lane_id) is not None:
            self.lane_selection.clear()
            self.edits.remove_lane(lane_id)  # asks about its elements, as its menu does

    def delete_without_joining(self) -> None:
        self.delete_selection(join=False)

    # -- naming in place ---------------------------------------------------------------------

    def rename_selected(self) -> None:
        element_ids = self.selected_element_ids()
        if len(element_ids) == 1:
            self.rename_element(element_ids[0])
        elif not element_ids and self.lane_selection.lane_id is not None:
            self.rename_lane(self.lane_selection.lane_id)
        else:
            self.status_message.emit("Select one element to rename it.")

    def rename_element(self, element_id: str, is_new: bool = False) -> None:
        self.naming.rename_element(element_id, is_new)

    def rename_lane(self, lane_id: str) -> None:
        self.naming.rename_lane(lane_id)

    def edit_connection_label(self, connection_id: str) -> None:
        self.naming.edit_connection_label(connection_id)

    def editor(self) -> InlineEditor | None:
        return self.naming.editor

    # -- building a stream from the keyboard (inserting.py) ------------------------------------

    def insert_element(self, kind: str) -> None:
        self.inserting.insert_element(kind)

    def create_element(self, kind: ElementKind, position: QPointF, open_editor=True) -> str:
        return self.inserting.create_element(kind, position, open_editor)

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
        lane = Lane(name=new_lane_name(self._document.lanes), height=layout.DEFAULT_LANE_HEIGHT)
        self.undo_stack.push(AddLaneCommand(self._document, lane, index))
        self.rename_lane(lane.id)

    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasFormat(PALETTE_MIME_TYPE):
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event) -> None:
        if event.mimeData().hasFormat(PALETTE_MIME_TYPE):
            event.acceptProposedAction()
            self._show_palette_drop_target(event)
        else:
            super().dragMoveEvent(event)

    def _show_palette_drop_target(self, event) -> None:
        """A step, queue or approval dragged over a handover lights it up: it goes in there."""
        kind = bytes(event.mimeData().data(PALETTE_MIME_TYPE)).decode("utf-8", "replace")
        target = None
        if kind in {k.value for k in ElementKind}:
            centre = self.mapToScene(event.position().toPoint())
            outline = element_rect(ElementKind(kind)).translated(centre)
            target = flow_drop.drop_target_for(self._map_scene, Element(kind=kind), outline)
        flow_drop.show_drop_target(self._map_scene, target)

    def dragLeaveEvent(self, event) -> None:
        flow_drop.show_drop_target(self._map_scene, None)
        super().dragLeaveEvent(event)

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
        flow_drop.show_drop_target(self._map_scene, None)
        self.place(kind, self.mapToScene(event.position().toPoint()))

    # -- zoom and view options ---------------------------------------------------------------

    def set_snap_to_grid(self, enabled: bool) -> None:
        self._map_scene.snap_to_grid = enabled

    def set_critical_path_visible(self, visible: bool) -> None:
        self._map_scene.set_critical_path_visible(visible)

    def set_wait_shading(self, enabled: bool) -> None:
        self._map_scene.set_wait_shading(enabled)

    def set_criticality(self, shares: dict[str, float] | None) -> None:
        self._map_scene.set_criticality(shares)

    def set_criticality_visible(self, visible: bool) -> None:
        self._map_scene.set_criticality_visible(visible)

    def set_analysis(
        self,
        result: FlowAnalysis | None,
        ladder: LaidOutLadder | None = None,
        constraint: Constraint | None | EllipsisType = ...,
    ) -> None:
        self._map_scene.set_analysis(result, ladder, constraint)

    @property
    def ladder_right(self) -> float:
        return self._map_scene.ladder_right

    def set_presentation_mode(self, enabled: bool) -> None:
        if enabled:
            style = CanvasStyle(scale=PRESENTATION_SCALE, min_text_px=PRESENTED_MIN_PX,
                                summary_px=PRESENTED_SUMMARY_PX)
        else:
            style = CanvasStyle()
        self._map_scene.set_style(style)
        self._map_scene.set_ladder_wanted(not enabled)
        self.fit_on_resize = enabled
        # The whole map on the screen (the overview hides itself then): no scroll bars.
        policy = (Qt.ScrollBarPolicy.ScrollBarAlwaysOff if enabled
                  else Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setHorizontalScrollBarPolicy(policy)
        self.setVerticalScrollBarPolicy(policy)

    # -- mouse and keyboard ------------------------------------------------------------------

    def _scene_pos(self, event) -> QPointF:
        return self.mapToScene(event.position().toPoint())

    def mousePressEvent(self, event) -> None:
        left = event.button() == Qt.MouseButton.LeftButton
        if left:
            self.lane_selection.clear()  # a click on its header picks it again
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

    def _editing_text(self) -> bool:
        return self.naming.editing

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
        if self.lane_selection.handle_key(event):
            event.accept()
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
            self.inserting.add_next_step()
        elif key == Qt.Key.Key_Space and not event.isAutoRepeat():
            self.space_held = True
            self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
        elif key in _NUDGES and self.selected_element_ids():
            dx, dy = _NUDGES[key]
            step = 1.0 if modifiers & Qt.KeyboardModifier.ShiftModifier else NUDGE
            self.edits.push_positions(
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
