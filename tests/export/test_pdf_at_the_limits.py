"""A map that uses the whole coordinate range the file allows still becomes a report."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from vsm_desktop.analysis import analyze
from vsm_desktop.export.pdf_report import write_report
from vsm_desktop.model import Connection, Element, ElementKind, Lane, ValueStreamMap
from vsm_desktop.model.elements import MAX_COORDINATE, MAX_LANE_HEIGHT


def corner_map() -> ValueStreamMap:
    """Elements in the far corners of the allowed area, in one lane as tall as allowed."""
    lane = Lane(name="Whole range", height=MAX_LANE_HEIGHT)
    edge = MAX_COORDINATE
    start = Element(kind=ElementKind.START, name="Far left", lane_id=lane.id, x=-edge, y=-edge)
    work = Element(name="Far corner", lane_id=lane.id, x=edge, y=edge, process_time=1)
    end = Element(kind=ElementKind.END, name="Top right", lane_id=lane.id, x=edge, y=-edge)
    return ValueStreamMap(
        lanes=[lane],
        elements=[start, work, end],
        connections=[Connection(source_id=start.id, target_id=work.id),
                     Connection(source_id=work.id, target_id=end.id)],
    )


def test_a_map_at_the_coordinate_limit_exports(tmp_path):
    """Packing lanes for paper moved the far corner to y = 2,000,050, past the file's limit,
    and the report failed with a raw validation message; the paper copy is a drawing."""
    value_stream_map = corner_map()
    before = value_stream_map.model_copy(deep=True)
    target = tmp_path / "corner.pdf"
    write_report(value_stream_map, analyze(value_stream_map), target)
    text = "".join(page.extract_text() for page in PdfReader(target).pages)
    assert "Far corner" in text
    assert value_stream_map == before  # the map itself is untouched


def test_a_rule_broken_while_drawing_is_reported_in_words(tmp_path, monkeypatch):
    """Should a drawing step ever move an element past a rule of the map again, the message
    names the problem, not pydantic's report of it."""
    from vsm_desktop.export import pdf_map_pages, pdf_report
    from vsm_desktop.model import Element

    def breaks_a_rule(*_args, **_kwargs):
        Element(name="Far corner", y=2_000_050)

    monkeypatch.setattr(pdf_map_pages, "compact_layout", breaks_a_rule)
    value_stream_map = corner_map()
    with pytest.raises(pdf_report.ReportError) as failed:
        write_report(value_stream_map, analyze(value_stream_map), tmp_path / "r.pdf")
    message = str(failed.value)
    assert message.startswith("Cannot write the report to 'r.pdf': the map could not be drawn")
    assert "must be ≤ 1,000,000 (got 2000050)" in message
    assert "pydantic" not in message and "Input should" not in message
    assert not (tmp_path / "r.pdf").exists()
