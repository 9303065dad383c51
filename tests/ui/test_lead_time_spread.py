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
    assert window.strip.p85_box.isHidden()


def test_the_sample_shows_p85_and_the_canvas_colours_by_criticality(qtbot, window):
    window.files.load_file(sample_map_path())
    spread = window.metrics.spread
    qtbot.waitUntil(lambda: spread.distribution is not None, timeout=20_000)
    expected = simulate(load_map(sample_map_path()))
    assert spread.distribution.p85 == expected.p85
    assert spread.headline.text() == format_duration(expected.p85, window.document.calendar)
    assert sum(spread.distribution.bin_counts) == expected.runs

    strip = window.strip  # the figures over the canvas in presentation mode
    assert not strip.p85_box.isHidden()
    assert strip.p85_value.text() == spread.headline.text()

    layers = criticality_layers(window)
    assert len(layers) == 2 and not any(layer.isVisible() for layer in layers)
    window.actions["criticality"].trigger()  # View > Colour by Criticality
    assert all(layer.isVisible() and layer.has_shares for layer in layers)
    window.actions["criticality"].trigger()
    assert not any(layer.isVisible() for layer in layers)


def test_the_what_if_table_gains_a_p85_column_for_a_map_with_ranges(qtbot, window):
    from vsm_desktop.analysis.monte_carlo import p85_effects
    from vsm_desktop.ui.lead_time_spread import WHATIF_RUNS

    table = window.whatif.ranking_table
    column = table.columnCount() - 1
    window.files.set_map(two_team_map(), None)
    qtbot.waitUntil(lambda: window.metrics.figure_text("lead_time") == "2.1 d")
    assert table.isColumnHidden(column)

    window.files.load_file(sample_map_path())
    qtbot.waitUntil(lambda: window.metrics.spread.distribution is not None, timeout=20_000)
    qtbot.waitUntil(lambda: not table.isColumnHidden(column), timeout=20_000)
    assert table.horizontalHeaderItem(column).text() == "P85 gain"
    first = window.whatif.ranking[0]
    sample = load_map(sample_map_path())
    effect = p85_effects(sample, [(first.element_id, first.best_change)], runs=WHATIF_RUNS)
    hours = effect[first.element_id, first.best_change]
    assert table.item(0, column).text() == "−" + format_duration(hours, sample.calendar)


def test_on_a_large_map_only_the_best_change_of_the_first_rows_is_simulated():
    from benchmarks.generate import generate_map
    from benchmarks.monte_carlo import with_ranges
    from vsm_desktop.analysis.whatif import rank_what_ifs
    from vsm_desktop.ui.lead_time_spread import (
        LARGE_MAP,
        LARGE_MAP_ROWS,
        _JobSignals,
        _SimulationJob,
    )

    large = with_ranges(generate_map(LARGE_MAP + 100))
    result = _SimulationJob(1, large, 0.1, _JobSignals())._simulate()
    ranking = rank_what_ifs(large, 0.1)
    assert set(result.p85_effects) == {
        (row.element_id, row.best_change) for row in ranking[:LARGE_MAP_ROWS]
    }


def test_the_histogram_greys_with_its_card_while_newer_figures_are_worked_out(qtbot, window):
    from PySide6.QtGui import QColor

    from vsm_desktop import theme
    from vsm_desktop.ui.window.analysis_runner import CALCULATING

    window.files.load_file(sample_map_path())
    histogram = window.metrics.spread.histogram
    qtbot.waitUntil(lambda: window.metrics.spread.distribution is not None, timeout=20_000)

    def bars_beyond_p85_in_red() -> bool:
        image = histogram.grab().toImage()
        red = QColor(theme.LADDER_WAIT).rgb()
        return any(image.pixel(x, y) == red
                   for y in range(image.height()) for x in range(image.width()))

    assert bars_beyond_p85_in_red()
    window.metrics.set_calculating(True, CALCULATING)
    assert not bars_beyond_p85_in_red()
    window.metrics.set_calculating(False, CALCULATING)
    assert bars_beyond_p85_in_red()
