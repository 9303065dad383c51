"""A value stream map drawn by others with draw.io's lean_mapping palette, read by its shapes.

Process boxes are steps, inventory triangles queues, outside sources the customer request and
value realised, kaizen bursts ideas, swimlanes lanes; names come from the labels (HTML dropped),
times from the data boxes' text ("C/T = 2 h", "Wait = 3 d", drawio_data_text.py) and from the
timeline's labels; arrows are flow, lean information arrows information. What cannot be read
becomes a warning, and the map is laid out afresh.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from ..model import (
    Connection,
    ConnectionKind,
    DurationError,
    Element,
    ElementKind,
    Lane,
    MapInfo,
    ValueStreamMap,
    parse_duration,
)
from ..model.elements import MAX_NAME_LENGTH, MAX_TEXT_LENGTH
from ..model.layout import LayoutLimitError, laid_out
from .drawio_common import (
    CONTROL_SHAPES,
    INVENTORY_SHAPES,
    KAIZEN_SHAPE,
    LEAN,
    OUTSIDE_SHAPE,
    PROCESS_SHAPES,
    TIMELINE_SHAPES,
)
from .drawio_data_text import data_line, set_read_field, unit_words
from .drawio_page import PageReader, clip, edge_kind, name_from_text
from .drawio_xml import Cell
from .errors import VsmFileError

Box = tuple[float, float, float, float]  # x, y, width, height


class ForeignPageReader(PageReader):
    def read(self) -> ValueStreamMap | None:
        lanes_found = [c for c in self.cells if c.vertex and c.shape == "swimlane"]
        lanes_found.sort(key=lambda c: (self.absolute(c)[1], self.absolute(c)[0]))
        lanes = {c.id: Lane(name=name_from_text(c.text, self.warn) or "Team",
                            height=min(max(c.geometry[3], 60.0), 5000.0)) for c in lanes_found}
        elements: dict[str, Element] = {}
        texts: list[Cell] = []
        timelines: list[Cell] = []
        consumed: set[str] = set()
        for cell in self.cells:
            if not cell.vertex or cell.id in lanes:
                continue
            shape = cell.shape
            kind = _element_kind(shape)
            if shape in TIMELINE_SHAPES:
                timelines.append(cell)
            elif kind is not None:
                element = self._element(cell, kind, consumed)
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
                element = self._element(cell, ElementKind.APPROVAL, consumed)
                element.lane_id = self._lane_of(cell, lanes)
                elements[cell.id] = element
                cell_to_element[cell.id] = element.id
            else:
                self.warn(f"{cell.text.replace(chr(10), ' ')[:60]!r} (a control box) has no "
                          "work flowing through it; skipped")
            texts.remove(cell)
        self._read_data_boxes(elements, texts, consumed)
        self._read_timeline(elements, texts, timelines, consumed)
        connections = self.connections(cell_to_element)
        connections += self._implied_flow(elements, connections)
        self._settle_outside_sources(elements, connections)
        self._place_annotations(elements)
        _join_neighbours_lanes(elements.values(), connections)
        for cell in texts:
            if cell.id not in consumed and cell.text and cell.id not in elements:
                self.warn(f"the text {cell.text[:60]!r} was not read (not in a data box, a "
                          "timeline or a shape of the map)")
        page_map = self.validated({
            "info": MapInfo(title=clip(self.page, MAX_NAME_LENGTH) or "Imported from draw.io",
                            description="Imported from a draw.io value stream map."),
            "lanes": list(lanes.values()), "elements": list(elements.values()),
            "connections": connections})
        try:
            return laid_out(page_map)
        except LayoutLimitError as error:
            raise VsmFileError(f"page '{self.page}' cannot be laid out: {error}",
                               path=self.source) from None

    def _element(self, cell: Cell, kind: ElementKind, consumed: set[str]) -> Element:
        own = cell.text
        # draw.io's "Dedicated Process" puts the process name in a text cell inside the box.
        inner = [c for c in self.cells if c.parent == cell.id and c.vertex and c.text]
        name_lines: list[str] = []
        values: dict[str, object] = {}
        for child in inner:
            consumed.add(child.id)
        lines = [line for child in inner for line in child.text.split("\n")] + own.split("\n")
        for line in lines:
            if not line:
                continue
            parsed = data_line(line, kind, self.warn)
            if parsed is None:
                name_lines.append(line)
            else:
                values.update(parsed)
        name = name_lines[0] if name_lines else ""
        notes = "\n".join(name_lines[1:])
        if kind is ElementKind.QUEUE and name.strip().upper() == "I":
            name = ""
        element = Element(kind=kind, name=name_from_text(name, self.warn),
                          notes=clip(notes, MAX_TEXT_LENGTH))
        for key, value in values.items():
            set_read_field(element, key, value, self.warn)
        return element

    def _lane_of(self, cell: Cell, lanes: dict[str, Lane]) -> str | None:
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
                   and edge_kind(c.style) is not ConnectionKind.INFORMATION for c in self.cells)

    def _read_data_boxes(self, elements: dict[str, Element], texts: list[Cell],
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
                parsed = data_line(line, element.kind, self.warn)
                if parsed:
                    parsed_any = True
                    for key, value in parsed.items():
                        set_read_field(element, key, value, self.warn)
            if parsed_any:
                consumed.add(cell.id)

    def _read_timeline(self, elements: dict[str, Element], texts: list[Cell],
                       timelines: list[Cell], consumed: set[str]) -> None:
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
                    hours = parse_duration(unit_words(cell.text))
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
                    set_read_field(element, key, hours, self.warn)

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


def _element_kind(shape: str) -> ElementKind | None:
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


def _join_neighbours_lanes(elements: Iterable[Element], connections: list[Connection]) -> None:
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


def _distance(a: Box, b: Box) -> float:
    """Between the boxes' centres."""
    return math.sqrt((a[0] + a[2] / 2 - b[0] - b[2] / 2) ** 2
                     + (a[1] + a[3] / 2 - b[1] - b[3] / 2) ** 2)
