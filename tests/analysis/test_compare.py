import pytest

from vsm_desktop.analysis.compare import compare_maps
from vsm_desktop.model import Connection, Element, MapState

from .maps import MapBuilder


def current_state():
    b = MapBuilder()
    b.add("Request", "start", lane="Customer")
    b.add("Clarify", lane="Product", pt=4, wait=16, pca=70)
    b.add("Risk review", "approval", lane="Security", pt=2, wait=80, pca=90)
    b.add("Build", lane="Engineering", pt=40, wait=8, pca=80)
    b.add("Live", "end", lane="Customer")
    b.flow("Request", "Clarify", "Risk review", "Build", "Live")
    return b


def test_future_state_keeps_ids_and_remembers_its_current_state():
    current = current_state().build()
    future = current.derive_future_state()
    assert future.info.state is MapState.FUTURE
    assert future.info.based_on_map_id == current.id
    assert future.id != current.id
    assert [e.id for e in future.elements] == [e.id for e in current.elements]
    assert future.info.title.endswith("(future state)")


def test_comparison_reports_every_figure_and_element_change_worked_out_by_hand():
    b = current_state()
    current = b.build()
    future = current.derive_future_state()
    # The room's redesign: risk review becomes async (wait 80 h -> 8 h), clarification is
    # removed, and an automated check is added before the build.
    review = next(e for e in future.elements if e.id == b.id("Risk review"))
    review.wait_time = 8.0
    clarify_id = b.id("Clarify")
    future.connections = [
        c for c in future.connections if clarify_id not in (c.source_id, c.target_id)
    ]
    future.elements = [e for e in future.elements if e.id != clarify_id]
    check = Element(name="Automated policy check", process_time=0.5, pca=99)
    future.elements.append(check)
    future.connections = [c for c in future.connections if c.target_id != b.id("Risk review")]
    future.connections += [
        Connection(source_id=b.id("Request"), target_id=check.id),
        Connection(source_id=check.id, target_id=b.id("Risk review")),
    ]
    comparison = compare_maps(current, future)

    # Before: 20 + 82 + 48 = 150 h. After: 0.5 + 10 + 48 = 58.5 h.
    lead = comparison.figure("lead_time")
    assert (lead.before, lead.after) == (pytest.approx(150), pytest.approx(58.5))
    assert lead.delta == pytest.approx(-91.5)
    process = comparison.figure("process_time")
    assert (process.before, process.after) == (pytest.approx(46), pytest.approx(42.5))
    assert comparison.figure("rolled_pca").before == pytest.approx(0.7 * 0.9 * 0.8)
    assert comparison.figure("rolled_pca").after == pytest.approx(0.99 * 0.9 * 0.8)
    assert comparison.figure("steps").before == 2 and comparison.figure("steps").after == 2
    assert comparison.figure("approvals").delta == 0

    [removed] = comparison.by_status("removed")
    assert removed.name == "Clarify"
    [added] = comparison.by_status("added")
    assert added.name == "Automated policy check"
    [changed] = comparison.by_status("changed")
    assert changed.name == "Risk review"
    assert changed.changes == {"wait_time": (80.0, 8.0)}


def test_a_lane_change_is_reported_by_lane_name():
    b = current_state()
    current = b.build()
    future = current.derive_future_state()
    security = next(lane for lane in future.lanes if lane.name == "Security")
    build = next(e for e in future.elements if e.id == b.id("Build"))
    build.lane_id = security.id
    [changed] = compare_maps(current, future).by_status("changed")
    assert changed.changes == {"lane": ("Engineering", "Security")}
