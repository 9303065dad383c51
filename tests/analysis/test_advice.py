"""Advice safe to act on: offered changes, the constraint with its ties, waits by cause, spans,
value-adding efficiency and delivery levels, each checked against figures worked out by hand."""

import pytest

from vsm_desktop.analysis import analyze
from vsm_desktop.analysis.constraint import find_constraint
from vsm_desktop.analysis.delivery import (
    change_failure_level,
    deployment_level,
    format_deployment_frequency,
    lead_time_level,
    parse_deployment_frequency,
    parse_recovery_time,
    recovery_level,
)
from vsm_desktop.analysis.spans import DEFAULT_SPAN, measure_spans
from vsm_desktop.analysis.stream_figures import stream_figures
from vsm_desktop.analysis.wait_causes import wait_by_cause
from vsm_desktop.analysis.whatif import rank_what_ifs
from vsm_desktop.io.vsm_file import load_map
from vsm_desktop.model import ValueStreamMap, WorkCalendar
from vsm_desktop.resources import sample_map_path

from .maps import MapBuilder

# -- which changes are offered ---------------------------------------------------------------


def test_sample_what_if_never_removes_value_adding_work_or_a_necessary_control():
    sample = load_map(sample_map_path())
    elements = {e.id: e for e in sample.elements}
    ranking = rank_what_ifs(sample)
    kept = [row for row in ranking
            if elements[row.element_id].kind.value != "queue"
            and elements[row.element_id].value_category.value != "waste"]
    # The sample's Development, Compliance & audit checks and Architecture & risk review were
    # once told to go; now every kept element has no removal and never ranks by removal.
    assert {"Development", "Compliance & audit checks", "Architecture & risk review"} <= {
        row.name for row in kept}
    for row in kept:
        assert row.lead_time_removed is None and "remove" not in row.gains
        assert row.best_change != "remove"
        assert "remove" in row.refused
    controls = [row for row in kept if elements[row.element_id].value_category.value
                == "necessary"]
    assert controls and all(row.change_label("automate") == "Automate the control"
                            for row in controls)
    # Automated steps (Functional and Performance testing) are not offered automation again.
    for row in ranking:
        if elements[row.element_id].automation.value == "automated":
            assert row.lead_time_automated is None and row.refused["automate"]
    # Queues (backlog, release window) are waste: removal is offered.
    queues = [row for row in ranking if elements[row.element_id].kind.value == "queue"]
    assert queues and all(row.lead_time_removed is not None for row in queues)


def rules_map() -> ValueStreamMap:
    # One chain, every element 2 h of work after 10 h of wait (queue: wait only):
    # 10 + 4 × 12 = 58 h.
    b = MapBuilder()
    b.add("Start", "start")
    b.add("Backlog", "queue", wait=10)
    b.add("Rekey", pt=2, wait=10, value="waste")
    b.add("Build", pt=2, wait=10)
    b.add("Audit", "approval", pt=2, wait=10, value="necessary")
    b.add("Scan", pt=2, wait=10, value="necessary", automation="automated")
    b.add("End", "end")
    b.flow("Start", "Backlog", "Rekey", "Build", "Audit", "Scan", "End")
    return b.build()


def test_each_kind_of_element_is_offered_only_the_changes_that_are_safe():
    rows = {row.name: row for row in rank_what_ifs(rules_map(), automated_share=0.5)}
    assert rows["Build"].baseline == pytest.approx(58)
    offered = {name: sorted(row.gains) for name, row in rows.items()}
    assert offered == {
        "Backlog": ["no_wait", "remove"],  # a queue: waste, nothing to automate
        "Rekey": ["automate", "no_wait", "remove"],  # manual waste: anything goes
        "Build": ["automate", "no_wait"],  # value-adding: kept
        "Audit": ["automate", "no_wait"],  # a necessary control: automated, never removed
        "Scan": ["no_wait"],  # a necessary control already automated
    }
    # Removing Rekey saves its 12 h; automating it at 50% saves 1 h.
    assert rows["Rekey"].gains["remove"] == pytest.approx(12)
    assert rows["Rekey"].gains["automate"] == pytest.approx(1)
    assert rows["Rekey"].best_change == "remove"
    assert rows["Audit"].best_change == "no_wait"
    assert rows["Audit"].change_label("automate") == "Automate the control"
    assert rows["Build"].change_label("automate") == "Automate"
    assert "already automated" in rows["Scan"].refused["automate"]


def test_a_queues_process_time_is_not_automated_or_waited_on():
    b = MapBuilder()
    b.add("Start", "start").add("Backlog", "queue", wait=16).add("Do", pt=2).add("End", "end")
    b.flow("Start", "Backlog", "Do", "End")
    row = next(r for r in rank_what_ifs(b.build()) if r.name == "Backlog")
    assert row.gains == {"no_wait": pytest.approx(16), "remove": pytest.approx(16)}


# -- the constraint and its ties -------------------------------------------------------------


def tie_map(reverse: bool = False) -> ValueStreamMap:
    # Start → P (10 wait, 1 work) → Q (10 wait, 1 work) → End: 22 h.
    # Start → R (15 work) → End: 15 h, the parallel branch.
    b = MapBuilder()
    b.add("Start", "start").add("P", pt=1, wait=10).add("Q", pt=1, wait=10)
    b.add("R", pt=15).add("End", "end")
    b.flow("Start", "P", "Q", "End")
    b.flow("Start", "R", "End")
    m = b.build()
    if reverse:
        m = m.model_copy(update={"elements": m.elements[::-1],
                                 "connections": m.connections[::-1]})
    return m


@pytest.mark.parametrize("reverse", [False, True])
def test_tied_waits_are_all_named_and_the_saving_is_capped_by_the_parallel_branch(reverse):
    m = tie_map(reverse)
    result = analyze(m)
    assert result.lead_time == pytest.approx(22)
    constraint = find_constraint(m, result, rank_what_ifs(m))
    assert constraint.names == ("P", "Q")  # in path order, whatever the file order
    assert constraint.is_tie and constraint.wait_hours == pytest.approx(10)
    # Cutting P's wait: P-Q takes 12 h, but R takes 15 h: the lead time falls 22 → 15, not 12.
    assert constraint.saving == pytest.approx(7)
    text = constraint.explanation(WorkCalendar())
    assert "2 elements share the longest wait" in text and "P and Q" in text
    assert "saves 7 h" in text and "parallel branch" in text


@pytest.mark.parametrize("reverse", [False, True])
def test_the_constraint_needs_the_what_ifs_of_its_tied_elements_only(reverse):
    m = tie_map(reverse)
    asked = []

    def what_ifs_of(tied):
        asked.append(tied)
        return rank_what_ifs(m, only=tied)

    alone = find_constraint(m, analyze(m), what_ifs_of=what_ifs_of)
    names = {e.id: e.name for e in m.elements}
    assert [[names[i] for i in tied] for tied in asked] == [["P", "Q"]]
    assert alone.saving == pytest.approx(7)  # worked out above: R's branch caps it
    assert alone == find_constraint(m, analyze(m), rank_what_ifs(m))
    # Neither a ranking nor a way to get one: the saving is unknown, not zero.
    assert find_constraint(m, analyze(m)).saving is None


def test_a_single_constraint_claims_its_whole_wait_when_nothing_caps_it():
    b = MapBuilder()
    b.add("Start", "start").add("P", pt=1, wait=12).add("Q", pt=1, wait=3).add("End", "end")
    b.flow("Start", "P", "Q", "End")
    m = b.build()
    constraint = find_constraint(m, analyze(m), rank_what_ifs(m))
    assert constraint.names == ("P",) and not constraint.is_tie
    assert constraint.saving == pytest.approx(12)
    assert "Cutting this wait to zero saves 1.5 d" in constraint.explanation(WorkCalendar())


# -- where the waiting comes from ------------------------------------------------------------


def cause_map() -> ValueStreamMap:
    # Start -(3 h, other)-> B (16 h release window, 1 h) → C (4 h, no cause, 1 h) → End
    # Start → A (8 h approval queue, 2 h) -(2 h, capacity)-> C
    # Branches: A 10 + 2 = 12 h; B 3 + 17 = 20 h: B is critical. Lead time 20 + 5 = 25 h.
    b = MapBuilder()
    b.add("Start", "start")
    b.add("A", "approval", pt=2, wait=8, cause="approval_queue")
    b.add("B", pt=1, wait=16, cause="release_window")
    b.add("C", pt=1, wait=4)
    b.add("End", "end")
    b.flow("Start", "A")
    b.flow("A", "C", delay=2, cause="capacity")
    b.flow("Start", "B", delay=3, cause="other")
    b.flow("B", "C", "End")
    return b.build()


def test_waits_by_cause_add_up_to_total_wait_and_to_the_critical_paths_wait():
    m = cause_map()
    result = analyze(m)
    assert result.lead_time == pytest.approx(25)
    causes = wait_by_cause(m, result)
    assert causes.whole_map == pytest.approx({
        "approval_queue": 8, "release_window": 16, "capacity": 2, "other": 3, "unspecified": 4,
    })
    assert causes.critical_path == pytest.approx(
        {"release_window": 16, "other": 3, "unspecified": 4})
    assert sum(causes.whole_map.values()) == pytest.approx(result.total_wait) == 33
    assert sum(causes.critical_path.values()) == pytest.approx(result.wait_time) == 23


def test_the_samples_causes_add_up_to_its_total_wait():
    sample = load_map(sample_map_path())
    result = analyze(sample)
    causes = wait_by_cause(sample, result)
    assert causes.has_causes
    assert sum(causes.whole_map.values()) == pytest.approx(result.total_wait)
    assert sum(causes.critical_path.values()) == pytest.approx(result.wait_time)


# -- spans -----------------------------------------------------------------------------------


def span_map() -> MapBuilder:
    # Approve (2 h wait, 1 h) → Dev (10 h) → Test A (3 h wait, 2 h) → Deploy (4 h wait, 1 h)
    #                           Dev -(1 h)-> Test B (8 h) ---------→ Deploy
    # From Approve done to Deploy done: Dev 10, then the slower branch (B: 1 + 8 = 9 against
    # A: 3 + 2 = 5), then Deploy 4 + 1 = 5: 24 h.
    b = MapBuilder()
    b.add("Start", "start").add("Approve", "approval", pt=1, wait=2).add("Dev", pt=10)
    b.add("Test A", pt=2, wait=3).add("Test B", pt=8).add("Deploy", pt=1, wait=4)
    b.add("End", "end")
    b.flow("Start", "Approve", "Dev", "Test A", "Deploy", "End")
    b.flow("Dev", "Test B", delay=1)
    b.flow("Test B", "Deploy")
    b.elements["Approve"].span_start = DEFAULT_SPAN
    b.elements["Deploy"].span_end = "Lead time for changes"  # names match whatever the case
    return b


def test_a_span_over_parallel_branches_takes_the_longest_path_between_its_marks():
    [span] = measure_spans(span_map().build())
    assert span.name == DEFAULT_SPAN
    assert span.hours == pytest.approx(24)
    assert not span.problem


def test_a_span_that_cannot_be_measured_says_why():
    b = span_map()
    b.elements["Deploy"].span_end = ""
    [span] = measure_spans(b.build())
    assert span.hours is None and "No element is marked as the end" in span.problem
    b.elements["Test A"].span_end = DEFAULT_SPAN
    b.elements["Test B"].span_start = DEFAULT_SPAN
    [span] = measure_spans(b.build())
    assert span.hours is None and "'Approve', 'Test B' are all marked as the start" in span.problem
    b = span_map()
    b.elements["Test A"].span_start = "review"
    b.elements["Test B"].span_end = "review"  # parallel branches: no flow from A to B
    spans = {s.name: s for s in measure_spans(b.build())}
    assert spans["review"].hours is None
    assert "No flow leads from 'Test A'" in spans["review"].problem
    assert spans[DEFAULT_SPAN].hours == pytest.approx(24)


# -- value-adding efficiency and delivery ----------------------------------------------------


def test_value_adding_efficiency_counts_only_value_adding_work_on_the_critical_path():
    b = MapBuilder()
    b.add("Start", "start").add("V", pt=4, wait=4).add("N", pt=2, wait=2, value="necessary")
    b.add("W", pt=1, value="waste").add("End", "end")
    b.flow("Start", "V", "N", "W", "End")
    m = b.build()
    result = analyze(m)
    figures = stream_figures(m, result)
    assert result.lead_time == pytest.approx(13)
    assert result.flow_efficiency == pytest.approx(7 / 13)
    assert figures.value_adding_efficiency == pytest.approx(4 / 13)


def test_delivery_levels_follow_doras_2023_thresholds():
    assert [change_failure_level(p) for p in (0, 5, 5.1, 10, 15, 16, 64)] == [
        "Elite", "Elite", "High", "High", "Medium", "Low", "Low"]
    assert [recovery_level(h) for h in (0.5, 1, 23, 24, 168, 169)] == [
        "Elite", "High", "High", "Medium", "Medium", "Low"]
    assert [deployment_level(w, 5) for w in (10, 5, 4, 1, 0.5, 0.2)] == [
        "Elite", "High", "High", "High", "Medium", "Low"]  # a month is 52/12 weeks


def test_each_published_dora_2023_boundary_falls_on_the_side_the_report_puts_it():
    """The 2023 table, boundary by boundary: once a day is High ("between once per day and
    once per week"), more is Elite ("on demand"); a lead time of exactly one day is High
    ("between one day and one week"), a week still High, a month (52/12 weeks) still Medium;
    recovery of exactly one hour is no longer Elite ("less than one hour")."""
    week_of_5 = 5  # working days
    assert deployment_level(week_of_5, week_of_5) == "High"  # once per working day
    assert deployment_level(2 * week_of_5, week_of_5) == "Elite"  # twice a day
    assert deployment_level(1, week_of_5) == "High"  # once per week
    assert deployment_level(12 / 52, week_of_5) == "Medium"  # once per month
    assert deployment_level(11 / 52, week_of_5) == "Low"  # less than once a month
    calendar = WorkCalendar()  # 8-hour days, 5-day weeks: a calendar day = 8 * 5 / 7 h
    hours_per_calendar_day = 8 * 5 / 7
    assert lead_time_level(0.9 * hours_per_calendar_day, calendar) == "Elite"
    assert lead_time_level(1 * hours_per_calendar_day, calendar) == "High"
    assert lead_time_level(7 * hours_per_calendar_day, calendar) == "High"
    assert lead_time_level(8 * hours_per_calendar_day, calendar) == "Medium"
    assert lead_time_level(30 * hours_per_calendar_day, calendar) == "Medium"
    assert lead_time_level(31 * hours_per_calendar_day, calendar) == "Low"
    assert recovery_level(59 / 60) == "Elite"
    assert recovery_level(1) == "High"
    assert [change_failure_level(p) for p in (5, 10, 15, 64)] == [
        "Elite", "High", "Medium", "Low"]


def test_deployment_frequency_and_recovery_time_are_entered_as_people_say_them():
    calendar = WorkCalendar()  # 5 working days a week
    assert parse_deployment_frequency("2 per day", calendar) == pytest.approx(10)
    assert parse_deployment_frequency("3/week", calendar) == pytest.approx(3)
    assert parse_deployment_frequency("1 a month", calendar) == pytest.approx(12 / 52)
    assert parse_deployment_frequency("4 per year", calendar) == pytest.approx(4 / 52)
    assert parse_deployment_frequency("", calendar) is None
    with pytest.raises(ValueError, match="not a deployment frequency"):
        parse_deployment_frequency("often", calendar)
    assert format_deployment_frequency(10, calendar) == "2 per day"
    assert format_deployment_frequency(12 / 52, calendar) == "1 per month"
    assert parse_recovery_time("2d") == pytest.approx(48)  # clock days, not working days
    assert parse_recovery_time("") is None


def test_a_long_tie_names_a_few_and_counts_the_rest():
    b = MapBuilder()
    b.add("Start", "start")
    names = [f"S{index}" for index in range(9)]
    for name in names:
        b.add(name, pt=1, wait=5)
    b.add("End", "end")
    b.flow("Start", *names, "End")
    m = b.build()
    constraint = find_constraint(m, analyze(m), rank_what_ifs(m))
    assert len(constraint.element_ids) == 9 and constraint.headline() == "9-way tie"
    assert constraint.names_text() == "S0, S1, S2, S3, S4, S5 and 3 more"


def test_a_future_state_that_changes_a_waits_cause_lists_the_change():
    from vsm_desktop.analysis.compare import compare_maps
    from vsm_desktop.analysis.formatting import change_text

    current = cause_map()
    future = current.derive_future_state()
    next(e for e in future.elements if e.name == "B").wait_cause = "capacity"
    [change] = [c for c in compare_maps(current, future).elements if c.status == "changed"]
    assert change.name == "B"
    old, new = change.changes["wait_cause"]
    assert change_text("wait_cause", old, new, None) == "wait cause Release window → Capacity"
