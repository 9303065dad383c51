"""Reading and writing maps: the .vsm file and CSV step lists. No Qt here."""

from .errors import VsmFileError
from .migrations import CURRENT_VERSION
from .vsm_file import (
    FILE_SUFFIX,
    MAX_FILE_BYTES,
    dumps_map,
    dumps_states,
    load_map,
    load_states,
    loads_map,
    loads_states,
    save_map,
    save_states,
)

__all__ = [
    "CURRENT_VERSION",
    "FILE_SUFFIX",
    "MAX_FILE_BYTES",
    "VsmFileError",
    "dumps_map",
    "dumps_states",
    "load_map",
    "load_states",
    "loads_map",
    "loads_states",
    "save_map",
    "save_states",
]
