"""The whole map as one validated, serialisable value: what a .vsm file holds."""

from __future__ import annotations

import operator

from pydantic import Field, model_validator

from .calendar import WorkCalendar
from .elements import (
    MAX_NAME_LENGTH,
    Connection,
    ConnectionKind,
    Element,
    Lane,
    MapInfo,
    MapState,
    _Record,
    new_id,
)

MAX_ELEMENTS = 20_000
MAX_CONNECTIONS = 60_000
MAX_LANES = 200


class ValueStreamMap(_Record):
    id: str = Field(default_factory=new_id, min_length=1, max_length=64)
    info: MapInfo = Field(default_factory=MapInfo)
    calendar: WorkCalendar = Field(default_factory=WorkCalendar)
    lanes: list[Lane] = Field(default_factory=list, max_length=MAX_LANES)
    elements: list[Element] = Field(default_factory=list, max_length=MAX_ELEMENTS)
    connections: list[Connection] = Field(default_factory=list, max_length=MAX_CONNECTIONS)

    @model_validator(mode="after")
    def _check_references(self) -> ValueStreamMap:
        """Ids are unique and every reference points at something that exists."""
        lane_ids = _check_unique("lane", [lane.id for lane in self.lanes])
        element_ids = _check_unique("element", [element.id for element in self.elements])
        _check_unique("connection", [connection.id for connection in self.connections])
        # Whether a reference is broken is asked of whole sets (in C); only a broken map is
        # walked record by record, to name the first broken reference in file order (walking
        # every map so was a tenth of validating one of 10,000 elements).
        lane_refs = {element.lane_id for element in self.elements}
        target_refs = {element.target_id for element in self.elements}
        lane_refs.discard(None)
        target_refs.discard(None)
        if not (lane_refs <= lane_ids and target_refs <= element_ids):
            self._name_broken_element_reference(lane_ids, element_ids)
        sources = [connection.source_id for connection in self.connections]
        targets = [connection.target_id for connection in self.connections]
        if (
            not element_ids.issuperset(sources) or not element_ids.issuperset(targets)
            or any(map(operator.eq, sources, targets))
        ):
            self._name_broken_connection(element_ids)
        return self

    def _name_broken_element_reference(self, lane_ids: set[str], element_ids: set[str]) -> None:
        for element in self.elements:
            if element.lane_id is not None and element.lane_id not in lane_ids:
                raise ValueError(
                    f"element '{element.display_name}' ({element.id}): field 'lane_id' refers "
                    f"to lane '{element.lane_id}', which is not in the map"
                )
            if element.target_id is not None and element.target_id not in element_ids:
                raise ValueError(
                    f"element '{element.display_name}' ({element.id}): field 'target_id' refers "
                    f"to element '{element.target_id}', which is not in the map"
                )

    def _name_broken_connection(self, element_ids: set[str]) -> None:
        for connection in self.connections:
            for end in ("source_id", "target_id"):
                end_id = getattr(connection, end)
                if end_id not in element_ids:
                    raise ValueError(
                        f"connection {connection.id}: field '{end}' refers to element "
                        f"'{end_id}', which is not in the map"
                    )
            if connection.source_id == connection.target_id:
                raise ValueError(
                    f"connection {connection.id}: it starts and ends on the same element "
                    f"'{connection.source_id}'"
                )

    def derive_future_state(self) -> ValueStreamMap:
        """A future-state copy to redesign: same elements and ids, so changes can be compared."""
        future = self.model_copy(deep=True)
        future.id = new_id()
        future.info.state = MapState.FUTURE
        future.info.based_on_map_id = self.id
        future.info.title = _future_title(self.info.title)
        return future

    def element(self, element_id: str) -> Element:
        return next(element for element in self.elements if element.id == element_id)

    def flow_connections(self) -> list[Connection]:
        return [c for c in self.connections if c.kind is ConnectionKind.FLOW]


def check_states(maps: list[ValueStreamMap]) -> None:
    """The states of one file have their own ids, and a future state names a state of the
    file as the one it was derived from (ValueError otherwise)."""
    _check_unique("map", [m.id for m in maps])
    ids = {m.id for m in maps}
    for m in maps:
        based_on = m.info.based_on_map_id
        if based_on is not None and based_on not in ids:
            raise ValueError(
                f"map '{m.info.title}': field 'based_on_map_id' refers to map "
                f"'{based_on}', which is not in the file"
            )


def _check_unique(what: str, ids: list[str]) -> set[str]:
    """The ids as a set; raises ValueError naming the first id that appears twice."""
    unique = set(ids)
    if len(unique) != len(ids):
        seen: set[str] = set()
        for item_id in ids:
            if item_id in seen:
                raise ValueError(f"two {what}s share the id '{item_id}'; ids must be unique")
            seen.add(item_id)
    return unique


def _future_title(title: str) -> str:
    for suffix in (" (current state)", " — current state", " - current state"):
        if title.lower().endswith(suffix):
            title = title[: -len(suffix)]
    return f"{title} (future state)"


MAX_STATES = 20


class ReviewBase(_Record):
    """The states as a copy was sent out for review ("Save a Copy for Review…").

    Both the copy and the file it came from keep it, so merging the returned copy later finds
    the common base and can tell who changed what (io/merge.py)."""

    sent_to: str = Field(default="", max_length=MAX_NAME_LENGTH)
    sent_on: str = Field(default="", max_length=40)  # ISO date and time, informational
    maps: list[ValueStreamMap] = Field(min_length=1, max_length=MAX_STATES)


class MapStates(_Record):
    """Everything one .vsm file carries: the current state first, then future states derived
    from it, so a single attachment tells the whole story."""

    maps: list[ValueStreamMap] = Field(min_length=1, max_length=MAX_STATES)
    review_base: ReviewBase | None = None

    @model_validator(mode="after")
    def _check_states(self) -> MapStates:
        check_states(self.maps)
        return self

    @property
    def current(self) -> ValueStreamMap:
        return self.maps[0]

    def map(self, map_id: str) -> ValueStreamMap:
        return next(m for m in self.maps if m.id == map_id)
