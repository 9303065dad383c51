"""Files the operating system asks the running app to open, as a plain Qt signal.

On macOS, double-clicking a .vsm file in Finder (or dropping it on the Dock icon) does not put it
on the command line: the system sends an Apple event, which Qt delivers to the application as a
QFileOpenEvent, at launch as well as while the app runs. This filter turns those events into
`file_open_requested(path)`. On Linux and Windows the path arrives on the command line instead,
and a second launch reaches the running window through SingleInstance.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Signal
from PySide6.QtGui import QFileOpenEvent


class FileOpenEvents(QObject):
    """Event filter on the application that emits `file_open_requested` for each opened file.

    Events that arrive before anything listens (macOS sends the launch document early, possibly
    before the main window exists) are kept and handed over by `deliver_pending()`.
    """

    file_open_requested = Signal(str)

    def __init__(self, app: QCoreApplication) -> None:
        super().__init__(app)
        self._pending: list[str] = []
        self._delivering = False
        app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() != QEvent.Type.FileOpen or not isinstance(event, QFileOpenEvent):
            return super().eventFilter(watched, event)
        path = event.file() or event.url().toLocalFile()
        if not path:
            return False  # not a local file (e.g. a web URL): not ours to handle
        if self._delivering:
            self.file_open_requested.emit(path)
        else:
            self._pending.append(path)
        return True

    def deliver_pending(self) -> None:
        """Emit the files received so far and from now on emit each one as it arrives.

        Call once the receiver (the main window) is connected to `file_open_requested`.
        """
        self._delivering = True
        pending, self._pending = self._pending, []
        for path in pending:
            self.file_open_requested.emit(path)
