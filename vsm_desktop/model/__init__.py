"""The value stream map as data: no Qt here, so it runs headless and in tests."""

from .calendar import WorkCalendar
from .document import LaneBand, MapDocument, RemovedItems
from .elements import (
    Automation,
    Connection,
    ConnectionKind,
    DeliveryFigures,
    Element,
    ElementKind,
    HandoverMethod,
    KaizenStatus,
    Lane,
    MapInfo,
    MapState,
    ValueCategory,
    WaitCause,
    new_id,
)
from .ranges import ValueRange, range_of
from .units import (
    DurationError,
    Estimate,
    format_duration,
    format_duration_input,
    format_estimate,
    format_estimate_input,
    format_range,
    parse_duration,
    parse_duration_estimate,
    parse_percent_estimate,
)
from .value_stream_map import MapStates, ValueStreamMap

__all__ = [
    "Automation",
    "Connection",
    "ConnectionKind",
    "DeliveryFigures",
    "DurationError",
    "Element",
    "Estimate",
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
    "ValueRange",
    "ValueStreamMap",
    "WaitCause",
    "WorkCalendar",
    "format_duration",
    "format_duration_input",
    "format_estimate",
    "format_estimate_input",
    "format_range",
    "new_id",
    "parse_duration",
    "parse_duration_estimate",
    "parse_percent_estimate",
    "range_of",
]
