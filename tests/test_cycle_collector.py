"""The cycle collector is paused only for as long as a map is being made into objects."""

import gc

import pytest

from vsm_desktop import cycle_collector


def test_the_collector_runs_again_afterwards_even_when_the_work_fails():
    assert gc.isenabled()
    with pytest.raises(ValueError), cycle_collector.paused():
        assert not gc.isenabled()
        raise ValueError("a file that could not be read")
    assert gc.isenabled()


def test_a_collector_someone_else_paused_stays_paused():
    gc.disable()
    try:
        with cycle_collector.paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()



@pytest.fixture
def nothing_frozen():
    """Each test starts and ends with no object frozen (the suite's own objects stay sweepable)."""
    gc.unfreeze()
    yield
    gc.unfreeze()


class Made:
    """An object with a cycle, as the start makes by the thousand (modules, Qt wrappers)."""

    def __init__(self) -> None:
        self.me = self


def test_the_start_runs_no_sweep_until_its_first_frame_and_keeps_what_it_made(nothing_frozen):
    sweeps = []

    def count(phase, info):
        if phase == "start":
            sweeps.append(info["generation"])

    gc.callbacks.append(count)
    try:
        with cycle_collector.paused_until_resumed() as first_frame_painted:
            made = [Made() for _ in range(20_000)]  # far past the youngest generation's 700
            assert sweeps == [] and not gc.isenabled()
            first_frame_painted()
            assert gc.isenabled()
            assert gc.get_freeze_count() >= len(made)  # left out of every later sweep
            first_frame_painted()  # a second call changes nothing
        assert gc.isenabled()
    finally:
        gc.callbacks.remove(count)


def test_a_start_that_ends_before_its_first_frame_leaves_the_collector_on(nothing_frozen):
    with pytest.raises(RuntimeError), cycle_collector.paused_until_resumed():
        raise RuntimeError("no display")
    assert gc.isenabled()


def test_modules_loaded_for_good_are_frozen_and_the_collector_is_back_on(nothing_frozen):
    with cycle_collector.loading_for_good():
        assert not gc.isenabled()
        made = [Made() for _ in range(1_000)]
    assert gc.isenabled()
    assert gc.get_freeze_count() >= len(made)
