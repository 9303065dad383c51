"""How long each user action on a large map keeps the window from answering.

The real MainWindow opens a generated map (with one future state, so there is something to
compare) offscreen. A heartbeat timer beats every millisecond on the GUI thread; the longest gap
between two beats while an action and everything it sets off (analysis, comparison, workers)
runs is the longest time a key press or a repaint would have waited: the action's longest block.
The floor is the same heartbeat over as long a stretch with nothing happening.

python -m benchmarks.measure_responsiveness [--size 5000] [--runs 1]
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import (  # noqa: E402
    QCoreApplication,
    QEventLoop,
    QPoint,
    QSettings,
    QStandardPaths,
    Qt,
    QThreadPool,
    QTimer,
)
from PySide6.QtTest import QTest  # noqa: E402

from vsm_desktop.model import ElementKind, MapStates, ValueStreamMap  # noqa: E402

from .generate import generate_map  # noqa: E402
from .side_by_side import Measured  # noqa: E402
from .timing import Pair  # noqa: E402

BEAT_MS = 1
QUIET_MS = 400  # after the work is done: long enough for any debounce to fire and finish
GIVE_UP_S = 120.0
WINDOW_SIZE = (1366, 768)


class StallDetector:
    """A heartbeat on the GUI thread: the longest gap between beats is the longest block."""

    def __init__(self) -> None:
        self._timer = QTimer()
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(BEAT_MS)
        self._timer.timeout.connect(self._beat)
        self._last = 0.0
        self.longest = 0.0

    def _beat(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self._last)
        self._last = now

    def start(self) -> None:
        self.longest = 0.0
        self._last = time.perf_counter()
        self._timer.start()

    def stop(self) -> float:
        self._beat()  # a block running up to now counts too
        self._timer.stop()
        return self.longest


def run_loop_until(done: Callable[[], bool], quiet_ms: int = QUIET_MS) -> None:
    """Let the event loop run until `done()` holds, then `quiet_ms` longer."""
    loop = QEventLoop()
    started = time.perf_counter()
    settled_at: list[float] = []
    gave_up: list[bool] = []

    def check() -> None:
        now = time.perf_counter()
        if now - started > GIVE_UP_S:
            gave_up.append(True)
            loop.quit()
        elif not done():
            settled_at.clear()
        elif not settled_at:
            settled_at.append(now)
        elif (now - settled_at[0]) * 1000 >= quiet_ms:
            loop.quit()

    poll = QTimer()
    poll.setInterval(10)
    poll.timeout.connect(check)
    poll.start()
    loop.exec()
    poll.stop()
    if gave_up:
        raise TimeoutError(f"still busy after {GIVE_UP_S:.0f} s")


@dataclass(frozen=True)
class Action:
    name: str
    act: Callable[[], object]
    prepare: Callable[[], object] | None = None  # untimed, before the heartbeat starts
    # Timed until it is under way, not done: a report of a large map writes for minutes on
    # its worker; the window must answer meanwhile, which the next actions measure.
    timed_until_started: bool = False


class ScriptedDialogs:
    """Answers the window's questions as a user who accepts what is offered would."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def ask_report_options(self, parent, page_size, landscape):
        return page_size, landscape

    def ask_save_path(self, parent, directory, file_filter=""):
        suffix = ".pdf" if "pdf" in file_filter.lower() else ".vsm"
        return str(self.folder / f"benchmark{suffix}")

    def ask_save_changes(self, parent, name):
        return "discard"

    def __getattr__(self, name: str):
        return lambda *args, **kwargs: None


class ResponsivenessBench:
    """One window with the map open, and the user's actions on it, each timed by the heartbeat."""

    def __init__(self, value_stream_map: ValueStreamMap, folder: Path) -> None:
        from vsm_desktop.ui import dialogs
        from vsm_desktop.ui.app import create_application
        from vsm_desktop.ui.main_window import MainWindow

        QStandardPaths.setTestModeEnabled(True)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
        dialogs.dialogs = ScriptedDialogs(folder)
        create_application()
        self.folder = folder
        self.map = value_stream_map
        self.window = MainWindow()
        self.window.resize(*WINDOW_SIZE)
        self.window.show()
        self.detector = StallDetector()
        # The window's own worker pools, made with it; looked up once (the walk over every
        # child widget would itself hold up the window on each check).
        self.pools = self.window.findChildren(QThreadPool)
        self.steps = [e for e in value_stream_map.elements if e.kind is ElementKind.STEP]
        self._edits = 0

    # -- settling ------------------------------------------------------------------------------

    def busy(self, exports: bool = True) -> bool:
        """Whether anything the last action set off is still running or waiting to run
        (`exports` False: an export writing on its worker does not count)."""
        window = self.window
        pools = list(self.pools)
        if exports:
            pools.append(QThreadPool.globalInstance())
        return (
            any(pool.activeThreadCount() for pool in pools)
            or (exports and window.exports.running)
            or getattr(window.runner, "_pending", False)
            or getattr(window.state_control, "busy", False)
        )

    def settle(self, exports: bool = True) -> None:
        run_loop_until(lambda: not self.busy(exports))

    def longest_block(self, action: Action) -> float:
        if action.prepare is not None:
            action.prepare()
            self.settle()
        self.detector.start()
        QTimer.singleShot(0, action.act)
        QCoreApplication.processEvents()
        self.settle(exports=not action.timed_until_started)
        block = self.detector.stop()
        self.settle()
        return block

    def idle_floor(self) -> float:
        """The heartbeat's longest gap over a quiet stretch: its own resolution and the noise."""
        self.detector.start()
        run_loop_until(lambda: True)
        return self.detector.stop()

    # -- the actions -------------------------------------------------------------------------

    def step_id(self, index: int) -> str:
        return self.steps[index * 7 % len(self.steps)].id

    def select(self, element_id: str) -> None:
        self.window.view.select_ids([element_id])

    def type_wait(self) -> None:
        """A new wait time each time, so that every edit changes the map."""
        self._edits += 1
        text = f"{self._edits + 2}d"
        field = self.window.inspector.element_field("wait_time")
        field.line_edit.setFocus()
        field.line_edit.selectAll()
        QTest.keyClicks(field.line_edit, text)
        QTest.keyClick(field.line_edit, Qt.Key.Key_Return)

    def press_and_move(self) -> None:
        """A drag up to the release: the press and moves are the canvas's frames, not timed."""
        view = self.window.view
        element = self.window.document.element(self.step_id(3))
        view.reset_zoom()
        view.centerOn(element.x, element.y)
        start = view.mapFromScene(element.x + 10, element.y + 10)
        self._drag_end = start + QPoint(60, 0)
        viewport = view.viewport()
        QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         start)
        for index in range(1, 7):
            QTest.mouseMove(viewport, start + (self._drag_end - start) * index / 6)

    def release(self) -> None:
        QTest.mouseRelease(self.window.view.viewport(), Qt.MouseButton.LeftButton,
                           Qt.KeyboardModifier.NoModifier, self._drag_end)

    def actions(self, comparing: bool) -> list[Action]:
        window, trigger = self.window, self.window.actions
        suffix = " (compare open)" if comparing else ""
        edits = [
            Action("edit a field in the inspector" + suffix, self.type_wait,
                   prepare=lambda: self.select(self.step_id(1))),
            Action("undo" + suffix, lambda: trigger["undo"].trigger()),
            Action("redo" + suffix, lambda: trigger["redo"].trigger()),
            Action("add an element" + suffix, lambda: window.insert("step"),
                   prepare=lambda: self.select(self.step_id(2))),
            Action("delete an element" + suffix, lambda: trigger["delete"].trigger(),
                   prepare=lambda: self.select(self.step_id(5 if comparing else 4))),
            Action("drag finish" + suffix, self.release, prepare=self.press_and_move),
            Action("switch to the future state" + suffix,
                   lambda: window.state_control.show_state(1)),
            Action("switch back to the current state" + suffix,
                   lambda: window.state_control.show_state(0)),
        ]
        if comparing:
            return edits
        return [
            *edits,
            Action("open the what-if panel", lambda: window.whatif_dock.show(),
                   prepare=lambda: window.whatif_dock.hide()),
            Action("apply a what-if (automated share 30 %)",
                   lambda: window.whatif.share_spin.setValue(30)),
            Action("save", lambda: window.files.write_file(self.folder / "benchmark.vsm")),
            Action("PDF export (its start; the report is written on a worker)",
                   lambda: window.exports.export("pdf"), timed_until_started=True),
            Action("select all", lambda: trigger["select_all"].trigger()),
            Action("zoom to fit", lambda: trigger["fit"].trigger(),
                   prepare=lambda: window.view.reset_zoom()),
        ]

    def open_map(self) -> Action:
        states = MapStates(maps=[self.map, self.map.derive_future_state()])
        return Action("open the map (two states)",
                      lambda: self.window.files.set_states(states, None, remember=False))

    def auto_layout(self) -> Action:
        """Last: on a large map it takes minutes, and its undo would be as slow."""
        return Action("auto layout", lambda: self.window.actions["auto_layout"].trigger())

    def open_compare(self) -> Action:
        return Action("open compare", self.window.state_control.compare_states)

    def close(self) -> None:
        self.window.close()


def measure_responsiveness(
    value_stream_map: ValueStreamMap,
    runs: int = 1,
    skip: tuple[str, ...] = (),
    each: Callable[[str, float, float], object] | None = None,
) -> dict[str, tuple[float, float]]:
    """Longest block of each action (median over runs) and the idle floor beside it;
    `each(name, block, floor)` hears every timing as it is made. Actions whose name contains
    a `skip` text are left out."""
    results: dict[str, list[float]] = {}
    floors: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as folder:
        bench = ResponsivenessBench(value_stream_map, Path(folder))
        for _ in range(runs):
            script = [bench.open_map(), *bench.actions(comparing=False), bench.open_compare(),
                      *bench.actions(comparing=True), bench.auto_layout()]
            for action in script:
                if any(text in action.name for text in skip):
                    continue
                try:
                    block = bench.longest_block(action)
                except TimeoutError:  # said in the row; the remaining actions still count
                    block = math.inf
                floor = bench.idle_floor()
                results.setdefault(action.name, []).append(block)
                floors.setdefault(action.name, []).append(floor)
                if each is not None:
                    each(action.name, block, floor)
            compare = bench.window.state_control.compare_window
            if compare is not None:
                compare.reject()  # as the user closes it; the next run opens it again
        bench.close()
    return {
        name: (statistics.median(times), statistics.median(floors[name]))
        for name, times in results.items()
    }


def longest_block(results: dict[str, tuple[float, float]], size: int, runs: int) -> Measured:
    """Issue 17's (d) for `python -m benchmarks`: the longest block of any action, against the
    heartbeat's longest gap with nothing happening."""
    worst = max(block for block, _floor in results.values())
    floor = statistics.median(floor for _block, floor in results.values())
    return Measured("longest_block", size, Pair(worst, floor, worst / max(floor, 1e-9)), runs)


def row(name: str, block: float, floor: float) -> str:
    verdict = "yes" if block <= 0.1 else "**no**"
    shown = (f"{block * 1000:,.0f} ms" if math.isfinite(block)
             else f"still busy after {GIVE_UP_S:.0f} s")
    return f"| {name} | {shown} | {floor * 1000:,.1f} ms | {verdict} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--skip", action="append", default=[],
                        help="leave out actions whose name contains this text (repeatable)")
    args = parser.parse_args()
    load = os.getloadavg()
    print(f"| action on {args.size:,} elements | longest block | idle floor | within 100 ms |")
    print("| --- | --- | --- | --- |", flush=True)
    each = None if args.runs > 1 else lambda *timing: print(row(*timing), flush=True)
    results = measure_responsiveness(generate_map(args.size), args.runs, tuple(args.skip), each)
    if args.runs > 1:
        for name, (block, floor) in results.items():
            print(row(name, block, floor))
    print(f"\nload average before: {load[0]:.2f}, after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
