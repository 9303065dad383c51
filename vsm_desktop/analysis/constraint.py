"""The constraint named honestly: every critical element that shares the longest wait, and what
cutting that wait would really save once parallel branches take over (the what-if's answer)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..model.calendar import WorkCalendar
from ..model.units import format_duration
from .map_source import MapInput, MapSource
from .result import FlowAnalysis
from .whatif import WhatIf

# The what-ifs of some elements: rank_what_ifs with only=those elements.
WhatIfsOf = Callable[[tuple[str, ...]], list[WhatIf]]

# Waits equal to within this many hours (under a second) are ties.
TIE_TOLERANCE = 1e-4


@dataclass(frozen=True)
class Constraint:
    element_ids: tuple[str, ...]  # critical elements sharing the longest wait, in path order
    names: tuple[str, ...]
    wait_hours: float  # the longest wait, each of them
    savings: dict[str, float | None]  # element id: lead time saved if its wait alone went to 0

    @property
    def is_tie(self) -> bool:
        return len(self.element_ids) > 1

    @property
    def saving(self) -> float | None:
        """The largest saving among the tied elements (None when the what-if is unknown)."""
        known = [s for s in self.savings.values() if s is not None]
        return max(known) if known else None

    def headline(self) -> str:
        """The constraint's name, or "3-way tie" when several share the longest wait."""
        return f"{len(self.names)}-way tie" if self.is_tie else self.names[0]

    def names_text(self) -> str:
        return joined_names(self.names)

    def explanation(self, calendar: WorkCalendar) -> str:
        wait = format_duration(self.wait_hours, calendar)
        if self.is_tie:
            text = f"{len(self.names)} elements share the longest wait ({wait} each): " \
                   f"{joined_names(self.names)}."
        else:
            text = f"Longest wait on the critical path: {wait}."
        saving = self.saving
        if saving is None:
            return text
        if saving <= 1e-9:
            return text + " Cutting it alone saves nothing: a parallel branch is as long."
        what = "one of these waits" if self.is_tie else "this wait"
        up_to = "up to " if len({round(s or 0, 6) for s in self.savings.values()}) > 1 else ""
        capped = " (a parallel branch caps it)" if saving < self.wait_hours - 1e-6 else ""
        return (f"{text} Cutting {what} to zero saves {up_to}"
                f"{format_duration(saving, calendar)} of lead time{capped}.")


def find_constraint(
    source: MapInput, result: FlowAnalysis, ranking: list[WhatIf] | None = None,
    what_ifs_of: WhatIfsOf | None = None,
) -> Constraint | None:
    """ranking: the what-if ranking when the caller shows it anyway; what_ifs_of: otherwise,
    where to get the what-ifs of the tied elements alone. With neither, the saving is unknown.
    """
    parts = MapSource.of(source)
    waits = {n: parts.elements[n].wait_time or 0.0 for n in result.critical_path
             if n in parts.elements}
    longest = max(waits.values(), default=0.0)
    if longest <= 0:
        return None
    tied = tuple(n for n, wait in waits.items() if longest - wait <= TIE_TOLERANCE)
    wanted = set(tied)
    if ranking is None and what_ifs_of is not None:
        ranking = what_ifs_of(tied)
    rows = {row.element_id: row for row in ranking or () if row.element_id in wanted}
    return Constraint(
        element_ids=tied,
        names=tuple(parts.elements[n].display_name for n in tied),
        wait_hours=longest,
        savings={n: rows[n].baseline - rows[n].lead_time_without_wait if n in rows else None
                 for n in tied},
    )


NAMES_LISTED = 6  # a generated map may tie hundreds of waits; a sentence names a few


def joined_names(names: Sequence[str]) -> str:
    """'A', 'A and B', 'A, B and C', or the first few and how many more."""
    if len(names) <= 1:
        return "".join(names)
    if len(names) > NAMES_LISTED:
        return ", ".join(names[:NAMES_LISTED]) + f" and {len(names) - NAMES_LISTED} more"
    return ", ".join(names[:-1]) + " and " + names[-1]
