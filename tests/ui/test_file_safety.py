"""The window and the file on disk: saving over someone else's changes asks first, images are
swapped in whole, and Auto Layout on a map the file limits cannot hold says so."""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from vsm_desktop.io import load_map, save_map
from vsm_desktop.model import Connection, Element, ElementKind, Lane, ValueStreamMap
from vsm_desktop.model.elements import MAX_LANE_HEIGHT
from vsm_desktop.ui import dialogs as dialogs_module
from vsm_desktop.ui.canvas.image_export import (
    ImageExportError,
    build_scene_for_export,
    render_png,
    render_svg,
)

from .conftest import auto_layout_and_wait, save_and_wait, two_team_map


def open_and_edit(qtbot, window, path, wait="9h"):
    assert window.files.open_path(path)
    intake = next(e for e in window.document.elements() if e.name == "Intake")
    window.inspector.set_selection([intake.id], [])
    field = window.inspector.element_field("wait_time")
    field.line_edit.selectAll()
    qtbot.keyClicks(field.line_edit, wait)
    qtbot.keyClick(field.line_edit, Qt.Key.Key_Return)
    assert window.states.is_modified()
    return intake


def someone_else_saves(path):
    theirs = load_map(path)
    theirs.info.title = "Edited by a colleague"
    save_map(theirs, path, keep_backup=False)
    return path.read_bytes()


def test_saving_over_a_file_changed_on_disk_asks_and_cancel_writes_nothing(
    qtbot, window, fake_dialogs, tmp_path
):
    path = tmp_path / "shared.vsm"
    save_map(two_team_map(), path)
    open_and_edit(qtbot, window, path)
    theirs = someone_else_saves(path)

    fake_dialogs.answers["ask_save_conflict"].append("cancel")
    assert not save_and_wait(qtbot, window)
    assert fake_dialogs.called("ask_save_conflict") == [("shared.vsm",)]
    assert path.read_bytes() == theirs
    assert window.states.is_modified()

    fake_dialogs.answers["ask_save_conflict"].append("save_as")
    fake_dialogs.answers["ask_save_path"].append(str(tmp_path / "mine.vsm"))
    assert save_and_wait(qtbot, window)
    assert path.read_bytes() == theirs
    mine = load_map(tmp_path / "mine.vsm")
    assert next(e for e in mine.elements if e.name == "Intake").wait_time == 9
    assert window.files.file_path == (tmp_path / "mine.vsm").resolve()


def test_overwrite_replaces_the_changed_file_and_later_saves_do_not_ask_again(
    qtbot, window, fake_dialogs, tmp_path
):
    path = tmp_path / "shared.vsm"
    save_map(two_team_map(), path)
    open_and_edit(qtbot, window, path)
    someone_else_saves(path)
    fake_dialogs.answers["ask_save_conflict"].append("overwrite")
    assert save_and_wait(qtbot, window)
    saved = load_map(path)
    assert next(e for e in saved.elements if e.name == "Intake").wait_time == 9
    assert saved.info.title != "Edited by a colleague"
    open_and_edit(qtbot, window, path, "10h")  # our own save is not a conflict
    assert save_and_wait(qtbot, window)
    assert len(fake_dialogs.called("ask_save_conflict")) == 1


def test_a_file_rewritten_with_the_same_bytes_is_not_a_conflict(
    qtbot, window, fake_dialogs, tmp_path
):
    path = tmp_path / "synced.vsm"
    save_map(two_team_map(), path)
    open_and_edit(qtbot, window, path)
    data = path.read_bytes()
    path.write_bytes(data)  # a sync tool writing the same content back
    os.utime(path, (1_000_000_000, 1_000_000_000))
    assert save_and_wait(qtbot, window)
    assert fake_dialogs.called("ask_save_conflict") == []


def test_the_conflict_question_offers_overwrite_save_as_and_cancel(qapp):
    box, buttons = dialogs_module.save_conflict_box(None, "<b>shared</b> & co.vsm")
    assert {"overwrite", "save_as", "cancel"} <= set(buttons)  # travel adds "merge"
    assert box.defaultButton() is buttons["cancel"]
    assert box.textFormat() == Qt.TextFormat.PlainText
    assert "“<b>shared</b> & co.vsm” was changed" in box.text()
    assert buttons["save_as"].text() == "Save As…"
    assert box.icon() == QMessageBox.Icon.Warning


# -- images are swapped in whole -----------------------------------------------------------------


def wide_map(steps: int) -> ValueStreamMap:
    lane = Lane(name="Delivery")
    elements = [Element(name=f"Step {i}", lane_id=lane.id, x=280 + 230 * i, y=100)
                for i in range(steps)]
    connections = [Connection(source_id=a.id, target_id=b.id)
                   for a, b in zip(elements, elements[1:], strict=False)]
    return ValueStreamMap(lanes=[lane], elements=elements, connections=connections)


def test_a_failed_png_keeps_the_previous_picture(qapp, small_disk):
    target = small_disk / "map.png"
    render_png(build_scene_for_export(wide_map(1)), target, dpi=20)
    before = target.read_bytes()
    with pytest.raises(ImageExportError) as failed:
        render_png(build_scene_for_export(wide_map(40)), target, dpi=150)
    assert str(failed.value) == "map.png: could not save: the disk is full"
    assert target.read_bytes() == before
    assert os.listdir(small_disk) == ["map.png"]


def test_a_full_disk_leaves_no_truncated_svg_and_the_command_fails(qapp, small_disk, tmp_path):
    from vsm_desktop.cli import run_subcommand

    target = small_disk / "map.svg"
    render_svg(build_scene_for_export(wide_map(1)), target)
    before = target.read_bytes()
    with pytest.raises(ImageExportError, match="the disk is full"):
        render_svg(build_scene_for_export(wide_map(60)), target)
    assert target.read_bytes() == before
    source = tmp_path / "wide.vsm"
    save_map(wide_map(60), source)
    assert run_subcommand(["export", str(source), "-o", str(target)]) != 0
    assert target.read_bytes() == before
    assert os.listdir(small_disk) == ["map.svg"]


# -- auto layout within the file's limits --------------------------------------------------------


def test_auto_layout_wraps_a_lane_that_would_grow_past_its_limit(qtbot, window, fake_dialogs):
    lane = Lane(name="Dev")
    start = Element(kind=ElementKind.START, lane_id=lane.id, x=300, y=100)
    steps = [Element(name=f"S{i}", lane_id=lane.id, x=500 + 10 * i, y=100) for i in range(40)]
    flows = [Connection(source_id=start.id, target_id=s.id) for s in steps]
    window.files.set_map(ValueStreamMap(lanes=[lane], elements=[start, *steps],
                                        connections=flows), None)
    auto_layout_and_wait(qtbot, window.view)
    assert fake_dialogs.called("warning") == [] and fake_dialogs.called("show_crash") == []
    assert 3_000 < window.document.lanes[0].height <= MAX_LANE_HEIGHT
    assert len({window.document.element(s.id).x for s in steps}) == 2


def test_auto_layout_of_a_flow_too_long_for_the_file_says_so_and_changes_nothing(
    qtbot, window, fake_dialogs
):
    lane = Lane(name="Dev")
    steps = [Element(name=f"S{i}", lane_id=lane.id, x=300 + (i % 50) * 200, y=100 + i // 50)
             for i in range(4_400)]
    flows = [Connection(source_id=a.id, target_id=b.id)
             for a, b in zip(steps, steps[1:], strict=False)]
    window.files.set_map(ValueStreamMap(lanes=[lane], elements=steps, connections=flows), None)
    before = window.document.to_map()
    auto_layout_and_wait(qtbot, window.view)
    [(title, text)] = fake_dialogs.called("warning")
    assert title == "Auto layout"
    assert "the flow is 4,400 columns long" in text and "1,000,000 px" in text
    assert fake_dialogs.called("show_crash") == []
    assert window.document.to_map() == before
    assert not window.states.is_modified()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_opening_a_pipe_in_the_window_says_what_it_is_at_once(qtbot, window, fake_dialogs,
                                                              tmp_path):
    fifo = tmp_path / "map.vsm"
    os.mkfifo(fifo)
    before = window.document.to_map()
    assert not window.files.open_path(fifo)  # would block forever if it read the pipe
    [(title, text)] = fake_dialogs.called("error")
    assert (title, text) == ("Could not open the map",
                             "map.vsm: this is a named pipe (FIFO), not a map file")
    assert window.document.to_map() == before
