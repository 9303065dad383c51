"""Recovery copies of unsaved maps, written in the background while the user works.

A map with unsaved changes is copied into the app's data folder at most `interval` seconds after
its first unsaved edit, so a crash, a kill or a flat battery loses at most that much work. The
GUI thread only takes a snapshot of the map (the document is consistent only there; 8 ms for
1,000 elements); one background thread turns it into JSON and writes it, in order, so the window
never waits for the disk and a discard can never be overtaken by an older write.

One RecoveryFolder per running app holds a QLockFile on its session folder; a folder whose lock
is free belongs to an app that is gone, and its copies are offered at the next start.
"""

from __future__ import annotations

import logging
import shutil
import time
import weakref
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, QStandardPaths, QTimer, Signal

from ..io.errors import VsmFileError
from ..io.recovery import LOCK_NAME, RecoverySession, find_recoverable
from ..io.recovery import RecoveredMap as RecoveredMap  # re-exported for the UI
from ..io.vsm_file import dumps_states
from ..model import events as ev
from ..model.value_stream_map import MapStates

log = logging.getLogger(__name__)

DEFAULT_INTERVAL_SECONDS = 30


def app_data_folder() -> Path:
    """The per-user folder for recovery copies and crash reports (not the user's documents)."""
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(location or Path.home() / ".vsm-desktop")


def recovery_root() -> Path:
    return app_data_folder() / "recovery"


def _lock_file(folder: Path) -> QLockFile:
    lock = QLockFile(str(folder / LOCK_NAME))
    # Never treat a lock as stale because of its age: a workshop keeps the app open for hours.
    # A lock is stale only when the process that wrote it is gone.
    lock.setStaleLockTime(0)
    return lock


def is_session_alive(folder: Path) -> bool:
    """Whether another running app holds this session folder's lock (its copies are not ours)."""
    lock = _lock_file(Path(folder))
    if lock.tryLock(0):
        lock.unlock()
        return False
    return lock.error() == QLockFile.LockError.LockFailedError


class RecoveryFolder:
    """This app's recovery session, created on the first copy and locked while the app runs."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = Path(root) if root is not None else recovery_root()
        self._session: RecoverySession | None = None
        self._lock: QLockFile | None = None

    @property
    def session(self) -> RecoverySession:
        if self._session is None:
            session = RecoverySession(self.root)
            lock = _lock_file(session.folder)
            if not lock.tryLock(0):
                raise VsmFileError(
                    f"could not lock the recovery folder {session.folder} ({lock.error().name})"
                )
            self._session, self._lock = session, lock
        return self._session

    @property
    def folder(self) -> Path | None:
        return self._session.folder if self._session is not None else None

    def recoverable(self) -> list[RecoveredMap]:
        """Copies left by apps that are gone; never this app's own, never a live app's."""
        own = self.folder

        def alive(folder: Path) -> bool:
            return folder == own or is_session_alive(folder)

        self._remove_empty_dead_sessions(alive)
        return find_recoverable(self.root, alive)

    def _remove_empty_dead_sessions(self, alive: Callable[[Path], bool]) -> None:
        """Folders of apps that died with nothing unsaved would otherwise pile up."""
        if not self.root.is_dir():
            return
        for folder in self.root.iterdir():
            if folder.is_dir() and not any(folder.glob("*.vsm")) and not alive(folder):
                shutil.rmtree(folder, ignore_errors=True)

    def close(self) -> None:
        """The app closed cleanly: nothing of this session needs recovering."""
        if self._session is None:
            return
        session, lock = self._session, self._lock
        self._session = self._lock = None
        for copy in session.folder.glob("*.vsm"):
            copy.unlink(missing_ok=True)
        if lock is not None:
            lock.unlock()
        session.close()


_shared_folder: RecoveryFolder | None = None


def shared_recovery_folder() -> RecoveryFolder:
    """The one RecoveryFolder of this running app (windows share its session and lock)."""
    global _shared_folder
    if _shared_folder is None:
        _shared_folder = RecoveryFolder()
    return _shared_folder


@dataclass(frozen=True)
class RecoverySnapshot:
    """What a window hands over to be copied: the file's bytes and how to offer them later."""

    states: MapStates  # a copy: the writer thread reads it while the user keeps editing
    title: str
    original_path: str | None


@dataclass
class AutosaveTimings:
    """The last copy's cost in milliseconds: the snapshot (GUI thread), JSON and disk (worker)."""

    snapshot_ms: float = 0.0
    write_ms: float = 0.0


class _WorkerSignals(QObject):
    written = Signal(str, float)  # path of the copy, milliseconds spent writing
    failed = Signal(str)


_live_controllers: weakref.WeakSet[AutosaveController] = weakref.WeakSet()


def write_emergency_copies() -> list[Path]:
    """Copy every open map with unsaved changes now, on this thread (after an unexpected error)."""
    written = []
    for controller in list(_live_controllers):
        path = controller.write_now(wait=True)
        if path is not None:
            written.append(path)
    return written


class AutosaveController(QObject):
    """Keeps a recovery copy of one window's map while it has unsaved changes.

    The window tells it when an edit finished (note_edit) and when the unsaved-changes flag may
    have flipped (note_modified_changed); `is_modified` says whether there is anything to keep.
    """

    copy_written = Signal(str)  # path of the recovery copy
    copy_failed = Signal(str)  # a message for the status bar; autosave keeps trying

    def __init__(
        self,
        folder: RecoveryFolder,
        is_modified: Callable[[], bool],
        snapshot: Callable[[], RecoverySnapshot],
        interval_seconds: float = DEFAULT_INTERVAL_SECONDS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.folder = folder
        self.key = f"map-{id(self):x}-{time.time_ns():x}"[:64]
        self._is_modified = is_modified
        self._snapshot = snapshot
        self._changes = 0  # bumped on every edit, so a copy is written only when needed
        self._copied_changes = -1
        self._has_copy = False
        self._closed = False
        self.timings = AutosaveTimings()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_timeout)
        self.set_interval(interval_seconds)
        # One thread: writes and discards happen in the order they were asked for. A Python
        # executor, not QThreadPool: waiting on it releases the GIL the writer needs.
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="autosave")
        self._signals = _WorkerSignals(self)
        self._signals.written.connect(self._on_written)
        self._signals.failed.connect(self.copy_failed)
        _live_controllers.add(self)

    @property
    def interval_seconds(self) -> float:
        return self._timer.interval() / 1000

    def set_interval(self, seconds: float) -> None:
        self._timer.setInterval(max(1, round(seconds * 1000)))

    @property
    def pending(self) -> bool:
        """A copy is due: the timer runs until the unsaved changes are copied."""
        return self._timer.isActive()

    @property
    def copy_path(self) -> Path | None:
        folder = self.folder.folder
        return folder / f"{self.key}.vsm" if self._has_copy and folder is not None else None

    # -- when to copy ----------------------------------------------------------------------

    def note_edit(self) -> None:
        self._changes += 1
        self._schedule()

    def note_document_event(self, event: ev.DocumentEvent) -> None:
        if isinstance(event, ev.EditFinished):
            self.note_edit()

    def note_modified_changed(self) -> None:
        """Saved (or undone back to the saved map): the copy goes; modified: one is due."""
        if self._is_modified():
            self.note_edit()
        else:
            self._timer.stop()
            self.discard()

    def _schedule(self) -> None:
        """Start the countdown at the first unsaved edit; later edits do not postpone it."""
        if not self._closed and self._is_modified() and not self._timer.isActive():
            self._timer.start()

    def _on_timeout(self) -> None:
        self.write_now()

    # -- copying ---------------------------------------------------------------------------

    def write_now(self, wait: bool = False) -> Path | None:
        """Copy the map now if it has changes not yet copied; wait=True writes on this thread."""
        self._timer.stop()
        if self._closed:
            return None
        if not self._is_modified() or self._copied_changes == self._changes:
            return self.copy_path if wait else None
        started = time.perf_counter()
        try:
            snapshot = self._snapshot()
            session = self.folder.session
        except (VsmFileError, ValueError, OSError) as error:
            log.warning("recovery copy not taken: %s", error)
            self.copy_failed.emit(f"Could not write the recovery copy: {error}")
            self._timer.start()  # try again after another interval
            return None
        self.timings.snapshot_ms = (time.perf_counter() - started) * 1000
        self._copied_changes = self._changes
        self._has_copy = True

        def write() -> None:
            began = time.perf_counter()
            try:
                data = dumps_states(snapshot.states).encode("utf-8")
                path = session.write(self.key, data, snapshot.title, snapshot.original_path)
            except (VsmFileError, OSError, ValueError) as error:
                log.warning("recovery copy not written: %s", error)
                self._signals.failed.emit(f"Could not write the recovery copy: {error}")
                return
            self._signals.written.emit(str(path), (time.perf_counter() - began) * 1000)

        if wait:
            self.wait_for_writes()
            write()
            return self.copy_path
        self._writer.submit(write)
        return None

    def _on_written(self, path: str, write_ms: float) -> None:
        self.timings.write_ms = write_ms
        self.copy_written.emit(path)

    def discard(self) -> None:
        """Remove this map's copy (saved, or closed on purpose); queued after pending writes."""
        self._copied_changes = -1
        if not self._has_copy or self._closed:
            return
        self._has_copy = False
        session = self.folder.session
        self._writer.submit(session.discard, self.key)

    def wait_for_writes(self, timeout_seconds: float | None = None) -> bool:
        """Block until every write and discard asked for so far is done (False on timeout)."""
        try:
            self._writer.submit(lambda: None).result(timeout_seconds)
        except TimeoutError:
            return False
        return True

    def close(self) -> None:
        """The window closes on purpose: stop copying and remove the copy."""
        self._timer.stop()
        self.discard()
        self._closed = True
        self._writer.shutdown(wait=True)
        _live_controllers.discard(self)
