"""Saving writes exactly what json.dumps(indent=2) wrote before: files stay byte-identical
(benchmarks/ time it on 5,000 elements; here the sizes stay quick under load)."""

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.generate import generate_map
from vsm_desktop.io.indented_json import dumps_indented
from vsm_desktop.io.vsm_file import dumps_states, load_states
from vsm_desktop.model import MapStates
from vsm_desktop.model.value_stream_map import ReviewBase
from vsm_desktop.resources import sample_map_path

from .generated_maps import chain_map
from .test_roundtrip_property import value_stream_maps


def stdlib_text(value) -> str:
    """What the writer wrote before: the standard library's pure-Python indenting encoder."""
    return json.dumps(value, indent=2, ensure_ascii=False, allow_nan=False)


scalars = (
    st.none() | st.booleans() | st.integers() | st.text()
    | st.floats(allow_nan=False, allow_infinity=False)
)
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=5)
        | st.dictionaries(st.text(max_size=8), inner, max_size=5)
        # keys json turns into text, as the standard library does
        | st.dictionaries(
            st.integers() | st.booleans() | st.none()
            | st.floats(allow_nan=False, allow_infinity=False),
            inner, max_size=3,
        )
    ),
    max_leaves=40,
)


@settings(max_examples=300, deadline=None)
@given(json_values)
def test_any_json_value_reads_as_the_standard_library_writes_it(value):
    assert dumps_indented(value) == stdlib_text(value)


@pytest.mark.parametrize(
    "value",
    [{}, [], "", 0, None, {"a": []}, {"a": {}}, [[]], [{}], {"a": [[]]}, ([1, 2], "x"),
     {"a": {"b": {"c": [1, "é\n\"\\\u2028"]}}}, [1e300, -0.0, 5e-324, True, False]],
)
def test_edge_shapes_read_as_the_standard_library_writes_them(value):
    assert dumps_indented(value) == stdlib_text(value)


@pytest.mark.parametrize("value", [float("nan"), [float("inf")], {"a": {"b": -float("inf")}}])
def test_a_number_json_cannot_hold_is_refused(value):
    with pytest.raises(ValueError):
        dumps_indented(value)


def test_what_json_cannot_hold_is_refused():
    with pytest.raises(TypeError):
        dumps_indented({"a": [object()]})


def stdlib_file(states: MapStates) -> str:
    """The file's text as the writer made it before, from the same records."""
    text = dumps_states(states)
    envelope = json.loads(text)
    assert envelope["maps"] == [m.model_dump(mode="json") for m in states.maps]
    return stdlib_text(envelope) + "\n"


@pytest.mark.parametrize("size", [2, 10, 100, 1000])
def test_generated_maps_with_a_future_state_save_byte_identical(size):
    current = generate_map(size)
    states = MapStates(maps=[current, current.derive_future_state()])
    assert dumps_states(states) == stdlib_file(states)


@pytest.mark.parametrize("size", [1, 3, 50, 700])
def test_chain_maps_with_unicode_and_notes_save_byte_identical(size):
    states = MapStates(maps=[chain_map(size, title=f"Chain «{size}» \"quoted\"")])
    assert dumps_states(states) == stdlib_file(states)


def test_the_sample_map_with_a_review_base_saves_byte_identical():
    states = load_states(sample_map_path())
    states.review_base = ReviewBase(sent_to="Security lead", sent_on="2026-12-04T09:00",
                                    maps=list(states.maps))
    assert dumps_states(states) == stdlib_file(states)


@settings(max_examples=60, deadline=None)
@given(value_stream_maps())
def test_any_map_saves_byte_identical(value_stream_map):
    states = MapStates(maps=[value_stream_map])
    assert dumps_states(states) == stdlib_file(states)
