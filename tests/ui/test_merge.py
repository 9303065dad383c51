"""Merging a returned copy in the app: the dialog driven by clicks, the window's one undo step,
saving a copy for review, and draw.io through File > Open and File > Export."""

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialog

from vsm_desktop.io.merge import merge_states
from vsm_desktop.io.vsm_file import load_states, save_states
from vsm_desktop.model import MapStates, format_duration
from vsm_desktop.model.value_stream_map import ReviewBase
from vsm_desktop.ui.merge_dialog import MergeDialog

from ..io.test_merge import base_map
from .conftest import save_and_wait

FIXTURES = Path(__file__).resolve().parents[1] / "io" / "drawio"


def copies():
    """The base as sent; mine and theirs each with a one-sided change and one conflict.

    Base: Development 5 d work after 1 d wait; Security testing 2 d work after 5 d wait.
    Mine: Development work 4 d; Security testing wait 3 d.  Theirs: %C&A 90; wait 2 d.
    """
    base = MapStates(maps=[base_map()])
    mine, theirs = base.model_copy(deep=True), base.model_copy(deep=True)
    mine.maps[0].element("dev").process_time = 32.0
    mine.maps[0].element("sec").wait_time = 24.0
    theirs.maps[0].element("sec").wait_time = 16.0
    theirs.maps[0].element("sec").pca = 90.0
    return base, mine, theirs


WAIT_CONFLICT = ("map-1", "elements", "sec", "wait_time")


@pytest.fixture
def dialog(qtbot):
    base, mine, theirs = copies()
    outcome = merge_states(mine, theirs, base, {"mine": "Yours", "theirs": "Security lead"})
    shown = MergeDialog(None, outcome, "for-security.vsm", "Compared with the map as sent")
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    return shown


def click(qtbot, option):
    """Click a radio button on its round indicator, where people click it."""
    qtbot.mouseClick(option, Qt.MouseButton.LeftButton, pos=QPoint(8, option.height() // 2))


def texts(listing):
    return [listing.item(i).text() for i in range(listing.count())]


def test_dialog_lists_each_sides_changes_in_words(dialog):
    assert texts(dialog.change_lists["mine"]) == ["process time of Development 5 d → 4 d"]
    assert texts(dialog.change_lists["theirs"]) == ["%C&A of Security testing 60% → 90%"]
    [row] = dialog.rows
    assert row.title.text() == "element 'Security testing', wait"
    assert row.mine.text() == "Yours: 3 d"
    assert row.theirs.text() == "Security lead: 2 d"


def test_dialog_waits_for_a_choice_and_shows_the_figures_for_it(dialog, qtbot):
    assert not dialog.merge_button.isEnabled()
    lead_now, lead_after, lead_change = dialog.figure_cells["lead_time"]
    # Mine as it is: 1 d + 4 d (Development) + 3 d + 2 d (Security testing) = 80 h.
    assert lead_now.text() == format_duration(80)
    [row] = dialog.rows
    click(qtbot, row.theirs)
    assert row.theirs.isChecked() and dialog.merge_button.isEnabled()
    # Their wait of 2 d: 8 + 32 + 16 + 16 = 72 h; work stays 48 h.
    assert lead_after.text() == format_duration(72)
    assert lead_change.text().startswith("−" + format_duration(8))
    assert dialog.figure_cells["flow_efficiency"][1].text() == f"{48 / 72 * 100:.1f}%"
    click(qtbot, row.mine)
    assert lead_after.text() == format_duration(80) and lead_change.text() == "no change"
    qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.answer() == {WAIT_CONFLICT: "mine"}


def test_take_all_buttons_choose_every_conflict(dialog, qtbot):
    qtbot.mouseClick(dialog.all_theirs, Qt.MouseButton.LeftButton)
    assert dialog.answer() == {WAIT_CONFLICT: "theirs"}


def test_map_text_with_markup_and_ampersands_shows_as_written(qtbot):
    base, mine, theirs = copies()
    mine.maps[0].element("sec").name = "<b>Sec</b> & Risk"
    theirs.maps[0].element("sec").name = "Sec &amp; risk"
    outcome = merge_states(mine, theirs, base, {"mine": "Yours", "theirs": "R&D <i>lead</i>"})
    shown = MergeDialog(None, outcome, "<b>copy</b>.vsm", "note")
    qtbot.addWidget(shown)
    name_row = next(r for r in shown.rows if r.conflict.field == "name")
    assert name_row.title.textFormat() == Qt.TextFormat.PlainText
    assert name_row.mine.text() == "Yours: “<b>Sec</b> && Risk”"  # && shows one &
    assert name_row.theirs.text() == "R&&D <i>lead</i>: “Sec &&amp; risk”"


# -- in the window ----------------------------------------------------------------------------


def open_mine(window, tmp_path):
    base, mine, theirs = copies()
    save_states(mine, tmp_path / "map.vsm")
    theirs.review_base = None
    save_states(theirs, tmp_path / "returned.vsm")
    save_states(base, tmp_path / "base.vsm")
    assert window.files.open_file(tmp_path / "map.vsm")
    return base


def test_merge_in_the_window_is_one_undo_step(window, fake_dialogs, qtbot, tmp_path):
    base = open_mine(window, tmp_path)
    returned = load_states(tmp_path / "returned.vsm")
    returned.review_base = ReviewBase(sent_to="Security lead", maps=base.maps)
    save_states(returned, tmp_path / "returned.vsm")
    fake_dialogs.answers["ask_open_path"].append(str(tmp_path / "returned.vsm"))
    fake_dialogs.answers["ask_merge"].append({WAIT_CONFLICT: "theirs"})
    count = window.states.active_stack.count()
    window.actions["merge_copy"].trigger()
    [(outcome, source, note)] = fake_dialogs.called("ask_merge")
    assert source == "returned.vsm" and "sent to Security lead" in note
    assert outcome.labels["theirs"] == "Security lead"
    sec, dev = window.document.element("sec"), window.document.element("dev")
    assert (sec.wait_time, sec.pca, dev.process_time) == (16.0, 90.0, 32.0)
    assert window.states.active_stack.count() == count + 1
    assert window.states.is_modified()
    window.actions["undo"].trigger()
    sec, dev = window.document.element("sec"), window.document.element("dev")
    assert (sec.wait_time, sec.pca, dev.process_time) == (24.0, 60.0, 32.0)
    window.actions["redo"].trigger()
    assert window.document.element("sec").wait_time == 16.0
    # The figures follow: 1 d + 4 d (Development) + their 2 d + 2 d (Security testing) = 72 h.
    qtbot.waitUntil(lambda: window.runner.analysis is not None
                    and window.runner.analysis.lead_time == pytest.approx(72))


def test_cancelling_the_merge_changes_nothing(window, fake_dialogs, tmp_path):
    open_mine(window, tmp_path)
    fake_dialogs.answers["ask_open_path"].append(str(tmp_path / "returned.vsm"))
    assert not window.travel.merge_returned_copy()
    assert window.document.element("sec").wait_time == 24.0
    assert not window.states.is_modified()


def test_merge_of_another_map_is_refused_with_a_message(window, fake_dialogs, tmp_path):
    open_mine(window, tmp_path)
    other = MapStates(maps=[base_map().model_copy(update={"id": "other-map"})])
    save_states(other, tmp_path / "other.vsm")
    assert not window.travel.merge_returned_copy(tmp_path / "other.vsm")
    [(title, text)] = fake_dialogs.called("error")
    assert "other.vsm" in text and "not copies of the same map" in text


def test_save_a_copy_for_review_then_merge_it_back_without_conflicts(
    qtbot, window, fake_dialogs, tmp_path
):
    save_states(MapStates(maps=[base_map()]), tmp_path / "map.vsm")
    assert window.files.open_file(tmp_path / "map.vsm")
    window.states.add_future_state()
    fake_dialogs.answers["ask_text"].append("Security lead")
    fake_dialogs.answers["ask_save_path"].append(str(tmp_path / "copy.vsm"))
    window.actions["review_copy"].trigger()
    sent = load_states(tmp_path / "copy.vsm")
    assert sent.review_base.sent_to == "Security lead" and len(sent.review_base.maps) == 2
    # The reviewer changes the future state; meanwhile the facilitator changes the current one.
    sent.maps[1].element("sec").wait_time = 0.0
    save_states(sent, tmp_path / "copy.vsm")
    from vsm_desktop.ui.commands import UpdateElementsCommand

    window.states.active_stack.push(UpdateElementsCommand(window.document, {"dev": {"people": 4}},
                                                   "Edit people"))
    fake_dialogs.answers["ask_merge"].append({})
    assert window.travel.merge_returned_copy(tmp_path / "copy.vsm")
    [(outcome, _source, _note)] = fake_dialogs.called("ask_merge")
    assert outcome.conflicts == []
    assert [c.text for c in outcome.changes_of("theirs")] == [
        "wait of Security testing 5 d → 0"]
    assert window.states.map_at(1).element("sec").wait_time == 0.0
    assert window.document.element("dev").people == 4
    # Saving the original records what was sent, too.
    assert save_and_wait(qtbot, window, lambda: window.files.write_file(tmp_path / "map.vsm"))
    assert load_states(tmp_path / "map.vsm").review_base.sent_to == "Security lead"


def test_open_a_drawio_map_lists_what_was_not_read(window, fake_dialogs):
    assert window.files.open_file(FIXTURES / "lean-map.drawio")
    names = {e.name for e in window.document.elements()}
    assert {"Development", "Security testing", "Risk sign-off", "Deploy"} <= names
    assert window.files.file_path is None  # Save asks where, and writes a .vsm
    [(title, text)] = fake_dialogs.called("warning")
    assert "lean-map.drawio" in title and "truck_shipment" in text


def test_export_drawio_from_the_window(window, fake_dialogs, qtbot, tmp_path):
    from vsm_desktop.io.drawio_import import load_drawio

    window.states.add_future_state()
    fake_dialogs.answers["ask_save_path"].append(str(tmp_path / "map"))
    assert window.exports.export("drawio")
    qtbot.waitUntil(lambda: not window.exports.running, timeout=60_000)
    back = load_drawio(tmp_path / "map.drawio")
    assert back.states.maps == window.states.snapshot().maps


def test_the_file_changed_on_disk_question_offers_a_merge(qtbot):
    from vsm_desktop.ui.dialogs import save_conflict_box

    box, buttons = save_conflict_box(None, "map.vsm")
    qtbot.addWidget(box)
    assert buttons["merge"].text() == "Merge…"
    assert "Merge… shows their changes and yours" in box.informativeText()


def test_merging_the_file_changed_on_disk_uses_the_version_opened_as_base(
        window, fake_dialogs, tmp_path):
    base = open_mine(window, tmp_path)
    # Someone else saved over map.vsm meanwhile: theirs, without any review record.
    save_states(load_states(tmp_path / "returned.vsm"), tmp_path / "map.vsm")
    fake_dialogs.answers["ask_merge"].append({WAIT_CONFLICT: "mine"})
    assert window.travel.merge_returned_copy(tmp_path / "map.vsm", base=base)
    [(outcome, _source, note)] = fake_dialogs.called("ask_merge")
    assert "the version both copies started from" in note
    assert [c.field for c in outcome.conflicts] == ["wait"]  # the rest is one-sided
    sec = window.document.element("sec")
    assert (sec.wait_time, sec.pca) == (24.0, 90.0)


def test_dropping_a_drawio_file_on_the_window_opens_it(qtbot, window, fake_dialogs):
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent

    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(FIXTURES / "lean-map.drawio"))])
    event = QDropEvent(QPointF(200, 200), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    qtbot.waitUntil(lambda: any(e.name == "Risk sign-off" for e in window.document.elements()))
    assert fake_dialogs.called("warning")  # what was not read is listed


def test_save_over_a_file_changed_on_disk_can_merge_then_save_both(
    qtbot, window, fake_dialogs, tmp_path
):
    import os

    save_states(MapStates(maps=[base_map()]), tmp_path / "map.vsm")
    assert window.files.open_file(tmp_path / "map.vsm")
    from vsm_desktop.ui.commands import UpdateElementsCommand

    window.states.active_stack.push(
        UpdateElementsCommand(window.document, {"dev": {"people": 4}}, "Edit people"))
    # A colleague saves their change over the same file meanwhile.
    theirs = load_states(tmp_path / "map.vsm")
    theirs.maps[0].element("sec").wait_time = 16.0
    save_states(theirs, tmp_path / "map.vsm")
    later = os.stat(tmp_path / "map.vsm").st_mtime_ns + 5_000_000_000
    os.utime(tmp_path / "map.vsm", ns=(later, later))
    fake_dialogs.answers["ask_save_conflict"].append("merge")
    fake_dialogs.answers["ask_merge"].append({})
    assert save_and_wait(qtbot, window)
    [(outcome, _source, _note)] = fake_dialogs.called("ask_merge")
    assert outcome.conflicts == []  # the file as opened is the base: each side changed one thing
    assert outcome.labels["theirs"] == "The file on disk"
    saved = load_states(tmp_path / "map.vsm").current
    assert saved.element("dev").people == 4 and saved.element("sec").wait_time == 16.0
    assert not window.states.is_modified()
