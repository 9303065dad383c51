"""Before/after tables, one per issue-17 target, from two runs' --json files.

    python -m benchmarks.before_after BEFORE.json AFTER.json

Prints markdown for docs/performance.md: a summary line per target at the size it is judged
at, then for each target and size the target and floor times and their ratio in each run, and
whether the after run meets the target where it is judged.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

from .side_by_side import TARGETS, Measured, duration, size_text, verdict
from .timing import Pair


def load_rows(path: Path) -> dict[tuple[str, int | str], Measured]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return {
        (row["key"], row["size"]): Measured(
            row["key"], row["size"], Pair(row["target"], row["floor"], row["ratio"]),
            row["pairs"])
        for row in data["rows"]
    }


def cell(row: Measured | None) -> str:
    if row is None:
        return "–"
    if math.isinf(row.pair.target):
        return "never settled (given up after 120 s)"
    return f"{duration(row.pair.target)} / {duration(row.pair.floor)} = {row.pair.ratio:.2f}x"


def render_summary(before: dict, after: dict) -> str:
    """One line per target at the size it is judged at."""
    lines = ["| target | judged at | before | after | verdict |",
             "| --- | --- | --- | --- | --- |"]
    for key, target in TARGETS.items():
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
        lines = [
            f"**({target.letter}) {target.what}**, {target.bound_text()} at "
            f"{size_text(target.judged_at)}; floor: {target.floor}.",
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
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    options = parser.parse_args()
    before, after = load_rows(options.before), load_rows(options.after)
    print(render_summary(before, after))
    print()
    print(render(before, after))
    return 0


if __name__ == "__main__":
    sys.exit(main())
