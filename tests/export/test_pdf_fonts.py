"""Font fallback, escaping and fitting text into boxes."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from vsm_desktop.export.pdf_fonts import (
    BOLD,
    ELLIPSIS,
    FALLBACK,
    REGULAR,
    clean_text,
    elide,
    fit_text,
    font_runs,
    markup,
    text_width,
    wrap_lines,
)


def test_runs_switch_to_the_fallback_only_for_missing_glyphs():
    assert font_runs("Überprüfung 審査 ok") == [
        (REGULAR, "Überprüfung "),
        (FALLBACK, "審査"),
        (REGULAR, " ok"),
    ]
    assert font_runs("Contrôle", bold=True) == [(BOLD, "Contrôle")]


def test_markup_escapes_and_wraps_fallback_runs():
    assert markup('<img src="x"/> & 審') == (
        f'&lt;img src="x"/&gt; &amp; <font name="{FALLBACK}">審</font>'
    )


def test_clean_text_strips_controls_and_bidi_overrides():
    assert clean_text("a\x00b\x1b[31m\u202ec\ud800 \n d") == "ab[31mc d"
    assert clean_text("line 1\nline 2", single_line=False) == "line 1\nline 2"


def test_elide_fits_and_marks_the_cut():
    text = "Architecture and risk review board"
    short = elide(text, 60, 10)
    assert short.endswith(ELLIPSIS)
    assert text_width(short, 10) <= 60
    assert elide("Fits", 100, 10) == "Fits"


def test_a_word_longer_than_the_line_is_broken():
    lines = wrap_lines("x" * 80, 50, 10, max_lines=10)
    assert "".join(lines) == "x" * 80
    assert all(text_width(line, 10) <= 50 for line in lines)


@settings(max_examples=60, deadline=None)
@given(
    text=st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=0, max_size=120),
    width=st.floats(min_value=20, max_value=200),
)
def test_fitted_text_never_overflows_its_box(text, width):
    cleaned = clean_text(text)
    fitted = fit_text(cleaned, width, 40, size=12, min_size=8, max_lines=3)
    assert len(fitted.lines) <= 3
    assert 8 <= fitted.size <= 12
    for line in fitted.lines:
        # One character can be wider than a very narrow box; anything more must fit.
        assert len(line) <= 1 or text_width(line, fitted.size) <= width + 1e-6
