"""The steps table panel: the grid with its filter, the map-order button, the typing hint and
a line that says what went wrong or what happened; its selection follows the canvas's."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...model import MapDocument
from ..undo_history import UndoHistory
from .editing import CellDelegate, SortProxy, StepsView
from .model import COLUMN, StepsModel


class StepsTable(QWidget):
    """The table with its filter and a line that says what went wrong or what happened."""

    select_requested = Signal(list)  # element ids the user selected in the table

    def __init__(self, document: MapDocument, history: UndoHistory, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("stepsTable")
        self.document = document
        self.model = StepsModel(document, history, self)
        self.proxy = SortProxy(self)
        self.proxy.setSourceModel(self.model)
        self._following_canvas = False

        self.view = StepsView()
        self.view.setModel(self.proxy)
        self.delegate = CellDelegate(self.model, self.view)
        self.view.setItemDelegate(self.delegate)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.view.setTabKeyNavigation(True)
        self.view.setAlternatingRowColors(True)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # map order until asked
        self.view.verticalHeader().setDefaultSectionSize(30)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.view.horizontalHeader()
        header.setHighlightSections(False)
        widths = {
            "name": 220, "lane": 130, "process_time": 100, "wait_time": 100, "pca": 70,
            "people": 66, "kind": 90, "value_category": 180, "automation": 100,
        }  # fmt: skip
        for column, width in widths.items():
            self.view.setColumnWidth(COLUMN[column], width)
        header.setStretchLastSection(True)
        header.setMinimumSectionSize(56)

        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("Filter rows")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setToolTip("Show only rows with this text; the map keeps every step")
        self.filter_edit.textChanged.connect(self.proxy.setFilterFixedString)
        self.map_order_button = QPushButton("Map order")
        self.map_order_button.setToolTip("Undo the sorting: rows in the order of the map")
        self.map_order_button.clicked.connect(self.show_map_order)
        hint = QLabel("Tab: next cell · Enter: add the row · Ctrl+V: paste rows")
        hint.setObjectName("stepsHint")
        hint.setTextFormat(Qt.TextFormat.PlainText)
        hint.setWordWrap(True)  # a narrow side panel on a laptop must not widen the window
        self.message_label = QLabel()
        self.message_label.setObjectName("fieldError")
        self.message_label.setTextFormat(Qt.TextFormat.PlainText)
        self.message_label.setWordWrap(True)
        self.message_label.hide()

        top = QHBoxLayout()
        top.setContentsMargins(6, 4, 6, 0)
        self.filter_edit.setMaximumWidth(320)
        top.addWidget(self.filter_edit, 1)
        top.addWidget(self.map_order_button)
        # The hint takes the rest of the line and wraps only when the panel is narrow.
        hint.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        top.addWidget(hint, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.message_label)

        self.model.message.connect(self.show_message)
        self.delegate.row_finished.connect(self.finish_row)
        self.view.row_finished.connect(self.finish_row)
        self.view.paste_requested.connect(self.paste)
        self.delegate.paste_requested.connect(self.paste)
        self.view.selectionModel().selectionChanged.connect(self._on_table_selection)

    # -- messages ------------------------------------------------------------------------------

    def show_message(self, text: str) -> None:
        self.message_label.setText(text)
        self.message_label.setVisible(bool(text))

    # -- rows and the cursor -------------------------------------------------------------------

    def proxy_index(self, source_row: int, column: str = "name") -> QModelIndex:
        return self.proxy.mapFromSource(self.model.index(source_row, COLUMN[column]))

    def start_new_row(self) -> None:
        """Put the cursor in the name cell of the empty row, ready to type."""
        index = self.proxy_index(self.model.draft_row)
        self.view.setFocus()
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)
        self.view.edit(index)

    def _row_above_draft(self) -> str | None:
        """The element of the row shown just above the empty row (sorted or not)."""
        draft = self.proxy_index(self.model.draft_row).row()
        if draft <= 0:
            return None
        source = self.proxy.mapToSource(self.proxy.index(draft - 1, 0))
        return self.model.element_id(source.row())

    def finish_row(self) -> None:
        """Enter: the empty row joins the map; then (or on any other row) start the next one."""
        current = self.proxy.mapToSource(self.view.currentIndex())
        on_draft = current.isValid() and self.model.is_draft(current.row())
        if on_draft and any(self.model.draft.values()):
            element_id = self.model.commit_draft(self._row_above_draft())
            if element_id is None:
                column = next(iter(self.model.draft_errors), "name")
                index = self.proxy_index(self.model.draft_row, column)
                self.view.setCurrentIndex(index)
                self.view.edit(index)
                return
            self.show_message("")
            self.select_requested.emit([element_id])
        self.start_new_row()

    def paste(self, text: str) -> None:
        ids = self.model.paste_rows(text, self._row_above_draft())
        if ids:
            self.select_requested.emit(ids)
            self.start_new_row()

    def show_map_order(self) -> None:
        self.proxy.sort(-1)
        self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)

    # -- selection, both ways ------------------------------------------------------------------

    def selected_element_ids(self) -> list[str]:
        selected = self.view.selectionModel().selectedIndexes()
        rows = {self.proxy.mapToSource(index).row() for index in selected}
        ids = [self.model.element_id(row) for row in sorted(rows)]
        return [i for i in ids if i is not None]

    def _on_table_selection(self, _selected=None, _deselected=None) -> None:
        if self._following_canvas:
            return
        ids = self.selected_element_ids()
        if ids:
            self.select_requested.emit(ids)

    def follow_canvas_selection(self, element_ids: list[str]) -> None:
        """Select the rows of what the canvas selected, keeping the cursor where it is."""
        if self._following_canvas:
            return
        rows = [row for row in map(self.model.row_of, element_ids) if row is not None]
        if self.proxy.sortColumn() >= 0 or self.proxy.rowCount() != self.model.rowCount():
            rows = [self.proxy_index(row).row() for row in rows]  # sorted or filtered
            rows = [row for row in rows if row >= 0]  # not filtered out
        # else in map order with every row shown: a row is where the map has it (mapping each
        # through the proxy was half of a 5,000-element Select All's time here)
        shown_rows = rows
        current = self.proxy.mapToSource(self.view.currentIndex())
        if current.isValid() and self.model.is_draft(current.row()) and not shown_rows:
            return
        self._following_canvas = True
        try:
            flags = QItemSelectionModel.SelectionFlag.ClearAndSelect
            self.view.selectionModel().select(self._row_ranges(shown_rows), flags)
            if shown_rows:  # the first picked, as the canvas has it
                self.view.scrollTo(self.proxy.index(shown_rows[0], COLUMN["name"]))
        finally:
            self._following_canvas = False

    def _row_ranges(self, rows: list[int]) -> QItemSelection:
        """Whole rows (name to notes) as one range per run of neighbouring rows: selecting all
        of a large map is one range, not thousands for Qt to merge and walk."""
        runs: list[list[int]] = []  # [top, bottom] of each run
        for row in sorted(set(rows)):
            if runs and row == runs[-1][1] + 1:
                runs[-1][1] = row
            else:
                runs.append([row, row])
        selection = QItemSelection()
        first_column, last_column = COLUMN["name"], COLUMN["notes"]
        for top, bottom in runs:
            selection.select(self.proxy.index(top, first_column),
                             self.proxy.index(bottom, last_column))
        return selection

    def detach(self) -> None:
        self.model.detach()
