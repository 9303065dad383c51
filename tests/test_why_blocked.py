"""benchmarks.why_blocked traces a stall of the GUI thread to the code that held it (no timing
is judged: the blocking function waits until the sampler has seen it, however long that takes)."""

from __future__ import annotations

import gc
import sys
import time

import pytest

from benchmarks import why_blocked
from benchmarks.measure_responsiveness import Action, StallDetector, run_loop_until
from benchmarks.why_blocked import (
    EVENT_LOOP,
    Collections,
    StackSampler,
    Stall,
    chosen,
    short_path,
)
from vsm_desktop.ui import dialogs

HANG_GUARD_S = 60  # only a broken sampler gets here


def hold_until_sampled(sampler: StackSampler, samples: int) -> None:
    """Keeps the GUI thread from its event loop until the sampler has seen it `samples` times."""
    given_up = time.monotonic() + HANG_GUARD_S
    while sum(stall.samples for stall in [*sampler.stalls, sampler._current] if stall) < samples:
        assert time.monotonic() < given_up, "the sampler never saw the GUI thread held"
        time.sleep(0.001)


def test_a_stall_is_traced_to_the_function_holding_the_gui_thread(qapp):
    heartbeat = StallDetector()
    sampler = StackSampler(heartbeat, late_after=0.001, every=0.001)
    sampler.start()
    try:
        heartbeat.start()
        sampler.listen()
        hold_until_sampled(sampler, 5)
        heartbeat.stop()  # its beat ends the stall
        stalls = sampler.hear_no_more()
    finally:
        sampler.stop()

    assert len(stalls) == 1 and stalls[0].samples >= 5
    assert stalls[0].ended == heartbeat.last_beat  # to the beat, not to the last sample
    innermost = {stack[0].function for stack in stalls[0].stacks}
    assert innermost == {"hold_until_sampled"}
    assert all(stack[1].function == "test_a_stall_is_traced_to_the_function_holding_the_gui_"
               "thread" for stack in stalls[0].stacks)


def test_nothing_is_sampled_while_the_heartbeat_is_not_timing_an_action(qapp):
    heartbeat = StallDetector()  # never started: no action is being timed
    sampler = StackSampler(heartbeat, late_after=0.001, every=0.001)
    sampler.listen()
    sampler.sample(time.perf_counter() + 1.0, held_off=0.0)
    assert sampler.hear_no_more() == []


def test_a_collection_inside_a_stall_is_counted_with_its_generation():
    stall = Stall(began=time.perf_counter())
    with Collections() as collections:
        gc.collect()
    stall.ended = time.perf_counter()
    later = Stall(began=stall.ended + 1.0, ended=stall.ended + 2.0)

    assert [generation for _, generation in collections.within(stall)] == [2]
    assert collections.within(later) == []


def test_frames_name_the_package_path_without_the_machines_folders():
    assert short_path("/home/x/app/vsm_desktop/ui/canvas/scene.py") == \
        "vsm_desktop/ui/canvas/scene.py"
    assert short_path("/usr/lib/python3.11/site-packages/networkx/algorithms/dag.py") == \
        "networkx/algorithms/dag.py"
    assert short_path("/usr/lib/python3.11/enum.py") == "enum.py"


def test_actions_are_named_by_any_part_of_their_name_and_a_word_naming_none_lists_them():
    names = ("undo", "redo", "select all", "undo (compare open)")
    script = [Action(name, lambda: None) for name in names]
    assert [a.name for a in chosen(script, ["do ("])] == ["undo (compare open)"]
    assert [a.name for a in chosen(script, ["do"])] == ["undo", "redo", "undo (compare open)"]
    assert [a.name for a in chosen(script, ["all", "redo"])] == ["redo", "select all"]
    assert [a.name for a in chosen(script, ["UNDO"])] == ["undo"]  # the whole name: that one
    with pytest.raises(SystemExit) as refused:
        chosen(script, ["undo", "paste"])
    assert "'paste'" in str(refused.value) and "select all" in str(refused.value)


@pytest.fixture
def own_dialogs(monkeypatch):
    monkeypatch.setattr(dialogs, "dialogs", dialogs.dialogs)  # the bench replaces it


@pytest.mark.slow
def test_the_tool_lists_the_actions_in_the_order_they_are_played(qapp, own_dialogs, capsys):
    assert why_blocked.main(["--size", "30", "--list"]) == 0
    names = capsys.readouterr().out.splitlines()
    assert names[0] == "open the map (two states)" and names[-1] == "auto layout"
    assert names.index("edit a field in the inspector") < names.index("undo")


@pytest.mark.slow
def test_the_tool_reports_each_named_action_in_the_order_played(qapp, own_dialogs, capsys):
    # Every stall described, however short: the report's parts show on a 30-element map.
    why_blocked.main(["--size", "30", "--late-ms", "0.5", "--min-ms", "0", "undo", "the map"])
    out = capsys.readouterr().out
    reported = [line.split(":")[0] for line in out.splitlines() if line.startswith("== ")]
    assert reported == ["== open the map (two states)", "== undo"]
    assert "where our code was" in out and "stacks, innermost first" in out


def test_a_stack_ends_where_the_benchmark_runs_the_event_loop(qapp):
    seen = []

    def done() -> bool:  # asked from the harness's event loop, as the app's code is
        seen.append(why_blocked.stack_of(sys._getframe()))
        return True

    run_loop_until(done, quiet_ms=0)
    assert seen[0][0].function == "done" and seen[0][1:] == (EVENT_LOOP,)
