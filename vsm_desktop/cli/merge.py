"""`merge`: a returned copy of a map into yours, field by field, by id."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..io.errors import VsmFileError
from ..io.merge import MergeError, find_base, merge_states, side_labels
from ..io.vsm_file import save_states
from ..model import MapStates
from .inputs import read_states
from .outcome import EXIT_CONFLICTS, EXIT_FAILED, EXIT_OK, CommandError


def merge_command(options: argparse.Namespace) -> int:
    mine, theirs = read_states(options.mine), read_states(options.theirs)
    base: MapStates | None
    if options.base:
        base, base_note = read_states(options.base), f"base {Path(options.base).name}"
    else:
        base = find_base(mine, theirs)
        base_note = ("base: the map as it was sent for review" if base is not None else
                     "no base recorded: every difference is a choice (give --base BASE.vsm)")
    labels = side_labels(mine, theirs, Path(options.mine), Path(options.theirs))
    try:
        outcome = merge_states(mine, theirs, base, labels)
    except MergeError as error:
        raise CommandError(f"cannot merge {Path(options.theirs).name} into "
                           f"{Path(options.mine).name}: {error}") from None
    print(f"Merging {Path(options.theirs).name} into {Path(options.mine).name} ({base_note})")
    for side in ("mine", "theirs"):
        changes = outcome.changes_of(side)
        if changes:
            print(f"{labels[side]}:")
            for change in changes:
                where = "" if change.state == "Current state" else f"{change.state}: "
                print(f"  - {where}{change.text}")
    if outcome.conflicts and options.prefer is None:
        count = len(outcome.conflicts)
        print(f"vsm-desktop: {count} conflict{'s' if count > 1 else ''}; nothing was written:",
              file=sys.stderr)
        for conflict in outcome.conflicts:
            print(f"  - {conflict.title}: {labels['mine']}: {conflict.mine}; "
                  f"{labels['theirs']}: {conflict.theirs}", file=sys.stderr)
        print("Choose a side for all with --prefer mine or --prefer theirs, or merge in the "
              "editor (File > Merge Returned Copy…) to choose one by one.", file=sys.stderr)
        return EXIT_CONFLICTS
    try:
        merged = outcome.resolve(prefer=options.prefer or "mine")
    except MergeError as error:
        raise CommandError(str(error)) from None
    try:
        save_states(merged, Path(options.output))
    except VsmFileError as error:
        raise CommandError(str(error), EXIT_FAILED) from None
    settled = (f"; {len(outcome.conflicts)} conflict(s) settled for {options.prefer}"
               if outcome.conflicts else "")
    print(f"Wrote {options.output}{settled}.")
    return EXIT_OK
