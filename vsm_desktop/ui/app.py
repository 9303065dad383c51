"""Starting the GUI: the QApplication, the shipped fonts, the window and the first map."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from .. import cycle_collector, theme
from ..resources import fonts_dir, sample_map_path
from . import icons
from .settings import APPLICATION, ORGANISATION

UI_POINT_SIZE = 10
SINGLE_INSTANCE_KEY = "vsm-desktop"
GETTING_STARTED_FLAG = "help/getting_started_shown"


def load_fonts() -> str | None:
    """Register the shipped fonts; the family to use, or None to keep the system sans."""
    family = None
    for font_file in sorted(fonts_dir().glob("*.ttf")):
        font_id = QFontDatabase.addApplicationFont(str(font_file))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        if theme.UI_FONT_FAMILY in families:
            family = theme.UI_FONT_FAMILY
    return family


def create_application(argv: Sequence[str] | None = None) -> QApplication:
    """The QApplication with our name, icon and font (reused if one exists, as in tests)."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(list(argv) if argv is not None else sys.argv[:1])
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName(APPLICATION)
    app.setDesktopFileName("org.vsmdesktop.VSMDesktop")  # Wayland app id = desktop entry
    app.setWindowIcon(icons.app_icon())
    family = load_fonts()
    if family is not None:
        font = QFont(family, UI_POINT_SIZE)
        font.setStyleHint(QFont.StyleHint.SansSerif)
        app.setFont(font)
    return app


def files_sent_as_events(app: QApplication):
    """macOS hands the files a user opens in Finder to the app as events; elsewhere they come
    on the command line, and the application-wide filter that catches the events would only
    pass every event of every widget through Python (a tax on the start and on every drag)."""
    if sys.platform != "darwin":
        return None
    from .file_open_events import FileOpenEvents

    return FileOpenEvents(app)


def offer_getting_started(window) -> None:
    """The five-step introduction, once: on the first start of the app for this user (over
    the window's first frame, which shows the map it talks about)."""
    from .window.help import show_getting_started

    if not window.settings.flag(GETTING_STARTED_FLAG, False):
        window.settings.set_flag(GETTING_STARTED_FLAG, True)
        show_getting_started(window)


def run_gui(
    path: str | Sequence[str] | None = None, qt_arguments: Sequence[str] = ()
) -> int:
    """Open the window on the file given, or on the shipped sample map; return the exit code.

    A second launch with a file hands it to the running window and exits; files the OS sends
    as events (macOS Finder) open in the window too. `qt_arguments` (`-style fusion`) go to
    QApplication as they are.
    """
    if path is not None and not isinstance(path, str):
        path = next(iter(path), None)
    # Everything made until the first frame (the window, its modules, the map) stays: the
    # collector rests until then (see cycle_collector).
    with cycle_collector.paused_until_resumed() as first_frame_painted:
        return _run_window(path, qt_arguments, first_frame_painted)


def _run_window(
    path: str | None, qt_arguments: Sequence[str], first_frame_painted: Callable[[], None]
) -> int:
    app = create_application([*sys.argv[:1], *qt_arguments])
    from .diagnostics import start_logging

    start_logging()  # after the app's name is set: the log lives in its data folder
    from .main_window import MainWindow
    from .single_instance import SingleInstance
    from .termination import TerminationWatcher, exit_code_for

    instance = SingleInstance(SINGLE_INSTANCE_KEY, app)
    if instance.forward_to_running([str(Path(path).resolve())] if path else []):
        return 0  # the running window opened the file (or came to the front)
    terminated: list[int] = []

    def end_on_signal(signum: int) -> None:
        # Like a crash, not like a close: unsaved maps stay offered for recovery at next start.
        from .autosave import write_emergency_copies

        terminated.append(signum)
        write_emergency_copies()
        instance.close()
        app.exit(exit_code_for(signum))

    termination = TerminationWatcher(end_on_signal)  # before listening: no gap for a signal
    instance.listen()
    from .autosave import shared_recovery_folder
    from .crash_handler import CrashHandler
    from .recovery_offer import offer_recovery_at_start

    recovery = shared_recovery_folder()
    window = MainWindow(recovery=recovery, first_frame_first=True)
    crash_handler = CrashHandler(lambda: app.activeWindow() or window)
    crash_handler.install()
    instance.paths_received.connect(window.files.open_paths)
    file_events = files_sent_as_events(app)
    if file_events is not None:
        file_events.file_open_requested.connect(window.files.open_path)
    window.show()
    if path:
        # On failure the error shows and a blank map stays open; a new .vsm starts empty.
        window.files.open_or_start(Path(path))
    restored_here = offer_recovery_at_start(window, recovery)
    if not path and not restored_here and sample_map_path().exists():
        window.files.load_file(sample_map_path())
    if file_events is not None:
        file_events.deliver_pending()
    window.first_frame.painted.connect(first_frame_painted)
    window.first_frame.painted.connect(lambda: offer_getting_started(window))
    exit_code = app.exec()
    termination.close()
    crash_handler.uninstall()
    if not terminated:
        recovery.close()  # every window closed on purpose: nothing left to recover
    instance.close()
    return exit_code
