"""Issue 17's targets, each timed beside its floor, and the table that judges them.

A measure module returns `Measured` rows (a target's key, the map's size, the alternated pair
of timings); `TARGETS` says what each key is measured against and what it must reach.
A ratio target is judged on the ratio of alternated runs, so a busy machine slows both sides
alike; a time target (seconds or milliseconds) is judged on the target's own median, so it
carries the machine's load with it: the table gives the load average beside it.

Noise does not decide a verdict: it is taken on the interval the median lies in (95 %, from the
pairs' own figures, timing.median_interval). Met when the whole interval is within the bound,
missed when the whole of it is beyond, and "within noise" when the bound falls inside it: more
pairs or a quieter machine would tell. A figure taken once is judged on its value.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .timing import CONFIDENCE, Interval, Pair, median_interval


@dataclass(frozen=True)
class Target:
    letter: str  # as issue 17's list and docs/performance.md name it
    what: str
    floor: str
    bound: float  # a ratio (`per_floor`) or seconds
    per_floor: bool
    # The size the issue names; other sizes show the trend. None: shown, not judged (the
    # canvas alone, before File > Open was timed in the window).
    judged_at: int | str | None

    def bound_text(self) -> str:
        if self.per_floor:
            return f"≤ {self.bound:g}x floor"
        return f"≤ {duration(self.bound)}"

    def judged(self, pair: Pair) -> tuple[float, tuple[float, ...]]:
        """The median this target is judged on, and the pairs' own figures of it."""
        return (pair.ratio, pair.ratios) if self.per_floor else (pair.target, pair.targets)

    def spread(self, pair: Pair) -> Interval | None:
        return median_interval(self.judged(pair)[1])

    def met(self, pair: Pair) -> bool | None:
        """True or False; None when the bound lies within the median's interval."""
        interval = self.spread(pair)
        if interval is None:
            return self.judged(pair)[0] <= self.bound
        if interval.high <= self.bound:
            return True
        return False if interval.low > self.bound else None

    def spread_text(self, pair: Pair) -> str:
        """The median's interval ("1.92-2.31x"), with its coverage when under 95 %."""
        interval = self.spread(pair)
        if interval is None:
            return "–"
        if self.per_floor:
            text = f"{interval.low:.2f}-{interval.high:.2f}x"
        else:
            text = f"{duration(interval.low)} - {duration(interval.high)}"
        return text + ("" if interval.coverage >= CONFIDENCE else
                       f" ({interval.coverage:.0%} only: {len(self.judged(pair)[1])} pairs)")


SAMPLE = "sample"  # the size of a start-up measure: the sample map the app opens with

TARGETS: dict[str, Target] = {
    "analysis": Target(
        "a", "In-app analysis of an open map (`analyze(document)`)",
        "NetworkX `dag_longest_path` on a prebuilt DiGraph of the same flow",
        2.0, per_floor=True, judged_at=5000),
    "analyze_process": Target(
        "b", "`vsm-desktop analyze FILE`, the whole process",
        "a process that reads the file, builds a DiGraph, takes its longest path "
        "(`longest_path_floor.py`)",
        2.0, per_floor=True, judged_at=10_000),
    "startup": Target(
        "c", "Start to the first painted window with the sample map",
        "a bare PySide6 `QMainWindow` process to its first paint (`probe.py bare`)",
        1.5, per_floor=True, judged_at=SAMPLE),
    "longest_block": Target(
        "d", "Longest block of the window by any of 25 user actions (`measure_responsiveness`)",
        "the longest gap of the same 1 ms heartbeat over 400 ms with nothing happening",
        0.1, per_floor=False, judged_at=5000),
    "pdf": Target(
        "e", "PDF report (`write_report`)",
        "a bare ReportLab PDF of the same boxes, names and arrows",
        2.5, per_floor=False, judged_at=1000),
    "start_with_map": Target(
        "f", "Start with a map (`vsm-desktop FILE`) to the map painted",
        "the bare PySide6 window process, as in (c)",
        3.0, per_floor=False, judged_at=10_000),
    "file_open": Target(
        "f", "File > Open in the window to the map's first frame (read, check, scene, paint)",
        "reading the file's JSON, then the bare QGraphicsView of the canvas row below",
        3.0, per_floor=False, judged_at=10_000),
    "canvas_open": Target(
        "f", "Open in the canvas to the first frame (scene, analysis, zoom, paint)",
        "a bare QGraphicsView of one rectangle and name per element, one line per arrow",
        3.0, per_floor=False, judged_at=None),
    "drag_frame": Target(
        "f", "Drag one element, one frame (mouse move and repaint, 100 % zoom)",
        "dragging a movable rectangle in that bare view",
        0.016, per_floor=False, judged_at=10_000),
}


@dataclass(frozen=True)
class Measured:
    key: str  # into TARGETS
    size: int | str
    pair: Pair
    runs: int


def duration(seconds: float) -> str:
    if math.isinf(seconds):
        return "never settled"  # measure_responsiveness gives up on an action after a while
    if seconds < 10:
        return f"{seconds * 1000:,.1f} ms" if seconds < 1 else f"{seconds * 1000:,.0f} ms"
    return f"{seconds:,.1f} s"


def size_text(size: int | str) -> str:
    return f"{size:,}" if isinstance(size, int) else size


def size_order(size: int | str) -> int:
    return size if isinstance(size, int) else 0  # the sample before any generated map


def verdict(target: Target, measured: Measured) -> str:
    if target.judged_at is None:
        return "(not judged)"
    if measured.size != target.judged_at:
        return "(trend)"
    met = target.met(measured.pair)
    return "**within noise**" if met is None else "**met**" if met else "**missed**"


def render_table(rows: list[Measured]) -> str:
    """One line per measure and size, in issue 17's order."""
    order = list(TARGETS)
    rows = sorted(rows, key=lambda row: (order.index(row.key), size_order(row.size)))
    lines = [
        "| target | size | target time | floor time | ratio | bound | judged median: "
        "95 % interval | verdict | pairs |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for row in rows:
        target = TARGETS[row.key]
        lines.append(
            f"| ({target.letter}) {target.what} | {size_text(row.size)} "
            f"| {duration(row.pair.target)} | {duration(row.pair.floor)} "
            f"| {row.pair.ratio:.2f}x | {target.bound_text()} | {target.spread_text(row.pair)} "
            f"| {verdict(target, row)} | {row.runs} |"
        )
    return "\n".join(lines)


def render_floors() -> str:
    """What each floor is, once, below the table."""
    seen: dict[str, str] = {}
    for target in TARGETS.values():
        seen.setdefault(f"({target.letter}) {target.what}", target.floor)
    return "\n".join(f"- {what}: floor is {floor}." for what, floor in seen.items())
