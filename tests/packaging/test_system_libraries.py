"""On Linux the app names missing X11 libraries in one line instead of Qt's abort."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

from vsm_desktop.ui.system_libraries import (
    XCB_LIBRARIES,
    display_libraries_problem,
    platform_will_be_xcb,
)

FAKE = {"libxcb.so.1": "libxcb1", "libvsm-not-there.so.7": "libvsm-not-there7"}


def test_a_missing_library_is_named_with_its_package():
    problem = display_libraries_problem({"DISPLAY": ":0"}, (), "linux", FAKE)
    assert problem is not None
    assert "libvsm-not-there.so.7" in problem
    assert "sudo apt install libvsm-not-there7" in problem
    assert "libxcb.so.1" not in problem  # this machine has it: only what is missing is named
    assert "\n" not in problem


def test_nothing_is_said_when_every_library_loads():
    present = {"libxcb.so.1": "libxcb1"}
    assert display_libraries_problem({"DISPLAY": ":0"}, (), "linux", present) is None


def test_the_real_list_is_what_the_xcb_plugin_needs():
    assert {"libxcb-icccm.so.4", "libxcb-keysyms.so.1", "libxcb-cursor.so.0"} <= set(XCB_LIBRARIES)
    assert XCB_LIBRARIES["libxkbcommon-x11.so.0"] == "libxkbcommon-x11-0"


def test_only_linux_with_the_xcb_platform_is_checked():
    assert not platform_will_be_xcb({}, (), "darwin")
    assert not platform_will_be_xcb({}, (), "win32")
    assert not platform_will_be_xcb({"QT_QPA_PLATFORM": "offscreen"}, (), "linux")
    assert not platform_will_be_xcb({"QT_QPA_PLATFORM": "wayland;xcb"}, (), "linux")
    assert not platform_will_be_xcb({"WAYLAND_DISPLAY": "wayland-0"}, (), "linux")
    assert platform_will_be_xcb({"DISPLAY": ":0"}, (), "linux")
    assert platform_will_be_xcb({"QT_QPA_PLATFORM": "xcb:nograb"}, (), "linux")
    # -platform on the command line wins over the environment
    assert platform_will_be_xcb({"QT_QPA_PLATFORM": "offscreen"}, ("-platform", "xcb"), "linux")
    assert not platform_will_be_xcb({}, ("-platform", "offscreen"), "linux")


def test_the_app_stops_with_the_line_before_qt_starts():
    """A real launch with one fake library added to the list: exit 1, one line, no Qt abort."""
    script = textwrap.dedent(
        """
        import sys
        from vsm_desktop.ui import system_libraries
        system_libraries.XCB_LIBRARIES["libvsm-not-there.so.7"] = "libvsm-not-there7"
        from vsm_desktop.__main__ import main
        code = main([])
        print("Qt imported:", "PySide6.QtGui" in sys.modules)
        sys.exit(code)
        """
    )
    environment = {**os.environ, "QT_QPA_PLATFORM": "xcb", "DISPLAY": ":99"}
    done = subprocess.run(
        [sys.executable, "-c", script],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "libvsm-not-there.so.7" in lines[0] and "libvsm-not-there7" in lines[0]
    assert "Qt imported: False" in done.stdout
