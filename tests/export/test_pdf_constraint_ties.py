"""The PDF map badges every element tied for the constraint, as the canvas does."""

from pypdf import PdfReader

from vsm_desktop.analysis import analyze
from vsm_desktop.export.pdf_report import write_report

from .report_maps import tied_constraint_map


def test_every_tied_element_wears_the_constraint_badge_on_the_map_page(tmp_path):
    value_stream_map = tied_constraint_map()
    path = tmp_path / "tied.pdf"
    write_report(value_stream_map, analyze(value_stream_map), path)
    map_page = next(text for page in PdfReader(path).pages
                    if (text := page.extract_text() or "").startswith("The map"))  # fmt: skip
    assert map_page.count("constraint") == 2  # Intake and Review share the longest wait
