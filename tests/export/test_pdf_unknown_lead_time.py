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


def test_page_one_says_why_there_are_no_lead_time_bars(tmp_path):
    """Without today's lead time the "if the changes land" heading had nothing under it; it
    now says why, naming the stranded elements and the one whose wait time is missing."""
    value_stream_map = cut_flow()
    test = value_stream_map.element("test")
    value_stream_map = value_stream_map.model_copy(update={"elements": [
        e if e is not test else e.model_copy(update={"wait_time": None})
        for e in value_stream_map.elements
    ]})
    path = tmp_path / "cut.pdf"
    write_report(value_stream_map, analyze(value_stream_map), path)
    page_one = " ".join((PdfReader(path).pages[0].extract_text() or "").split())
    heading = page_one.index("Lead time if the changes land")
    under = page_one[heading:]
    assert under.split("Lead time if the changes land")[1].strip().startswith(
        "Cannot be shown: today's lead time is unknown")
    assert "Work stops at 'Customer request', 'Build'" in under
    assert "No flow leads from the customer request to 'Test'" in under
    assert "Wait time not entered for 'Test'" in under
