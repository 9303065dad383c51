import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vsm_desktop.analysis.whatif import rank_what_ifs

from .maps import MapBuilder


def branch_map():
    # Start -> A (2 h work after a 40 h wait) -> Merge (4 h wait, 4 h work) -> End
    # Start -> B (10 h work) -----------------> Merge
    b = MapBuilder()
    # All three are waste here, so every change is offered and the arithmetic shows.
    b.add("Start", "start").add("A", pt=2, wait=40, value="waste").add("B", pt=10, value="waste")
    b.add("Merge", pt=4, wait=4, value="waste").add("End", "end")
    b.flow("Start", "A", "Merge", "End")
    b.flow("Start", "B", "Merge")
    return b


def test_cutting_the_largest_wait_hands_the_critical_path_to_the_parallel_branch():
    rows = {row.name: row for row in rank_what_ifs(branch_map().build())}
    a = rows["A"]
    assert a.baseline == pytest.approx(50)
    # Without its wait A takes 2 h, but B's 10 h now sets the pace: 10 + 8 = 18, not 2 + 8.
    assert a.lead_time_without_wait == pytest.approx(18)
    assert a.gains["no_wait"] == pytest.approx(32)
    # Removing A lets the start hand straight to Merge: again B's branch, 18 h.
    assert a.lead_time_removed == pytest.approx(18)
    # Automating A leaves its 40 h wait: 40 + 0.2 + 8.
    assert a.lead_time_automated == pytest.approx(48.2)


def test_ranking_orders_by_gain_and_off_critical_elements_gain_nothing():
    ranking = rank_what_ifs(branch_map().build())
    assert [row.name for row in ranking] == ["A", "Merge", "B"]
    merge = ranking[1]
    assert merge.gains["no_wait"] == pytest.approx(4)
    assert merge.gains["automate"] == pytest.approx(3.6)
    assert merge.gains["remove"] == pytest.approx(8)
    assert merge.best_change == "remove"
    b = ranking[2]
    assert b.best_gain == 0


def test_ranking_only_some_elements_gives_their_rows_of_the_whole_ranking():
    m = branch_map().build()
    ids = {e.name: e.id for e in m.elements}
    rows = rank_what_ifs(m, only=(ids["Merge"], ids["A"], ids["Start"], "not-in-the-map"))
    # The start is never ranked and an unknown id is no element: both are left out.
    assert [row.name for row in rows] == ["A", "Merge"]
    whole = {row.element_id: row for row in rank_what_ifs(m)}
    assert rows == [whole[ids["A"]], whole[ids["Merge"]]]
    assert rows[0].lead_time_without_wait == pytest.approx(18)  # as worked out above


def test_automated_share_is_a_parameter():
    rows = {row.name: row for row in rank_what_ifs(branch_map().build(), automated_share=0.5)}
    # Merge: 4 wait + 2 work instead of 4 + 4: lead 48.
    assert rows["Merge"].lead_time_automated == pytest.approx(48)


def test_removing_keeps_the_handover_delay_into_the_next_element():
    b = MapBuilder()
    b.add("Start", "start").add("X", pt=5, value="waste").add("Y", pt=1).add("End", "end")
    b.flow("Start", "X")
    b.flow("X", "Y", delay=3)
    b.flow("Y", "End")
    rows = {row.name: row for row in rank_what_ifs(b.build())}
    assert rows["X"].baseline == pytest.approx(9)
    assert rows["X"].lead_time_removed == pytest.approx(4)  # Start -(3)-> Y(1)


def test_queues_have_no_automation_scenario():
    b = MapBuilder()
    b.add("Start", "start").add("Backlog", "queue", wait=16).add("Do", pt=2).add("End", "end")
    b.flow("Start", "Backlog", "Do", "End")
    rows = {row.name: row for row in rank_what_ifs(b.build())}
    assert rows["Backlog"].lead_time_automated is None
    assert "automate" not in rows["Backlog"].gains
    assert rows["Backlog"].best_gain == pytest.approx(16)


@st.composite
def random_flows(draw):
    """A random flow: elements in a row, each connected to some later ones, maybe a start/end."""
    size = draw(st.integers(min_value=2, max_value=12))
    b = MapBuilder()
    kinds = draw(st.lists(st.sampled_from(["step", "approval", "queue"]), min_size=size,
                          max_size=size))
    for index, kind in enumerate(kinds):
        b.add(f"E{index}", kind, pt=draw(st.sampled_from([None, 0.5, 1, 4, 8])),
              wait=draw(st.sampled_from([None, 0, 2, 16, 40])),
              value=draw(st.sampled_from(["waste", "waste", "value_adding", "necessary"])))
    names = [f"E{index}" for index in range(size)]
    for index in range(size - 1):
        later = draw(st.lists(st.integers(min_value=index + 1, max_value=size - 1),
                              max_size=3, unique=True))
        for target in later:
            b.flow(names[index], names[target], delay=draw(st.sampled_from([None, 1, 6])))
    if draw(st.booleans()):
        b.add("Start", "start").flow("Start", names[0])
    if draw(st.booleans()):
        b.add("End", "end").flow(names[-1], "End")
    return b.build()


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(random_flows(), st.sampled_from([0.1, 0.5]))
def test_fast_scenarios_equal_recomputing_every_longest_path(value_stream_map, share):
    fast = {row.element_id: row for row in rank_what_ifs(value_stream_map, share)}
    slow = {row.element_id: row for row in rank_what_ifs(value_stream_map, share, "recompute")}
    assert fast.keys() == slow.keys()
    for element_id, row in slow.items():
        other = fast[element_id]
        assert other.lead_time_without_wait == pytest.approx(row.lead_time_without_wait)
        if row.lead_time_removed is None:
            assert other.lead_time_removed is None
        else:
            assert other.lead_time_removed == pytest.approx(row.lead_time_removed)
        if row.lead_time_automated is None:
            assert other.lead_time_automated is None
        else:
            assert other.lead_time_automated == pytest.approx(row.lead_time_automated)
