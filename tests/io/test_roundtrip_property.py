"""Whatever valid map hypothesis invents, save then load gives it back unchanged."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vsm_desktop.io import dumps_map, loads_map, save_map
from vsm_desktop.io.vsm_file import load_map
from vsm_desktop.model import (
    Automation,
    Connection,
    ConnectionKind,
    Element,
    ElementKind,
    HandoverMethod,
    KaizenStatus,
    Lane,
    MapInfo,
    MapState,
    ValueCategory,
    ValueStreamMap,
    WorkCalendar,
)

text = st.text(max_size=40)  # any unicode, including quotes, newlines and astral characters
hours = st.none() | st.floats(min_value=0, max_value=1e7, allow_nan=False)
coordinate = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)


@st.composite
def value_stream_maps(draw) -> ValueStreamMap:
    lanes = draw(st.lists(st.builds(Lane, name=text), max_size=4))
    lane_ids = st.none() | st.sampled_from([lane.id for lane in lanes]) if lanes else st.none()
    elements = draw(
        st.lists(
            st.builds(
                Element,
                kind=st.sampled_from(ElementKind),
                name=text,
                lane_id=lane_ids,
                x=coordinate,
                y=coordinate,
                process_time=hours,
                wait_time=hours,
                pca=st.none() | st.floats(min_value=0, max_value=100),
                people=st.none() | st.integers(min_value=0, max_value=100_000),
                value_category=st.sampled_from(ValueCategory),
                automation=st.sampled_from(Automation),
                items_waiting=st.none() | st.integers(min_value=0, max_value=10_000_000),
                notes=st.text(max_size=200),
                owner=text,
                status=st.sampled_from(KaizenStatus),
            ),
            max_size=8,
        )
    )
    connections = []
    if len(elements) >= 2:
        ids = [element.id for element in elements]
        for _ in range(draw(st.integers(0, 10))):
            source, target = draw(st.permutations(ids))[:2]
            connections.append(
                Connection(
                    kind=draw(st.sampled_from(ConnectionKind)),
                    source_id=source,
                    target_id=target,
                    delay=draw(hours),
                    method=draw(st.sampled_from(HandoverMethod)),
                    rework_percent=draw(st.floats(min_value=0, max_value=99)),
                    label=draw(text),
                )
            )
        targets = st.sampled_from(ids)
        for element in elements:
            if element.kind is ElementKind.KAIZEN and draw(st.booleans()):
                element.target_id = draw(targets)
    return ValueStreamMap(
        info=MapInfo(
            title=draw(text),
            description=draw(text),
            author=draw(text),
            state=draw(st.sampled_from(MapState)),
        ),  # fmt: skip
        calendar=WorkCalendar(
            hours_per_day=draw(st.floats(min_value=0.5, max_value=24)),
            days_per_week=draw(st.floats(min_value=0.5, max_value=7)),
        ),
        lanes=lanes,
        elements=elements,
        connections=connections,
    )


@pytest.mark.slow
@settings(max_examples=150, deadline=None)
@given(value_stream_maps())
def test_dumps_then_loads_is_identity(value_stream_map):
    assert loads_map(dumps_map(value_stream_map)) == value_stream_map


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(value_stream_maps())
def test_save_then_load_is_identity(tmp_path, value_stream_map):
    path = tmp_path / "generated.vsm"
    save_map(value_stream_map, path)
    assert load_map(path) == value_stream_map


@given(value_stream_maps())
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_map_survives_a_drawio_round_trip(value_stream_map):
    from vsm_desktop.io.drawio_export import dumps_drawio
    from vsm_desktop.io.drawio_import import loads_drawio
    from vsm_desktop.model import MapStates

    # A file's first map is its current state.
    value_stream_map.info.state = MapState.CURRENT
    value_stream_map.info.based_on_map_id = None
    back = loads_drawio(dumps_drawio(MapStates(maps=[value_stream_map])))
    assert back.warnings == []
    assert back.states.current == value_stream_map
