"""Current and future states in one file (format 2), and files of format 1 upgraded."""

import json

import pytest

from vsm_desktop.io.errors import VsmFileError
from vsm_desktop.io.vsm_file import (
    dumps_states,
    load_states,
    loads_map,
    loads_states,
    save_states,
)
from vsm_desktop.model import Element, MapStates, ValueStreamMap


def current_map():
    return ValueStreamMap(elements=[Element(name="Review", wait_time=80, process_time=2)])


def test_current_and_future_state_round_trip_through_one_file(tmp_path):
    current = current_map()
    future = current.derive_future_state()
    future.elements[0].wait_time = 8
    path = tmp_path / "both.vsm"
    save_states(MapStates(maps=[current, future]), path)
    loaded = load_states(path)
    assert loaded.maps == [current, future]
    assert loaded.current == current
    assert loaded.maps[1].info.based_on_map_id == current.id


def test_a_format_1_file_is_upgraded_to_one_state():
    current = current_map()
    version_1 = json.dumps({
        "format": "vsm-desktop", "version": 1, "generator": "VSM Desktop 0.1.0",
        "map": current.model_dump(mode="json"),
    })
    states = loads_states(version_1, source="old.vsm")
    assert states.maps == [current]
    assert json.loads(dumps_states(states))["version"] == 2


def test_a_problem_in_a_future_state_says_which_state():
    current = current_map()
    future = current.derive_future_state()
    envelope = json.loads(dumps_states(MapStates(maps=[current, future])))
    envelope["maps"][1]["elements"][0]["wait_time"] = -1
    with pytest.raises(VsmFileError) as error:
        loads_states(json.dumps(envelope), source="both.vsm")
    message = str(error.value)
    assert message.startswith("both.vsm: state 2: element 'Review'")
    assert "wait_time" in message


def test_a_future_state_of_a_map_not_in_the_file_is_refused():
    current = current_map()
    future = current.derive_future_state()
    envelope = json.loads(dumps_states(MapStates(maps=[current, future])))
    envelope["maps"][1]["info"]["based_on_map_id"] = "a-map-that-was-never-sent"
    with pytest.raises(VsmFileError, match="based_on_map_id"):
        loads_states(json.dumps(envelope), source="both.vsm")


def test_two_states_with_one_id_are_refused():
    current = current_map()
    envelope = json.loads(dumps_states(MapStates(maps=[current])))
    envelope["maps"].append(envelope["maps"][0])
    with pytest.raises(VsmFileError, match="two maps share the id"):
        loads_states(json.dumps(envelope), source="both.vsm")


def test_loading_a_single_map_gives_the_current_state():
    current = current_map()
    future = current.derive_future_state()
    assert loads_map(dumps_states(MapStates(maps=[current, future]))) == current
