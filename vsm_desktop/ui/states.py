"""All the states one .vsm file carries (current, then future states), one on the canvas at a time.

The window has one MapDocument; each state not on the canvas keeps its map in a document of its
own (made when the file is opened or the state added), and switching state swaps the two
documents' contents: no map is copied and no graph rebuilt, and the canvas remakes only the
items that differ between the two states. Each state keeps its own QUndoStack in one
QUndoGroup, so undo in the future state never reaches into the current state, and the group's
undo/redo actions follow whichever state is shown.
"""

from __future__ import annotations

from collections.abc import Sized
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QUndoGroup, QUndoStack
from PySide6.QtWidgets import QHBoxLayout, QLabel, QTabBar, QToolButton, QWidget

from .. import cycle_collector, theme
from ..model import MapDocument, MapStates, ValueStreamMap
from ..model.value_stream_map import MAX_STATES, ReviewBase
from .appearance import ACCENT
from .background import LatestJobRunner
from .plain_text import tooltip_text


def state_label(states: Sized, index: int) -> str:
    """ "Current state", "Future state", or "Future state 2" when there are several."""
    if index == 0:
        return "Current state"
    futures = len(states) - 1
    return "Future state" if futures == 1 else f"Future state {index}"


@dataclass(frozen=True)
class SavePoint:
    """The states as a snapshot for saving saw them: how many edits each undo history and the
    list of states had had, and which file was loaded. A save that finishes later marks saved
    only what has not changed since (an edit made while it wrote stays unsaved)."""

    edits: tuple[tuple[QUndoStack, int], ...]
    structure_changes: int
    loads: int


@dataclass(frozen=True)
class StatesSnapshot:
    """Every state as it is now, taken cheaply on the GUI thread (MapDocument.snapshot copies
    only the records changed since the last one; to_map's validated copy is all of them); a
    worker makes the file's MapStates from it with `states()`."""

    sources: tuple[MapDocument | ValueStreamMap, ...]
    review_base: ReviewBase | None

    def states(self) -> MapStates:
        maps = [s.to_map() if isinstance(s, MapDocument) else s for s in self.sources]
        return MapStates(maps=maps, review_base=self.review_base)


class MapStatesSession(QObject):
    """The file's states and their undo histories; the document shows the active one."""

    active_changed = Signal(int)  # another state is on the canvas
    states_changed = Signal()  # a state was added or removed
    modified_changed = Signal()

    def __init__(self, document: MapDocument, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.group = QUndoGroup(self)
        self.group.cleanChanged.connect(lambda _clean: self.modified_changed.emit())
        # Counters a SavePoint compares: edits per undo history (pushed, undone, redone or
        # merged), states added or removed, files loaded.
        self._edit_counts: dict[QUndoStack, int] = {}
        self._structure_changes = 0
        self._loads = 0
        # Per state: the document holding it while another is shown (None for the shown one),
        # and its map as last handed out (None until asked; never an object a document holds).
        self._aside: list[MapDocument | None] = [None]
        self._maps: list[ValueStreamMap | None] = [None]
        self._stacks: list[QUndoStack] = [self._new_stack()]
        self._index = 0
        self._structure_changed = False  # states added or removed since the last save
        # The states as a copy was sent for review (io/merge.py), saved with the file.
        self.review_base: ReviewBase | None = None
        self.group.setActiveStack(self._stacks[0])
        # The future states of a file opened get their documents on a worker, so that showing
        # one first does not copy its map on the GUI thread (0.1-0.3 s at 5,000 elements).
        self._copier = LatestJobRunner(self)
        self._copier.setObjectName("copying the future states")
        self._copier.finished.connect(self._copied)

    def _new_stack(self) -> QUndoStack:
        stack = QUndoStack(self)
        self.group.addStack(stack)
        self._edit_counts[stack] = 0
        stack.indexChanged.connect(lambda _index, counted=stack: self._count_edit(counted))
        return stack

    def _count_edit(self, stack: QUndoStack) -> None:
        if stack in self._edit_counts:
            self._edit_counts[stack] += 1

    def _forget_stack(self, stack: QUndoStack) -> None:
        self.group.removeStack(stack)
        self._edit_counts.pop(stack, None)
        stack.deleteLater()

    def _note_structure_change(self) -> None:
        self._structure_changed = True
        self._structure_changes += 1

    # -- what the window reads ---------------------------------------------------------------

    @property
    def index(self) -> int:
        return self._index

    @property
    def count(self) -> int:
        return len(self._maps)

    @property
    def active_stack(self) -> QUndoStack:
        return self._stacks[self._index]

    @property
    def is_future(self) -> bool:
        return self._index > 0

    def label(self, index: int | None = None) -> str:
        return state_label(self._maps, self._index if index is None else index)

    def _holder(self, index: int) -> MapDocument | ValueStreamMap:
        """Where a state is now: the window's document for the shown one, else its own
        document, or its map as read until it is first shown."""
        if index == self._index:
            return self.document
        aside, stored = self._aside[index], self._maps[index]
        holder = aside if aside is not None else stored
        assert holder is not None  # a state not shown has a document, a map or both
        return holder

    def map_at(self, index: int) -> ValueStreamMap:
        """A state's map as it is now, a copy nobody changes (a worker may read it)."""
        if index == self._index:
            return self.document.to_map()
        stored = self._maps[index]
        if stored is None:
            stored = self._maps[index] = self._document_aside(index).to_map()
        return stored

    def _document_aside(self, index: int) -> MapDocument:
        aside = self._aside[index]
        assert aside is not None  # a state not shown with no map handed out has its document
        return aside

    def state_id(self, index: int) -> str:
        """A state's map id: names it while others are added or removed, without copying it."""
        holder = self._holder(index)
        return holder.map_id if isinstance(holder, MapDocument) else holder.id

    def title(self, index: int) -> str:
        return self._holder(index).info.title

    def snapshot(self) -> MapStates:
        """Every state as it is now, ready to save (on the GUI thread; see snapshot_for_worker)."""
        return self.snapshot_for_worker().states()

    def snapshot_for_worker(self) -> StatesSnapshot:
        """Every state as it is now, for a worker to save or export (see StatesSnapshot)."""
        sources = tuple(self.source_for_worker(index) for index in range(self.count))
        return StatesSnapshot(sources, self.review_base)

    def source_for_worker(self, index: int) -> MapDocument | ValueStreamMap:
        """A state as it is now, for a worker to read: its stored map (a copy nobody changes)
        or a snapshot of its document (to_map's validated copy is several times dearer: a
        worker makes it with to_map() when it needs one)."""
        stored = None if index == self._index else self._maps[index]
        if stored is not None:
            return stored
        if index == self._index:
            return self.document.snapshot()
        return self._document_aside(index).snapshot()

    def is_modified(self) -> bool:
        return self._structure_changed or not all(stack.isClean() for stack in self._stacks)

    def save_point(self) -> SavePoint:
        """Where the states are now; take it with the snapshot that is saved."""
        return SavePoint(tuple(self._edit_counts.items()), self._structure_changes, self._loads)

    def is_loaded_since(self, point: SavePoint) -> bool:
        """Another file (or the same one again) was loaded after the save point was taken."""
        return point.loads != self._loads

    def mark_saved(self, point: SavePoint | None = None) -> None:
        """The file now holds the states as they were at `point` (now, when None). A state
        edited since then stays unsaved, and so do states added or removed since then."""
        if point is None:
            point = self.save_point()
        if self.is_loaded_since(point):
            return  # the save was of a map no longer shown: nothing here is saved
        if point.structure_changes == self._structure_changes:
            self._structure_changed = False
        for stack, edits in point.edits:
            if stack not in self._edit_counts:
                continue  # its state was deleted since
            if self._edit_counts[stack] == edits:
                stack.setClean()
            else:
                stack.resetClean()  # the file holds an older version of this state
        self.modified_changed.emit()

    # -- changing ------------------------------------------------------------------------------

    def load(self, states: MapStates, documents: list[MapDocument] | None = None) -> None:
        """Show a file's states from the start: the current state, fresh undo histories.
        `documents`: a document of its own per state, copied on a worker (opening.py), which
        the states take instead of copying their maps here.

        The first stack lives on (cleared) so whoever holds it keeps a valid object.
        """
        for stack in self._stacks[1:]:
            self._forget_stack(stack)
        self._stacks = self._stacks[:1]
        self._loads += 1
        self._set_aside(states.maps, documents)
        self.review_base = states.review_base
        self._stacks += [self._new_stack() for _ in self._maps[1:]]
        self._index = 0
        self._structure_changed = False
        self.group.setActiveStack(self._stacks[0])
        self._stacks[0].clear()
        self._stacks[0].setClean()
        if documents:
            self.document.swap_contents(documents[0])  # (the map before is left in it)
        else:
            self.document.replace(states.maps[0])
        self.states_changed.emit()
        self.active_changed.emit(0)
        self.modified_changed.emit()

    def _set_aside(
        self, maps: list[ValueStreamMap], documents: list[MapDocument] | None = None
    ) -> None:
        """The future states of a file, kept as given (never changed: map_at hands them out),
        each copied into a document of its own on the worker, which it takes when first
        shown. The current state goes on the canvas, where the document makes its own copy."""
        self._aside = [None, *documents[1:]] if documents else [None for _ in maps]
        self._maps = [None, *maps[1:]]
        stored = [(index, m) for index, m in enumerate(self._maps)
                  if m is not None and self._aside[index] is None]
        if stored:
            self._copier.submit(lambda _control: _copied_documents(stored))
        else:
            self._copier.cancel()

    def _copied(self, copies: object) -> None:
        """A state's own document, copied on the worker from its map as read: taken while
        that map is still the state's and nobody has shown it (switch_to copies it then)."""
        for index, source, document in copies:  # type: ignore[attr-defined]
            if index < self.count and self._maps[index] is source and self._aside[index] is None:
                self._aside[index] = document

    def switch_to(self, index: int) -> None:
        """Put another state on the canvas; each keeps its edits and its undo history."""
        if index == self._index or not 0 <= index < self.count:
            return
        shown = self._aside[index]
        if shown is None:  # shown before its copy came from the worker: its own copy now
            with cycle_collector.paused():
                shown = MapDocument.copying(self._maps[index])
        # Set aside first: while the swap's events run, `shown` holds the state leaving.
        self._aside[index], self._aside[self._index] = None, shown
        self._maps[index] = self._maps[self._index] = None  # both change from here on
        self._index = index
        self.group.setActiveStack(self._stacks[index])
        self.document.swap_contents(shown)
        self.active_changed.emit(index)

    def add_future_state(self) -> int:
        """A future state derived from the current state as it is now; returns its index."""
        if self.count >= MAX_STATES:
            raise ValueError(f"a file holds at most {MAX_STATES} states; delete one first")
        future = self.map_at(0).derive_future_state()
        if self.count > 1:
            future.info.title = f"{future.info.title} {self.count}"
        self._aside.append(MapDocument.owning(future))
        self._maps.append(None)
        self._stacks.append(self._new_stack())
        self._note_structure_change()
        self.states_changed.emit()
        self.modified_changed.emit()
        return self.count - 1

    def replace_states(self, states: MapStates) -> None:
        """Put every state to the given maps at once (a merge, or undoing one), the current
        state on the canvas. States are matched by map id and keep their undo histories;
        states new to the file get a fresh one. Call it while the current state is shown."""
        if states.current.id != self.state_id(0):
            raise ValueError("the current state of a file keeps its map id")
        self.switch_to(0)
        stacks_by_id = {self.state_id(i): stack for i, stack in enumerate(self._stacks)}
        new_ids = [m.id for m in states.maps]
        for map_id, stack in stacks_by_id.items():
            if map_id not in new_ids:
                self._forget_stack(stack)
        if set(new_ids) != set(stacks_by_id):
            self._note_structure_change()
        self._set_aside(states.maps)
        self._stacks = [stacks_by_id.get(m.id) or self._new_stack() for m in states.maps]
        self.document.replace(states.maps[0])
        self.states_changed.emit()
        self.active_changed.emit(0)
        self.modified_changed.emit()

    def remove_state(self, index: int) -> None:
        """Delete a future state (never the current state); the canvas shows the one before."""
        if index <= 0 or index >= self.count:
            raise ValueError("only a future state can be deleted")
        removed_id = self.state_id(index)
        if index == self._index:
            self.switch_to(index - 1)
        stack = self._stacks.pop(index)
        self._maps.pop(index)
        self._aside.pop(index)
        self._forget_stack(stack)
        if self._index > index:
            self._index -= 1
        # States based on the deleted one are now based on the current state.
        current_id = self.state_id(0)
        for i in range(self.count):
            holder = self._holder(i)
            if holder.info.based_on_map_id != removed_id:
                continue
            if i == self._index:
                self.document.update_info(based_on_map_id=current_id)
            elif isinstance(holder, MapDocument):  # its copies handed out stay as they were
                holder.info.based_on_map_id = current_id
                self._maps[i] = None
            else:  # a new map: a save in flight may be writing this one
                info = holder.info.model_copy(update={"based_on_map_id": current_id})
                self._maps[i] = holder.model_copy(update={"info": info})
        self._note_structure_change()
        self.states_changed.emit()
        self.modified_changed.emit()


def _copied_documents(
    stored: list[tuple[int, ValueStreamMap]],
) -> list[tuple[int, ValueStreamMap, MapDocument]]:
    """On the worker: a document of its own for each state's map (the maps are never changed)."""
    with cycle_collector.paused():  # many objects that all stay
        return [(index, m, MapDocument.copying(m)) for index, m in stored]


STYLE = f"""
QWidget#stateSwitcher {{ background: {theme.CANVAS_BACKGROUND}; }}
QTabBar#stateTabs::tab {{
    padding: 5px 16px; margin-right: 2px; color: {theme.INK_MUTED};
    background: {theme.LANE_HEADER_FILL}; border: 1px solid {theme.LANE_BORDER};
    border-bottom: none; border-top-left-radius: 5px; border-top-right-radius: 5px;
}}
QTabBar#stateTabs::tab:selected {{
    color: {theme.INK}; background: #FFFFFF; font-weight: bold;
    border-top: 3px solid {ACCENT};
}}
QTabBar#stateTabs::tab:!selected:hover {{ color: {theme.INK}; }}
QToolButton {{ padding: 3px 8px; }}
QLabel#stateHint {{ color: {theme.INK_MUTED}; font-style: italic; }}
"""


class StateSwitcher(QWidget):
    """Tabs above the canvas: which state is shown, and a button for a new future state."""

    state_requested = Signal(int)
    new_future_requested = Signal()
    compare_requested = Signal()

    def __init__(self, session: MapStatesSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stateSwitcher")
        self.session = session
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 0)
        layout.setSpacing(8)
        self.tabs = QTabBar()
        self.tabs.setObjectName("stateTabs")
        self.tabs.setDrawBase(False)
        self.tabs.setExpanding(False)
        self.tabs.setDocumentMode(True)
        self.tabs.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.tabs.currentChanged.connect(self._on_tab)
        self.hint = QLabel()
        self.hint.setObjectName("stateHint")
        self.new_button = QToolButton()
        self.new_button.setText("+ Future state")
        self.new_button.setToolTip(
            "Copy the current state into a new future state to redesign (Map menu)"
        )
        self.new_button.clicked.connect(self.new_future_requested)
        self.compare_button = QToolButton()
        self.compare_button.setText("Compare…")
        self.compare_button.setToolTip("Current and future state side by side, every figure")
        self.compare_button.clicked.connect(self.compare_requested)
        layout.addWidget(self.tabs)
        layout.addWidget(self.new_button)
        layout.addWidget(self.compare_button)
        layout.addStretch(1)
        layout.addWidget(self.hint)
        self.setStyleSheet(STYLE)
        session.states_changed.connect(self.refresh)
        session.active_changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        session = self.session
        self.tabs.blockSignals(True)
        while self.tabs.count() > session.count:
            self.tabs.removeTab(self.tabs.count() - 1)
        while self.tabs.count() < session.count:
            self.tabs.addTab("")
        for index in range(session.count):
            self.tabs.setTabText(index, session.label(index))
            self.tabs.setTabToolTip(index, tooltip_text(session.title(index)))
        self.tabs.setCurrentIndex(session.index)
        self.tabs.blockSignals(False)
        self.compare_button.setVisible(session.count > 1)
        if session.is_future:
            self.hint.setText("Redesigning: edits here leave the current state as it is")
        elif session.count > 1:
            self.hint.setText("As the work flows today")
        else:
            self.hint.setText("")
        self.setProperty("future", session.is_future)
        self.style().unpolish(self)
        self.style().polish(self)

    def _on_tab(self, index: int) -> None:
        if index >= 0 and index != self.session.index:
            self.state_requested.emit(index)


__all__ = ["MapStatesSession", "StateSwitcher", "state_label"]
