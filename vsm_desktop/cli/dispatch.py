"""Running one subcommand: parse the arguments, call its module, turn failures into exit codes.

Each group of subcommands is imported only when it runs, so `vsm-desktop validate` never loads
the PDF or Qt code, and the GUI's start does not pay for the analysis."""

from __future__ import annotations

import argparse
import atexit
import gc
import os
import sys
from collections.abc import Callable

from .. import cycle_collector
from .arguments import build_parser
from .outcome import EXIT_OK, EXIT_USAGE, CommandError


def run_subcommand(args: list[str], process_ends: bool = False) -> int:
    """process_ends: the process exits when this returns (the program's own command line)."""
    parser = build_parser()
    try:
        options = parser.parse_args(args)
    except SystemExit as exit_request:  # --help, --version, or a usage error (code 2)
        return exit_request.code if isinstance(exit_request.code, int) else EXIT_USAGE
    if options.command is None:
        parser.print_help()
        return EXIT_OK
    if process_ends:
        # At exit the interpreter's last collection would walk every object of the command
        # once more, only to find them still in use (a quarter of a second after `analyze`
        # of 10,000 elements, as long as the floor's whole run): frozen, they are skipped.
        atexit.register(gc.freeze)
    try:
        # A command's map lives until it ends: nothing for the cycle collector to find.
        with cycle_collector.paused():
            return _handler(options.command)(options)
    except CommandError as error:
        print(f"vsm-desktop: {error}", file=sys.stderr)
        return error.exit_code
    except BrokenPipeError:
        # `vsm-desktop whatif map.vsm | head`: the reader has all it wanted. Point stdout at
        # devnull so the interpreter's final flush does not complain about the closed pipe.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except KeyboardInterrupt:
        return 130


def _handler(command: str) -> Callable[[argparse.Namespace], int]:
    if command in ("analyze", "validate"):
        from . import analyze_validate

        return (analyze_validate.analyze_command if command == "analyze"
                else analyze_validate.validate_command)
    if command in ("compare", "whatif"):
        from . import compare_whatif

        return (compare_whatif.compare_command if command == "compare"
                else compare_whatif.whatif_command)
    if command in ("import", "export"):
        from . import import_export

        return (import_export.import_command if command == "import"
                else import_export.export_command)
    from . import merge

    return merge.merge_command
