"""Page assembly for the PDF report: the page frame, the header and footer on every page
("Page n of m"), bookmarks on the right pages, progress while ReportLab lays out the story."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any, BinaryIO

from reportlab import rl_config
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from .. import theme
from .pdf_fonts import REGULAR, draw_text, elide, rl_color

MARGIN = 28.0
HEADER_HEIGHT = 18.0
FOOTER_HEIGHT = 16.0


def frame_size(page_size: tuple[float, float]) -> tuple[float, float]:
    """The width and height the report's content has on a page of this size."""
    return (page_size[0] - 2 * MARGIN,
            page_size[1] - 2 * MARGIN - HEADER_HEIGHT - FOOTER_HEIGHT + 12)


@dataclass(frozen=True)
class PageInfo:
    """What the header and footer of every page say, and the page's size."""

    title: str
    subtitle: str
    page_size: tuple[float, float]


@dataclass(frozen=True)
class DocumentInfo:
    """The PDF's own metadata (what a viewer shows under File > Properties)."""

    author: str
    subject: str


def build_document(output: BinaryIO, story: list[Flowable], page: PageInfo,
                   document: DocumentInfo, progress: Callable[[float], None]) -> None:
    """Lays the story out on numbered pages and writes the PDF to output."""
    template = _ReportDocument(
        output,
        pagesize=page.page_size,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN + HEADER_HEIGHT - 6,
        bottomMargin=MARGIN + FOOTER_HEIGHT - 6,
        title=page.title,
        author=document.author,
        subject=document.subject,
        creator="VSM Desktop",
        initialFontName=REGULAR,
        producer="VSM Desktop (ReportLab)",
        keywords="value stream map, lead time, flow efficiency",
        lang="en",  # the report's own words; screen readers pick the voice from it
        progress=progress,
        flowable_count=len(story),
    )
    frame = Frame(
        template.leftMargin,
        template.bottomMargin,
        template.width,
        template.height,
        id="content",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    template.addPageTemplates([PageTemplate(id="report", frames=[frame])])
    template.build(story, canvasmaker=partial(_NumberedCanvas, page_info=page))


class _NumberedCanvas(Canvas):
    """Holds pages back until the end so every footer can say "Page n of m"."""

    def __init__(self, *args: Any, page_info: PageInfo, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._page_info = page_info
        self._held_pages: list[dict[str, Any]] = []
        self._held_bookmarks: list[list[str]] = [[]]  # per held page

    def showPage(self) -> None:  # noqa: N802 - ReportLab's name
        self._held_pages.append(dict(self.__dict__))
        self._held_bookmarks.append([])
        self._startPage()

    def bookmarkPage(self, key: str, **options: Any) -> None:  # noqa: N802 - ReportLab's name
        """Held until the page is really added, or the bookmark would point at page 1."""
        self._held_bookmarks[-1].append(key)

    def save(self) -> None:
        total = len(self._held_pages)
        for number, state in enumerate(self._held_pages, start=1):
            self.__dict__.update(state)
            self._draw_furniture(number, total)
            for key in self._held_bookmarks[number - 1]:
                super().bookmarkPage(key)
            super().showPage()
        # ReportLab wraps each compressed stream in ASCII85 by default, in pure Python: a
        # quarter of the file's size and over a second for a large map. Binary streams are
        # the PDF norm. The switch is ReportLab's global, so it is set only while saving.
        use_a85 = rl_config.useA85
        rl_config.useA85 = 0
        try:
            super().save()
        finally:
            rl_config.useA85 = use_a85

    def _draw_furniture(self, number: int, total: int) -> None:
        info = self._page_info
        width, height = info.page_size
        top = height - MARGIN + 4
        self.saveState()
        title = elide(info.title, width * 0.6, 8.5, bold=True)
        draw_text(self, MARGIN, top, title, 8.5, bold=True, color=theme.INK)
        draw_text(
            self, width - MARGIN, top, "Value stream report", 8, anchor="end", color=theme.INK_MUTED
        )
        self.setStrokeColor(rl_color(theme.LANE_BORDER))
        self.setLineWidth(0.6)
        self.line(MARGIN, top - 5, width - MARGIN, top - 5)
        bottom = MARGIN - 12
        self.line(MARGIN, bottom + 10, width - MARGIN, bottom + 10)
        subtitle = elide(info.subtitle, width * 0.6, 7.5)
        draw_text(self, MARGIN, bottom, subtitle, 7.5, color=theme.INK_MUTED)
        draw_text(
            self,
            width - MARGIN,
            bottom,
            f"Page {number} of {total}",
            7.5,
            anchor="end",
            color=theme.INK_MUTED,
        )
        self.restoreState()


class _ReportDocument(BaseDocTemplate):
    def __init__(self, *args: Any, progress: Callable[[float], None], flowable_count: int,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._progress = progress
        self._flowable_count = max(1, flowable_count)
        self._done = 0

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 - ReportLab's name
        self._done += 1
        self._progress(0.05 + 0.9 * min(1.0, self._done / self._flowable_count))
