"""Reading the maps a subcommand was given: a file that does not read is a CommandError."""

from __future__ import annotations

from pathlib import Path

from ..io.errors import VsmFileError
from ..io.vsm_file import load_states
from ..model import MapState, MapStates, ValueStreamMap
from .outcome import CommandError


def read_states(path: str) -> MapStates:
    try:
        return load_states(Path(path))
    except VsmFileError as error:
        raise CommandError(str(error)) from None


def read_state(path: str, state: str = "current") -> ValueStreamMap:
    """The current state of the file, or for "future" its last future state."""
    states = read_states(path)
    if state == "current":
        return states.current
    futures = [m for m in states.maps if m.info.state is MapState.FUTURE]
    if not futures:
        raise CommandError(f"{Path(path).name} holds no future state; create one in the editor "
                           "(Map > New future state)")
    return futures[-1]
