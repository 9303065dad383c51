"""Merging a returned copy: three-way with a base, every difference a choice without one."""

import pytest

from vsm_desktop.io.merge import MergeError, find_base, merge_states
from vsm_desktop.io.vsm_file import dumps_states, loads_states
from vsm_desktop.model import (
    Connection,
    Element,
    ElementKind,
    Lane,
    MapStates,
    ValueStreamMap,
)
from vsm_desktop.model.value_stream_map import ReviewBase


def base_map() -> ValueStreamMap:
    security = Lane(id="lane-sec", name="Security")
    dev = Lane(id="lane-dev", name="Engineering")
    elements = [
        Element(id="start", kind=ElementKind.START, name="Request", lane_id="lane-dev"),
        Element(id="dev", name="Development", lane_id="lane-dev", process_time=40.0,
                wait_time=8.0, x=300, y=100),
        Element(id="sec", name="Security testing", lane_id="lane-sec", process_time=16.0,
                wait_time=40.0, pca=60.0, x=500, y=300),
        Element(id="end", kind=ElementKind.END, name="Live", lane_id="lane-dev", x=700),
    ]
    connections = [
        Connection(id="c1", source_id="start", target_id="dev"),
        Connection(id="c2", source_id="dev", target_id="sec"),
        Connection(id="c3", source_id="sec", target_id="end"),
    ]
    return ValueStreamMap(id="map-1", lanes=[dev, security], elements=elements,
                          connections=connections)


def copy(states: MapStates) -> MapStates:
    return states.model_copy(deep=True)


def element(states: MapStates, element_id: str, index: int = 0) -> Element:
    return states.maps[index].element(element_id)


def remove_elements(states: MapStates, *ids: str) -> None:
    """Remove elements with their connections, as the editor does."""
    m = states.maps[0]
    states.maps[0] = ValueStreamMap.model_validate({
        **m.model_dump(),
        "elements": [e.model_dump() for e in m.elements if e.id not in ids],
        "connections": [c.model_dump() for c in m.connections
                        if c.source_id not in ids and c.target_id not in ids],
    })


@pytest.fixture
def base() -> MapStates:
    return MapStates(maps=[base_map()])


def test_one_sided_changes_are_taken_from_both_sides(base):
    mine, theirs = copy(base), copy(base)
    element(mine, "dev").process_time = 32.0
    element(theirs, "sec").wait_time = 16.0  # 5 d -> 2 d on the 8-hour day
    outcome = merge_states(mine, theirs, base, labels={"theirs": "Security lead"})
    assert outcome.conflicts == []
    merged = outcome.resolve()
    assert element(merged, "dev").process_time == 32.0
    assert element(merged, "sec").wait_time == 16.0
    assert [c.text for c in outcome.changes_of("theirs")] == [
        "wait of Security testing 5 d → 2 d"
    ]
    assert [c.text for c in outcome.changes_of("mine")] == [
        "process time of Development 5 d → 4 d"
    ]


def test_same_field_changed_differently_is_a_conflict_resolved_by_choice(base):
    mine, theirs = copy(base), copy(base)
    element(mine, "sec").wait_time = 24.0
    element(theirs, "sec").wait_time = 16.0
    outcome = merge_states(mine, theirs, base)
    [conflict] = outcome.conflicts
    assert conflict.name == "Security testing"
    assert conflict.field == "wait"
    assert (conflict.mine, conflict.theirs) == ("3 d", "2 d")
    assert element(outcome.resolve(), "sec").wait_time == 24.0
    assert element(outcome.resolve(prefer="theirs"), "sec").wait_time == 16.0
    assert element(outcome.resolve({conflict.key: "theirs"}), "sec").wait_time == 16.0


def test_same_change_on_both_sides_is_no_conflict(base):
    mine, theirs = copy(base), copy(base)
    element(mine, "sec").pca = 90.0
    element(theirs, "sec").pca = 90.0
    outcome = merge_states(mine, theirs, base)
    assert outcome.conflicts == []
    assert element(outcome.resolve(), "sec").pca == 90.0


def test_additions_and_removals_on_both_sides(base):
    mine, theirs = copy(base), copy(base)
    # Mine adds a queue before security testing; theirs removes the end's handover and adds a
    # new approval after security testing.
    queue = Element(id="q", kind=ElementKind.QUEUE, name="Pen-test backlog", wait_time=8.0)
    mine.maps[0].elements.append(queue)
    mine.maps[0].connections.append(Connection(id="cq", source_id="q", target_id="sec"))
    approval = Element(id="ap", kind=ElementKind.APPROVAL, name="Risk sign-off",
                       lane_id="lane-sec", process_time=2.0)
    theirs.maps[0].elements.append(approval)
    theirs.maps[0].connections = [c for c in theirs.maps[0].connections if c.id != "c3"]
    theirs.maps[0].connections += [Connection(id="c4", source_id="sec", target_id="ap"),
                                   Connection(id="c5", source_id="ap", target_id="end")]
    outcome = merge_states(mine, theirs, base)
    assert outcome.conflicts == []
    merged = outcome.resolve().maps[0]
    assert {e.id for e in merged.elements} == {"start", "dev", "sec", "end", "q", "ap"}
    assert {c.id for c in merged.connections} == {"c1", "c2", "cq", "c4", "c5"}
    theirs_texts = [c.text for c in outcome.changes_of("theirs")]
    assert "added element Risk sign-off" in theirs_texts
    assert "removed connection Security testing → Live" in theirs_texts
    assert "added element Pen-test backlog" in [c.text for c in outcome.changes_of("mine")]


def test_removed_on_one_side_and_changed_on_the_other_is_a_conflict(base):
    mine, theirs = copy(base), copy(base)
    element(mine, "sec").notes = "Booked with AppSec"
    remove_elements(theirs, "sec")
    outcome = merge_states(mine, theirs, base)
    [conflict] = outcome.conflicts
    assert conflict.name == "Security testing" and conflict.field == ""
    assert (conflict.mine, conflict.theirs) == ("changed it", "removed it")
    kept = outcome.resolve()
    assert element(kept, "sec").notes == "Booked with AppSec"
    removed = outcome.resolve(prefer="theirs").maps[0]
    assert "sec" not in {e.id for e in removed.elements}
    # The connections theirs removed with it stay removed; nothing dangles.
    assert all("sec" not in (c.source_id, c.target_id) for c in removed.connections)


def test_lanes_merge_by_id_renames_additions_and_order(base):
    mine, theirs = copy(base), copy(base)
    mine.maps[0].lanes[1].name = "Security (AppSec)"
    theirs.maps[0].lanes.append(Lane(id="lane-ops", name="Operations"))
    theirs.maps[0].lanes.reverse()  # Operations, Security, Engineering
    outcome = merge_states(mine, theirs, base)
    assert outcome.conflicts == []
    lanes = outcome.resolve().maps[0].lanes
    assert [lane.name for lane in lanes] == ["Operations", "Security (AppSec)", "Engineering"]


def test_element_moved_to_a_lane_removed_on_the_other_side_loses_its_lane(base):
    mine, theirs = copy(base), copy(base)
    element(mine, "dev").lane_id = "lane-sec"
    for e in theirs.maps[0].elements:
        if e.lane_id == "lane-sec":
            e.lane_id = None
    theirs.maps[0].lanes = [lane for lane in theirs.maps[0].lanes if lane.id != "lane-sec"]
    outcome = merge_states(mine, theirs, base)
    merged = outcome.resolve().maps[0]
    assert [lane.id for lane in merged.lanes] == ["lane-dev"]
    assert merged.element("dev").lane_id is None


def test_without_a_base_every_difference_is_a_choice(base):
    mine, theirs = copy(base), copy(base)
    element(theirs, "sec").wait_time = 16.0
    theirs.maps[0].elements.append(Element(id="n", kind=ElementKind.NOTE, name="Ask CISO"))
    outcome = merge_states(mine, theirs)
    assert outcome.changes == []
    assert sorted((c.name, c.field, c.mine, c.theirs) for c in outcome.conflicts) == [
        ("Ask CISO", "", "does not have it", "has it"),
        ("Security testing", "wait", "5 d", "2 d"),
    ]
    assert element(outcome.resolve(prefer="theirs"), "sec").wait_time == 16.0
    assert "n" not in {e.id for e in outcome.resolve().maps[0].elements}


def test_future_states_merge_the_same_way(base):
    future = base.current.derive_future_state()
    base = MapStates(maps=[base.current, future])
    mine, theirs = copy(base), copy(base)
    element(theirs, "sec", 1).wait_time = 0.0
    element(mine, "dev", 1).people = 3
    element(mine, "sec", 1).automation = "automated"
    outcome = merge_states(mine, theirs, base, labels={"theirs": "Security lead"})
    assert outcome.conflicts == []
    merged = outcome.resolve()
    assert element(merged, "sec", 1).wait_time == 0.0
    assert element(merged, "sec", 1).automation.value == "automated"
    assert element(merged, "dev", 1).people == 3
    assert element(merged, "sec", 0).wait_time == 40.0  # the current state is untouched
    [change] = outcome.changes_of("theirs")
    assert change.state == "Future state"
    assert change.text == "wait of Security testing 5 d → 0"


def test_future_state_added_on_their_side_is_taken(base):
    mine, theirs = copy(base), copy(base)
    theirs.maps.append(theirs.current.derive_future_state())
    outcome = merge_states(mine, theirs, base)
    merged = outcome.resolve()
    assert len(merged.maps) == 2
    assert merged.maps[1].info.based_on_map_id == merged.maps[0].id
    assert [c.what for c in outcome.changes_of("theirs")] == ["state"]


def test_copies_of_different_maps_are_refused(base):
    other = MapStates(maps=[ValueStreamMap()])
    with pytest.raises(MergeError, match="not copies of the same map"):
        merge_states(base, other)


def test_review_base_travels_in_the_file_and_is_found(base):
    sent = copy(base)
    sent.review_base = ReviewBase(sent_to="Security lead", sent_on="2026-12-04T09:00",
                                  maps=copy(base).maps)
    returned = loads_states(dumps_states(sent))
    assert returned.review_base is not None
    assert returned.review_base.sent_to == "Security lead"
    element(returned, "sec").wait_time = 16.0
    mine = copy(base)
    element(mine, "dev").process_time = 32.0
    found = find_base(mine, returned)
    assert found is not None
    outcome = merge_states(mine, returned, found)
    assert outcome.conflicts == []
    merged = outcome.resolve()
    assert element(merged, "sec").wait_time == 16.0 and element(merged, "dev").process_time == 32.0


def test_files_without_a_review_base_are_written_as_before(base):
    assert '"review_base"' not in dumps_states(base)


def test_a_changed_duration_range_is_worded_as_a_range(base):
    from vsm_desktop.model.ranges import ValueRange

    theirs = copy(base)
    sec = theirs.maps[0].element("sec")
    sec.wait_time_range = ValueRange(low=16.0, high=80.0)  # 2 d to 2 wk
    sec.wait_time = 48.0
    outcome = merge_states(copy(base), theirs, base)
    texts = [c.text for c in outcome.changes_of("theirs")]
    assert "wait time range of Security testing – → 2 d–2 wk" in texts
    assert outcome.resolve().maps[0].element("sec").wait_time_range == sec.wait_time_range


def test_renames_are_worded_as_renames(base):
    theirs = copy(base)
    theirs.maps[0].lanes[1].name = "Security & Risk"
    theirs.maps[0].element("dev").name = "Build"
    outcome = merge_states(copy(base), theirs, base)
    assert [c.text for c in outcome.changes_of("theirs")] == [
        "renamed lane “Security” → “Security & Risk”",
        "renamed “Development” → “Build”",
    ]


# -- whatever the maps: what one side did alone comes through unchanged ------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from .test_roundtrip_property import value_stream_maps  # noqa: E402


def edited(value_stream_map: ValueStreamMap, data) -> ValueStreamMap:
    """Another map with the same id: some elements removed, some retimed, some new ones."""
    raw = value_stream_map.model_dump()
    removed = set(data.draw(st.sets(st.sampled_from([e["id"] for e in raw["elements"]] or [""]))))
    raw["elements"] = [e for e in raw["elements"] if e["id"] not in removed]
    for element in raw["elements"]:
        if element["target_id"] in removed:
            element["target_id"] = None
        if data.draw(st.booleans()):
            element["wait_time"] = data.draw(st.none() | st.floats(0, 1e4))
    raw["connections"] = [c for c in raw["connections"]
                          if c["source_id"] not in removed and c["target_id"] not in removed]
    extra = data.draw(value_stream_maps())
    raw["lanes"] += [lane.model_dump() for lane in extra.lanes]
    raw["elements"] += [e.model_dump() for e in extra.elements]
    raw["connections"] += [c.model_dump() for c in extra.connections]
    return ValueStreamMap.model_validate(raw)


@given(value_stream_maps(), st.data())
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_changes_made_on_one_side_only_come_through_exactly(original, data):
    base = MapStates(maps=[original])
    theirs = MapStates(maps=[edited(original, data)])
    taken = merge_states(copy(base), theirs, base)
    assert taken.conflicts == []
    assert taken.resolve().maps == theirs.maps
    kept = merge_states(theirs, copy(base), base)
    assert kept.conflicts == []
    assert kept.resolve().maps == theirs.maps
    assert merge_states(theirs, copy(theirs)).resolve().maps == theirs.maps
