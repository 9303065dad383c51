"""Insert into a handover, join on delete, move a connection's end, place an appended step."""

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vsm_desktop.analysis import analyze
from vsm_desktop.model import (
    Connection,
    ConnectionKind,
    Element,
    ElementKind,
    HandoverMethod,
    Lane,
    MapDocument,
    ValueCategory,
    WorkCalendar,
    parse_duration,
)
from vsm_desktop.model.flow_edits import (
    describe_joins,
    plan_insert,
    plan_joins,
    plan_reconnect,
    spot_after,
)
from vsm_desktop.model.graph import build_graph
from vsm_desktop.model.layout import COLUMN_PITCH, ELEMENT_SIZE


def flow_pairs(document):
    names = {e.id: e.name for e in document.elements()}
    return sorted(
        (names[c.source_id], names[c.target_id])
        for c in document.connections()
        if c.kind is ConnectionKind.FLOW
    )


@pytest.fixture
def chain():
    """start -> A -> B -> end in one lane; A -> B is a ticket with a 2 h transfer delay."""
    document = MapDocument()
    lane = Lane(name="Team")
    document.add_lane(lane)
    start = Element(kind=ElementKind.START, name="start", lane_id=lane.id, x=280, y=100)
    a = Element(name="A", lane_id=lane.id, x=510, y=100, process_time=1, wait_time=3)
    b = Element(name="B", lane_id=lane.id, x=740, y=100, process_time=2, wait_time=5)
    end = Element(kind=ElementKind.END, name="end", lane_id=lane.id, x=970, y=100)
    document.add_elements([start, a, b, end])
    ticket = Connection(
        source_id=a.id, target_id=b.id, delay=2, method=HandoverMethod.TICKET, label="Jira"
    )
    document.add_connections(
        [
            Connection(source_id=start.id, target_id=a.id),
            ticket,
            Connection(source_id=b.id, target_id=end.id),
        ]
    )
    return document, {"start": start, "A": a, "B": b, "end": end, "ticket": ticket}


def test_insert_splits_the_handover_and_the_successor_side_keeps_it(chain):
    document, parts = chain
    queue = Element(kind=ElementKind.QUEUE, name="Q", wait_time=0)
    document.add_elements([queue])
    plan_insert(document, parts["ticket"].id, queue).apply(document)
    assert flow_pairs(document) == [("A", "Q"), ("B", "end"), ("Q", "B"), ("start", "A")]
    kept = document.connection(parts["ticket"].id)
    assert (kept.source_id, kept.target_id) == (queue.id, parts["B"].id)
    assert (kept.delay, kept.method, kept.label) == (2, HandoverMethod.TICKET, "Jira")
    into = next(c for c in document.connections() if c.target_id == queue.id)
    assert into.delay is None and into.method is HandoverMethod.NONE


def test_inserting_a_zero_time_element_keeps_the_lead_time_and_undo_restores(chain):
    document, parts = chain
    before_map = document.to_map()
    before = analyze(document).lead_time
    assert before == pytest.approx(1 + 3 + 2 + 2 + 5)  # A, the ticket's delay, B
    queue = Element(kind=ElementKind.QUEUE, name="Q")
    document.add_elements([queue])
    plan = plan_insert(document, parts["ticket"].id, queue)
    plan.apply(document)
    assert analyze(document).lead_time == pytest.approx(before)
    document.update_element(queue.id, wait_time=4)
    assert analyze(document).lead_time == pytest.approx(before + 4)
    document.update_element(queue.id, wait_time=None)
    plan.revert(document)
    document.remove_elements([queue.id])
    assert document.to_map() == before_map


@pytest.mark.parametrize("kind", [ElementKind.START, ElementKind.END, ElementKind.KAIZEN])
def test_only_steps_queues_and_approvals_go_inside_a_flow(chain, kind):
    document, parts = chain
    with pytest.raises(ValueError, match="cannot sit in the middle"):
        plan_insert(document, parts["ticket"].id, Element(kind=kind))


def test_insert_refuses_connected_elements_and_rework_arrows(chain):
    document, parts = chain
    with pytest.raises(ValueError, match="already"):
        plan_insert(document, parts["ticket"].id, parts["A"])
    other = Element(name="C")
    document.add_elements([other])
    document.add_connections([Connection(source_id=other.id, target_id=parts["end"].id)])
    with pytest.raises(ValueError, match="already connected"):
        plan_insert(document, parts["ticket"].id, other)
    loop = Connection(kind=ConnectionKind.REWORK, source_id=parts["B"].id, target_id=parts["A"].id)
    document.add_connections([loop])
    with pytest.raises(ValueError, match="Only a handover"):
        plan_insert(document, loop.id, Element(name="X"))


def test_join_on_delete_connects_predecessor_to_successor_with_its_handover(chain):
    document, parts = chain
    joins = plan_joins(document, [parts["B"].id])
    assert describe_joins(document, joins) == "Joined 'A' to 'end'."
    removed = document.remove_elements([parts["B"].id])
    joins.apply(document)
    assert flow_pairs(document) == [("A", "end"), ("start", "A")]
    # The delete undoes exactly: the joins go, then the element and its connections return.
    joins.revert(document)
    document.restore(removed)
    assert flow_pairs(document) == [("A", "B"), ("B", "end"), ("start", "A")]


def test_join_is_the_inverse_of_insert(chain):
    document, parts = chain
    queue = Element(kind=ElementKind.QUEUE, name="Q")
    document.add_elements([queue])
    plan_insert(document, parts["ticket"].id, queue).apply(document)
    joins = plan_joins(document, [queue.id])
    document.remove_elements([queue.id])
    joins.apply(document)
    joined = next(c for c in document.connections() if c.source_id == parts["A"].id)
    assert joined.target_id == parts["B"].id
    assert (joined.delay, joined.method, joined.label) == (2, HandoverMethod.TICKET, "Jira")


def test_deleting_a_run_joins_across_it_and_each_predecessor_to_each_successor():
    document = MapDocument()
    a, b, c, d, e, f = (Element(name=n) for n in "ABCDEF")
    document.add_elements([a, b, c, d, e, f])
    # A and B feed C; C -> D; D feeds E and F. Deleting C and D joins {A, B} x {E, F}.
    document.add_connections(
        [
            Connection(source_id=a.id, target_id=c.id),
            Connection(source_id=b.id, target_id=c.id),
            Connection(source_id=c.id, target_id=d.id),
            Connection(source_id=d.id, target_id=e.id),
            Connection(source_id=d.id, target_id=f.id),
            Connection(source_id=a.id, target_id=e.id),  # already there: not doubled
            Connection(kind=ConnectionKind.REWORK, source_id=d.id, target_id=b.id),
        ]
    )
    joins = plan_joins(document, [c.id, d.id])
    assert describe_joins(document, joins) == "Joined 'A' to 'F'; 'B' to 'E' and 'F'."
    document.remove_elements([c.id, d.id])
    joins.apply(document)
    assert flow_pairs(document) == [("A", "E"), ("A", "F"), ("B", "E"), ("B", "F")]


def test_deleting_an_end_of_the_flow_joins_nothing(chain):
    document, parts = chain
    assert plan_joins(document, [parts["start"].id]).added == ()
    assert describe_joins(document, plan_joins(document, [parts["end"].id])) == ""


def test_reconnect_moves_either_end_and_keeps_the_connection(chain):
    document, parts = chain
    other = Element(name="C")
    document.add_elements([other])
    ticket = parts["ticket"]
    plan = plan_reconnect(document, ticket.id, "target", other.id)
    plan.apply(document)
    moved = document.connection(ticket.id)
    assert (moved.source_id, moved.target_id) == (parts["A"].id, other.id)
    assert (moved.delay, moved.method) == (2, HandoverMethod.TICKET)
    plan.revert(document)
    assert document.connection(ticket.id).target_id == parts["B"].id
    plan_reconnect(document, ticket.id, "source", parts["start"].id).apply(document)
    assert document.connection(ticket.id).source_id == parts["start"].id
    assert plan_reconnect(document, ticket.id, "source", parts["start"].id) is None


def test_reconnect_refuses_loops_duplicates_and_notes(chain):
    document, parts = chain
    ticket = parts["ticket"]
    with pytest.raises(ValueError, match="same element"):
        plan_reconnect(document, ticket.id, "target", parts["A"].id)
    with pytest.raises(ValueError, match="already connected"):
        plan_reconnect(document, ticket.id, "source", parts["start"].id).apply(document)
        plan_reconnect(document, ticket.id, "target", parts["A"].id)
    note = Element(kind=ElementKind.NOTE, name="n")
    document.add_elements([note])
    with pytest.raises(ValueError, match="no arrows"):
        plan_reconnect(document, ticket.id, "target", note.id)


def test_new_elements_get_the_value_category_of_their_kind():
    assert Element(kind=ElementKind.QUEUE).value_category is ValueCategory.WASTE
    assert Element(kind=ElementKind.APPROVAL).value_category is ValueCategory.NECESSARY
    assert Element(kind=ElementKind.STEP).value_category is ValueCategory.VALUE_ADDING
    chosen = Element(kind=ElementKind.QUEUE, value_category=ValueCategory.NECESSARY)
    assert chosen.value_category is ValueCategory.NECESSARY
    # A file that says what it is keeps it.
    loaded = Element.model_validate({"kind": "queue", "value_category": "value_adding"})
    assert loaded.value_category is ValueCategory.VALUE_ADDING


def test_a_bare_number_is_the_maps_default_unit():
    assert parse_duration("3") == 3
    days = WorkCalendar(hours_per_day=7.5, default_unit="day")
    assert parse_duration("3", days) == pytest.approx(22.5)
    assert parse_duration("1d 4h", days) == pytest.approx(11.5)
    assert parse_duration("2h", days) == 2


@pytest.mark.parametrize("text", ["-2h", " -3", "\u22121d"])
def test_a_negative_duration_says_it_cannot_be_negative(text):
    with pytest.raises(ValueError, match="cannot be negative"):
        parse_duration(text)


def test_spot_after_is_one_column_right_on_the_lane_line_and_free():
    document = MapDocument()
    top, bottom = Lane(name="Top", height=200), Lane(name="Bottom", height=200)
    document.add_lane(top)
    document.add_lane(bottom)
    a = Element(name="A", lane_id=top.id, x=500, y=90)
    document.add_elements([a])
    assert spot_after(document, a, top.id, ElementKind.STEP) == (500 + COLUMN_PITCH, 90)
    # An empty lane: the middle of its band.
    assert spot_after(document, a, bottom.id, ElementKind.STEP) == (500 + COLUMN_PITCH, 300)
    blocker = Element(name="B", lane_id=top.id, x=500 + COLUMN_PITCH, y=90)
    document.add_elements([blocker])
    assert spot_after(document, a, top.id, ElementKind.STEP) == (500 + 2 * COLUMN_PITCH, 90)


def first_free_column(document, x, y, kind, ignoring=()):
    """By definition: the first column from x, step by step, that no other element touches."""
    width, height = ELEMENT_SIZE[kind]

    def touches(element):
        other_width, other_height = ELEMENT_SIZE[element.kind]
        return (
            abs(element.x - x) < (width + other_width) / 2 + 20
            and abs(element.y - y) < (height + other_height) / 2 + 10
        )

    while any(touches(e) for e in document.elements() if e.id not in ignoring):
        x += COLUMN_PITCH
    return x


@settings(max_examples=80, deadline=None)
@given(
    spots=st.lists(
        st.tuples(
            st.integers(0, 12), st.integers(-2, 2), st.sampled_from(list(ElementKind))
        ),
        max_size=30,
    ),
    kind=st.sampled_from(list(ElementKind)),
    ignored=st.sets(st.integers(0, 29), max_size=4),
)
def test_spot_after_takes_the_first_free_column_on_the_line(spots, kind, ignored):
    # Elements in columns on and near the line (y 100 +- 0..60), of every size: the spot is the
    # first column right of A that none of them touches, however long the row.
    document = MapDocument()
    lane = Lane(name="Team", height=400)
    document.add_lane(lane)
    a = Element(name="A", lane_id=lane.id, x=300, y=100)
    others = [
        Element(
            kind=k, lane_id=lane.id, x=300 + column * COLUMN_PITCH + shift * 37, y=100 + shift * 30
        )
        for column, shift, k in spots
    ]
    document.add_elements([a, *others])
    ignoring = {others[i].id for i in ignored if i < len(others)}
    x, y = spot_after(document, a, lane.id, kind, ignoring=ignoring)
    assert y == 100
    assert x == first_free_column(document, 300 + COLUMN_PITCH, 100, kind, ignoring)


def test_planning_a_join_leaves_the_graph_unbuilt(chain):
    # The graph is built on first use (about 80 ms at 5,000 elements): a delete or a connect on
    # the GUI thread reads the few connections it needs instead.
    document, parts = chain
    assert document._graph is None
    assert plan_joins(document, [parts["B"].id]).added
    assert document.flow_successors(parts["A"].id) == [parts["B"].id]
    assert document._graph is None


def expected_joins(document, deleted):
    """By definition, from the flow graph: each kept predecessor of a deleted element to each
    kept element reached from it through deleted ones only, unless it is itself or already a
    flow successor of it."""
    flow = nx.DiGraph(
        (c.source_id, c.target_id) for c in document.connections() if c.kind is ConnectionKind.FLOW
    )
    flow.add_nodes_from(e.id for e in document.elements())
    inside = flow.subgraph(deleted)
    pairs = set()
    for node in deleted:
        for source in flow.predecessors(node):
            if source in deleted:
                continue
            for through in {node} | nx.descendants(inside, node):
                for target in flow.successors(through):
                    if target in deleted or target == source:
                        continue
                    if not flow.has_edge(source, target):
                        pairs.add((source, target))
    return pairs


@settings(max_examples=60, deadline=None)
@given(
    edges=st.lists(
        st.tuples(st.integers(0, 7), st.integers(0, 7), st.booleans()), max_size=16
    ),
    deleted=st.sets(st.integers(0, 7), min_size=1, max_size=4),
    graph_built_first=st.booleans(),
)
def test_joins_match_the_flow_graph_and_keep_the_graph_true(edges, deleted, graph_built_first):
    document = MapDocument()
    elements = [Element(name=str(i)) for i in range(8)]
    document.add_elements(elements)
    document.add_connections(
        [
            Connection(
                source_id=elements[s].id,
                target_id=elements[t].id,
                kind=ConnectionKind.FLOW if is_flow else ConnectionKind.REWORK,
            )
            for s, t, is_flow in edges
            if s != t
        ]
    )
    if graph_built_first:
        assert document.graph.number_of_nodes() == 8
    deleted_ids = {elements[i].id for i in deleted}
    joins = plan_joins(document, deleted_ids)
    pairs = [(c.source_id, c.target_id) for c in joins.added]
    assert set(pairs) == expected_joins(document, deleted_ids)
    assert len(pairs) == len(set(pairs))
    document.remove_elements(deleted_ids)
    joins.apply(document)
    # The document's graph (kept up to date, or built now) is the graph of its records.
    fresh = build_graph(document.elements(), document.connections())
    assert sorted(document.graph.edges(keys=True)) == sorted(fresh.edges(keys=True))
    assert set(document.graph.nodes) == set(fresh.nodes)
