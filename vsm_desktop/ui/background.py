"""Work that would block the window, run on a worker thread: the newest request wins.

A job is a plain function of plain data (model objects the GUI thread no longer touches, never a
Qt object) and a `JobControl` it asks whether it was cancelled and tells how far it got. The
runner numbers every request; a result, failure or progress report from a request that a newer
one (or a cancel) has overtaken is dropped, so the window never shows a stale result.

`WorkInProgress` is the window's one answer to "is anything still working?": every runner under
the window counts by itself, other work (a pool of its own, slices on the GUI thread driven by a
timer, a save in flight) is tracked by name. Tests wait on it, the benchmark times actions by it.
"""

from __future__ import annotations

import logging
import threading
import weakref
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, SignalInstance

log = logging.getLogger(__name__)

# Every runner alive, so that the window's WorkInProgress counts one made after it without
# being told (a runner is a QObject: Qt deletes it with its parent, the set forgets it).
_live_runners: weakref.WeakSet[LatestJobRunner] = weakref.WeakSet()


class JobCancelled(Exception):
    """Raised inside a job by JobControl.check() once the job was cancelled or overtaken."""


class JobControl:
    """What a running job sees of the window: whether to stop, and where to report progress."""

    def __init__(self, report: Callable[[float], None]) -> None:
        self._cancelled = threading.Event()
        self._report = report

    def cancel(self) -> None:
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def check(self, fraction: float | None = None) -> None:
        """Stop here if cancelled; otherwise report `fraction` (0-1) done, when given."""
        if self._cancelled.is_set():
            raise JobCancelled
        if fraction is not None:
            self._report(fraction)


def emit_from_worker(signal: SignalInstance, *args: object) -> None:
    """Report back to the GUI thread, unless the object that would carry the report is gone:
    the window closed while the job ran (at quit, say), and nobody is left to tell."""
    try:
        signal.emit(*args)
    except RuntimeError:  # "Signal source has been deleted"
        log.debug("a background job finished after its window closed")


class _Signals(QObject):
    # Emitted from the worker, delivered on the GUI thread (queued): generation first.
    finished = Signal(int, object)
    failed = Signal(int, str)
    progress = Signal(int, float)


class _Job(QRunnable):
    def __init__(
        self, generation: int, work: Callable[[JobControl], Any], signals: _Signals
    ) -> None:
        super().__init__()
        self.generation, self.work, self.signals = generation, work, signals
        self.control = JobControl(
            lambda fraction: emit_from_worker(signals.progress, generation, fraction)
        )

    def run(self) -> None:
        try:
            result = self.work(self.control)
        except JobCancelled:
            return
        except Exception as error:  # noqa: BLE001 - a failed job must not take the app down
            log.exception("a background job failed")
            message = str(error) or type(error).__name__
            emit_from_worker(self.signals.failed, self.generation, message)
            return
        emit_from_worker(self.signals.finished, self.generation, result)


class LatestJobRunner(QObject):
    """Runs one kind of job on its own worker thread; only the newest request reports back."""

    finished = Signal(object)  # the result of the newest request
    failed = Signal(str)
    progress = Signal(float)  # 0-1, of the newest request
    idle_changed = Signal(bool)  # True once nothing runs or waits

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.generation = 0
        self._running: _Job | None = None
        self._signals = _Signals(self)
        self._signals.finished.connect(self._finished)
        self._signals.failed.connect(self._failed)
        self._signals.progress.connect(self._progress)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)  # a newer request waits for the cancelled one to stop
        _live_runners.add(self)

    @property
    def busy(self) -> bool:
        return self._running is not None

    def submit(self, work: Callable[[JobControl], Any]) -> int:
        """Run `work(control)` on the worker, overtaking any request still running."""
        was_idle = self._running is None
        if self._running is not None:
            self._running.control.cancel()
        self.generation += 1
        job = _Job(self.generation, work, self._signals)
        self._running = job
        self._pool.start(job)
        if was_idle:
            self.idle_changed.emit(False)
        return self.generation

    def cancel(self) -> None:
        """Stop the running request; nothing it computed will be reported."""
        if self._running is None:
            return
        self._running.control.cancel()
        self._running = None
        self.generation += 1  # whatever it still sends is stale
        self.idle_changed.emit(True)

    def _is_current(self, generation: int) -> bool:
        return self._running is not None and generation == self._running.generation

    def _finished(self, generation: int, result: object) -> None:
        if self._is_current(generation):
            self._running = None
            self.finished.emit(result)
            self.idle_changed.emit(True)

    def _failed(self, generation: int, message: str) -> None:
        if self._is_current(generation):
            self._running = None
            self.failed.emit(message)
            self.idle_changed.emit(True)

    def _progress(self, generation: int, fraction: float) -> None:
        if self._is_current(generation):
            self.progress.emit(fraction)

    def wait_for_done(self, milliseconds: int = 30_000) -> bool:
        """For shutdown and tests: wait until the worker has stopped."""
        return self._pool.waitForDone(milliseconds)


class WorkInProgress:
    """What the window `owner` is still working on: nothing, once every result shows.

    Busy while any LatestJobRunner under `owner` (or without a parent) runs, and while any
    tracked check says so; `working()` names what is still at it, for a status line or a test's
    failure message."""

    def __init__(self, owner: QObject) -> None:
        self._owner = owner
        self._checks: dict[str, Callable[[], bool]] = {}

    def track(self, name: str, is_busy: Callable[[], bool]) -> None:
        """Count `is_busy()` as work of the window, named `name` (one check per name)."""
        self._checks[name] = is_busy

    def working(self) -> list[str]:
        names = [name for name, is_busy in self._checks.items() if is_busy()]
        names.extend(
            runner.objectName() or "a background job"
            for runner in list(_live_runners)
            if runner.busy and self._owns(runner)
        )
        return names

    @property
    def busy(self) -> bool:
        return bool(self.working())

    def _owns(self, runner: QObject) -> bool:
        try:
            parent = runner.parent()
            if parent is None:
                return True  # nobody else answers for it
            while parent is not None:
                if parent is self._owner:
                    return True
                parent = parent.parent()
        except RuntimeError:  # its Qt side is gone with a closed window: not ours to wait for
            pass
        return False
