"""Fonts for the PDF report: shipped TTFs, per-run fallback and text that fits its box.

DejaVu Sans covers Latin, Greek, Cyrillic, Hebrew and Arabic; Droid Sans Fallback covers CJK.
Map text is split into runs by which font has the glyph, so "Überprüfung 審査" shows both
scripts instead of boxes. Every string from the map passes through clean_text() first, and
markup() escapes it, so names like "<font color=red>" print literally.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from xml.sax.saxutils import escape

from reportlab.lib.colors import Color, HexColor
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from ..resources import fonts_dir

REGULAR = "VSM-DejaVuSans"
BOLD = "VSM-DejaVuSans-Bold"
FALLBACK = "VSM-DroidSansFallback"
_FONT_FILES = {
    REGULAR: "DejaVuSans.ttf",
    BOLD: "DejaVuSans-Bold.ttf",
    FALLBACK: "DroidSansFallbackFull.ttf",
}
ELLIPSIS = "…"

# C0/C1 controls (tab and newline are kept for notes), lone surrogates, and bidi overrides
# that could make a name display as something else.
_UNSAFE_CHARACTERS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff]"
)


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
    """Map text made safe to print: controls stripped, NFC-normalised, lines joined if asked."""
    text = unicodedata.normalize("NFC", _UNSAFE_CHARACTERS.sub("", text or ""))
    if single_line:
        text = " ".join(text.split())
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
    return sum(stringWidth(run, font, size) for font, run in _font_runs(text, bold))


def markup(text: str, bold: bool = False, *, single_line: bool = True) -> str:
    """Paragraph markup for user text: cleaned, escaped, fallback runs wrapped in <font>."""
    parts = []
    for font, run in font_runs(clean_text(text, single_line=single_line), bold):
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
    if text_width(text, size, bold) <= width:
        return text
    low, high = 0, len(text)
    while low < high:  # the longest prefix that fits with the ellipsis
        middle = (low + high + 1) // 2
        if text_width(text[:middle].rstrip() + ELLIPSIS, size, bold) <= width:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + ELLIPSIS if low else ""


def wrap_lines(
    text: str, width: float, size: float, *, bold: bool = False, max_lines: int = 3
) -> list[str]:
    """Wrap text to lines no wider than width; words too long are broken; the last line that
    fits is elided if text remains."""
    lines: list[str] = []
    words = text.split()
    current = ""
    while words:
        word = words[0]
        candidate = f"{current} {word}" if current else word
        if text_width(candidate, size, bold) <= width:
            current = candidate
            words.pop(0)
            continue
        if current:
            lines.append(current)
            current = ""
        else:  # a single word wider than the line: break it where it stops fitting
            cut = _longest_fitting_prefix(word, width, size, bold)
            lines.append(word[:cut])
            words[0] = word[cut:]
        if len(lines) == max_lines:
            rest = " ".join(([current] if current else []) + words)
            lines[-1] = elide(f"{lines[-1]} {rest}" if rest else lines[-1], width, size, bold)
            return lines
    if current:
        lines.append(current)
    return lines


def _longest_fitting_prefix(word: str, width: float, size: float, bold: bool) -> int:
    low, high = 1, len(word)
    while low < high:
        middle = (low + high + 1) // 2
        if text_width(word[:middle], size, bold) <= width:
            low = middle
        else:
            high = middle - 1
    return low


@dataclass(frozen=True)
class FittedText:
    lines: list[str]
    size: float


def fit_text(
    text: str,
    width: float,
    height: float,
    *,
    size: float,
    min_size: float,
    bold: bool = False,
    max_lines: int = 3,
    leading: float = 1.18,
) -> FittedText:
    """Lines and size for text in a box: shrink towards min_size, then wrap and elide."""
    current = size
    while True:
        lines_allowed = max(1, min(max_lines, int(height // (current * leading))))
        lines = wrap_lines(text, width, current, bold=bold, max_lines=lines_allowed)
        complete = " ".join(lines) == " ".join(text.split())
        if complete or current <= min_size:
            return FittedText(lines, current)
        current = max(min_size, current - 0.5)
