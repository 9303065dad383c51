"""Save on a worker: the GUI thread takes a snapshot of the states, a worker turns it into JSON
and writes it atomically (io/atomic_write.py), and the window answers meanwhile.

At 5,000 elements the JSON and the write took 0.6-1 s of the window's time. The snapshot is the
only part left on the GUI thread; the worker reads only it, never the document. Whoever must know
that the file is written (closing, opening another map) waits with `wait()`, which keeps the
window painting. One save runs at a time: a second one could race the first to the same file
and would see the first one's write as someone else's change.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QEventLoop, QObject, Signal

from ... import cycle_collector
from ...io.disk_stamp import DiskStamp, stamp_of
from ...model import MapStates
from ..background import LatestJobRunner
from ..states import SavePoint, StatesSnapshot


@dataclass(frozen=True)
class SavedFile:
    """What a finished save wrote, and where the states stood when it was taken."""

    path: Path
    stamp: DiskStamp | None  # the file as written: the next save's conflict check
    states: MapStates  # what the file holds now: the merge base if it changes on disk
    point: SavePoint


def write_states(
    snapshot: StatesSnapshot, path: Path, keep_backup: bool, point: SavePoint
) -> SavedFile:
    """On the worker: copy, serialise and write atomically (VsmFileError says why not)."""
    from ...io.vsm_file import save_states

    with cycle_collector.paused():  # the maps and their JSON: records at once, not garbage
        states = snapshot.states()
        save_states(states, path, keep_backup=keep_backup)
    resolved = path.resolve()
    return SavedFile(resolved, stamp_of(resolved), states, point)


class FileSaver(QObject):
    """Runs one save at a time on a worker and reports how it ended."""

    saved = Signal(object)  # SavedFile
    failed = Signal(str)  # the reason, naming the file

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runner = LatestJobRunner(self)
        self._runner.finished.connect(self._finished)
        self._runner.failed.connect(self._failed)
        self.last_succeeded = True

    @property
    def busy(self) -> bool:
        return self._runner.busy

    def start(self, work: Callable[[], SavedFile]) -> None:
        """Write on the worker; the caller checked that no save is running."""
        if self._runner.busy:
            raise RuntimeError("a save is already running")
        # Never cancelled half way: a save is atomic, or it did not happen.
        self._runner.submit(lambda _control: work())

    def wait(self) -> bool:
        """Let the window run (paint, answer) until the save in flight has ended; True when
        it wrote the file, or when none was running and the last one did."""
        if self._runner.busy:
            loop = QEventLoop()
            self._runner.idle_changed.connect(loop.quit)
            try:
                loop.exec()
            finally:
                self._runner.idle_changed.disconnect(loop.quit)
        return self.last_succeeded

    def _finished(self, result: object) -> None:
        self.last_succeeded = True
        self.saved.emit(result)

    def _failed(self, message: str) -> None:
        self.last_succeeded = False
        self.failed.emit(message)
