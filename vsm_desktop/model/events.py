"""Past-tense events a MapDocument emits after it changed, and a tiny emitter for them.

Plain Python so that the model needs no Qt; the canvas subscribes and updates only the items an
event names. EditFinished comes once after each finished edit (or batch of edits), which is when
listeners recompute the analysis.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class DocumentEvent:
    pass


@dataclass(frozen=True)
class ElementsAdded(DocumentEvent):
    ids: tuple[str, ...]


@dataclass(frozen=True)
class ElementsRemoved(DocumentEvent):
    ids: tuple[str, ...]


@dataclass(frozen=True)
class ElementsMoved(DocumentEvent):
    ids: tuple[str, ...]


@dataclass(frozen=True)
class ElementsChanged(DocumentEvent):
    ids: tuple[str, ...]
    fields: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class ConnectionsAdded(DocumentEvent):
    ids: tuple[str, ...]


@dataclass(frozen=True)
class ConnectionsRemoved(DocumentEvent):
    ids: tuple[str, ...]


@dataclass(frozen=True)
class ConnectionsChanged(DocumentEvent):
    ids: tuple[str, ...]
    fields: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class LanesChanged(DocumentEvent):
    """Lanes were added, removed, renamed, resized or reordered."""


@dataclass(frozen=True)
class MapInfoChanged(DocumentEvent):
    """Title, description, author, state or calendar changed."""


@dataclass(frozen=True)
class DocumentReset(DocumentEvent):
    """Everything was replaced (a file was opened); rebuild from scratch."""


@dataclass(frozen=True)
class ContentsSwapped(DocumentReset):
    """Another state's map is shown (MapDocument.swap_contents): the map leaving lives on
    beside it, so nothing of either became garbage."""


@dataclass(frozen=True)
class EditFinished(DocumentEvent):
    """One finished edit (or batch); the moment to recompute the analysis."""


Listener = Callable[[DocumentEvent], None]


class EventEmitter:
    def __init__(self) -> None:
        self._listeners: list[Listener] = []

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        self._listeners.remove(listener)

    def emit(self, event: DocumentEvent) -> None:
        for listener in list(self._listeners):
            listener(event)
