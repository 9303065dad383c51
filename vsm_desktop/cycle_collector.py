"""Python's cycle collector paused while a map becomes many objects at once, and kept off
the open map's long-lived objects.

Reading a map, or building its scene, makes tens of thousands of objects that all stay in
use. The collector walks them again and again while they are made and frees next to nothing
(under 700 objects after `analyze` of 10,000 elements): a sixth of a command's time, and of
the window's time building a large scene. It is switched back on afterwards.

A 5,000-element map keeps about 350,000 objects alive (records, graph, canvas items) while it is
open. Each edit leaves enough new objects behind (a snapshot, an analysis) to set off a full
collection every edit or two, and a full collection walks all of them: 0.4-0.7 s with the window
unable to answer, whichever thread allocated. Once a map is shown and its first figures are in,
what exists is frozen (gc.freeze): later sweeps walk only what came after. Objects still die by
reference counting; only a cycle among frozen objects waits until the next map or state is
shown, when the freeze is lifted and the collector may take whatever of the old map is garbage.

The app's start is such a time too: its modules, pydantic's schemas, Qt's wrappers, the window
and the first map all stay. The collector rests while they are made and leaves them out of its
sweeps afterwards (frozen): before, it walked them a hundred times over before the first frame
(about a tenth of the start's CPU).
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextmanager
def paused_until_resumed() -> Iterator[Callable[[], None]]:
    """Paused until the function it gives is called (the app's first frame is painted) or the
    block ends, whichever comes first; what exists then is frozen, as once a map is up."""
    was_enabled = gc.isenabled()
    gc.disable()
    resumed = False

    def resume() -> None:
        nonlocal resumed
        if not resumed:
            resumed = True
            settle_long_lived()  # first: awake, the collector would sweep all of it once
            if was_enabled:
                gc.enable()

    try:
        yield resume
    finally:
        resume()


@contextmanager
def loading_for_good() -> Iterator[None]:
    """Paused while the program loads what it keeps to its end (its modules); then that is
    frozen, so later sweeps skip it."""
    with paused_until_resumed():
        yield


def settle_long_lived() -> None:
    """The map is up: what is alive now lives as long as it does."""
    gc.freeze()


def release_long_lived() -> None:
    """Another map or state replaces the shown one: what was frozen may be garbage soon."""
    gc.unfreeze()
