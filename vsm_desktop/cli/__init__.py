"""The headless command line: analyze, validate, import and export .vsm maps.

Bad input never prints a traceback: every expected failure becomes one line on stderr naming the
file and the problem, and a non-zero exit code:

  0  done
  1  the input was refused (a missing, unreadable or damaged file)
  2  the command line itself is wrong (unknown command or option, missing argument)
  3  the work could not be finished (the output could not be written)
  4  merge: conflicts are left to choose; nothing was written
  5  validate: the file reads, but the map has a problem (a flow cycle, no path to the end)

The package is split by responsibility: exit codes and the one error type (outcome.py), the
argument parser (arguments.py), running a subcommand (dispatch.py), reading the input files
(inputs.py), and one module per group of subcommands: analyze_validate.py, compare_whatif.py,
import_export.py and merge.py. Importing this package imports neither the analysis nor NetworkX:
the GUI's entry point imports it to tell subcommands from files, and a subcommand's module is
imported only when that subcommand runs.
"""

from .arguments import SUBCOMMANDS, build_parser
from .dispatch import run_subcommand
from .outcome import (
    EXIT_BAD_INPUT,
    EXIT_CONFLICTS,
    EXIT_FAILED,
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    CommandError,
)

__all__ = [
    "EXIT_BAD_INPUT",
    "EXIT_CONFLICTS",
    "EXIT_FAILED",
    "EXIT_OK",
    "EXIT_PROBLEMS",
    "EXIT_USAGE",
    "SUBCOMMANDS",
    "CommandError",
    "build_parser",
    "run_subcommand",
]
