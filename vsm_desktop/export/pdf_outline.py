"""The PDF outline (bookmarks): one entry per section, placed by a zero-size flowable.

The flowable marks the page it lands on, so an entry points at the page where its section
really starts, however the sections before it flowed.
"""

from __future__ import annotations

from itertools import count

from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak

_keys = count(1)


class Bookmark(Flowable):
    def __init__(self, title: str, level: int = 0) -> None:
        super().__init__()
        self.title, self.level = title, level
        self.key = f"section-{next(_keys)}"
        self.width = self.height = 0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv.bookmarkPage(self.key)
        self.canv.addOutlineEntry(self.title, self.key, level=self.level, closed=False)


def with_bookmark(title: str, flowables: list[Flowable]) -> list[Flowable]:
    """The section's flowables with its bookmark kept together with its first flowable (after
    any leading page break), so the entry lands on the page the heading is on."""
    leading = 0
    while leading < len(flowables) and isinstance(flowables[leading], PageBreak | CondPageBreak):
        leading += 1
    if leading == len(flowables):
        return [*flowables, Bookmark(title)]
    first = KeepTogether([Bookmark(title), flowables[leading]])
    return [*flowables[:leading], first, *flowables[leading + 1 :]]
