"""An edit with the compare window open: the edited side's scene follows the changed records
(compare_follow.py) and ends as a scene built from the new map would be, and the side not
edited keeps its scene. A change every item shows (the calendar) builds a new scene."""

from __future__ import annotations

import pytest

from benchmarks.generate import generate_map
from vsm_desktop.analysis import analyze
from vsm_desktop.analysis.compare import compare_maps
from vsm_desktop.model import ElementKind, MapDocument, MapStates
from vsm_desktop.ui.canvas.image_export import build_scene_for_export
from vsm_desktop.ui.commands import (
    MoveElementsCommand,
    ReconnectCommand,
    RemoveItemsCommand,
    UpdateCalendarCommand,
)
from vsm_desktop.ui.compare_follow import FOLLOW_AT_MOST, follow_changes, map_changes

from .test_compare_in_background import route, start_compare
from .test_states import cut_wait, wait_for_comparison


def scene_as_built(scene) -> dict:
    """What a scene draws of a map: where each element and arrow is, its extent, its figures."""
    return {
        "elements": {i.element_id: (i.pos(), i.element) for i in scene.element_items()},
        "connections": {i.connection.id: route(i) for i in scene.connection_items()},
        "rect": scene.sceneRect(),
        "critical": scene.critical_ids,
        "constraint": scene.constraint_ids,
    }


def built_at_once(state_map) -> dict:
    scene = build_scene_for_export(state_map, analyze(state_map))
    return scene_as_built(scene)


@pytest.fixture
def comparing(qtbot, window):
    """A 120-element map and its future state, shown, compared; the future side built."""
    current = generate_map(120)
    window.files.set_states(MapStates(maps=[current, current.derive_future_state()]), None)
    window.state_control.show_state(1)
    compare = start_compare(qtbot, window)
    wait_for_comparison(qtbot, window)
    return compare


def after(qtbot, compare, edit, *args) -> None:
    """Make an edit and wait until the comparison shows it."""
    with qtbot.waitSignal(compare.refreshed, timeout=20_000):
        edit(*args)
    wait_for_comparison(qtbot, compare.parent())


def steps_of(window):
    return [e for e in window.document.elements() if e.kind is ElementKind.STEP]


def edit_wait(window):
    step = next(e for e in steps_of(window) if e.wait_time)
    cut_wait(window, step.id, step.wait_time / 2)


def move_one(window):
    step = steps_of(window)[3]
    window.undo_stack.push(MoveElementsCommand(
        window.document, {step.id: (step.x, step.y)}, {step.id: (step.x + 80, step.y)}))


def delete_one(window):
    step = steps_of(window)[5]
    window.undo_stack.push(RemoveItemsCommand(window.document, [step.id]))


def reconnect_one(window):
    connection = window.document.connections()[4]
    step = next(s for s in steps_of(window)
                if s.id not in (connection.source_id, connection.target_id))
    command = ReconnectCommand(window.document, connection.id, "target", step.id)
    assert command.changes
    window.undo_stack.push(command)


@pytest.mark.parametrize("edit", [edit_wait, move_one, delete_one, reconnect_one])
def test_the_edited_side_follows_and_shows_the_map_as_built_at_once(
    qtbot, window, comparing, edit
):
    compare = comparing
    current_scene, future_scene = compare.scenes["current"], compare.scenes["future"]

    after(qtbot, compare, edit, window)

    assert compare.scenes["future"] is future_scene  # followed, not built again
    assert compare.scenes["current"] is current_scene  # not edited: kept
    future_now = window.states.map_at(1)
    assert scene_as_built(future_scene) == built_at_once(future_now)
    assert compare.comparison == compare_maps(window.states.map_at(0), future_now)


def test_undo_and_redo_follow_back_and_forth(qtbot, window, comparing):
    compare = comparing
    future_scene = compare.scenes["future"]
    before = window.states.map_at(1)
    deleted = steps_of(window)[5].id
    after(qtbot, compare, delete_one, window)
    deleted_map = window.states.map_at(1)

    after(qtbot, compare, window.undo_stack.undo)
    assert scene_as_built(future_scene) == built_at_once(before)
    assert compare.element_group("removed") == []

    after(qtbot, compare, window.undo_stack.redo)
    assert compare.scenes["future"] is future_scene
    assert scene_as_built(future_scene) == built_at_once(deleted_map)
    assert len(compare.element_group("removed")) == 1
    marks = [i.data(0) for i in compare.scenes["current"].items() if i.data(0)]
    assert marks == [f"mark:removed:{deleted}"]


def test_the_marks_follow_the_edited_element(qtbot, window, comparing):
    compare = comparing
    moved = steps_of(window)[3]
    after(qtbot, compare, cut_wait, window, moved.id, (moved.wait_time or 2) / 2)  # marked
    after(qtbot, compare, move_one, window)  # moves it

    marks = {i.data(0): i for i in compare.scenes["future"].items() if i.data(0)}
    outline = marks[f"mark:changed:{moved.id}"]
    item = compare.scenes["future"].element_item(moved.id)
    assert outline.sceneBoundingRect().contains(item.sceneBoundingRect())


def test_a_new_calendar_builds_the_side_anew(qtbot, window, comparing):
    compare = comparing
    future_scene = compare.scenes["future"]
    hours = window.document.calendar.hours_per_day
    shorter_days = UpdateCalendarCommand(window.document, {"hours_per_day": hours - 1}, "Days")
    after(qtbot, compare, window.undo_stack.push, shorter_days)

    assert compare.scenes["future"] is not future_scene
    assert scene_as_built(compare.scenes["future"]) == built_at_once(window.states.map_at(1))


# -- the changes themselves, as data ------------------------------------------------------------


def test_applied_changes_turn_the_shown_map_into_the_new_one_without_touching_either(qtbot):
    shown = generate_map(60)
    document = MapDocument.owning(shown.model_copy(deep=True))
    steps = [e for e in document.elements() if e.kind is ElementKind.STEP]
    moved_to = steps[1].x + 40
    document.update_element(steps[0].id, wait_time=123.0, name="Renamed")
    document.move_elements({steps[1].id: (moved_to, steps[1].y)})
    document.remove_elements([steps[2].id])
    document.update_connection(document.connections()[0].id, label="by hand")
    new = document.to_map()
    shown_before, new_before = shown.model_copy(deep=True), new.model_copy(deep=True)

    changes = map_changes(shown, new)
    assert changes is not None
    assert changes.changed_elements[steps[0].id] == {"wait_time": 123.0, "name": "Renamed"}
    assert changes.changed_elements[steps[1].id] == {"x": moved_to}
    assert changes.removed_elements == [steps[2].id]

    scene = build_scene_for_export(shown, analyze(shown))
    follow_changes(scene, changes, analyze(new), None)
    followed = scene.document.to_map()
    assert {e.id: e for e in followed.elements} == {e.id: e for e in new.elements}
    assert {c.id: c for c in followed.connections} == {c.id: c for c in new.connections}
    assert shown == shown_before and new == new_before  # the side's document has its own copies


def test_equal_maps_have_no_changes_and_too_many_or_another_calendar_have_none():
    shown = generate_map(FOLLOW_AT_MOST + 50)
    assert map_changes(shown, shown.model_copy(deep=True)).count == 0
    many = shown.model_copy(deep=True)
    for element in many.elements[: FOLLOW_AT_MOST + 1]:
        element.x += 10
    assert map_changes(shown, many) is None
    other_days = shown.model_copy(deep=True)
    other_days.calendar.hours_per_day -= 1
    assert map_changes(shown, other_days) is None


def test_a_worker_reads_a_state_as_it_was_when_asked(qtbot, window, comparing):
    """The comparison's sources: later edits of the shown or a state set aside do not reach
    them (a worker reads them while the window goes on)."""
    states = window.states
    shown, aside = states.source_for_worker(1), states.source_for_worker(0)
    shown_map, aside_map = shown.to_map(), aside.to_map()
    edit_wait(window)
    window.state_control.show_state(0)
    edit_wait(window)
    assert shown.to_map() == shown_map and aside.to_map() == aside_map
    assert states.map_at(0) != aside_map and states.map_at(1) != shown_map
