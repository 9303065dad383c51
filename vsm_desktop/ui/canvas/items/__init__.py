"""Graphics items that draw a value stream map in VSM notation, one module per kind of item.

Each element item sits at its element's centre; its shape is drawn around the origin from paths
made once per refresh, with pens and brushes from the shared CanvasStyle. Items reach the scene
only through the CanvasHost protocol (host.py).
"""

from .connection import ConnectionItem
from .element import ElementItem
from .ladder import LadderItem
from .lane import LaneItem
from .overlays import ConnectionPreviewItem, EmptyMapHintItem, KaizenLinkItem
from .shapes import (
    FINE_DETAIL,
    NAME_DETAIL,
    Z_CONNECTION,
    Z_EDITOR,
    Z_ELEMENT,
    Z_KAIZEN_LINK,
    Z_LADDER,
    Z_LANE,
    Z_PREVIEW,
    BoundedItem,
)

__all__ = [
    "FINE_DETAIL",
    "NAME_DETAIL",
    "Z_CONNECTION",
    "Z_EDITOR",
    "Z_ELEMENT",
    "Z_KAIZEN_LINK",
    "Z_LADDER",
    "Z_LANE",
    "Z_PREVIEW",
    "BoundedItem",
    "ConnectionItem",
    "ConnectionPreviewItem",
    "ElementItem",
    "EmptyMapHintItem",
    "KaizenLinkItem",
    "LadderItem",
    "LaneItem",
]
