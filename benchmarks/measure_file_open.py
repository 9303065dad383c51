"""(f) File > Open in the real window: from the command to the first frame of the new map.

The file is read and checked, its map becomes the window's document and scene, and the map view
paints. The figures follow on their worker after that frame, as in the app, so they are not
part of it (the canvas row of measure_canvas, which builds a bare MapView with its analysis
and reads no file, stays beside it for the trend). Between runs the window goes back to a
blank map and settles, untimed. The floor reads the same file's JSON and opens measure_canvas's
bare QGraphicsView of the map: nothing of ours.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer
from PySide6.QtWidgets import QWidget

from vsm_desktop.model import ValueStreamMap

from .measure_canvas import open_bare_view
from .measure_responsiveness import GIVE_UP_S, ResponsivenessBench
from .side_by_side import Measured
from .timing import alternated


class NextPaint(QObject):
    """Waits for a widget's first paint once `ready()` holds (the new map is what it shows,
    should reading the file ever move off the GUI thread), and for that paint to be done."""

    def __init__(self, widget: QWidget, ready: Callable[[], bool]) -> None:
        super().__init__()
        self.widget, self.ready, self.loop, self.painted = widget, ready, QEventLoop(), False
        widget.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt's name)
        if (watched is self.widget and event.type() == QEvent.Type.Paint and not self.painted
                and self.ready()):
            self.painted = True
            QTimer.singleShot(0, self.loop.quit)  # after the paint itself
        return False

    def wait(self) -> None:
        if not self.painted:
            QTimer.singleShot(int(GIVE_UP_S * 1000), self.loop.quit)
            self.loop.exec()
        self.widget.removeEventFilter(self)
        if not self.painted:
            raise TimeoutError(f"no frame after {GIVE_UP_S:.0f} s")


def measure_file_open(path: Path, value_stream_map: ValueStreamMap, size: int,
                      runs: int) -> Measured:
    from vsm_desktop.ui.templates import blank_map

    bare_views: list[QWidget] = []
    with tempfile.TemporaryDirectory() as folder:
        bench = ResponsivenessBench(value_stream_map, Path(folder))
        window = bench.window

        def start_over() -> None:
            while bare_views:
                bare_views.pop().close()
            window.files.set_map(blank_map(), None)
            bench.settle()

        def shows_the_map() -> bool:  # all of it: a large map is drawn a slice at a time
            return (len(window.view.document.elements()) == len(value_stream_map.elements)
                    and not getattr(window.view.scene(), "building", False))

        def open_in_window() -> None:
            frame = NextPaint(window.view.viewport(), shows_the_map)
            if not window.files.load_file(path):
                raise RuntimeError(f"the window did not open {path.name}")
            frame.wait()

        def floor() -> None:
            json.loads(path.read_bytes())
            bare_views.append(open_bare_view(value_stream_map))

        try:
            pair = alternated(open_in_window, floor, runs, setup=start_over, warm_up=True)
        finally:
            start_over()
            bench.close()
    return Measured("file_open", size, pair, runs)
