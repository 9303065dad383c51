"""The flow part of the map as plain adjacency dicts: fast to build and walk on every edit.

NetworkX stays the reference (the document's graph, cycle reports); the passes that run on every
finished edit and on every what-if scenario walk these dicts instead, which keeps the analysis
of a 5,000-element map within a small factor of NetworkX's own longest path.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable

import networkx as nx

from ..model.elements import Connection, ConnectionKind, Element, ElementKind

_FLOW_KINDS = frozenset(kind for kind in ElementKind if kind.in_flow)

Edge = tuple[str, str]


class FlowGraph:
    """Flow elements and the flow connections between them; of two parallel flows the slower."""

    def __init__(self, elements: dict[str, Element], connections: Iterable[Connection]) -> None:
        self.nodes: list[str] = []
        self.elapsed: dict[str, float] = {}  # wait + process time of each element, in hours
        for element_id, element in elements.items():
            if element.kind in _FLOW_KINDS:
                self.nodes.append(element_id)
                self.elapsed[element_id] = (element.wait_time or 0.0) + (
                    element.process_time or 0.0
                )
        self.preds: dict[str, list[str]] = {node: [] for node in self.nodes}
        self.succs: dict[str, list[str]] = {node: [] for node in self.nodes}
        self.edge_connection: dict[Edge, Connection] = {}
        for connection in connections:
            if connection.kind is not ConnectionKind.FLOW:
                continue
            source, target = connection.source_id, connection.target_id
            if source not in self.preds or target not in self.preds:
                continue
            known = self.edge_connection.get((source, target))
            if known is None:
                self.succs[source].append(target)
                self.preds[target].append(source)
            elif (connection.delay or 0.0) <= (known.delay or 0.0):
                continue
            self.edge_connection[source, target] = connection

    def __len__(self) -> int:
        return len(self.nodes)

    def degree(self, node: str) -> int:
        return len(self.preds[node]) + len(self.succs[node])

    def remove_edge(self, source: str, target: str) -> Connection:
        self.succs[source].remove(target)
        self.preds[target].remove(source)
        return self.edge_connection.pop((source, target))

    def topological_order(self) -> tuple[list[str], list[str]]:
        """Kahn's order of the nodes, and the nodes it could not order (they sit on or behind
        a cycle)."""
        waiting = {node: len(self.preds[node]) for node in self.nodes}
        ready = deque(node for node in self.nodes if waiting[node] == 0)
        order = []
        while ready:
            node = ready.popleft()
            order.append(node)
            for succ in self.succs[node]:
                waiting[succ] -= 1
                if waiting[succ] == 0:
                    ready.append(succ)
        blocked = [node for node in self.nodes if waiting[node] > 0]
        return order, blocked

    def find_cycle(self, among: list[str]) -> list[Edge]:
        members = set(among)
        graph = nx.DiGraph(
            (node, succ) for node in among for succ in self.succs[node] if succ in members
        )
        return [(source, target) for source, target, *_ in nx.find_cycle(graph)]

    def reachable_from(self, sources: Iterable[str]) -> set[str]:
        return _walk(sources, self.succs)

    def reaching(self, targets: Iterable[str]) -> set[str]:
        return _walk(targets, self.preds)


def _walk(first: Iterable[str], neighbours: dict[str, list[str]]) -> set[str]:
    seen = set(first)
    stack = list(seen)
    while stack:
        for neighbour in neighbours[stack.pop()]:
            if neighbour not in seen:
                seen.add(neighbour)
                stack.append(neighbour)
    return seen
