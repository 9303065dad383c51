"""A polite end on SIGTERM or SIGHUP (logout, shutdown, `kill`): keep the work, free the socket.

Python runs a signal handler only between bytecodes, and Qt's event loop may sit in C++ for a
long time, so the signal is carried into the loop through signal.set_wakeup_fd and a
QSocketNotifier. The caller decides what ending means: typically write emergency recovery copies
(the maps are offered again at the next start) and close the single-instance socket.
"""

from __future__ import annotations

import os
import signal
import socket
from collections.abc import Callable

from PySide6.QtCore import QObject, QSocketNotifier

TERMINATING_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)
)


class TerminationWatcher(QObject):
    """Calls `on_signal(signum)` on the GUI thread when the process is asked to end."""

    def __init__(self, on_signal: Callable[[int], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._on_signal = on_signal
        self._reader, self._writer = socket.socketpair()
        self._reader.setblocking(False)
        self._writer.setblocking(False)
        self._previous_fd = signal.set_wakeup_fd(self._writer.fileno())
        self._previous_handlers = {
            signum: signal.signal(signum, lambda *_: None) for signum in TERMINATING_SIGNALS
        }
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._deliver)

    def _deliver(self) -> None:
        try:
            received = self._reader.recv(64)
        except BlockingIOError:
            return
        for signum in received:
            if signum in TERMINATING_SIGNALS:
                self._on_signal(signum)
                return

    def close(self) -> None:
        self._notifier.setEnabled(False)
        signal.set_wakeup_fd(self._previous_fd)
        for signum, handler in self._previous_handlers.items():
            signal.signal(signum, handler)
        self._reader.close()
        self._writer.close()


def exit_code_for(signum: int) -> int:
    """The shell's convention for a process ended by a signal."""
    return 128 + signum if os.name != "nt" else 1
