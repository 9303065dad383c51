"""Read a draw.io file: our own export exactly, and lean_mapping maps drawn by others.

Reading trusts nothing, as for .vsm files: the size is checked before reading, the XML is parsed
with defusedxml (no entities, no DTD, no external references: billion laughs and friends are
refused), nesting depth and attribute length are limited, and compressed pages (raw deflate +
base64 + URL encoding, draw.io's default) are inflated with a cap on their size. Every refusal is
a VsmFileError naming the file.

Pages with our vsm_* data come back field for field (drawio_export.py). Other pages are read by
their shapes: process boxes are steps, inventory triangles queues, outside sources the customer
request and value realised, kaizen bursts ideas, swimlanes lanes; names come from the labels
(HTML dropped), times from the data boxes' text ("C/T = 2 h", "Wait = 3 d") and from the
timeline's labels; arrows are flow, lean information arrows information. What cannot be read
becomes a warning.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import json
import re
import typing
import urllib.parse
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element as XmlElement
from xml.etree.ElementTree import ParseError

import defusedxml
import defusedxml.ElementTree as SafeET
from pydantic import ValidationError

from ..model import (
    Connection,
    ConnectionKind,
    DurationError,
    Element,
    ElementKind,
    Lane,
    MapInfo,
    MapState,
    MapStates,
    ValueStreamMap,
    WorkCalendar,
    new_id,
    parse_duration,
    parse_duration_estimate,
)
from ..model.elements import MAX_NAME_LENGTH, MAX_TEXT_LENGTH
from ..model.layout import LayoutLimitError, laid_out
from ..model.value_stream_map import MAX_CONNECTIONS, MAX_ELEMENTS, MAX_LANES, MAX_STATES
from .drawio_common import (
    CONTROL_SHAPES,
    INFO_EDGE_SHAPES,
    INVENTORY_SHAPES,
    KAIZEN_SHAPE,
    LEAN,
    OUTSIDE_SHAPE,
    PREFIX,
    PROCESS_SHAPES,
    TIMELINE_SHAPES,
    decode_attribute,
    label_to_text,
    shape_of,
    style_entries,
    text_to_label,
)
from .errors import VsmFileError
from .safe_read import read_regular_file
from .vsm_file import MAX_FILE_BYTES, MAX_NESTING

MAX_ATTRIBUTE_CHARS = 100_000  # a label of a real diagram is a few hundred characters
MAX_CELLS = MAX_ELEMENTS + MAX_CONNECTIONS + MAX_LANES + 20_000  # texts, data boxes, timeline
_POSITION_TOLERANCE = 1e-6


@dataclass
class DrawioImport:
    """The map states read from the file, and what could not be read, in words."""

    states: MapStates
    warnings: list[str] = field(default_factory=list)
    ours: bool = True  # every page came from VSM Desktop's own export


def load_drawio(path: str | Path) -> DrawioImport:
    """Read a .drawio (or draw.io .xml) file; raises VsmFileError and nothing else."""
    path = Path(path)
    data = read_regular_file(path, MAX_FILE_BYTES, "draw.io file")  # never a pipe or device
    return loads_drawio(data, source=path)


def loads_drawio(data: bytes | str, source: str | Path = "<memory>") -> DrawioImport:
    if len(data) > MAX_FILE_BYTES:
        raise VsmFileError(_too_large(len(data)), path=source)
    root = _parse_xml(data, source, "the file")
    if root.tag == "mxGraphModel":  # a bare model, as draw.io's "Export as XML" can write
        pages = [("Page-1", root)]
    elif root.tag == "mxfile":
        pages = [(d.get("name") or f"Page-{i + 1}", _page_model(d, source))
                 for i, d in enumerate(root.findall("diagram"))]
    else:
        raise VsmFileError(f"not a draw.io file: it holds <{root.tag[:40]}>, not <mxfile>",
                           path=source)
    if not pages:
        raise VsmFileError("the draw.io file has no pages (no <diagram>)", path=source)
    warnings: list[str] = []
    maps: list[ValueStreamMap] = []
    ours = True
    for name, model in pages:
        reader = _PageReader(model, name, source, warnings)
        page_map = reader.read()
        ours = ours and reader.ours
        if page_map is not None:
            maps.append(page_map)
    if not maps:
        raise VsmFileError("no page of the draw.io file holds a value stream map", path=source)
    if len(maps) > MAX_STATES:
        warnings.append(f"only the first {MAX_STATES} pages were read")
        maps = maps[:MAX_STATES]
    maps = _as_states(maps, ours, warnings)
    try:
        states = MapStates(maps=maps)
    except ValidationError as error:
        problem = error.errors(include_url=False)[0]["msg"].removeprefix("Value error, ")
        raise VsmFileError(problem, path=source) from None
    return DrawioImport(states, warnings, ours)


# -- XML, safely -----------------------------------------------------------------------------


def _too_large(size: int) -> str:
    return (f"the file is {size / 1024 / 1024:.1f} MB; draw.io maps are read up to "
            f"{MAX_FILE_BYTES // 1024 // 1024} MB")


def _parse_xml(data: bytes | str, source: str | Path, what: str) -> XmlElement:
    try:
        root = SafeET.fromstring(data, forbid_dtd=True)
    except defusedxml.DTDForbidden:
        raise VsmFileError(f"refused: {what} declares a DTD (<!DOCTYPE …>), which draw.io never "
                           "writes; it may try to expand entities (a 'billion laughs' attack)",
                           path=source) from None
    except defusedxml.EntitiesForbidden:
        raise VsmFileError(f"refused: {what} declares XML entities, which draw.io never writes",
                           path=source) from None
    except defusedxml.ExternalReferenceForbidden:
        raise VsmFileError(f"refused: {what} refers to an external resource", path=source
                           ) from None
    except defusedxml.DefusedXmlException as error:
        raise VsmFileError(f"refused: {what} uses an XML feature that is not allowed ({error})",
                           path=source) from None
    except ParseError as error:
        line, column = getattr(error, "position", (0, 0))
        raise VsmFileError(f"not a valid draw.io file: {what} is not well-formed XML (line "
                           f"{line}, column {column})", path=source) from None
    except (ValueError, RecursionError, MemoryError) as error:
        raise VsmFileError(f"not a valid draw.io file: {error}", path=source) from None
    _check_tree(root, source)
    return root


def _check_tree(root: XmlElement, source: str | Path) -> None:
    """Depth, element count and attribute length, without recursion."""
    pending = [(root, 1)]
    count = 0
    while pending:
        node, depth = pending.pop()
        count += 1
        if depth > MAX_NESTING:
            raise VsmFileError(f"refused: the XML is nested more than {MAX_NESTING} levels deep",
                               path=source)
        if count > MAX_CELLS * 4:
            raise VsmFileError("refused: the diagram has far more shapes than a map can hold",
                               path=source)
        for name, value in node.attrib.items():
            if len(value) > MAX_ATTRIBUTE_CHARS:
                raise VsmFileError(
                    f"refused: the attribute '{name[:40]}' of <{node.tag[:40]}> (id "
                    f"{node.get('id', '?')[:40]}) is {len(value):,} characters long; at most "
                    f"{MAX_ATTRIBUTE_CHARS:,} are read", path=source)
        pending.extend((child, depth + 1) for child in node)


def _page_model(diagram: XmlElement, source: str | Path) -> XmlElement:
    model = diagram.find("mxGraphModel")
    if model is not None:
        return model
    text = (diagram.text or "").strip()
    if not text:
        raise VsmFileError(f"the page '{diagram.get('name', '')[:60]}' is empty", path=source)
    return _parse_xml(_inflate(text, source), source, "a compressed page")


def _inflate(text: str, source: str | Path) -> str:
    """draw.io's compressed page: base64 of raw deflate of the URL-encoded XML."""
    try:
        packed = base64.b64decode(text, validate=False)
        inflater = zlib.decompressobj(-zlib.MAX_WBITS)
        raw = inflater.decompress(packed, MAX_FILE_BYTES)
        if inflater.unconsumed_tail:
            raise VsmFileError(f"refused: a compressed page inflates to more than "
                               f"{MAX_FILE_BYTES // 1024 // 1024} MB", path=source)
        return urllib.parse.unquote(raw.decode("utf-8"))
    except (binascii.Error, zlib.error, UnicodeDecodeError) as error:
        raise VsmFileError(f"a compressed page could not be unpacked: {error}", path=source
                           ) from None


# -- one page --------------------------------------------------------------------------------


@dataclass
class _Cell:
    id: str
    parent: str
    style: str
    label: str
    data: dict[str, str]
    vertex: bool
    edge: bool
    source: str | None
    target: str | None
    geometry: tuple[float, float, float, float]  # relative to the parent
    relative: bool

    @property
    def shape(self) -> str:
        return shape_of(self.style)

    @property
    def text(self) -> str:
        return label_to_text(self.label)


class _PageReader:
    def __init__(self, model: XmlElement, page: str, source: str | Path,
                 warnings: list[str]) -> None:
        self.page = page
        self.source = source
        self.warnings = warnings
        self.cells = _cells(model, source)
        self.by_id = {cell.id: cell for cell in self.cells}
        self.ours = any(c.data.get("type") == "map" for c in self.cells)

    def warn(self, text: str) -> None:
        self.warnings.append(f"page '{self.page}': {text}")

    def absolute(self, cell: _Cell) -> tuple[float, float, float, float]:
        x, y, width, height = cell.geometry
        seen = {cell.id}
        parent = self.by_id.get(cell.parent)
        while parent is not None and parent.vertex and parent.id not in seen:
            seen.add(parent.id)
            x += parent.geometry[0]
            y += parent.geometry[1]
            parent = self.by_id.get(parent.parent)
        return x, y, width, height

    def read(self) -> ValueStreamMap | None:
        if self.ours:
            return self._read_ours()
        return self._read_foreign()

    # -- our own export ----------------------------------------------------------------------

    def _read_ours(self) -> ValueStreamMap:
        header = next(c for c in self.cells if c.data.get("type") == "map")
        info = _record(MapInfo, _prefixed(header.data, "info_"))
        calendar = _record(WorkCalendar, _prefixed(header.data, "calendar_"))
        lanes: list[tuple[float, Lane, _Cell]] = []
        for cell in self.cells:
            if cell.data.get("type") == "lane":
                lane = Lane(id=_unique(cell.data.get("id"), {la.id for _, la, _ in lanes}),
                            name=_our_name(cell, "name", self.warn),
                            height=min(max(cell.geometry[3], 60.0), 5000.0))
                lanes.append((self.absolute(cell)[1], lane, cell))
        lanes.sort(key=lambda item: item[0])
        lane_of_cell = {cell.id: lane for _, lane, cell in lanes}
        # Our lanes stack from y = 0 in list order; draw.io may have them anywhere.
        lane_top_ours: dict[str, float] = {}
        lane_top_drawn: dict[str, float] = {}
        top = 0.0
        for drawn_top, lane, _cell in lanes:
            lane_top_ours[lane.id], lane_top_drawn[lane.id] = top, drawn_top
            top += lane.height
        elements: list[Element] = []
        cell_to_element: dict[str, str] = {}
        used: set[str] = set()
        for cell in self.cells:
            if cell.data.get("type") != "element":
                continue
            element = self._our_element(cell, lane_of_cell, lane_top_ours, lane_top_drawn, used)
            if element is not None:
                elements.append(element)
                used.add(element.id)
                cell_to_element[cell.id] = element.id
        connections = self._connections(cell_to_element, ours=True)
        element_ids = {e.id for e in elements}
        for element in elements:
            if element.target_id is not None and element.target_id not in element_ids:
                element.target_id = None
        return _validated(self.source, self.page, {
            "id": header.data.get("id") or new_id(), "info": info, "calendar": calendar,
            "lanes": [lane for _, lane, _ in lanes], "elements": elements,
            "connections": connections})

    def _our_element(self, cell, lane_of_cell, lane_top_ours, lane_top_drawn, used):
        fields = _fields(Element, cell.data, exclude=("name", "lane_id", "x", "y"))
        element_id = _unique(fields.pop("id", None), used)
        if element_id != cell.data.get("id"):
            self.warn(f"'{cell.text[:60]}' is a copy of another shape; it gets a new id")
        left, top, width, height = self.absolute(cell)
        lane = lane_of_cell.get(cell.parent)
        kind = ElementKind(fields.get("kind") or "step") if fields.get("kind") in set(
            ElementKind) else ElementKind.STEP
        x = left + width / 2
        y = top + height if kind.does_work else top + height / 2
        if lane is not None:
            y += lane_top_ours[lane.id] - lane_top_drawn[lane.id]
        x = _snap(x, cell.data.get("x"))
        y = _snap(y, cell.data.get("y"))
        try:
            return Element.model_validate({**fields, "id": element_id, "kind": kind.value,
                                           "name": _our_name(cell, "name", self.warn),
                                           "lane_id": lane.id if lane else None, "x": x, "y": y})
        except ValidationError as error:
            problem = error.errors(include_url=False)[0]
            where = ".".join(str(p) for p in problem["loc"])
            raise VsmFileError(problem["msg"], path=self.source, location=f"page '{self.page}'",
                               element=cell.text[:60] or element_id, element_id=element_id,
                               field=where) from None

    def _connections(self, cell_to_element: dict[str, str], ours: bool) -> list[Connection]:
        connections: list[Connection] = []
        used: set[str] = set()
        for cell in self.cells:
            if not cell.edge:
                continue
            source = self._owner(cell.source, cell_to_element)
            target = self._owner(cell.target, cell_to_element)
            described = f"the arrow {cell.text[:60]!r}" if cell.text else "an arrow"
            if source is None or target is None:
                if not (ours and cell.data.get("type") != "connection"):
                    self.warn(f"{described} does not join two elements of the map; skipped")
                continue
            if source == target:
                continue
            if ours and cell.data.get("type") == "connection":
                data = _fields(Connection, cell.data, exclude=("source_id", "target_id", "label"))
            else:
                data = {"kind": _edge_kind(cell.style).value}
            data["id"] = _unique(data.get("id"), used)
            used.add(data["id"])
            try:
                label = (_our_name(cell, "label", self.warn) if ours
                         else _clip(cell.text, MAX_NAME_LENGTH))
                connections.append(Connection.model_validate({
                    **data, "source_id": source, "target_id": target, "label": label}))
            except ValidationError as error:
                problem = error.errors(include_url=False)[0]
                raise VsmFileError(problem["msg"], path=self.source,
                                   location=f"page '{self.page}': connection {data['id']}",
                                   field=".".join(str(p) for p in problem["loc"])) from None
        return connections

    def _owner(self, cell_id: str | None, cell_to_element: dict[str, str]) -> str | None:
        """The element an arrow end belongs to (an arrow may end on a label inside a box)."""
        seen: set[str] = set()
        while cell_id is not None and cell_id not in seen:
            if cell_id in cell_to_element:
                return cell_to_element[cell_id]
            seen.add(cell_id)
            cell = self.by_id.get(cell_id)
            cell_id = cell.parent if cell is not None else None
        return None

    # -- maps drawn by others ----------------------------------------------------------------

    def _read_foreign(self) -> ValueStreamMap | None:
        lanes_found = [c for c in self.cells if c.vertex and c.shape == "swimlane"]
        lanes_found.sort(key=lambda c: (self.absolute(c)[1], self.absolute(c)[0]))
        lanes = {c.id: Lane(name=_name(c.text, self.warn) or "Team",
                            height=min(max(c.geometry[3], 60.0), 5000.0)) for c in lanes_found}
        elements: dict[str, Element] = {}
        texts: list[_Cell] = []
        timelines: list[_Cell] = []
        consumed: set[str] = set()
        for cell in self.cells:
            if not cell.vertex or cell.id in lanes:
                continue
            shape = cell.shape
            kind = _foreign_kind(shape)
            if shape in TIMELINE_SHAPES:
                timelines.append(cell)
            elif kind is not None:
                element = self._foreign_element(cell, kind, consumed)
                element.lane_id = self._lane_of(cell, lanes)
                elements[cell.id] = element
            elif shape.startswith(LEAN) and shape not in CONTROL_SHAPES:
                self.warn(f"the shape '{shape.removeprefix(LEAN)}'"
                          f"{' ' + repr(cell.text[:40]) if cell.text else ''} is not part of a "
                          "VSM Desktop map; skipped")
            elif shape in CONTROL_SHAPES:
                texts.append(cell)  # an approval if arrows of work pass through it (below)
            elif cell.text:
                texts.append(cell)
        if not elements and not lanes:
            self.warn("no value stream mapping shapes found; page skipped")
            return None
        cell_to_element = {cell_id: e.id for cell_id, e in elements.items()}
        # Control boxes (production control, MRP) with flow through them are approvals.
        for cell in [t for t in texts if t.shape in CONTROL_SHAPES]:
            if self._has_flow(cell.id):
                element = self._foreign_element(cell, ElementKind.APPROVAL, consumed)
                element.lane_id = self._lane_of(cell, lanes)
                elements[cell.id] = element
                cell_to_element[cell.id] = element.id
            else:
                self.warn(f"{cell.text.replace(chr(10), ' ')[:60]!r} (a control box) has no "
                          "work flowing through it; skipped")
            texts.remove(cell)
        self._read_data_boxes(elements, texts, consumed)
        self._read_timeline(elements, texts, timelines, consumed)
        connections = self._connections(cell_to_element, ours=False)
        connections += self._implied_flow(elements, connections)
        self._settle_outside_sources(elements, connections)
        self._place_annotations(elements)
        _join_neighbours_lanes(elements.values(), connections)
        for cell in texts:
            if cell.id not in consumed and cell.text and cell.id not in elements:
                self.warn(f"the text {cell.text[:60]!r} was not read (not in a data box, a "
                          "timeline or a shape of the map)")
        page_map = _validated(self.source, self.page, {
            "info": MapInfo(title=_clip(self.page, MAX_NAME_LENGTH) or "Imported from draw.io",
                            description="Imported from a draw.io value stream map."),
            "lanes": list(lanes.values()), "elements": list(elements.values()),
            "connections": connections})
        try:
            return laid_out(page_map)
        except LayoutLimitError as error:
            raise VsmFileError(f"page '{self.page}' cannot be laid out: {error}",
                               path=self.source) from None

    def _foreign_element(self, cell: _Cell, kind: ElementKind, consumed: set[str]) -> Element:
        own = cell.text
        # draw.io's "Dedicated Process" puts the process name in a text cell inside the box.
        inner = [c for c in self.cells if c.parent == cell.id and c.vertex and c.text]
        name_lines: list[str] = []
        values: dict[str, Any] = {}
        for child in inner:
            consumed.add(child.id)
        lines = [line for child in inner for line in child.text.split("\n")] + own.split("\n")
        for line in lines:
            if not line:
                continue
            parsed = _data_line(line, kind, self.warn)
            if parsed is None:
                name_lines.append(line)
            else:
                values.update(parsed)
        name = name_lines[0] if name_lines else ""
        notes = "\n".join(name_lines[1:])
        if kind is ElementKind.QUEUE and name.strip().upper() == "I":
            name = ""
        element = Element(kind=kind, name=_name(name, self.warn),
                          notes=_clip(notes, MAX_TEXT_LENGTH))
        for key, value in values.items():
            _set(element, key, value, self.warn)
        return element

    def _lane_of(self, cell: _Cell, lanes: dict[str, Lane]) -> str | None:
        parent = cell.parent
        seen: set[str] = set()
        while parent in self.by_id and parent not in seen:
            if parent in lanes:
                return lanes[parent].id
            seen.add(parent)
            parent = self.by_id[parent].parent
        x, y, width, height = self.absolute(cell)
        centre = (x + width / 2, y + height / 2)
        for lane_cell_id, lane in lanes.items():
            lx, ly, lw, lh = self.absolute(self.by_id[lane_cell_id])
            if lx <= centre[0] <= lx + lw and ly <= centre[1] <= ly + lh:
                return lane.id
        return None

    def _has_flow(self, cell_id: str) -> bool:
        return any(c.edge and cell_id in (c.source, c.target)
                   and _edge_kind(c.style) is not ConnectionKind.INFORMATION for c in self.cells)

    def _read_data_boxes(self, elements: dict[str, Element], texts: list[_Cell],
                         consumed: set[str]) -> None:
        """A text box just below a process or inventory, whose lines say C/T, wait…"""
        for cell in texts:
            if cell.id in consumed:
                continue
            x, y, width, _height = self.absolute(cell)
            below = []
            for element_cell_id, element in elements.items():
                if not (element.kind.does_work or element.kind is ElementKind.QUEUE):
                    continue
                ex, ey, ew, eh = self.absolute(self.by_id[element_cell_id])
                overlap = min(x + width, ex + ew) - max(x, ex)
                gap = y - (ey + eh)
                if overlap > 0 and -eh / 2 <= gap <= 80:
                    below.append((gap, element))
            if not below:
                continue
            element = min(below, key=lambda item: item[0])[1]
            parsed_any = False
            for line in cell.text.split("\n"):
                parsed = _data_line(line, element.kind, self.warn)
                if parsed:
                    parsed_any = True
                    for key, value in parsed.items():
                        _set(element, key, value, self.warn)
            if parsed_any:
                consumed.add(cell.id)

    def _read_timeline(self, elements: dict[str, Element], texts: list[_Cell],
                       timelines: list[_Cell], consumed: set[str]) -> None:
        """Labels over a timeline's high steps are waits; under its low steps, work."""
        if not timelines:
            return
        flow_cells = [(cell_id, e) for cell_id, e in elements.items()
                      if e.kind.does_work or e.kind is ElementKind.QUEUE]
        if not flow_cells:
            return
        centres = {cell_id: self.absolute(self.by_id[cell_id]) for cell_id, _ in flow_cells}
        for timeline in timelines:
            tx, ty, tw, th = self.absolute(timeline)
            middle = ty + th / 2
            for cell in texts:
                if cell.id in consumed:
                    continue
                x, y, width, height = self.absolute(cell)
                cx, cy = x + width / 2, y + height / 2
                if not (tx - 20 <= cx <= tx + tw + 20 and ty - 40 <= cy <= ty + th + 40):
                    continue
                consumed.add(cell.id)
                try:
                    hours = parse_duration(_unit_words(cell.text))
                except DurationError:
                    continue  # totals such as "Lead time = 12 d": the analysis works them out
                upper = cy < middle
                candidates = [(abs(cx - (b[0] + b[2] / 2)), e) for cell_id, e in flow_cells
                              for b in [centres[cell_id]]
                              if upper or e.kind.does_work]
                if not candidates:
                    continue
                element = min(candidates, key=lambda item: item[0])[1]
                key = "wait_time" if upper else "process_time"
                if getattr(element, key) is None:
                    _set(element, key, hours, self.warn)

    def _implied_flow(self, elements: dict[str, Element],
                      connections: list[Connection]) -> list[Connection]:
        """Maps drawn with push arrows have no connectors: join the flow left to right."""
        if any(c.kind is ConnectionKind.FLOW for c in connections):
            return []
        flow = [(self.absolute(self.by_id[cell_id])[0], e) for cell_id, e in elements.items()
                if e.kind.in_flow]
        flow.sort(key=lambda item: item[0])
        if len(flow) < 2:
            return []
        self.warn("no arrows join the shapes; the flow was read left to right")
        return [Connection(source_id=a.id, target_id=b.id)
                for (_, a), (_, b) in zip(flow, flow[1:], strict=False)]

    def _place_annotations(self, elements: dict[str, Element]) -> None:
        """A kaizen burst improves the step it is drawn at; notes keep their place beside
        the flow (the automatic layout arranges the flow only)."""
        flow = {cell_id: e for cell_id, e in elements.items()
                if e.kind.does_work or e.kind is ElementKind.QUEUE}
        for cell_id, element in elements.items():
            x, y, width, height = self.absolute(self.by_id[cell_id])
            element.x, element.y = x + width / 2, y + height / 2
            if element.kind is not ElementKind.KAIZEN or not flow:
                continue
            nearest = min(flow, key=lambda other: _distance(self.absolute(self.by_id[other]),
                                                            (x, y, width, height)))
            element.target_id = flow[nearest].id

    def _settle_outside_sources(self, elements: dict[str, Element],
                                connections: list[Connection]) -> None:
        """An outside source that work leaves is the request; one that work reaches, the end."""
        sources = {c.source_id for c in connections if c.kind is ConnectionKind.FLOW}
        targets = {c.target_id for c in connections if c.kind is ConnectionKind.FLOW}
        for element in elements.values():
            if element.kind is not ElementKind.START:
                continue
            if element.id in targets and element.id not in sources:
                element.kind = ElementKind.END
            elif element.id not in targets and element.id not in sources:
                self.warn(f"the customer/supplier '{element.display_name}' has no flow arrows")


# -- cells -----------------------------------------------------------------------------------


def _cells(model: XmlElement, source: str | Path) -> list[_Cell]:
    root = model.find("root")
    if root is None:
        raise VsmFileError("not a draw.io diagram: the page has no <root>", path=source)
    cells = []
    for node in root:
        if node.tag in ("object", "UserObject"):
            wrapper, inner = node, node.find("mxCell")
            if inner is None:
                continue
        elif node.tag == "mxCell":
            wrapper, inner = None, node
        else:
            continue
        cell_id = (wrapper if wrapper is not None else inner).get("id", "")
        if wrapper is not None:
            label = wrapper.get("label", "")
            data = {k.removeprefix(PREFIX): decode_attribute(v)
                    for k, v in wrapper.attrib.items() if k.startswith(PREFIX)}
        else:
            label, data = inner.get("value", ""), {}
        geometry = inner.find("mxGeometry")
        cells.append(_Cell(
            id=cell_id, parent=inner.get("parent", ""), style=inner.get("style", ""),
            label=label, data=data, vertex=inner.get("vertex") == "1",
            edge=inner.get("edge") == "1", source=inner.get("source"),
            target=inner.get("target"), geometry=_geometry(geometry),
            relative=geometry is not None and geometry.get("relative") == "1",
        ))
    if len(cells) > MAX_CELLS:
        raise VsmFileError(f"refused: the page has {len(cells):,} cells; a map holds at most "
                           f"{MAX_CELLS:,}", path=source)
    return cells


def _geometry(node: XmlElement | None) -> tuple[float, float, float, float]:
    if node is None:
        return (0.0, 0.0, 0.0, 0.0)
    values = []
    for name in ("x", "y", "width", "height"):
        try:
            value = float(node.get(name, "0"))
        except ValueError:
            value = 0.0
        values.append(value if -1e7 <= value <= 1e7 else 0.0)
    return (values[0], values[1], values[2], values[3])


def _foreign_kind(shape: str) -> ElementKind | None:
    if shape in PROCESS_SHAPES:
        return ElementKind.STEP
    if shape in INVENTORY_SHAPES:
        return ElementKind.QUEUE
    if shape == OUTSIDE_SHAPE:
        return ElementKind.START  # the end is settled once the arrows are known
    if shape == KAIZEN_SHAPE:
        return ElementKind.KAIZEN
    if shape in ("note", "mxgraph.basic.note"):
        return ElementKind.NOTE
    return None


def _edge_kind(style: str) -> ConnectionKind:
    entries = style_entries(style)
    if entries.get("shape") in INFO_EDGE_SHAPES or entries.get("dashed") == "1":
        return ConnectionKind.INFORMATION
    return ConnectionKind.FLOW


# -- data box text ---------------------------------------------------------------------------

_DATA_LINE = re.compile(r"^\s*(?P<key>[^=:]{1,30}?)\s*[=:]\s*(?P<value>.+?)\s*$")
_UNIT_WORDS = {"sec": "s", "secs": "s", "hr": "h", "hrs": "h", "wks": "wk"}
_PROCESS_KEYS = ("c/t", "ct", "cycle time", "p/t", "pt", "process time", "processing time",
                 "work", "touch time", "va", "value added", "value-added time")
_WAIT_KEYS = ("wait", "w/t", "wt", "wait time", "waiting", "queue time", "delay", "inventory",
              "inv", "i", "days", "lead time", "l/t")
_PCA_KEYS = ("%c&a", "c&a", "%ca", "pca", "complete & accurate", "%complete & accurate")
_PEOPLE_KEYS = ("people", "operators", "operator", "staff", "fte", "headcount")
_ITEMS_KEYS = ("items", "qty", "quantity", "pcs", "wip", "tickets")
_IGNORED_KEYS = ("uptime", "c/o", "co", "changeover", "shifts", "avail", "available time",
                 "batch", "scrap", "epe")
_NUMBER = re.compile(r"-?\d+(?:[.,]\d+)?")


def _unit_words(text: str) -> str:
    words = re.sub(r"(?<=\d)(?=[a-zA-Z])", " ", text.strip().lower())
    return " ".join(_UNIT_WORDS.get(w, w) for w in words.split())


def _data_line(line: str, kind: ElementKind, warn) -> dict[str, Any] | None:
    """{"process_time": 16.0} for "C/T = 2 d"; None when the line is not data (a name)."""
    match = _DATA_LINE.match(line)
    if match is None:
        if kind is ElementKind.QUEUE:  # an inventory's label: "5 days", "12 items"
            return _queue_line(line)
        return None
    key = match.group("key").strip().lower()
    value = match.group("value").strip()
    if key in _IGNORED_KEYS:
        return {}
    target = None
    if key in _PROCESS_KEYS:
        target = "process_time"
    elif key in _WAIT_KEYS:
        target = "wait_time"
    if target is not None:
        try:
            # "C/T = 2-6 d" is a range, as anywhere a duration is typed
            return parse_duration_estimate(_unit_words(value)).fields(target)
        except DurationError:
            warn(f"could not read the time in {line[:60]!r}")
            return {}
    number = _NUMBER.search(value)
    if key in _PCA_KEYS and number:
        return {"pca": float(number.group().replace(",", "."))}
    if key in _PEOPLE_KEYS and number:
        return {"people": int(float(number.group().replace(",", ".")))}
    if key in _ITEMS_KEYS and number:
        return {"items_waiting": int(float(number.group().replace(",", ".")))}
    return None


def _queue_line(line: str) -> dict[str, Any] | None:
    text = _unit_words(line)
    number = _NUMBER.search(text)
    if number is None:
        return None
    rest = text[number.end():].strip()
    if rest in ("items", "item", "pcs", "tickets", "requests", "wip"):
        return {"items_waiting": int(float(number.group().replace(",", ".")))}
    try:
        return parse_duration_estimate(text).fields("wait_time")
    except DurationError:
        return None


def _set(element: Element, key: str, value: Any, warn) -> None:
    if key in ("process_time", "pca") and not element.kind.does_work:
        return
    if key == "items_waiting" and element.kind is not ElementKind.QUEUE:
        return
    try:
        setattr(element, key, value)
    except ValidationError:
        warn(f"'{element.display_name}': {key.replace('_', ' ')} {value!r} is out of range; "
             "not read")


# -- helpers ---------------------------------------------------------------------------------


def _prefixed(data: dict[str, str], prefix: str) -> dict[str, str]:
    return {k.removeprefix(prefix): v for k, v in data.items() if k.startswith(prefix)}


def _fields(model, data: dict[str, str], exclude: tuple[str, ...] = ()) -> dict[str, Any]:
    """The model's fields found among the attributes; "" is None where the field allows it."""
    found: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if name in exclude or name not in data:
            continue
        value: Any = data[name]
        if value == "" and info.default is None:
            value = None
        elif value[:1] in ("{", "["):  # a nested record written as JSON (a duration range)
            with contextlib.suppress(ValueError):  # else pydantic names the field
                value = json.loads(value)
        elif _takes_float(info.annotation):
            # As a number, so record validators that compare values (ranges) see one.
            with contextlib.suppress(ValueError):
                value = float(value)
        found[name] = value
    return found


def _takes_float(annotation: Any) -> bool:
    return annotation is float or float in typing.get_args(annotation)


def _record(model, values: dict[str, str]):
    cleaned = _fields(model, values)
    try:
        return model.model_validate(cleaned)
    except ValidationError:
        return model()


def _unique(wanted: str | None, used: set[str]) -> str:
    if wanted and 0 < len(wanted) <= 64 and wanted not in used:
        return wanted
    return new_id()


def _snap(value: float, stored: str | None) -> float:
    """The exact stored coordinate when the drawn one is the same (float rounding aside)."""
    try:
        exact = float(stored) if stored else None
    except ValueError:
        exact = None
    if exact is not None and abs(exact - value) < _POSITION_TOLERANCE * max(1.0, abs(value)):
        return exact
    return min(max(value, -1e6), 1e6)


def _join_neighbours_lanes(elements, connections: list[Connection]) -> None:
    """Shapes drawn outside every swimlane (customers at the top of the page, typically) join
    the lane of the element they hand work to or take it from, so the automatic layout keeps
    them in the bands rather than under them."""
    by_id = {e.id: e for e in elements}
    if not any(e.lane_id for e in by_id.values()):
        return
    neighbours: dict[str, list[str]] = {}
    for connection in connections:
        neighbours.setdefault(connection.source_id, []).append(connection.target_id)
        neighbours.setdefault(connection.target_id, []).append(connection.source_id)
    for _round in range(len(by_id)):
        changed = False
        for element in by_id.values():
            if element.lane_id is not None:
                continue
            linked = ([element.target_id] if element.target_id else []) + neighbours.get(
                element.id, [])
            lane = next((by_id[i].lane_id for i in linked if i in by_id and by_id[i].lane_id),
                        None)
            if lane is not None:
                element.lane_id = lane
                changed = True
        if not changed:
            return


def _distance(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    return ((a[0] + a[2] / 2 - b[0] - b[2] / 2) ** 2 + (a[1] + a[3] / 2 - b[1] - b[3] / 2) ** 2
            ) ** 0.5


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _our_name(cell: _Cell, key: str, warn) -> str:
    """The name we wrote, exactly, unless the label was edited in draw.io (then the label)."""
    written = cell.data.get(key)
    if written is not None and label_to_text(cell.label) == label_to_text(
            text_to_label(written)):
        return written
    return _name(cell.text, warn)


def _name(text: str, warn) -> str:
    text = " ".join(text.split("\n")).strip()
    if len(text) > MAX_NAME_LENGTH:
        warn(f"the name {text[:40]!r}… is longer than {MAX_NAME_LENGTH} characters; shortened")
        return _clip(text, MAX_NAME_LENGTH)
    return text


def _validated(source, page: str, data: dict[str, Any]) -> ValueStreamMap:
    try:
        return ValueStreamMap.model_validate(data)
    except ValidationError as error:
        problem = error.errors(include_url=False)[0]["msg"].removeprefix("Value error, ")
        raise VsmFileError(problem, path=source, location=f"page '{page}'") from None


def _as_states(maps: list[ValueStreamMap], ours: bool, warnings: list[str]
               ) -> list[ValueStreamMap]:
    """The first page is the current state; other pages are future states of it."""
    current = maps[0]
    current.info.state = MapState.CURRENT
    current.info.based_on_map_id = None
    ids = {current.id}
    for extra in maps[1:]:
        if extra.id in ids:
            extra.id = new_id()
        ids.add(extra.id)
        extra.info.state = MapState.FUTURE
        if extra.info.based_on_map_id not in ids:
            extra.info.based_on_map_id = current.id
    if not ours and len(maps) > 1:
        warnings.append("pages after the first were read as future states of the first")
    return maps


__all__ = ["DrawioImport", "load_drawio", "loads_drawio"]
