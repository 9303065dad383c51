"""The headless command line: analyze, validate, import and export .vsm maps.

Bad input never prints a traceback: every expected failure becomes one line on stderr naming the
file and the problem, and a non-zero exit code:

  0  done
  1  the input was refused (a missing, unreadable or damaged file)
  2  the command line itself is wrong (unknown command or option, missing argument)
  3  the work could not be finished (the output could not be written)
  4  merge: conflicts are left to choose; nothing was written
  5  validate: the file reads, but the map has a problem (a flow cycle, no path to the end)
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import textwrap
from pathlib import Path

from . import __version__
from .analysis import FlowAnalysis, Severity, analyze
from .analysis.definitions import label
from .analysis.formatting import (
    LEAD_TIME_UNKNOWN,
    LEAD_TIME_UNKNOWN_REASON,
    delta_text,
    figure_text,
    share_text,
    value_text,
)
from .analysis.network import PreparedMap
from .analysis.stream_figures import round_hours, stream_figures, stream_figures_json
from .analysis.stream_text import stream_summary_lines
from .model import MapState, MapStates, ValueStreamMap, format_duration

SUBCOMMANDS = ("analyze", "validate", "import", "export", "compare", "whatif", "merge")

EXIT_OK = 0
EXIT_BAD_INPUT = 1
EXIT_USAGE = 2  # argparse's own code for a wrong command line
EXIT_FAILED = 3
EXIT_CONFLICTS = 4  # merge: conflicts left to choose, nothing written
EXIT_PROBLEMS = 5  # validate: the file loads but the map has a problem (a flow cycle)


class CommandError(Exception):
    """A failure the user can fix; its message is printed as it is."""

    def __init__(self, message: str, exit_code: int = EXIT_BAD_INPUT) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="vsm-desktop",
        description="Value stream maps: with no arguments the editor opens on the sample map; "
        "'vsm-desktop FILE' opens FILE.",
    )
    parser.add_argument("--version", action="version", version=f"VSM Desktop {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    analyze_cmd = commands.add_parser("analyze", help="print lead time, waits and flow figures")
    analyze_cmd.add_argument("file", help="a .vsm map")
    analyze_cmd.add_argument("--json", action="store_true", help="print one JSON object")
    analyze_cmd.add_argument("--state", choices=("current", "future"), default="current",
                             help="which state of the file (default: current)")

    validate_cmd = commands.add_parser("validate", help="check that a .vsm file is sound")
    validate_cmd.add_argument("file", help="a .vsm map")

    import_cmd = commands.add_parser(
        "import", help="build a map from a CSV of steps or a draw.io value stream map"
    )
    import_cmd.add_argument("file", help="a CSV file or a .drawio file (see docs/file-format.md)")
    import_cmd.add_argument("-o", "--output", required=True, help="the .vsm file to write")
    import_cmd.add_argument("--title", help="title of the new map (default: the CSV's name)")
    import_cmd.add_argument("--force", action="store_true", help="overwrite an existing file")

    compare_cmd = commands.add_parser(
        "compare", help="current state against future state: every figure and element"
    )
    compare_cmd.add_argument("files", nargs="+", metavar="FILE",
                             help="one file with both states, or two files (current, future)")
    compare_cmd.add_argument("--json", action="store_true", help="print one JSON object")

    whatif_cmd = commands.add_parser(
        "whatif", help="rank elements by the lead time a change to them would save"
    )
    whatif_cmd.add_argument("file", help="a .vsm map")
    whatif_cmd.add_argument("--state", choices=("current", "future"), default="current")
    whatif_cmd.add_argument("--automated-share", type=float, default=0.1, metavar="SHARE",
                            help="share of process time left when automated (default 0.1)")
    whatif_cmd.add_argument("--top", type=int, default=10, help="rows to print (default 10)")
    whatif_cmd.add_argument("--json", action="store_true", help="print one JSON object")

    export_cmd = commands.add_parser(
        "export", help="write a PDF report, PNG or SVG image, CSV of steps or a draw.io "
        "diagram (by extension)"
    )
    export_cmd.add_argument("file", help="a .vsm map")
    export_cmd.add_argument("-o", "--output", required=True,
                            help="report.pdf, map.png, map.svg, steps.csv or map.drawio")
    export_cmd.add_argument("--page-size", choices=("A4", "Letter", "A3"), default="A4",
                            help="PDF page size (default A4)")
    export_cmd.add_argument("--portrait", action="store_true", help="PDF in portrait")
    export_cmd.add_argument("--dpi", type=int, default=150, help="PNG resolution (default 150)")

    merge_cmd = commands.add_parser(
        "merge", help="merge a returned copy of a map into yours (field by field, by id)"
    )
    merge_cmd.add_argument("mine", metavar="MINE", help="your .vsm")
    merge_cmd.add_argument("theirs", metavar="THEIRS", help="the returned copy")
    merge_cmd.add_argument("-o", "--output", required=True, help="the merged .vsm to write")
    merge_cmd.add_argument("--base", metavar="BASE",
                           help="the map as it was sent (default: the state recorded in the "
                                "copy by Save a Copy for Review)")
    merge_cmd.add_argument("--prefer", choices=("mine", "theirs"),
                           help="settle every conflict for this side (default: stop and list "
                                "the conflicts)")
    return parser


def run_subcommand(args: list[str]) -> int:
    parser = build_parser()
    try:
        options = parser.parse_args(args)
    except SystemExit as exit_request:  # --help, --version, or a usage error (code 2)
        return exit_request.code if isinstance(exit_request.code, int) else EXIT_USAGE
    if options.command is None:
        parser.print_help()
        return EXIT_OK
    handler = {
        "analyze": _analyze, "validate": _validate, "import": _import, "export": _export,
        "compare": _compare, "whatif": _whatif, "merge": _merge,
    }[options.command]
    try:
        return handler(options)
    except CommandError as error:
        print(f"vsm-desktop: {error}", file=sys.stderr)
        return error.exit_code
    except BrokenPipeError:
        # `vsm-desktop whatif map.vsm | head`: the reader has all it wanted. Point stdout at
        # devnull so the interpreter's final flush does not complain about the closed pipe.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except KeyboardInterrupt:
        return 130


def _load_states(path: str) -> MapStates:
    from .io.errors import VsmFileError
    from .io.vsm_file import load_states

    try:
        return load_states(Path(path))
    except VsmFileError as error:
        raise CommandError(str(error)) from None


def _load(path: str, state: str = "current") -> ValueStreamMap:
    states = _load_states(path)
    if state == "current":
        return states.current
    futures = [m for m in states.maps if m.info.state is MapState.FUTURE]
    if not futures:
        raise CommandError(f"{Path(path).name} holds no future state; create one in the editor "
                           "(Map > New future state)")
    return futures[-1]


# -- analyze ---------------------------------------------------------------------------------


def analysis_as_json(
    value_stream_map: ValueStreamMap, result: FlowAnalysis, prepared: PreparedMap | None = None
) -> dict:
    """prepared: the map with its graph already built, if the caller has it."""
    prepared = prepared or PreparedMap.of(value_stream_map)
    elements = {e.id: e for e in value_stream_map.elements}
    lanes = {lane.id: lane.name for lane in value_stream_map.lanes}

    def name(element_id: str | None) -> str | None:
        return None if element_id is None else elements[element_id].display_name

    figures = {
        "title": value_stream_map.info.title,
        "state": value_stream_map.info.state.value,
        "lead_time_hours": round_hours(result.lead_time),
        "process_time_hours": round_hours(result.process_time),
        "wait_time_hours": round_hours(result.wait_time),
        "flow_efficiency": _significant(result.flow_efficiency),
        "rolled_pca": result.rolled_pca,
        "critical_path": [name(i) for i in result.critical_path],
        "critical_path_ids": list(result.critical_path),
        "handovers": result.handovers_total,
        "handovers_on_critical_path": result.handovers_on_critical_path,
        "total_wait_hours": round_hours(result.total_wait),
        "constraint": name(result.constraint_id),
        "rework_extra_hours": round_hours(result.rework_extra_time),
        "expected_lead_time_hours": round_hours(result.expected_lead_time),
        "hours_per_day": result.hours_per_day,
        "days_per_week": result.days_per_week,
        "lanes": [
            {"lane": lanes.get(t.lane_id or "", "(no lane)"),
             "process_time_hours": round_hours(t.process_time),
             "wait_time_hours": round_hours(t.wait_time)}
            for t in result.lane_times
        ],
        # Keyed by name, so two elements of one name share a key: kept one version for old
        # readers; "elements" below carries slack by id.
        "slack_hours": {name(i): round_hours(timing.slack)
                        for i, timing in result.timings.items()},
        "warnings": [f.message for f in result.findings],
        "problems": [f.message for f in result.findings if f.severity.value == "problem"],
        **stream_figures_json(
            value_stream_map, result, _stream_figures(value_stream_map, result, prepared)
        ),
    }
    # The simulation (and numpy) is loaded only for --json: the summary does not need it.
    from .analysis.monte_carlo import lead_time_distribution_json

    figures.update(lead_time_distribution_json(prepared, figures["elements"]))
    return figures


def _significant(share: float | None) -> float | None:
    """A share to six significant digits: no float noise, and a tiny share stays non-zero."""
    return None if share is None else float(f"{share:.6g}")


def _stream_figures(value_stream_map: ValueStreamMap, result: FlowAnalysis, prepared):
    from .analysis.whatif import rank_what_ifs

    return stream_figures(value_stream_map, result, rank_what_ifs(prepared))


def format_summary(
    value_stream_map: ValueStreamMap, result: FlowAnalysis, prepared: PreparedMap | None = None
) -> str:
    calendar = value_stream_map.calendar
    elements = {e.id: e for e in value_stream_map.elements}

    def duration(hours: float | None) -> str:
        if hours is None:
            return f"{LEAD_TIME_UNKNOWN} ({LEAD_TIME_UNKNOWN_REASON})"
        return f"{format_duration(hours, calendar)} ({round(hours, 4):g} h)"

    def percent(share: float | None) -> str:
        return share_text(share)

    info = value_stream_map.info
    rows = [
        (label("lead_time"), duration(result.lead_time)),
        (label("process_time"), duration(result.process_time)),
        (label("wait_time"), duration(result.wait_time)),
        (label("flow_efficiency"), percent(result.flow_efficiency)),
        (label("rolled_pca"), percent(result.rolled_pca)),
        (label("handovers"), f"{result.handovers_on_critical_path} on the critical path, "
                             f"{result.handovers_total} in the map"),
        (label("total_wait"), duration(result.total_wait)),
    ]
    figures = _stream_figures(value_stream_map, result, prepared or value_stream_map)
    rows.insert(4, (label("value_adding_efficiency"), percent(figures.value_adding_efficiency)))
    if figures.constraint is not None:
        rows.append((label("constraint"), figures.constraint.names_text()))
        # Ties and what cutting the wait really saves, wrapped under the name.
        rows += [("", line) for line in
                 textwrap.wrap(figures.constraint.explanation(calendar), 72)]
    if result.rework_loops:
        rows.append((label("rework_extra_time"),
                     f"+{format_duration(result.rework_extra_time, calendar)} on average "
                     f"(lead time with rework "
                     f"{format_duration(result.expected_lead_time, calendar)})"))
    width = max(len(name) for name, _ in rows)
    lines = [f"{info.title} — {info.state.label}",
             f"Calendar: {calendar.hours_per_day:g} h per working day, "
             f"{calendar.days_per_week:g} days per week", ""]
    lines += [f"  {name.ljust(width)}  {value}" for name, value in rows]
    lines += ["", "Critical path:",
              "  " + " → ".join(elements[i].display_name for i in result.critical_path)]
    lines += stream_summary_lines(figures, value_stream_map.calendar)
    if result.findings:
        lines += ["", "Warnings:"]
        lines += [f"  - {finding.message}" for finding in result.findings]
    return "\n".join(lines)


def _analyze(options) -> int:
    value_stream_map = _load(options.file, options.state)
    prepared = PreparedMap.of(value_stream_map)  # one graph for the analysis and the what-ifs
    result = analyze(prepared)
    if options.json:
        print(json.dumps(analysis_as_json(value_stream_map, result, prepared), indent=2,
                         ensure_ascii=False))
    else:
        print(format_summary(value_stream_map, result, prepared))
    return EXIT_OK


# -- compare and what-if --------------------------------------------------------------------


def _compare(options) -> int:
    from .analysis.compare import compare_maps

    if len(options.files) > 2:
        raise CommandError("compare takes one file with both states, or two files")
    if len(options.files) == 2:
        current, future = _load(options.files[0]), _load(options.files[1])
    else:
        current, future = _load(options.files[0]), _load(options.files[0], "future")
    comparison = compare_maps(current, future)
    if options.json:
        print(json.dumps(comparison_as_json(comparison), indent=2, ensure_ascii=False))
    else:
        print(format_comparison(comparison))
    return EXIT_OK


def format_comparison(comparison) -> str:
    calendar = comparison.current.calendar
    rows = [(f.label, figure_text(f.before, f.unit, calendar),
             figure_text(f.after, f.unit, calendar), delta_text(f, calendar))
            for f in comparison.figures]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = [f"{comparison.current.info.title}  →  {comparison.future.info.title}", "",
             f"  {'':{widths[0]}}  {'Current':>{widths[1]}}  {'Future':>{widths[2]}}  Change"]
    lines += [f"  {a:{widths[0]}}  {b:>{widths[1]}}  {c:>{widths[2]}}  {d}" for a, b, c, d in rows]
    for status, title in (("removed", "Removed"), ("added", "Added"), ("changed", "Changed")):
        changes = comparison.by_status(status)
        if not changes:
            continue
        lines += ["", f"{title}:"]
        for change in changes:
            detail = "; ".join(
                f"{field} {value_text(old, field, calendar)} → {value_text(new, field, calendar)}"
                for field, (old, new) in change.changes.items()
            )
            lines.append(f"  - {change.name}" + (f": {detail}" if detail else ""))
    return "\n".join(lines)


def comparison_as_json(comparison) -> dict:
    return {
        "current": comparison.current.info.title,
        "future": comparison.future.info.title,
        "figures": {
            f.key: {"before": f.before, "after": f.after, "change": f.delta, "unit": f.unit}
            for f in comparison.figures
        },
        "elements": [
            {"id": c.element_id, "name": c.name, "kind": c.kind.value, "status": c.status,
             "changes": {k: [_plain(old), _plain(new)] for k, (old, new) in c.changes.items()}}
            for c in comparison.elements
        ],
    }


def _plain(value):
    return getattr(value, "value", value)


def what_if_changes_json(row) -> dict:
    """Each change: offered or not, the lead time and saving if offered, why not if not."""
    lead_times = {"no_wait": row.lead_time_without_wait, "automate": row.lead_time_automated,
                  "remove": row.lead_time_removed}
    changes = {}
    for change, lead_time in lead_times.items():
        if change in row.refused:
            changes[change] = {"allowed": False, "reason": row.refused[change]}
        else:
            changes[change] = {"allowed": True, "label": row.change_label(change),
                               "lead_time_hours": round_hours(lead_time),
                               "gain_hours": round_hours(row.baseline - lead_time)}
    return changes


def _p85_gains(value_stream_map, rows, automated_share: float) -> dict[str, dict[str, float]]:
    """For a map with ranges: what each offered change of these rows takes off the P85 lead
    time, in hours, by element id (the top rows only: one simulation per change)."""
    from .analysis.ranged import has_ranges

    if not has_ranges(value_stream_map):
        return {}
    from .analysis.monte_carlo import p85_effects

    changes = [(row.element_id, change) for row in rows for change in row.gains]
    effects = p85_effects(value_stream_map, changes, automated_share)
    gains: dict[str, dict[str, float]] = {}
    for (element_id, change), hours in effects.items():
        rounded = round_hours(hours)
        assert rounded is not None  # hours is a number
        gains.setdefault(element_id, {})[change] = rounded
    return gains


def _whatif(options) -> int:
    from .analysis.whatif import rank_what_ifs

    if not 0 <= options.automated_share <= 1:
        raise CommandError("--automated-share is a share between 0 and 1, such as 0.1")
    value_stream_map = _load(options.file, options.state)
    ranking = rank_what_ifs(value_stream_map, options.automated_share)
    if options.json:
        p85 = _p85_gains(value_stream_map, ranking[: options.top], options.automated_share)
        print(json.dumps({
            "lead_time_hours": ranking[0].baseline if ranking else analyze(value_stream_map
                                                                           ).lead_time,
            "automated_share": options.automated_share,
            "ranking": [
                {"id": row.element_id, "name": row.name, "kind": row.kind.value,
                 "value_category": row.value_category.value,
                 "lead_time_without_wait_hours": round_hours(row.lead_time_without_wait),
                 "lead_time_automated_hours": round_hours(row.lead_time_automated),
                 "lead_time_removed_hours": round_hours(row.lead_time_removed),
                 "best_change": row.best_change, "best_change_label": row.best_change_label,
                 "best_gain_hours": round_hours(row.best_gain),
                 "changes": what_if_changes_json(row),
                 **({"p85_gains_hours": p85[row.element_id]} if row.element_id in p85 else {})}
                for row in ranking
            ],
        }, indent=2, ensure_ascii=False))
        return EXIT_OK
    calendar = value_stream_map.calendar
    baseline = ranking[0].baseline if ranking else analyze(value_stream_map).lead_time
    if baseline is None:
        print(f"{value_stream_map.info.title}: lead time {LEAD_TIME_UNKNOWN} "
              f"({LEAD_TIME_UNKNOWN_REASON}); no change can be measured against it")
        return EXIT_OK
    print(f"{value_stream_map.info.title}: lead time {format_duration(baseline, calendar)}; "
          "lead time saved by each change")
    rows: list[tuple[str, ...]] = [("", "Element", "Wait to 0", "Automate", "Remove")]
    for rank, row in enumerate(ranking[: options.top], start=1):
        gains = row.gains
        rows.append((f"{rank}.", row.name, *(
            "not offered" if change not in gains else
            ("0" if gains[change] <= 1e-9 else format_duration(gains[change], calendar))
            for change in ("no_wait", "automate", "remove")
        )))
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    for r in rows:
        print(f"  {r[0]:>{widths[0]}} {r[1]:{widths[1]}}  " +
              "  ".join(f"{cell:>{widths[i + 2]}}" for i, cell in enumerate(r[2:])))
    print(f"\nAutomated: process time cut to {options.automated_share:.0%}. Only elements on "
          "the critical path can shorten the lead time. Removal is offered only for waste "
          "(queues, steps marked as waste); value-adding work and necessary controls are "
          "offered less wait or automation; automation only for manual work.")
    return EXIT_OK


# -- validate --------------------------------------------------------------------------------


def _validate(options) -> int:
    value_stream_map = _load(options.file)
    result = analyze(value_stream_map)
    print(f"{options.file}: valid VSM Desktop map '{value_stream_map.info.title}' "
          f"({len(value_stream_map.elements)} elements, {len(value_stream_map.connections)} "
          f"connections, {len(value_stream_map.lanes)} lanes)")
    for finding in result.findings:
        print(f"  {finding.severity.value}: {finding.message}")
    problems = [f for f in result.findings if f.severity is Severity.PROBLEM]
    if problems:
        # A flow cycle or an unjoined flow makes the figures unreliable: the map is not sound.
        print(f"{options.file}: {len(problems)} problem{'s' if len(problems) > 1 else ''} "
              "to fix (see above)", file=sys.stderr)
        return EXIT_PROBLEMS
    return EXIT_OK


# -- import and export -----------------------------------------------------------------------


def _refuse_overwrite(path: Path, force: bool) -> None:
    if path.exists() and not force:
        raise CommandError(f"{path} already exists; add --force to overwrite it")


def _import(options) -> int:
    from .io.csv_steps import load_steps_csv
    from .io.errors import VsmFileError
    from .io.vsm_file import save_map

    output = Path(options.output)
    _refuse_overwrite(output, options.force)
    if Path(options.file).suffix.lower() in (".drawio", ".xml"):
        return _import_drawio(options, output)
    notices: list[str] = []
    try:
        value_stream_map = load_steps_csv(Path(options.file), notices=notices)
    except VsmFileError as error:
        raise CommandError(str(error)) from None
    for notice in notices:
        print(f"note: {notice}")
    if options.title:
        value_stream_map.info.title = options.title
    try:
        save_map(value_stream_map, output)
    except VsmFileError as error:
        raise CommandError(str(error), EXIT_FAILED) from None
    print(f"Wrote {output}: {len(value_stream_map.elements)} elements, "
          f"{len(value_stream_map.connections)} connections.")
    return EXIT_OK


def _import_drawio(options, output: Path) -> int:
    from .io.drawio_import import load_drawio
    from .io.errors import VsmFileError
    from .io.vsm_file import save_states

    try:
        imported = load_drawio(Path(options.file))
    except VsmFileError as error:
        raise CommandError(str(error)) from None
    states = imported.states
    if options.title:
        states.current.info.title = options.title
    try:
        save_states(states, output)
    except VsmFileError as error:
        raise CommandError(str(error), EXIT_FAILED) from None
    for warning in imported.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    current = states.current
    print(f"Wrote {output}: {len(current.elements)} elements, {len(current.connections)} "
          f"connections" + (f", {len(states.maps) - 1} future state(s)"
                            if len(states.maps) > 1 else "") + ".")
    return EXIT_OK


def _export(options) -> int:
    output = Path(options.output)
    suffix = output.suffix.lower()
    if suffix not in (".pdf", ".png", ".svg", ".csv", ".drawio"):
        raise CommandError(
            f"cannot tell the format of '{output.name}': use .pdf, .png, .svg, .csv or .drawio"
        )
    states = _load_states(options.file)
    value_stream_map = states.current
    if suffix == ".pdf":
        from .export.pdf_report import ReportError, write_report

        try:
            write_report(value_stream_map, analyze(value_stream_map), output,
                         page_size=options.page_size, landscape=not options.portrait,
                         source_name=Path(options.file).name, states=states)
        except ReportError as error:
            raise CommandError(str(error), EXIT_FAILED) from None
    elif suffix == ".csv":
        from .io.csv_steps import save_steps_csv
        from .io.errors import VsmFileError

        try:
            save_steps_csv(value_stream_map, output)
        except VsmFileError as error:
            raise CommandError(str(error), EXIT_FAILED) from None
    elif suffix == ".drawio":
        from .io.drawio_export import save_drawio
        from .io.errors import VsmFileError

        try:
            save_drawio(states, output)  # every state, one page each
        except VsmFileError as error:
            raise CommandError(str(error), EXIT_FAILED) from None
    else:
        _export_image(value_stream_map, output, options.dpi)
    print(f"Wrote {output}")
    return EXIT_OK


def _export_image(value_stream_map: ValueStreamMap, output: Path, dpi: int) -> None:
    # PNG and SVG are drawn by the canvas itself; the offscreen platform needs no display.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from .ui.canvas.image_export import (
        ImageExportError,
        build_scene_for_export,
        render_png,
        render_svg,
    )

    scene = build_scene_for_export(value_stream_map, analyze(value_stream_map))
    try:
        if output.suffix.lower() == ".png":
            render_png(scene, output, dpi=dpi)
        else:
            render_svg(scene, output)
    except ImageExportError as error:
        raise CommandError(str(error), EXIT_FAILED) from None


# -- merge -----------------------------------------------------------------------------------


def _merge(options) -> int:
    from .io.errors import VsmFileError
    from .io.merge import MergeError, find_base, merge_states, side_labels
    from .io.vsm_file import save_states

    mine, theirs = _load_states(options.mine), _load_states(options.theirs)
    base: MapStates | None
    if options.base:
        base, base_note = _load_states(options.base), f"base {Path(options.base).name}"
    else:
        base = find_base(mine, theirs)
        base_note = ("base: the map as it was sent for review" if base is not None else
                     "no base recorded: every difference is a choice (give --base BASE.vsm)")
    labels = side_labels(mine, theirs, Path(options.mine), Path(options.theirs))
    try:
        outcome = merge_states(mine, theirs, base, labels)
    except MergeError as error:
        raise CommandError(f"cannot merge {Path(options.theirs).name} into "
                           f"{Path(options.mine).name}: {error}") from None
    print(f"Merging {Path(options.theirs).name} into {Path(options.mine).name} ({base_note})")
    for side in ("mine", "theirs"):
        changes = outcome.changes_of(side)
        if changes:
            print(f"{labels[side]}:")
            for change in changes:
                where = "" if change.state == "Current state" else f"{change.state}: "
                print(f"  - {where}{change.text}")
    if outcome.conflicts and options.prefer is None:
        count = len(outcome.conflicts)
        print(f"vsm-desktop: {count} conflict{'s' if count > 1 else ''}; nothing was written:",
              file=sys.stderr)
        for conflict in outcome.conflicts:
            print(f"  - {conflict.title}: {labels['mine']}: {conflict.mine}; "
                  f"{labels['theirs']}: {conflict.theirs}", file=sys.stderr)
        print("Choose a side for all with --prefer mine or --prefer theirs, or merge in the "
              "editor (File > Merge Returned Copy…) to choose one by one.", file=sys.stderr)
        return EXIT_CONFLICTS
    try:
        merged = outcome.resolve(prefer=options.prefer or "mine")
    except MergeError as error:
        raise CommandError(str(error)) from None
    try:
        save_states(merged, Path(options.output))
    except VsmFileError as error:
        raise CommandError(str(error), EXIT_FAILED) from None
    settled = (f"; {len(outcome.conflicts)} conflict(s) settled for {options.prefer}"
               if outcome.conflicts else "")
    print(f"Wrote {options.output}{settled}.")
    return EXIT_OK
