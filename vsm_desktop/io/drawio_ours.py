"""A page of VSM Desktop's own draw.io export, read back field for field (drawio_export.py
writes every field as a vsm_* attribute); what was moved or renamed in draw.io is taken from the
drawing."""

from __future__ import annotations

from pydantic import ValidationError

from ..model import Element, ElementKind, Lane, MapInfo, ValueStreamMap, WorkCalendar, new_id
from .drawio_page import PageReader, model_fields, our_name, record, unique_id
from .drawio_xml import Cell
from .errors import VsmFileError

_POSITION_TOLERANCE = 1e-6


class OurPageReader(PageReader):
    ours = True

    def read(self) -> ValueStreamMap:
        header = next(c for c in self.cells if c.data.get("type") == "map")
        info = record(MapInfo, _prefixed(header.data, "info_"))
        calendar = record(WorkCalendar, _prefixed(header.data, "calendar_"))
        lanes: list[tuple[float, Lane, Cell]] = []
        for cell in self.cells:
            if cell.data.get("type") == "lane":
                lane = Lane(id=unique_id(cell.data.get("id"), {la.id for _, la, _ in lanes}),
                            name=our_name(cell, "name", self.warn),
                            height=min(max(cell.geometry[3], 60.0), 5000.0))
                lanes.append((self.absolute(cell)[1], lane, cell))
        lanes.sort(key=lambda item: item[0])
        lane_of_cell = {cell.id: lane for _, lane, cell in lanes}
        # Our lanes stack from y = 0 in list order; draw.io may have them anywhere.
        lane_shift: dict[str, float] = {}
        top = 0.0
        for drawn_top, lane, _cell in lanes:
            lane_shift[lane.id] = top - drawn_top
            top += lane.height
        elements: list[Element] = []
        cell_to_element: dict[str, str] = {}
        used: set[str] = set()
        for cell in self.cells:
            if cell.data.get("type") != "element":
                continue
            element = self._element(cell, lane_of_cell.get(cell.parent), lane_shift, used)
            elements.append(element)
            used.add(element.id)
            cell_to_element[cell.id] = element.id
        connections = self.connections(cell_to_element)
        element_ids = {e.id for e in elements}
        for element in elements:
            if element.target_id is not None and element.target_id not in element_ids:
                element.target_id = None
        return self.validated({
            "id": header.data.get("id") or new_id(), "info": info, "calendar": calendar,
            "lanes": [lane for _, lane, _ in lanes], "elements": elements,
            "connections": connections})

    def _element(self, cell: Cell, lane: Lane | None, lane_shift: dict[str, float],
                 used: set[str]) -> Element:
        """The element a cell holds; lane_shift moves it from where its lane was drawn to where
        the lane stacks in the map."""
        fields = model_fields(Element, cell.data, exclude=("name", "lane_id", "x", "y"))
        element_id = unique_id(fields.pop("id", None), used)
        if element_id != cell.data.get("id"):
            self.warn(f"'{cell.text[:60]}' is a copy of another shape; it gets a new id")
        left, top, width, height = self.absolute(cell)
        kind = ElementKind(fields.get("kind") or "step") if fields.get("kind") in set(
            ElementKind) else ElementKind.STEP
        x = left + width / 2
        y = top + height if kind.does_work else top + height / 2
        if lane is not None:
            y += lane_shift[lane.id]
        x = _snap(x, cell.data.get("x"))
        y = _snap(y, cell.data.get("y"))
        try:
            return Element.model_validate({**fields, "id": element_id, "kind": kind.value,
                                           "name": our_name(cell, "name", self.warn),
                                           "lane_id": lane.id if lane else None, "x": x, "y": y})
        except ValidationError as error:
            problem = error.errors(include_url=False)[0]
            where = ".".join(str(p) for p in problem["loc"])
            raise VsmFileError(problem["msg"], path=self.source, location=f"page '{self.page}'",
                               element=cell.text[:60] or element_id, element_id=element_id,
                               field=where) from None


def _prefixed(data: dict[str, str], prefix: str) -> dict[str, str]:
    return {k.removeprefix(prefix): v for k, v in data.items() if k.startswith(prefix)}


def _snap(value: float, stored: str | None) -> float:
    """The exact stored coordinate when the drawn one is the same (float rounding aside)."""
    try:
        exact = float(stored) if stored else None
    except ValueError:
        exact = None
    if exact is not None and abs(exact - value) < _POSITION_TOLERANCE * max(1.0, abs(value)):
        return exact
    return min(max(value, -1e6), 1e6)
