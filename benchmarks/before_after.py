"""Before/after tables, one per issue-17 target, from runs' --json files.

    python -m benchmarks.before_after BEFORE.json [MORE_BEFORE.json ...] AFTER.json

Prints markdown for docs/performance.md: a summary line per target at the size it is judged
at, then for each target and size the target and floor times and their ratio in each run, and
whether the after run meets the target where it is judged; then (d) per action. Several before
files make one before: a later file's rows replace an earlier one's (a re-measured subset).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

from .side_by_side import TARGETS, Measured, duration, size_text, verdict
from .timing import Pair


def load_rows(paths: list[Path]) -> dict[tuple[str, int | str], Measured]:
    rows = {}
    for path in paths:
        data = json.loads(path.read_text(encoding="utf-8"))
        rows.update({
            (row["key"], row["size"]): Measured(
                row["key"], row["size"],
                Pair(row["target"], row["floor"], row["ratio"],  # each pair's: newer runs only
                     *(tuple(row.get(key, ())) for key in ("targets", "floors", "ratios"))),
                row["pairs"])
            for row in data["rows"]
        })
    return rows


def load_actions(paths: list[Path]) -> dict[str, dict[str, list[float]]]:
    """(d) per size (as text) and action: [longest block, idle floor, result shown] (runs
    before the result time was taken have the first two only)."""
    actions: dict[str, dict[str, list[float]]] = {}
    for path in paths:
        data = json.loads(path.read_text(encoding="utf-8"))
        for size, timings in data.get("actions", {}).items():
            actions.setdefault(size, {}).update(timings)
    return actions


def action_cell(timing: list[float] | None) -> str:
    if timing is None:
        return "–"
    shown = duration(timing[2]) if len(timing) > 2 else "not taken"
    return f"{duration(timing[0])} / {shown}"


def render_actions(before: dict, after: dict) -> str:
    """(d) at the size it is judged at: each action's longest block and when its result
    showed, before and after."""
    size = str(TARGETS["longest_block"].judged_at)
    then, now = before.get(size, {}), after.get(size, {})
    lines = [f"| action at {size_text(int(size))} elements | before: longest block / result "
             "shows | after: longest block / result shows | block within 100 ms |",
             "| --- | --- | --- | --- |"]
    for name in dict.fromkeys([*then, *now]):
        met = now[name][0] <= TARGETS["longest_block"].bound if name in now else None
        lines.append(f"| {name} | {action_cell(then.get(name))} | {action_cell(now.get(name))} "
                     f"| {'–' if met is None else 'yes' if met else '**no**'} |")
    return "\n".join(lines)


def cell(row: Measured | None) -> str:
    if row is None:
        return "–"
    if math.isinf(row.pair.target):
        return "never settled (given up after 120 s)"
    spread = TARGETS[row.key].spread(row.pair)
    return (f"{duration(row.pair.target)} / {duration(row.pair.floor)} = {row.pair.ratio:.2f}x"
            + (f" ({TARGETS[row.key].spread_text(row.pair)})" if spread else ""))


def render_summary(before: dict, after: dict) -> str:
    """One line per target at the size it is judged at."""
    lines = ["| target | judged at | before | after | verdict |",
             "| --- | --- | --- | --- | --- |"]
    for key, target in TARGETS.items():
        if target.judged_at is None:
            continue
        now = after.get((key, target.judged_at))
        lines.append(
            f"| ({target.letter}) {target.what}, {target.bound_text()} "
            f"| {size_text(target.judged_at)} | {cell(before.get((key, target.judged_at)))} "
            f"| {cell(now)} | {verdict(target, now) if now else '–'} |")
    return "\n".join(lines)


def render(before: dict, after: dict) -> str:
    sections = []
    for key, target in TARGETS.items():
        sizes = [size for (k, size) in {**before, **after} if k == key]
        if not sizes:
            continue
        judged = (f" at {size_text(target.judged_at)}" if target.judged_at is not None
                  else " (not judged)")
        lines = [
            f"**({target.letter}) {target.what}**, {target.bound_text()}{judged}; "
            f"floor: {target.floor}.",
            "",
            "| size | before: target / floor = ratio | after: target / floor = ratio | verdict |",
            "| --- | --- | --- | --- |",
        ]
        for size in dict.fromkeys(sizes):
            now = after.get((key, size))
            lines.append(f"| {size_text(size)} | {cell(before.get((key, size)))} | {cell(now)} "
                         f"| {verdict(target, now) if now else '–'} |")
        sections.append("\n".join(lines))
    return "\n\n".join(sections)


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.before_after")
    parser.add_argument("runs", type=Path, nargs="+",
                        help="the before run's --json file(s), then the after run's")
    options = parser.parse_args()
    if len(options.runs) < 2:
        parser.error("give a before and an after file")
    befores, after_path = options.runs[:-1], options.runs[-1:]
    before, after = load_rows(befores), load_rows(after_path)
    print(render_summary(before, after))
    print()
    print(render(before, after))
    print()
    print(render_actions(load_actions(befores), load_actions(after_path)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
