"""The map as geometry, without Qt: boxes, data rows, routed arrows, placed labels, the ladder.

Computed once from the model and the analysis, in scene units, and painted by each backend
(the PDF report today; the canvas items take the same routes). Text is measured through a
function the backend passes in, so wrapping and label placement agree with the font that paints.
See docs/architecture.md, "One drawing of the map".
"""

from .geometry import Box, Point
from .map_drawing import (
    Chip,
    ConnectionShape,
    ElementShape,
    LaneShape,
    MapDrawing,
    TextLine,
    TextSizes,
    build_drawing,
    element_box,
)
from .routing import Route, route_connection

__all__ = [
    "Box",
    "Chip",
    "ConnectionShape",
    "ElementShape",
    "LaneShape",
    "MapDrawing",
    "Point",
    "Route",
    "TextLine",
    "TextSizes",
    "build_drawing",
    "element_box",
    "route_connection",
]
