"""`vsm-desktop FILE.vsm` for a file that does not exist yet: an empty map Save writes there."""

from __future__ import annotations

from vsm_desktop.io.vsm_file import load_map

from .conftest import save_and_wait


def test_a_new_file_name_starts_an_empty_map_that_save_writes_there(
    qtbot, window, fake_dialogs, tmp_path
):
    target = tmp_path / "payments-stream.vsm"
    assert window.files.open_path(target)
    assert not target.exists()  # nothing written until Save
    document = window.document
    assert [e for e in document.elements()] == [] and len(document.lanes) == 1
    assert document.info.title == "Payments stream"
    assert window.windowTitle().startswith("payments-stream.vsm")
    assert fake_dialogs.calls == []  # no question, no sample
    window.steps.table.model.draft = {"name": "Intake", "wait_time": "2h"}
    window.steps.table.model.commit_draft(None)
    assert save_and_wait(qtbot, window)
    assert fake_dialogs.called("ask_save_path") == []
    saved = load_map(target)
    assert [e.name for e in saved.elements] == ["Intake"]
    assert saved.elements[0].wait_time == 2
