"""Recovery copies of unsaved maps, so that a crash or a flat battery loses at most a few
seconds of a workshop.

Each running app owns one session folder under the recovery root. The GUI holds a lock on it
while it runs (a lock is the GUI's business: Qt's QLockFile notices stale locks on every
platform); a folder whose lock is free belongs to an app that is gone, and its maps are offered
for restore at the next start. Copies are written with atomic_write, never over the user's file.
"""

from __future__ import annotations

import json
import re
import shutil
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ..model.value_stream_map import ValueStreamMap
from .atomic_write import atomic_write
from .errors import VsmFileError
from .vsm_file import dumps_map, load_map

LOCK_NAME = "session.lock"
_SAFE_KEY = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


@dataclass(frozen=True)
class RecoveredMap:
    """A recovery copy left behind by an app that did not close cleanly."""

    session: Path
    key: str
    title: str
    original_path: str | None  # the file it was opened from or saved to, if any
    saved_at: datetime

    @property
    def map_path(self) -> Path:
        return self.session / f"{self.key}.vsm"

    def load(self) -> ValueStreamMap:
        return load_map(self.map_path)


class RecoverySession:
    """The recovery folder of this running app."""

    def __init__(self, root: Path, session_id: str | None = None) -> None:
        self.root = Path(root)
        self.folder = self.root / (session_id or uuid.uuid4().hex)
        self.folder.mkdir(parents=True, exist_ok=True)

    @property
    def lock_path(self) -> Path:
        return self.folder / LOCK_NAME

    def serialize(self, value_stream_map: ValueStreamMap) -> bytes:
        """The bytes of a recovery copy; cheap, so the GUI does it on its own thread."""
        return dumps_map(value_stream_map).encode("utf-8")

    def write(self, key: str, data: bytes, title: str, original_path: str | None) -> Path:
        """Store a serialized map under key (one per open document); safe from any thread."""
        _check_key(key)
        target = self.folder / f"{key}.vsm"
        atomic_write(target, data)
        meta = {
            "title": title,
            "original_path": original_path,
            "saved_at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        atomic_write(
            self.folder / f"{key}.json",
            json.dumps(meta, ensure_ascii=False, indent=2).encode("utf-8"),
        )
        return target

    def discard(self, key: str) -> None:
        _check_key(key)
        for suffix in (".vsm", ".json"):
            (self.folder / f"{key}{suffix}").unlink(missing_ok=True)

    def close(self) -> None:
        """A clean close: nothing to recover from this session."""
        shutil.rmtree(self.folder, ignore_errors=True)


def find_recoverable(root: Path, is_session_alive: Callable[[Path], bool]) -> list[RecoveredMap]:
    """Recovery copies in sessions whose app is gone, newest first. `is_session_alive(folder)`
    tells whether another running app still holds that session's lock."""
    root = Path(root)
    found: list[RecoveredMap] = []
    if not root.is_dir():
        return found
    for session in root.iterdir():
        if not session.is_dir() or is_session_alive(session):
            continue
        for meta_path in session.glob("*.json"):
            recovered = _read_meta(session, meta_path)
            if recovered is not None and recovered.map_path.is_file():
                found.append(recovered)
    found.sort(key=lambda item: item.saved_at, reverse=True)
    return found


def discard_recovered(recovered: RecoveredMap) -> None:
    recovered.map_path.unlink(missing_ok=True)
    (recovered.session / f"{recovered.key}.json").unlink(missing_ok=True)
    remaining = [p for p in recovered.session.iterdir() if p.name != LOCK_NAME]
    if not remaining:
        shutil.rmtree(recovered.session, ignore_errors=True)


def _read_meta(session: Path, meta_path: Path) -> RecoveredMap | None:
    """A damaged sidecar still lets the map be offered; an unreadable one is skipped."""
    key = meta_path.stem
    if not _SAFE_KEY.match(key):
        return None
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        saved_at = datetime.fromisoformat(str(meta.get("saved_at")))
        title = str(meta.get("title") or "Untitled value stream")[:200]
        original = meta.get("original_path")
        original = str(original)[:4096] if original else None
    except (OSError, ValueError, TypeError, AttributeError):
        try:
            saved_at = datetime.fromtimestamp(meta_path.stat().st_mtime, UTC)
        except OSError:
            return None
        title, original = "Untitled value stream", None
    return RecoveredMap(session, key, title, original, saved_at)


def _check_key(key: str) -> None:
    if not _SAFE_KEY.match(key):
        raise VsmFileError(f"invalid recovery key {key!r}")
