"""Why a user action blocks the window: the GUI thread's stack, sampled while it does not answer.

    python -m benchmarks.why_blocked --size 5000 "edit a field" undo
    python -m benchmarks.why_blocked --size 5000 --list
    python -m benchmarks.why_blocked --size 5000 --profile "select all"

It plays measure_responsiveness's script of user actions on the real window, in order (undo
undoes the edit before it), up to the last action named; an action is named by any part of its
name, case aside (a whole name names that action alone: "undo", not "undo (compare
open)"). While a named action is timed, a sampler thread watches the heartbeat: each
time the GUI thread has been late for more than --late-ms it takes the GUI thread's stack, every
--every-ms. A *stall* is one stretch of lateness. For each stall of a named action longer than
--min-ms it prints:

- where our code was: the innermost frame under vsm_desktop/ of each sample, as a share of the
  stall (the line of ours that called into Qt, NetworkX or pydantic is the one to look at);
- the deepest stacks, innermost frame first (--depth frames, --top of them);
- the garbage collector's passes inside the stall (they hold the interpreter lock);
- how long the sampler itself was held off: a C call holding the interpreter lock, on the GUI
  thread or on a worker, that Python cannot see into (besides collections), or, on a loaded
  machine, the process waiting for a core;
- what the other threads (workers) were doing meanwhile.

--profile runs cProfile over the GUI thread instead, for the whole of each named action, and
prints the functions by cumulative time (a worker's time is not in it).

The timings it prints carry the sampler's and the profiler's own cost: for the figures, use
measure_responsiveness.
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import gc
import io
import math
import pstats
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .measure_responsiveness import Action, ResponsivenessBench, StallDetector, Timing

OURS = "vsm_desktop"
HARNESS = Path(__file__).resolve().parent  # benchmarks/: what plays the actions


@dataclass(frozen=True)
class Frame:
    file: str  # from the package down (vsm_desktop/ui/...), else the file's name
    line: int
    function: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line} {self.function}" if self.line else self.file

    @property
    def ours(self) -> bool:
        return self.file.startswith(OURS + "/")


# Where a stack reaches the benchmark's own event loop: the GUI thread was in Qt's C++ (painting,
# layout, input, timers) or in our code Qt called from there.
EVENT_LOOP = Frame("Qt's event loop (C++: painting, layout, events)", 0, "")


@functools.cache
def in_harness(filename: str) -> bool:
    return Path(filename).resolve().parent == HARNESS


@functools.cache
def short_path(filename: str) -> str:
    """A frame's file without the machine's folders: from vsm_desktop/ (or a library's own
    folder under site-packages) down, else its name."""
    parts = Path(filename).parts
    for anchor in (OURS, "site-packages"):
        if anchor in parts:
            start = len(parts) - parts[::-1].index(anchor) - (1 if anchor == OURS else 0)
            return "/".join(parts[start:])
    return Path(filename).name


def stack_of(frame) -> tuple[Frame, ...]:
    """The Python stack from `frame` outwards, innermost first, up to the benchmark's event loop
    (its frames say nothing about the app); the collector's callback below it is left out."""
    while frame is not None and frame.f_code is Collections.heard.__code__:
        frame = frame.f_back
    stack = []
    while frame is not None:
        code = frame.f_code
        if in_harness(code.co_filename):
            stack.append(EVENT_LOOP)
            break
        stack.append(Frame(short_path(code.co_filename), frame.f_lineno, code.co_name))
        frame = frame.f_back
    return tuple(stack)


@dataclass
class Stall:
    """One stretch of time during which the GUI thread did not answer the heartbeat."""

    began: float  # perf counter: the last beat before it
    ended: float = 0.0
    stacks: Counter[tuple[Frame, ...]] = field(default_factory=Counter)
    elsewhere: dict[str, Counter[Frame]] = field(default_factory=dict)  # thread: innermost
    held_off: float = 0.0  # seconds the sampler could not run beyond its own interval

    @property
    def length(self) -> float:
        return self.ended - self.began

    @property
    def samples(self) -> int:
        return sum(self.stacks.values())


class Collections:
    """The garbage collector's passes (on any thread), from gc.callbacks."""

    def __init__(self) -> None:
        self.passes: list[tuple[float, float, int]] = []  # began, ended, generation
        self._began: dict[int, float] = {}

    def heard(self, phase: str, info: dict) -> None:
        now = time.perf_counter()
        if phase == "start":
            self._began[threading.get_ident()] = now
        elif (began := self._began.pop(threading.get_ident(), None)) is not None:
            self.passes.append((began, now, info["generation"]))

    def __enter__(self) -> Collections:
        gc.callbacks.append(self.heard)
        return self

    def __exit__(self, *exc) -> None:
        gc.callbacks.remove(self.heard)

    def within(self, stall: Stall) -> list[tuple[float, int]]:
        """(seconds inside the stall, generation) of each pass that overlaps it."""
        return [(min(ended, stall.ended) - max(began, stall.began), generation)
                for began, ended, generation in self.passes
                if began < stall.ended and ended > stall.began]


class StackSampler(threading.Thread):
    """While `listening`, samples the GUI thread's stack whenever its heartbeat is late."""

    def __init__(self, heartbeat: StallDetector, late_after: float, every: float) -> None:
        super().__init__(name="why_blocked sampler", daemon=True)
        self.heartbeat, self.late_after, self.every = heartbeat, late_after, every
        heartbeat.keep_gaps_over = late_after  # each stall is one of them: where it ends
        self.gui_thread = threading.main_thread().ident
        self.listening = False
        self.stalls: list[Stall] = []
        self._current: Stall | None = None
        self._stopped = threading.Event()

    def listen(self) -> None:
        self.stalls, self._current = [], None
        self.listening = True

    def hear_no_more(self) -> list[Stall]:
        """Stop listening; the stalls heard since `listen`, the one running up to now too."""
        self.listening = False
        if self._current is not None:
            self._current.ended = time.perf_counter()
            self.stalls.append(self._current)
            self._current = None
        for stall in self.stalls:  # the beat that ended it, where the heartbeat kept it
            stall.ended = self.heartbeat.gaps.get(stall.began, stall.ended)
        return self.stalls

    def stop(self) -> None:
        self._stopped.set()

    def run(self) -> None:
        woke = time.perf_counter()
        while not self._stopped.wait(self.every):
            slept, woke = woke, time.perf_counter()
            self.sample(woke, held_off=max(0.0, woke - slept - 2 * self.every))

    def sample(self, now: float, held_off: float) -> None:
        if not (self.listening and self.heartbeat.running):
            return
        last_beat = self.heartbeat.last_beat
        if now - last_beat <= self.late_after:
            if self._current is not None:  # the heartbeat is back: the stall is over
                self._current.ended = last_beat
                self.stalls.append(self._current)
                self._current = None
            return
        if self._current is None or self._current.began != last_beat:
            if self._current is not None:  # a beat slipped in between two samples
                self._current.ended = last_beat
                self.stalls.append(self._current)
            self._current = Stall(began=last_beat)
        stall = self._current
        stall.held_off += held_off
        for ident, frame in sys._current_frames().items():
            if ident == self.gui_thread:
                stall.stacks[stack_of(frame)] += 1
            elif ident != self.ident:
                name = next((t.name for t in threading.enumerate() if t.ident == ident),
                            f"thread {ident:x}")  # a Qt pool's worker is unknown to threading
                stall.elsewhere.setdefault(name, Counter())[stack_of(frame)[0]] += 1


def share(count: int, total: int) -> str:
    return f"{100 * count / max(total, 1):3.0f}%"


def describe(stall: Stall, started: float, collections: Collections, depth: int,
             top: int) -> list[str]:
    total = stall.samples
    lines = [f"  stall of {stall.length * 1000:,.0f} ms, {(stall.began - started) * 1000:,.0f} "
             f"ms after the action; {total} samples"]
    passes = collections.within(stall)
    if passes:
        generations = Counter(generation for _, generation in passes)
        lines.append(f"    garbage collector: {sum(s for s, _ in passes) * 1000:,.0f} ms in "
                     + ", ".join(f"{n} pass{'es' if n > 1 else ''} of generation {g}"
                                 for g, n in sorted(generations.items())))
    if stall.held_off >= 0.005:
        lines.append(f"    sampler held off {stall.held_off * 1000:,.0f} ms (the interpreter "
                     "lock held by a C call or the collector, or the process not scheduled)")
    ours = Counter(next((f for f in stack if f.ours), stack[0])
                   for stack in stall.stacks.elements())
    lines.append("    where our code was (innermost frame of ours):")
    lines += [f"      {share(n, total)}  {frame}" for frame, n in ours.most_common(top)]
    lines.append(f"    stacks, innermost first ({depth} frames):")
    deepest = Counter(stack[:depth] for stack in stall.stacks.elements())
    lines += [f"      {share(n, total)}  " + " <- ".join(str(f) for f in stack)
              for stack, n in deepest.most_common(top)]
    for thread, frames in sorted(stall.elsewhere.items()):
        busiest = frames.most_common(2)
        lines.append(f"    meanwhile {thread}: "
                     + "; ".join(f"{share(n, total)} {frame}" for frame, n in busiest))
    return lines


def named_by(word: str, script: list[Action]) -> list[Action]:
    """The action whose whole name is `word`, else those whose name contains it (case aside):
    "undo" is the first undo, "undo (" the one with compare open, "undo" and "undo (" both."""
    word = word.lower()
    return ([a for a in script if a.name.lower() == word]
            or [a for a in script if word in a.name.lower()])


def chosen(script: list[Action], words: list[str]) -> list[Action]:
    """The actions `words` name, in the script's order; a word naming none is an error."""
    unmatched = [w for w in words if not named_by(w, script)]
    if unmatched:
        raise SystemExit(
            "no action's name contains " + ", ".join(repr(w) for w in unmatched)
            + "; the actions are:\n  " + "\n  ".join(a.name for a in script))
    named = {id(a) for w in words for a in named_by(w, script)}
    return [a for a in script if id(a) in named]


def profiled(bench: ResponsivenessBench, action: Action, lines: int) -> tuple[Timing, str]:
    profile = cProfile.Profile()
    profile.enable()
    try:
        block, shown = bench.measure(action)
    finally:
        profile.disable()
    text = io.StringIO()
    pstats.Stats(profile, stream=text).sort_stats("cumulative").print_stats(lines)
    return Timing(block, 0.0, shown), text.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.why_blocked",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("actions", nargs="*", help="parts of action names (see --list)")
    parser.add_argument("--size", type=int, default=5000, help="elements (default 5000)")
    parser.add_argument("--list", action="store_true", help="name the actions, in order")
    parser.add_argument("--skip", action="append", default=[],
                        help="leave out actions whose name contains this (repeatable)")
    parser.add_argument("--late-ms", type=float, default=20, help="lateness that starts a "
                        "stall (default 20)")
    parser.add_argument("--every-ms", type=float, default=3, help="sampling interval (3)")
    parser.add_argument("--min-ms", type=float, default=50,
                        help="stalls shorter than this are counted, not described (50)")
    parser.add_argument("--depth", type=int, default=6, help="frames per stack (6)")
    parser.add_argument("--top", type=int, default=6, help="lines per list (6)")
    parser.add_argument("--profile", action="store_true",
                        help="cProfile the GUI thread over each named action instead")
    options = parser.parse_args(argv)
    if not options.actions and not options.list:
        parser.error("name at least one action, or --list")

    from .generate import generate_map

    with tempfile.TemporaryDirectory() as folder:
        bench = ResponsivenessBench(generate_map(options.size), Path(folder))
        try:
            script = bench.script(tuple(options.skip))
            if options.list:
                print("\n".join(action.name for action in script))
                return 0
            named = chosen(script, options.actions)
            play(bench, script[:script.index(named[-1]) + 1], named, options)
        finally:
            bench.close()
    return 0


def play(bench: ResponsivenessBench, script: list[Action], named: list[Action],
         options: argparse.Namespace) -> None:
    """Every action of `script` in order, the `named` ones watched, each reported as it ends."""
    sampler = StackSampler(bench.detector, options.late_ms / 1000, options.every_ms / 1000)
    sampler.start()
    with Collections() as collections:
        for action in script:
            if action not in named:
                bench.measure(action)
                continue
            if options.profile:
                timing, text = profiled(bench, action, options.top * 5)
                print(f"== {action.name}: longest block {timing.block * 1000:,.0f} ms, result "
                      f"shows after {timing.shown * 1000:,.0f} ms (profiled)\n{text}", flush=True)
                continue
            sampler.listen()
            started = time.perf_counter()
            try:
                block, shown = bench.measure(action)
            except TimeoutError:  # what stalled until then is still worth reading
                block = shown = math.inf
            stalls = sampler.hear_no_more()
            described = [s for s in stalls if s.length * 1000 >= options.min_ms]
            print(f"== {action.name}: longest block {block * 1000:,.0f} ms, result shows after "
                  f"{shown * 1000:,.0f} ms; {len(stalls)} stalls over {options.late_ms:g} ms, "
                  f"{len(described)} over {options.min_ms:g} ms", flush=True)
            for stall in described:
                print("\n".join(describe(stall, started, collections, options.depth,
                                         options.top)), flush=True)
    sampler.stop()


if __name__ == "__main__":
    sys.exit(main())
