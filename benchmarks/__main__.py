"""Run every measurement and write the table to docs/performance.md.

python -m benchmarks            full run: 100, 1,000 and 5,000 elements, medians of 5 runs
python -m benchmarks --quick    100 elements, one run, table printed (CI keeps it working)
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
from datetime import date
from importlib.metadata import version
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402

from .generate import generate_map  # noqa: E402
from .measure_canvas import measure_canvas  # noqa: E402
from .measure_core import measure_core  # noqa: E402
from .measure_pdf import measure_pdf  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {  # measure: (target in seconds or MB, at size, text)
    "load": (0.5, 5000, "under 0.5 s"),
    "save": (0.5, 5000, "under 0.5 s"),
    "analysis": (0.1, 5000, "under 100 ms and at most 2x NetworkX"),
    "canvas_open": (2.0, 5000, "under 2 s"),
    "drag_frame": (0.016, 5000, "under 16 ms"),
    "full_repaint_zoomed_out": (0.033, 5000, "under 33 ms"),
    "pdf_export": (2.5, 1000, "under 2.5 s"),  # with the print-grade map (issue 12)
}


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    libraries = ", ".join(
        f"{name} {version(name)}"
        for name in ("PySide6-Essentials", "networkx", "pydantic", "reportlab")
    )
    return (
        f"{os.cpu_count()} cores, {cpu}; {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}; {libraries}"
    )


def spawn_until_painted(args: list[str]) -> tuple[float, float]:
    """Seconds from spawning a probe to its first painted window, and its peak memory (MB)."""
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.probe", *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    line = child.stdout.readline()
    elapsed = time.perf_counter() - started
    child.wait(timeout=120)
    if not line.startswith("painted"):
        raise RuntimeError(f"probe {args} did not report a painted window")
    return elapsed, float(line.split()[1])


def startup(runs: int) -> dict[str, float]:
    bare = statistics.median(spawn_until_painted(["bare"])[0] for _ in range(runs))
    app = statistics.median(spawn_until_painted(["app"])[0] for _ in range(runs))
    return {"startup_bare": bare, "startup_app": app}


def peak_memory(path: Path) -> float:
    return spawn_until_painted(["app", str(path)])[1]


def run(sizes: list[int], runs: int, with_processes: bool) -> dict:
    from vsm_desktop.io.vsm_file import save_map

    app = QApplication.instance() or QApplication([])  # noqa: F841 (kept alive for the canvas)
    results: dict = {"sizes": {}}
    for size in sizes:
        value_stream_map = generate_map(size)
        row = {**measure_core(value_stream_map, runs), **measure_canvas(value_stream_map, runs)}
        if size <= 1000:
            row.update(measure_pdf(value_stream_map, max(1, runs // 2)))
        if with_processes:
            path = ROOT / "benchmarks" / f".generated-{size}.vsm"
            save_map(value_stream_map, path, keep_backup=False)
            try:
                row["peak_memory_mb"] = peak_memory(path)
            finally:
                path.unlink(missing_ok=True)
        results["sizes"][size] = row
        print(f"{size} elements: " + ", ".join(f"{k} {v:.4g}" for k, v in row.items()), flush=True)
    if with_processes:
        results["startup"] = startup(runs)
    return results


def milliseconds(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    return f"{seconds * 1000:,.1f} ms" if seconds < 10 else f"{seconds:,.1f} s"


def render(results: dict, runs: int) -> str:
    sizes = list(results["sizes"])
    header = "| measure | " + " | ".join(f"{s:,} elements" for s in sizes) + " | target |"
    lines = [header, "|" + " --- |" * (len(sizes) + 2)]
    rows = [
        ("File load", "load"),
        ("File save", "save"),
        ("Analysis", "analysis"),
        ("NetworkX `dag_longest_path` (graph built)", "networkx_longest_path"),
        ("NetworkX build + `dag_longest_path`", "networkx_build_and_longest_path"),
        ("What-if ranking (all elements)", "whatif"),
        ("Open in the canvas, first frame", "canvas_open"),
        ("Drag one element, per frame", "drag_frame"),
        ("Zoomed-out full repaint", "full_repaint_zoomed_out"),
        ("PDF report", "pdf_export"),
    ]
    for label, key in rows:
        cells = [milliseconds(results["sizes"][s].get(key)) for s in sizes]
        target = TARGETS[key][2] if key in TARGETS else ""
        lines.append(f"| {label} | " + " | ".join(cells) + f" | {target} |")
    ratio = [
        results["sizes"][s]["analysis"] / results["sizes"][s]["networkx_longest_path"]
        for s in sizes
    ]
    lines.append(
        "| Analysis ÷ NetworkX longest path | "
        + " | ".join(f"{r:.1f}x" for r in ratio)
        + " | at most 2x |"
    )
    if "peak_memory_mb" in results["sizes"][sizes[-1]]:
        lines.append(
            "| Peak memory, app with the map open | "
            + " | ".join(f"{results['sizes'][s]['peak_memory_mb']:.0f} MB" for s in sizes)
            + " | under 400 MB |"
        )
    lines.append(
        "| File size | "
        + " | ".join(f"{results['sizes'][s]['file_bytes'] / 1024:,.0f} KB" for s in sizes)
        + " | |"
    )
    text = "\n".join(lines)
    if "startup" in results:
        s = results["startup"]
        text += (
            f"\n\nStartup to the first painted window (process spawn to first paint, median "
            f"of {runs}): bare PySide6 QMainWindow {milliseconds(s['startup_bare'])}, "
            f"VSM Desktop with the sample map {milliseconds(s['startup_app'])} "
            f"({s['startup_app'] / s['startup_bare']:.2f}x; target at most 1.5x)."
        )
    return text


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("--quick", action="store_true", help="100 elements, one run")
    parser.add_argument(
        "--output",
        type=Path,
        help="markdown file for the table (default docs/performance-results.md for a full run)",
    )
    options = parser.parse_args()
    sizes, runs = ([100], 1) if options.quick else ([100, 1000, 5000], 5)
    results = run(sizes, runs, with_processes=not options.quick)
    table = render(results, runs)
    print()
    print(table)
    output = options.output or (None if options.quick else ROOT / "docs" / "performance-results.md")
    if output:
        output.write_text(
            f"# Benchmark results\n\nMeasured on {date.today().isoformat()} with "
            f"`python -m benchmarks` (medians of {runs} runs; offscreen Qt).\n\n"
            f"Machine: {machine()}.\n\n{table}\n",
            encoding="utf-8",
        )
        print(f"\nWrote {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
