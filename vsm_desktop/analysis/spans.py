"""Spans: the time between two marked elements, such as "lead time for changes".

An element may start and another end a span the room names. The span begins when its start
element is done (the request approved) and ends when its end element is done (deployed to
production); its time is the longest flow path between them, waits and transfer delays included,
because parallel branches must all finish.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..model.elements import Element
from ..model.graph import Adjacency, NodeMap
from .map_source import MapInput, MapSource
from .network import adjacency, flow_reach

DEFAULT_SPAN = "lead time for changes"


@dataclass(frozen=True)
class SpanTime:
    name: str
    from_id: str | None
    to_id: str | None
    hours: float | None  # None when the span cannot be measured; `problem` says why
    problem: str = ""
    from_name: str = ""
    to_name: str = ""


def span_names(elements: Iterable[Element]) -> list[str]:
    """The span names marked in the map, in the order they first appear, DEFAULT_SPAN first."""
    names: dict[str, str] = {}
    for element in elements:
        for name in (element.span_start, element.span_end):
            if name and name.strip():
                names.setdefault(_key(name), name.strip())
    return sorted(names.values(), key=lambda name: _key(name) != _key(DEFAULT_SPAN))


def measure_spans(source: MapInput) -> list[SpanTime]:
    """Every marked span, timed along the flow of the map's one graph (model/graph.py)."""
    parts = MapSource.of(source)
    elements = list(parts.elements.values())
    names = span_names(elements)
    if not names:
        return []
    flow = adjacency(parts.graph)
    spans = []
    for name in names:
        starts = [e for e in elements if _key(e.span_start) == _key(name)]
        ends = [e for e in elements if _key(e.span_end) == _key(name)]
        spans.append(_measure(name, starts, ends, parts.elements, flow))
    return spans


def _measure(
    name: str, starts: list[Element], ends: list[Element], elements: Mapping[str, Element],
    flow: tuple[NodeMap, Adjacency, Adjacency],
) -> SpanTime:
    first = starts[0].id if len(starts) == 1 else None
    last = ends[0].id if len(ends) == 1 else None

    def named(hours: float | None, text: str = "") -> SpanTime:
        return SpanTime(name, first, last, hours, text,
                        elements[first].display_name if first else "",
                        elements[last].display_name if last else "")

    def problem(text: str) -> SpanTime:
        return named(None, text)

    for marks, role in ((starts, "start"), (ends, "end")):
        if not marks:
            return problem(f"No element is marked as the {role} of '{name}'.")
        if len(marks) > 1:
            listed = ", ".join(f"'{e.display_name}'" for e in marks)
            return problem(f"{listed} are all marked as the {role} of '{name}'; mark one.")
    begins, finishes = starts[0], ends[0]  # one mark of each, checked just above
    if begins.id == finishes.id:
        return problem(f"'{name}' starts and ends at the same element.")
    hours = _longest_path(begins.id, finishes.id, *flow)
    if hours is None:
        return problem(
            f"No flow leads from '{begins.display_name}' to "
            f"'{finishes.display_name}', so '{name}' cannot be measured."
        )
    if hours == float("inf"):
        return problem(f"The flow between the marks of '{name}' goes round in a circle.")
    return named(hours)


def _longest_path(
    first: str, last: str, nodes: NodeMap, pred: Adjacency, succ: Adjacency
) -> float | None:
    """Longest time from the end of `first` to the end of `last` along the graph's flow
    connections; None when no flow leads there, infinity when a cycle lies between them."""
    ahead = flow_reach(succ, [first])
    if last not in ahead:
        return None
    # On some path from first to last: whatever leads back to last without leaving `ahead`.
    between = flow_reach(pred, [last], within=ahead)
    # Each element's flow successors on those paths; of parallel flows the slower counts.
    handovers: dict[str, dict[str, float]] = {}
    waiting = dict.fromkeys(between, 0)
    for node in between:
        onward = handovers[node] = {}
        for target, edges in succ[node].items():
            delays = [data["delay"] for data in edges.values() if data["flow"]]
            if target in between and delays:
                onward[target] = max(delays)
                waiting[target] += 1
    ready = deque([first])
    arrival = {first: 0.0}  # latest arrival at each element: when it can start waiting
    finish: dict[str, float] = {}
    visited = 0
    while ready:
        node = ready.popleft()
        visited += 1
        done = finish[node] = arrival[node] + (nodes[node]["elapsed"] if node != first else 0.0)
        for target, delay in handovers[node].items():
            time = done + delay
            if time > arrival.get(target, -1.0):
                arrival[target] = time
            waiting[target] -= 1
            if waiting[target] == 0:
                ready.append(target)
    if visited < len(between) or last not in finish:
        return float("inf")
    return finish[last]


def _key(name: str) -> str:
    return name.strip().casefold()
