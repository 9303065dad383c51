"""Opening a large map without freezing the window: its file is read and checked on a worker,
then its items are made a slice at a time (canvas/scene_building.py). Meanwhile the canvas is
covered by a plain "Opening…" panel with its progress, the status bar says the map can be
edited once it is drawn, and the zoom and the "Opened" message wait for the whole map."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QLabel, QProgressBar, QVBoxLayout, QWidget

from ... import cycle_collector, theme
from ...model import MapDocument, MapStates
from ..background import LatestJobRunner
from ..plain_text import plain_label

if TYPE_CHECKING:
    from ..main_window import MainWindow

# From this size on a file is read on a worker (at 512 KB, about 180 elements, reading and
# checking it takes some 30 ms here; a 5,000-element file took 0.4 s). Smaller files open at
# once, as they always did.
READ_ON_A_WORKER_FROM = 512 * 1024
DRAWING = "Drawing the map…"
NOT_YET_EDITABLE = "the map can be edited once it is drawn"

STYLE = f"""
QWidget#openingCover {{ background: {theme.CANVAS_BACKGROUND}; }}
QLabel#openingTitle {{ color: {theme.INK}; font-size: 16pt; font-weight: bold; }}
QLabel#openingNote {{ color: {theme.INK_MUTED}; font-size: 11pt; }}
QProgressBar#openingProgress {{ min-width: 320px; max-width: 320px; }}
"""


class OpeningCover(QWidget):
    """Lies over the map view's viewport while the map is drawn: what is opening, how far it
    is, and that it cannot be edited yet. It takes the mouse, so nothing half-built is
    clicked. The view does not paint under it (MapOpening stops the viewport's updates):
    drawing half a map after every slice would cost more than the slice."""

    def __init__(self, view: QWidget) -> None:
        super().__init__(view)
        self.setObjectName("openingCover")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(STYLE)
        self.title = plain_label()  # a file's name is data
        self.title.setObjectName("openingTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setObjectName("openingProgress")
        self.progress.setRange(0, 100)
        self.progress.setTextVisible(False)
        note = QLabel(NOT_YET_EDITABLE.capitalize() + ".")
        note.setObjectName("openingNote")
        note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.title)
        layout.addWidget(self.progress, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(note)
        layout.addStretch(1)
        self.hide()
        view.installEventFilter(self)

    def cover(self, title: str, busy: bool = False) -> None:
        """Show `title`; `busy`: no share to show yet (the file is being read)."""
        self.title.setText(title)
        self.progress.setRange(0, 0 if busy else 100)
        self.progress.setValue(0)
        self._fit()
        self.show()
        self.raise_()

    def set_progress(self, share: float) -> None:
        self.progress.setRange(0, 100)
        self.progress.setValue(round(share * 100))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Resize and self.isVisible():
            self._fit()
        return False

    def _fit(self) -> None:
        view = self.parentWidget()
        self.setGeometry(view.viewport().geometry())  # type: ignore[attr-defined]


class MapOpening:
    """Reads a large file on a worker, and follows the canvas scene's build: the cover, the
    status bar, the view's interaction, and what waits for the whole map (the zoom a file
    opens at, its "Opened" message)."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.view = window.view
        self.scene = window.view.scene()
        self.cover = OpeningCover(self.view)
        self._waiting: list[Callable[[], object]] = []
        self._done_message = ""
        self.scene.build_started.connect(self._started)
        self.scene.build_progress.connect(self.cover.set_progress)
        self.scene.built.connect(self._built)
        window.in_progress.track("drawing the map", lambda: self.scene.building)
        self.reader = LatestJobRunner(window)
        self.reader.setObjectName("reading the map")
        self.reader.finished.connect(self._read)
        self.reader.failed.connect(self._read_failed)
        self._on_read: Callable[[MapStates, list[MapDocument]], object] | None = None
        self._on_failure: Callable[[str], object] | None = None

    # -- reading ---------------------------------------------------------------------------

    @staticmethod
    def reads_on_a_worker(path: Path) -> bool:
        try:
            return path.stat().st_size >= READ_ON_A_WORKER_FROM
        except OSError:
            return False  # reading it at once says what is wrong with it

    def read(self, path: Path, opened: Callable[[MapStates, list[MapDocument]], object],
             failed: Callable[[str], object]) -> None:
        """Read and check the file on the worker, and copy each state into a document of its
        own there too (the window's copy of a 5,000-element map took 0.1-0.3 s), the canvas
        covered meanwhile; then `opened(states, documents)`, or `failed(message)` with the
        message naming the file, element and field. A newer read, or another map shown
        meanwhile, drops this one."""
        from ...io.vsm_file import load_states

        def work(_control) -> tuple[MapStates, list[MapDocument]]:
            with cycle_collector.paused():  # the map becomes many objects that all stay
                states = load_states(path)
                return states, [MapDocument.copying(m) for m in states.maps]

        self._on_read, self._on_failure = opened, failed
        self.reader.submit(work)
        self._cover(f"Opening {path.name}…", busy=True)
        self.window.show_status(f"Opening {path.name}…")

    def cancel_reading(self) -> None:
        """Another map is shown: a file still being read must not replace it."""
        if self.reader.busy:
            self.reader.cancel()
            if not self.scene.building:
                self._uncover()

    def _read(self, result: object) -> None:
        opened, self._on_read = self._on_read, None
        states, documents = result  # type: ignore[misc]
        assert opened is not None
        self._uncover()  # (the scene covers the canvas again while it draws the map)
        opened(states, documents)

    def _read_failed(self, message: str) -> None:
        failed, self._on_failure = self._on_failure, None
        self._uncover()
        self.window.statusBar().clearMessage()
        if failed is not None:
            failed(message)

    # -- drawing ---------------------------------------------------------------------------

    @property
    def drawing(self) -> bool:
        return self.scene.building

    def when_drawn(self, action: Callable[[], object]) -> None:
        """Run `action` once the whole map is on the canvas (from the event loop either way)."""
        if self.scene.building:
            self._waiting.append(action)
        else:
            QTimer.singleShot(0, action)

    def announce(self, name: str, done_message: str) -> None:
        """Say which map is opening (the scene started drawing it), and `done_message` once it
        is drawn; when it was drawn at once, say that now."""
        if not self.scene.building:
            self.window.show_status(done_message, 5000)
            return
        self._done_message = done_message
        self._cover(f"Opening {name}…")
        self.window.show_status(f"Opening {name}… {NOT_YET_EDITABLE}")

    def _started(self) -> None:
        self._done_message = ""
        self._cover(DRAWING)
        self.window.show_status(f"{DRAWING} {NOT_YET_EDITABLE}")

    def _built(self) -> None:
        self._uncover()
        message, self._done_message = self._done_message, ""
        if message:
            self.window.show_status(message, 5000)
        else:
            self.window.statusBar().clearMessage()
        waiting, self._waiting = self._waiting, []
        for action in waiting:
            action()

    def _cover(self, title: str, busy: bool = False) -> None:
        self.view.setInteractive(False)
        self.view.viewport().setUpdatesEnabled(False)
        self.cover.cover(title, busy)

    def _uncover(self) -> None:
        self.view.setInteractive(True)
        self.view.viewport().setUpdatesEnabled(True)
        self.cover.hide()
