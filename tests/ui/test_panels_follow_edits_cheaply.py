"""What the panels do on the GUI thread after an edit stays proportional to what they show,
not to the map: counted in the work done (cells measured, records copied), never in time."""

from __future__ import annotations

import threading

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QHeaderView, QVBoxLayout, QWidget

from vsm_desktop.analysis.whatif import rank_what_ifs
from vsm_desktop.model import Connection, Element, ElementKind, Lane, MapDocument, ValueStreamMap
from vsm_desktop.model.calendar import WorkCalendar
from vsm_desktop.ui.commands import UpdateElementsCommand
from vsm_desktop.ui.metrics_panel import MetricsStrip
from vsm_desktop.ui.whatif_panel import TOP_ROWS, WhatIfPanel, _GreyWhenDisabled

from .conftest import two_team_map, wait_for_figures


def chain_map(steps: int) -> ValueStreamMap:
    """Request -> step 1 -> ... -> step n -> Value in one lane, each step waiting longer."""
    lane = Lane(id="lane", name="Team")
    elements = [Element(id="start", kind=ElementKind.START, name="Request", lane_id="lane")]
    elements += [
        Element(id=f"s{n}", name=f"Step {n}", lane_id="lane", x=200.0 * n, wait_time=float(n),
                process_time=1.0)
        for n in range(1, steps + 1)
    ]
    elements.append(Element(id="end", kind=ElementKind.END, name="Value", lane_id="lane",
                            x=200.0 * (steps + 1)))
    connections = [
        Connection(id=f"c{n}", source_id=a.id, target_id=b.id)
        for n, (a, b) in enumerate(zip(elements, elements[1:], strict=False))
    ]
    return ValueStreamMap(lanes=[lane], elements=elements, connections=connections)


class CountingDelegate(_GreyWhenDisabled):
    """The panel's own delegate, counting how often Qt asks it about a cell."""

    asked = 0

    def initStyleOption(self, option, index) -> None:  # noqa: N802 (Qt override)
        CountingDelegate.asked += 1
        super().initStyleOption(option, index)


def test_the_what_if_rows_are_measured_once_per_fill_not_once_per_cell_set(qtbot):
    panel = WhatIfPanel()
    qtbot.addWidget(panel)
    panel.resize(900, 400)
    panel.show()
    qtbot.waitExposed(panel)
    table = panel.ranking_table
    table.setItemDelegate(CountingDelegate(table))
    header = table.horizontalHeader()
    modes = [header.sectionResizeMode(column) for column in range(header.count())]
    document = MapDocument(chain_map(TOP_ROWS + 5))
    ranking = rank_what_ifs(document)
    panel.set_ranking(ranking, frozenset(), WorkCalendar())
    qtbot.waitUntil(lambda: CountingDelegate.asked > 0)  # the first rows laid out and measured

    CountingDelegate.asked = 0
    panel.set_ranking(ranking, frozenset(), WorkCalendar())

    cells = table.rowCount() * table.columnCount()
    assert table.rowCount() == TOP_ROWS
    # Measured at every setItem, each of the 80 cells asked every cell again: thousands.
    assert CountingDelegate.asked <= 4 * cells
    # The columns keep how they resize, and still fit what they show.
    assert [header.sectionResizeMode(column) for column in range(header.count())] == modes
    fitted = [column for column in range(table.columnCount())
              if modes[column] is QHeaderView.ResizeMode.ResizeToContents
              and not table.isColumnHidden(column)]
    qtbot.waitUntil(lambda: all(
        header.sectionSize(column) >= table.sizeHintForColumn(column) for column in fitted
    ))


def test_the_inspector_reads_the_span_names_again_only_after_an_edit_that_may_change_them(
    qtbot, window, monkeypatch
):
    window.files.set_map(two_team_map(), None)
    wait_for_figures(qtbot, window)
    document, inspector = window.document, window.inspector
    window.view.select_ids(["intake"])
    span_start = inspector.element_field("span_start")
    assert not span_start.isHidden()
    reads = []
    real_elements = document.elements
    monkeypatch.setattr(document, "elements", lambda: reads.append(1) or real_elements())

    window.undo_stack.push(UpdateElementsCommand(
        document, {"intake": {"wait_time": 3.0}}, "Change wait time of 'Intake'"))
    qtbot.waitUntil(lambda: inspector.element_field("wait_time").line_edit.text() == "3h")
    reads.clear()
    inspector.refresh()
    assert reads == []  # a wait changed: the span names are as they were
    document.add_elements([Element(id="plain", name="Plain")])  # marks no span
    document.remove_elements(["plain"])
    inspector.refresh()
    assert reads == []

    window.undo_stack.push(UpdateElementsCommand(
        document, {"build": {"span_start": "Delivery"}}, "Mark where 'Delivery' starts"))
    qtbot.waitUntil(lambda: span_start.combo.findText("Delivery") >= 0)  # another's span
    window.undo_stack.undo()
    qtbot.waitUntil(lambda: span_start.combo.findText("Delivery") < 0)
    document.remove_elements(["build"])
    document.add_elements([Element(id="late", name="Late", span_end="Delivery")])
    qtbot.waitUntil(lambda: span_start.combo.findText("Delivery") >= 0)  # a new element's
    document.remove_elements(["late"])
    qtbot.waitUntil(lambda: span_start.combo.findText("Delivery") < 0)  # gone with it


def threads_calling(monkeypatch, module, name: str) -> list[threading.Thread]:
    """The threads that call module.name from now on, in order (the function still runs)."""
    threads: list[threading.Thread] = []
    real = getattr(module, name)

    def noting_the_thread(*args, **kwargs):
        threads.append(threading.current_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, noting_the_thread)
    return threads


def test_the_canvas_takes_the_constraint_the_figures_worker_found(qtbot, window, monkeypatch):
    from vsm_desktop.ui.canvas import scene_figures

    found_on = threads_calling(monkeypatch, scene_figures, "find_constraint")  # by the canvas
    window.files.set_map(two_team_map(), None)
    wait_for_figures(qtbot, window)
    scene = window.view.scene()
    assert scene.constraint.element_ids == ("build",)  # waits 8 h, Intake 6 h

    window.undo_stack.push(UpdateElementsCommand(
        window.document, {"intake": {"wait_time": 10.0}}, "Change wait time of 'Intake'"))
    wait_for_figures(qtbot, window)

    assert scene.constraint.element_ids == ("intake",)
    assert threading.main_thread() not in found_on


class ShownOrHidden(QObject):
    """Counts the widgets it watches being shown or hidden."""

    def __init__(self) -> None:
        super().__init__()
        self.changes = 0

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt's name)
        if event.type() in (QEvent.Type.ShowToParent, QEvent.Type.HideToParent):
            self.changes += 1
        return False


def test_the_strip_is_laid_out_again_only_when_its_85_percent_figure_changes(qtbot):
    holder = QWidget()  # a window too narrow for every figure: some are left out
    qtbot.addWidget(holder)
    strip = MetricsStrip()
    QVBoxLayout(holder).addWidget(strip)
    holder.setFixedWidth(700)
    strip.set_compact(False)  # large type, as presenting
    holder.show()
    qtbot.waitExposed(holder)
    strip.set_p85("3 wk")
    assert strip.p85_value.text() == "3 wk" and not strip.p85_box.isHidden()
    dropped = [key for key in strip.DROPPABLE if not strip.figure_shown(key)]
    assert dropped
    watcher = ShownOrHidden()
    for label in (*strip.values.values(), *strip.captions.values()):
        label.installEventFilter(watcher)

    strip.set_p85("3 wk")  # each landing of the figures sets it again
    assert watcher.changes == 0
    assert [key for key in strip.DROPPABLE if not strip.figure_shown(key)] == dropped

    strip.set_p85(None)  # a map without ranges: hidden, and the figures fitted again
    assert strip.p85_box.isHidden() and watcher.changes > 0
    watcher.changes = 0
    strip.set_p85(None)
    assert watcher.changes == 0


def test_the_stream_figures_keep_their_rows_when_an_edit_leaves_them_as_they_were(qtbot, window):
    window.files.set_map(two_team_map(), None)
    wait_for_figures(qtbot, window)
    stream = window.metrics.stream
    assert stream.cause_texts == {"unspecified": ("Cause not given", "1.8 d", "1.8 d")}  # 14 h
    row = stream.causes.itemAtPosition(1, 0).widget()

    generation = window.runner.jobs.generation
    window.document.move_elements({"build": (760.0, 300.0)})  # moves nothing the figures count
    wait_for_figures(qtbot, window)
    assert window.runner.jobs.generation > generation  # they were worked out again
    assert stream.causes.itemAtPosition(1, 0).widget() is row

    window.undo_stack.push(UpdateElementsCommand(
        window.document, {"build": {"wait_time": 16.0}}, "Change wait time of 'Build'"))
    wait_for_figures(qtbot, window)
    assert stream.cause_texts == {"unspecified": ("Cause not given", "2.8 d", "2.8 d")}  # 22 h
    assert stream.causes.itemAtPosition(1, 0).widget() is not row
    window.document.update_calendar(hours_per_day=11.0)  # the same hours, read in other days
    wait_for_figures(qtbot, window)
    assert stream.cause_texts == {"unspecified": ("Cause not given", "2 d", "2 d")}
