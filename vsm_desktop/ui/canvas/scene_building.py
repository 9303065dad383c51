"""Building the scene's items for a whole map: at once for a small map, a slice at a time
(`SlicedSteps`, about 30 ms each) for a large one, so the window keeps answering while a
5,000-element map opens (making its 11,000 items took three quarters of a second in one go).

While a build runs the scene is `building`: the window covers the canvas and says so, and the
map cannot be edited there. Anything that changes the document meanwhile (the steps table, a
menu command) first has the build finished at once, then the scene follows the change as
usual; another map replacing this one drops the build and starts its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from vsm_desktop import cycle_collector

from ..sliced_steps import SlicedSteps

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance
    from PySide6.QtWidgets import QGraphicsItem

    from vsm_desktop.drawing.geometry import GridIndex
    from vsm_desktop.model import MapDocument

    from .items import ConnectionItem, ElementItem, KaizenLinkItem, LaneItem

# Up to this many items to make and to remove (elements and arrows of the new map, every
# item of the old one) a map is drawn at once (about 15 ms here): slicing it would only delay
# what the window shows.
BUILT_AT_ONCE = 200
ITEMS_PER_STEP = 20  # items made (or removed) between two looks at the slice's clock


def _chunks(values: list, size: int = ITEMS_PER_STEP) -> Iterator[list]:
    for start in range(0, len(values), size):
        yield values[start:start + size]


def _settling(steps: Iterator[None]) -> Iterator[None]:
    """After each step, what it made is settled as long-lived (cycle_collector): the items
    live as long as the map. Otherwise a full collection between two slices walked the whole
    half-built map, 0.3-0.4 s with the window frozen; pausing the collector across slices
    instead would leave it off for good should a build never end."""
    for _ in steps:
        cycle_collector.settle_long_lived()
        yield


class SceneBuilding:
    """Mixed into MapScene: `_rebuild` makes every item of the document's map anew. It calls
    back the scene's item makers (_make_element_item, _add_connection_item, ...) and Qt's
    removeItem."""

    document: MapDocument
    build_started: SignalInstance
    build_progress: SignalInstance
    built: SignalInstance
    _build: SlicedSteps | None
    _element_items: dict[str, ElementItem]
    _connection_items: dict[str, ConnectionItem]
    _kaizen_links: dict[str, KaizenLinkItem]
    _lane_items: list[LaneItem]
    _attached: dict[str, set[str]]
    _outlines: GridIndex[str]
    _unremoved: list[QGraphicsItem]  # the items of a map no longer shown, still in Qt's scene

    @property
    def building(self) -> bool:
        """A large map's items are still being made, a slice at a time."""
        return self._build is not None

    def finish_building(self) -> None:
        """Make every item still to come now (the map is about to change under the build)."""
        if self._build is not None:
            self._build.finish_now()

    def _rebuild(self, sliced: bool = False) -> None:
        """Every item made anew from the document; `sliced`: a large map a slice at a time."""
        self.about_to_rebuild.emit()  # a gesture ends first
        self.link_target_id = self._drop_target_id = None
        self._drop_build()  # its map is gone: the new build starts from what it had made
        # The old map's items leave the scene's books now (Qt's scene a step at a time): from
        # here on it answers for the new map only, half-built as it may be.
        self._unremoved += [*self._element_items.values(), *self._connection_items.values(),
                            *self._kaizen_links.values(), *self._lane_items]  # fmt: skip
        self._element_items.clear()
        self._connection_items.clear()
        self._kaizen_links.clear()
        self._lane_items.clear()
        self._attached.clear()
        self._outlines.clear()
        self._reach.clear()
        self._tally.clear()
        self._calendar = self.document.calendar.model_copy()
        element_ids = [element.id for element in self.document.elements()]
        connection_ids = [connection.id for connection in self.document.connections()]
        steps = self._build_steps(element_ids, connection_ids)
        if not sliced or len(self._unremoved) + len(element_ids) + len(connection_ids) <= (
                BUILT_AT_ONCE):
            with cycle_collector.paused():  # it makes many objects that all stay
                for _ in steps:
                    pass
            return
        count = sum(-(-len(ids) // ITEMS_PER_STEP)
                    for ids in (element_ids, connection_ids, self._unremoved))
        build = self._build = SlicedSteps(_settling(steps), count + 2, self)
        build.progress.connect(self.build_progress)
        build.done.connect(lambda: self._build_done(build))
        self.build_started.emit()
        build.start()

    def _drop_build(self) -> None:
        """The scene stops following its document: a build under way stops where it is."""
        build, self._build = self._build, None
        if build is not None:
            build.cancel()

    def _build_done(self, build: SlicedSteps) -> None:
        if self._build is build:  # the run deletes itself once done (SlicedSteps)
            self._build = None
            self.built.emit()

    def _build_steps(self, element_ids: list[str], connection_ids: list[str]) -> Iterator[None]:
        """The old items out of Qt's scene, the new map's elements, idea lines, arrows and
        lanes in, a few at a time. An old item still in the scene when another build starts is
        taken out by that one. Ids the document no longer has by the time their step comes
        are passed over (the build was finished early for a change)."""
        unremoved = self._unremoved
        while unremoved:
            for item in unremoved[-ITEMS_PER_STEP:]:
                self.removeItem(item)
            del unremoved[-ITEMS_PER_STEP:]
            yield
        document = self.document
        for ids in _chunks(element_ids):
            for element_id in ids:
                if document.has_element(element_id):
                    self._make_element_item(element_id)
            self._reach.measure()  # a step's items measured in its slice, not all at the end
            yield
        ideas = [i for i, item in self._element_items.items() if item.element.target_id]
        for ids in _chunks(ideas):
            for idea_id in ids:
                self._update_kaizen_link(idea_id)
            yield
        for ids in _chunks(connection_ids):
            for connection_id in ids:
                if document.has_connection(connection_id):
                    self._add_connection_item(document.connection(connection_id))
            self._reach.measure()
            yield
        self._rebuild_lanes()  # ends with update_extent()
