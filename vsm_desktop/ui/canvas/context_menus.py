"""Right-click menus on the canvas: for an element, an arrow, a lane, or the empty map.

Commands that also live in the window's menus appear as the same shared actions (one label, one
shortcut); the rest act on what was clicked (this lane, this arrow's kind).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from vsm_desktop.model import ConnectionKind, ElementKind

from ..actions import ActionRegistry
from .items import ConnectionItem, ElementItem, LaneItem

if TYPE_CHECKING:
    from .view import MapView


def build(view: MapView, scene_pos: QPointF) -> QMenu:
    """The menu for what is under scene_pos; a right-clicked element or arrow gets selected."""
    menu = QMenu(view)
    scene = view.scene()
    element = scene.element_at(scene_pos)
    connection = view.connection_at(scene_pos)
    lane = scene.lane_item_at(scene_pos)
    if element is not None:
        if not element.isSelected():
            view.select_ids([element.element_id])
        _element_menu(view, menu, element)
    elif connection is not None:
        view.select_ids([connection.connection_id])
        _connection_menu(view, menu, connection)
    else:
        _canvas_menu(view, menu, scene_pos)
    if lane is not None and element is None and connection is None:
        menu.addSeparator()
        _lane_menu(view, menu, lane)
    return menu


def align_menu(actions: ActionRegistry, parent: QWidget) -> QMenu:
    menu = QMenu("&Align", parent)
    edges = list(actions.named("align.").values())
    menu.addActions(edges[:3])
    menu.addSeparator()
    menu.addActions(edges[3:])
    return menu


def distribute_menu(actions: ActionRegistry, parent: QWidget) -> QMenu:
    menu = QMenu("D&istribute", parent)
    menu.addActions(list(actions.named("distribute.").values()))
    return menu


def _add(menu: QMenu, text: str, slot: Callable[[], object], enabled: bool = True) -> QAction:
    """An entry about the clicked thing itself (not a shared command)."""
    action = menu.addAction(text)
    action.triggered.connect(lambda _checked=False: slot())
    action.setEnabled(enabled)
    return action


def _element_menu(view: MapView, menu: QMenu, item: ElementItem) -> None:
    actions = view.actions
    selected = len(view.selected_element_ids())
    menu.addAction(actions["rename"])
    if item.element.kind.in_flow:
        menu.addActions([actions["add_next_step"], actions["handover_from_selection"]])
    if selected == 2:
        menu.addAction(actions["connect"])
    menu.addSeparator()
    menu.addActions([actions[name] for name in ("cut", "copy", "duplicate", "delete")])
    if selected > 1:
        menu.addSeparator()
        menu.addMenu(align_menu(actions, menu))
        menu.addMenu(distribute_menu(actions, menu))


def _connection_menu(view: MapView, menu: QMenu, item: ConnectionItem) -> None:
    connection_id = item.connection_id
    _add(menu, "Edit label", lambda: view.edit_connection_label(connection_id))
    kind_menu = menu.addMenu("Kind")
    for kind in ConnectionKind:
        action = _add(
            kind_menu, kind.label, lambda k=kind: view.edits.set_connection_kind(connection_id, k)
        )
        action.setCheckable(True)
        action.setChecked(item.connection.kind is kind)
    menu.addSeparator()
    menu.addAction(view.actions["delete"])


def _lane_menu(view: MapView, menu: QMenu, item: LaneItem) -> None:
    lane_id, index = item.lane_id, item.index
    count = len(view.document.lanes)
    _add(menu, "Rename lane", lambda: view.rename_lane(lane_id))
    edits = view.edits
    _add(menu, "Move lane up", lambda: edits.move_lane(lane_id, -1), enabled=index > 0)
    _add(menu, "Move lane down", lambda: edits.move_lane(lane_id, 1), enabled=index < count - 1)
    _add(menu, "Add lane below", lambda: view.add_lane_at(item.band.top))
    _add(menu, "Remove lane…", lambda: view.edits.remove_lane(lane_id))


def _canvas_menu(view: MapView, menu: QMenu, scene_pos: QPointF) -> None:
    add = menu.addMenu("Add here")
    for kind in ElementKind:
        _add(add, kind.label, lambda k=kind: view.create_element(k, scene_pos))
    actions = view.actions
    menu.addActions([actions["paste"], actions["select_all"]])
    menu.addSeparator()
    menu.addActions([actions["auto_layout"], actions["fit"]])
    if not view.document.lanes:
        _add(menu, "Add lane", lambda: view.add_lane_at(scene_pos.y()))
