"""The command line's grammar: every subcommand with its arguments and options."""

from __future__ import annotations

import argparse

SUBCOMMANDS = ("analyze", "validate", "import", "export", "compare", "whatif", "merge")

def build_parser() -> argparse.ArgumentParser:
    from .. import __version__  # only a subcommand's run reads it; the GUI's start does not

    parser = argparse.ArgumentParser(
        prog="vsm-desktop",
        description="Value stream maps: with no arguments the editor opens on the sample map; "
        "'vsm-desktop FILE' opens FILE.",
    )
    parser.add_argument("--version", action="version", version=f"VSM Desktop {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    analyze_cmd = commands.add_parser("analyze", help="print lead time, waits and flow figures")
    analyze_cmd.add_argument("file", help="a .vsm map")
    analyze_cmd.add_argument("--json", action="store_true", help="print one JSON object")
    analyze_cmd.add_argument("--state", choices=("current", "future"), default="current",
                             help="which state of the file (default: current)")

    validate_cmd = commands.add_parser("validate", help="check that a .vsm file is sound")
    validate_cmd.add_argument("file", help="a .vsm map")

    import_cmd = commands.add_parser(
        "import", help="build a map from a CSV of steps or a draw.io value stream map"
    )
    import_cmd.add_argument("file", help="a CSV file or a .drawio file (see docs/file-format.md)")
    import_cmd.add_argument("-o", "--output", required=True, help="the .vsm file to write")
    import_cmd.add_argument("--title", help="title of the new map (default: the CSV's name)")
    import_cmd.add_argument("--force", action="store_true", help="overwrite an existing file")

    compare_cmd = commands.add_parser(
        "compare", help="current state against future state: every figure and element"
    )
    compare_cmd.add_argument("files", nargs="+", metavar="FILE",
                             help="one file with both states, or two files (current, future)")
    compare_cmd.add_argument("--json", action="store_true", help="print one JSON object")

    whatif_cmd = commands.add_parser(
        "whatif", help="rank elements by the lead time a change to them would save"
    )
    whatif_cmd.add_argument("file", help="a .vsm map")
    whatif_cmd.add_argument("--state", choices=("current", "future"), default="current")
    whatif_cmd.add_argument("--automated-share", type=float, default=0.1, metavar="SHARE",
                            help="share of process time left when automated (default 0.1)")
    whatif_cmd.add_argument("--top", type=int, default=10, help="rows to print (default 10)")
    whatif_cmd.add_argument("--json", action="store_true", help="print one JSON object")

    export_cmd = commands.add_parser(
        "export", help="write a PDF report, PNG or SVG image, CSV of steps or a draw.io "
        "diagram (by extension)"
    )
    export_cmd.add_argument("file", help="a .vsm map")
    export_cmd.add_argument("-o", "--output", required=True,
                            help="report.pdf, map.png, map.svg, steps.csv or map.drawio")
    export_cmd.add_argument("--page-size", choices=("A4", "Letter", "A3"), default="A4",
                            help="PDF page size (default A4)")
    export_cmd.add_argument("--portrait", action="store_true", help="PDF in portrait")
    export_cmd.add_argument("--dpi", type=int, default=150, help="PNG resolution (default 150)")

    merge_cmd = commands.add_parser(
        "merge", help="merge a returned copy of a map into yours (field by field, by id)"
    )
    merge_cmd.add_argument("mine", metavar="MINE", help="your .vsm")
    merge_cmd.add_argument("theirs", metavar="THEIRS", help="the returned copy")
    merge_cmd.add_argument("-o", "--output", required=True, help="the merged .vsm to write")
    merge_cmd.add_argument("--base", metavar="BASE",
                           help="the map as it was sent (default: the state recorded in the "
                                "copy by Save a Copy for Review)")
    merge_cmd.add_argument("--prefer", choices=("mine", "theirs"),
                           help="settle every conflict for this side (default: stop and list "
                                "the conflicts)")
    return parser
