"""The PDF report read back with pypdf: content, figures, pages, metadata, text safety."""

from __future__ import annotations

import os
import stat
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from reportlab import rl_config
from reportlab.lib.pagesizes import A3, A4, letter

from vsm_desktop.analysis import analyze
from vsm_desktop.analysis.definitions import DEFINITIONS
from vsm_desktop.export.pdf_ladder import critical_rungs
from vsm_desktop.export.pdf_report import ReportError, write_report
from vsm_desktop.io.vsm_file import load_map
from vsm_desktop.model import Connection, Element, ValueStreamMap
from vsm_desktop.resources import sample_map_path

from .report_maps import chain_map, hand_map


def export(tmp_path, value_stream_map, name="report.pdf", **options) -> PdfReader:
    path = tmp_path / name
    write_report(value_stream_map, analyze(value_stream_map), path, **options)
    return PdfReader(path)


def page_texts(reader: PdfReader) -> list[str]:
    return [page.extract_text() or "" for page in reader.pages]


def squeeze(text: str) -> str:
    """Text without whitespace, so a name wrapped over two lines still matches."""
    return "".join(text.split())


def test_every_element_name_of_the_sample_map_appears(tmp_path):
    sample = load_map(sample_map_path())
    text = squeeze(" ".join(page_texts(export(tmp_path, sample))))
    for element in sample.elements:
        assert squeeze(element.display_name) in text, element.display_name
    for lane in sample.lanes:
        assert squeeze(lane.name) in text


def test_summary_figures_equal_the_hand_computed_analysis(tmp_path):
    value_stream_map = hand_map()
    analysis = analyze(value_stream_map)
    # Worked out by hand in hand_map's docstring, so the report is checked against arithmetic.
    assert analysis.lead_time == pytest.approx(36.0)
    assert analysis.process_time == pytest.approx(6.0)
    first_page = squeeze(page_texts(export(tmp_path, value_stream_map))[0])
    # 6 h + 30 h = 36 h = 4.5 d; the parts, in days, are 0.75 and 3.75: rounded together
    # (largest remainder) they print as 0.8 d + 3.7 d, which add up to the 4.5 d printed.
    expected = {
        "Leadtime": "4.5 d",
        "ofwhichwork": "0.8 d",
        "ofwhichwaiting": "3.7 d",
        "Flowefficiency": "16.7%",  # 6 / 36, as the app and the comparison print it
        "Rolled%C&A": "45%",  # 0.9 * 0.5
        "Handoversonthecriticalpath": "1",
    }
    for label, value in expected.items():
        assert squeeze(label + value) in first_page, label
    assert squeeze("Counted in working time: 8-hour days, 5-day weeks.") in first_page
    # 30 of 36 hours waiting = 83%; the waits are Fraud review (16 h + the 8 h handover delay
    # into it) and Triage (6 h): together all of the waiting.
    headline = (
        "A request takes 4.5 working days from start to finish; 83% of that time it is "
        "waiting, and 100% of the waiting sits in two places: Fraud review and Triage."
    )
    assert squeeze(headline) in first_page


def test_lead_time_shares_add_up_to_the_lead_time():
    value_stream_map = hand_map()
    analysis = analyze(value_stream_map)
    rungs = critical_rungs(value_stream_map, analysis)
    assert [rung.element.name for rung in rungs][1:3] == ["Triage", "Fraud review"]
    assert [rung.wait for rung in rungs][1:3] == [6, 16 + 8]  # B carries the handover delay
    assert sum(rung.wait + rung.process for rung in rungs) == pytest.approx(36.0)


@pytest.mark.parametrize(("page_size", "paper"), [("A4", A4), ("Letter", letter), ("A3", A3)])
@pytest.mark.parametrize("landscape", [True, False])
def test_page_size_orientation_and_numbering(tmp_path, page_size, paper, landscape):
    reader = export(tmp_path, hand_map(), page_size=page_size, landscape=landscape)
    short, long = sorted(paper)
    expected = (long, short) if landscape else (short, long)
    for page in reader.pages:
        box = page.mediabox
        assert (float(box.width), float(box.height)) == pytest.approx(expected, abs=0.01)
    texts = page_texts(reader)
    count = len(texts)
    assert count >= 2  # the map page and at least one page of tables
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {count}" in text
        assert "Card dispute intake" in text  # the map title heads every page


def test_small_map_fits_on_the_first_page(tmp_path):
    texts = page_texts(export(tmp_path, hand_map()))
    assert "Map in detail" not in " ".join(texts)
    assert "Triage" in texts[0]


def test_markup_in_names_appears_literally(tmp_path):
    hostile = ('<font color="red">x</font>', '<img src="/etc/passwd"/>', "a & b < c")
    value_stream_map = hand_map(
        title="Q3 <b>review</b> & more",
        names=(hostile[0], hostile[1]),
        lane_names=(hostile[2], "<para>lane</para>"),
        kaizen_name="<br/>&amp; idea",
        kaizen_owner="O'Neil & <Sons>",
    )
    reader = export(tmp_path, value_stream_map)
    text = squeeze(" ".join(page_texts(reader)))
    for literal in (
        *hostile,
        "<para>lane</para>",
        "<br/>&amp;idea",
        "O'Neil&<Sons>",
        "Q3<b>review</b>&more",
    ):
        assert squeeze(literal) in text, literal
    assert reader.metadata.title == "Q3 <b>review</b> & more"


def test_control_characters_are_stripped(tmp_path):
    value_stream_map = hand_map(names=("Tri\x00age\x07", "Fraud\u202ereview"))
    text = " ".join(page_texts(export(tmp_path, value_stream_map)))
    assert "Triage" in text and "Fraudreview" in text
    assert "\x00" not in text and "\u202e" not in text


def test_unicode_names_render_with_the_fallback_font(tmp_path):
    value_stream_map = hand_map(
        title="Überprüfung der Kontrollen",
        names=("Überprüfung", "Contrôle 審査"),
        lane_names=("Équipe sécurité", "審査チーム"),
        kaizen_name="مراجعة أسرع 🚀",  # right-to-left and emoji must not crash
    )
    reader = export(tmp_path, value_stream_map)
    text = " ".join(page_texts(reader))
    for word in ("Überprüfung", "Contrôle", "審査", "審査チーム", "Équipe"):
        assert word in text, word
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    # CJK is drawn in the embedded Droid subset (not as boxes), and only our fonts are used.
    assert {font.split("+")[-1] for font in fonts} == {
        "DejaVuSans",
        "DejaVuSans-Bold",
        "DroidSansFallback",
    }


def test_metadata(tmp_path):
    reader = export(tmp_path, hand_map(), source_name="disputes.vsm")
    metadata = reader.metadata
    assert metadata.title == "Card dispute intake"
    assert metadata.author == "Dana Reviewer"
    assert "Card dispute intake" in metadata.subject
    assert metadata.creator == "VSM Desktop"
    assert "disputes.vsm" in page_texts(reader)[0]


def test_content_sections(tmp_path):
    value_stream_map = hand_map()
    text = " ".join(page_texts(export(tmp_path, value_stream_map)))
    for heading in (
        "Steps",
        "Where the time goes",
        "Largest waits",
        "Improvement plan",
        "Which change first",
        "Warnings",
        "Definitions",
    ):
        assert heading in text
    for label, _definition in DEFINITIONS.values():
        assert label in text
    # The plain-words summary of where the time goes, with the hand-computed figures: the three
    # waits (6 h, 16 h and the 8 h handover) are all the waiting there is.
    assert squeeze(
        "Of a lead time of 4.5 d, someone works on the request for 6 h (16.7%)"
    ) in squeeze(text)
    assert squeeze("make up 100% of all waiting") in squeeze(text)
    # The kaizen idea lists what it improves, its owner and status.
    squeezed = squeeze(text)
    assert squeeze("Auto-triage rules Fraud review Ops lead Planned") in squeezed


def test_warnings_from_the_analysis_are_listed(tmp_path):
    value_stream_map = hand_map()
    value_stream_map.elements[1].process_time = None  # Triage: a missing time is a warning
    analysis = analyze(value_stream_map)
    assert analysis.findings
    path = tmp_path / "report.pdf"
    write_report(value_stream_map, analysis, path)
    text = squeeze(" ".join(page_texts(PdfReader(path))))
    for finding in analysis.findings:
        assert squeeze(finding.message) in text


@pytest.mark.slow
def test_a_large_map_is_tiled_with_an_overview(tmp_path):
    """How long the 300-step report takes is measured in benchmarks/, not asserted here."""
    reader = export(tmp_path, chain_map(300))
    texts = page_texts(reader)
    detail_pages = [text for text in texts if "Map in detail: section" in text]
    assert len(detail_pages) > 1
    count = len(detail_pages)
    assert f"section {count} of {count}" in detail_pages[-1]
    assert "Each outlined section follows on its own page" in texts[1]  # page 2: overview
    all_text = squeeze(" ".join(texts))
    for number in (1, 150, 300):
        assert f"Step{number:03d}" in all_text


def test_the_overview_names_each_section_of_a_tiled_map(tmp_path):
    texts = page_texts(export(tmp_path, chain_map(40), page_size="A4"))
    count = sum("Map in detail: section" in text for text in texts)
    assert count > 1  # forty columns of steps are too wide for one A4 page at a legible size
    for number in range(1, count + 1):  # page 1 the summary, page 2 the overview
        named = (f"Section {number}: page {number + 2}", f"{number}: p. {number + 2}")
        assert any(name in texts[1] for name in named), number
        assert f"Map in detail: section {number} of {count}" in texts[number + 1]


def printed_sizes(page) -> dict[str, list[float]]:
    """Each piece of text on a page with the sizes it prints at, in points."""
    sizes: dict[str, list[float]] = {}

    def visit(text, cm, tm, _font, font_size):
        if text.strip():
            vertical = tm[2] * cm[1] + tm[3] * cm[3]  # text matrix times page matrix
            sizes.setdefault(text.strip(), []).append(abs(font_size * vertical))

    page.extract_text(visitor_text=visit)
    return sizes


FLOW_KINDS = {"step", "approval", "queue", "start", "end"}


def test_the_sample_map_reads_on_one_a3_page(tmp_path):
    """21 elements over 8 lanes: on A3 the whole map fits its page with every name whole."""
    sample = load_map(sample_map_path())
    reader = export(tmp_path, sample, page_size="A3")
    texts = page_texts(reader)
    assert not any("Map in detail" in text for text in texts)  # no section pages
    map_page = squeeze(texts[1])
    for element in sample.elements:
        if element.kind.value in FLOW_KINDS:
            assert squeeze(element.display_name) in map_page, element.display_name
    for lane in sample.lanes:
        assert squeeze(lane.name) in map_page


def test_an_empty_map_exports(tmp_path):
    texts = page_texts(export(tmp_path, ValueStreamMap()))
    assert "Untitled value stream" in texts[0]
    assert "The map has no steps yet." in " ".join(texts)


def test_a_flow_cycle_is_flagged_and_sections_without_elements_are_skipped(tmp_path):
    a = Element(name="Far left", x=-500, y=-300, process_time=1)
    b = Element(name="Far right", x=3000, y=2500, wait_time=3)
    value_stream_map = ValueStreamMap(
        elements=[a, b],
        connections=[
            Connection(source_id=a.id, target_id=b.id),
            Connection(source_id=b.id, target_id=a.id),
        ],
    )
    texts = page_texts(export(tmp_path, value_stream_map, landscape=False))
    assert "Some figures are unreliable" in texts[0]
    assert "Problem:" in " ".join(texts)
    # The two elements sit in opposite corners: only the two sections holding them are printed.
    detail_pages = [text for text in texts if "Map in detail: section" in text]
    assert len(detail_pages) == 2
    assert "Far left" in detail_pages[0] and "Far right" in detail_pages[1]


@settings(max_examples=12, deadline=None)
@given(
    names=st.lists(
        st.text(st.characters(blacklist_categories=("Cs",)), max_size=80), min_size=5, max_size=5
    )
)
@pytest.mark.slow
def test_any_text_in_the_map_exports(tmp_path_factory, names):
    """Whatever people type (markup, controls, any script, emoji), the export succeeds."""
    title, first, second, lane, idea = names
    value_stream_map = hand_map(
        title=title, names=(first, second), lane_names=(lane, "Fraud"), kaizen_name=idea
    )
    reader = export(tmp_path_factory.mktemp("any"), value_stream_map)
    assert len(reader.pages) >= 2


def test_long_words_do_not_break_the_export(tmp_path):
    long_word = "Überprüfungsverfahrensbeschleunigungsmaßnahme" * 4
    value_stream_map = hand_map(names=(long_word, "x" * 200))
    text = squeeze(" ".join(page_texts(export(tmp_path, value_stream_map))))
    assert long_word in text  # the step table wraps it in full


def test_a_missing_folder_raises_report_error_and_writes_nothing(tmp_path):
    target = tmp_path / "missing" / "report.pdf"
    with pytest.raises(ReportError, match="does not exist"):
        write_report(hand_map(), analyze(hand_map()), target)
    assert not target.parent.exists()


def test_a_path_that_is_a_folder_raises_report_error_and_leaves_no_files(tmp_path):
    target = tmp_path / "report.pdf"
    target.mkdir()
    with pytest.raises(ReportError, match="report.pdf"):
        write_report(hand_map(), analyze(hand_map()), target)
    assert [p.name for p in tmp_path.iterdir()] == ["report.pdf"]
    assert target.is_dir()


def test_a_failure_midway_keeps_the_previous_report(tmp_path):
    target = tmp_path / "report.pdf"
    target.write_bytes(b"previous report")

    def fail_halfway(fraction):
        if fraction > 0.5:
            raise OSError(28, "No space left on device")

    with pytest.raises(ReportError, match="the disk is full"):
        write_report(hand_map(), analyze(hand_map()), target, progress=fail_halfway)
    assert target.read_bytes() == b"previous report"
    assert [p.name for p in tmp_path.iterdir()] == ["report.pdf"]


def test_streams_are_binary_and_reportlab_settings_are_left_as_found(tmp_path):
    """ASCII85 only makes the file larger and slower to write; it is switched off for our
    save alone, so anything else using ReportLab in the process keeps its setting."""
    assert rl_config.useA85  # ReportLab's default, which the report must not change
    path = tmp_path / "report.pdf"
    write_report(hand_map(), analyze(hand_map()), path)
    assert rl_config.useA85
    assert b"ASCII85Decode" not in path.read_bytes()
    assert "Lead time" in page_texts(PdfReader(path))[0]


def test_the_report_gets_ordinary_file_permissions(tmp_path):
    target = tmp_path / "report.pdf"
    write_report(hand_map(), analyze(hand_map()), target)
    umask = os.umask(0o022)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask  # as if saved with open()


def test_unknown_page_size_is_refused(tmp_path):
    with pytest.raises(ReportError, match="A4, Letter, A3"):
        write_report(hand_map(), analyze(hand_map()), tmp_path / "r.pdf", page_size="B5")


def test_progress_rises_to_one(tmp_path):
    seen = []
    write_report(hand_map(), analyze(hand_map()), tmp_path / "r.pdf", progress=seen.append)
    assert seen == sorted(seen)
    assert seen[-1] == 1.0 and len(seen) > 3


def test_the_pdf_path_does_not_import_qt():
    code = (
        "import sys, vsm_desktop.export.pdf_report;"
        "sys.exit(1 if any(m.startswith('PySide6') for m in sys.modules) else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0
