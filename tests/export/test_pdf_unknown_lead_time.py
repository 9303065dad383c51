"""The report of a map whose flow no longer joins start to end says the lead time is unknown."""

from pypdf import PdfReader

from vsm_desktop.analysis import analyze
from vsm_desktop.export.pdf_report import write_report
from vsm_desktop.model import Connection, Element, ElementKind, ValueStreamMap


def cut_flow() -> ValueStreamMap:
    elements = [
        Element(id="s", kind=ElementKind.START, x=0),
        Element(id="build", name="Build", x=200, process_time=8, wait_time=8, pca=90),
        Element(id="test", name="Test", x=400, process_time=2, wait_time=6, pca=90),
        Element(id="e", kind=ElementKind.END, x=600),
    ]
    connections = [  # the handover Build -> Test was deleted
        Connection(source_id="s", target_id="build"),
        Connection(source_id="test", target_id="e"),
    ]
    return ValueStreamMap(elements=elements, connections=connections)


def test_the_report_names_the_unknown_lead_time_and_the_stranded_elements(tmp_path):
    value_stream_map = cut_flow()
    path = tmp_path / "cut.pdf"
    write_report(value_stream_map, analyze(value_stream_map), path)
    text = " ".join(" ".join((page.extract_text() or "").split())
                    for page in PdfReader(path).pages)
    assert "Leadtimeunknown" in "".join(text.split())  # the summary figure, never 0
    assert "Lead time unknown: no flow leads from the customer request" in text
    assert "not on a path to the end" in text  # Build: work stops there
    assert "not reached from the start" in text  # Test: nothing leads to it
