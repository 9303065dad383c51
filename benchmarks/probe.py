"""Run in a child process: start a window, and report once its first frame is painted.

    python benchmarks/probe.py bare          a bare PySide6 QMainWindow (the floor)
    python benchmarks/probe.py bare pydantic networkx
                                             the same after importing those modules: the
                                             floor of our stack (docs/performance.md)
    python benchmarks/probe.py app [FILE]    VSM Desktop on the sample map or FILE, started
                                             through its entry point as `vsm-desktop` is

Prints "painted <peak resident MB> <CPU seconds>" after the first paint of the window's content
and quits. The parent times from spawning the process to reading that line.
"""

from __future__ import annotations

import importlib
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType


def import_before_qt(argv: list[str]) -> list[ModuleType]:
    """What each probe imports before Qt, as its process would: the bare window's extra
    modules (`bare pydantic`), or the app's entry point, whose command line, file reader and
    model `vsm-desktop` imports before it decides to start Qt. The order costs: PySide6's
    import hook reads the source of every module imported after it (about 40 ms of CPU for
    pydantic and the model), so a probe that imported Qt first would time a start no user has."""
    if argv[:1] == ["app"]:
        return [importlib.import_module("vsm_desktop.__main__")]
    return [importlib.import_module(name) for name in argv[1:]]


if __name__ == "__main__":
    BEFORE_QT = import_before_qt(sys.argv[1:])

from PySide6.QtCore import QEvent, QObject, QTimer  # noqa: E402 (after the imports above)
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget  # noqa: E402


class FirstPaint(QObject):
    """Quit after the first paint of the main window, or of its map view, once `ready()` holds.

    Only the main window and its map view are watched, from the moment the window is shown
    (`QWidget.show` is wrapped to see it): a filter on the whole application would pass every
    event of every widget through Python, a tax that only the app, with its many widgets,
    would pay (60-150 ms of a start, measured). The children paint in the same frame as the
    window; the report is queued, so it comes after the whole frame is drawn.
    """

    def __init__(self, app: QApplication, ready: Callable[[QMainWindow], bool]) -> None:
        super().__init__()
        self.app, self.ready, self.done = app, ready, False
        self.window: QMainWindow | None = None
        self.watched: set[int] = set()
        show = QWidget.show

        def show_watched(widget: QWidget) -> None:
            if self.window is None and isinstance(widget, QMainWindow):
                self.window = widget
                self.watch(widget)
            show(widget)

        QWidget.show = show_watched  # type: ignore[method-assign]

    def watch(self, widget: QWidget) -> None:
        if id(widget) not in self.watched:
            self.watched.add(id(widget))
            widget.installEventFilter(self)
        view = getattr(widget, "view", None)  # the app's map view, once the window has one
        if view is not None:
            self.watch(view.viewport())

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt's name)
        if not self.done and event.type() == QEvent.Type.Paint and self.window is not None:
            self.watch(self.window)
            if self.ready(self.window):
                self.done = True
                QTimer.singleShot(0, self.report)
        return False

    def report(self) -> None:
        # Then the CPU seconds of the process so far: steadier than wall time on a busy machine.
        print(f"painted {peak_resident_mb():.1f} {time.process_time():.4f}", flush=True)
        self.app.quit()


def peak_resident_mb() -> float:
    """This process's own peak resident memory.

    Linux carries the parent's peak across fork and exec into ru_maxrss, so a probe spawned by
    a benchmark run that had 5,000-element canvases open reported the parent's 785 MB. VmHWM
    belongs to this process's address space alone.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 / (1024 if sys.platform == "darwin" else 1)  # bytes on macOS, else KiB


def main(argv: list[str]) -> int:
    app = QApplication(sys.argv[:1])
    if argv[0] == "bare":
        watcher = FirstPaint(app, lambda window: True)
        window = QMainWindow()
        window.resize(1280, 800)
        window.show()
        return app.exec()

    def map_shown(window: QMainWindow) -> bool:
        """The whole map: a large one is drawn a slice at a time behind a cover."""
        view = getattr(window, "view", None)
        return (view is not None and bool(view.document.elements())
                and not getattr(view.scene(), "building", False))

    watcher = FirstPaint(app, map_shown)  # noqa: F841 (it watches while the app runs)
    from vsm_desktop.__main__ import main as start_app

    return start_app(argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
