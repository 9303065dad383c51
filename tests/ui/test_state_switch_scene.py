"""Switching state on the canvas: the scene keeps what both states share and remakes the rest.

After a switch the scene must draw exactly what a scene built afresh for the shown state draws,
keep the undo history of each state, and never show the other state's selection or analysis.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF

from vsm_desktop.model import Connection, Element, MapDocument
from vsm_desktop.ui.canvas.scene import MapScene
from vsm_desktop.ui.commands import (
    AddConnectionCommand,
    AddElementsCommand,
    MoveElementsCommand,
    UpdateElementsCommand,
)

from .conftest import two_team_map


def drawn(scene: MapScene) -> dict[str, tuple]:
    """What the scene draws, item by item: each element's place and name, each arrow's bounds."""
    def rect(item) -> tuple[float, ...]:
        bounds: QRectF = item.sceneBoundingRect()
        return tuple(round(v, 3) for v in bounds.getRect())

    return {
        **{f"element {item.element_id}": (item.pos().x(), item.pos().y(), item.element.name)
           for item in scene.element_items()},
        **{f"arrow {item.connection_id}": (item.connection.source_id,
                                            item.connection.target_id, rect(item))
           for item in scene.connection_items()},
        "lanes": tuple((item.lane_id, rect(item)) for item in scene.lane_items()),
    }


def fresh(window) -> dict[str, tuple]:
    """What a scene built from nothing draws for the state on the canvas."""
    scene = MapScene(MapDocument(window.document.to_map()))
    try:
        return drawn(scene)
    finally:
        scene.close()


def redesign(window) -> None:
    """Edits a future state typically gets: a step moved, one renamed, one added and linked."""
    document, stack = window.document, window.undo_stack
    stack.push(MoveElementsCommand(document, {"build": (740, 300)}, {"build": (860, 300)}))
    stack.push(UpdateElementsCommand(document, {"intake": {"name": "Intake, automated"}}, "Name"))
    review = Element(id="review", name="Review", lane_id="lane-engineering", x=1100, y=300)
    stack.push(AddElementsCommand(document, [review]))
    stack.push(AddConnectionCommand(document, Connection(id="c4", source_id="end",
                                                         target_id="review")))


def test_switching_state_draws_what_a_fresh_scene_of_that_state_draws(qtbot, window):
    window.files.set_map(two_team_map(), None)
    window.state_control.new_future_state()
    redesign(window)
    scene = window.view.scene()
    future_drawn = drawn(scene)
    assert future_drawn == fresh(window)
    unchanged = scene.element_item("start")

    window.state_control.show_state(0)

    assert drawn(scene) == fresh(window)
    assert scene.element_item("review") is None and scene.connection_item("c4") is None
    assert scene.element_item("build").pos().x() == 740
    assert scene.element_item("intake").element.name == "Intake"
    # What both states share is kept, and reads the shown state's document.
    assert scene.element_item("start") is unchanged
    assert scene.element_item("start").element is window.document.element("start")
    assert scene.connection_item("c1").connection is window.document.connection("c1")

    window.state_control.show_state(1)

    assert drawn(scene) == future_drawn
    assert scene.element_item("review").element is window.document.element("review")


def test_each_state_keeps_its_undo_history_and_the_scene_follows_it(qtbot, window):
    window.files.set_map(two_team_map(), None)
    window.state_control.new_future_state()
    redesign(window)
    window.state_control.show_state(0)
    window.undo_stack.push(
        UpdateElementsCommand(window.document, {"build": {"wait_time": 2}}, "Cut wait")
    )
    window.state_control.show_state(1)
    scene = window.view.scene()

    window.actions["undo"].trigger()  # the future's last edit: the link to Review
    window.actions["undo"].trigger()  # then Review itself

    assert scene.element_item("review") is None and scene.connection_item("c4") is None
    assert window.document.element("build").wait_time == 8  # the current's edit stays there
    assert drawn(scene) == fresh(window)
    window.actions["redo"].trigger()
    assert scene.element_item("review") is not None
    window.state_control.show_state(0)
    assert window.document.element("build").wait_time == 2
    assert drawn(scene) == fresh(window)
    window.actions["undo"].trigger()
    assert scene.element_item("build").element.wait_time == 8


def test_a_switch_shows_neither_the_other_states_selection_nor_its_analysis(qtbot, window):
    window.files.set_map(two_team_map(), None)  # lead time 17 h
    window.state_control.new_future_state()
    window.undo_stack.push(  # the future's lead time: 17 - 7 = 10 h
        UpdateElementsCommand(window.document, {"build": {"wait_time": 1}}, "Cut wait")
    )
    scene = window.view.scene()
    qtbot.waitUntil(lambda: scene.analysis is not None and scene.analysis.lead_time == 10)
    window.view.select_ids(["build", "intake"])
    assert scene.selected_element_items()

    window.state_control.show_state(0)

    assert scene.selectedItems() == []
    assert scene.analysis is None and not scene.critical_ids  # the future's is not this one's
    qtbot.waitUntil(lambda: scene.analysis is not None)
    assert scene.analysis.lead_time == 17
    assert scene.critical_ids >= {"intake", "build"}


def test_a_lane_edited_in_one_state_is_drawn_as_each_state_has_it(qtbot, window):
    from vsm_desktop.ui.commands import UpdateLaneCommand

    window.files.set_map(two_team_map(), None)
    window.state_control.new_future_state()
    window.undo_stack.push(
        UpdateLaneCommand(window.document, "lane-product", {"height": 420}, "Taller lane")
    )
    scene = window.view.scene()
    future_drawn = drawn(scene)

    window.state_control.show_state(0)
    assert drawn(scene) == fresh(window) != future_drawn
    window.state_control.show_state(1)
    assert drawn(scene) == future_drawn == fresh(window)
