"""Time every issue-17 target beside its floor, alternately, and write the results.

python -m benchmarks                      100, 1,000, 5,000 and 10,000 elements (20-30 minutes
                                          on a busy 2-core machine)
python -m benchmarks --sizes 100,5000     chosen sizes
python -m benchmarks --quick              100 elements, one pair each (the test suite runs it)
python -m benchmarks --code CHECKOUT      time another checkout's vsm_desktop (e.g. "before")
python -m benchmarks --only pdf,analysis  some measures only
python -m benchmarks --no-bytecode-cache  child processes compile our modules each run

Writes docs/performance-results.md (or --output; --quick only prints) and, with --json, the
raw figures that `python -m benchmarks.before_after` turns into before/after tables.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import sys
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from . import machine  # noqa: E402
from .side_by_side import (  # noqa: E402
    SAMPLE,
    TARGETS,
    Measured,
    duration,
    render_floors,
    render_table,
)

ROOT = Path(__file__).resolve().parent.parent
SIZES = [100, 1000, 5000, 10_000]

# Pairs per measure for maps of up to 1,000 elements and for larger ones: fewer where one run
# takes seconds and the size is not judged. Drag: frames. --quick takes one of each (drag: five
# frames). A judged measure takes at least 6, the fewest whose median's interval reaches 95 %
# (timing.median_interval); (b), whose ratio moved 1.8-2.3x between runs of the same code with
# 3-5 pairs, takes 15 (its median lies between the 4th and the 12th of 15 ratios).
PAIRS = {
    "analysis": (15, 15),
    "analyze_process": (15, 15),
    "start_with_map": (6, 6),
    "file_open": (6, 6),
    "canvas_open": (5, 3),
    "drag_frame": (50, 50),
    "pdf": (6, 1),
    "startup": (7, 7),
    "other": (5, 3),
}


def pairs(measure: str, size: int | str, quick: bool) -> int:
    if quick:
        return 5 if measure == "drag_frame" else 1
    small, large = PAIRS[measure]
    return small if size == SAMPLE or int(size) <= 1000 else large


def measure_code(checkout: Path | None) -> str:
    """Import vsm_desktop from `checkout` (here and in every child process); its commit."""
    if checkout is not None:
        sys.path.insert(0, str(checkout.resolve()))
        os.environ["PYTHONPATH"] = str(checkout.resolve())
    import vsm_desktop

    measured = Path(vsm_desktop.__file__).resolve().parent.parent
    if checkout is not None and measured != checkout.resolve():
        raise SystemExit("vsm_desktop was imported before --code could take effect")
    return machine.commit(measured)


def run(
    sizes: list[int], quick: bool, only: set[str] | None, skip: tuple[str, ...],
    done_so_far: Callable[[list[Measured], dict, dict], object] = lambda *results: None,
) -> tuple[list[Measured], dict, dict]:
    """Every measure (or those in `only`) at every size; the other figures (no floor, taken
    only when every measure runs) and each action's longest block, per size."""
    from PySide6.QtWidgets import QApplication

    from vsm_desktop.io.vsm_file import save_map

    from .generate import generate_map
    from .measure_analysis import measure_in_app, measure_process
    from .measure_canvas import measure_canvas, zoomed_out_repaint
    from .measure_core import measure_core
    from .measure_file_open import measure_file_open
    from .measure_pdf import measure_pdf
    from .measure_responsiveness import longest_block, measure_responsiveness
    from .measure_startup import measure_start_with_map, measure_startup

    app = QApplication.instance() or QApplication([])  # noqa: F841 (kept for the canvas)
    rows: list[Measured] = []
    other: dict = {}
    actions: dict = {}  # size: {action: measure_responsiveness.Timing}

    def wanted(key: str) -> bool:
        return only is None or key in only

    def report(row: Measured) -> None:
        print(f"{row.key} at {row.size}: {duration(row.pair.target)} against "
              f"{duration(row.pair.floor)}, {row.pair.ratio:.2f}x", flush=True)
        rows.append(row)
        done_so_far(rows, other, actions)  # what is done survives a run cut short

    if wanted("startup"):
        report(measure_startup(pairs("startup", SAMPLE, quick)))
    for size in sizes if only != {"startup"} else []:
        value_stream_map = generate_map(size)
        figures: dict[str, float] = {}
        runs = pairs("other", size, quick)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"generated-{size}.vsm"
            save_map(value_stream_map, path, keep_backup=False)
            if only is None:
                figures.update(measure_core(value_stream_map, runs))
            if wanted("analysis"):
                report(measure_in_app(value_stream_map, size, pairs("analysis", size, quick)))
            if wanted("analyze_process"):
                report(measure_process(path, size, pairs("analyze_process", size, quick)))
            if wanted("start_with_map"):
                started, figures["peak_mb"] = measure_start_with_map(
                    path, size, pairs("start_with_map", size, quick))
                report(started)
            if wanted("file_open"):
                report(measure_file_open(path, value_stream_map, size,
                                         pairs("file_open", size, quick)))
        if wanted("canvas_open") or wanted("drag_frame"):
            for row in measure_canvas(value_stream_map, size, pairs("canvas_open", size, quick),
                                      pairs("drag_frame", size, quick)):
                report(row)
        if only is None:
            figures["zoomed_out_repaint"] = zoomed_out_repaint(value_stream_map, runs)
        if wanted("longest_block"):
            actions[size] = measure_responsiveness(value_stream_map, 1, skip)
            report(longest_block(actions[size], size, 1))
        if wanted("pdf"):
            report(measure_pdf(value_stream_map, size, pairs("pdf", size, quick)))
        if only is None:
            other[size] = figures
        done_so_far(rows, other, actions)
    return rows, other, actions


OTHER_FIGURES = (  # key, label, format
    ("file_kb", "File size", lambda kb: f"{kb:,.0f} KB"),
    ("load", "File load", duration),
    ("save", "File save", duration),
    ("whatif", "What-if ranking (all elements)", duration),
    ("zoomed_out_repaint", "Zoomed-out full repaint (whole map fitted)", duration),
    ("peak_mb", "Peak memory, app started with the map", lambda mb: f"{mb:,.0f} MB"),
)


def render_other(other: dict) -> str:
    sizes = sorted(other)
    if not sizes:
        return "(not taken: only some measures ran)"
    lines = ["| figure | " + " | ".join(f"{size:,} elements" for size in sizes) + " |",
             "|" + " --- |" * (len(sizes) + 1)]
    for key, label, text in OTHER_FIGURES:
        lines.append(f"| {label} | " + " | ".join(text(other[s][key]) for s in sizes) + " |")
    return "\n".join(lines)


def render_actions(actions: dict) -> str:
    """Per action and size: the longest block, and when the result showed (see
    measure_responsiveness: every worker idle and nothing else set off still running)."""
    sizes = sorted(actions)
    if not sizes:
        return "(not taken)"
    names = dict.fromkeys(name for size in sizes for name in actions[size])
    lines = ["| action: longest block / result shows after | "
             + " | ".join(f"{size:,} elements" for size in sizes) + " |",
             "|" + " --- |" * (len(sizes) + 1)]
    for name in names:
        cells = [action_cell(actions[s].get(name)) for s in sizes]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    floors = [duration(statistics.median(t.floor for t in actions[s].values())) for s in sizes]
    lines.append("| *idle heartbeat's longest gap (median)* | " + " | ".join(floors) + " |")
    return "\n".join(lines)


def action_cell(timing) -> str:
    if timing is None:
        return "–"
    if math.isinf(timing.block):
        return "never settled"
    return f"{duration(timing.block)} / {duration(timing.shown)}"


def render(rows: list[Measured], other: dict, actions: dict, code: str, command: str,
           loads: tuple, finished: bool = True) -> str:
    return "\n".join([
        "# Benchmark results",
        "",
        *([] if finished else ["**Partial: the run was still going when this was written.**",
                               ""]),
        f"Measured on {date.today().isoformat()} with `{command}`, code at commit {code}.",
        "Each target is timed alternately with its floor (the order flipping every pair); times",
        "are medians, the ratio is the median of the per-pair ratios. A ratio target is judged",
        "on the ratio; a time target on the target's own median, which carries the load with it.",
        "The verdict is taken on the interval that median lies in with 95 % odds (from the",
        "pairs' own figures): met or missed only when the whole interval says so, else within",
        "noise. A figure taken once ((d)) is judged on its value.",
        "",
        "## Machine",
        "",
        *machine.describe(*loads),
        "",
        "## Issue 17 targets",
        "",
        render_table(rows),
        "",
        "Floors:",
        "",
        render_floors(),
        "",
        "## (d) Each action: the longest block of the window, and when its result shows",
        "",
        render_actions(actions),
        "",
        "## Other figures (no floor; medians)",
        "",
        render_other(other),
        "",
    ])


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("--quick", action="store_true", help="100 elements, one pair each")
    parser.add_argument("--sizes", help="comma-separated map sizes (default 100,1000,5000,10000)")
    parser.add_argument("--code", type=Path, help="a checkout whose vsm_desktop is timed")
    parser.add_argument("--only", help="comma-separated measures: " + ", ".join(TARGETS))
    parser.add_argument("--output", type=Path, help="markdown file for the results (default "
                        "docs/performance-results.md, except with --quick)")
    parser.add_argument("--json", type=Path, help="also write the raw figures to this file")
    parser.add_argument("--skip", action="append", default=[],
                        help="(d): leave out actions whose name contains this text "
                        "(repeatable; the code before the session laid out 5,000 elements "
                        "for minutes: --skip 'auto layout')")
    parser.add_argument("--no-bytecode-cache", action="store_true",
                        help="child processes compile our modules each run when the "
                        "environment sets PYTHONDONTWRITEBYTECODE (as no installed copy does)")
    options = parser.parse_args()
    if options.no_bytecode_cache:
        from .processes import compile_every_run

        compile_every_run()
    sizes = ([int(s) for s in options.sizes.split(",")] if options.sizes
             else [100] if options.quick else SIZES)
    code = measure_code(options.code)
    load_at_start = machine.load_average()
    only = set(options.only.split(",")) if options.only else None
    if only and not only <= set(TARGETS):
        parser.error(f"--only takes {', '.join(TARGETS)}")
    command = " ".join([  # as typed, without the paths (the text goes into the repository)
        "python -m benchmarks",
        *(["--quick"] if options.quick else []),
        *([f"--sizes {options.sizes}"] if options.sizes else []),
        *([f"--only {options.only}"] if options.only else []),
        *(f"--skip '{text}'" for text in options.skip),
        *(["--no-bytecode-cache"] if options.no_bytecode_cache else []),
        *(["--code CHECKOUT"] if options.code else []),
    ])
    output = options.output or (None if options.quick else ROOT / "docs"
                                / "performance-results.md")

    def write(rows: list[Measured], other: dict, actions: dict, finished: bool) -> str:
        loads = (load_at_start, machine.load_average())
        text = render(rows, other, actions, code, command, loads, finished)
        if output:
            output.write_text(text, encoding="utf-8")
        if options.json:
            options.json.write_text(json.dumps({
                "code": code, "date": date.today().isoformat(), "loads": loads,
                "complete": finished,
                "rows": [{"key": r.key, "size": r.size, "target": r.pair.target,
                          "floor": r.pair.floor, "ratio": r.pair.ratio, "pairs": r.runs,
                          "targets": r.pair.targets, "floors": r.pair.floors,
                          "ratios": r.pair.ratios}
                         for r in rows],
                "other": other,
                "actions": actions,
            }, indent=1), encoding="utf-8")
        return text

    rows, other, actions = run(
        sizes, options.quick, only, tuple(options.skip),
        lambda *results: write(*results, finished=False),
    )
    text = write(rows, other, actions, finished=True)
    print()
    print(text)
    if output:
        print(f"Wrote {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
