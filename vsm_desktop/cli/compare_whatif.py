"""`compare` and `whatif`: current state against future state, and the lead time each change to
one element would save."""

from __future__ import annotations

import argparse
import json

from ..analysis import analyze
from ..analysis.compare import compare_maps
from ..analysis.formatting import (
    LEAD_TIME_UNKNOWN,
    LEAD_TIME_UNKNOWN_REASON,
    delta_text,
    figure_text,
    value_text,
)
from ..analysis.ranged import has_ranges
from ..analysis.stream_figures import round_hours
from ..analysis.whatif import rank_what_ifs
from ..model import format_duration
from .inputs import read_state
from .outcome import EXIT_OK, CommandError


def compare_command(options: argparse.Namespace) -> int:
    if len(options.files) > 2:
        raise CommandError("compare takes one file with both states, or two files")
    if len(options.files) == 2:
        current, future = read_state(options.files[0]), read_state(options.files[1])
    else:
        current, future = read_state(options.files[0]), read_state(options.files[0], "future")
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
    if not has_ranges(value_stream_map):
        return {}
    from ..analysis.monte_carlo import p85_effects  # numpy: only for maps with ranges

    changes = [(row.element_id, change) for row in rows for change in row.gains]
    effects = p85_effects(value_stream_map, changes, automated_share)
    gains: dict[str, dict[str, float]] = {}
    for (element_id, change), hours in effects.items():
        rounded = round_hours(hours)
        assert rounded is not None  # hours is a number
        gains.setdefault(element_id, {})[change] = rounded
    return gains


def whatif_command(options: argparse.Namespace) -> int:
    if not 0 <= options.automated_share <= 1:
        raise CommandError("--automated-share is a share between 0 and 1, such as 0.1")
    value_stream_map = read_state(options.file, options.state)
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

