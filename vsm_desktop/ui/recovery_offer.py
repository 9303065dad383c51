"""At start-up, offer the maps a crashed app left behind, and carry out the answers.

Restore opens a map as unsaved changes; Discard deletes the copy; Later keeps it for the next
start. The question goes through the dialogs seam so tests can answer it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from ..io.errors import VsmFileError
from ..io.recovery import RecoveredMap, discard_recovered
from ..io.vsm_file import load_states
from ..model.value_stream_map import MapStates
from .autosave import RecoveryFolder
from .dialogs import current_dialogs

if TYPE_CHECKING:
    from .main_window import MainWindow

log = logging.getLogger(__name__)


def offer_recovery(
    folder: RecoveryFolder,
    parent: QWidget | None,
    restore: Callable[[MapStates, RecoveredMap], None],
) -> int:
    """Ask about every recovered map and carry out the answers; the number restored.

    A copy is discarded only after its map is open again (the window then keeps its own
    recovery copy), so a crash during restoring loses nothing.
    """
    recovered = folder.recoverable()
    if not recovered:
        return 0
    seam = current_dialogs()
    choices = seam.ask_recovery(parent, recovered)
    if choices is None:
        return 0  # closed without answering: ask again next time
    restored = 0
    for item, choice in zip(recovered, choices, strict=False):
        if choice == "discard":
            discard_recovered(item)
        elif choice == "restore":
            try:
                states = load_states(item.map_path)
            except VsmFileError as error:
                log.warning("a recovery copy could not be read: %s", error)
                seam.error(
                    parent,
                    "Could not restore the map",
                    f"The recovery copy of “{item.title}” cannot be read and stays where it "
                    f"is.\n\n{error}",
                )
                continue
            restore(states, item)
            discard_recovered(item)
            restored += 1
    return restored


_restored_windows: list[QWidget] = []  # windows opened for recovered maps live with the app


def offer_recovery_at_start(window: MainWindow, recovery: RecoveryFolder) -> bool:
    """Offer the maps a crashed app left behind; True if one now shows in `window`.

    The first restored map goes into `window` when it holds nothing the user would miss; every
    other one opens in a window of its own.
    """
    used_window = False

    def restore(states: MapStates, recovered: RecoveredMap) -> None:
        nonlocal used_window
        holding = _window_holding(recovered.original_path, [window, *_restored_windows])
        if holding is not None:
            # One window per file: the recovered changes replace the saved version shown there,
            # so no second window can save the older map over them.
            holding.files.restore_recovered(states, recovered.original_path)
            used_window = used_window or holding is window
            return
        target = window
        if used_window or not window.files.is_pristine:
            target = type(window)(window.settings, recovery)
            target.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            _restored_windows.append(target)
            target.destroyed.connect(lambda: _restored_windows.remove(target))
            target.show()
        else:
            used_window = True
        target.files.restore_recovered(states, recovered.original_path)

    offer_recovery(recovery, window, restore)
    return used_window


def _window_holding(original_path: str | None, windows: list) -> MainWindow | None:
    """The open window showing the file a recovered map came from, if any."""
    if not original_path:
        return None
    wanted = Path(original_path).resolve()
    for candidate in windows:
        shown = candidate.files.file_path
        if shown is not None and Path(shown).resolve() == wanted:
            return candidate
    return None
