from vsm_desktop.model import (
    Connection,
    ConnectionKind,
    Element,
    ElementKind,
    Lane,
    ValueStreamMap,
)
from vsm_desktop.model.layout import (
    COLUMN_PITCH,
    DEFAULT_LANE_HEIGHT,
    ELEMENT_SIZE,
    FIRST_COLUMN_X,
    LANE_HEADER_WIDTH,
    auto_layout,
    flow_columns,
    laid_out,
)


def build(lanes, rows, links):
    """rows: (key, kind, lane index or None); links: (a, b[, kind])."""
    lane_objects = [Lane(name=name) for name in lanes]
    elements = {
        key: Element(kind=kind, name=key, lane_id=None if lane is None else lane_objects[lane].id)
        for key, kind, lane in rows
    }
    connections = [
        Connection(
            source_id=elements[link[0]].id,
            target_id=elements[link[1]].id,
            kind=link[2] if len(link) > 2 else ConnectionKind.FLOW,
        )
        for link in links
    ]
    value_stream_map = ValueStreamMap(
        lanes=lane_objects, elements=list(elements.values()), connections=connections
    )
    return value_stream_map, {key: element.id for key, element in elements.items()}


STEP, QUEUE, START, END = ElementKind.STEP, ElementKind.QUEUE, ElementKind.START, ElementKind.END


def test_columns_follow_the_flow_and_ignore_rework_information_and_loops():
    value_stream_map, ids = build(
        ["A", "B"],
        [("s", START, 0), ("a", STEP, 0), ("b", STEP, 1), ("c", STEP, 1), ("d", STEP, 0),
         ("e", END, 0)],
        [("s", "a"), ("a", "b"), ("a", "c"), ("b", "d"), ("c", "d"), ("d", "e"),
         ("d", "a", ConnectionKind.REWORK), ("c", "b", ConnectionKind.INFORMATION),
         ("d", "b")],  # a flow edge that closes a loop b -> d -> b
    )  # fmt: skip
    columns = flow_columns(value_stream_map)
    assert {key: columns[ids[key]] for key in ids} == {
        "s": 0,
        "a": 1,
        "b": 2,
        "c": 2,
        "d": 3,
        "e": 4,
    }
    positions = auto_layout(value_stream_map)
    for key, column in {"s": 0, "a": 1, "b": 2, "d": 3, "e": 4}.items():
        assert positions[ids[key]][0] == FIRST_COLUMN_X + column * COLUMN_PITCH
    assert FIRST_COLUMN_X - ELEMENT_SIZE[START][0] / 2 > LANE_HEADER_WIDTH


def test_an_end_closes_the_map_in_the_last_column():
    value_stream_map, ids = build(
        ["A"],
        [("s", START, 0), ("a", STEP, 0), ("b", STEP, 0), ("c", STEP, 0), ("e", END, 0)],
        [("s", "a"), ("a", "e"), ("s", "b"), ("b", "c")],
    )
    columns = flow_columns(value_stream_map)
    assert columns[ids["e"]] == columns[ids["c"]] == 2


def test_single_elements_sit_in_the_middle_of_their_lane():
    value_stream_map, ids = build(
        ["A", "B"], [("s", START, 0), ("q", QUEUE, 1), ("e", END, 1)], [("s", "q"), ("q", "e")]
    )
    positions = auto_layout(value_stream_map)
    assert positions[ids["s"]][1] == DEFAULT_LANE_HEIGHT / 2
    assert positions[ids["q"]][1] == DEFAULT_LANE_HEIGHT * 1.5
    assert positions[ids["e"]][1] == DEFAULT_LANE_HEIGHT * 1.5


def test_a_crowded_cell_stacks_and_grows_only_its_lane():
    value_stream_map, ids = build(
        ["Eng", "Ops"],
        [("s", START, 0), ("a", STEP, 0), ("b", STEP, 0), ("c", STEP, 0), ("o", STEP, 1)],
        [("s", "a"), ("s", "b"), ("s", "c"), ("s", "o")],
    )
    result = laid_out(value_stream_map)
    eng, ops = result.lanes
    step_height = ELEMENT_SIZE[STEP][1]
    assert eng.height >= 3 * step_height + 2 * 30  # three steps and two gaps
    assert ops.height == DEFAULT_LANE_HEIGHT
    by_id = {e.id: e for e in result.elements}
    stack = sorted((by_id[ids[key]] for key in "abc"), key=lambda e: e.y)
    assert len({e.x for e in stack}) == 1
    for upper, lower in zip(stack, stack[1:], strict=False):
        assert lower.y - upper.y >= step_height + 20  # no overlap, a visible gap
    assert stack[0].y - step_height / 2 >= 0 and stack[-1].y + step_height / 2 <= eng.height
    ops_step = by_id[ids["o"]]
    assert eng.height < ops_step.y < eng.height + ops.height
    assert value_stream_map.lanes[0].height == DEFAULT_LANE_HEIGHT  # the input is not changed


def test_kaizen_ideas_sit_just_above_their_target_and_notes_stay():
    value_stream_map, ids = build(
        ["A"], [("s", START, 0), ("a", STEP, 0), ("b", STEP, 0)], [("s", "a"), ("a", "b")]
    )
    target = value_stream_map.element(ids["a"])
    idea_one = Element(kind=ElementKind.KAIZEN, name="one", target_id=target.id)
    idea_two = Element(kind=ElementKind.KAIZEN, name="two", target_id=target.id)
    note = Element(kind=ElementKind.NOTE, name="keep me", x=-50.0, y=777.0)
    loose_idea = Element(kind=ElementKind.KAIZEN, name="no target", x=12.0, y=34.0)
    value_stream_map.elements += [idea_one, idea_two, note, loose_idea]
    value_stream_map = ValueStreamMap.model_validate(value_stream_map.model_dump())
    positions = auto_layout(value_stream_map)
    target_x, target_y = positions[target.id]
    idea_height = ELEMENT_SIZE[ElementKind.KAIZEN][1]
    first_x, first_y = positions[idea_one.id]
    second_x, second_y = positions[idea_two.id]
    assert first_x == second_x == target_x
    target_top = target_y - ELEMENT_SIZE[STEP][1] / 2
    assert 0 < target_top - (first_y + idea_height / 2) <= 20
    assert second_y + idea_height / 2 < first_y - idea_height / 2
    assert second_y - idea_height / 2 >= 0  # the lane made room for both ideas
    assert positions[note.id] == (-50.0, 777.0)
    assert positions[loose_idea.id] == (12.0, 34.0)
    # the other step in the lane shares the target's centre line
    assert positions[ids["b"]][1] == target_y


def test_elements_without_a_lane_go_below_the_lanes():
    value_stream_map, ids = build(["A"], [("s", START, 0), ("x", STEP, None)], [("s", "x")])
    positions = auto_layout(value_stream_map)
    assert positions[ids["x"]][1] > value_stream_map.lanes[0].height


def test_empty_map_and_map_without_connections():
    assert auto_layout(ValueStreamMap()) == {}
    value_stream_map, ids = build(["A"], [("a", STEP, 0), ("b", STEP, 0)], [])
    positions = auto_layout(value_stream_map)
    assert positions[ids["a"]][0] == positions[ids["b"]][0] == FIRST_COLUMN_X
    assert positions[ids["a"]][1] != positions[ids["b"]][1]
