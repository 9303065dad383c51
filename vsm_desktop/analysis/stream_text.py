"""The stream figures in words, shared by the CLI, the metrics panel and the PDF report."""

from __future__ import annotations

from dataclasses import dataclass

from ..model.calendar import WorkCalendar
from ..model.units import format_duration
from .delivery import DORA_SOURCE
from .spans import SpanTime
from .stream_figures import StreamFigures
from .wait_causes import CAUSE_KEYS, cause_label


@dataclass(frozen=True)
class CauseRow:
    key: str
    label: str
    whole_map: float  # hours
    critical_path: float
    share: float  # of the total wait, 0-1


def cause_rows(figures: StreamFigures) -> list[CauseRow]:
    """Causes with any wait, largest share of the whole map's wait first; unspecified last."""
    whole = figures.wait_by_cause.whole_map
    critical = figures.wait_by_cause.critical_path
    total = sum(whole.values())
    rows = [
        CauseRow(key, cause_label(key), whole.get(key, 0.0), critical.get(key, 0.0),
                 whole.get(key, 0.0) / total if total else 0.0)
        for key in CAUSE_KEYS if key in whole or key in critical
    ]
    rows.sort(key=lambda row: (row.key == "unspecified", -row.whole_map, row.key))
    return rows


def share_text(share: float | None) -> str:
    """A share with two significant digits for small ones: "0.03%", "4.5%", "17%"."""
    if share is None:
        return "–"
    percent = share * 100
    if percent == 0:
        return "0%"
    if percent < 10:
        return f"{float(f'{percent:.2g}'):g}%"
    return f"{percent:.0f}%"


def span_text(span: SpanTime, figures_calendar: WorkCalendar) -> str:
    if span.hours is None:
        return span.problem
    return format_duration(span.hours, figures_calendar)


def stream_summary_lines(figures: StreamFigures, calendar: WorkCalendar) -> list[str]:
    """Where the waiting comes from, spans and delivery figures, for `analyze`'s summary."""
    lines: list[str] = []
    rows = cause_rows(figures)
    if rows:
        width = max(len(row.label) for row in rows)
        lines += ["", "Where the waiting comes from (whole map / critical path):"]
        lines += [
            f"  {row.label.ljust(width)}  {format_duration(row.whole_map, calendar):>7} "
            f"({share_text(row.share)})  /  {format_duration(row.critical_path, calendar)}"
            for row in rows
        ]
    if figures.spans:
        lines += ["", "Spans:"]
        lines += [f"  {span.name}: {span_text(span, calendar)}" for span in figures.spans]
    if figures.delivery_readings:
        lines += ["", "Delivery (DORA level in brackets):"]
        lines += [f"  {r.label}: {r.text} ({r.level})" for r in figures.delivery_readings]
        lines.append(f"  Levels from the {DORA_SOURCE}.")
    return lines
