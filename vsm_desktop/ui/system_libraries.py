"""Before the window opens on Linux: are the system libraries Qt's X11 (xcb) plugin needs there?

Without them Qt aborts with "could not load the Qt platform plugin xcb" and a list of plugins,
which tells a new user nothing. This check names the missing libraries and the packages that
bring them, in one line, before the QApplication exists. Only the loader is asked (no Qt).
"""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Callable, Mapping, Sequence

# What PySide6's libqxcb.so and Qt GUI load (ldd on the plugin), by soname, with the Debian and
# Ubuntu package of each. The C library and friends every system has are left out.
XCB_LIBRARIES: dict[str, str] = {
    "libxcb.so.1": "libxcb1",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libglib-2.0.so.0": "libglib2.0-0",
}


def platform_will_be_xcb(
    environ: Mapping[str, str], qt_arguments: Sequence[str], system: str
) -> bool:
    """Whether Qt will try the xcb plugin: on Linux, unless another platform was chosen (by
    -platform or QT_QPA_PLATFORM) or a Wayland session lets Qt pick its Wayland plugin."""
    if not system.startswith("linux"):
        return False
    arguments = list(qt_arguments)
    chosen = environ.get("QT_QPA_PLATFORM", "")
    for index, argument in enumerate(arguments[:-1]):
        if argument in ("-platform", "--platform"):
            chosen = arguments[index + 1]
    if chosen:
        # "xcb", "xcb:option=value", or a fallback list such as "wayland;xcb" (first wins).
        return chosen.split(";")[0].split(":")[0].strip() == "xcb"
    return not environ.get("WAYLAND_DISPLAY")


def _loads(soname: str) -> bool:
    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def missing_libraries(
    libraries: Mapping[str, str], loads: Callable[[str], bool] = _loads
) -> list[str]:
    """The sonames the dynamic loader cannot find, in the order given."""
    return [soname for soname in libraries if not loads(soname)]


def missing_library_message(missing: Sequence[str], libraries: Mapping[str, str]) -> str:
    packages = " ".join(libraries[soname] for soname in missing)
    return (
        f"vsm-desktop: cannot open a window: these system libraries are missing: "
        f"{', '.join(missing)} (Debian/Ubuntu: sudo apt install {packages}; other systems: "
        f"see README, 'Before the two commands'). The subcommands (vsm-desktop analyze, "
        f"export, ...) work without them."
    )


def display_libraries_problem(
    environ: Mapping[str, str],
    qt_arguments: Sequence[str] = (),
    system: str = sys.platform,
    libraries: Mapping[str, str] | None = None,
    loads: Callable[[str], bool] = _loads,
) -> str | None:
    """One line naming what is missing for the window, or None when nothing is."""
    if not platform_will_be_xcb(environ, qt_arguments, system):
        return None
    libraries = XCB_LIBRARIES if libraries is None else libraries
    missing = missing_libraries(libraries, loads)
    return missing_library_message(missing, libraries) if missing else None
