"""Page 1 of the report states P50 and P85 when the map's times are ranges."""

from pypdf import PdfReader

from vsm_desktop.analysis import analyze
from vsm_desktop.analysis.monte_carlo import simulate
from vsm_desktop.export.pdf_report import write_report
from vsm_desktop.io.vsm_file import load_map
from vsm_desktop.model import format_duration
from vsm_desktop.resources import sample_map_path

from .report_maps import hand_map


def first_page_text(tmp_path, value_stream_map) -> str:
    path = tmp_path / "report.pdf"
    write_report(value_stream_map, analyze(value_stream_map), path)
    return " ".join(PdfReader(path).pages[0].extract_text().split())


def test_page_one_states_p50_and_p85_for_a_map_with_ranges(tmp_path):
    sample = load_map(sample_map_path())
    expected = simulate(sample)
    text = first_page_text(tmp_path, sample)
    assert "P50 lead time" in text and "P85 lead time" in text
    assert format_duration(expected.p50, sample.calendar) in text
    assert format_duration(expected.p85, sample.calendar) in text


def test_page_one_has_no_percentiles_without_ranges(tmp_path):
    text = first_page_text(tmp_path, hand_map())
    assert "P85" not in text and "P50" not in text
