"""Write a map as a draw.io file in the lean_mapping notation, with every field on board.

One page per state (current, then future states). Steps are process boxes with a data box
below, queues inventory triangles, approvals control boxes, kaizen ideas bursts; lanes are
swimlanes holding their elements; under the lanes a timeline shows waits up and work down along
the critical path. Each shape wraps its cell in an <object> whose vsm_* attributes hold the
element's fields, so a map edited in draw.io comes back whole (drawio_import.py).

The XML is built with ElementTree, which escapes every text; labels are HTML (html=1 lets
draw.io wrap them), so names are HTML-escaped first.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from .. import __version__
from ..analysis import analyze
from ..analysis.formatting import lead_time_text, share_text
from ..model import (
    Connection,
    ConnectionKind,
    Element,
    ElementKind,
    HandoverMethod,
    MapStates,
    ValueStreamMap,
    format_duration,
)
from ..model.layout import LANE_HEADER_WIDTH
from .atomic_write import atomic_write
from .drawio_common import (
    DATA_BOX_STYLE,
    ELECTRONIC_INFO_EDGE_STYLE,
    FLOW_EDGE_STYLE,
    FORMAT_VERSION,
    INFO_EDGE_STYLE,
    KIND_STYLES,
    LANE_STYLE,
    PREFIX,
    REWORK_EDGE_STYLE,
    SHAPE_SIZE,
    TEXT_STYLE,
    TIMELINE_STYLE,
    encode_attribute,
    number_text,
    text_to_label,
)

LANE_X = LANE_HEADER_WIDTH - 40.0  # the swimlane's title band (40 wide) ends where ours does
TIMELINE_GAP = 60.0
DATA_BOX_HEIGHT = 56.0


def element_cell_id(element_id: str) -> str:
    return f"vsm-el-{element_id}"


def lane_cell_id(lane_id: str) -> str:
    return f"vsm-ln-{lane_id}"


def dumps_drawio(states: MapStates) -> str:
    """The .drawio file's text: an uncompressed mxfile, one diagram page per state."""
    mxfile = ET.Element("mxfile", {"host": "VSM Desktop", "agent": f"VSM Desktop {__version__}",
                                   "type": "device", "version": "24.0.0"})
    futures = len(states.maps) - 1
    for index, value_stream_map in enumerate(states.maps):
        state = "Current state" if index == 0 else (
            "Future state" if futures == 1 else f"Future state {index}")
        diagram = ET.SubElement(mxfile, "diagram", {"id": f"vsm-page-{index}", "name": state})
        diagram.append(_graph_model(value_stream_map))
    ET.indent(mxfile)
    return ET.tostring(mxfile, encoding="unicode", xml_declaration=False) + "\n"


def save_drawio(states: MapStates | ValueStreamMap, path: str | Path) -> None:
    """Write the draw.io file atomically (a failed write leaves any old file as it was)."""
    if isinstance(states, ValueStreamMap):
        states = MapStates(maps=[states])
    atomic_write(path, dumps_drawio(states).encode("utf-8"))


# -- one page --------------------------------------------------------------------------------


def _graph_model(value_stream_map: ValueStreamMap) -> ET.Element:
    model = ET.Element("mxGraphModel", {
        "dx": "1200", "dy": "800", "grid": "1", "gridSize": "10", "guides": "1",
        "tooltips": "1", "connect": "1", "arrows": "1", "fold": "1", "page": "0",
        "pageScale": "1", "math": "0", "shadow": "0",
    })
    root = ET.SubElement(model, "root")
    map_data = {"type": "map", "format": FORMAT_VERSION, "id": value_stream_map.id}
    map_data |= {f"info_{k}": v for k, v in value_stream_map.info.model_dump(mode="json").items()}
    map_data |= {f"calendar_{k}": v
                 for k, v in value_stream_map.calendar.model_dump(mode="json").items()}
    _object(root, "0", value_stream_map.info.title, map_data, None)
    ET.SubElement(root, "mxCell", {"id": "1", "parent": "0"})

    right = max((e.x + SHAPE_SIZE[e.kind][0] / 2 for e in value_stream_map.elements),
                default=800.0)
    lane_width = max(800.0, right - LANE_X + 80)
    lane_tops: dict[str, float] = {}
    top = 0.0
    for lane in value_stream_map.lanes:
        lane_tops[lane.id] = top
        _object(root, lane_cell_id(lane.id), lane.name,
                {"type": "lane", "id": lane.id, "name": lane.name},
                {"style": LANE_STYLE, "vertex": "1", "parent": "1"},
                (LANE_X, top, lane_width, lane.height))
        top += lane.height

    for element in value_stream_map.elements:
        _element(root, element, value_stream_map, lane_tops)
    for connection in value_stream_map.connections:
        _connection(root, connection)
    bottom = max([top] + [e.y + 60 for e in value_stream_map.elements])
    _timeline(root, value_stream_map, bottom + TIMELINE_GAP)
    return model


def _element(root: ET.Element, element: Element, value_stream_map: ValueStreamMap,
             lane_tops: dict[str, float]) -> None:
    width, height = SHAPE_SIZE[element.kind]
    left = element.x - width / 2
    top = element.y - height if element.kind.does_work else element.y - height / 2
    parent, origin_x, origin_y = "1", 0.0, 0.0
    if element.lane_id in lane_tops:
        parent, origin_x, origin_y = lane_cell_id(element.lane_id), LANE_X, lane_tops[
            element.lane_id]
    data = {"type": "element", **_non_default(element)}
    _object(root, element_cell_id(element.id), element.name, data,
            {"style": KIND_STYLES[element.kind], "vertex": "1", "parent": parent},
            (left - origin_x, top - origin_y, width, height))
    lines = _data_lines(element, value_stream_map)
    if lines:
        box_width = width if element.kind.does_work else 110.0
        box_top = element.y + 2 if element.kind.does_work else element.y + height / 2 + 24
        _object(root, f"vsm-db-{element.id}", "<br>".join(text_to_label(t) for t in lines),
                {"type": "data_box", "of": element.id},
                {"style": DATA_BOX_STYLE, "vertex": "1", "parent": parent},
                (element.x - box_width / 2 - origin_x, box_top - origin_y, box_width,
                 14.0 * len(lines) + 8), escape=False)


def _data_lines(element: Element, value_stream_map: ValueStreamMap) -> list[str]:
    """The data box as value stream mappers write it: "C/T = 2 h", "Wait = 3 d"…"""
    calendar = value_stream_map.calendar
    lines = []
    if element.kind.does_work:
        lines.append(f"C/T = {format_duration(element.process_time, calendar)}")
    if element.kind.does_work or element.kind is ElementKind.QUEUE:
        lines.append(f"Wait = {format_duration(element.wait_time, calendar)}")
    if element.kind.does_work and element.pca is not None:
        lines.append(f"%C&A = {element.pca:g}%")
    if element.people is not None and element.kind.does_work:
        lines.append(f"People = {element.people}")
    if element.kind is ElementKind.QUEUE and element.items_waiting is not None:
        lines.append(f"Items = {element.items_waiting}")
    return lines


def _connection(root: ET.Element, connection: Connection) -> None:
    if connection.kind is ConnectionKind.FLOW:
        style = FLOW_EDGE_STYLE
    elif connection.kind is ConnectionKind.REWORK:
        style = REWORK_EDGE_STYLE
    elif connection.method is HandoverMethod.AUTOMATED:
        style = ELECTRONIC_INFO_EDGE_STYLE
    else:
        style = INFO_EDGE_STYLE
    data = {"type": "connection", **_non_default(connection, exclude={"source_id", "target_id"})}
    cell = _object(root, f"vsm-cn-{connection.id}", connection.label, data, {
        "style": style, "edge": "1", "parent": "1",
        "source": element_cell_id(connection.source_id),
        "target": element_cell_id(connection.target_id),
    })
    ET.SubElement(cell, "mxGeometry", {"relative": "1", "as": "geometry"})


def _timeline(root: ET.Element, value_stream_map: ValueStreamMap, y: float) -> None:
    """Waits up, work down, under each element of the critical path; totals at the right."""
    result = analyze(value_stream_map)
    calendar = value_stream_map.calendar
    elements = {e.id: e for e in value_stream_map.elements}
    timed = [elements[i] for i in result.critical_path
             if elements[i].kind.does_work or elements[i].kind is ElementKind.QUEUE]
    if not timed:
        return
    style = (TIMELINE_STYLE + "dx1=0;dy1=0;dx2=60;dy2=0;dx3=60;dy3=1;dx4=120;dy4=1;dx5=120;"
             "dy5=1;dy6=1;")
    for number, element in enumerate(timed):
        left = element.x - 60
        _object(root, f"vsm-tl-{number}", "", {"type": "timeline"},
                {"style": style, "vertex": "1", "parent": "1"}, (left, y, 120, 40))
        _object(root, f"vsm-tlw-{number}", format_duration(element.wait_time or 0, calendar),
                {"type": "timeline"}, {"style": TEXT_STYLE, "vertex": "1", "parent": "1"},
                (left, y - 22, 60, 20))
        if element.kind.does_work:
            _object(root, f"vsm-tlp-{number}",
                    format_duration(element.process_time or 0, calendar), {"type": "timeline"},
                    {"style": TEXT_STYLE, "vertex": "1", "parent": "1"},
                    (left + 60, y + 42, 60, 20))
    efficiency = share_text(result.flow_efficiency)
    totals = [f"Lead time = {lead_time_text(result.lead_time, calendar)}",
              f"Process time = {format_duration(result.process_time, calendar)}",
              f"Flow efficiency = {efficiency}"]
    right = max(e.x for e in timed) + 80
    _object(root, "vsm-tl-totals", "<br>".join(text_to_label(t) for t in totals),
            {"type": "timeline"},
            {"style": DATA_BOX_STYLE + "fontSize=12;", "vertex": "1", "parent": "1"},
            (right, y - 10, 190, 60), escape=False)


# -- one cell --------------------------------------------------------------------------------


def _object(root: ET.Element, cell_id: str, label: str, data: dict[str, Any],
            cell: dict[str, str] | None, geometry: tuple[float, ...] | None = None,
            escape: bool = True) -> ET.Element:
    """<object label id vsm_*…><mxCell …><mxGeometry/></mxCell></object>; returns the cell."""
    attributes = {"label": text_to_label(label) if escape else label, "id": cell_id}
    for key, value in data.items():
        attributes[PREFIX + key] = _attribute_text(value)
    wrapper = ET.SubElement(root, "object", attributes)
    mx_cell = ET.SubElement(wrapper, "mxCell", cell or {})
    if geometry is not None:
        x, y, width, height = geometry
        ET.SubElement(mx_cell, "mxGeometry", {
            "x": number_text(x), "y": number_text(y), "width": number_text(width),
            "height": number_text(height), "as": "geometry"})
    return mx_cell


def _non_default(record: Any, exclude: set[str] | None = None) -> dict[str, Any]:
    """A record's fields without the empty ones (None or "" where that is the default): the
    reader takes the default for a missing attribute, and big maps stay well under the limit."""
    fields = type(record).model_fields
    return {name: value for name, value in record.model_dump(mode="json", exclude=exclude).items()
            if not (value in (None, "") and fields[name].default == value)}


def _attribute_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return number_text(value)
    if isinstance(value, dict | list):  # a nested record, such as a duration range
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return encode_attribute(str(value))
