"""The GUI's command line, checked before Qt starts.

`vsm-desktop [FILE] [Qt options]` opens the editor. Qt's own options (`-style fusion`,
`-platform offscreen`) pass through to QApplication. Anything else is checked here, without
importing Qt, so that a mistyped subcommand (`vsm-desktop merg a b`) or a missing file gets one
clear line and an exit code from a script, instead of a window that waits for nobody.
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, field
from pathlib import Path

from .io.safe_read import kind_of_special_file

# QGuiApplication's and QApplication's documented options (X11 ones included): those that take a
# value, and those that do not. Either may be written with one or two dashes, or as -opt=value.
QT_OPTIONS_WITH_VALUE = frozenset({
    "platform", "platformpluginpath", "platformtheme", "plugin", "qmljsdebugger",
    "qwindowgeometry", "qwindowicon", "qwindowtitle", "session", "style", "stylesheet",
    "display", "geometry", "title", "name", "visual", "bgcolor", "fgcolor", "btncolor",
    "font", "fn",
})
QT_FLAGS = frozenset({"reverse", "widgetcount", "nograb", "dograb", "sync", "cmap", "im"})

# A file that does not exist yet but is named as a map opens as a new, empty map.
NEW_FILE_SUFFIXES = frozenset({".vsm"})


class LaunchError(Exception):
    """The command line cannot start the editor; the message says why, in one line."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code


@dataclass
class GuiArguments:
    files: list[str] = field(default_factory=list)
    qt_arguments: list[str] = field(default_factory=list)


def parse_gui_arguments(args: list[str], subcommands: tuple[str, ...]) -> GuiArguments:
    """Split the command line into files and Qt options; raise LaunchError for anything else."""
    from .cli import EXIT_BAD_INPUT, EXIT_USAGE

    parsed = GuiArguments()
    remaining = iter(args)
    for arg in remaining:
        if arg.startswith("-") and arg != "-":
            option = arg.lstrip("-").split("=", 1)[0]
            if option in QT_OPTIONS_WITH_VALUE:
                parsed.qt_arguments.append(arg)
                if "=" not in arg:
                    value = next(remaining, None)
                    if value is None:
                        raise LaunchError(f"the Qt option {arg} needs a value", EXIT_USAGE)
                    parsed.qt_arguments.append(value)
            elif option in QT_FLAGS:
                parsed.qt_arguments.append(arg)
            else:
                raise LaunchError(
                    f"unknown option {arg!r} (see 'vsm-desktop --help')", EXIT_USAGE
                )
        else:
            parsed.files.append(arg)
    for name in parsed.files:
        _check_file(name, subcommands, EXIT_USAGE, EXIT_BAD_INPUT)
    return parsed


def _check_file(name: str, subcommands: tuple[str, ...], usage: int, bad_input: int) -> None:
    path = Path(name)
    try:
        kind = kind_of_special_file(os.stat(path).st_mode)
    except (OSError, ValueError):
        kind = None
    if kind is not None:  # a folder, a named pipe (reading one waits forever), a device
        raise LaunchError(f"{name} is {kind}, not a map file", bad_input)
    if path.exists():
        return
    if not path.suffix and len(path.parts) == 1:
        # A bare word: almost always a mistyped or unknown command, not a map to create.
        close = difflib.get_close_matches(name, subcommands, n=1)
        hint = f" Did you mean '{close[0]}'?" if close else ""
        raise LaunchError(
            f"'{name}' is neither a command nor a file. Commands: {', '.join(subcommands)}."
            + hint, usage)
    if path.suffix.lower() not in NEW_FILE_SUFFIXES:
        raise LaunchError(f"{name}: no such file", bad_input)
