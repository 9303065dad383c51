"""Map text is data: a map whose every text field carries markup shows it literally everywhere.

Qt renders text that merely looks like HTML in labels, message boxes and tooltips; an element
named ``<img src="/dev/zero">`` once made the inspector read /dev/zero until the process aborted.
Here every name, note, title, lane, label and owner holds an ``<img>`` of a real local PNG, bold
markup, an entity and a bare ampersand. The test opens the map, walks every panel and dialog (the
real dialogs, their exec() replaced so nothing blocks), and checks that

- every label showing map text is plain text, every tooltip escapes it, every action, tab and
  button doubles the ampersand, and the literal markup is what a reader sees;
- nothing opened the PNG: a Linux inotify watch on it reports any open by any code, Qt's C++
  included (rendering each widget with grab() forces the layout that would load it).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import struct
import sys
from datetime import datetime
from pathlib import Path

import pytest
from PySide6 import QtGui
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QLabel,
    QListWidget,
    QMessageBox,
    QTabBar,
    QTableWidget,
    QTreeWidget,
    QWidget,
)

from vsm_desktop.io.vsm_file import save_states
from vsm_desktop.model import (
    Connection,
    ConnectionKind,
    Element,
    ElementKind,
    KaizenStatus,
    Lane,
    MapInfo,
    MapStates,
    ValueStreamMap,
)
from vsm_desktop.ui import dialogs as dialogs_module

RAW_MARKERS = ("<img", "<b>bold</b>")


# -- a watch that sees every open of the picture, by any code ----------------------------------


class OpenWatch:
    """inotify IN_OPEN on one file: counts opens made by Python, Qt's C++ or anything else."""

    IN_OPEN = 0x20
    IN_NONBLOCK = 0o4000

    def __init__(self, path: Path) -> None:
        self._libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        self._fd = self._libc.inotify_init1(self.IN_NONBLOCK)
        if self._fd < 0:
            pytest.skip("inotify is not available")
        if self._libc.inotify_add_watch(self._fd, os.fsencode(path), self.IN_OPEN) < 0:
            pytest.skip("cannot watch the picture")

    def opens(self) -> int:
        count = 0
        while True:
            try:
                data = os.read(self._fd, 4096)
            except BlockingIOError:
                return count
            offset = 0
            while offset < len(data):
                _wd, mask, _cookie, length = struct.unpack_from("iIII", data, offset)
                count += bool(mask & self.IN_OPEN)
                offset += 16 + length

    def close(self) -> None:
        os.close(self._fd)


@pytest.fixture
def picture(tmp_path) -> Path:
    path = tmp_path / "picture.png"
    image = QImage(8, 8, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.red)
    assert image.save(str(path))
    return path


@pytest.fixture
def watch(picture):
    if not sys.platform.startswith("linux"):
        pytest.skip("the open watch uses Linux inotify")
    watcher = OpenWatch(picture)
    yield watcher
    watcher.close()


# -- the hostile map ---------------------------------------------------------------------------


def hostile(text: str, picture: Path) -> str:
    """Markup Qt would render: an image of a local file, bold, an entity, a bare ampersand."""
    return f'<img src="{picture}"><b>bold</b> &amp; A & B {text}'


def hostile_states(picture: Path) -> MapStates:
    def h(text: str) -> str:
        return hostile(text, picture)

    product, build = Lane(name=h("Product")), Lane(name=h("Build"))
    start = Element(kind=ElementKind.START, name=h("Request"), lane_id=product.id, x=300, y=100)
    intake = Element(
        name=h("Intake"), notes=h("notes"), lane_id=product.id, x=520, y=100,
        process_time=2, wait_time=6,
    )  # fmt: skip
    queue = Element(kind=ElementKind.QUEUE, name=h("Backlog"), lane_id=build.id, x=740, y=300,
                    wait_time=8)
    review = Element(kind=ElementKind.APPROVAL, name=h("Review"), lane_id=build.id, x=960,
                     y=300)  # no times: a warning names it
    end = Element(kind=ElementKind.END, name=h("Value"), lane_id=build.id, x=1180, y=300)
    idea = Element(
        kind=ElementKind.KAIZEN, name=h("Idea"), owner=h("Owner"), target_id=queue.id,
        status=KaizenStatus.PLANNED, expected_wait_time=1, x=740, y=180, lane_id=build.id,
    )  # fmt: skip
    note = Element(kind=ElementKind.NOTE, name=h("Note"), notes=h("note text"), x=520, y=420)
    chain = [start, intake, queue, review, end]
    connections = [
        Connection(source_id=a.id, target_id=b.id, label=h("handover"))
        for a, b in zip(chain, chain[1:], strict=False)
    ]
    connections.append(
        Connection(kind=ConnectionKind.REWORK, source_id=review.id, target_id=intake.id,
                   label=h("rework"))
    )
    current = ValueStreamMap(
        info=MapInfo(title=h("Title"), description=h("description"), author=h("Author")),
        lanes=[product, build],
        elements=[*chain, idea, note],
        connections=connections,
    )
    future = current.derive_future_state()
    future.info.title = h("Future title")
    future.elements[2].wait_time = 1
    return MapStates(maps=[current, future])


# -- what a reader sees ------------------------------------------------------------------------


def rendered_tooltip(tip: str) -> str:
    """What Qt shows for a tooltip: rich text when it looks like HTML, else the text itself."""
    if not QtGui.Qt.mightBeRichText(tip):  # the guess QToolTip makes
        return tip
    document = QTextDocument()
    document.setHtml(tip)
    return document.toPlainText()


def check_tooltip(tip: str, where: str) -> int:
    """A tooltip quoting map text must not carry its raw markup; returns 1 if it quoted some."""
    if "bold" not in tip:
        return 0
    assert not any(marker in tip for marker in RAW_MARKERS), f"raw markup in tooltip of {where}"
    shown = rendered_tooltip(tip)
    assert "<b>bold</b> &amp; A & B" in shown, f"tooltip of {where} shows {shown!r}"
    return 1


def check_widget(widget: QWidget) -> int:
    """Every label, tooltip, button, tab and item under widget; returns how many quoted map
    text (so a walk that found nothing fails instead of passing quietly)."""
    widget.grab()  # lays out and paints: a rich label would load its <img> now
    quoted = 0
    widgets = [widget, *widget.findChildren(QWidget)]
    for child in widgets:
        name = f"{type(child).__name__} {child.objectName()!r}"
        quoted += check_tooltip(child.toolTip(), name)
        if isinstance(child, QLabel) and "bold" in child.text():
            quoted += 1
            if child.textFormat() != Qt.TextFormat.PlainText:
                assert not any(marker in child.text() for marker in RAW_MARKERS), name
        if isinstance(child, QAbstractButton) and "A & B" in child.text().replace("&&", "&"):
            quoted += 1
            assert "A && B" in child.text(), f"{name}: {child.text()!r}"
        if isinstance(child, QTabBar):
            for index in range(child.count()):
                quoted += check_tooltip(child.tabToolTip(index), f"{name} tab {index}")
                if "bold" in child.tabText(index):
                    assert "A && B" in child.tabText(index)
        if isinstance(child, QListWidget):
            for row in range(child.count()):
                quoted += check_tooltip(child.item(row).toolTip(), f"{name} row {row}")
        if isinstance(child, QTableWidget):
            for row in range(child.rowCount()):
                for column in range(child.columnCount()):
                    item = child.item(row, column)
                    if item is not None:
                        quoted += check_tooltip(item.toolTip(), f"{name} {row},{column}")
        if isinstance(child, QTreeWidget):
            pending = [child.topLevelItem(i) for i in range(child.topLevelItemCount())]
            while pending:
                item = pending.pop()
                pending += [item.child(i) for i in range(item.childCount())]
                for column in range(child.columnCount()):
                    quoted += check_tooltip(item.toolTip(column), f"{name} tree item")
    return quoted


class DialogRecorder:
    """The real dialogs, with exec() answering "cancel" at once and keeping the dialog."""

    def __init__(self, monkeypatch) -> None:
        self.shown: list[QDialog] = []
        monkeypatch.setattr(dialogs_module, "dialogs", dialogs_module.Dialogs())

        def exec_(dialog: QDialog) -> int:
            dialog.grab()
            self.shown.append(dialog)
            return 0

        for cls in (QDialog, QMessageBox):
            monkeypatch.setattr(cls, "exec", exec_)


# -- the walk ----------------------------------------------------------------------------------


def test_every_panel_shows_map_markup_literally_and_loads_no_file(
    qtbot, window, tmp_path, picture, watch, monkeypatch, fake_dialogs
):
    states = hostile_states(picture)
    path = tmp_path / "<b>x<i> A & B.vsm"  # a file name cannot hold the "/" of "</b>"
    save_states(states, path)
    assert watch.opens() == 0
    assert window.files.open_path(path)
    qtbot.waitUntil(lambda: "Review" in window.metrics.warnings.item(0).text())  # analysed
    current = states.current
    quoted = 0

    # Window title, status bar, recent files.
    assert "<b>x<i> A & B.vsm" in window.windowTitle()
    assert window.status_widgets.file_label.textFormat() == Qt.TextFormat.PlainText
    window.files.fill_recent_menu(window.recent_menu)
    recent = window.recent_menu.actions()[0]
    assert "A && B.vsm" in recent.text()
    quoted += check_tooltip(recent.toolTip(), "recent file")

    # The inspector for every element, the connections and the map itself.
    scene = window.view.scene()
    for element in current.elements:
        window.inspector.set_selection([element.id], [])
        title = window.inspector.element_page.title
        assert title.text() == element.name
        assert title.textFormat() == Qt.TextFormat.PlainText
        quoted += check_widget(window.inspector)
    for connection in current.connections:
        window.inspector.set_selection([], [connection.id])
        quoted += check_widget(window.inspector)
    window.inspector.set_selection([], [])
    quoted += check_widget(window.inspector)
    quoted += check_widget(window.metrics)
    warnings = [window.metrics.warnings.item(row).text()
                for row in range(window.metrics.warnings.count())]
    assert any("<b>bold</b> &amp; A & B Review" in text for text in warnings), warnings
    assert window.metrics.figure_text("constraint")  # names an element, shown literally
    quoted += check_widget(window.whatif)
    assert any(
        window.whatif.plan_table.item(row, 2).text().endswith("Owner")
        for row in range(window.whatif.plan_table.rowCount())
    )
    quoted += check_tooltip(window.metrics.plan_line.toolTip(), "plan line")
    assert scene.items()

    # States, comparison, presentation strip.
    quoted += check_widget(window.state_switcher)
    window.state_control.show_state(1)
    assert window.state_control.compare_states()
    qtbot.waitUntil(lambda: not window.state_control.busy, timeout=20_000)
    quoted += check_widget(window.state_control.compare_window)
    window.state_control.compare_window.close()
    window.state_control.show_state(0)
    window.presentation.set_active(True)
    quoted += check_widget(window.strip)
    window.presentation.set_active(False)

    # Undo text names the element: the Edit menu keeps its ampersand.
    window.inspector.set_selection([current.elements[1].id], [])
    field = window.inspector.element_field("wait_time")
    field.line_edit.selectAll()
    qtbot.keyClicks(field.line_edit, "7h")
    qtbot.keyClick(field.line_edit, Qt.Key.Key_Return)
    assert "A && B Intake" in window.actions["undo"].text()

    # Every dialog the map's text reaches, the real ones.
    recorder = DialogRecorder(monkeypatch)
    _walk_dialogs(window, states, tmp_path, picture, recorder)
    assert len(recorder.shown) >= 5
    for dialog in recorder.shown:
        quoted += check_widget(dialog)
    monkeypatch.setattr(dialogs_module, "dialogs", fake_dialogs)  # closing asks the fake

    assert quoted >= 40, quoted  # the walk really met the map's text
    assert watch.opens() == 0, "a widget loaded the <img> of a map's text"


def _walk_dialogs(window, states, tmp_path, picture, recorder) -> None:
    current = states.current
    lane = current.lanes[0]
    # Removing a lane that holds elements asks where they go (lane names in a combo and label).
    window.view.edits.remove_lane(lane.id)
    # Deleting the future state names its title.
    window.state_control.show_state(1)
    window.state_control.delete_future_state()
    window.state_control.show_state(0)
    # Closing with unsaved changes names the file.
    window.files.maybe_save()
    # A broken file whose error message quotes an element's name.
    broken = current.model_copy(deep=True)
    broken.elements[1].lane_id = None
    text = (tmp_path / "x.vsm")
    save_states(MapStates(maps=[broken]), text)
    raw = text.read_text(encoding="utf-8").replace(
        '"lane_id": null', '"lane_id": "' + hostile("no such lane", picture).replace('"', '\\"')
        + '"', 1,
    )
    text.write_text(raw, encoding="utf-8")
    window.files.load_file(text)  # as File > Open does once unsaved changes are settled
    assert any("bold" in box.text() for box in recorder.shown if isinstance(box, QMessageBox))
    # Renaming a lane asks for the new name, quoting the old one.
    dialogs_module.dialogs.ask_text(window, hostile("Rename", picture), hostile("lane", picture))
    dialogs_module.dialogs.ask_confirm(
        window, hostile("t", picture), hostile("x", picture), "Delete A & B"
    )
    box, _ = dialogs_module.save_conflict_box(window, hostile("file", picture))
    recorder.shown.append(box)
    # Recovery and crash dialogs quote titles, paths and error text.
    from vsm_desktop.io.recovery import RecoveredMap
    from vsm_desktop.ui.crash_dialog import CrashDialog
    from vsm_desktop.ui.recovery_dialog import RecoveryDialog

    recovered = RecoveredMap(tmp_path, "k", hostile("title", picture),
                             str(tmp_path / "<b>x<i> A & B.vsm"), datetime.now())
    recorder.shown.append(RecoveryDialog(window, [recovered]))
    recorder.shown.append(CrashDialog(window, hostile("message", picture), hostile("details",
                                                                                   picture)))
    # The merge dialog quotes names, values, file names and who reviewed the copy.
    from vsm_desktop.io.merge import merge_states
    from vsm_desktop.ui.merge_dialog import MergeDialog

    theirs = states.model_copy(deep=True)
    for element in theirs.maps[0].elements:
        element.name = hostile(element.name[:20], picture)
    outcome = merge_states(states, theirs, None, {"mine": hostile("mine", picture),
                                                  "theirs": hostile("theirs", picture)})
    recorder.shown.append(MergeDialog(window, outcome, hostile("file", picture),
                                      hostile("note", picture)))
