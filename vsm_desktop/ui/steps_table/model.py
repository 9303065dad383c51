"""The steps table's model: the map's steps, queues and approvals as rows, then an empty draft.

It reads the document and listens to its events, as the canvas does; every edit of a cell is one
named undo command on the shown state's history. Typing fills the draft row; Enter adds it to the
map (appending.py), and rows pasted from a spreadsheet join it all or nothing.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont

from ...model import Element, Lane, MapDocument
from ...model import events as ev
from ...model.elements import default_value_category
from ...model.fields import unit_word
from ...model.flow_edits import y_in_lane
from ...model.layout import DEFAULT_LANE_HEIGHT
from ...model.step_rows import (
    COLUMNS,
    SPECS,
    TITLES,
    RowError,
    applies,
    display_text,
    edit_text,
    is_row_element,
    lane_by_name,
    parse_cell,
    parse_row,
    split_pasted,
)
from ..commands import AddLaneCommand, UpdateElementsCommand
from ..undo_history import UndoHistory, active_stack
from .appending import append_rows

COLUMN = {name: index for index, name in enumerate(COLUMNS)}
_MUTED = QColor("#7a8087")
_ERROR_BACKGROUND = QColor("#fde2e1")
_DRAFT_BACKGROUND = QColor("#f4f8fc")
_ROOT = QModelIndex()
# Each run of rows joining or leaving re-reads the row index: past this many, one reset is less.
_MOST_RUNS = 16


class StepsModel(QAbstractTableModel):
    """Rows: the document's steps, queues and approvals in map order, then the draft row."""

    message = Signal(str)  # a sentence for the line under the table (errors, what happened)

    def __init__(self, document: MapDocument, history: UndoHistory, parent=None) -> None:
        super().__init__(parent)
        self.document = document
        self.history = history
        self._ids: list[str] = []
        self._rows: dict[str, int] = {}  # element id -> its row: selecting all asks 5,000 times
        self.draft: dict[str, str] = {}
        self.draft_errors: set[str] = set()
        self._read_rows()
        document.events.subscribe(self._on_event)

    def detach(self) -> None:
        self.document.events.unsubscribe(self._on_event)

    # -- rows ----------------------------------------------------------------------------------

    def _read_rows(self) -> None:
        self._set_ids([e.id for e in self.document.elements() if is_row_element(e)])

    def _set_ids(self, ids: list[str]) -> None:
        self._ids = ids
        self._rows = {element_id: row for row, element_id in enumerate(ids)}

    def _on_event(self, event: ev.DocumentEvent) -> None:
        kind_changed = isinstance(event, ev.ElementsChanged) and "kind" in event.fields
        if isinstance(event, ev.DocumentReset) or kind_changed:
            self._change_rows([e.id for e in self.document.elements() if is_row_element(e)])
        elif isinstance(event, ev.ElementsRemoved):
            gone = {i for i in event.ids if i in self._rows}
            if gone:
                self._change_rows([i for i in self._ids if i not in gone])
        elif isinstance(event, ev.ElementsAdded):
            self._add_rows(event.ids)
        elif isinstance(event, ev.LanesChanged):  # a lane renamed: its rows read anew
            self._repaint_all()
        elif isinstance(event, ev.ElementsChanged):
            rows = [self._rows[i] for i in event.ids if i in self._rows]
            if rows:
                self.dataChanged.emit(
                    self.index(min(rows), 0), self.index(max(rows), len(COLUMNS) - 1)
                )
        elif isinstance(event, ev.MapInfoChanged):  # the calendar: durations read anew
            self._repaint_all()

    # Rows that leave or join are said as such, run by run, so the sorted view and the
    # selection follow them; a reset made the view sort and measure every row again (a delete
    # or its undo on a 5,000-element map held the window up for tens of milliseconds). Rows
    # added or removed are placed from the event, without reading the whole map again.

    def _add_rows(self, element_ids: tuple[str, ...]) -> None:
        """Elements added (or put back): their rows join in the map's order."""
        document = self.document
        joining = [
            i for i in element_ids
            if i not in self._rows and document.has_element(i)
            and is_row_element(document.element(i))
        ]
        if not joining:
            return
        order = document.file_order
        new_ids = list(self._ids)
        for element_id in sorted(joining, key=order):
            new_ids.insert(bisect_left(new_ids, order(element_id), key=order), element_id)
        self._change_rows(new_ids)

    def _change_rows(self, new_ids: list[str]) -> None:
        if new_ids == self._ids:
            self._repaint_all()
        elif not (self._remove_rows(new_ids) or self._insert_rows(new_ids)):
            self.beginResetModel()
            self._set_ids(new_ids)
            self.endResetModel()

    def _remove_rows(self, new_ids: list[str]) -> bool:
        """When new_ids is the rows without some of them: remove those; whether it was."""
        if len(new_ids) >= len(self._ids):
            return False
        kept = set(new_ids)
        if [i for i in self._ids if i in kept] != new_ids:
            return False
        runs = _runs([row for row, i in enumerate(self._ids) if i not in kept])
        if len(runs) > _MOST_RUNS:
            return False
        for first, last in reversed(runs):
            self.beginRemoveRows(_ROOT, first, last)
            self._set_ids(self._ids[:first] + self._ids[last + 1 :])
            self.endRemoveRows()
        return True

    def _insert_rows(self, new_ids: list[str]) -> bool:
        """When new_ids is the rows with some more among them: insert those; whether it was."""
        if len(new_ids) <= len(self._ids):
            return False
        old = self._rows
        if [i for i in new_ids if i in old] != self._ids:
            return False
        runs = _runs([row for row, i in enumerate(new_ids) if i not in old])
        if len(runs) > _MOST_RUNS:
            return False
        for first, last in runs:  # rows of new_ids: those above are in place by now
            self.beginInsertRows(_ROOT, first, last)
            self._set_ids(self._ids[:first] + new_ids[first : last + 1] + self._ids[first:])
            self.endInsertRows()
        return True

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
        return self._rows.get(element_id)

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
            return _DRAFT_HINTS.get(column, "").format(unit=unit_word(self.document.calendar))
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
        element_id = append_rows(
            self.document, active_stack(self.history), [row], previous_id, label=None
        )[0]
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
        ids = append_rows(self.document, active_stack(self.history), rows, previous_id, label)
        self.message.emit(f"Pasted {len(ids)} step" + ("" if len(ids) == 1 else "s") + ".")
        return ids

def _fails(cells: dict[str, str], document: MapDocument) -> bool:
    try:
        parse_row(cells, document.calendar)
    except RowError:
        return True
    return False


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    """Ascending rows as (first, last) runs of neighbours."""
    runs: list[tuple[int, int]] = []
    for row in rows:
        if runs and runs[-1][1] == row - 1:
            runs[-1] = (runs[-1][0], row)
        else:
            runs.append((row, row))
    return runs


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
