"""Save, PDF export, auto layout and compare pause Python's cycle collector while they make
thousands of records at once (the snapshot on the GUI thread, the maps and the plan on their
worker): each switches it back on, so the window does not go on without it."""

from __future__ import annotations

import gc

from .conftest import two_team_map
from .test_auto_layout_in_background import untidy_map, wait_for_the_layout
from .test_report_export import export_pdf


def test_the_collector_is_on_after_a_save(qtbot, window, tmp_path):
    window.files.set_map(two_team_map(), None)
    assert window.files.write_file(tmp_path / "saved.vsm")
    qtbot.waitUntil(lambda: not window.files.saver.busy)
    assert (tmp_path / "saved.vsm").exists()
    assert gc.isenabled()


def test_the_collector_is_on_after_a_pdf_export(qtbot, window, fake_dialogs, tmp_path):
    window.files.set_map(two_team_map(), None)
    assert export_pdf(qtbot, window, fake_dialogs, tmp_path / "report.pdf")
    assert (tmp_path / "report.pdf").exists()
    assert gc.isenabled()


def test_the_collector_is_on_after_an_auto_layout(qtbot, window):
    window.files.set_map(untidy_map(), None)
    window.actions["auto_layout"].trigger()
    wait_for_the_layout(qtbot, window)
    assert window.undo_stack.undoText() == "Auto layout"
    assert gc.isenabled()


def test_the_collector_is_on_after_a_comparison(qtbot, window):
    from .test_compare_in_background import open_future_state, start_compare
    from .test_states import wait_for_comparison

    open_future_state(window)
    compare = start_compare(qtbot, window)
    wait_for_comparison(qtbot, window)
    assert compare.scenes
    assert gc.isenabled()
