"""The P85 card, its histogram and the criticality colouring, driven through the real window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from vsm_desktop.analysis.monte_carlo import simulate
from vsm_desktop.io import load_map
from vsm_desktop.model import format_duration
from vsm_desktop.resources import sample_map_path
from vsm_desktop.ui.canvas.items.criticality import CriticalityLayer

from .conftest import two_team_map


def type_into(qtbot, line_edit, text: str) -> None:
    line_edit.setFocus()
    line_edit.selectAll()
    qtbot.keyClicks(line_edit, text)
    qtbot.keyClick(line_edit, Qt.Key.Key_Return)


def criticality_layers(window) -> list[CriticalityLayer]:
    return [item for item in window.view.scene().items() if isinstance(item, CriticalityLayer)]


def test_a_map_without_ranges_shows_no_spread_and_a_typed_range_brings_it(qtbot, window):
    window.files.set_map(two_team_map(), None)
    spread = window.metrics.spread
    qtbot.waitUntil(lambda: window.metrics.figure_text("lead_time") == "2.1 d")  # 17 h
    assert not spread.isVisible()

    window.view.select_ids(["build"])
    type_into(qtbot, window.inspector.element_field("wait_time").line_edit, "1-3d")

    qtbot.waitUntil(lambda: spread.distribution is not None, timeout=10_000)
    assert spread.isVisible()
    # Intake 6 h + 2 h, Build's process time 1 h and its wait U(8, 24) h: P85 = 9 + 8 + 0.85·16.
    assert spread.distribution.p85 == pytest.approx(9 + 8 + 0.85 * 16, abs=0.3)
    assert spread.sentence() == "85 % of requests within " + format_duration(
        spread.distribution.p85, window.document.calendar
    )

    window.undo_stack.undo()
    qtbot.waitUntil(lambda: spread.distribution is None, timeout=10_000)
    assert not spread.isVisible()


def test_the_sample_shows_p85_and_the_canvas_colours_by_criticality(qtbot, window):
    window.files.load_file(sample_map_path())
    spread = window.metrics.spread
    qtbot.waitUntil(lambda: spread.distribution is not None, timeout=20_000)
    expected = simulate(load_map(sample_map_path()))
    assert spread.distribution.p85 == expected.p85
    assert spread.headline.text() == format_duration(expected.p85, window.document.calendar)
    assert sum(spread.distribution.bin_counts) == expected.runs

    layers = criticality_layers(window)
    assert len(layers) == 2 and not any(layer.isVisible() for layer in layers)
    window.actions["criticality"].trigger()  # View > Colour by Criticality
    assert all(layer.isVisible() and layer.has_shares for layer in layers)
    window.actions["criticality"].trigger()
    assert not any(layer.isVisible() for layer in layers)
