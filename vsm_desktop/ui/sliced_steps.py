"""Work that must run on the GUI thread (it makes Qt objects) cut into slices of about 30 ms.

A generator does the work one small step at a time; `SlicedSteps` runs as many steps as fit in
a slice, then returns to the event loop, so the window paints and answers between slices. The
compare window builds its scenes this way, and the canvas builds a large map's items.
"""

from __future__ import annotations

import time
from collections.abc import Generator, Iterator

from PySide6.QtCore import QObject, QTimer, Signal

SLICE_SECONDS = 0.03  # GUI-thread work between two returns to the event loop


class SlicedSteps(QObject):
    """Runs a generator's steps on the GUI thread, returning to the event loop every slice."""

    progress = Signal(float)  # share of the steps done, when their count is known
    done = Signal()

    def __init__(self, steps: Iterator[None], count: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._steps: Iterator[None] | None = steps
        self._count, self._done = max(1, count), 0
        # The next slice waits on a timer, not a posted call: posted calls ran two slices
        # back to back before the window's own timers and paints had their turn.
        self._next = QTimer(self)
        self._next.setSingleShot(True)
        self._next.setInterval(0)
        self._next.timeout.connect(self._slice)

    @property
    def running(self) -> bool:
        return self._steps is not None

    def start(self) -> None:
        self._next.start()

    def cancel(self) -> None:
        steps, self._steps = self._steps, None
        if steps is None:  # done or cancelled before, and let go: its Qt object may be gone
            return
        if isinstance(steps, Generator):
            steps.close()  # a half-built scene stops following its document
        self._let_go()

    def _let_go(self) -> None:
        """Run or cancelled, it goes: its parent (a window that runs many) would otherwise keep
        every run, and whatever its signals' slots hold (a whole comparison each)."""
        self.deleteLater()

    def finish_now(self) -> None:
        """Run every step left at once: for something that cannot wait for the slices."""
        self._run_until(lambda: False)

    def _slice(self) -> None:
        ends = time.perf_counter() + SLICE_SECONDS
        if self._run_until(lambda: time.perf_counter() >= ends):
            self._next.start()

    def _run_until(self, stop) -> bool:
        """One step, then more until `stop()` holds; False once there are no steps left (done
        emitted)."""
        if self._steps is None:
            return False
        try:
            while True:
                next(self._steps)
                self._done += 1
                if stop():
                    break
        except StopIteration:
            self._steps = None
            self.done.emit()
            self._let_go()
            return False
        self.progress.emit(min(1.0, self._done / self._count))
        return True
