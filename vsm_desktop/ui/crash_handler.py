"""An unexpected error must not cost the room its map.

Installed as sys.excepthook (errors in slots and event handlers land there) and
threading.excepthook (errors in worker threads), the handler first writes an emergency recovery
copy of every map with unsaved changes, then a crash report file, then tells the user what
happened through the dialogs seam, with the report's place and copyable details. Qt keeps its
event loop running after a Python error in a slot, so the window stays usable.
"""

from __future__ import annotations

import logging
import platform
import sys
import threading
import traceback
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from types import TracebackType

import PySide6
from PySide6.QtCore import QObject, Qt, Signal, qVersion
from PySide6.QtWidgets import (
    QApplication,
    QWidget,
)

from . import dialogs as dialogs_module
from .autosave import app_data_folder, write_emergency_copies
from .diagnostics import log_tail

log = logging.getLogger(__name__)

MAX_REPORTS_KEPT = 20
ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


def reports_folder() -> Path:
    return app_data_folder() / "crash-reports"


def report_text(exc_info: ExcInfo, thread_name: str, copies: list[Path]) -> str:
    """Everything a maintainer needs, and nothing from the map itself (it may be confidential)."""
    from .. import __version__  # read when needed: the app's start does without it

    kind, value, trace = exc_info
    lines = [
        f"VSM Desktop {__version__} — unexpected error",
        f"Time: {datetime.now().astimezone().isoformat(timespec='seconds')}",
        f"Python {platform.python_version()}, PySide6 {PySide6.__version__}, Qt {qVersion()}",
        f"System: {platform.platform()}",
        f"Thread: {thread_name}",
        "",
        *traceback.format_exception(kind, value, trace),
    ]
    if copies:
        lines += ["", "Recovery copies written:", *(f"  {path}" for path in copies)]
    tail = log_tail()
    if tail:
        lines += ["", f"Last {len(tail)} lines of the log:", *tail]
    return "\n".join(line.rstrip("\n") for line in lines) + "\n"


def write_report(text: str, folder: Path) -> Path | None:
    """Store the report; keep the newest few. None when even that fails (the dialog still shows)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        path = folder / f"crash-{stamp}.txt"
        path.write_text(text, encoding="utf-8")
        for old in sorted(folder.glob("crash-*.txt"))[:-MAX_REPORTS_KEPT]:
            old.unlink(missing_ok=True)
    except OSError:
        return None
    return path


def crash_message(exc_info: ExcInfo, copies: list[Path], report: Path | None) -> str:
    kind, value, _ = exc_info
    what = f"{kind.__name__}: {value}" if str(value) else kind.__name__
    if len(what) > 300:
        what = what[:299] + "…"
    parts = [f"VSM Desktop ran into an unexpected problem and stopped what it was doing:\n{what}"]
    if copies:
        parts.append(
            "Your unsaved changes are safe: a recovery copy was written, and VSM Desktop offers "
            "it at the next start if anything goes wrong from here."
        )
    parts.append(
        "You can keep working. If the map looks wrong, save it under a new name and restart "
        "VSM Desktop."
    )
    where = f"The details are in {report}" if report else "The details are below"
    parts.append(
        f"{where}. To report the problem, send that text to whoever supports VSM Desktop for "
        "you or attach it to an issue on the project's tracker. It holds technical details of the "
        "error, not your map."
    )
    return "\n\n".join(parts)


class CrashHandler(QObject):
    """Catches uncaught exceptions for the GUI; install() once after the window exists."""

    _from_worker = Signal(object, str)  # exc_info, thread name: shown on the GUI thread

    def __init__(
        self,
        parent_widget: Callable[[], QWidget | None] | None = None,
        folder: Path | None = None,
    ) -> None:
        super().__init__()
        self._parent_widget = parent_widget or QApplication.activeWindow
        self.folder = folder if folder is not None else reports_folder()
        self._previous_hooks: tuple | None = None
        self._showing = False
        self._shown: set[str] = set()  # the same error again is only logged, not shown again
        self.last_report: Path | None = None
        self._from_worker.connect(self._report, Qt.ConnectionType.QueuedConnection)

    def install(self) -> None:
        if self._previous_hooks is None:
            self._previous_hooks = (sys.excepthook, threading.excepthook)
        sys.excepthook = self.handle_exception
        threading.excepthook = self._handle_thread_exception

    def uninstall(self) -> None:
        if self._previous_hooks is not None:
            sys.excepthook, threading.excepthook = self._previous_hooks
            self._previous_hooks = None

    def handle_exception(
        self,
        kind: type[BaseException],
        value: BaseException,
        trace: TracebackType | None,
    ) -> None:
        if issubclass(kind, KeyboardInterrupt | SystemExit):
            sys.__excepthook__(kind, value, trace)
            return
        if threading.current_thread() is not threading.main_thread():
            self._from_worker.emit((kind, value, trace), threading.current_thread().name)
            return
        self._report((kind, value, trace), "GUI")

    def _handle_thread_exception(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit:
            return
        value = args.exc_value or args.exc_type()
        name = args.thread.name if args.thread is not None else "worker"
        self._from_worker.emit((args.exc_type, value, args.exc_traceback), name)

    def _report(self, exc_info: ExcInfo, thread_name: str) -> None:
        """Save first, then explain: the dialog is the step most likely to fail."""
        traceback.print_exception(*exc_info)  # the terminal and any log keep it too
        try:
            copies = write_emergency_copies()
        except Exception as error:  # noqa: BLE001 - the report must still be written
            log.exception("emergency recovery copy failed: %r", error)
            copies = []
        text = report_text(exc_info, thread_name, copies)
        self.last_report = write_report(text, self.folder)
        # Logged after the report is made, so the report's log tail does not repeat it.
        log.error("unexpected error in the %s thread; report %s", thread_name, self.last_report,
                  exc_info=exc_info)
        signature = "".join(traceback.format_exception(exc_info[0], exc_info[1], exc_info[2]))
        if self._showing or signature in self._shown:
            return  # an error inside the dialog, or one repeating on every repaint
        self._shown.add(signature)
        self._showing = True
        try:
            dialogs_module.dialogs.show_crash(
                self._parent_widget(), crash_message(exc_info, copies, self.last_report), text
            )
        except Exception as error:  # noqa: BLE001 - never recurse into ourselves
            log.exception("could not show the error dialog: %r", error)
        finally:
            self._showing = False
