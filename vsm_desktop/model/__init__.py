"""The value stream map as data: no Qt here, so it runs headless and in tests."""

from .calendar import WorkCalendar
from .document import LaneBand, MapDocument, RemovedItems
from .elements import (
    Automation,
    Connection,
    ConnectionKind,
    Element,
    ElementKind,
    HandoverMethod,
    KaizenStatus,
    Lane,
    MapInfo,
    MapState,
    ValueCategory,
    new_id,
)
from .units import DurationError, format_duration, format_duration_input, parse_duration
from .value_stream_map import MapStates, ValueStreamMap

__all__ = [
    "Automation",
    "Connection",
    "ConnectionKind",
    "DurationError",
    "Element",
    "ElementKind",
    "HandoverMethod",
    "KaizenStatus",
    "Lane",
    "LaneBand",
    "MapDocument",
    "MapInfo",
    "MapState",
    "MapStates",
    "RemovedItems",
    "ValueCategory",
    "ValueStreamMap",
    "WorkCalendar",
    "format_duration",
    "format_duration_input",
    "new_id",
    "parse_duration",
]
