"""What the app remembers between sessions: recent files, last folder, toggles, window layout.

An INI file in the user's config folder on every platform (organisation "VSM Desktop"), so tests
can point QSettings at a temporary folder with ``QSettings.setPath`` and never touch the user's.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

ORGANISATION = "VSM Desktop"
APPLICATION = "VSM Desktop"
MAX_RECENT_FILES = 10
AUTOSAVE_SECONDS = 30
AUTOSAVE_RANGE_SECONDS = (5, 600)
PAGE_SIZES = ("A4", "Letter", "A3")


@dataclass(frozen=True)
class Preferences:
    """The settings the Preferences dialog edits, read and applied together."""

    autosave_seconds: int
    keep_backup: bool
    page_size: str
    landscape: bool
    snap_to_grid: bool


class AppSettings:
    def __init__(self) -> None:
        self._store = QSettings(
            QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANISATION, APPLICATION
        )

    def sync(self) -> None:
        self._store.sync()

    # -- recent files ----------------------------------------------------------------------

    def recent_files(self) -> list[str]:
        value = self._store.value("files/recent", [])
        if isinstance(value, str):  # QSettings collapses a one-item list to a string
            value = [value]
        return [str(path) for path in (value or []) if path][:MAX_RECENT_FILES]

    def add_recent_file(self, path: str | Path) -> list[str]:
        """Put the file first in the list (once), keep the ten most recent."""
        path = str(Path(path).resolve())
        recent = [path, *(p for p in self.recent_files() if p != path)][:MAX_RECENT_FILES]
        self._store.setValue("files/recent", recent)
        return recent

    def remove_recent_file(self, path: str | Path) -> list[str]:
        recent = [p for p in self.recent_files() if p != str(path)]
        self._store.setValue("files/recent", recent)
        return recent

    def clear_recent_files(self) -> None:
        self._store.setValue("files/recent", [])

    # -- folders ---------------------------------------------------------------------------

    def last_folder(self) -> str:
        folder = str(self._store.value("files/last_folder", "") or "")
        return folder if folder and Path(folder).is_dir() else str(Path.home())

    def set_last_folder_from(self, path: str | Path) -> None:
        self._store.setValue("files/last_folder", str(Path(path).resolve().parent))

    # -- toggles ---------------------------------------------------------------------------

    def flag(self, name: str, default: bool) -> bool:
        value = self._store.value(f"view/{name}", default)
        if isinstance(value, str):
            return value.lower() in ("true", "1", "yes")
        return bool(value)

    def set_flag(self, name: str, value: bool) -> None:
        self._store.setValue(f"view/{name}", bool(value))

    # -- saving and recovery ---------------------------------------------------------------

    def keep_backup(self) -> bool:
        """Saving over a map keeps the previous version beside it as name.vsm.bak."""
        value = self._store.value("files/keep_backup", True)
        if isinstance(value, str):
            return value.lower() in ("true", "1", "yes")
        return bool(value)

    def set_keep_backup(self, on: bool) -> None:
        self._store.setValue("files/keep_backup", bool(on))

    def autosave_interval_seconds(self) -> int:
        """Seconds between a first unsaved edit and its recovery copy (5 s to 10 min)."""
        try:
            seconds = int(self._store.value("recovery/interval_seconds", AUTOSAVE_SECONDS))
        except (TypeError, ValueError):
            seconds = AUTOSAVE_SECONDS
        low, high = AUTOSAVE_RANGE_SECONDS
        return max(low, min(seconds, high))

    def set_autosave_interval_seconds(self, seconds: int) -> None:
        self._store.setValue("recovery/interval_seconds", int(seconds))

    # -- PDF report paper ------------------------------------------------------------------

    def report_options(self) -> tuple[str, bool]:
        """The page size and orientation the last report used: A4 landscape at first."""
        page_size = str(self._store.value("report/page_size", "A4") or "A4")
        if page_size not in PAGE_SIZES:
            page_size = "A4"
        landscape = self._store.value("report/landscape", True)
        if isinstance(landscape, str):
            landscape = landscape.lower() in ("true", "1", "yes")
        return page_size, bool(landscape)

    def set_report_options(self, page_size: str, landscape: bool) -> None:
        self._store.setValue("report/page_size", page_size)
        self._store.setValue("report/landscape", bool(landscape))

    # -- preferences -----------------------------------------------------------------------

    def preferences(self) -> Preferences:
        page_size, landscape = self.report_options()
        return Preferences(
            autosave_seconds=self.autosave_interval_seconds(),
            keep_backup=self.keep_backup(),
            page_size=page_size,
            landscape=landscape,
            snap_to_grid=self.flag("snap_to_grid", True),
        )

    # -- window layout ---------------------------------------------------------------------

    def window_geometry(self) -> QByteArray | None:
        value = self._store.value("window/geometry")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def window_state(self) -> QByteArray | None:
        value = self._store.value("window/state")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def save_window(self, geometry: QByteArray, state: QByteArray) -> None:
        self._store.setValue("window/geometry", geometry)
        self._store.setValue("window/state", state)
