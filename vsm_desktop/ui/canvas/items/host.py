"""What the canvas items ask of the scene that holds them.

Items draw what the document holds and never change it; gestures become undo commands in the
scene and view. The scene satisfies this protocol, so items need not import the scene.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtWidgets import QGraphicsItem

from vsm_desktop.analysis.result import Finding, FlowAnalysis
from vsm_desktop.drawing import Box
from vsm_desktop.model import Connection, Element, MapDocument

from ..style import CanvasStyle


class PlacedElement(Protocol):
    """An element's item as other items see it (arrows and the ladder attach to it)."""

    element_id: str

    @property
    def element(self) -> Element: ...

    def pos(self) -> QPointF: ...

    def mapToScene(self, point: QPointF) -> QPointF: ...  # noqa: N802 (Qt name)

    def outline_rect(self) -> QRectF: ...

    def side_point(self, right: bool) -> QPointF: ...


class CanvasHost(Protocol):
    document: MapDocument
    canvas_style: CanvasStyle
    analysis: FlowAnalysis | None
    critical_ids: frozenset[str]
    critical_connection_ids: frozenset[str]
    critical_path_visible: bool
    wait_shading: bool
    largest_wait: float
    findings_by_element: dict[str, list[Finding]]
    link_target_id: str | None

    @property
    def editable(self) -> bool: ...

    def element_item(self, element_id: str | None) -> PlacedElement | None: ...

    def element_item_moved(self, element_id: str) -> None: ...

    def reshaped(self, item: QGraphicsItem) -> None: ...  # its bounds changed

    def lane_member_count(self, lane_id: str) -> int: ...

    def parallel_offset(self, connection: Connection) -> float: ...

    def outlines_in(self, area: Box) -> list[Box]: ...

    def outline_box(self, element_id: str) -> Box | None: ...

    def snapped(self, position: QPointF) -> QPointF: ...
