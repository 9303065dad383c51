"""Where an edit's undo command goes: one stack, or a group that follows the shown map state.

The window owns one QUndoGroup (each map state has its own stack in it); the canvas and the
inspector hold the group and push onto its active stack, so switching state needs no rewiring.
Standalone views (tests, exports) hold a plain stack.
"""

from __future__ import annotations

from PySide6.QtGui import QUndoGroup, QUndoStack

UndoHistory = QUndoStack | QUndoGroup


def active_stack(history: UndoHistory) -> QUndoStack:
    """The stack an edit is pushed onto now."""
    if isinstance(history, QUndoGroup):
        stack = history.activeStack()
        if stack is None:
            raise RuntimeError("the undo group has no active stack")
        return stack
    return history
