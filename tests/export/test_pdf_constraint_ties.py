"""The PDF map badges every element tied for the constraint, as the canvas does."""

from pypdf import PdfReader

from vsm_desktop.analysis import analyze
from vsm_desktop.export.pdf_report import write_report
from vsm_desktop.model import Connection, Element, ElementKind, ValueStreamMap


def test_every_tied_element_wears_the_constraint_badge_on_the_map_page(tmp_path):
    elements = [
        Element(id="s", kind=ElementKind.START, x=100, y=100),
        Element(id="a", name="Intake", x=300, y=100, process_time=1, wait_time=8, pca=100),
        Element(id="b", name="Review", x=500, y=100, process_time=1, wait_time=8, pca=100),
        Element(id="c", name="Deploy", x=700, y=100, process_time=1, wait_time=2, pca=100),
        Element(id="e", kind=ElementKind.END, x=900, y=100),
    ]
    ids = [e.id for e in elements]
    flow = [Connection(source_id=s, target_id=t) for s, t in zip(ids, ids[1:], strict=False)]
    value_stream_map = ValueStreamMap(elements=elements, connections=flow)
    path = tmp_path / "tied.pdf"
    write_report(value_stream_map, analyze(value_stream_map), path)
    map_page = next(text for page in PdfReader(path).pages
                    if (text := page.extract_text() or "").startswith("The map"))  # fmt: skip
    assert map_page.count("constraint") == 2  # Intake and Review share the longest wait
