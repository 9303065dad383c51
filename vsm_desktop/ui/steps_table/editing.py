"""How the table is read and typed into: a proxy that sorts and filters for reading only, cell
editors that complete lanes and choices, and keys that end a row or paste spreadsheet rows."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QCompleter,
    QLineEdit,
    QStyledItemDelegate,
    QTableView,
)

from ...model.fields import unit_word
from ...model.step_rows import COLUMNS, DURATION_COLUMNS, choices
from .model import StepsModel


class SortProxy(QSortFilterProxyModel):
    """Sorts and filters rows for reading; the draft row stays last and always shown."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(-1)
        self.setSortRole(Qt.ItemDataRole.UserRole)

    def filterAcceptsRow(self, source_row: int, source_parent) -> bool:  # noqa: N802
        model = self.sourceModel()
        if model.is_draft(source_row):
            return True
        return super().filterAcceptsRow(source_row, source_parent)

    def lessThan(self, left: QModelIndex, right: QModelIndex) -> bool:  # noqa: N802
        model = self.sourceModel()
        descending = self.sortOrder() == Qt.SortOrder.DescendingOrder
        if model.is_draft(left.row()) or model.is_draft(right.row()):
            # The draft is last in either order.
            return model.is_draft(right.row()) != descending
        a, b = left.data(self.sortRole()), right.data(self.sortRole())
        if a is None or b is None:
            return (a is None) == descending and a != b
        if type(a) is not type(b):
            return str(a) < str(b)
        return a < b


class CellDelegate(QStyledItemDelegate):
    """Line editors that complete lanes and choices; Enter ends the row, not only the cell."""

    row_finished = Signal()
    paste_requested = Signal(str)  # rows pasted while a cell was being edited

    def __init__(self, model: StepsModel, parent=None) -> None:
        super().__init__(parent)
        self._model = model

    def createEditor(self, parent, option, index):  # noqa: N802 (Qt override)
        editor = QLineEdit(parent)
        editor.setFrame(False)
        column = COLUMNS[index.column()]
        words = (
            [lane.name for lane in self._model.document.lanes]
            if column == "lane"
            else choices(column)
        )
        if words:
            # Inline completion: "eng" shows "eng|ineering" and Tab or Enter takes it.
            completer = QCompleter(words, editor)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setCompletionMode(QCompleter.CompletionMode.InlineCompletion)
            editor.setCompleter(completer)
        if column in DURATION_COLUMNS:
            unit = unit_word(self._model.document.calendar)
            editor.setPlaceholderText(f"2h, 3d, 2-6wk; a number is {unit}")
        return editor

    def setEditorData(self, editor, index) -> None:  # noqa: N802 (Qt override)
        editor.setText(str(index.data(Qt.ItemDataRole.EditRole) or ""))

    def setModelData(self, editor, model, index) -> None:  # noqa: N802 (Qt override)
        model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)

    def eventFilter(self, editor: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self.commitData.emit(editor)
            self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)
            self.row_finished.emit()
            return True
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.matches(QKeySequence.StandardKey.Paste)
        ):
            text = QGuiApplication.clipboard().text()
            if "\t" in text or "\n" in text.strip():
                # Rows from a spreadsheet, not text for this cell: they become steps.
                self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.RevertModelCache)
                self.paste_requested.emit(text)
                return True
        return super().eventFilter(editor, event)


class StepsView(QTableView):
    """The grid: Enter outside an editor ends the row too; Ctrl+V pastes spreadsheet rows."""

    row_finished = Signal()
    paste_requested = Signal(str)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.row_finished.emit()
            return
        if event.matches(QKeySequence.StandardKey.Paste):
            text = QGuiApplication.clipboard().text()
            if text:
                self.paste_requested.emit(text)
            return
        super().keyPressEvent(event)
