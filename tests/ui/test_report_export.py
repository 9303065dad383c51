"""Exporting the PDF report from the window: the paper question, remembered, and the file's
map states in the report."""

from __future__ import annotations

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A3, letter

from vsm_desktop.io.vsm_file import save_states

from .conftest import two_team_map


def export_pdf(qtbot, window, fake_dialogs, target, paper=None) -> bool:
    if paper is not None:
        fake_dialogs.answers["ask_report_options"].append(paper)
    fake_dialogs.answers["ask_save_path"].append(str(target))
    started = window.exports.export("pdf")
    if started:
        qtbot.waitUntil(lambda: not window.exports.running, timeout=60_000)
    return started


def test_the_chosen_paper_is_used_and_offered_next_time(qtbot, window, fake_dialogs, tmp_path):
    window.actions["open_after_export"].setChecked(False)
    window.files.set_map(two_team_map(), None)
    first = tmp_path / "a3.pdf"
    assert export_pdf(qtbot, window, fake_dialogs, first, paper=("A3", False))
    assert fake_dialogs.called("ask_report_options") == [("A4", True)]  # the first default
    box = PdfReader(first).pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx(A3, abs=0.01)  # portrait

    second = tmp_path / "letter.pdf"
    assert export_pdf(qtbot, window, fake_dialogs, second, paper=("Letter", True))
    assert fake_dialogs.called("ask_report_options")[1] == ("A3", False)  # remembered
    box = PdfReader(second).pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx(letter[::-1], abs=0.01)
    assert fake_dialogs.called("error") == []


def test_cancelling_the_paper_question_writes_nothing(qtbot, window, fake_dialogs, tmp_path):
    window.files.set_map(two_team_map(), None)
    fake_dialogs.answers["ask_report_options"].append(None)
    assert not window.exports.export("pdf")
    assert fake_dialogs.called("ask_save_path") == []  # never asked where
    assert list(tmp_path.glob("*.pdf")) == []


def test_the_report_compares_the_states_of_the_open_file(qtbot, window, fake_dialogs, tmp_path):
    from tests.export.report_maps import REMOVED_STEP, sample_with_future

    if not hasattr(window, "states"):
        pytest.skip("this build of the window holds one map state")
    window.actions["open_after_export"].setChecked(False)
    source = tmp_path / "two-states.vsm"
    save_states(sample_with_future(), source)
    assert window.files.open_path(source)
    target = tmp_path / "report.pdf"
    assert export_pdf(qtbot, window, fake_dialogs, target)
    text = " ".join(page.extract_text() for page in PdfReader(target).pages)
    assert "Current vs future state" in text
    assert "".join(REMOVED_STEP.split()) in "".join(text.split())
