"""Text from a stranger's map reaches the PDF as text: never as markup, links, images, files
or network requests, and never as a crash."""

from __future__ import annotations

import socket
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from pypdf import PdfReader

from vsm_desktop.analysis import analyze
from vsm_desktop.export.pdf_report import write_report
from vsm_desktop.io.vsm_file import load_map, save_map

from .report_maps import hand_map

ARABIC = "مراجعة أسرع"
HEBREW = "סקירת סיכונים"
LINK = '<link href="file:///etc/passwd">passwords</link>'
IMAGE = '<img src="http://evil.example/beacon.png" width="400"/>'


def export(tmp_path: Path, value_stream_map, name="report.pdf") -> PdfReader:
    path = tmp_path / name
    write_report(value_stream_map, analyze(value_stream_map), path)
    return PdfReader(path)


def all_text(reader: PdfReader) -> str:
    return " ".join(page.extract_text() or "" for page in reader.pages)


def squeeze(text: str) -> str:
    return "".join(text.split())


def test_markup_in_the_description_appears_literally_and_links_nothing(tmp_path):
    value_stream_map = hand_map()
    value_stream_map.info.description = f"{LINK} &amp; {IMAGE}"  # one line, elided at the end
    reader = export(tmp_path, value_stream_map)
    text = squeeze(all_text(reader))
    assert squeeze(f"{LINK} &amp; <img src=") in text
    for page in reader.pages:
        assert "/Annots" not in page  # no link annotation was made from the text
        xobjects = page["/Resources"].get("/XObject", {})
        images = [x for x in xobjects.values() if x.get_object().get("/Subtype") == "/Image"]
        assert images == []


def test_right_to_left_names_keep_every_character(tmp_path):
    """Arabic is printed in its joined (presentation) forms, which NFKC maps back to letters."""
    value_stream_map = hand_map(names=(ARABIC, "Fraud review"), lane_names=(HEBREW, "Fraud"))
    text = unicodedata.normalize("NFKC", all_text(export(tmp_path, value_stream_map)))
    for phrase in (ARABIC, HEBREW):
        letters = Counter(phrase.replace(" ", ""))
        found = Counter(ch for ch in text if ch in letters)
        assert all(found[ch] >= count for ch, count in letters.items()), phrase


def test_right_to_left_names_are_printed_in_display_order(tmp_path):
    """ReportLab draws glyphs in the order given, so right-to-left text is handed to it in
    display order: a Hebrew phrase (no left-to-right runs) is the string reversed, and Arabic
    comes out in its joined presentation forms, never as isolated letters."""
    from vsm_desktop.export.pdf_fonts import clean_text

    assert clean_text(HEBREW) == HEBREW[::-1]
    assert clean_text("Step 2: " + HEBREW).startswith("Step 2: ")  # left-to-right stays put
    value_stream_map = hand_map(names=(ARABIC, "Fraud review"), lane_names=(HEBREW, "Fraud"))
    text = all_text(export(tmp_path, value_stream_map))
    assert any("\ufe70" <= ch <= "\ufeff" for ch in text)  # shaped, joined forms
    assert not any("\u0621" <= ch <= "\u064a" for ch in text)  # no unshaped letters left


def test_emoji_and_controls_do_not_break_the_words_around_them(tmp_path):
    value_stream_map = hand_map(names=("Review 🚀 now", "Risk\u202e\x1b[31m check"))
    text = all_text(export(tmp_path, value_stream_map))
    assert "Review" in text and "now" in text
    assert "Risk" in text and "check" in text
    assert "\x1b" not in text and "\u202e" not in text


def test_loading_and_exporting_a_hostile_map_touches_no_other_file_and_no_network(
    tmp_path, monkeypatch
):
    """An audit hook records every file opened and every socket made while a map full of
    paths, URLs and markup is read and exported: only the map, the report, the fonts and
    the libraries' own files may be opened."""
    value_stream_map = hand_map(names=(LINK, IMAGE), lane_names=("file:///etc/shadow", "~"))
    value_stream_map.info.description = "\\\\server\\share\\secret.vsm ../../../etc/passwd"
    map_path = tmp_path / "hostile.vsm"
    save_map(value_stream_map, map_path)
    report = tmp_path / "report.pdf"

    opened: list[str] = []
    recording = False

    def audit(event: str, args: tuple) -> None:
        if recording and event == "open" and isinstance(args[0], str | bytes | Path):
            opened.append(str(args[0]))
        if recording and event.startswith("socket."):
            opened.append(f"{event}: {args!r}")

    sys.addaudithook(audit)  # hooks cannot be removed; this one records only when asked

    def no_network(*_args, **_kwargs):
        raise AssertionError("the export tried to open a network connection")

    monkeypatch.setattr(socket, "create_connection", no_network)
    recording = True
    try:
        loaded = load_map(map_path)
        write_report(loaded, analyze(loaded), report)
    finally:
        recording = False

    allowed = [tmp_path.resolve(), Path(sys.prefix).resolve(), Path(sys.base_prefix).resolve()]
    allowed.append(Path(__file__).resolve().parents[2] / "vsm_desktop")
    outside = [
        name
        for name in opened
        if name.startswith("socket.")
        or not any(Path(name).resolve().is_relative_to(root) for root in allowed)
    ]
    assert any(name.endswith("hostile.vsm") for name in opened)  # the hook did record
    assert outside == []
    assert report.exists()


@pytest.mark.parametrize("length", [199, 200])
def test_names_at_the_length_limit_export(tmp_path, length):
    value_stream_map = hand_map(names=("W" * length, "x"))
    assert len(export(tmp_path, value_stream_map).pages) >= 2


def record_drawn_texts(monkeypatch) -> dict[int, list[str]]:
    """Every text ReportLab is asked to draw from now on, by page: canvas strings (table cells,
    the map, charts) and the lines of Paragraphs. ReportLab draws each left to right as given."""
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.pdfgen.textobject import PDFTextObject

    drawn: dict[int, list[str]] = {}
    draw_string, text_out = Canvas.drawString, PDFTextObject._textOut

    def recording_draw_string(canvas, x, y, text, *args, **kwargs):
        drawn.setdefault(canvas.getPageNumber(), []).append(text)
        return draw_string(canvas, x, y, text, *args, **kwargs)

    def recording_text_out(text_object, text, *args, **kwargs):
        drawn.setdefault(text_object._canvas.getPageNumber(), []).append(text)
        return text_out(text_object, text, *args, **kwargs)

    monkeypatch.setattr(Canvas, "drawString", recording_draw_string)
    monkeypatch.setattr(PDFTextObject, "_textOut", recording_text_out)
    return drawn


def test_right_to_left_names_in_the_steps_table_are_drawn_in_display_order(tmp_path, monkeypatch):
    """The steps table's name and lane cells are handed to ReportLab once reordered, as the
    map page draws them: reordering them again put the letters back in reading order, which
    ReportLab then draws left to right, so the name read backwards."""
    from vsm_desktop.export.pdf_fonts import clean_text

    drawn = record_drawn_texts(monkeypatch)
    value_stream_map = hand_map(names=("Fraud review", HEBREW), lane_names=("Ops", ARABIC))
    export(tmp_path, value_stream_map)

    steps_page = next(page for page, texts in drawn.items() if "Steps" in texts)
    texts = drawn[steps_page]
    assert clean_text(HEBREW) == HEBREW[::-1]  # all right to left: display order is reversed
    assert HEBREW[::-1] in texts
    assert clean_text(ARABIC) in texts  # shaped and reversed: the lane of the Hebrew step
    assert not any(HEBREW in text or ARABIC in text for text in texts)


def test_no_page_of_a_two_state_report_draws_a_right_to_left_name_in_reading_order(
    tmp_path, monkeypatch
):
    """Names put into our sentences, table cells, the outlook bars and the comparison are
    reordered once, whichever way they reach ReportLab."""
    from vsm_desktop.analysis import analyze
    from vsm_desktop.model.value_stream_map import MapStates

    drawn = record_drawn_texts(monkeypatch)
    current = hand_map(title=HEBREW, names=(HEBREW, "Fraud review"), lane_names=("Ops", HEBREW),
                       kaizen_name=HEBREW, kaizen_owner=HEBREW)
    future = current.derive_future_state()
    for element in future.elements:
        element.wait_time = (element.wait_time or 0) / 2
    write_report(current, analyze(current), tmp_path / "report.pdf",
                 states=MapStates(maps=[current, future]))

    in_reading_order = [text for texts in drawn.values() for text in texts if HEBREW in text]
    assert in_reading_order == []
    shown = [page for page, texts in drawn.items() if any(HEBREW[::-1] in t for t in texts)]
    assert len(shown) >= 5  # the summary, the map, the steps, the waits, the plan at least
