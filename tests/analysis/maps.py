"""Small maps whose figures were worked out by hand, built with a terse helper."""

from vsm_desktop.model import Connection, ConnectionKind, Element, ElementKind, Lane, ValueStreamMap


class MapBuilder:
    def __init__(self) -> None:
        self.lanes: dict[str, Lane] = {}
        self.elements: dict[str, Element] = {}
        self.connections: list[Connection] = []

    def lane(self, name: str) -> str:
        if name not in self.lanes:
            self.lanes[name] = Lane(name=name)
        return self.lanes[name].id

    def add(self, name, kind="step", lane=None, pt=None, wait=None, pca=None, x=0.0,
            value="value_adding", automation="manual", cause=None):
        self.elements[name] = Element(
            name=name, kind=ElementKind(kind), process_time=pt, wait_time=wait, pca=pca,
            lane_id=self.lane(lane) if lane else None, x=x, value_category=value,
            automation=automation, wait_cause=cause,
        )
        return self

    def flow(self, *names, delay=None, cause=None):
        for a, b in zip(names, names[1:], strict=False):
            self.connections.append(Connection(
                source_id=self.elements[a].id, target_id=self.elements[b].id, delay=delay,
                wait_cause=cause))
        return self

    def rework(self, found_at, sent_to, percent):
        self.connections.append(Connection(
            kind=ConnectionKind.REWORK, source_id=self.elements[found_at].id,
            target_id=self.elements[sent_to].id, rework_percent=percent))
        return self

    def id(self, name) -> str:
        return self.elements[name].id

    def build(self) -> ValueStreamMap:
        return ValueStreamMap(lanes=list(self.lanes.values()),
                              elements=list(self.elements.values()),
                              connections=self.connections)
