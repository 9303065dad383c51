"""Ordinary spreadsheets import without a traceback: the layout wraps what would overflow a
lane, and what cannot fit the file's limits is refused naming the limit."""

from __future__ import annotations

import pytest

from vsm_desktop.io import VsmFileError, loads_map
from vsm_desktop.io.csv_steps import loads_steps_csv
from vsm_desktop.io.vsm_file import dumps_map
from vsm_desktop.model import ElementKind
from vsm_desktop.model.elements import MAX_COORDINATE, MAX_LANE_HEIGHT
from vsm_desktop.model.layout import COLUMN_PITCH, ELEMENT_SIZE, FIRST_COLUMN_X


def table(rows: list[str], header: str = "id,name,lane,predecessors") -> str:
    return "\n".join([header, *rows]) + "\n"


def unconnected(count: int, lane: str = "Dev") -> str:
    return table([f"S{i},Step {i},{lane}," for i in range(count)])


def chain(count: int) -> str:
    return table([f"S{i},Step {i},Dev,{f'S{i - 1}' if i else ''}" for i in range(count)])


def boxes_overlap(a, b) -> bool:
    (aw, ah), (bw, bh) = ELEMENT_SIZE[a.kind], ELEMENT_SIZE[b.kind]
    return abs(a.x - b.x) < (aw + bw) / 2 and abs(a.y - b.y) < (ah + bh) / 2


@pytest.mark.parametrize("count", [34, 200, 2_000])
def test_many_steps_without_predecessors_wrap_into_columns_within_the_lane(count):
    imported = loads_steps_csv(unconnected(count), source="steps.csv")
    lane = imported.lanes[0]
    assert lane.height <= MAX_LANE_HEIGHT
    steps = [e for e in imported.elements if e.kind is ElementKind.STEP]
    assert len(steps) == count
    assert all(0 < e.y < lane.height for e in steps)  # inside the one band
    # 34 steps of 120 px with 30 px gaps need 5,080 px: more than a lane, so two columns.
    slot = ELEMENT_SIZE[ElementKind.STEP][1] + 30
    needed_columns = -(-(count * slot - 30) // (MAX_LANE_HEIGHT - 40))
    assert len({e.x for e in steps}) >= needed_columns
    for index, step in enumerate(steps):  # no two boxes on top of each other
        for other in steps[index + 1 : index + 40]:
            assert not boxes_overlap(step, other)
    start = next(e for e in imported.elements if e.kind is ElementKind.START)
    end = next(e for e in imported.elements if e.kind is ElementKind.END)
    assert start.x < min(e.x for e in steps) and end.x > max(e.x for e in steps)
    assert loads_map(dumps_map(imported)) == imported  # a file that opens again


def test_the_longest_chain_that_fits_imports_and_the_next_is_refused_in_words():
    # Start, the steps, End: one column each, COLUMN_PITCH apart from FIRST_COLUMN_X.
    fits = int((MAX_COORDINATE - FIRST_COLUMN_X) // COLUMN_PITCH) + 1 - 2
    assert fits == 4_345
    imported = loads_steps_csv(chain(fits), source="steps.csv")
    assert max(e.x for e in imported.elements) <= MAX_COORDINATE
    with pytest.raises(VsmFileError) as refused:
        loads_steps_csv(chain(fits + 1), source="steps.csv")
    message = str(refused.value)
    assert message.startswith("steps.csv: cannot lay the steps out: the flow is 4,348 columns")
    assert "at most 1,000,000 px wide (4,347 columns)" in message
    assert "pydantic" not in message and "Input should" not in message


def test_over_limit_counts_are_refused_naming_the_limit():
    too_many_lanes = table([f"S{i},Step {i},Team {i}," for i in range(201)])
    with pytest.raises(VsmFileError, match=r"names 201 different lanes; a map holds at most 200"):
        loads_steps_csv(too_many_lanes, source="steps.csv")

    too_many_steps = table([f"S{i},s,," for i in range(19_999)])
    with pytest.raises(VsmFileError, match=r"has 19,999 steps; a map holds at most 20,000 "
                                           r"elements, so at most 19,998 steps"):
        loads_steps_csv(too_many_steps, source="steps.csv")

    # Every row after the fourth follows the four before it: 4 connections a row.
    rows = [f"S{i},s,,{';'.join(f'S{j}' for j in range(max(0, i - 4), i))}"
            for i in range(15_100)]
    with pytest.raises(VsmFileError, match=r"make 60,\d{3} connections; a map holds at most "
                                           r"60,000"):
        loads_steps_csv(table(rows), source="steps.csv")
