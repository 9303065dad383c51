"""How a subcommand ends: its exit code, and the one error type whose message is printed."""

from __future__ import annotations

EXIT_OK = 0
EXIT_BAD_INPUT = 1
EXIT_USAGE = 2  # argparse's own code for a wrong command line
EXIT_FAILED = 3
EXIT_CONFLICTS = 4  # merge: conflicts left to choose, nothing written
EXIT_PROBLEMS = 5  # validate: the file loads but the map has a problem (a flow cycle)


class CommandError(Exception):
    """A failure the user can fix; its message is printed as it is."""

    def __init__(self, message: str, exit_code: int = EXIT_BAD_INPUT) -> None:
        super().__init__(message)
        self.exit_code = exit_code
