"""Entry point: no arguments open the GUI on the sample map, FILE opens a file, subcommands
(analyze, validate, import, export, ...) run headless and never need a display."""

from __future__ import annotations

import os
import sys

from . import cycle_collector

# What the entry point loads (the command line, the file reader, the model and pydantic's
# schemas) stays loaded: the collector would only walk it over and over.
with cycle_collector.loading_for_good():
    from .cli import SUBCOMMANDS, run_subcommand
    from .launch_arguments import LaunchError, parse_gui_arguments

_HEADLESS_OPTIONS = ("-h", "--help", "--version")


def main(argv: list[str] | None = None) -> int:
    """argv None: the program's own command line (the console script, `python -m` and the
    bundle), after which the process exits; a list: a caller that goes on, such as a test."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args and (args[0] in SUBCOMMANDS or args[0] in _HEADLESS_OPTIONS):
        return run_subcommand(args, process_ends=argv is None)
    try:
        gui_arguments = parse_gui_arguments(args, SUBCOMMANDS)
    except LaunchError as error:
        print(f"vsm-desktop: {error}", file=sys.stderr)
        return error.exit_code
    with cycle_collector.loading_for_good():  # Qt and the window's first modules
        # Before Qt is imported: Qt GUI itself needs some of these, and Qt's own message on a
        # missing one (an abort about the "xcb" plugin) tells a new user nothing.
        from .ui.system_libraries import display_libraries_problem

        problem = display_libraries_problem(os.environ, gui_arguments.qt_arguments)
        if problem is not None:
            print(problem, file=sys.stderr)
            return 1
        from .ui.app import run_gui  # Qt is imported only when a window is wanted

    return run_gui(gui_arguments.files, gui_arguments.qt_arguments)


if __name__ == "__main__":
    sys.exit(main())
