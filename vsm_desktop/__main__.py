"""Entry point: no arguments open the GUI on the sample map, FILE opens a file, subcommands
(analyze, validate, import, export) run headless and never need a display."""

from __future__ import annotations

import sys

from .cli import SUBCOMMANDS, run_subcommand


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and (args[0] in SUBCOMMANDS or args[0].startswith("-")):
        return run_subcommand(args)
    from .ui.app import run_gui  # Qt is imported only when a window is wanted

    return run_gui(args)


if __name__ == "__main__":
    sys.exit(main())
