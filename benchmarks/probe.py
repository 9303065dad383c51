"""Run in a child process: start a window, and report once its first frame is painted.

    python benchmarks/probe.py bare          a bare PySide6 QMainWindow (the floor)
    python benchmarks/probe.py app [FILE]    VSM Desktop on the sample map or FILE

Prints "painted <peak resident MB>" after the first paint of the window's content and quits.
The parent times from spawning the process to reading that line.
"""

from __future__ import annotations

import resource
import sys
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget


class FirstPaint(QObject):
    """Quit after the first paint of a widget inside a main window that has content."""

    def __init__(self, app: QApplication, ready) -> None:
        super().__init__()
        self.app, self.ready, self.done = app, ready, False

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt's name)
        if (
            not self.done
            and event.type() == QEvent.Type.Paint
            and isinstance(watched, QWidget)  # QWindow objects get paint events too
            and isinstance(watched.window(), QMainWindow)
            and self.ready()
        ):
            self.done = True
            QTimer.singleShot(0, self.report)
        return False

    def report(self) -> None:
        print(f"painted {peak_resident_mb():.1f}", flush=True)
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
        watcher = FirstPaint(app, lambda: True)
        app.installEventFilter(watcher)
        window = QMainWindow()
        window.resize(1280, 800)
        window.show()
        return app.exec()
    from vsm_desktop.ui import app as gui

    def map_shown() -> bool:
        window = next((w for w in app.topLevelWidgets() if isinstance(w, QMainWindow)), None)
        view = getattr(window, "view", None)
        return view is not None and bool(view.document.elements())

    watcher = FirstPaint(app, map_shown)
    app.installEventFilter(watcher)
    return gui.run_gui(argv[1] if len(argv) > 1 else None)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
