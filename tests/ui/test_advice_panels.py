"""Wait causes, span marks and delivery figures edited in the inspector show up in the flow
metrics ("where the waiting comes from", spans, delivery with DORA levels); the constraint card
names tied waits and selects them all. Figures worked out by hand on two_team_map:
Intake waits 6 h and works 2 h, Build waits 8 h and works 1 h: lead time 17 h, all waiting 14 h.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from vsm_desktop.model import Element, ValueStreamMap, WaitCause

from .conftest import two_team_map
from .test_inspector import type_into


def open_map(qtbot, window, value_stream_map: ValueStreamMap | None = None) -> None:
    window.files.set_map(value_stream_map or two_team_map(), None)
    qtbot.waitUntil(lambda: bool(window.metrics.stream.cause_texts))


def test_a_wait_cause_chosen_in_the_inspector_is_summed_in_the_metrics(qtbot, window):
    open_map(qtbot, window)
    stream = window.metrics.stream
    assert stream.cause_texts == {"unspecified": ("Cause not given", "1.8 d", "1.8 d")}  # 14 h
    window.view.select_ids(["intake"])

    window.inspector.element_field("wait_cause").choose(WaitCause.APPROVAL_QUEUE)

    assert window.document.element("intake").wait_cause is WaitCause.APPROVAL_QUEUE
    qtbot.waitUntil(lambda: "approval_queue" in stream.cause_texts)
    assert stream.cause_texts == {
        "approval_queue": ("Approval queue", "6 h", "6 h"),
        "unspecified": ("Cause not given", "1 d", "1 d"),  # Build's 8 h
    }
    assert "Change wait cause of 'Intake'" in window.actions["undo"].text()

    window.undo_stack.undo()
    assert window.document.element("intake").wait_cause is None
    qtbot.waitUntil(lambda: "approval_queue" not in stream.cause_texts)


def test_a_handovers_delay_cause_counts_on_the_critical_path(qtbot, window):
    open_map(qtbot, window)
    window.inspector.set_selection([], ["c2"])
    inspector = window.inspector
    type_into(qtbot, inspector.connection_field("delay").line_edit, "4h")
    inspector.connection_field("wait_cause").choose(WaitCause.CAPACITY)

    assert window.document.connection("c2").wait_cause is WaitCause.CAPACITY
    stream = window.metrics.stream
    qtbot.waitUntil(lambda: "capacity" in stream.cause_texts)
    assert stream.cause_texts["capacity"] == ("Capacity", "4 h", "4 h")
    assert stream.cause_texts["unspecified"] == ("Cause not given", "1.8 d", "1.8 d")


def test_span_marks_typed_in_the_inspector_measure_the_span(qtbot, window):
    open_map(qtbot, window)
    window.view.select_ids(["intake"])
    start = window.inspector.element_field("span_start")
    # The default span is offered before any is marked.
    assert start.combo.itemText(0) == "lead time for changes"
    type_into(qtbot, start.combo.lineEdit(), "lead time for changes")
    assert window.document.element("intake").span_start == "lead time for changes"

    window.view.select_ids(["build"])
    end = window.inspector.element_field("span_end")
    end.combo.lineEdit().setFocus()
    end.combo.setCurrentIndex(0)
    end.combo.activated.emit(0)
    assert window.document.element("build").span_end == "lead time for changes"

    # From Intake done to Build done: Build's 8 h wait + 1 h work = 9 h = 1.1 working days.
    stream = window.metrics.stream
    qtbot.waitUntil(lambda: bool(stream.span_texts))
    assert stream.span_texts == ["lead time for changes: 1.1 d (Intake → Build)"]
    # 9 working hours are 1.6 calendar days: between a day and a week, DORA's High.
    assert stream.delivery_texts["lead_time"] == ("Lead time for changes", "1.1 d", "High")

    line = end.combo.lineEdit()  # clearing the text removes the mark
    line.setFocus()
    line.selectAll()
    qtbot.keyClick(line, Qt.Key.Key_Delete)
    qtbot.keyClick(line, Qt.Key.Key_Return)
    assert window.document.element("build").span_end == ""
    qtbot.waitUntil(lambda: "No element is marked as the end" in stream.span_texts[0])


def test_delivery_figures_in_the_map_properties_show_with_their_levels(qtbot, window):
    open_map(qtbot, window)
    window.view.select_ids([])
    inspector = window.inspector
    stream = window.metrics.stream
    assert stream.delivery_texts == {}
    assert "Not entered" in stream.delivery_note.text()

    type_into(qtbot, inspector.map_field("change_failure_rate").line_edit, "18%")
    type_into(qtbot, inspector.map_field("time_to_recover").line_edit, "2d")
    type_into(qtbot, inspector.map_field("deployments_per_week").line_edit, "1 per month")

    delivery = window.document.info.delivery
    assert delivery.change_failure_rate == 18
    assert delivery.time_to_recover == 48  # clock days of 24 h
    assert delivery.deployments_per_week == pytest.approx(12 / 52)
    qtbot.waitUntil(lambda: len(stream.delivery_texts) == 3)
    assert stream.delivery_texts == {
        "deployment_frequency": ("Deployment frequency", "1 per month", "Medium"),
        "change_failure_rate": ("Change failure rate", "18%", "Low"),  # above 15%
        "time_to_recover": ("Time to recover", "2 d", "Medium"),  # one day to one week
    }

    field = inspector.map_field("deployments_per_week")
    type_into(qtbot, field.line_edit, "often")
    assert field.has_error and "not a deployment frequency" in field.error_label.text()
    assert window.document.info.delivery.deployments_per_week == pytest.approx(12 / 52)

    window.undo_stack.undo()
    assert window.document.info.delivery.deployments_per_week is None
    assert window.document.info.delivery.change_failure_rate == 18


def tie_map() -> ValueStreamMap:
    """Request → P (10 h wait, 1 h) → Q (10 h wait, 1 h) → Value: 22 h; Request → R (15 h)
    → Value in parallel. Cutting either wait leaves R's 15 h: saves 7 h, not 10 h."""
    base = two_team_map()
    lane = base.lanes[0].id
    elements = [
        base.elements[0],
        Element(id="p", name="P", lane_id=lane, x=510, y=60, process_time=1, wait_time=10),
        Element(id="q", name="Q", lane_id=lane, x=740, y=60, process_time=1, wait_time=10),
        Element(id="r", name="R", lane_id=lane, x=620, y=160, process_time=15),
        base.elements[3].model_copy(update={"lane_id": lane, "y": 100}),
    ]
    from vsm_desktop.model import Connection

    flows = [Connection(source_id=a, target_id=b)
             for a, b in (("start", "p"), ("p", "q"), ("q", "end"), ("start", "r"), ("r", "end"))]
    return base.model_copy(update={"elements": elements, "connections": flows})


def test_the_constraint_card_names_tied_waits_and_selects_them_all(qtbot, window):
    open_map(qtbot, window, tie_map())
    card = window.metrics.cards["constraint"]
    qtbot.waitUntil(lambda: window.metrics.figure_text("constraint") == "2-way tie")
    detail = card.detail.text()
    assert "2 elements share the longest wait (1.2 d each): P and Q." in detail
    assert "saves 7 h of lead time (a parallel branch caps it)" in detail

    # Presentation mode's strip names both: a projector audience cannot hover.
    assert window.strip.values["constraint"].full_text() == "P and Q"

    qtbot.mouseClick(card, Qt.MouseButton.LeftButton)

    assert sorted(window.view.selected_element_ids()) == ["p", "q"]


def test_waits_by_cause_follow_the_map_when_the_lead_time_becomes_unknown(qtbot, window):
    open_map(qtbot, window)
    stream = window.metrics.stream
    assert stream.cause_texts["unspecified"] == ("Cause not given", "1.8 d", "1.8 d")
    window.document.remove_connections(["c3"])  # Build no longer reaches Value: no lead time
    # Still all 14 h of waiting, none of it on a critical path that no longer exists.
    qtbot.waitUntil(lambda: stream.cause_texts.get("unspecified", ("", "", ""))[2] == "0")
    assert stream.cause_texts == {"unspecified": ("Cause not given", "1.8 d", "0")}
