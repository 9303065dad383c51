import errno
import os
import subprocess
import sys

import pytest

# GUI tests run headless everywhere; set before any Qt import.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def pytest_sessionfinish(session, exitstatus):
    """Empty the clipboard before the interpreter exits: Qt's offscreen platform crashes at exit
    while its clipboard still owns data a copy test left there (xcb, Windows, macOS do not)."""
    import sys

    if "PySide6.QtGui" not in sys.modules:
        return
    from PySide6.QtGui import QGuiApplication

    if QGuiApplication.instance() is not None:
        QGuiApplication.clipboard().clear()


@pytest.fixture
def small_disk(tmp_path, monkeypatch):
    """A 64 KB tmpfs when we may mount one (root on Linux); otherwise the write reports ENOSPC
    as a full disk would, once more than 64 KB are written."""
    folder = tmp_path / "small"
    folder.mkdir()
    mounted = sys.platform == "linux" and subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder)], capture_output=True
    ).returncode == 0
    if not mounted:
        from vsm_desktop.io import atomic_write as module

        real_fdopen = os.fdopen

        class FullDisk:
            def __init__(self, stream):
                self._stream = stream

            def __enter__(self):
                return self

            def __exit__(self, *exc):
                self._stream.close()

            def write(self, data):
                if len(data) > 64 * 1024:
                    raise OSError(errno.ENOSPC, "No space left on device")
                return self._stream.write(data)

            def __getattr__(self, name):
                return getattr(self._stream, name)

        monkeypatch.setattr(module.os, "fdopen", lambda fd, mode: FullDisk(real_fdopen(fd, mode)))
    yield folder
    if mounted:
        subprocess.run(["umount", str(folder)], check=True)
