"""Pure functions over the map's graph: NetworkX only, no Qt.

`analyze` is looked up on first use: the result types are light, but the analysis imports
NetworkX, which the window's first frame does not need (the figures arrive just after it).
"""

from typing import TYPE_CHECKING, Any

from .result import ElementTiming, Finding, FlowAnalysis, LaneTime, ReworkLoop, Severity

if TYPE_CHECKING:
    from .flow import analyze

__all__ = [
    "ElementTiming", "Finding", "FlowAnalysis", "LaneTime", "ReworkLoop", "Severity", "analyze",
]


def __getattr__(name: str) -> Any:
    if name == "analyze":
        from .flow import analyze

        return analyze
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
