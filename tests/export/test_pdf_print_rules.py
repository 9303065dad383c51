"""The report read back as printed: every word's size and box on every page, the outline, the
document language, and page 1's answer for the sample, worked out here from the analysis."""

from __future__ import annotations

import itertools

import pytest
from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth

from vsm_desktop.analysis import analyze
from vsm_desktop.analysis.improvement_plan import plan_outcome
from vsm_desktop.analysis.whatif import rank_what_ifs
from vsm_desktop.export.pdf_fonts import BOLD, FALLBACK, REGULAR, register_fonts
from vsm_desktop.export.pdf_report import write_report
from vsm_desktop.io.vsm_file import load_map
from vsm_desktop.model import format_duration
from vsm_desktop.resources import sample_map_path

from .report_maps import chain_map, sample_with_future

SMALLEST_POINTS = 6.0
_FONTS = {"DejaVuSans": REGULAR, "DejaVuSans-Bold": BOLD, "DroidSansFallback": FALLBACK}


def export(tmp_path, value_stream_map, name="report.pdf", **options) -> PdfReader:
    path = tmp_path / name
    write_report(value_stream_map, analyze(value_stream_map), path, **options)
    return PdfReader(path)


def words_on(page) -> list[tuple[str, float, tuple[float, float, float, float]]]:
    """Every word on the page: (text, printed size, box left, bottom, right, top) in points,
    measured with the font's own advance widths."""
    register_fonts()
    words = []

    def visit(text, cm, tm, font, font_size):
        if not text.strip() or font is None:
            return
        base = str(font.get("/BaseFont", "")).split("+")[-1]
        font_name = _FONTS.get(base)
        assert font_name is not None, f"unexpected font {base}"
        scale_x = tm[0] * cm[0] + tm[1] * cm[2]
        scale_y = tm[2] * cm[1] + tm[3] * cm[3]
        x0 = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y0 = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        size = abs(font_size * scale_y)
        offset = 0.0
        for part in text.replace("\n", " ").split(" "):
            width = stringWidth(part, font_name, font_size) * abs(scale_x)
            if part:
                left = x0 + offset
                box = (left, y0 - 0.2 * size, left + width, y0 + 0.72 * size)
                words.append((part, size, box))
            offset += width + stringWidth(" ", font_name, font_size) * abs(scale_x)

    page.extract_text(visitor_text=visit)
    return words


def overlapping_words(words) -> list[tuple[str, str]]:
    """Pairs of words whose boxes share more than a hair (0.4 pt) in both directions."""
    clashes = []
    boxes = sorted(words, key=lambda word: word[2][0])
    for index, (text, _, (_left, bottom, right, top)) in enumerate(boxes):
        for other, _, (o_left, o_bottom, _o_right, o_top) in boxes[index + 1 :]:
            if o_left >= right - 0.4:
                break
            if min(top, o_top) - max(bottom, o_bottom) > 0.4:
                clashes.append((text, other))
    return clashes


def check_print_rules(reader: PdfReader) -> None:
    for number, page in enumerate(reader.pages, start=1):
        words = words_on(page)
        assert words, f"page {number} has no text"
        smallest = min(words, key=lambda word: word[1])
        assert smallest[1] >= SMALLEST_POINTS - 0.01, (number, smallest[0], smallest[1])
        assert overlapping_words(words) == [], f"page {number}"


PAPERS = list(itertools.product(("A4", "Letter", "A3"), (True, False)))


@pytest.mark.parametrize(("page_size", "landscape"), PAPERS)
def test_the_sample_prints_no_word_below_6_pt_and_no_word_over_another(
    tmp_path, page_size, landscape
):
    reader = export(tmp_path, load_map(sample_map_path()), page_size=page_size,
                    landscape=landscape)  # fmt: skip
    check_print_rules(reader)


def test_a_60_step_map_on_a4_portrait_obeys_the_same_rules(tmp_path):
    reader = export(tmp_path, chain_map(60), page_size="A4", landscape=False)
    check_print_rules(reader)
    texts = [page.extract_text() for page in reader.pages]
    sections = [text for text in texts if "Map in detail: section" in text]
    assert len(sections) > 1
    # lane names repeat on every section page, and arrows cut at an edge say where they go on
    lane_names = [lane.name for lane in chain_map(60).lanes]
    for text in sections:
        assert sum(name in text for name in lane_names) >= 1
    assert any("p. " in text for text in sections)


def test_a_map_with_a_future_state_prints_its_compare_page_legibly(tmp_path):
    states = sample_with_future()
    current = states.maps[0]
    path = tmp_path / "compare.pdf"
    write_report(current, analyze(current), path, states=states)
    reader = PdfReader(path)
    check_print_rules(reader)
    texts = [page.extract_text() for page in reader.pages]
    compare = next(text for text in texts if "Current vs future state" in text)
    assert "What changes, element by element" in compare


def test_outline_language_title_and_subject(tmp_path):
    states = sample_with_future()
    current = states.maps[0]
    path = tmp_path / "outline.pdf"
    write_report(current, analyze(current), path, states=states)
    reader = PdfReader(path)
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert reader.metadata.title == current.info.title
    assert reader.metadata.subject.startswith("Value stream report: ")
    entries = {item.title: reader.get_destination_page_number(item)
               for item in reader.outline if not isinstance(item, list)}  # fmt: skip
    expected = ["Summary", "The map", "Current vs future state", "Steps",
                "Where the time goes", "Where the waiting comes from", "Which change first",
                "Improvement plan", "Warnings", "Definitions"]  # fmt: skip
    assert list(entries) == expected
    texts = [page.extract_text() for page in reader.pages]
    headings = {"Summary": current.info.title, "The map": "The map",
                "Improvement plan": "Improvement plan (kaizen ideas)"}  # fmt: skip
    for title, page in entries.items():
        assert headings.get(title, title) in texts[page], title
    assert list(entries.values()) == sorted(entries.values())


def test_page_one_answers_for_the_sample_as_worked_out_from_the_analysis(tmp_path):
    sample = load_map(sample_map_path())
    analysis = analyze(sample)
    calendar = sample.calendar
    page_one = " ".join(export(tmp_path, sample).pages[0].extract_text().split())

    # Where the waiting sits: waits along the critical path, each with the handover delay
    # into it, the largest three as a share of all the critical path's waiting.
    elements = {e.id: e for e in sample.elements}
    delay_into = {}
    for connection in sample.connections:
        if connection.id in analysis.critical_connections:
            delay_into[connection.target_id] = connection.delay or 0.0
    waits = [
        ((elements[i].wait_time or 0.0) + delay_into.get(i, 0.0), elements[i].display_name)
        for i in analysis.critical_path
    ]
    waits.sort(key=lambda wait: -wait[0])  # equal waits stay in path order
    total_wait = sum(hours for hours, _ in waits)
    assert total_wait == pytest.approx(analysis.wait_time)
    top = waits[:3]
    share = round(100 * sum(hours for hours, _ in top) / total_wait)
    waiting = round(100 * analysis.wait_time / analysis.lead_time)
    weeks = analysis.lead_time / (calendar.hours_per_day * calendar.days_per_week)
    assert f"A request takes {weeks:.0f} working weeks from start to finish" in page_one
    assert f"{waiting}% of that time it is waiting" in page_one
    names = [name for _, name in top]
    assert f"{share}% of the waiting sits in three places: " in page_one
    assert f"{names[0]}, {names[1]} and {names[2]}." in page_one

    # What to do first: each planned idea's gain alone, then the what-if ranking's best
    # change for elements no idea targets; the three largest, one per element.
    plan = plan_outcome(sample, analysis)
    candidates = {}
    for idea in plan.ideas:
        gain = plan.gain_alone(idea)
        if gain > 0 and idea.target_id not in candidates:
            candidates[idea.target_id] = (gain, idea.name, idea.owner)
    for row in rank_what_ifs(sample):
        if row.element_id not in candidates and row.best_gain > 0:
            candidates[row.element_id] = (row.best_gain, row.name, "")
    chosen = sorted(candidates.values(), key=lambda c: -c[0])[:3]
    actions = page_one[page_one.index("What to do first") :]
    positions = []
    for gain, name, owner in chosen:
        saving = f"−{format_duration(gain, calendar)}"
        at = actions.find(name)
        assert at >= 0, name
        assert saving in actions[at:], (name, saving)
        if owner:
            assert owner in actions[at:], owner
        positions.append(at)
    assert positions == sorted(positions)  # largest gain first
    # never proposed: removing value-adding work or a necessary control (issue 13's rules)
    for element in sample.elements:
        if element.value_category.value in ("value_adding", "necessary"):
            assert f"Remove {element.display_name}" not in page_one
