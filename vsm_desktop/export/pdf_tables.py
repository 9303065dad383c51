"""Paragraph styles and table helpers shared by the report's sections."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, Table, TableStyle

from .. import theme
from ..analysis.formatting import share_text
from .pdf_fonts import BOLD, REGULAR, font_runs, markup, rl_color, shown_markup, text_width


def style(name: str, **overrides: Any) -> ParagraphStyle:
    values = {"fontName": REGULAR, "fontSize": 8.5, "leading": 11, "textColor": theme.INK}
    values.update(overrides)
    # A colour object, not its hex string: ReportLab would parse the string again for every
    # paragraph it draws (ten thousand in the steps table of a large map).
    values["textColor"] = rl_color(values["textColor"])
    return ParagraphStyle(name, **values)


STYLES = {
    "h1": style("h1", fontName=BOLD, fontSize=14, leading=18, spaceBefore=14, spaceAfter=6),
    "h2": style("h2", fontName=BOLD, fontSize=10.5, leading=14, spaceBefore=10, spaceAfter=4),
    "body": style("body"),
    "muted": style("muted", textColor=theme.INK_MUTED, fontSize=8),
    "cell": style("cell", fontSize=7.5, leading=9.5),
    "cell_bold": style("cell_bold", fontName=BOLD, fontSize=7.5, leading=9.5),
    "cell_right": style("cell_right", fontSize=7.5, leading=9.5, alignment=TA_RIGHT),
    "cell_right_bold": style(
        "cell_right_bold", fontName=BOLD, fontSize=7.5, leading=9.5, alignment=TA_RIGHT
    ),
    "warning": style("warning", fontName=BOLD, fontSize=8, textColor=theme.CRITICAL_PATH),
    "head": style("head", fontName=BOLD, fontSize=7, leading=9, textColor=theme.INK_MUTED),
    "cell_critical": style(
        "cell_critical", fontSize=7.5, leading=9.5, textColor=theme.CRITICAL_PATH
    ),
    "definition_term": style("definition_term", fontName=BOLD, fontSize=8.5, leading=11),
    "head_right": style(
        "head_right",
        fontName=BOLD,
        fontSize=7,
        leading=9,
        textColor=theme.INK_MUTED,
        alignment=TA_RIGHT,
    ),
}


def paragraph(text: str, style: str = "body", *, bold: bool = False) -> Paragraph:
    """A Paragraph of user or generated text: always escaped, with font fallback."""
    return Paragraph(markup(text, bold=bold), STYLES[style])


def shown_paragraph(shown: str, style: str = "body", *, bold: bool = False) -> Paragraph:
    """A Paragraph of text clean_text() already made, such as a sentence of ours with map
    names put in: escaped, not reordered a second time (see shown_markup)."""
    return Paragraph(shown_markup(shown, bold), STYLES[style])


# Below this many points of room a text that fits is still left to a Paragraph: its own line
# breaking, not our measure, decides at the edge.
_FIT_MARGIN = 0.01


def cell(shown: str, style: str, width: float, *, bold: bool = False) -> str | Paragraph:
    """A table cell `width` points wide (its padding taken off) of text as clean_text() made
    it: right-to-left runs already in display order, which a second pass would undo.

    Text that fits on one line in the style's own font is the plain string: the table draws
    it as the Paragraph would (same first baseline), at a fraction of the cost, provided the
    table gives the cell the style's font, size, leading and colour. Text that wraps or needs
    the fallback font stays a Paragraph."""
    paragraph_style = STYLES[style]
    main = BOLD if bold else paragraph_style.fontName
    runs = font_runs(shown, bold)
    if all(font == main for font, _ in runs) and (
        text_width(shown, paragraph_style.fontSize, bold) <= width - _FIT_MARGIN
    ):
        return shown
    return shown_paragraph(shown, style, bold=bold)


def header_row(headers: list[str], numeric_columns: Collection[int] = frozenset()
               ) -> list[Paragraph]:
    return [
        paragraph(header, "head_right" if index in numeric_columns else "head", bold=True)
        for index, header in enumerate(headers)
    ]


def table(rows: Sequence[Sequence[object]], widths: list[float]) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    commands = [
        ("FONT", (0, 0), (-1, -1), REGULAR),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, rl_color(theme.INK_MUTED)),
        ("LINEBELOW", (0, 1), (-1, -1), 0.3, rl_color(theme.LANE_BORDER)),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    for row in range(1, len(rows)):
        if row % 2 == 0:
            commands.append(("BACKGROUND", (0, row), (-1, row), rl_color(theme.LANE_FILL_ODD)))
    table.setStyle(TableStyle(commands))
    return table


def percent_text(value: float | None) -> str:
    """Whole percents, one decimal below 10%, and never a misleading 0.0% for a tiny share."""
    if value is None:
        return "–"
    if 0 < value < 0.01:
        return share_text(value)  # two significant digits: 0.03%, never 0.0%
    return f"{value:.0%}" if value >= 0.1 else f"{value:.1%}"
