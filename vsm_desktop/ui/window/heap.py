"""The open map's long-lived objects, kept out of the cycle collector's full sweeps.

A 5,000-element map keeps about 350,000 Python objects alive (records, graph, canvas items) for
as long as it is open. Each edit leaves enough new objects behind (a snapshot, an analysis) to
set off a full collection every edit or two, and a full collection walks all of them: 0.4-0.7 s
with the window unable to answer, whichever thread happened to allocate. Once a map is shown and
its first figures are in, what exists is frozen (gc.freeze): later sweeps walk only what came
after. Objects still die by reference counting as usual; only a cycle among frozen objects waits,
until the next map or state is shown, when the freeze is lifted and the collector may take
whatever of the old map is garbage.
"""

from __future__ import annotations

import gc


def settle_long_lived() -> None:
    """The map is up: what is alive now lives as long as it does."""
    gc.freeze()


def release_long_lived() -> None:
    """Another map or state replaces the shown one: what was frozen may be garbage soon."""
    gc.unfreeze()
