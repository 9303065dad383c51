"""The shipped sample is what people see first: it must load and show every feature."""

from collections import Counter

import networkx as nx

from vsm_desktop.io import dumps_map, load_map
from vsm_desktop.model import (
    ConnectionKind,
    ElementKind,
    HandoverMethod,
    MapState,
    ValueCategory,
)
from vsm_desktop.model.layout import ELEMENT_SIZE
from vsm_desktop.resources import sample_map_path


def sample():
    return load_map(sample_map_path())


def named(value_stream_map, name):
    return next(e for e in value_stream_map.elements if e.name == name)


def test_sample_is_saved_in_the_current_canonical_form():
    assert sample_map_path().read_text(encoding="utf-8") == dumps_map(sample())


def test_sample_describes_the_secure_api_example():
    value_stream_map = sample()
    assert value_stream_map.info.title == "Provide a new API endpoint for transaction summaries"
    assert value_stream_map.info.author == "VSM Desktop sample"
    assert value_stream_map.info.state is MapState.CURRENT
    assert (value_stream_map.calendar.hours_per_day, value_stream_map.calendar.days_per_week) == (
        8,
        5,
    )
    lanes = [lane.name for lane in value_stream_map.lanes]
    assert lanes[:3] == ["Customer", "Product", "Engineering"]
    assert {"Security", "Compliance", "Operations", "Finance", "Support"} <= set(lanes)
    kinds = Counter(e.kind for e in value_stream_map.elements)
    assert kinds[ElementKind.START] == kinds[ElementKind.END] == 1
    assert kinds[ElementKind.QUEUE] >= 2 and kinds[ElementKind.APPROVAL] >= 2
    assert named(value_stream_map, "Architecture & risk review").kind is ElementKind.APPROVAL
    assert (
        named(value_stream_map, "Compliance & audit checks").value_category
        is ValueCategory.NECESSARY
    )
    for element in value_stream_map.elements:
        if element.kind is ElementKind.QUEUE:
            assert element.value_category is ValueCategory.WASTE
        if element.kind.does_work:
            assert element.process_time and element.pca is not None and 60 <= element.pca <= 98
            assert element.people


def test_sample_has_parallel_branches_a_rework_loop_and_handovers():
    value_stream_map = sample()
    flow = nx.DiGraph(
        (c.source_id, c.target_id)
        for c in value_stream_map.connections
        if c.kind is ConnectionKind.FLOW
    )
    assert nx.is_directed_acyclic_graph(flow)
    development = named(value_stream_map, "Development").id
    deployment = named(value_stream_map, "Deployment to production").id
    assert flow.out_degree(development) == 3  # functional, security, performance testing
    assert flow.out_degree(deployment) == 3  # monitoring, billing, support
    merge = named(value_stream_map, "Compliance & audit checks").id
    assert flow.in_degree(merge) == 3
    start = next(e.id for e in value_stream_map.elements if e.kind is ElementKind.START)
    end = next(e.id for e in value_stream_map.elements if e.kind is ElementKind.END)
    assert nx.descendants(flow, start) >= set(flow) - {start}
    assert nx.ancestors(flow, end) == set(flow) - {end}

    rework = [c for c in value_stream_map.connections if c.kind is ConnectionKind.REWORK]
    security_loop = next(c for c in rework if c.target_id == development)
    assert security_loop.source_id == named(value_stream_map, "Security testing").id
    assert security_loop.rework_percent == 25
    methods = {c.method for c in value_stream_map.connections}
    assert {
        HandoverMethod.TICKET,
        HandoverMethod.EMAIL,
        HandoverMethod.MEETING,
        HandoverMethod.AUTOMATED,
    } <= methods
    assert sum(1 for c in value_stream_map.connections if c.delay) >= 3


def test_sample_kaizen_ideas_sit_above_their_targets():
    value_stream_map = sample()
    ideas = [e for e in value_stream_map.elements if e.kind is ElementKind.KAIZEN]
    assert 3 <= len(ideas) <= 4
    targets = {value_stream_map.element(idea.target_id).name for idea in ideas}
    assert {"Compliance & audit checks", "Architecture & risk review", "Release window"} <= targets
    for idea in ideas:
        target = value_stream_map.element(idea.target_id)
        assert idea.owner and idea.status
        assert idea.x == target.x
        gap = (target.y - ELEMENT_SIZE[target.kind][1] / 2) - (
            idea.y + ELEMENT_SIZE[idea.kind][1] / 2
        )
        assert 0 < gap < 30


def test_sample_elements_do_not_overlap_and_stay_in_their_lanes():
    value_stream_map = sample()
    top = 0.0
    bands = {}
    for lane in value_stream_map.lanes:
        bands[lane.id] = (top, top + lane.height)
        top += lane.height
    boxes = []
    for element in value_stream_map.elements:
        width, height = ELEMENT_SIZE[element.kind]
        box = (
            element.x - width / 2,
            element.y - height / 2,
            element.x + width / 2,
            element.y + height / 2,
        )
        if element.lane_id:
            band_top, band_bottom = bands[element.lane_id]
            assert band_top <= box[1] and box[3] <= band_bottom, element.name
        boxes.append((element.name, box))
    for index, (name, a) in enumerate(boxes):
        for other, b in boxes[index + 1 :]:
            overlaps = a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
            assert not overlaps, (name, other)
