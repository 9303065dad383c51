"""The report's improvement sections read back with pypdf: current vs future state, which
change first, and the improvement plan."""

from __future__ import annotations

import subprocess
import sys

import pytest
from pypdf import PdfReader

from vsm_desktop.analysis import analyze
from vsm_desktop.export.pdf_report import write_report
from vsm_desktop.io.vsm_file import save_states
from vsm_desktop.model import (
    Connection,
    Element,
    ElementKind,
    KaizenStatus,
    Lane,
    MapInfo,
    ValueCategory,
    ValueStreamMap,
    format_duration,
)
from vsm_desktop.model.value_stream_map import MapStates

from .report_maps import REMOVED_STEP, sample_with_future


def report_text(tmp_path, value_stream_map, states=None, **options) -> list[str]:
    path = tmp_path / "report.pdf"
    write_report(value_stream_map, analyze(value_stream_map), path, states=states, **options)
    return [page.extract_text() or "" for page in PdfReader(path).pages]


def squeeze(text: str) -> str:
    return "".join(text.split())


def page_with(texts: list[str], heading: str) -> str:
    return next(text for text in texts if heading in text)


@pytest.mark.parametrize("landscape", [True, False])
def test_the_comparison_shows_both_lead_times_and_the_removed_step(tmp_path, landscape):
    states = sample_with_future()
    current, future = states.maps
    texts = report_text(tmp_path, current, states, landscape=landscape)
    compare_page = squeeze(page_with(texts, "Current vs future state"))
    lead_now = analyze(current).lead_time
    lead_future = analyze(future).lead_time
    assert lead_future < lead_now  # two waits cut and a step removed on the critical path
    calendar = current.calendar
    assert squeeze(f"Lead time {format_duration(lead_now, calendar)}") in compare_page
    assert squeeze(format_duration(lead_future, calendar)) in compare_page
    percent = round((lead_future - lead_now) / lead_now * 100)
    assert squeeze(f"(−{abs(percent)}%)") in compare_page
    removed_part = squeeze(" ".join(texts[texts.index(page_with(texts, "Current vs future")) :]))
    assert squeeze(f"Removed {REMOVED_STEP}") in removed_part
    # The two cut waits show old and new values in readable units.
    assert squeeze("wait 2 wk → 1 d") in removed_part


def test_a_report_without_a_future_state_has_no_comparison(tmp_path):
    states = sample_with_future()
    only_current = MapStates(maps=[states.current])
    texts = report_text(tmp_path, states.current, only_current)
    assert not any("Current vs future state" in text for text in texts)
    assert any("Which change first" in text for text in texts)  # always there


def test_a_report_on_the_future_state_compares_it_with_its_current_state(tmp_path):
    states = sample_with_future()
    texts = report_text(tmp_path, states.maps[1], states)
    page = squeeze(page_with(texts, "Current vs future state"))
    assert squeeze(f"Removed {REMOVED_STEP}") in page


def parallel_map() -> ValueStreamMap:
    """start -> A (wait 10 h, PT 2 h) -> B (wait 20 h, PT 4 h) -> end, and start -> C (wait
    6 h, PT 1 h) -> end in parallel. By hand: the critical path is A, B (36 h); C's branch
    takes 7 h. B is waste: cutting its wait to zero saves 20 h, removing it 24 h, so B gains
    most; A is value-adding, so not removed: cutting its wait saves 10 h; C is off the critical
    path and gains nothing."""
    lane = Lane(name="Team")
    start = Element(kind=ElementKind.START, name="Ask", lane_id=lane.id, x=280, y=100)
    a = Element(name="Alpha", lane_id=lane.id, x=510, y=100, process_time=2, wait_time=10)
    b = Element(name="Bravo", lane_id=lane.id, x=740, y=100, process_time=4, wait_time=20,
                value_category=ValueCategory.WASTE)
    c = Element(name="Charlie", lane_id=lane.id, x=510, y=300, process_time=1, wait_time=6)
    end = Element(kind=ElementKind.END, name="Done", lane_id=lane.id, x=970, y=100)
    ideas = [
        Element(
            kind=ElementKind.KAIZEN,
            name="Pair on reviews",
            target_id=b.id,
            x=740,
            y=20,
            owner="Priya Raman",
            status=KaizenStatus.PLANNED,
            expected_wait_time=4.0,
        ),
        Element(
            kind=ElementKind.KAIZEN,
            name="Script the setup",
            target_id=a.id,
            x=510,
            y=20,
            owner="Sam Okafor",
            status=KaizenStatus.IN_PROGRESS,
            expected_process_time=1.0,
        ),
        Element(
            kind=ElementKind.KAIZEN,
            name="Self-service portal",
            target_id=c.id,
            x=510,
            y=380,
            owner="Lee Chen",
            status=KaizenStatus.IDEA,
            expected_wait_time=0.0,
        ),
    ]
    connections = [
        Connection(source_id=start.id, target_id=a.id),
        Connection(source_id=a.id, target_id=b.id),
        Connection(source_id=b.id, target_id=end.id),
        Connection(source_id=start.id, target_id=c.id),
        Connection(source_id=c.id, target_id=end.id),
    ]
    return ValueStreamMap(
        info=MapInfo(title="Parallel work"),
        lanes=[lane],
        elements=[start, a, b, c, end, *ideas],
        connections=connections,
    )


def test_which_change_first_lists_the_largest_gain_first(tmp_path):
    value_stream_map = parallel_map()
    assert analyze(value_stream_map).lead_time == pytest.approx(36.0)  # 10 + 2 + 20 + 4
    texts = report_text(tmp_path, value_stream_map)
    section = page_with(texts, "Which change first")
    section = section[section.index("Which change first") :]
    assert "Only elements on the critical path gain" in " ".join(section.split())
    flat = squeeze(section)
    first, second, third = flat.index("1Bravo"), flat.index("2Alpha"), flat.index("3Charlie")
    assert first < second < third  # largest gain first
    calendar = value_stream_map.calendar
    bravo = flat[first:second]
    assert squeeze(f"Remove: saves {format_duration(24, calendar)}") in bravo  # 20 h + 4 h
    alpha = flat[second:third]
    assert squeeze(f"Cut the wait to zero: saves {format_duration(10, calendar)}") in alpha
    assert "notoffered" in alpha and "Remove:" not in alpha  # value-adding work stays
    assert squeeze("none: not on the critical path") in flat[third:]


def test_the_plan_lists_planned_ideas_with_owners_and_the_lead_time_if_they_land(tmp_path):
    value_stream_map = parallel_map()
    texts = report_text(tmp_path, value_stream_map)
    text = " ".join(" ".join(texts).split())
    plan = text[text.index("Improvement plan") :]
    calendar = value_stream_map.calendar
    # By hand: B's wait 20 h -> 4 h and A's work 2 h -> 1 h give 10 + 1 + 4 + 4 = 19 h.
    landed = format_duration(19, calendar)
    assert f"Lead time now {format_duration(36, calendar)}" in plan
    assert f"land as expected, {landed}" in plan
    planned = plan[plan.index("Planned ideas") : plan.index("Ideas not yet in the plan")]
    assert "Pair on reviews Bravo Priya Raman Planned" in planned
    assert "Script the setup Alpha Sam Okafor In progress" in planned
    assert f"wait {format_duration(20, calendar)} → {format_duration(4, calendar)}" in planned
    assert f"−{format_duration(16, calendar)}" in planned  # Pair on reviews alone saves 16 h
    assert planned.index("Pair on reviews") < planned.index("Script the setup")  # bigger first
    waiting = plan[plan.index("Ideas not yet in the plan") :]
    assert "Self-service portal Charlie Lee Chen Idea still an idea" in waiting


@pytest.mark.slow
def test_the_command_line_report_includes_the_future_state(tmp_path):
    states = sample_with_future()
    source = tmp_path / "two-states.vsm"
    save_states(states, source)
    output = tmp_path / "report.pdf"
    result = subprocess.run(
        [sys.executable, "-m", "vsm_desktop", "export", str(source), "-o", str(output)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    text = " ".join(page.extract_text() for page in PdfReader(output).pages)
    assert "Current vs future state" in text
    assert squeeze(REMOVED_STEP) in squeeze(text)
