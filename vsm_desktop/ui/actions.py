"""One QAction per command, kept by a name: menus, the toolbar and context menus share them.

A command has one label, one shortcut and one enabled state wherever it appears, because every
place shows the same QAction object.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence

from . import icons

Shortcut = QKeySequence | QKeySequence.StandardKey | str | list[QKeySequence] | None


def menu_text(label: str) -> str:
    """Map text in an action label: a single "&" would become a mnemonic and vanish."""
    return label.replace("&", "&&")


class ActionRegistry:
    """The named actions of one window (or one canvas, for its own commands)."""

    def __init__(self, owner: QObject) -> None:
        self._owner = owner
        self._actions: dict[str, QAction] = {}

    def add(
        self,
        name: str,
        text: str,
        slot: Callable[..., object],
        shortcut: Shortcut = None,
        icon: str | None = None,
        tip: str = "",
        checkable: bool = False,
    ) -> QAction:
        """Create the one action for a command; a checkable one passes its state to the slot."""
        if name in self._actions:
            raise ValueError(f"two actions named {name!r}")
        action = QAction(text, self._owner)
        action.setObjectName(name)
        if icon:
            action.setIcon(icons.icon(icon))
        set_shortcut(action, shortcut)
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.setCheckable(checkable)
        if checkable:
            action.toggled.connect(slot)
        else:
            action.triggered.connect(lambda _checked=False: slot())
        # Shown in context menus, the key is worth learning.
        action.setShortcutVisibleInContextMenu(True)
        self._actions[name] = action
        return action

    def adopt(self, name: str, action: QAction) -> QAction:
        """Keep an action made elsewhere (the undo group's undo and redo) under a name."""
        if name in self._actions:
            raise ValueError(f"two actions named {name!r}")
        action.setObjectName(name)
        self._actions[name] = action
        return action

    def include(self, other: ActionRegistry) -> None:
        """Take over another registry's actions (the canvas's), so menus can find them."""
        for name, action in other.items():
            self.adopt(name, action)

    def __getitem__(self, name: str) -> QAction:
        return self._actions[name]

    def __contains__(self, name: object) -> bool:
        return name in self._actions

    def __iter__(self) -> Iterator[QAction]:
        return iter(self._actions.values())

    def items(self) -> list[tuple[str, QAction]]:
        return list(self._actions.items())

    def named(self, prefix: str) -> dict[str, QAction]:
        """The actions whose name starts with prefix ("align." -> its six edges), in order."""
        return {
            name[len(prefix) :]: action
            for name, action in self._actions.items()
            if name.startswith(prefix)
        }


def set_shortcut(action: QAction, shortcut: Shortcut) -> None:
    if isinstance(shortcut, QKeySequence.StandardKey | list):
        action.setShortcuts(shortcut)
    elif shortcut:
        action.setShortcut(QKeySequence(shortcut))
