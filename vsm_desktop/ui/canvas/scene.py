"""The scene: builds graphics items from a MapDocument and keeps them in step with its events.

It also turns the gestures that happen on items (dragging elements, dragging from a connection
handle, dragging a lane header or its bottom edge) into undo commands. Without an undo stack the
scene is read-only, which is how image export uses it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Collection, Iterator

from pydantic import BaseModel
from PySide6.QtCore import QPointF, QRectF, Signal
from PySide6.QtGui import QColor, QUndoStack
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene, QGraphicsSceneMouseEvent

from vsm_desktop import cycle_collector, theme
from vsm_desktop.analysis.constraint import Constraint
from vsm_desktop.analysis.result import Finding, FlowAnalysis
from vsm_desktop.drawing import Box
from vsm_desktop.drawing.geometry import GridIndex
from vsm_desktop.model import Connection, MapDocument
from vsm_desktop.model import events as ev
from vsm_desktop.model.layout import LANE_TITLE_WIDTH

from ..undo_history import UndoHistory, active_stack
from .element_tally import ElementTally
from .extent import ItemReach, united_bounds
from .items import (
    ConnectionItem,
    ElementItem,
    EmptyMapHintItem,
    KaizenLinkItem,
    LadderItem,
    LaneItem,
)
from .items.criticality import CriticalityLayer
from .items.ladder import LaidOutLadder
from .move_follower import MoveFollower
from .scene_building import SceneBuilding
from .scene_figures import SceneFigures
from .style import GRID_SIZE, CanvasStyle

MIN_BAND_WIDTH = 1400.0
RIGHT_MARGIN = 240.0
SCENE_MARGIN = 40.0


class MapScene(SceneFigures, SceneBuilding, QGraphicsScene):
    """Items for one document. ``undo_history`` None means read-only (export)."""

    status_message = Signal(str)
    about_to_rebuild = Signal()  # the document was replaced: every item is made anew
    lane_rename_requested = Signal(str)  # lane id; the view opens the in-place editor
    build_started = Signal()  # a large map's items are made a slice at a time (building)
    build_progress = Signal(float)  # the share of them made
    built = Signal()  # every item is made: the map can be edited

    def __init__(
        self, document: MapDocument, undo_history: UndoHistory | None = None, parent=None
    ) -> None:
        super().__init__(parent)
        self.document = document
        self._history = undo_history
        self.canvas_style = CanvasStyle()  # not `style`: that would hide QGraphicsScene.style()
        self.setBackgroundBrush(QColor(theme.CANVAS_BACKGROUND))
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)

        self.snap_to_grid = False
        self.analysis: FlowAnalysis | None = None
        self.critical_path_visible = True
        self.wait_shading = True
        self.critical_ids: frozenset[str] = frozenset()
        self.constraint: Constraint | None = None
        self.constraint_ids: frozenset[str] = frozenset()  # all tied for it wear the badge
        self.findings_by_element: dict[str, list[Finding]] = {}
        self.critical_connection_ids: frozenset[str] = frozenset()
        self.largest_wait = 0.0
        self.band_width = MIN_BAND_WIDTH

        self._element_items: dict[str, ElementItem] = {}
        self._connection_items: dict[str, ConnectionItem] = {}
        self._kaizen_links: dict[str, KaizenLinkItem] = {}
        self._lane_items: list[LaneItem] = []
        self._attached: dict[str, set[str]] = {}  # element id -> connection ids
        self._moving_many = False  # arrows follow once all of a model move is done
        self.follower = MoveFollower(self, self)  # busy while a large move is followed
        # Element outlines by place: what an arrow's legs go around, found without walking
        # every item of the scene (Qt's item lookup is linear: the scene has no index).
        self._outlines: GridIndex[str] = GridIndex()
        # How far the items reach, lane counts and the largest wait: kept as items change,
        # so an edit's end measures what it changed, not the map.
        self._reach = ItemReach(self)
        self._tally = ElementTally()
        self.ladder_wanted = True
        self._ladder = LadderItem(self)
        self.addItem(self._ladder)
        self._empty_hint = EmptyMapHintItem(self)
        self.addItem(self._empty_hint)
        self.criticality_visible = False
        self._criticality_layers = (CriticalityLayer(self, False), CriticalityLayer(self, True))
        for layer in self._criticality_layers:
            self.addItem(layer)

        self.link_target_id: str | None = None  # lit up while an arrow is being drawn
        # An edit's events changed the map since the extent was last set: its end sets it
        # (a file opened has set it already while the scene was built).
        self._extent_stale = False
        self._laid_out_ladder: LaidOutLadder | None = None  # during set_analysis only
        self._map_rect = QRectF()  # lanes, elements, arrows and idea lines at that time
        self._drop_target_id: str | None = None  # the handover a dragged element would join
        self._build = None  # a large map's items being made a slice at a time (scene_building)
        self._unremoved: list = []  # (scene_building)

        self._rebuild()
        listener, events = self._on_event, document.events
        events.subscribe(listener)
        # When Qt deletes the scene with its view, stop listening even if close() was not
        # called; the lambda holds no reference to the scene itself.
        self.destroyed.connect(lambda *_: _unsubscribe(events, listener))

    # -- lookups ---------------------------------------------------------------------------

    @property
    def editable(self) -> bool:
        return self._history is not None

    @property
    def undo_stack(self) -> QUndoStack:
        """Where the scene's gestures push their edits (only asked while editable)."""
        if self._history is None:
            raise RuntimeError("a read-only scene takes no edits")
        return active_stack(self._history)

    def element_item(self, element_id: str | None) -> ElementItem | None:
        return self._element_items.get(element_id) if element_id else None

    def element_items(self) -> list[ElementItem]:
        return list(self._element_items.values())

    def connection_item(self, connection_id: str) -> ConnectionItem | None:
        return self._connection_items.get(connection_id)

    def connection_items(self) -> list[ConnectionItem]:
        return list(self._connection_items.values())

    def lane_items(self) -> list[LaneItem]:
        return list(self._lane_items)

    def lane_item(self, lane_id: str) -> LaneItem | None:
        return next((item for item in self._lane_items if item.lane_id == lane_id), None)

    def is_connected(self, element_id: str) -> bool:
        """Whether any arrow starts or ends at the element (an element not in the map: no)."""
        return bool(self._attached.get(element_id))

    def set_drop_target(self, connection_id: str | None) -> None:
        """Light up the handover a dragged element would go into (and only that one); on every
        move of a drag, so only the arrows that change are touched."""
        for lit in {self._drop_target_id, connection_id} - {None}:
            item = self._connection_items.get(lit)
            if item is not None:
                item.set_drop_target(lit == connection_id)
        self._drop_target_id = connection_id

    def lane_member_count(self, lane_id: str) -> int:
        return self._tally.lane_count(lane_id)

    def element_at(self, scene_pos: QPointF) -> ElementItem | None:
        for item in self.items(scene_pos):
            if isinstance(item, ElementItem):
                return item
        return None

    def lane_item_at(self, scene_pos: QPointF) -> LaneItem | None:
        for item in self._lane_items:
            if item.band_rect().contains(scene_pos) or item.on_bottom_edge(scene_pos):
                return item
        return None

    def content_rect(self) -> QRectF:
        """Everything drawn for the map (lanes, elements, arrows, idea lines, ladder), in scene
        coordinates; overlays (a gesture's preview, criticality, the spotlight) are not the map.

        The map's part is the one measured when the last edit finished (update_extent), unless
        an edit is under way."""
        measure = self._extent_stale and not self.follower.busy  # else measured at its end
        map_rect = self._map_items_rect() if measure else self._map_rect
        return united_bounds((map_rect,), ((self._ladder, self._empty_hint),))

    def reshaped(self, item: QGraphicsItem) -> None:
        """An element, arrow or idea line was added, moved, changed or removed: its reach is
        measured again when the map's extent is next asked (an edit's end)."""
        self._reach.reshaped(item)

    def _map_items_rect(self) -> QRectF:
        """What edits change: the lanes (a few), and the elements, arrows and idea lines as
        kept by their reach."""
        reaches = [QRectF(box.left, box.top, box.width, box.height)
                   for box in self._reach.measure() if box is not None]  # fmt: skip
        return united_bounds(reaches, (self._lane_items,))

    def snapped(self, position: QPointF) -> QPointF:
        if not self.snap_to_grid:
            return position
        return QPointF(
            round(position.x() / GRID_SIZE) * GRID_SIZE,
            round(position.y() / GRID_SIZE) * GRID_SIZE,
        )

    # -- following the document ------------------------------------------------------------

    def close(self) -> None:
        """Stop following the document (the view is going away or the map was replaced)."""
        _unsubscribe(self.document.events, self._on_event)
        self._drop_build()

    def _on_event(self, event: ev.DocumentEvent) -> None:
        if isinstance(event, ev.EditFinished):
            # The ladder drawn is the last analysis's until this edit's figures land.
            self._ladder.wait_for_figures()
            # (a build ends by measuring, a large move's follow once caught up)
            if self._extent_stale and not self.building and not self.follower.busy:
                self.update_extent()
            return
        if not isinstance(event, ev.DocumentReset):
            self.finish_building()  # the change applies to a scene of the whole map
        self._extent_stale = True  # until the edit finishes
        if isinstance(event, ev.DocumentReset):
            # The other map's critical path, constraint and ladder are not this one's: none
            # is drawn until this map's analysis is set.
            self._take_analysis(None)
            self.follower.forget()
            with cycle_collector.paused():
                self._follow_new_map()
        elif isinstance(event, ev.ElementsAdded):
            self._add_element_items(event.ids)
        elif isinstance(event, ev.ElementsRemoved):
            self._remove_element_items(event.ids)
        elif isinstance(event, ev.ElementsMoved):
            self._elements_moved(event.ids)
        elif isinstance(event, ev.ElementsChanged):
            self._elements_changed(event)
        elif isinstance(event, ev.ConnectionsAdded):
            for connection_id in event.ids:
                self._add_connection_item(self.document.connection(connection_id))
        elif isinstance(event, ev.ConnectionsRemoved):
            for connection_id in event.ids:
                self._remove_connection_item(connection_id)
        elif isinstance(event, ev.ConnectionsChanged):
            for connection_id in event.ids:
                item = self._connection_items.get(connection_id)
                if item is not None:
                    item.refresh(self.document.connection(connection_id))
        elif isinstance(event, ev.LanesChanged):
            self._rebuild_lanes()
        elif isinstance(event, ev.MapInfoChanged):
            self._calendar = self.document.calendar.model_copy()
            self._refresh_all_text()

    def _follow_new_map(self) -> None:
        """The document holds another map (another state, a file opened): keep the items of
        what is equal in both, remake what differs, as an edit would. Switching between a
        current and a future state touches the few elements redesigned, not the whole map."""
        document = self.document
        new_elements = {element.id: element for element in document.elements()}
        kept = new_elements.keys() & self._element_items.keys()
        mostly_new = len(kept) * 2 < max(len(new_elements), len(self._element_items))
        if mostly_new or self.building or document.calendar != self._calendar:
            self._rebuild(sliced=True)  # (another calendar: durations read differently)
            return
        self.about_to_rebuild.emit()  # a gesture on the old items ends first
        self.link_target_id = self._drop_target_id = None
        self.clearSelection()  # what was selected belongs to the other map
        new_connections = {c.id: c for c in document.connections()}
        gone = [i for i in self._element_items if i not in new_elements]
        if gone:
            self._remove_element_items(gone)
        for connection_id in [i for i in self._connection_items if i not in new_connections]:
            self._remove_connection_item(connection_id)
        changed: set[str] = set()
        recounted: set[str | None] = set()
        for element_id, item in self._element_items.items():
            element = new_elements[element_id]
            if _same_record(item.element, element):
                item.take_equal(element)
            else:
                item.refresh(element)
                recounted |= self._element_reshaped(item)
                changed.add(element_id)
        self._tallied(recounted)
        added = [i for i in new_elements if i not in self._element_items]
        if added:
            self._add_element_items(added)
        for connection_id, connection in new_connections.items():
            item = self._connection_items.get(connection_id)
            if item is None:
                self._add_connection_item(connection)
            elif not _same_record(item.connection, connection):  # other ends, maybe
                self._remove_connection_item(connection_id)
                self._add_connection_item(connection)
            elif {connection.source_id, connection.target_id} & changed:
                item.refresh(connection)  # an end moved or changed: route it again
            else:
                item.take_equal(connection)
        for idea_id in [*self._kaizen_links, *changed]:
            self._update_kaizen_link(idea_id)
        self._rebuild_lanes()  # ends with update_extent()

    def _add_element_items(self, element_ids) -> None:
        added = set(element_ids)
        for element_id in element_ids:
            self._make_element_item(element_id)
        # New ideas, and ideas whose target just came back (undo of a delete), get their line
        # (an idea with a target has its line item even while the target is gone).
        for idea_id in [*self._kaizen_links, *added]:
            item = self._element_items.get(idea_id)
            if item is not None and (idea_id in added or item.element.target_id in added):
                self._update_kaizen_link(idea_id)

    def _make_element_item(self, element_id: str) -> None:
        item = ElementItem(self.document.element(element_id), self)
        self._element_items[element_id] = item
        self._attached.setdefault(element_id, set())
        self._tallied(self._element_reshaped(item))
        self.addItem(item)

    def _remove_element_items(self, element_ids) -> None:
        recounted: set[str | None] = set()
        for element_id in element_ids:
            item = self._element_items.pop(element_id, None)
            if item is not None:
                self.removeItem(item)
                self._outlines.discard(element_id)
                self.reshaped(item)
                recounted |= self._tally.discard(element_id)
            link = self._kaizen_links.pop(element_id, None)
            if link is not None:
                self.removeItem(link)
                self.reshaped(link)
            for connection_id in self._attached.pop(element_id, set()):
                self._remove_connection_item(connection_id)
        self._tallied(recounted)

    def _elements_changed(self, event: ev.ElementsChanged) -> None:
        recounted: set[str | None] = set()
        for element_id in event.ids:
            item = self._element_items.get(element_id)
            if item is None:
                continue
            item.refresh(self.document.element(element_id))
            recounted |= self._element_reshaped(item)  # a new kind has a new outline
            if {"kind", "lane_id"} & event.fields or not event.fields:
                for connection_id in self._attached.get(element_id, ()):
                    self._connection_items[connection_id].update_geometry()
            if "target_id" in event.fields or "kind" in event.fields:
                self._update_kaizen_link(element_id)
        self._tallied(recounted)

    PARALLEL_SPACING = 12.0

    def _shared_connections(self, source_id: str, target_id: str) -> list[str]:
        """Ids of the connections joining these two elements, either way, in a stable order."""
        return sorted(self._attached.get(source_id, set()) & self._attached.get(target_id, set()))

    def parallel_offset(self, connection: Connection) -> float:
        shared = self._shared_connections(connection.source_id, connection.target_id)
        if len(shared) < 2 or connection.id not in shared:
            return 0.0
        return (shared.index(connection.id) - (len(shared) - 1) / 2) * self.PARALLEL_SPACING

    def _reroute_between(self, source_id: str, target_id: str) -> None:
        for connection_id in self._shared_connections(source_id, target_id):
            item = self._connection_items.get(connection_id)
            if item is not None:
                item.update_geometry()

    def _add_connection_item(self, connection: Connection) -> None:
        if connection.id in self._connection_items:
            return
        self._attached.setdefault(connection.source_id, set()).add(connection.id)
        self._attached.setdefault(connection.target_id, set()).add(connection.id)
        item = ConnectionItem(connection, self)
        self._connection_items[connection.id] = item
        self.addItem(item)
        self.reshaped(item)  # routed before it was in the scene
        if len(self._shared_connections(connection.source_id, connection.target_id)) > 1:
            self._reroute_between(connection.source_id, connection.target_id)

    def _remove_connection_item(self, connection_id: str) -> None:
        item = self._connection_items.pop(connection_id, None)
        if item is None:
            return
        source_id, target_id = item.connection.source_id, item.connection.target_id
        for end in (source_id, target_id):
            self._attached.get(end, set()).discard(connection_id)
        self.removeItem(item)
        self.reshaped(item)
        self._reroute_between(source_id, target_id)

    def _update_kaizen_link(self, element_id: str) -> None:
        item = self._element_items.get(element_id)
        link = self._kaizen_links.get(element_id)
        wanted = item is not None and item.element.target_id is not None
        if wanted and link is None:
            link = KaizenLinkItem(element_id, self)
            self._kaizen_links[element_id] = link
            self.addItem(link)
        elif not wanted and link is not None:
            self.removeItem(self._kaizen_links.pop(element_id))
            self.reshaped(link)
            return
        if link is not None:
            link.update_geometry()

    def _index_outline(self, item: ElementItem) -> None:
        rect = item.outline_rect()
        self._outlines.put(item.element_id, Box(rect.left(), rect.top(), rect.right(),
                                                rect.bottom()))  # fmt: skip
        self.reshaped(item)

    def _element_reshaped(self, item: ElementItem) -> set[str | None]:
        """An element item made or refreshed: where it stands, its lane's count and its wait
        follow it; the lanes whose count changed (for _tallied, once per event)."""
        self._index_outline(item)
        return self._tally.put(item.element)

    def _tallied(self, lanes: set[str | None]) -> None:
        """Only the lane headers whose count changed are drawn again, and every element only
        when the largest wait (what the wait shading compares with) changed."""
        for item in self._lane_items:
            if item.lane_id in lanes:
                item.update()
        if self._tally.largest_wait != self.largest_wait:
            self.largest_wait = self._tally.largest_wait
            self.update()

    def outline_box(self, element_id: str) -> Box | None:
        """An element's drawn symbol in scene coordinates, as its item has it now."""
        return self._outlines.box(element_id)

    def outlines_in(self, area: Box) -> list[Box]:
        """The outlines of the elements in an area: what an arrow's legs go around."""
        return list(self._outlines.within(area).values())

    def element_item_moved(self, element_id: str) -> None:
        """An element item moved (dragged or synced): its arrows and kaizen lines follow."""
        item = self._element_items.get(element_id)
        if item is not None:
            self._index_outline(item)
        if not self._moving_many:  # else the move's follower routes each line once
            for route in self.moved_lines({element_id}):
                route()

    def _elements_moved(self, element_ids: tuple[str, ...]) -> None:
        self.follower.follow(element_ids)  # at once or, many, in slices (move_follower.py)

    def sync_element_positions(self, element_ids: Collection[str]) -> None:
        self._moving_many = True  # their arrows are left to the caller
        try:
            for element_id in element_ids:
                if (item := self._element_items.get(element_id)) is not None:
                    item.sync_position()  # indexes its outline (element_item_moved)
        finally:
            self._moving_many = False

    def moved_lines(self, moved: Collection[str]) -> Iterator[Callable[[], None]]:
        """Routing anew each arrow and kaizen line touching the moved elements, one by one."""
        attached = [self._attached.get(element_id, ()) for element_id in moved]
        for connection_id in dict.fromkeys(c for ids in attached for c in ids):
            if (item := self._connection_items.get(connection_id)) is not None:
                yield item.update_geometry
        for idea_id, link in list(self._kaizen_links.items()):
            if idea_id in moved or self._element_items[idea_id].element.target_id in moved:
                yield link.update_geometry

    def _rebuild_lanes(self) -> None:
        for item in self._lane_items:
            self.removeItem(item)
        self._lane_items = [
            LaneItem(band, index, self.band_width, self)
            for index, band in enumerate(self.document.lane_bands())
        ]
        for item in self._lane_items:
            self.addItem(item)
        self.update_extent()

    def _refresh_all_text(self) -> None:
        for element_id, item in self._element_items.items():
            item.refresh(self.document.element(element_id))
        for item in self._connection_items.values():
            item.refresh()
        self._rebuild_lanes()  # the ladder's rungs do not depend on the text: they stay

    def set_style(self, style: CanvasStyle) -> None:
        """Swap fonts and pens (presentation mode) and re-lay-out every item."""
        self.canvas_style = style
        self._refresh_all_text()

    def lanes_bottom(self) -> float:
        bands = self.document.lane_bands()
        if bands:
            return bands[-1].bottom
        return max(
            (item.sceneBoundingRect().bottom() for item in self._element_items.values()),
            default=0.0,
        )

    def update_extent(self) -> None:
        """Resize the lane bands to span the map and set the scene rect around everything.
        The ladder only moves under the lanes: the next analysis lays it out again."""
        self._measure_map()
        self._place_ladder(lay_out=False)

    def _measure_map(self) -> None:
        """The lane bands' width, the empty map's hint and the map's extent, as they are now."""
        self._extent_stale = False
        elements, _ = self._reach.measure()
        right = elements.right if elements is not None else 0.0
        band_width = max(MIN_BAND_WIDTH, right + RIGHT_MARGIN)
        if band_width != self.band_width or any(
            item.band_rect().width() != band_width for item in self._lane_items
        ):
            self.band_width = band_width
            for item in self._lane_items:
                item.set_band(item.band, item.index, band_width)
        empty = self.editable and not self._element_items
        self._empty_hint.setVisible(empty)
        if empty:
            top = self.document.lane_bands()[0].top if self.document.lanes else 0.0
            self._empty_hint.setPos(LANE_TITLE_WIDTH + 40 + 330, top + 100)
        self._map_rect = self._map_items_rect()

    def _place_ladder(self, lay_out: bool = True) -> None:
        """The ladder under the lanes (laid out for the analysis, or only following an edit),
        and the scene rect around it and the map as measured at the last finished edit: a
        new analysis changes the ladder only (measuring the map again took 60 ms per analysis
        at 10,000 elements)."""
        if lay_out:
            self._rebuild_ladder()
        else:
            self._keep_ladder()
        rect = united_bounds((self._map_rect,), ((self._ladder, self._empty_hint),))
        rect = rect.united(QRectF(0, 0, self.band_width, max(self.lanes_bottom(), 200.0)))
        self.setSceneRect(rect.adjusted(-SCENE_MARGIN, -SCENE_MARGIN, SCENE_MARGIN, SCENE_MARGIN))

    # -- double click on a lane header renames it (gestures: gestures.py) ------------

    def mouseDoubleClickEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if self.editable:
            lane = self.lane_item_at(event.scenePos())
            if (
                lane is not None
                and self.element_at(event.scenePos()) is None
                and lane.header_rect().contains(event.scenePos())
            ):
                self.lane_rename_requested.emit(lane.lane_id)
                event.accept()
                return
        super().mouseDoubleClickEvent(event)

    def selected_element_items(self) -> list[ElementItem]:
        return [item for item in self.selectedItems() if isinstance(item, ElementItem)]

    def highlight_lane(self, lane_id: str | None) -> None:
        """Light up the lane a dragged element would join (None: no lane)."""
        for item in self._lane_items:
            item.set_highlighted(item.lane_id == lane_id)


def _same_record(mine: BaseModel, theirs: BaseModel) -> bool:
    """Equal in every field: the test pydantic's == ends with, without its checks before it
    (comparing a 5,000-element map's 11,400 records at a switch of state: 36 ms, now 12). A
    record keeps only its fields in __dict__; unequal here only means its item is redrawn."""
    return type(mine) is type(theirs) and mine.__dict__ == theirs.__dict__


def _unsubscribe(events: ev.EventEmitter, listener) -> None:
    """Unsubscribe once; close() and the scene's destruction may both ask."""
    with contextlib.suppress(ValueError):
        events.unsubscribe(listener)
