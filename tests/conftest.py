import os

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
