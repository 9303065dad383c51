"""Has the file on disk changed since we read or wrote it? (another app, a sync folder, a
colleague on a share)

A stamp is the file's size, modification time and a SHA-256 of its bytes, taken right after a
load or a save. Size and time are checked first (cheap); when they differ the content decides,
so a sync tool that rewrites the same bytes does not raise a false alarm.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from .errors import VsmFileError
from .safe_read import read_regular_file
from .vsm_file import MAX_FILE_BYTES

_MAX_BYTES = MAX_FILE_BYTES  # as large as a map file may be; a bigger one has surely changed


@dataclass(frozen=True)
class DiskStamp:
    size: int
    mtime_ns: int
    digest: str


def stamp_of(path: str | Path) -> DiskStamp | None:
    """The file as it is now, or None when it cannot be read (gone, a folder, unreadable)."""
    try:
        status = os.stat(path)
        data = read_regular_file(path, _MAX_BYTES)
    except (OSError, VsmFileError):
        return None
    return DiskStamp(status.st_size, status.st_mtime_ns, hashlib.sha256(data).hexdigest())


def changed_on_disk(path: str | Path, stamp: DiskStamp | None) -> bool:
    """True when saving to path would overwrite something other than what the stamp saw.
    A file that is gone is not a conflict (saving puts it back); a file that can no longer be
    read is (we cannot tell what would be lost)."""
    if stamp is None:
        return False
    try:
        status = os.stat(path)
    except FileNotFoundError:
        return False
    except OSError:
        return True
    if status.st_size == stamp.size and status.st_mtime_ns == stamp.mtime_ns:
        return False
    now = stamp_of(path)
    return now is None or now.digest != stamp.digest
