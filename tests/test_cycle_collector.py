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

