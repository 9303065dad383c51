"""`analyze` and `validate`: the figures of one map, as a summary or JSON, and whether it is
sound."""

from __future__ import annotations

import argparse
import json
import sys
import textwrap

from ..analysis import FlowAnalysis, Severity, analyze
from ..analysis.definitions import label
from ..analysis.formatting import LEAD_TIME_UNKNOWN, LEAD_TIME_UNKNOWN_REASON, share_text
from ..analysis.network import PreparedMap
from ..analysis.stream_figures import (
    StreamFigures,
    round_hours,
    stream_figures,
    stream_figures_json,
)
from ..analysis.stream_text import stream_summary_lines
from ..analysis.whatif import rank_what_ifs
from ..model import ValueStreamMap, format_duration
from .inputs import read_state
from .outcome import EXIT_OK, EXIT_PROBLEMS


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
        **stream_figures_json(prepared, result, _stream_figures(result, prepared)),
    }
    # The simulation (and numpy) is loaded only for --json: the summary does not need it.
    from ..analysis.monte_carlo import lead_time_distribution_json

    figures.update(lead_time_distribution_json(prepared, figures["elements"]))
    return figures


def _significant(share: float | None) -> float | None:
    """A share to six significant digits: no float noise, and a tiny share stays non-zero."""
    return None if share is None else float(f"{share:.6g}")


def _stream_figures(result: FlowAnalysis, source: PreparedMap | ValueStreamMap) -> StreamFigures:
    # analyze prints no ranking: the constraint's saving needs the what-ifs of its elements
    # alone, not a row for every element of the map.
    return stream_figures(source, result,
                          what_ifs_of=lambda tied: rank_what_ifs(source, only=tied))


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
    figures = _stream_figures(result, prepared or value_stream_map)
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


def analyze_command(options: argparse.Namespace) -> int:
    value_stream_map = read_state(options.file, options.state)
    prepared = PreparedMap.of(value_stream_map)  # one graph for the analysis and the what-ifs
    result = analyze(prepared)
    if options.json:
        print(json.dumps(analysis_as_json(value_stream_map, result, prepared), indent=2,
                         ensure_ascii=False))
    else:
        print(format_summary(value_stream_map, result, prepared))
    return EXIT_OK


def validate_command(options: argparse.Namespace) -> int:
    value_stream_map = read_state(options.file)
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

