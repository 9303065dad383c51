import pytest
from pydantic import ValidationError

from vsm_desktop.model import Connection, Element, ElementKind, Lane, MapDocument
from vsm_desktop.model import events as ev


@pytest.fixture
def document():
    document = MapDocument()
    document.add_lane(Lane(name="Product", height=200))
    document.add_lane(Lane(name="Engineering", height=300))
    return document


@pytest.fixture
def recorded(document):
    seen = []
    document.events.subscribe(seen.append)
    return seen


def two_connected(document):
    a = Element(name="A", x=100, y=100, lane_id=document.lanes[0].id)
    b = Element(name="B", x=300, y=300, lane_id=document.lanes[1].id)
    document.add_elements([a, b])
    link = Connection(source_id=a.id, target_id=b.id)
    document.add_connections([link])
    return a, b, link


def test_elements_and_connections_live_in_the_graph(document):
    a, b, link = two_connected(document)
    assert set(document.graph.nodes) == {a.id, b.id}
    assert document.graph.has_edge(a.id, b.id, key=link.id)
    assert document.flow_successors(a.id) == [b.id]


def test_mutations_emit_past_tense_events_then_edit_finished(document, recorded):
    a, _, _ = two_connected(document)
    recorded.clear()
    document.move_elements({a.id: (150, 120)})
    assert recorded == [ev.ElementsMoved((a.id,)), ev.EditFinished()]


def test_remove_takes_connections_and_restore_puts_back_exactly(document):
    a, b, link = two_connected(document)
    idea = Element(kind=ElementKind.KAIZEN, name="Idea", target_id=a.id)
    document.add_elements([idea])
    before = document.to_map()
    removed = document.remove_elements([a.id])
    assert not document.has_connection(link.id)
    assert document.element(idea.id).target_id is None
    document.restore(removed)
    assert document.to_map() == before


def test_batch_finishes_once(document, recorded):
    with document.batch():
        document.add_elements([Element(name="X")])
        document.add_elements([Element(name="Y")])
    assert sum(isinstance(e, ev.EditFinished) for e in recorded) == 1


def test_invalid_update_changes_nothing(document):
    a, _, _ = two_connected(document)
    with pytest.raises(ValidationError):
        document.update_element(a.id, name="ok", wait_time=-5)
    assert document.element(a.id).name == "A"
    assert document.element(a.id).wait_time is None


def test_update_returns_old_values_for_undo(document):
    a, _, _ = two_connected(document)
    old = document.update_element(a.id, wait_time=16.0, pca=80)
    assert old == {"wait_time": None, "pca": None}
    document.update_element(a.id, **old)
    assert document.element(a.id).wait_time is None


def test_connections_refuse_unknown_ends_and_self_loops(document):
    a, _, _ = two_connected(document)
    with pytest.raises(ValueError, match="unknown element"):
        document.add_connections([Connection(source_id=a.id, target_id="nope")])
    with pytest.raises(ValueError, match="same element"):
        document.add_connections([Connection(source_id=a.id, target_id=a.id)])


def test_lane_bands_stack_and_lane_at_finds_the_band(document):
    bands = document.lane_bands()
    assert [(band.top, band.bottom) for band in bands] == [(0, 200), (200, 500)]
    assert document.lane_at(150).name == "Product"
    assert document.lane_at(250).name == "Engineering"
    assert document.lane_at(9999).name == "Engineering"


def test_elements_move_with_their_band_when_lanes_are_reordered(document):
    a, b, _ = two_connected(document)
    engineering = document.lanes[1].id
    document.move_lane(engineering, 0)
    # Engineering now spans 0-300, Product 300-500: each element keeps its place in its band.
    assert document.element(b.id).y == 100
    assert document.element(a.id).y == 400
    assert document.lane_at(document.element(a.id).y).name == "Product"


def test_a_lane_with_elements_cannot_be_removed_silently(document):
    two_connected(document)
    with pytest.raises(ValueError, match="elements"):
        document.remove_lane(document.lanes[0].id)


def test_adding_a_lane_above_shifts_the_elements_below(document):
    a, b, _ = two_connected(document)
    document.add_lane(Lane(name="Security", height=150), index=0)
    assert document.element(a.id).y == 250
    assert document.element(b.id).y == 450


def test_swapping_contents_shows_the_other_map_and_keeps_each_documents_listeners():
    from vsm_desktop.model import ValueStreamMap

    first = MapDocument(ValueStreamMap(elements=[Element(id="a", name="A")]))
    second = MapDocument.owning(ValueStreamMap(elements=[Element(id="b", name="B")]))
    first_graph = first.graph
    first_id, second_id = first.map_id, second.map_id
    heard: list[type] = []
    first.events.subscribe(lambda event: heard.append(type(event)))
    unheard: list[type] = []
    second.events.subscribe(lambda event: unheard.append(type(event)))

    first.swap_contents(second)

    assert [e.id for e in first.elements()] == ["b"] and first.map_id == second_id
    assert [e.id for e in second.elements()] == ["a"] and second.map_id == first_id
    assert second.graph is first_graph  # set aside with its map, not rebuilt
    assert heard == [ev.ContentsSwapped, ev.EditFinished] and unheard == []
    assert issubclass(ev.ContentsSwapped, ev.DocumentReset)  # rebuilt as for replace()
    first.update_element("b", name="B, edited")
    assert second.element("a").name == "A"


def test_a_document_owning_a_map_edits_that_map_itself_without_copying_it():
    from vsm_desktop.model import ValueStreamMap

    element = Element(id="a", name="A")
    document = MapDocument.owning(ValueStreamMap(elements=[element]))
    assert document.element("a") is element


def test_a_snapshot_keeps_the_map_as_it_was_while_the_document_changes(document):
    a, b, _ = two_connected(document)
    document.update_element(a.id, wait_time=4.0)
    assert document.graph.has_node(a.id)  # its own graph is built and kept up to date
    snapshot = document.snapshot()
    expected = snapshot.to_map()

    document.update_element(a.id, wait_time=9.0, name="A renamed")
    document.move_elements({b.id: (700.0, 320.0)})
    document.remove_elements([b.id])
    document.update_calendar(hours_per_day=6.0)

    assert snapshot.to_map() == expected  # every field, lane and connection as it was
    assert snapshot.element(a.id).wait_time == 4.0
    assert snapshot.has_element(b.id) and not document.has_element(b.id)
    # The snapshot's graph is its own, built from its records: the edit never reaches it.
    assert snapshot.graph is not document.graph
    assert snapshot.graph.nodes[a.id]["wait"] == 4.0
    assert list(snapshot.graph.successors(a.id)) == [b.id]


def test_a_snapshot_copies_only_the_records_changed_since_the_last_one(document):
    a, b, link = two_connected(document)
    first = document.snapshot()
    document.update_element(a.id, wait_time=5.0)
    second = document.snapshot()

    assert second.element(b.id) is first.element(b.id)  # unchanged: the same copy, handed on
    assert second.connection(link.id) is first.connection(link.id)
    assert second.element(a.id) is not first.element(a.id)
    assert (first.element(a.id).wait_time, second.element(a.id).wait_time) == (None, 5.0)
    # Never the document's own records: they go on changing.
    assert second.element(b.id) is not document.element(b.id)
    document.move_elements({b.id: (500.0, 320.0)})
    document.update_connection(link.id, label="by email")
    third = document.snapshot()
    assert (first.element(b.id).x, third.element(b.id).x) == (300.0, 500.0)
    assert (first.connection(link.id).label, third.connection(link.id).label) == ("", "by email")


def test_a_snapshot_edits_its_own_copy_of_a_record_it_shares_with_other_snapshots(document):
    a, b, link = two_connected(document)
    idea = Element(kind=ElementKind.KAIZEN, name="Idea", target_id=b.id, x=300, y=150,
                   lane_id=document.lanes[0].id)
    document.add_elements([idea])
    edited, untouched = document.snapshot(), document.snapshot()
    expected = untouched.to_map()
    assert edited.graph.nodes[a.id]["wait"] == 0.0  # built before the edits: kept up to date

    edited.update_element(a.id, wait_time=7.0)
    edited.move_elements({a.id: (150.0, 110.0)})
    edited.update_connection(link.id, label="by email")
    edited.update_lane(edited.lanes[0].id, height=260)  # shifts the lanes below and their elements
    edited.remove_elements([b.id])  # the idea pointing at it floats freely

    assert untouched.to_map() == expected
    assert document.to_map() == expected
    assert document.snapshot().to_map() == expected  # the copies handed out are as they were
    assert edited.element(a.id).wait_time == 7.0 and edited.element(a.id).x == 150.0
    assert edited.connections() == [] and edited.element(idea.id).target_id is None
    assert edited.graph.nodes[a.id]["wait"] == 7.0
    for element in edited.elements():  # the graph names the snapshot's records, not the shared
        assert edited.graph.nodes[element.id]["element"] is element


def test_a_snapshot_does_not_tell_the_documents_listeners(document, recorded):
    two_connected(document)
    seen = len(recorded)
    snapshot = document.snapshot()
    snapshot.update_element(snapshot.elements()[0].id, wait_time=2.0)
    assert len(recorded) == seen


def test_a_copying_document_edits_its_own_records_and_leaves_the_given_map_as_it_was():
    from vsm_desktop.model import ValueStreamMap

    given = ValueStreamMap(
        lanes=[Lane(id="lane", name="Team")],
        elements=[Element(id="a", name="A", lane_id="lane", wait_time=3),
                  Element(id="b", name="B", lane_id="lane")],
        connections=[Connection(id="ab", source_id="a", target_id="b")],
    )
    as_given = given.model_dump()
    document = MapDocument.copying(given)

    document.update_element("a", name="A, edited", wait_time=1)
    document.update_connection("ab", label="by email")
    document.update_lane("lane", name="Team, renamed")
    document.update_info(title="Edited")
    document.update_calendar(hours_per_day=7)

    assert given.model_dump() == as_given
    assert document.to_map().model_dump() != as_given
    assert document.element("a").wait_time == 1 and document.lane("lane").name == "Team, renamed"
