"""Spans: the time between two marked elements, such as "lead time for changes".

An element may start and another end a span the room names. The span begins when its start
element is done (the request approved) and ends when its end element is done (deployed to
production); its time is the longest flow path between them, waits and transfer delays included,
because parallel branches must all finish.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from ..model.elements import Element
from .map_source import MapSource, elapsed

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


def span_names(elements) -> list[str]:
    """The span names marked in the map, in the order they first appear, DEFAULT_SPAN first."""
    names: dict[str, str] = {}
    for element in elements:
        for name in (element.span_start, element.span_end):
            if name and name.strip():
                names.setdefault(_key(name), name.strip())
    return sorted(names.values(), key=lambda name: _key(name) != _key(DEFAULT_SPAN))


def measure_spans(source) -> list[SpanTime]:
    parts = MapSource.of(source)
    elements = list(parts.elements.values())
    names = span_names(elements)
    if not names:
        return []
    successors: dict[str, list[tuple[str, float]]] = {e.id: [] for e in elements}
    for (first, second), connection in parts.flow_edges().items():
        successors[first].append((second, connection.delay or 0.0))
    spans = []
    for name in names:
        starts = [e for e in elements if _key(e.span_start) == _key(name)]
        ends = [e for e in elements if _key(e.span_end) == _key(name)]
        spans.append(_measure(name, starts, ends, parts.elements, successors))
    return spans


def _measure(name, starts: list[Element], ends: list[Element], elements, successors) -> SpanTime:
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
    if first == last:
        return problem(f"'{name}' starts and ends at the same element.")
    hours = _longest_path(first, last, elements, successors)
    if hours is None:
        return problem(
            f"No flow leads from '{elements[first].display_name}' to "
            f"'{elements[last].display_name}', so '{name}' cannot be measured."
        )
    if hours == float("inf"):
        return problem(f"The flow between the marks of '{name}' goes round in a circle.")
    return named(hours)


def _longest_path(first: str, last: str, elements, successors) -> float | None:
    """Longest time from the end of `first` to the end of `last`; None when no flow leads
    there, infinity when a cycle lies between them."""
    ahead = _reachable(first, successors)
    if last not in ahead:
        return None
    between = _reaching(last, ahead, successors)  # on some path from first to last
    waiting = {n: 0 for n in between}
    for node in between:
        for succ, _ in successors[node]:
            if succ in between:
                waiting[succ] += 1
    weight = {n: elapsed(elements[n]) for n in between}
    ready = deque([first])
    arrival = {first: 0.0}  # latest arrival at each element: when it can start waiting
    finish = {}
    visited = 0
    while ready:
        node = ready.popleft()
        visited += 1
        done = finish[node] = arrival[node] + (weight[node] if node != first else 0.0)
        for succ, delay in successors[node]:
            if succ not in between:
                continue
            time = done + delay
            if time > arrival.get(succ, -1.0):
                arrival[succ] = time
            waiting[succ] -= 1
            if waiting[succ] == 0:
                ready.append(succ)
    if visited < len(between) or last not in finish:
        return float("inf")
    return finish[last]


def _reachable(start: str, successors) -> set[str]:
    seen = {start}
    stack = [start]
    while stack:
        for succ, _ in successors[stack.pop()]:
            if succ not in seen:
                seen.add(succ)
                stack.append(succ)
    return seen


def _reaching(last: str, among: set[str], successors) -> set[str]:
    predecessors: dict[str, list[str]] = {n: [] for n in among}
    for node in among:
        for succ, _ in successors[node]:
            if succ in among:
                predecessors[succ].append(node)
    seen = {last}
    stack = [last]
    while stack:
        for pred in predecessors[stack.pop()]:
            if pred not in seen:
                seen.add(pred)
                stack.append(pred)
    return seen


def _key(name: str) -> str:
    return name.strip().casefold()
