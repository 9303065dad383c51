"""Pure functions over the map's graph: NetworkX only, no Qt."""

from .flow import analyze
from .result import ElementTiming, Finding, FlowAnalysis, LaneTime, ReworkLoop, Severity

__all__ = [
    "ElementTiming", "Finding", "FlowAnalysis", "LaneTime", "ReworkLoop", "Severity", "analyze",
]
