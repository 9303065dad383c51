"""The window around the canvas: files, title, closing, recent maps, palette, presenting."""

from __future__ import annotations

import csv

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from vsm_desktop.io.vsm_file import load_map, save_map
from vsm_desktop.model import ElementKind
from vsm_desktop.resources import sample_map_path
from vsm_desktop.ui import icons
from vsm_desktop.ui.commands import UpdateElementsCommand
from vsm_desktop.ui.settings import MAX_RECENT_FILES, AppSettings

from .conftest import save_and_wait, two_team_map, wait_for_figures


def make_edit(window, wait_hours: float = 5.0) -> None:
    window.undo_stack.push(
        UpdateElementsCommand(
            window.document, {"build": {"wait_time": wait_hours}}, "Change wait time of 'Build'"
        )
    )


def test_save_then_reopen_gives_the_same_map(qtbot, window, fake_dialogs, tmp_path):
    window.files.set_map(two_team_map(), None)
    make_edit(window)
    saved = window.document.to_map()
    target = tmp_path / "delivery"  # no suffix: the window adds .vsm
    fake_dialogs.answers["ask_save_path"].append(str(target))

    assert save_and_wait(qtbot, window)

    path = tmp_path / "delivery.vsm"
    assert path.exists()
    assert load_map(path) == saved
    assert window.undo_stack.isClean()
    window.files.new_from_template("blank")
    assert window.document.to_map() != saved
    assert window.files.open_file(path)
    assert window.document.to_map() == saved
    assert window.files.file_path == path.resolve()


def test_second_save_writes_to_the_same_file_without_asking(qtbot, window, fake_dialogs, tmp_path):
    path = tmp_path / "map.vsm"
    save_map(two_team_map(), path)
    assert window.files.open_file(path)
    make_edit(window, 12)
    assert save_and_wait(qtbot, window)
    assert fake_dialogs.called("ask_save_path") == []
    assert load_map(path).element("build").wait_time == 12


def test_bad_file_shows_the_loader_message_and_keeps_the_map(qtbot, window, fake_dialogs, tmp_path):
    window.files.set_map(two_team_map(), None)
    make_edit(window)
    before = window.document.to_map()
    garbage = tmp_path / "broken.vsm"
    garbage.write_bytes(b"\x00\xffnot a map at all{{{")
    fake_dialogs.answers["ask_save_changes"].append("discard")

    assert not window.files.open_file(garbage)

    errors = fake_dialogs.called("error")
    assert len(errors) == 1
    title, text = errors[0]
    assert "broken.vsm" in text
    assert window.isVisible()
    assert window.document.to_map() == before
    assert window.files.file_path is None


def test_title_shows_file_name_and_unsaved_mark(qtbot, window, fake_dialogs, tmp_path):
    path = tmp_path / "payments.vsm"
    save_map(two_team_map(), path)
    window.files.open_file(path)
    assert window.windowTitle() == "payments.vsm[*] — VSM Desktop"
    assert not window.isWindowModified()

    make_edit(window)
    assert window.isWindowModified()

    window.undo_stack.undo()
    assert not window.isWindowModified()
    window.undo_stack.redo()
    fake_dialogs.answers["ask_save_path"].append(str(path))
    save_and_wait(qtbot, window)
    assert not window.isWindowModified()


def test_closing_with_unsaved_changes_asks(qtbot, window, fake_dialogs):
    window.files.set_map(two_team_map(), None)
    make_edit(window)

    fake_dialogs.answers["ask_save_changes"].append("cancel")
    assert not window.close()
    assert window.isVisible()
    assert fake_dialogs.called("ask_save_changes") == [("Untitled",)]

    fake_dialogs.answers["ask_save_changes"].append("discard")
    assert window.close()
    assert not window.isVisible()


def test_closing_and_choosing_save_but_cancelling_the_file_dialog_stays_open(
    qtbot, window, fake_dialogs
):
    window.files.set_map(two_team_map(), None)
    make_edit(window)
    fake_dialogs.answers["ask_save_changes"].append("save")
    fake_dialogs.answers["ask_save_path"].append(None)
    assert not window.close()
    assert window.isVisible()


def test_clean_window_closes_without_asking(qtbot, window, fake_dialogs):
    window.files.set_map(two_team_map(), None)
    assert window.close()
    assert fake_dialogs.called("ask_save_changes") == []


def test_recent_files_newest_first_ten_at_most(qtbot, window, tmp_path):
    paths = []
    for number in range(12):
        path = tmp_path / f"map{number}.vsm"
        save_map(two_team_map(), path)
        paths.append(path)
        assert window.files.open_file(path)
    recent = AppSettings().recent_files()
    assert len(recent) == MAX_RECENT_FILES
    assert recent[0] == str(paths[-1].resolve())
    assert str(paths[0].resolve()) not in recent

    window.files.open_file(paths[5])  # reopening moves it to the top, once
    recent = AppSettings().recent_files()
    assert recent[0] == str(paths[5].resolve())
    assert recent.count(str(paths[5].resolve())) == 1

    window.files.fill_recent_menu(window.recent_menu)
    labels = [action.text() for action in window.recent_menu.actions()]
    assert labels[0] == "&1 map5.vsm"


def test_missing_recent_file_is_reported_and_dropped(qtbot, window, fake_dialogs, tmp_path):
    path = tmp_path / "gone.vsm"
    save_map(two_team_map(), path)
    window.files.open_file(path)
    path.unlink()
    assert not window.files.open_recent(str(path.resolve()))
    assert fake_dialogs.called("error")
    assert str(path.resolve()) not in AppSettings().recent_files()


def test_shipped_sample_is_never_overwritten(qtbot, window, fake_dialogs, tmp_path):
    original = sample_map_path().read_bytes()
    assert window.files.open_file(sample_map_path())
    make_edit_on_first_step = next(
        e for e in window.document.elements() if e.kind is ElementKind.STEP
    )
    window.undo_stack.push(
        UpdateElementsCommand(
            window.document, {make_edit_on_first_step.id: {"people": 42}}, "Change people"
        )
    )
    copy = tmp_path / "my-copy.vsm"
    fake_dialogs.answers["ask_save_path"].append(str(copy))

    assert save_and_wait(qtbot, window)

    assert len(fake_dialogs.called("ask_save_path")) == 1
    assert sample_map_path().read_bytes() == original
    assert load_map(copy).element(make_edit_on_first_step.id).people == 42


def test_palette_click_arms_placement_and_canvas_click_places(qtbot, window):
    window.files.set_map(two_team_map(), None)
    palette = window.palette_widget
    item = palette.item_for("queue")
    qtbot.mouseClick(
        palette.viewport(), Qt.MouseButton.LeftButton, pos=palette.visualItemRect(item).center()
    )
    view = window.view
    # A free spot in the Engineering band (y 200-400), away from the existing elements.
    target = QPointF(620, 330)
    view.centerOn(target)
    before = {e.id for e in window.document.elements()}

    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.mapFromScene(target))

    added = [e for e in window.document.elements() if e.id not in before]
    assert len(added) == 1
    assert added[0].kind is ElementKind.QUEUE
    assert added[0].lane_id == "lane-engineering"
    assert abs(added[0].x - target.x()) <= 25 and abs(added[0].y - target.y()) <= 25


def test_keyboard_insertion_adds_lane_and_step(qtbot, window):
    window.files.set_map(two_team_map(), None)
    window.actions["insert.lane"].trigger()
    assert [lane.name for lane in window.document.lanes][-1] == "Team 3"
    count = len(window.document.elements())
    window.view.select_ids([])
    window.actions["insert.step"].trigger()
    assert len(window.document.elements()) == count + 1


def test_presentation_mode_hides_panels_and_escape_restores(qtbot, window):
    window.files.set_map(two_team_map(), None)
    docks = (window.palette_dock, window.inspector_dock, window.metrics_dock)
    assert all(dock.isVisible() for dock in docks)

    window.actions["presentation"].trigger()

    assert window.presentation.active
    assert not any(dock.isVisible() for dock in docks)
    assert not window.menuBar().isVisible()
    assert window.strip.isVisible()
    assert window.strip.values["lead_time"].text() == window.metrics.figure_text("lead_time")

    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Escape)

    assert not window.presentation.active
    assert all(dock.isVisible() for dock in docks)
    assert window.menuBar().isVisible()
    # Back to the slim strip while editing, shown only if the key figures strip is on.
    assert window.strip.property("compact") is True
    assert window.strip.isVisible() == window.actions["key_figures"].isChecked()


def test_undo_menu_names_the_action(qtbot, window):
    window.files.set_map(two_team_map(), None)
    make_edit(window)
    assert window.actions["undo"].text() == "&Undo Change wait time of 'Build'"
    window.undo_stack.undo()
    assert window.actions["redo"].text() == "&Redo Change wait time of 'Build'"


def test_new_from_software_delivery_template(qtbot, window):
    assert window.files.new_from_template("software_delivery")
    lanes = [lane.name for lane in window.document.lanes]
    assert lanes == ["Product", "Engineering", "Security", "Compliance", "Operations"]
    kinds = sorted(e.kind.value for e in window.document.elements())
    assert kinds == ["end", "start"]
    assert window.files.file_path is None
    assert window.windowTitle().startswith("Untitled")


def test_dropping_a_vsm_file_on_the_window_opens_it(qtbot, window, tmp_path):
    path = tmp_path / "dropped.vsm"
    save_map(two_team_map(), path)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(
        QPointF(200, 200),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)
    qtbot.waitUntil(lambda: window.files.file_path == path.resolve())
    assert window.document.to_map() == load_map(path)


def test_warning_click_selects_named_elements(qtbot, window):
    broken = two_team_map()
    broken.connections = [c for c in broken.connections if c.id != "c3"]  # Build leads nowhere
    window.files.set_map(broken, None)
    warnings = window.metrics.warnings

    def named_warnings():
        return [
            warnings.item(row)
            for row in range(warnings.count())
            if warnings.item(row).data(Qt.ItemDataRole.UserRole)
        ]

    qtbot.waitUntil(lambda: bool(named_warnings()))  # 'Value' is no longer connected
    item = named_warnings()[0]
    qtbot.mouseClick(
        warnings.viewport(), Qt.MouseButton.LeftButton, pos=warnings.visualItemRect(item).center()
    )
    assert window.view.selected_element_ids() == item.data(Qt.ItemDataRole.UserRole)


def test_constraint_click_selects_it(qtbot, window):
    window.files.set_map(two_team_map(), None)
    qtbot.waitUntil(lambda: window.metrics.figure_text("constraint") == "Build")
    card = window.metrics.cards["constraint"]
    qtbot.mouseClick(card, Qt.MouseButton.LeftButton, pos=QPoint(10, 10))
    assert window.view.selected_element_ids() == ["build"]


def test_metric_tooltips_carry_definitions(qtbot, window):
    from vsm_desktop.analysis.definitions import definition

    assert definition("flow_efficiency") in window.metrics.cards["flow_efficiency"].toolTip()
    assert definition("lead_time") in window.metrics.cards["lead_time"].toolTip()


def test_csv_export_runs_in_a_worker_and_writes_the_steps(
    qtbot, window, fake_dialogs, opened_externally, tmp_path
):
    window.files.set_map(two_team_map(), None)
    target = tmp_path / "steps.csv"
    fake_dialogs.answers["ask_save_path"].append(str(target))

    assert window.exports.export("csv")
    qtbot.waitUntil(lambda: not window.exports.running, timeout=10_000)

    with target.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert sorted(row["name"] for row in rows) == ["Build", "Intake"]
    assert opened_externally == [target]
    assert fake_dialogs.called("error") == []


def test_png_export_writes_an_image(qtbot, window, fake_dialogs, tmp_path):
    window.actions["open_after_export"].setChecked(False)
    window.files.set_map(two_team_map(), None)
    target = tmp_path / "map.png"
    fake_dialogs.answers["ask_save_path"].append(str(target))
    assert window.exports.export("png")
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_export_failure_is_reported_through_the_dialogs(qtbot, window, fake_dialogs, tmp_path):
    window.files.set_map(two_team_map(), None)
    fake_dialogs.answers["ask_save_path"].append(str(tmp_path / "no-such-folder" / "steps.csv"))
    window.exports.export("csv")
    qtbot.waitUntil(lambda: not window.exports.running, timeout=10_000)
    errors = fake_dialogs.called("error")
    assert len(errors) == 1
    assert "steps.csv" in errors[0][1]


def test_toggles_persist_between_windows(qtbot, window):
    window.actions["waits"].setChecked(True)
    window.actions["snap"].setChecked(False)
    settings = AppSettings()
    assert settings.flag("wait_shading", False) is True
    assert settings.flag("snap_to_grid", True) is False


def test_window_layout_is_restored(qtbot, window, fake_dialogs):
    from vsm_desktop.ui.main_window import MainWindow

    window.metrics_dock.hide()
    assert window.close()
    second = MainWindow()
    qtbot.addWidget(second)
    second.show()
    assert not second.metrics_dock.isVisible()
    assert second.palette_dock.isVisible()


def test_pdf_export_runs_in_a_worker_and_writes_a_report(
    qtbot, window, fake_dialogs, opened_externally, tmp_path
):
    from pypdf import PdfReader

    window.files.set_map(two_team_map(), None)
    target = tmp_path / "report.pdf"
    fake_dialogs.answers["ask_save_path"].append(str(target))

    assert window.exports.export("pdf")
    assert window.exports.running  # the window stays responsive while the report is written
    qtbot.waitUntil(lambda: not window.exports.running, timeout=30_000)

    assert fake_dialogs.called("error") == []
    text = "".join(page.extract_text() for page in PdfReader(target).pages)
    assert "Two teams" in text
    assert opened_externally == [target]


def test_a_vsm_file_dropped_on_the_canvas_opens(qtbot, window, tmp_path):
    from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent
    from PySide6.QtWidgets import QApplication

    path = tmp_path / "dropped-on-canvas.vsm"
    save_map(two_team_map(), path)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    viewport = window.view.viewport()
    args = (
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    # The sequence a real drag delivers: enter, move, drop (Qt hands the drop to the target
    # that accepted the enter).
    enter = QDragEnterEvent(QPoint(60, 60), *args)
    QApplication.sendEvent(viewport, enter)
    assert enter.isAccepted()
    move = QDragMoveEvent(QPoint(70, 70), *args)
    QApplication.sendEvent(viewport, move)
    assert move.isAccepted()
    drop = QDropEvent(QPointF(70, 70), *args)
    QApplication.sendEvent(viewport, drop)

    qtbot.waitUntil(lambda: window.files.file_path == path.resolve())
    assert window.document.to_map() == load_map(path)


def test_ctrl_number_inserts_from_the_keyboard(qtbot, window):
    window.files.set_map(two_team_map(), None)
    window.view.select_ids([])
    window.view.setFocus()
    before = len(window.document.elements())
    qtbot.keyClick(window.view, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    original = {"start", "intake", "build", "end"}
    added = [e for e in window.document.elements() if e.id not in original]
    assert len(window.document.elements()) == before + 1
    assert added[0].kind is ElementKind.QUEUE
    assert window.undo_stack.undoText().startswith("Add Queue")


def test_analysis_runs_once_for_edits_finished_together(qtbot, window, monkeypatch):
    import vsm_desktop.analysis as analysis_package

    window.files.set_map(two_team_map(), None)
    wait_for_figures(qtbot, window)  # the analysis of the opened map
    runs = []
    real_analyze = analysis_package.analyze

    def counting_analyze(source):
        runs.append(source)
        return real_analyze(source)

    monkeypatch.setattr(analysis_package, "analyze", counting_analyze)
    for hours in (1.0, 2.0, 3.0):  # three finished edits before the event loop runs
        make_edit(window, hours)
    assert runs == []  # never inside the edit itself
    qtbot.waitUntil(lambda: len(runs) == 1)
    wait_for_figures(qtbot, window)  # and nothing more runs
    assert len(runs) == 1
    # Build's wait is now 3 h: lead time 6 + 2 + 3 + 1 = 12 h (1.5 working days).
    assert window.runner.analysis.lead_time == 12


def test_toolbar_tooltips_name_their_shortcuts(qtbot, window):
    assert window.actions["fit"].toolTip() == "Show the whole map (Ctrl+Shift+F)"
    assert window.actions["presentation"].toolTip().endswith("(F5)")


def test_help_shows_metric_definitions_and_about(qtbot, window, fake_dialogs):
    from PySide6.QtWidgets import QTextBrowser

    from vsm_desktop.analysis.definitions import definition

    window.actions["definitions"].trigger()
    browsers = window.findChildren(QTextBrowser)
    assert browsers
    text = browsers[-1].toPlainText()
    assert definition("flow_efficiency") in text
    assert definition("rolled_pca") in text

    window.actions["about"].trigger()
    ((title, body),) = fake_dialogs.called("information")
    assert "VSM Desktop" in title


def test_window_uses_the_shipped_application_icon(qtbot, window):
    assert not window.windowIcon().isNull()
    assert window.windowIcon().availableSizes()  # the packaged PNG sizes


def test_help_lists_the_third_party_notices(qtbot, window, fake_dialogs):
    from PySide6.QtWidgets import QDialog, QTextBrowser

    window.actions["about"].trigger()
    ((_, body),) = fake_dialogs.called("information")
    assert "Third-Party Notices" in body

    window.actions["notices"].trigger()
    dialog = window.findChild(QDialog, "third_party_notices")
    assert dialog is not None and dialog.isVisible()
    text = dialog.findChild(QTextBrowser).toPlainText()
    for component in ("PySide6-Essentials", "LGPL-3.0", "networkx", "reportlab", "DejaVu"):
        assert component in text
    dialog.close()


def test_ctrl_equals_zooms_in_like_ctrl_plus(qtbot, window):
    from PySide6.QtCore import Qt

    window.files.set_map(two_team_map(), None)
    view = window.view
    view.setFocus()
    view.reset_zoom()
    qtbot.keyClick(view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    after_equals = view.zoom()
    assert after_equals > 1.0
    qtbot.keyClick(view, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert view.zoom() > after_equals


def test_file_close_asks_about_unsaved_changes_then_closes_the_window(
    qtbot, window, fake_dialogs
):
    from PySide6.QtCore import Qt

    window.files.set_map(two_team_map(), None)
    make_edit(window)
    assert window.states.is_modified()

    fake_dialogs.answers["ask_save_changes"].append("cancel")
    qtbot.keyClick(window.view, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    assert window.isVisible()  # cancelled: the map stays
    assert len(fake_dialogs.called("ask_save_changes")) == 1

    qtbot.keyClick(window.view, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    assert not window.isVisible()  # "discard" is the default answer


def test_f1_lists_every_menu_key_and_the_canvas_gestures(qtbot, window):
    from PySide6.QtWidgets import QDialog, QTableWidget

    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_F1)
    dialog = window.findChild(QDialog, "keyboard_shortcuts")
    assert dialog is not None and dialog.isVisible()
    table = dialog.findChild(QTableWidget)
    rows = {(table.item(r, 0).text(), table.item(r, 1).text()) for r in range(table.rowCount())}
    assert ("Ctrl+S", "File: Save") in rows
    assert ("F5", "View: Presentation Mode") in rows
    assert ("F11", "View: Focus on the Map") in rows
    assert any(keys == "Ctrl+T" for keys, _ in rows)  # the steps table
    assert any(keys == "Enter" and "next step" in does for keys, does in rows)
    dialog.close()


def test_getting_started_is_in_the_help_menu(qtbot, window):
    from PySide6.QtWidgets import QDialog, QTextBrowser

    window.actions["getting_started"].trigger()
    dialog = window.findChild(QDialog, "getting_started")
    text = dialog.findChild(QTextBrowser).toPlainText()
    assert "Ctrl+T" in text and "F5" in text and "Enter" in text
    dialog.close()


def test_getting_started_opens_on_the_first_start_only(qtbot, window):
    from PySide6.QtWidgets import QDialog

    from vsm_desktop.ui.app import offer_getting_started

    offer_getting_started(window)
    first = window.findChild(QDialog, "getting_started")
    assert first is not None and first.isVisible()
    first.close()
    qtbot.waitUntil(lambda: window.findChild(QDialog, "getting_started") is None)

    offer_getting_started(window)  # the next start
    assert window.findChild(QDialog, "getting_started") is None


def test_warnings_carry_drawn_icons_not_symbol_characters(qtbot, window):
    from vsm_desktop.analysis.result import Severity

    from ..analysis.maps import MapBuilder

    b = MapBuilder()
    b.add("Request", "start").add("Build", pt=8).add("Test", pt=4).add("Live", "end")
    b.flow("Request", "Build", "Test", "Live")
    b.flow("Test", "Build")  # a flow cycle: a problem, not a rework loop
    window.files.set_map(b.build(), None)
    qtbot.waitUntil(lambda: window.metrics.warnings.count() > 0
                    and "Build" in window.metrics.warnings.item(0).text())
    findings = window.runner.analysis.findings
    assert any(f.severity is Severity.PROBLEM for f in findings)
    warnings = window.metrics.warnings
    assert warnings.count() == len(findings)
    for row, finding in enumerate(findings):
        item = warnings.item(row)
        assert item.text() == finding.message  # no symbol character before it
        expected = "problem" if finding.severity is Severity.PROBLEM else "warning"
        assert item.icon().cacheKey() == icons.icon(expected).cacheKey()
