"""A map view that zooms: in steps, to fit, and readably when a map opens.

MapView adds editing on top; this part only knows the scene's content rectangle and where the
flow starts (the customer request), so it reads on its own.
"""

from __future__ import annotations

from typing import cast

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QPainter, QResizeEvent, QWheelEvent
from PySide6.QtWidgets import QGraphicsView

from vsm_desktop.model import ElementKind

from .overview_map import OverviewMap
from .scene import MapScene
from .sticky_lanes import StickyLaneHeaders

MIN_ZOOM, MAX_ZOOM = 0.05, 4.0
# Below this zoom step names and data boxes stop being legible, so a map opens no smaller.
MIN_READABLE_ZOOM = 0.6
READABLE_ZOOM = 0.65
FIT_MARGIN = 20.0
ZOOM_STEP = 1.2


class ZoomingView(QGraphicsView):
    zoom_changed = Signal(float)
    # Made with the scene (Qt may scroll or resize the view before it has one).
    sticky_lanes: StickyLaneHeaders | None = None
    overview: OverviewMap | None = None
    # Presenting: the whole map whatever the screen (a laptop mirrored to a projector changes
    # resolution under the running app).
    fit_on_resize = False

    def setScene(self, scene) -> None:  # noqa: N802 (Qt override)
        super().setScene(scene)
        # Orientation on large maps: lane names pinned left, an overview map in the corner.
        self.sticky_lanes = StickyLaneHeaders(self, scene)
        self.overview = OverviewMap(self)
        self.zoom_changed.connect(lambda _zoom: self.overview.refresh())

    def set_overview_visible(self, on: bool) -> None:
        if self.overview is not None:
            self.overview.set_enabled_by_user(on)

    def drawForeground(self, painter: QPainter, rect: QRectF) -> None:  # noqa: N802 (Qt override)
        super().drawForeground(painter, rect)
        if self.sticky_lanes is not None:
            self.sticky_lanes.paint(painter)

    def scrollContentsBy(self, dx: int, dy: int) -> None:  # noqa: N802 (Qt override)
        super().scrollContentsBy(dx, dy)
        if dx:
            # The pinned lane names stay put while the map moves under them: a copied scroll
            # would drag them along, so the view repaints whole.
            self.viewport().update()
        if self.overview is not None:
            self.overview.update()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        if self.fit_on_resize:
            self.zoom_to_fit()
        if self.overview is not None:
            self.overview.refresh()

    def scene(self) -> MapScene:
        return cast(MapScene, super().scene())

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
        rect = self.scene().content_rect()
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
        rect = self.scene().content_rect()
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
            item for item in self.scene().element_items() if item.element.kind is ElementKind.START
        ]
        if not starts:
            return None
        first = min(starts, key=lambda item: (item.pos().x(), item.pos().y()))
        return first.sceneBoundingRect()

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 (Qt override)
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120
            if steps:
                self.set_zoom(self.zoom() * ZOOM_STEP**steps)
            event.accept()
            return
        super().wheelEvent(event)
