"""How long each user action on a large map keeps the window from answering, and how long
until its result shows.

The real MainWindow opens a generated map (with one future state, so there is something to
compare) offscreen. A heartbeat timer beats every millisecond on the GUI thread; the longest gap
between two beats while an action and everything it sets off (analysis, comparison, workers)
runs is the longest time a key press or a repaint would have waited: the action's longest block.
The floor is the same heartbeat over as long a stretch with nothing happening.

An action is done only when the window says nothing is working any more (`window.in_progress`:
its workers, including runners made after it, and its timer-driven slices) and no thread pool
under the window, nor the global one, has a job running; it must stay so for 400 ms (a debounce
that starts new work restarts the wait). The time from the action to that moment is when its
result shows. A pool found running while the window said idle is reported: the window's
answer missed some work, and the action is not counted done until the pool is idle too.

python -m benchmarks.measure_responsiveness [--size 5000] [--runs 1]
"""

from __future__ import annotations

import argparse
import gc
import math
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

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
from .side_by_side import Measured, duration  # noqa: E402
from .timing import Pair  # noqa: E402

try:
    from vsm_desktop.ui.window.exports import EXPORTING
except ImportError:  # code from before the window named its work (a --code run)
    EXPORTING = "exporting"

BEAT_MS = 1
POLL_MS = 5  # how often the window is asked whether it is done: the result time's resolution
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
        self.last_beat = 0.0  # perf counter; read by why_blocked's sampler on its own thread
        self.longest = 0.0
        self.running = False
        # why_blocked's sampler sets it: gaps longer than this are kept in `gaps`, beat: next.
        self.keep_gaps_over: float | None = None
        self.gaps: dict[float, float] = {}

    def _beat(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self.last_beat)
        if self.keep_gaps_over is not None and now - self.last_beat > self.keep_gaps_over:
            self.gaps[self.last_beat] = now
        self.last_beat = now

    def start(self) -> None:
        self.longest = 0.0
        self.gaps = {}
        self.last_beat = time.perf_counter()
        self._timer.start()
        self.running = True

    def stop(self) -> float:
        self._beat()  # a block running up to now counts too
        self._timer.stop()
        self.running = False
        return self.longest


def run_loop_until(
    done: Callable[[], bool],
    quiet_ms: int = QUIET_MS,
    confirm: Callable[[], bool] = lambda: True,
) -> float:
    """Let the event loop run until `done()` holds, then `quiet_ms` longer; the moment (perf
    counter) it began to hold for good. `confirm()`, dearer, is asked as well when `done()`
    begins to hold and at the end: if it disagrees, the wait goes on."""
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
            if confirm():
                settled_at.append(now)
        elif (now - settled_at[0]) * 1000 >= quiet_ms:
            if confirm():
                loop.quit()
            else:
                settled_at.clear()

    poll = QTimer()
    poll.setTimerType(Qt.TimerType.PreciseTimer)
    poll.setInterval(POLL_MS)
    poll.timeout.connect(check)
    poll.start()
    loop.exec()
    poll.stop()
    if gave_up:
        raise TimeoutError(f"still busy after {GIVE_UP_S:.0f} s")
    return settled_at[0]


class Timing(NamedTuple):
    """One action's figures (seconds); a list [block, floor, shown] in the --json file (runs
    before the result time was taken have [block, floor])."""

    block: float  # the longest time the window did not answer
    floor: float  # the heartbeat's longest gap with nothing happening, measured next
    shown: float  # from the action until its result shows and nothing works any more


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
        self.missed: set[str] = set()  # pools found running while the window said it was idle
        self.steps = [e for e in value_stream_map.elements if e.kind is ElementKind.STEP]
        self._edits = 0

    # -- settling ------------------------------------------------------------------------------

    def working(self, exports: bool = True) -> list[str]:
        """What the last action set off that still runs or waits to run, as the window says
        (`exports` False: an export writing on its worker does not count)."""
        window = self.window
        in_progress = getattr(window, "in_progress", None)
        if in_progress is None:  # code from before the window could say (a --code run)
            working = [name for name, busy in (
                ("the figures", getattr(window.runner, "_pending", False)),
                ("the comparison", getattr(window.state_control, "busy", False)),
                (EXPORTING, window.exports.running),
            ) if busy]
        else:
            working = in_progress.working()
        return [name for name in working if exports or name != EXPORTING]

    def pools_idle(self, exports: bool = True) -> bool:
        """No thread pool under the window (those made after it too) nor the global one runs
        a job. Walks every child object (a few ms at 5,000 elements): asked only when the
        window says it is idle."""
        pools = self.window.findChildren(QThreadPool)
        if exports:
            pools.append(QThreadPool.globalInstance())
        running = [pool for pool in pools if pool.activeThreadCount()]
        for pool in running:
            owner = pool.parent()
            self.missed.add(type(owner).__name__ if owner is not None else "the global pool")
        return not running

    def settle(self, exports: bool = True) -> float:
        """Run the event loop until nothing works; the moment that began (perf counter)."""
        return run_loop_until(lambda: not self.working(exports),
                              confirm=lambda: self.pools_idle(exports))

    def measure(self, action: Action) -> tuple[float, float]:
        """The action's longest block, and the time until its result shows."""
        if action.prepare is not None:
            action.prepare()
            self.settle()
        self.detector.start()
        started = time.perf_counter()
        QTimer.singleShot(0, action.act)
        QCoreApplication.processEvents()
        shown = self.settle(exports=not action.timed_until_started) - started
        block = self.detector.stop()
        self.settle()
        return block, shown

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

    def script(self, skip: tuple[str, ...] = ()) -> list[Action]:
        """Every action in the order they run: each works on the map the ones before it left
        (undo undoes the edit). Those whose name contains a `skip` text are left out."""
        script = [self.open_map(), *self.actions(comparing=False), self.open_compare(),
                  *self.actions(comparing=True), self.auto_layout()]
        return [action for action in script if not any(text in action.name for text in skip)]

    def close_compare(self) -> None:
        """As the user closes it; the next run of the script opens it again."""
        compare = self.window.state_control.compare_window
        if compare is not None:
            compare.reject()

    def close(self) -> None:
        self.window.close()


def measure_responsiveness(
    value_stream_map: ValueStreamMap,
    runs: int = 1,
    skip: tuple[str, ...] = (),
    each: Callable[[str, Timing], object] | None = None,
) -> dict[str, Timing]:
    """Each action's longest block, the idle floor beside it and the time until its result
    shows (medians over runs); `each(name, timing)` hears every timing as it is made. Actions
    whose name contains a `skip` text are left out."""
    timings: dict[str, list[Timing]] = {}
    # What an earlier measure left (a larger map's window) is collected now, untimed, not in
    # the middle of an action: a run at 1,000 elements after 5,000 took 2.7 s for a switch
    # of state that alone took 210 ms.
    gc.collect()
    with tempfile.TemporaryDirectory() as folder:
        bench = ResponsivenessBench(value_stream_map, Path(folder))
        for _ in range(runs):
            for action in bench.script(skip):
                try:
                    block, shown = bench.measure(action)
                except TimeoutError:  # said in the row; the remaining actions still count
                    block = shown = math.inf
                timing = Timing(block, bench.idle_floor(), shown)
                timings.setdefault(action.name, []).append(timing)
                if each is not None:
                    each(action.name, timing)
            bench.close_compare()
        bench.close()
    if bench.missed:
        print("warning: the window said it was idle while a thread pool of "
              + ", ".join(sorted(bench.missed)) + " still ran (waited for it all the same)",
              flush=True)
    return {
        name: Timing(*(statistics.median(values) for values in zip(*runs_of, strict=True)))
        for name, runs_of in timings.items()
    }


def longest_block(results: dict[str, Timing], size: int, runs: int) -> Measured:
    """Issue 17's (d) for `python -m benchmarks`: the longest block of any action, against the
    heartbeat's longest gap with nothing happening."""
    worst = max(timing.block for timing in results.values())
    floor = statistics.median(timing.floor for timing in results.values())
    return Measured("longest_block", size, Pair(worst, floor, worst / max(floor, 1e-9)), runs)


HEADER = ("| action on {size:,} elements | longest block | result shows after | idle floor "
          "| block within 100 ms |\n| --- | --- | --- | --- | --- |")


def row(name: str, timing: Timing) -> str:
    verdict = "yes" if timing.block <= 0.1 else "**no**"
    return (f"| {name} | {duration(timing.block)} | {duration(timing.shown)} "
            f"| {timing.floor * 1000:,.1f} ms | {verdict} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--skip", action="append", default=[],
                        help="leave out actions whose name contains this text (repeatable)")
    args = parser.parse_args()
    load = os.getloadavg()
    print(HEADER.format(size=args.size), flush=True)
    each = None if args.runs > 1 else lambda name, timing: print(row(name, timing), flush=True)
    results = measure_responsiveness(generate_map(args.size), args.runs, tuple(args.skip), each)
    if args.runs > 1:
        for name, timing in results.items():
            print(row(name, timing))
    print(f"\nload average before: {load[0]:.2f}, after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
