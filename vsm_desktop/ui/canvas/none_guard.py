"""A guard against a reference-counting bug in PySide6 6.12 on Python 3.11.

With that pair every Qt method that returns nothing drops one reference to None (measured: a
thousand QPainter.setPen calls lower sys.getrefcount(None) by a thousand). Python 3.12+ made
None immortal so the bug is harmless there, but on 3.11 None's count reaches zero after a few
thousand calls, painting the map once or twice, and the interpreter aborts with "Fatal Python
error: none_dealloc". The real fix is a PySide6 without the bug or Python 3.12+; until then we
give None enough references that the leak can never use them up. None is a static object that
is never freed, so a larger count has no other effect.
"""

from __future__ import annotations

import ctypes
import sys

_HEADROOM = 1 << 40  # a trillion void calls
_installed = False


def pyside_drops_none_references() -> bool:
    """Whether this PySide6 has the bug (measured, not guessed from version numbers)."""
    from PySide6.QtCore import QObject

    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(64):
        probe.setObjectName("probe")
    return sys.getrefcount(None) < before - 32


def install_none_guard() -> None:
    """Give None the headroom once per process, only where the bug is present."""
    global _installed
    if _installed or sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return
    _installed = True
    if hasattr(sys, "getobjects"):
        return  # a trace-refs debug build lays objects out differently; leave it alone
    if pyside_drops_none_references():
        # ob_refcnt is the first field of every object in a release build of CPython 3.11.
        ctypes.c_ssize_t.from_address(id(None)).value += _HEADROOM
