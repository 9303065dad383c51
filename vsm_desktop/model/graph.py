"""The map as one NetworkX graph, with what the analysis reads kept on its nodes and edges.

Elements are nodes and connections are edges of a MultiDiGraph keyed by connection id (a flow
and an information arrow may join the same pair). Besides the model objects themselves each
node and edge carries plain attributes that the analysis, the what-ifs and the Monte Carlo read
without going back to the pydantic objects. They are derived here, in one place, and refreshed
by the document whenever an element or connection changes.

Node attributes:
    element  the Element
    kind     its ElementKind
    lane     its lane id (None when it sits in no lane)
    flow     True when it takes part in the timed flow (not a kaizen idea or a note)
    wait     wait time in working hours (None counts as 0)
    process  process time in working hours (None counts as 0; always 0 for a queue, which is
             wait only)
    elapsed  wait + process: the hours the element adds to any path through it
    flow_in  how many flow edges lead into it (Kahn's order starts from those with none)

Edge attributes:
    connection    the Connection
    kind          its ConnectionKind
    flow          True for a flow connection between two flow elements (the timed handovers)
    delay         transfer delay in working hours (None counts as 0; only flow edges are timed)
    rework_share  0-1, the share of items sent back along a rework arrow (0 for other kinds)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, TypedDict

from .elements import Connection, ConnectionKind, Element, ElementKind

if TYPE_CHECKING:  # imported where a graph is built: the first frame of the window needs none
    import networkx as nx


class NodeAttributes(TypedDict):
    """What node_attributes derives from an element (see the module's docstring)."""

    element: Element
    kind: ElementKind
    lane: str | None
    flow: bool
    wait: float
    process: float
    elapsed: float


class FlowNode(NodeAttributes):
    """A node's attributes as the graph holds them: derived ones plus the flow-in count the
    document keeps up to date as connections come and go."""

    flow_in: int


class EdgeAttributes(TypedDict):
    """What edge_attributes derives from a connection (see the module's docstring)."""

    connection: Connection
    kind: ConnectionKind
    flow: bool
    delay: float
    rework_share: float


# The graph's own dicts, typed (NetworkX ships no types): node -> attributes, and
# node -> neighbour -> connection id -> attributes for both directions of a MultiDiGraph.
NodeMap = dict[str, FlowNode]
Parallel = dict[str, EdgeAttributes]
Adjacency = dict[str, dict[str, Parallel]]


def node_attributes(element: Element) -> NodeAttributes:
    in_flow = element.kind.in_flow
    wait = (element.wait_time or 0.0) if in_flow else 0.0
    process = (
        (element.process_time or 0.0) if in_flow and element.kind is not ElementKind.QUEUE
        else 0.0
    )
    return {
        "element": element, "kind": element.kind, "lane": element.lane_id, "flow": in_flow,
        "wait": wait, "process": process, "elapsed": wait + process,
    }


def edge_attributes(connection: Connection, graph: nx.MultiDiGraph) -> EdgeAttributes:
    return _edge_attributes(connection, graph.nodes)


def _edge_attributes(
    connection: Connection, nodes: Mapping[str, NodeAttributes]
) -> EdgeAttributes:
    kind = connection.kind
    return {
        "connection": connection,
        "kind": kind,
        "flow": (
            kind is ConnectionKind.FLOW
            and nodes[connection.source_id]["flow"] and nodes[connection.target_id]["flow"]
        ),
        "delay": connection.delay or 0.0,
        "rework_share": connection.rework_percent / 100.0 if kind is ConnectionKind.REWORK
        else 0.0,
    }


def add_element(graph: nx.MultiDiGraph, element: Element) -> None:
    graph.add_node(element.id, flow_in=0, **node_attributes(element))


def add_connection(graph: nx.MultiDiGraph, connection: Connection) -> None:
    attributes = edge_attributes(connection, graph)
    graph.add_edge(connection.source_id, connection.target_id, key=connection.id, **attributes)
    graph.nodes[connection.target_id]["flow_in"] += attributes["flow"]


def remove_connection(graph: nx.MultiDiGraph, connection: Connection) -> None:
    source, target = connection.source_id, connection.target_id
    graph.nodes[target]["flow_in"] -= graph.edges[source, target, connection.id]["flow"]
    graph.remove_edge(source, target, key=connection.id)


def refresh_element(graph: nx.MultiDiGraph, element: Element) -> None:
    """After a change to an element: its attributes, and its edges' if its kind changed."""
    attributes = graph.nodes[element.id]
    kind_changed = attributes["kind"] is not element.kind
    attributes.update(node_attributes(element))
    if kind_changed:
        for edges in (graph.out_edges, graph.in_edges):
            for _, _, data in list(edges(element.id, data=True)):
                refresh_connection(graph, data["connection"])


def refresh_connection(graph: nx.MultiDiGraph, connection: Connection) -> None:
    data = graph.edges[connection.source_id, connection.target_id, connection.id]
    was_flow = data["flow"]
    data.update(edge_attributes(connection, graph))
    graph.nodes[connection.target_id]["flow_in"] += data["flow"] - was_flow


def build_graph(
    elements: Iterable[Element], connections: Iterable[Connection]
) -> nx.MultiDiGraph:
    """The graph of a map (the elements and connections themselves, not copies); connections
    to unknown elements are left out. Built in bulk: the command line builds one per run."""
    nodes: NodeMap = {
        element.id: {"flow_in": 0, **node_attributes(element)} for element in elements
    }
    edges: list[tuple[str, str, str, EdgeAttributes]] = []
    for connection in connections:
        if connection.source_id in nodes and connection.target_id in nodes:
            attributes = _edge_attributes(connection, nodes)
            nodes[connection.target_id]["flow_in"] += attributes["flow"]
            edges.append((connection.source_id, connection.target_id, connection.id, attributes))
    import networkx as nx

    graph = nx.MultiDiGraph()
    graph.add_nodes_from(nodes.items())
    # Filled the way MultiDiGraph.add_edge stores an edge (one key dict shared by the
    # successor and predecessor maps), without its per-edge view lookups: add_edges_from
    # took half a second for a 10,000-element map, this a tenth of that.
    succ, pred = graph._succ, graph._pred
    for source, target, key, attributes in edges:
        keyed: Parallel | None = succ[source].get(target)
        if keyed is None:
            keyed = succ[source][target] = pred[target][source] = {}
        keyed[key] = attributes
    return graph
