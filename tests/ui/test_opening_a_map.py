"""Opening a file: read, checked and put on the canvas while the cycle collector rests; a
large map drawn a slice at a time behind a cover, the window answering meanwhile."""

import gc
import json

import pytest

from benchmarks.generate import generate_map
from vsm_desktop.io.errors import VsmFileError
from vsm_desktop.io.vsm_file import load_map, save_map
from vsm_desktop.model import MapDocument
from vsm_desktop.ui import sliced_steps
from vsm_desktop.ui.canvas.scene import MapScene
from vsm_desktop.ui.canvas.scene_building import BUILT_AT_ONCE
from vsm_desktop.ui.commands import UpdateElementsCommand
from vsm_desktop.ui.window.opening import READ_ON_A_WORKER_FROM

from .conftest import two_team_map
from .test_state_switch_scene import drawn, fresh


def test_an_opened_map_becomes_a_document_and_a_scene_with_the_collector_paused(
    qtbot, window, tmp_path
):
    seen: list[bool] = []
    window.document.events.subscribe(lambda _event: seen.append(gc.isenabled()))
    path = tmp_path / "map.vsm"
    save_map(two_team_map(), path)

    assert window.files.open_file(path)

    assert seen and not any(seen)  # the new map's events came while it was paused
    assert gc.isenabled()  # and the window runs with it on
    assert window.view.scene().element_item("build") is not None


# -- a large map is drawn a slice at a time ----------------------------------------------------

def large_map():
    """More elements and arrows than are drawn at once: this map is drawn in slices."""
    value_stream_map = generate_map(150)
    assert len(value_stream_map.elements) + len(value_stream_map.connections) > BUILT_AT_ONCE
    return value_stream_map


def wait_until_drawn(qtbot, window) -> None:
    qtbot.waitUntil(lambda: not window.opening.drawing, timeout=60_000)  # a hang, not a pace


def test_a_large_map_opens_behind_a_cover_and_is_then_drawn_as_a_fresh_scene_draws_it(
    qtbot, window, tmp_path
):
    path = tmp_path / "large.vsm"
    save_map(large_map(), path)

    assert window.files.open_file(path)

    # Not drawn in one go: the window returns to its event loop between slices.
    assert window.opening.drawing
    assert "drawing the map" in window.in_progress.working()
    assert window.opening.cover.isVisible()
    assert window.opening.cover.title.text() == "Opening large.vsm…"
    assert "can be edited once it is drawn" in window.statusBar().currentMessage()
    assert not window.view.isInteractive()
    # The figures shown are the map's before: greyed, not shown as this map's.
    assert not window.metrics.cards["lead_time"].isEnabled()

    wait_until_drawn(qtbot, window)

    assert drawn(window.view.scene()) == fresh(window)
    assert not window.opening.cover.isVisible()
    assert window.view.isInteractive()
    assert window.statusBar().currentMessage() == "Opened large.vsm"
    assert "drawing the map" not in window.in_progress.working()


def test_an_edit_while_the_map_is_drawn_finishes_the_drawing_first(qtbot, window):
    value_stream_map = large_map()
    window.files.set_map(value_stream_map, None)
    assert window.opening.drawing
    removed = value_stream_map.elements[-1].id

    window.document.remove_elements([removed])  # as the steps table would

    assert not window.opening.drawing
    assert window.view.scene().element_item(removed) is None
    assert drawn(window.view.scene()) == fresh(window)


def test_a_map_opened_while_another_is_drawn_replaces_every_item_of_it(
    qtbot, window, monkeypatch
):
    monkeypatch.setattr(sliced_steps, "SLICE_SECONDS", 0)  # one step a slice: caught half way
    scene = window.view.scene()
    window.files.set_map(large_map(), None)
    qtbot.waitUntil(lambda: bool(scene.element_items()), timeout=60_000)
    assert window.opening.drawing  # half way

    second = generate_map(160)
    window.files.set_map(second, None)
    wait_until_drawn(qtbot, window)

    assert drawn(scene) == fresh(window)
    fresh_scene = MapScene(MapDocument(second))
    try:  # nothing of the first map is left in Qt's scene either
        assert len(scene.items()) == len(fresh_scene.items())
    finally:
        fresh_scene.close()


def test_a_small_map_is_drawn_at_once(window):
    window.files.set_map(two_team_map(), None)

    assert not window.opening.drawing
    assert not window.opening.cover.isVisible()
    assert drawn(window.view.scene()) == fresh(window)


def test_the_collector_is_on_while_a_large_map_is_drawn_and_after(qtbot, window):
    """The drawing spans many returns to the event loop: it must never leave Python's cycle
    collector off (the items made are settled as long-lived instead)."""
    window.files.set_map(large_map(), None)
    assert window.opening.drawing
    assert gc.isenabled()
    wait_until_drawn(qtbot, window)
    assert gc.isenabled()


# -- a large file is read on a worker ----------------------------------------------------------

def large_file(folder, name: str = "large.vsm"):
    """A file large enough to be read on the worker."""
    path = folder / name
    save_map(generate_map(400), path)
    assert path.stat().st_size >= READ_ON_A_WORKER_FROM
    return path


def wait_until_opened(qtbot, window) -> None:
    qtbot.waitUntil(lambda: not window.in_progress.busy, timeout=60_000)  # a hang, not a pace


def test_a_large_file_is_read_while_the_window_answers_then_shown(qtbot, window, tmp_path):
    path = large_file(tmp_path)
    before = window.document.to_map()

    assert window.files.open_file(path)

    # Still the map before: the file is read on the worker, the canvas covered meanwhile.
    assert window.document.to_map() == before
    assert "reading the map" in window.in_progress.working()
    assert window.opening.cover.isVisible()
    assert window.opening.cover.title.text() == "Opening large.vsm…"
    assert window.statusBar().currentMessage().startswith("Opening large.vsm…")

    wait_until_opened(qtbot, window)

    assert window.document.to_map() == load_map(path)
    assert window.files.file_path == path.resolve()
    assert drawn(window.view.scene()) == fresh(window)
    assert not window.opening.cover.isVisible()
    assert window.statusBar().currentMessage() == "Opened large.vsm"


def test_a_bad_large_file_says_which_file_element_and_field_and_keeps_the_map(
    qtbot, window, fake_dialogs, tmp_path
):
    path = large_file(tmp_path, "broken.vsm")
    content = json.loads(path.read_text(encoding="utf-8"))
    element = content["maps"][0]["elements"][57]
    element["process_time"] = -3
    path.write_text(json.dumps(content), encoding="utf-8")
    before = window.document.to_map()

    window.files.open_file(path)
    wait_until_opened(qtbot, window)

    [(title, text)] = fake_dialogs.called("error")
    assert title == "Could not open the map"
    assert "broken.vsm" in text and element["name"] in text and "process_time" in text
    with pytest.raises(VsmFileError) as raised:  # the loader's own message, whole
        load_map(path)
    assert text == str(raised.value)
    assert window.document.to_map() == before
    assert not window.opening.cover.isVisible()
    assert window.view.isInteractive()


def test_changes_made_while_a_file_is_read_are_asked_about_again(
    qtbot, window, fake_dialogs, tmp_path
):
    window.files.set_map(two_team_map(), None)
    path = large_file(tmp_path)
    window.files.open_file(path)
    window.undo_stack.push(UpdateElementsCommand(  # as the inspector would
        window.document, {"intake": {"name": "Renamed while it was read"}}, "Name"))
    fake_dialogs.answers["ask_save_changes"].append("cancel")

    wait_until_opened(qtbot, window)

    assert fake_dialogs.called("ask_save_changes")
    assert window.document.element("intake").name == "Renamed while it was read"
    assert window.statusBar().currentMessage() == "Did not open large.vsm"


def test_a_map_shown_while_a_file_is_read_is_not_replaced_by_it(qtbot, window, tmp_path):
    window.files.open_file(large_file(tmp_path))
    assert "reading the map" in window.in_progress.working()

    window.files.set_map(two_team_map(), None)  # as File > New would
    wait_until_opened(qtbot, window)

    shown = two_team_map()
    assert window.document.elements() == shown.elements
    assert window.document.connections() == shown.connections
    assert window.files.file_path is None
    assert not window.opening.cover.isVisible()


def test_a_large_file_is_copied_for_the_window_on_the_worker_and_stays_as_read(
    qtbot, window, tmp_path, monkeypatch
):
    """The window's own copy of each state is made on the worker with the reading; the
    file as read (the base of a later merge) never sees the edits made to it."""
    path = large_file(tmp_path)

    def copied_on_the_gui_thread(self, _map):
        raise AssertionError("the map was copied again on the GUI thread")

    monkeypatch.setattr(MapDocument, "replace", copied_on_the_gui_thread)
    window.files.open_file(path)
    wait_until_opened(qtbot, window)
    step = next(e for e in window.document.elements() if e.process_time)
    read = step.process_time
    window.undo_stack.push(UpdateElementsCommand(
        window.document, {step.id: {"process_time": read + 1}}, "Process time"))

    assert window.document.element(step.id).process_time == read + 1
    assert window.files.disk_states.current == load_map(path)
