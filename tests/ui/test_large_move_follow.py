"""A model move of many elements (auto layout, its undo) is followed by the canvas in slices:
once the window says nothing is under way, every item and arrow stands as a canvas following
the same move at once draws it, also when an edit came in the middle of the follow."""

from __future__ import annotations

from PySide6.QtCore import QTimer

from benchmarks.generate import generate_map
from vsm_desktop.model import MapDocument
from vsm_desktop.model import events as ev
from vsm_desktop.ui.canvas import move_follower
from vsm_desktop.ui.canvas.scene import MapScene
from vsm_desktop.ui.commands import MoveElementsCommand

SIZE = move_follower.MANY + 100  # more than a canvas follows at once


def positions(document: MapDocument) -> dict[str, tuple[float, float]]:
    return {e.id: (e.x, e.y) for e in document.elements()}


def wait_until_idle(qtbot, window) -> None:
    qtbot.waitUntil(lambda: not window.in_progress.busy, timeout=60_000)


def assert_drawn_as_at_once(window, start: dict[str, tuple[float, float]]) -> None:
    """The window's canvas against a read-only canvas (it follows every move at once) of the
    map as it was at `start`, moved to where the window's map is now."""
    scene = window.view.scene()
    oracle_document = MapDocument(window.document.to_map())
    oracle_document.move_elements(start)
    oracle = MapScene(oracle_document)
    oracle_document.move_elements(positions(window.document))
    for element in window.document.elements():
        item = scene.element_item(element.id)
        assert (item.pos().x(), item.pos().y()) == (element.x, element.y), element.id
    arrows = [c.id for c in window.document.connections()]
    assert len(arrows) > SIZE
    for connection_id in arrows:
        drawn = scene.connection_item(connection_id)
        expected = oracle.connection_item(connection_id)
        assert drawn.boundingRect() == expected.boundingRect(), connection_id
        assert drawn.shape() == expected.shape(), connection_id
    assert scene.band_width == oracle.band_width


def test_auto_layout_and_its_undo_of_a_large_map_draw_what_the_map_holds(qtbot, window):
    window.files.set_map(generate_map(SIZE, layout=False), None)  # every element in one spot
    before = positions(window.document)
    window.actions["auto_layout"].trigger()
    wait_until_idle(qtbot, window)
    after = positions(window.document)
    assert after != before
    assert_drawn_as_at_once(window, before)

    window.undo_stack.undo()
    wait_until_idle(qtbot, window)
    assert positions(window.document) == before
    assert_drawn_as_at_once(window, after)


def test_an_edit_in_the_middle_of_the_follow_is_drawn_too(qtbot, window, monkeypatch):
    monkeypatch.setattr(move_follower, "SLICE_SECONDS", 0.0)  # a batch or an arrow a slice
    window.files.set_map(generate_map(SIZE, layout=False), None)
    before = positions(window.document)
    start = window.document.elements()[1]
    edits = []

    def move_one_element_meanwhile() -> None:
        edits.append(window.view.scene().follower.busy)  # the follow has begun, not ended
        window.undo_stack.push(MoveElementsCommand(
            window.document, {start.id: (start.x, start.y)}, {start.id: (start.x, 5000.0)}))

    def on_event(event: ev.DocumentEvent) -> None:
        if isinstance(event, ev.ElementsMoved) and len(event.ids) >= move_follower.MANY:
            QTimer.singleShot(0, move_one_element_meanwhile)  # after the first slice

    window.document.events.subscribe(on_event)
    window.actions["auto_layout"].trigger()
    wait_until_idle(qtbot, window)
    window.document.events.unsubscribe(on_event)

    assert edits == [True]
    assert (start.x, start.y)[1] == 5000.0
    assert_drawn_as_at_once(window, before)

