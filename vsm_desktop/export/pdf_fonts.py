"""Fonts for the PDF report: shipped TTFs, per-run fallback and text that fits its box.

DejaVu Sans covers Latin, Greek, Cyrillic, Hebrew and Arabic; Droid Sans Fallback covers CJK.
Map text is split into runs by which font has the glyph, so "Überprüfung 審査" shows both
scripts instead of boxes. Every string from the map passes through clean_text() first, and
markup() escapes it, so names like "<font color=red>" print literally.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any
from xml.sax.saxutils import escape

from arabic_reshaper import reshape
from bidi import get_display  # the Unicode bidi algorithm in python-bidi's compiled core
from reportlab.lib.colors import Color, HexColor
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from ..drawing import text as text_fitting
from ..drawing.text import ELLIPSIS as ELLIPSIS
from ..drawing.text import FittedText
from ..resources import fonts_dir

REGULAR = "VSM-DejaVuSans"
BOLD = "VSM-DejaVuSans-Bold"
_RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
FALLBACK = "VSM-DroidSansFallback"
_FONT_FILES = {
    REGULAR: "DejaVuSans.ttf",
    BOLD: "DejaVuSans-Bold.ttf",
    FALLBACK: "DroidSansFallbackFull.ttf",
}

@lru_cache(maxsize=64)
def rl_color(hex_color: str) -> Color:
    """A ReportLab colour for one of our palette's hex strings, parsed once."""
    return HexColor(hex_color)


class FontError(RuntimeError):
    """A shipped font file is missing or unreadable."""


@lru_cache(maxsize=1)
def register_fonts() -> None:
    """Register the shipped fonts with ReportLab once per process."""
    for name, file_name in _FONT_FILES.items():
        path = fonts_dir() / file_name
        try:
            pdfmetrics.registerFont(TTFont(name, str(path)))
        except Exception as error:  # ReportLab raises several types for a bad font file
            raise FontError(f"cannot load the font file {path}: {error}") from error
    pdfmetrics.registerFontFamily(
        REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR, boldItalic=BOLD
    )


@lru_cache(maxsize=4)
def _coverage(font_name: str) -> frozenset[int]:
    register_fonts()
    return frozenset(pdfmetrics.getFont(font_name).face.charToGlyph)


def clean_text(text: str, *, single_line: bool = True) -> str:
    """Map text made safe to print (see drawing.text.clean_text), with right-to-left runs
    shaped and put in display order: ReportLab draws characters as given, left to right, so
    Arabic letters would print unjoined and Hebrew and Arabic words backwards."""
    return visual_order(text_fitting.clean_text(text, single_line=single_line))


@lru_cache(maxsize=8192)
def visual_order(text: str) -> str:
    """Arabic letters in their joined forms and right-to-left runs reversed (Unicode bidi),
    line by line; text with no right-to-left letter is returned as it is."""
    if not _RIGHT_TO_LEFT.search(text):
        return text
    try:
        return "\n".join(get_display(reshape(line)) for line in text.split("\n"))
    except Exception:  # a library fault must not cost the report: print it as typed
        return text


def font_runs(text: str, bold: bool = False) -> list[tuple[str, str]]:
    """Split text into (font name, text) runs so each character uses a font that has it.

    Characters no font has stay in the main font (shown as its missing-glyph box)."""
    return list(_font_runs(text, bold))


# A large map's report measures and draws the same short texts (figures, labels, names) tens
# of thousands of times; splitting and measuring each once saves about a tenth of the export.
@lru_cache(maxsize=8192)
def _font_runs(text: str, bold: bool) -> tuple[tuple[str, str], ...]:
    main = BOLD if bold else REGULAR
    main_glyphs, fallback_glyphs = _coverage(main), _coverage(FALLBACK)
    runs: list[tuple[str, str]] = []
    for character in text:
        code = ord(character)
        use_fallback = (
            code not in main_glyphs and code in fallback_glyphs and not character.isspace()
        )
        font = FALLBACK if use_fallback else main
        if runs and runs[-1][0] == font:
            runs[-1] = (font, runs[-1][1] + character)
        else:
            runs.append((font, character))
    return tuple(runs)


@lru_cache(maxsize=16384)
def text_width(text: str, size: float, bold: bool = False) -> float:
    return float(sum(stringWidth(run, font, size) for font, run in _font_runs(text, bold)))


def markup(text: str, bold: bool = False, *, single_line: bool = True) -> str:
    """Paragraph markup for user text: cleaned, escaped, fallback runs wrapped in <font>."""
    return shown_markup(clean_text(text, single_line=single_line), bold)


def shown_markup(shown: str, bold: bool = False) -> str:
    """Paragraph markup for text clean_text() already made (cleaning it again would put its
    right-to-left runs back in reading order): escaped, fallback runs wrapped in <font>."""
    parts = []
    for font, run in font_runs(shown, bold):
        escaped = escape(run).replace("\n", "<br/>")
        if font == FALLBACK:
            parts.append(f'<font name="{FALLBACK}">{escaped}</font>')
        else:
            parts.append(escaped)
    return "".join(parts)


def draw_text(
    canvas: Canvas,
    x: float,
    y: float,
    text: str,
    size: float,
    *,
    bold: bool = False,
    anchor: str = "start",
    color: str | None = None,
) -> float:
    """Draw one line of already-fitted text with per-run fonts; returns its width.

    anchor is "start", "middle" or "end", as in SVG."""
    width = text_width(text, size, bold)
    if anchor == "middle":
        x -= width / 2
    elif anchor == "end":
        x -= width
    if color:
        canvas.setFillColor(rl_color(color))
    for font, run in _font_runs(text, bold):
        canvas.setFont(font, size)
        canvas.drawString(x, y, run)
        x += stringWidth(run, font, size)
    return width


def elide(text: str, width: float, size: float, bold: bool = False) -> str:
    """The text, shortened with an ellipsis if it is wider than width."""
    return text_fitting.elide(text, width, size, text_width, bold)


def wrap_lines(
    text: str, width: float, size: float, *, bold: bool = False, max_lines: int = 3
) -> list[str]:
    return text_fitting.wrap_lines(text, width, size, text_width, bold=bold, max_lines=max_lines)


def fit_text(text: str, width: float, height: float, **options: Any) -> FittedText:
    """Lines and size for text in a box, measured in the report's fonts (see drawing.text)."""
    return text_fitting.fit_text(text, width, height, text_width, **options)
