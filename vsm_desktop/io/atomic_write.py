"""Write a file so that a crash, a full disk or a power cut never leaves half of it behind.

The bytes go to a temporary file in the same folder, are flushed and fsynced, and only then
os.replace() swaps the new file in: a reader sees the old file or the new one, never a mix.
With keep_backup the old file survives beside it as "<name>.bak"; the backup is also swapped in
with os.replace, so a crash while making it leaves the previous backup in place.

A save killed half way leaves its hidden temporary file (".map.vsm.k3j9x0a_.tmp"); the next
save to that folder removes such leftovers once they are older than STALE_TEMPORARY_SECONDS
(a save takes well under a second, so an old one belongs to no save still running). Only names
of our own pattern, ordinary files of this user, are touched.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import stat
import tempfile
import time
from pathlib import Path

from .errors import VsmFileError
from .safe_read import kind_of_special_file

BACKUP_SUFFIX = ".bak"
STALE_TEMPORARY_SECONDS = 10 * 60
# ".<name>.<8 random characters>.tmp" from mkstemp, ".<name>.bak.<pid>.tmp" while backing up
_TEMPORARY_NAME = re.compile(r"^\..+\.(?:[a-z0-9_]{8}|bak\.\d+)\.tmp$")

_REASONS = {
    errno.EACCES: "permission denied: the folder is read-only or you may not write there",
    errno.EPERM: "permission denied: the folder is read-only or you may not write there",
    errno.EROFS: "the disk or folder is read-only",
    errno.ENOSPC: "the disk is full",
    getattr(errno, "EDQUOT", -1): "your disk quota is used up",
    errno.ENOENT: "the folder no longer exists",
    errno.ENOTDIR: "part of the path is not a folder",
    errno.EISDIR: "a folder with that name is in the way",
    errno.ENAMETOOLONG: "the file name is too long",
}


def backup_path(path: str | Path) -> Path:
    path = Path(path)
    return path.with_name(path.name + BACKUP_SUFFIX)


def describe_os_error(error: OSError) -> str:
    reason = _REASONS.get(error.errno or 0)
    return reason or (error.strerror or str(error))


def atomic_write(path: str | Path, data: bytes, *, keep_backup: bool = False) -> None:
    """Replace path with data in one step, or raise VsmFileError and leave path untouched."""
    if "\0" in os.fspath(path):
        raise VsmFileError("the file name is not valid: it contains a NUL character", path=path)
    target = Path(os.path.realpath(path))  # save through a symlink to the file it points at
    folder = target.parent
    if target.is_dir():
        raise VsmFileError(f"cannot save here: {_REASONS[errno.EISDIR]}", path=target)
    if not folder.is_dir():
        raise VsmFileError(f"cannot save: the folder {folder} does not exist", path=target)
    temp_name: str | None = None
    try:
        existing_mode = _existing_mode(target)
        remove_stale_temporaries(folder)
        fd, temp_name = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp_name, existing_mode if existing_mode is not None else _default_mode())
        if keep_backup and existing_mode is not None:
            _replace_backup(target)
        os.replace(temp_name, target)
        temp_name = None
        _sync_folder(folder)
    except OSError as error:
        raise VsmFileError(f"could not save: {describe_os_error(error)}", path=target) from error
    finally:
        if temp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(temp_name)


def _existing_mode(target: Path) -> int | None:
    """The permissions of the file being replaced (None if there is none); refuses to replace
    a pipe or a device, or a file marked read-only: the user protected it."""
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        return None
    kind = kind_of_special_file(mode)
    if kind is not None:
        raise VsmFileError(f"cannot save here: this is {kind}, not a file", path=target)
    if not mode & 0o222 or not os.access(target, os.W_OK):
        raise VsmFileError(
            "cannot save: the file is read-only, so it was left as it is; save under another "
            "name, or make the file writable first",
            path=target,
        )
    return stat.S_IMODE(mode)


def remove_stale_temporaries(folder: Path, now: float | None = None) -> list[Path]:
    """Remove our own hidden temporary files that a killed save left in folder; returns them."""
    now = time.time() if now is None else now
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if not _TEMPORARY_NAME.match(entry.name):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
            if not stat.S_ISREG(info.st_mode) or now - info.st_mtime < STALE_TEMPORARY_SECONDS:
                continue
            if hasattr(os, "getuid") and info.st_uid != os.getuid():
                continue
            os.unlink(entry.path)
            removed.append(Path(entry.path))
        except OSError:
            continue  # gone already, or not ours to remove
    return removed


def _default_mode() -> int:
    """Read/write for everyone the user's umask allows, as a plain open() would create it."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


def _replace_backup(target: Path) -> None:
    """Make target's current content the new backup without ever losing the previous one."""
    backup = backup_path(target)
    staging = backup.with_name(f".{backup.name}.{os.getpid()}.tmp")
    with contextlib.suppress(FileNotFoundError):
        os.unlink(staging)
    try:
        os.link(target, staging)  # cheap, and the old inode stays valid after the replace
    except OSError:
        shutil.copy2(target, staging)  # file systems without hard links (FAT, some shares)
    try:
        os.replace(staging, backup)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(staging)
        raise


def _sync_folder(folder: Path) -> None:
    """Persist the rename itself; not every platform can open a folder, which is fine."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
