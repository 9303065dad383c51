import pytest

from vsm_desktop.io import VsmFileError, load_map
from vsm_desktop.io.csv_steps import (
    COLUMNS,
    detect_delimiter,
    dumps_steps_csv,
    exact_duration_text,
    load_steps_csv,
    loads_steps_csv,
    save_steps_csv,
)
from vsm_desktop.model import ConnectionKind, ElementKind, WorkCalendar
from vsm_desktop.resources import sample_map_path

HEADER = ",".join(COLUMNS)
STEPS = f"""{HEADER}
S1,Intake,,Product,2h,1d,95,2,,,
Q1,Backlog,queue,Product,,5 d,,,S1,,
S2,Development,step,Engineering,3d,2h,80%,3,Q1,,"Endpoint, query and tests"
S3,Functional testing,,Engineering,1d,,,,S2,,
S4,Security testing,,Security,4h,1.5wk,60,1,S2,S2:25,
S5,Deployment,approval,Operations,30min,,,,S3;S4,,
"""


def by_name(value_stream_map):
    return {element.name: element for element in value_stream_map.elements}


def test_import_builds_the_map_with_start_end_lanes_and_layout():
    value_stream_map = loads_steps_csv(STEPS, source="steps.csv")
    elements = by_name(value_stream_map)
    assert [lane.name for lane in value_stream_map.lanes] == [
        "Product", "Engineering", "Security", "Operations",
    ]  # fmt: skip
    intake, backlog = elements["Intake"], elements["Backlog"]
    assert (intake.kind, intake.process_time, intake.wait_time) == (ElementKind.STEP, 2.0, 8.0)
    assert (intake.pca, intake.people) == (95.0, 2)
    assert (backlog.kind, backlog.wait_time, backlog.process_time) == (
        ElementKind.QUEUE,
        40.0,
        None,
    )
    assert elements["Security testing"].wait_time == 60.0  # 1.5 weeks of 5 days of 8 h
    assert elements["Deployment"].process_time == 0.5
    assert elements["Development"].notes == "Endpoint, query and tests"
    lane_of = {lane.id: lane.name for lane in value_stream_map.lanes}
    assert lane_of[elements["Security testing"].lane_id] == "Security"

    name_of = {e.id: e.name for e in value_stream_map.elements}
    flows = {
        (name_of[c.source_id], name_of[c.target_id])
        for c in value_stream_map.connections
        if c.kind is ConnectionKind.FLOW
    }
    starts = [e for e in value_stream_map.elements if e.kind is ElementKind.START]
    ends = [e for e in value_stream_map.elements if e.kind is ElementKind.END]
    assert len(starts) == len(ends) == 1
    assert flows == {
        (starts[0].name, "Intake"), ("Intake", "Backlog"), ("Backlog", "Development"),
        ("Development", "Functional testing"), ("Development", "Security testing"),
        ("Functional testing", "Deployment"), ("Security testing", "Deployment"),
        ("Deployment", ends[0].name),
    }  # fmt: skip
    (rework,) = [c for c in value_stream_map.connections if c.kind is ConnectionKind.REWORK]
    assert (name_of[rework.source_id], name_of[rework.target_id]) == (
        "Security testing",
        "Development",
    )
    assert rework.rework_percent == 25.0
    # laid out along the flow: each element right of what feeds it, the two tests side by side
    assert starts[0].x < intake.x < backlog.x < elements["Development"].x
    assert elements["Functional testing"].x == elements["Security testing"].x
    assert elements["Deployment"].x < ends[0].x


def test_durations_use_the_given_calendar():
    value_stream_map = loads_steps_csv(STEPS, calendar=WorkCalendar(hours_per_day=7.5))
    assert by_name(value_stream_map)["Intake"].wait_time == 7.5


def test_round_trip_keeps_the_steps():
    original = loads_steps_csv(STEPS)
    again = loads_steps_csv(dumps_steps_csv(original))
    assert _essence(again) == _essence(original)


def test_round_trip_of_the_sample_keeps_names_times_and_structure(tmp_path):
    sample = load_map(sample_map_path())
    path = tmp_path / "sample-steps.csv"
    save_steps_csv(sample, path)
    imported = load_steps_csv(path, calendar=sample.calendar)
    flow_kinds = (ElementKind.STEP, ElementKind.QUEUE, ElementKind.APPROVAL)
    assert _essence(imported, flow_kinds) == _essence(sample, flow_kinds)
    assert imported.info.title == "Sample steps"


def _essence(value_stream_map, kinds=(ElementKind.STEP, ElementKind.QUEUE, ElementKind.APPROVAL)):
    """What CSV carries: per row name, kind, lane, times, pca, people; flow and rework by name."""
    lanes = {lane.id: lane.name for lane in value_stream_map.lanes}
    rows = {e.id: e for e in value_stream_map.elements if e.kind in kinds}
    steps = {
        (
            e.name,
            e.kind,
            lanes.get(e.lane_id),
            e.process_time,
            e.wait_time,
            e.pca,
            e.people,
            e.notes,
        )
        for e in rows.values()
    }
    links = {
        (
            c.kind,
            rows[c.source_id].name,
            rows[c.target_id].name,
            c.rework_percent if c.kind is ConnectionKind.REWORK else None,
        )
        for c in value_stream_map.connections
        if c.source_id in rows and c.target_id in rows and c.kind is not ConnectionKind.INFORMATION
    }
    return steps, links


@pytest.mark.parametrize(
    "hours", [0.0, 0.5, 2.0, 8.0, 12.0, 40.0, 60.0, 1 / 3, 0.1 + 0.2, 1e-5, 123456.789, 9_999_999.0]
)
def test_exported_durations_read_back_exactly(hours):
    from vsm_desktop.model import parse_duration

    calendar = WorkCalendar(hours_per_day=7.5, days_per_week=4)
    assert parse_duration(exact_duration_text(hours, calendar), calendar) == hours


def test_exported_durations_are_readable():
    calendar = WorkCalendar()
    assert [exact_duration_text(h, calendar) for h in (0.5, 2, 12, 80)] == [
        "30min", "2h", "1.5d", "2wk",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        ("S9,Risk review,,,2h,three days,,,,,", "wait_time", "'three days' is not a duration"),
        ("S9,Risk review,rocket,,,,,,,,", "kind", "'rocket' is not a kind of step"),
        ("S9,Risk review,start,,,,,,,,", "kind", "start and end are added for you"),
        ("S9,Risk review,,,,,120,,,,", "pca", "'120' is more than 100%"),
        ("S9,Risk review,,,,,ninety,,,,", "pca", "'ninety' is not a percentage"),
        ("S9,Risk review,,,,,,2.5,,,", "people", "'2.5' is not a whole number"),
        ("S9,Risk review,,,,,,,S7,,", "predecessors", "'S7' is not the id of any row"),
        ("S9,Risk review,,,,,,,S9,,", "predecessors", "a row cannot refer to itself"),
        ("S9,Risk review,,,,,,,,S1,", "rework", "should be ID:PERCENT"),
        ("S9,Risk review,,,,,,,,S1:150,", "rework", "more than 99%"),
        ("S9,Risk review,,,,,,,,S7:10,", "rework", "'S7' is not the id of any row"),
        ("S1,Risk review,,,,,,,,,", "id", "already used in row 2"),
        (",Risk review,,,,,,,,,", "id", "every row needs an id"),
        ("S9," + "n" * 300 + ",,,,,,,,,", "name", "longer than 200 characters"),
        ("S9,Risk review,," + "L" * 300 + ",,,,,,,", "lane", "longer than 200 characters"),
        ("S9,Risk review,,,,,,1000000,,,", "people", "must be at most 100000"),
    ],
)
def test_errors_name_file_row_and_column(row, column, message):
    with pytest.raises(VsmFileError) as caught:
        loads_steps_csv(STEPS + row + "\n", source="/data/steps.csv")
    error = caught.value
    assert (error.row, error.field) == (8, column)  # header is row 1, six steps, then this
    assert str(error).startswith(f"steps.csv row 8, column '{column}': ")
    assert message in str(error)


def test_loops_in_predecessors_point_to_the_rework_column():
    text = STEPS.replace("S1,Intake,,Product,2h,1d,95,2,,,", "S1,Intake,,Product,2h,1d,95,2,S5,,")
    with pytest.raises(VsmFileError, match="loop .*rework column"):
        loads_steps_csv(text, source="steps.csv")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the file is empty"),
        (HEADER + "\n", "header but no steps"),
        ("id,name,colour\nS1,A,red\n", "row 1: unknown column 'colour'"),
        ("name,kind\nA,step\n", "row 1: the column 'id' is missing"),
        ("id,name,name\nS1,A,B\n", "the column 'name' appears twice"),
        ("id,name\nS1,A,B,C\n", "row 2: has 4 cells but the header has 2 columns"),
        ('id,name\nS1,"unterminated\n', "not a readable CSV table"),
    ],
)
def test_table_shape_errors(text, message):
    with pytest.raises(VsmFileError, match=message):
        loads_steps_csv(text, source="steps.csv")


def test_header_may_be_partial_and_any_case_and_bom_is_fine(tmp_path):
    path = tmp_path / "team-steps.csv"
    path.write_bytes("\ufeffID, Name ,Process_Time\nA,Triage,1h\nB,Fix,2h\n".encode())
    value_stream_map = load_steps_csv(path)
    assert by_name(value_stream_map)["Fix"].process_time == 2.0
    # without predecessors both rows start after the Start element and lead to the End
    start = next(e for e in value_stream_map.elements if e.kind is ElementKind.START)
    assert sum(c.source_id == start.id for c in value_stream_map.connections) == 2


def test_unreadable_csv_files(tmp_path):
    with pytest.raises(VsmFileError, match="does not exist"):
        load_steps_csv(tmp_path / "nope.csv")
    (tmp_path / "latin1.csv").write_bytes(b"id,name\nS1,Z\xfcrich\n")
    with pytest.raises(VsmFileError, match="latin1.csv: .*not UTF-8"):
        load_steps_csv(tmp_path / "latin1.csv")


def test_the_documented_example_imports():
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "file-format.md").read_text("utf-8")
    example = doc.split("```csv\n", 1)[1].split("```", 1)[0]
    value_stream_map = loads_steps_csv(example, source="example.csv")
    security = by_name(value_stream_map)["Security testing"]
    assert (security.process_time, security.wait_time, security.pca) == (16.0, 40.0, 60.0)
    assert security.notes == "Manual pen test, booked with AppSec"


# -- spreadsheet safety -------------------------------------------------------------------------

HOSTILE_TEXTS = [
    "=HYPERLINK(\"http://x.invalid\",\"click\")",
    "+1+2",
    "-2+3",
    "@SUM(A1:A2)",
    "\tindented by a tab",
    "\rcarriage return first",
    "'=already marked",
    "''@twice marked",
    "'plain apostrophe",
    "a = b (not at the start)",
]


@pytest.mark.parametrize("text", HOSTILE_TEXTS)
def test_export_writes_no_cell_a_spreadsheet_would_run_and_import_restores_the_text(text):
    from vsm_desktop.model import Element, Lane, ValueStreamMap

    lane = Lane(name=text)
    step = Element(id="S1", kind=ElementKind.STEP, name=text, notes=text, lane_id=lane.id,
                   process_time=1.0)
    original = ValueStreamMap(lanes=[lane], elements=[step])
    exported = dumps_steps_csv(original)

    import csv as csv_module
    import io

    records = list(csv_module.reader(io.StringIO(exported, newline="")))
    for cell in records[1]:
        # what a spreadsheet would treat as a formula: these first characters, unmarked
        assert cell[:1] not in ("=", "+", "-", "@", "\t", "\r"), cell
    imported_map = loads_steps_csv(exported)
    imported = by_name(imported_map)
    assert text in imported
    back = imported[text]
    assert back.notes == text
    lanes = {lane.id: lane.name for lane in imported_map.lanes}
    assert lanes[back.lane_id] == text


def test_a_hand_written_apostrophe_before_a_formula_character_is_the_text_mark():
    imported = by_name(loads_steps_csv("id,name\nS1,'=1+1\nS2,'Tis the season\n"))
    assert "=1+1" in imported  # as a spreadsheet shows it
    assert "'Tis the season" in imported  # an apostrophe before plain text stays


def test_saved_csv_starts_with_a_byte_order_mark_and_reads_back(tmp_path):
    sample = load_map(sample_map_path())
    path = tmp_path / "steps.csv"
    save_steps_csv(sample, path)
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert data[3:].decode("utf-8").startswith("id,name,")
    imported = load_steps_csv(path, calendar=sample.calendar)
    assert not any(e.name.startswith("\ufeff") for e in imported.elements)
    assert not any(e.id.startswith("\ufeff") for e in imported.elements)


def test_ranges_import_and_export_as_typed():
    text = f"""{HEADER}
S1,Intake,,Product,2h,1-3d,95,,,,
S2,Risk review,approval,Security,1h,2-3-6wk,,,S1,S1:10-30,
"""
    value_stream_map = loads_steps_csv(text, source="steps.csv")
    review = by_name(value_stream_map)["Risk review"]
    assert review.wait_time == 120.0  # the most likely three weeks
    assert (review.wait_time_range.low, review.wait_time_range.high) == (80.0, 240.0)
    rework = next(c for c in value_stream_map.connections if c.kind is ConnectionKind.REWORK)
    assert rework.rework_percent == 20.0
    assert (rework.rework_percent_range.low, rework.rework_percent_range.high) == (10, 30)
    exported = dumps_steps_csv(value_stream_map)
    assert "2-3-6wk" in exported and "1-3d" in exported and ":10-30" in exported
    again = by_name(loads_steps_csv(exported, source="steps.csv"))["Risk review"]
    assert again.wait_time_range == review.wait_time_range


@pytest.mark.parametrize(
    ("cell", "says"),
    [("6-2wk", "low value first"), ("1d-2wk", "mixes units")],
)
def test_a_bad_range_in_csv_names_row_and_column(cell, says):
    text = f"{HEADER}\nS1,Intake,,Product,2h,{cell},,,,,\n"
    with pytest.raises(VsmFileError, match=says) as error:
        loads_steps_csv(text, source="steps.csv")
    assert "wait_time" in str(error.value) and "row 2" in str(error.value)


def test_a_semicolon_table_from_a_german_or_french_excel_imports(tmp_path):
    # Excel writes ';' between cells where the decimal mark is a comma, and quotes a cell that
    # holds the separator (here two predecessors).
    path = tmp_path / "schritte.csv"
    path.write_bytes(
        "\ufeffid;name;lane;process_time;wait_time;pca;predecessors\r\n"
        "S1;Anforderung klären;Produkt;1,5 d;2 d;90;\r\n"
        "S2;Entwicklung;Engineering;3 d;;95,5;S1\r\n"
        "S3;Prüfung;Compliance;4h;1 wk;;S1\r\n"
        '"S4";"Freigabe; final";Compliance;1h;;;"S2;S3"\r\n'.encode("utf-8")
    )
    imported = load_steps_csv(path)
    by_id = {e.id: e for e in imported.elements}
    hours_per_day = imported.calendar.hours_per_day
    assert by_id["S1"].process_time == 1.5 * hours_per_day
    assert by_id["S1"].wait_time == 2 * hours_per_day
    assert by_id["S2"].pca == 95.5
    assert by_id["S4"].name == "Freigabe; final"
    flows = {(c.source_id, c.target_id) for c in imported.connections}
    assert {("S1", "S2"), ("S1", "S3"), ("S2", "S4"), ("S3", "S4")} <= flows


def test_the_separator_is_taken_from_the_header_row():
    assert detect_delimiter("id,name\r\nS1,A;B\r\n") == ","
    assert detect_delimiter("id;name;lane\r\nS1;A,B;X\r\n") == ";"
    assert detect_delimiter("\r\nid\tname\r\n") == "\t"
