"""Table cells as plain strings where a Paragraph is not needed (export/pdf_tables.cell)."""

from __future__ import annotations

import io

from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.platypus import Paragraph, SimpleDocTemplate, TableStyle

from vsm_desktop import theme
from vsm_desktop.export.pdf_fonts import BOLD, clean_text, register_fonts, rl_color
from vsm_desktop.export.pdf_tables import cell, paragraph, table

ROOM = 100.0  # points of text in the cell


def test_text_that_fits_on_one_line_in_the_main_font_is_a_plain_string():
    register_fonts()
    assert cell(clean_text("  Build \n and test "), "cell", ROOM) == "Build and test"
    assert cell('<font color="red">x</font>', "cell", 300) == '<font color="red">x</font>'
    assert cell("", "cell", ROOM) == ""


def test_text_that_wraps_or_needs_the_fallback_font_stays_a_paragraph():
    register_fonts()
    assert isinstance(cell("Architecture and risk review board " * 3, "cell", ROOM), Paragraph)
    assert isinstance(cell("審査", "cell", ROOM), Paragraph)
    assert isinstance(cell("Build", "cell_bold", 5, bold=True), Paragraph)


def _drawn_text(rows: list[list[object]], styles: list[tuple]) -> list[tuple[str, float, float]]:
    """(text, x, y) of every text run a one-column table draws, in page coordinates."""
    register_fonts()
    output = io.BytesIO()
    drawn = table(rows, [ROOM + 6])  # the table's padding is 3 on each side
    drawn.setStyle(TableStyle(styles))
    SimpleDocTemplate(output, pagesize=A4).build([drawn])
    found: list[tuple[str, float, float]] = []

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip():
            x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
            y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
            found.append((text.strip(), round(x, 2), round(y, 2)))

    PdfReader(output).pages[0].extract_text(visitor_text=visit)
    return found


def test_a_plain_string_cell_prints_where_its_paragraph_would():
    # The steps table's styles for its rows: the plain strings take the Paragraphs' font,
    # size, leading and colour.
    styles = [("FONTSIZE", (0, 1), (-1, -1), 7.5), ("LEADING", (0, 1), (-1, -1), 9.5),
              ("TEXTCOLOR", (0, 1), (-1, -1), rl_color(theme.INK))]
    texts = ["Deploy to production", "Risk review"]
    as_paragraphs = _drawn_text(
        [["Head"], *[[paragraph(text, "cell")] for text in texts]], styles)
    as_cells = _drawn_text([["Head"], *[[cell(text, "cell", ROOM)] for text in texts]], styles)
    assert [text for text, _, _ in as_cells] == ["Head", *texts]
    assert as_cells == as_paragraphs

    bold = [*styles, ("FONT", (0, 1), (0, -1), BOLD, 7.5, 9.5)]
    assert _drawn_text([["Head"], [cell("Deploy", "cell_bold", ROOM, bold=True)]], bold) == (
        _drawn_text([["Head"], [paragraph("Deploy", "cell_bold", bold=True)]], bold))
