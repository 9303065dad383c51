"""Read a file a user pointed at, refusing at once anything that is not an ordinary file.

A path named map.vsm or steps.csv may be a folder, a named pipe (reading it waits forever for a
writer), a device (/dev/zero never ends) or a socket. Each is refused before it is read, with a
message that says what it is; the file is opened without blocking and checked again on the open
descriptor, so a pipe swapped in between the check and the open cannot hang the app either.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from .errors import VsmFileError

_READ_REASONS = {
    errno.EACCES: "you do not have permission to read it",
    errno.EPERM: "you do not have permission to read it",
    errno.ENOENT: "the file does not exist (moved or deleted?)",
    errno.ENOTDIR: "part of the path is not a folder",
    errno.ENAMETOOLONG: "the file name is too long",
    errno.ELOOP: "it is a symbolic link that points to itself",
    errno.EIO: "the disk reported an error while reading it",
}


def kind_of_special_file(mode: int) -> str | None:
    """What a non-regular file is, in words ("a folder", "a named pipe"…); None for a file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "something other than an ordinary file"


def describe_read_error(error: OSError) -> str:
    return _READ_REASONS.get(error.errno or 0) or (error.strerror or "the system refused")


def read_regular_file(path: str | Path, max_bytes: int, what: str = "file") -> bytes:
    """The bytes of an ordinary file of at most max_bytes; raises VsmFileError naming the file
    and the problem (a folder, a pipe, a device, too large, unreadable) and nothing else."""
    path = Path(path)
    try:
        mode = os.stat(path).st_mode
        _refuse_special(mode, path, what)
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
        fd = os.open(path, flags)
    except FileNotFoundError as error:
        raise VsmFileError(_READ_REASONS[errno.ENOENT], path=path) from error
    except OSError as error:
        raise VsmFileError(f"cannot read it: {describe_read_error(error)}", path=path) from error
    except ValueError as error:  # a NUL character in the name
        raise VsmFileError("the file name is not valid: it contains a NUL character",
                           path=path) from error
    try:
        status = os.fstat(fd)
        _refuse_special(status.st_mode, path, what)
        if status.st_size > max_bytes:
            raise VsmFileError(_too_large(status.st_size, max_bytes, what), path=path)
        chunks, total = [], 0
        while total <= max_bytes:  # the file may grow after fstat()
            chunk = os.read(fd, min(1 << 20, max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > max_bytes:
            raise VsmFileError(_too_large(total, max_bytes, what), path=path)
        return b"".join(chunks)
    except OSError as error:
        raise VsmFileError(f"cannot read it: {describe_read_error(error)}", path=path) from error
    finally:
        os.close(fd)


def _refuse_special(mode: int, path: Path, what: str) -> None:
    kind = kind_of_special_file(mode)
    if kind is not None:
        raise VsmFileError(f"this is {kind}, not a {what}", path=path)


def _too_large(size: int, max_bytes: int, what: str) -> str:
    return (
        f"the file is {size / 1024 / 1024:.1f} MB; {what}s are at most "
        f"{max_bytes // 1024 // 1024} MB, so this is probably not a {what}"
    )
