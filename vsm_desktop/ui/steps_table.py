"""The steps table: the map's steps, queues and approvals as rows, typed as fast as a room talks.

The table is a second view of the document, as the canvas is: it reads the document, listens to
its events, and every edit is one named undo command on the shown state's history. The last row
is an empty draft: typing fills it, Tab moves to the next cell, Enter adds it to the map (after
the row above, in the lane typed or the lane of the row above) and starts the next empty row.
Sorting and filtering happen in a proxy and never touch the map.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QCompleter,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..model import Element, ElementKind, Lane, MapDocument
from ..model import events as ev
from ..model.elements import default_value_category
from ..model.fields import unit_word
from ..model.flow_edits import spot_after, y_in_lane
from ..model.layout import COLUMN_PITCH, DEFAULT_LANE_HEIGHT, FIRST_COLUMN_X
from ..model.step_rows import (
    COLUMNS,
    DURATION_COLUMNS,
    SPECS,
    TITLES,
    RowError,
    applies,
    choices,
    display_text,
    edit_text,
    is_row_element,
    lane_by_name,
    parse_cell,
    parse_row,
    split_pasted,
)
from .commands import (
    AddLaneCommand,
    AppendStepCommand,
    UpdateElementsCommand,
    UpdateLaneCommand,
)
from .undo_history import UndoHistory, active_stack

COLUMN = {name: index for index, name in enumerate(COLUMNS)}
_MUTED = QColor("#7a8087")
_ERROR_BACKGROUND = QColor("#fde2e1")
_DRAFT_BACKGROUND = QColor("#f4f8fc")
# Structural events re-read the rows; field changes only repaint them.
_ROW_EVENTS = (ev.ElementsAdded, ev.ElementsRemoved, ev.DocumentReset, ev.LanesChanged)
_ROOT = QModelIndex()


class StepsModel(QAbstractTableModel):
    """Rows: the document's steps, queues and approvals in map order, then the draft row."""

    message = Signal(str)  # a sentence for the line under the table (errors, what happened)

    def __init__(self, document: MapDocument, history: UndoHistory, parent=None) -> None:
        super().__init__(parent)
        self.document = document
        self.history = history
        self._ids: list[str] = []
        self.draft: dict[str, str] = {}
        self.draft_errors: set[str] = set()
        self._read_rows()
        document.events.subscribe(self._on_event)

    def detach(self) -> None:
        self.document.events.unsubscribe(self._on_event)

    # -- rows ----------------------------------------------------------------------------------

    def _read_rows(self) -> None:
        self._ids = [e.id for e in self.document.elements() if is_row_element(e)]

    def _on_event(self, event: ev.DocumentEvent) -> None:
        kind_changed = isinstance(event, ev.ElementsChanged) and "kind" in event.fields
        if isinstance(event, _ROW_EVENTS) or kind_changed:
            new_ids = [e.id for e in self.document.elements() if is_row_element(e)]
            if new_ids[: len(self._ids)] == self._ids and len(new_ids) > len(self._ids):
                # Appended (typed, pasted, placed on the canvas): insert before the draft.
                self.beginInsertRows(QModelIndex(), len(self._ids), len(new_ids) - 1)
                self._ids = new_ids
                self.endInsertRows()
            elif new_ids != self._ids:
                self.beginResetModel()
                self._ids = new_ids
                self.endResetModel()
            else:
                self._repaint_all()
        elif isinstance(event, ev.ElementsChanged):
            rows = [self._ids.index(i) for i in event.ids if i in self._ids]
            if rows:
                self.dataChanged.emit(
                    self.index(min(rows), 0), self.index(max(rows), len(COLUMNS) - 1)
                )
        elif isinstance(event, ev.MapInfoChanged):  # the calendar: durations read anew
            self._repaint_all()

    def _repaint_all(self) -> None:
        self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, len(COLUMNS) - 1))

    def rowCount(self, parent=_ROOT) -> int:  # noqa: N802 (Qt override)
        return 0 if parent.isValid() else len(self._ids) + 1

    def columnCount(self, parent=_ROOT) -> int:  # noqa: N802 (Qt override)
        return 0 if parent.isValid() else len(COLUMNS)

    def is_draft(self, row: int) -> bool:
        return row == len(self._ids)

    @property
    def draft_row(self) -> int:
        return len(self._ids)

    def element_id(self, row: int) -> str | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, element_id: str) -> int | None:
        try:
            return self._ids.index(element_id)
        except ValueError:
            return None

    def _lane_name(self, lane_id: str | None) -> str:
        lane = next((lane for lane in self.document.lanes if lane.id == lane_id), None)
        return lane.name if lane else ""

    # -- reading cells -------------------------------------------------------------------------

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal:
            column = COLUMNS[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return TITLES[column]
            if role == Qt.ItemDataRole.ToolTipRole:
                calendar = self.document.calendar
                return _HEADER_TIPS.get(column) or SPECS[column].help_text(calendar)
        elif role == Qt.ItemDataRole.DisplayRole:
            return "+" if self.is_draft(section) else str(section + 1)
        return None

    def _unit_word(self) -> str:
        return unit_word(self.document.calendar)

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = COLUMNS[index.column()]
        if self.is_draft(index.row()):
            return self._draft_data(column, role)
        element = self.document.element(self._ids[index.row()])
        lane = self._lane_name(element.lane_id)
        calendar = self.document.calendar
        if role == Qt.ItemDataRole.DisplayRole:
            return display_text(element, column, lane, calendar)
        if role == Qt.ItemDataRole.EditRole:
            return edit_text(element, column, lane, calendar)
        if role == Qt.ItemDataRole.UserRole:  # sorting: numbers as numbers
            value = getattr(element, column, None) if column != "lane" else lane
            return _sort_key(value)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in _NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and not applies(column, element.kind):
            return "A queue does no work: it has a wait time only."
        return None

    def _draft_data(self, column: str, role) -> Any:
        text = self.draft.get(column, "")
        if role == Qt.ItemDataRole.EditRole:
            return text
        if role == Qt.ItemDataRole.DisplayRole:
            if text:
                return text
            return _DRAFT_HINTS.get(column, "").format(unit=self._unit_word())
        if role == Qt.ItemDataRole.ForegroundRole and not text:
            return _MUTED
        if role == Qt.ItemDataRole.FontRole and not text:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole:
            return _ERROR_BACKGROUND if column in self.draft_errors else _DRAFT_BACKGROUND
        if role == Qt.ItemDataRole.UserRole:
            return None
        return None

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if not self.is_draft(index.row()):
            element = self.document.element(self._ids[index.row()])
            if not applies(COLUMNS[index.column()], element.kind):
                return base
        return base | Qt.ItemFlag.ItemIsEditable

    # -- editing -------------------------------------------------------------------------------

    def setData(self, index: QModelIndex, value: Any, role=Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        column = COLUMNS[index.column()]
        text = str(value or "")
        if self.is_draft(index.row()):
            return self._set_draft(index, column, text)
        element_id = self._ids[index.row()]
        try:
            self._edit_element(element_id, column, text)
        except (RowError, ValueError) as error:
            name = self.document.element(element_id).display_name
            self.message.emit(f"Row {index.row() + 1} '{name}': {error}")
            return False
        return True

    def _set_draft(self, index: QModelIndex, column: str, text: str) -> bool:
        self.draft[column] = text.strip()
        self.draft_errors.discard(column)
        if text.strip() and column != "lane":
            try:
                parse_cell(column, text, self.document.calendar)
            except RowError as error:
                self.draft_errors.add(column)
                self.message.emit(f"New row: {error}")
        self.dataChanged.emit(index, index)
        return True

    def _edit_element(self, element_id: str, column: str, text: str) -> None:
        element = self.document.element(element_id)
        stack = active_stack(self.history)
        if column == "lane":
            self._change_lane(element, text)
            return
        changes = parse_cell(column, text, self.document.calendar)
        changes = {k: v for k, v in changes.items() if getattr(element, k, None) != v}
        if not changes:
            return
        if "kind" in changes and element.value_category == default_value_category(element.kind):
            # A step turned queue becomes waste, unless someone chose its category on purpose.
            changes["value_category"] = default_value_category(changes["kind"])
        if column == "name":
            if not changes["name"]:
                raise RowError("name", "a step needs a name")
            label = f"Rename '{element.display_name}' to '{changes['name']}'"
        else:
            label = f"Change {TITLES[column].lower()} of '{element.display_name}'"
        stack.push(UpdateElementsCommand(self.document, {element_id: changes}, label))

    def _change_lane(self, element: Element, text: str) -> None:
        name = text.strip()
        if not name:
            return
        lane = lane_by_name(self.document.lanes, name)
        if lane is not None and lane.id == element.lane_id:
            return
        stack = active_stack(self.history)
        label = f"Move '{element.display_name}' to lane '{lane.name if lane else name}'"
        stack.beginMacro(label)
        try:
            if lane is None:
                lane = Lane(name=name, height=DEFAULT_LANE_HEIGHT)
                stack.push(AddLaneCommand(self.document, lane))
            y = y_in_lane(self.document, element.lane_id, lane.id, element.y)
            stack.push(
                UpdateElementsCommand(
                    self.document, {element.id: {"lane_id": lane.id, "y": y}}, label
                )
            )
        finally:
            stack.endMacro()

    # -- adding rows ---------------------------------------------------------------------------

    def commit_draft(self, previous_id: str | None) -> str | None:
        """Add the draft row to the map after ``previous_id``; the new element's id, or None
        (an empty draft, or a cell that does not read: the message says which)."""
        if not any(text.strip() for text in self.draft.values()):
            return None
        try:
            row = parse_row(self.draft, self.document.calendar)
        except RowError as error:
            self.draft_errors.add(error.column)
            self._repaint_draft()
            self.message.emit(f"New row: {error}")
            return None
        element_id = self._append([row], previous_id, label=None)[0]
        self.draft = {}
        self.draft_errors = set()
        self._repaint_draft()
        return element_id

    def _repaint_draft(self) -> None:
        row = self.draft_row
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def paste_rows(self, text: str, previous_id: str | None) -> list[str]:
        """Append tab-separated rows (a spreadsheet's copy) as steps, one undo step in all."""
        try:
            cells = split_pasted(text)
            rows = [parse_row(row, self.document.calendar) for row in cells]
        except RowError as error:
            number = next(
                (n for n, row in enumerate(split_pasted(text), 1) if _fails(row, self.document)),
                1,
            )
            self.message.emit(f"Nothing pasted: pasted row {number}: {error}")
            return []
        except ValueError as error:
            self.message.emit(f"Nothing pasted: {error}")
            return []
        if not rows:
            self.message.emit("Nothing to paste: copy rows of a spreadsheet first.")
            return []
        label = f"Paste {len(rows)} step" + ("" if len(rows) == 1 else "s")
        ids = self._append(rows, previous_id, label)
        self.message.emit(f"Pasted {len(ids)} step" + ("" if len(ids) == 1 else "s") + ".")
        return ids

    def _append(self, rows, previous_id: str | None, label: str | None) -> list[str]:
        stack = active_stack(self.history)
        naming = self._unused_first_lane(rows[0]) if rows else None
        grouped = bool(label) or naming is not None
        if grouped:
            stack.beginMacro(label or f"Add Step '{rows[0].fields['name']}'")
        ids = []
        try:
            if naming is not None:
                stack.push(naming)
            for row in rows:
                command = self._append_command(row, previous_id)
                stack.push(command)
                previous_id = command.element_id
                ids.append(previous_id)
        finally:
            if grouped:
                stack.endMacro()
        return ids

    def _unused_first_lane(self, row) -> UpdateLaneCommand | None:
        """A blank map's one empty lane takes the first lane name typed, rather than staying
        behind as an empty band above the stream."""
        document = self.document
        if len(document.lanes) != 1 or document.elements() or not row.lane_name:
            return None
        lane = document.lanes[0]
        if lane_by_name(document.lanes, row.lane_name) is not None:
            return None
        text = f"Rename lane '{lane.name}' to '{row.lane_name}'"
        return UpdateLaneCommand(document, lane.id, {"name": row.lane_name}, text)

    def _append_command(self, row, previous_id: str | None) -> AppendStepCommand:
        document = self.document
        previous = document.element(previous_id) if previous_id else None
        kind = row.fields.get("kind", ElementKind.STEP)
        new_lane = None
        if row.lane_name:
            lane = lane_by_name(document.lanes, row.lane_name)
            if lane is None:
                new_lane = Lane(name=row.lane_name, height=DEFAULT_LANE_HEIGHT)
            lane_id = lane.id if lane else new_lane.id
        elif previous is not None:
            lane_id = previous.lane_id
        else:
            lane_id = document.lanes[0].id if document.lanes else None
        if new_lane is not None:
            bottom = sum(lane.height for lane in document.lanes)
            x = previous.x + COLUMN_PITCH if previous else FIRST_COLUMN_X
            y = bottom + new_lane.height / 2
        else:
            ends = [
                e.id for e in document.elements() if e.kind is ElementKind.END
            ]  # an end makes room for the step (AppendStepCommand moves it)
            x, y = spot_after(document, previous, lane_id, kind, ignoring=ends)
        element = Element(lane_id=lane_id, x=x, y=y, **row.fields)
        return AppendStepCommand(document, element, previous_id, new_lane)


def _fails(cells: dict[str, str], document: MapDocument) -> bool:
    try:
        parse_row(cells, document.calendar)
    except RowError:
        return True
    return False


def _sort_key(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, int | float):
        return float(value)
    return str(getattr(value, "label", value)).casefold()


_NUMERIC = {"process_time", "wait_time", "pca", "people"}
# How the table reads these columns; the others show their field's help (model/fields.py).
_HEADER_TIPS = {
    "lane": "The team or function. Empty: the lane of the row above. A new name adds a lane.",
    "kind": "Step, Queue or Approval (type the first letter).",
    "value_category": "Value-adding, Necessary non-value-adding or Waste (first letters do).",
}
_DRAFT_HINTS = {
    "name": "type the next step…",
    "lane": "same lane",
    "process_time": "{unit}",
    "wait_time": "{unit}",
}


class _SortProxy(QSortFilterProxyModel):
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


class _CellDelegate(QStyledItemDelegate):
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
            unit = self._model._unit_word()
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


class StepsTable(QWidget):
    """The table with its filter and a line that says what went wrong or what happened."""

    select_requested = Signal(list)  # element ids the user selected in the table

    def __init__(self, document: MapDocument, history: UndoHistory, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("stepsTable")
        self.document = document
        self.model = StepsModel(document, history, self)
        self.proxy = _SortProxy(self)
        self.proxy.setSourceModel(self.model)
        self._following_canvas = False

        self.view = StepsView()
        self.view.setModel(self.proxy)
        self.delegate = _CellDelegate(self.model, self.view)
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
        selection = QItemSelection()
        for element_id in element_ids:
            row = self.model.row_of(element_id)
            if row is None:
                continue
            left, right = self.proxy_index(row, "name"), self.proxy_index(row, "notes")
            if left.isValid():
                selection.select(left, right)
        current = self.proxy.mapToSource(self.view.currentIndex())
        if current.isValid() and self.model.is_draft(current.row()) and selection.isEmpty():
            return
        self._following_canvas = True
        try:
            flags = QItemSelectionModel.SelectionFlag.ClearAndSelect
            self.view.selectionModel().select(selection, flags)
            if not selection.isEmpty():
                self.view.scrollTo(selection.indexes()[0])
        finally:
            self._following_canvas = False

    def detach(self) -> None:
        self.model.detach()
