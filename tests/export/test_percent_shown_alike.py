"""A share reads the same on the drawn map (canvas and PDF draw from drawing/) as in the
inspector and the steps table: model/units.py format_percent, three decimals at most."""

from vsm_desktop.analysis import analyze
from vsm_desktop.drawing.map_drawing import build_drawing
from vsm_desktop.model import Connection, ConnectionKind, Element, ElementKind, Lane, ValueStreamMap
from vsm_desktop.model.fields import ELEMENT_FIELDS, input_text


def _measure(text: str, size: float, bold: bool) -> float:
    return len(text) * size * 0.3  # narrow enough that no value is elided


def test_the_drawn_map_shows_shares_as_the_fields_do():
    lane = Lane(name="Team")
    start = Element(kind=ElementKind.START, name="Request", lane_id=lane.id, x=0, y=100)
    build = Element(name="Build", lane_id=lane.id, x=300, y=100, process_time=4, pca=100 / 3)
    check = Element(name="Check", lane_id=lane.id, x=600, y=100, process_time=2, pca=95.5)
    end = Element(kind=ElementKind.END, name="Done", lane_id=lane.id, x=900, y=100)
    value_stream_map = ValueStreamMap(
        lanes=[lane],
        elements=[start, build, check, end],
        connections=[
            Connection(source_id=start.id, target_id=build.id),
            Connection(source_id=build.id, target_id=check.id),
            Connection(source_id=check.id, target_id=end.id),
            Connection(kind=ConnectionKind.REWORK, source_id=check.id, target_id=build.id,
                       rework_percent=12.3456),
        ],
    )
    drawing = build_drawing(value_stream_map, analyze(value_stream_map), _measure)
    texts = {line.text for line in drawing.texts()}
    assert "33.333%" in texts and "95.5%" in texts
    assert input_text(ELEMENT_FIELDS["pca"], build.pca) == "33.333%"  # the inspector's text
    assert "↺ 12.346%" in texts
