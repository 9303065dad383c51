"""Fitting text to room, with the backend's own measure of a string's width.

measure(text, size, bold) -> width, in the same units as size. The PDF passes ReportLab's
metrics of the shipped fonts; the canvas would pass its font metrics. The rules (wrap at words,
break a word too long for a line, elide the last line) are the same for every backend.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

Measure = Callable[[str, float, bool], float]
ELLIPSIS = "…"

# C0/C1 controls (tab and newline are kept for notes), lone surrogates, and bidi overrides
# that could make a name display as something else.
_UNSAFE_CHARACTERS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff]"
)


def clean_text(text: str, *, single_line: bool = True) -> str:
    """Map text made safe to print: controls stripped, NFC-normalised, lines joined if asked."""
    text = unicodedata.normalize("NFC", _UNSAFE_CHARACTERS.sub("", text or ""))
    if single_line:
        text = " ".join(text.split())
    return text


@dataclass(frozen=True)
class FittedText:
    lines: list[str]
    size: float


def elide(text: str, width: float, size: float, measure: Measure, bold: bool = False) -> str:
    """The text, shortened with an ellipsis if it is wider than width."""
    if measure(text, size, bold) <= width:
        return text
    low, high = 0, len(text)
    while low < high:  # the longest prefix that fits with the ellipsis
        middle = (low + high + 1) // 2
        if measure(text[:middle].rstrip() + ELLIPSIS, size, bold) <= width:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + ELLIPSIS if low else ""


def wrap_lines(
    text: str, width: float, size: float, measure: Measure, *, bold: bool = False,
    max_lines: int = 3,
) -> list[str]:  # fmt: skip
    """Lines no wider than width; words too long are broken; the last line that fits is
    elided if text remains."""
    lines: list[str] = []
    words = text.split()
    current = ""
    while words:
        word = words[0]
        candidate = f"{current} {word}" if current else word
        if measure(candidate, size, bold) <= width:
            current = candidate
            words.pop(0)
            continue
        if current:
            lines.append(current)
            current = ""
        else:  # a single word wider than the line: break it where it stops fitting
            cut = _longest_fitting_prefix(word, width, size, measure, bold)
            lines.append(word[:cut])
            words[0] = word[cut:]
        if len(lines) == max_lines:
            rest = " ".join(([current] if current else []) + words)
            lines[-1] = elide(f"{lines[-1]} {rest}" if rest else lines[-1], width, size, measure,
                              bold)  # fmt: skip
            return lines
    if current:
        lines.append(current)
    return lines


def _longest_fitting_prefix(word: str, width: float, size: float, measure: Measure,
                            bold: bool) -> int:
    low, high = 1, len(word)
    while low < high:
        middle = (low + high + 1) // 2
        if measure(word[:middle], size, bold) <= width:
            low = middle
        else:
            high = middle - 1
    return low


def fit_text(
    text: str,
    width: float,
    height: float,
    measure: Measure,
    *,
    size: float,
    min_size: float,
    bold: bool = False,
    max_lines: int = 3,
    leading: float = 1.18,
) -> FittedText:
    """Lines and size for text in a box: the largest size from size down to min_size at which
    it fits whole with no word broken; failing that, min_size, wrapped and elided."""
    current = size
    words = text.split()
    step = max(0.25, (size - min_size) / 12)
    while True:
        lines_allowed = max(1, min(max_lines, int(height // (current * leading))))
        lines = wrap_lines(text, width, current, measure, bold=bold, max_lines=lines_allowed)
        whole = [word for line in lines for word in line.split()] == words
        if whole or current <= min_size:
            return FittedText(lines, current)
        current = max(min_size, current - step)
