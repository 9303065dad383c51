"""Maps that travel, from the window: save a copy for review, merge the returned copy, open a
draw.io file. The merging itself is io/merge.py; this module asks, applies and reports.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from ...io.errors import VsmFileError
from ...model import MapStates
from ...model.value_stream_map import ReviewBase
from ..dialogs import current_dialogs as dialogs
from .files import VSM_FILTER

if TYPE_CHECKING:
    from ..main_window import MainWindow
    from ..states import MapStatesSession



class MergeStatesCommand(QUndoCommand):
    """Every state of the file as the merge left it; undo puts them all back. One step."""

    def __init__(self, session: MapStatesSession, before: MapStates, after: MapStates,
                 text: str) -> None:
        super().__init__(text)
        self._session = session
        self._before = before
        self._after = after

    def redo(self) -> None:
        self._session.replace_states(self._after)

    def undo(self) -> None:
        self._session.replace_states(self._before)


class TravelController:
    """File > Save a Copy for Review…, File > Merge Returned Copy…, and opening draw.io files."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window

    def add_actions(self) -> None:
        actions = self.window.actions
        actions.add(
            "review_copy", "Save a Copy for &Review…", self.save_copy_for_review,
            tip="A copy to send out; it remembers what was sent, so merging it back is exact")
        actions.add(
            "merge_copy", "&Merge Returned Copy…", self.merge_returned_copy,
            tip="Take the changes made in another copy of this map, choosing where both changed")

    # -- sending a copy ------------------------------------------------------------------------

    def save_copy_for_review(self) -> bool:
        window = self.window
        reviewer = dialogs().ask_text(
            window, "Save a copy for review",
            "Who is the copy for? (shown when their changes are merged back)", "")
        if reviewer is None:
            return False
        reviewer = " ".join(reviewer.split())[:200]
        stem = window.files.suggested_stem()
        suffix = f" for {reviewer}" if reviewer else " for review"
        folder = Path(window.settings.last_folder())
        chosen = dialogs().ask_save_path(window, str(folder / f"{stem}{suffix}.vsm"), VSM_FILTER)
        if not chosen:
            return False
        path = Path(chosen)
        if path.suffix.lower() != ".vsm":
            path = path.with_name(path.name + ".vsm")
        from ...io.vsm_file import save_states

        states = window.states.snapshot()
        sent = ReviewBase(sent_to=reviewer, sent_on=datetime.now().isoformat(timespec="minutes"),
                          maps=states.maps)
        states.review_base = sent
        try:
            save_states(states, path, keep_backup=False)
        except VsmFileError as error:
            dialogs().error(window, "Could not save the copy", str(error))
            return False
        # This file remembers what was sent too, so a later merge finds the base either way.
        window.states.review_base = sent
        window.show_status(
            f"Saved {path.name}: merge it back with File > Merge Returned Copy… when it returns",
            8000)
        return True

    # -- taking one back -----------------------------------------------------------------------

    def merge_returned_copy(self, path: str | Path | None = None,
                            base: MapStates | None = None,
                            their_label: str | None = None) -> bool:
        """Merge another copy of the open map into it, as one undo step.

        base: the common ancestor when the caller knows it (the file as it was opened, when
        the file changed on disk meanwhile); else the state recorded when the copy was sent
        for review, if any."""
        window = self.window
        if path is None:
            path = dialogs().ask_open_path(window, window.settings.last_folder(), VSM_FILTER)
            if not path:
                return False
        path = Path(path)
        from ...io.merge import MergeError, find_base, merge_states, side_labels
        from ...io.vsm_file import load_states

        try:
            theirs = load_states(path)
        except VsmFileError as error:
            dialogs().error(window, "Could not open the returned copy", str(error))
            return False
        mine = window.states.snapshot()
        if base is None or base.current.id != mine.current.id:
            base = find_base(mine, theirs)
        labels = side_labels(mine, theirs, None, path)
        labels["mine"] = "Yours"
        if their_label:
            labels["theirs"] = their_label
        try:
            outcome = merge_states(mine, theirs, base, labels)
        except MergeError as error:
            dialogs().error(window, "Cannot merge these maps", f"{path.name}: {error}")
            return False
        if not outcome.has_changes:
            dialogs().information(window, "Nothing to merge",
                                  f"{path.name} holds the same map as the one open here.")
            return False
        note = _base_note(base, theirs)
        choices = dialogs().ask_merge(window, outcome, path.name, note)
        if choices is None:
            return False
        try:
            merged = outcome.resolve(choices)
        except (MergeError, ValueError) as error:
            dialogs().error(window, "Could not merge", f"{path.name}: {error}")
            return False
        merged.review_base = mine.review_base
        window.states.switch_to(0)  # the merge is one step in the current state's history
        window.states.active_stack.push(
            MergeStatesCommand(window.states, mine, merged, f"Merge {path.name}"))
        window.settings.set_last_folder_from(path)
        taken = len(outcome.changes_of("theirs"))
        window.show_status(
            f"Merged {path.name}: {taken} change(s) taken, {len(outcome.conflicts)} "
            "conflict(s) settled. Undo reverts the whole merge.", 10000)
        return True

    # -- draw.io -------------------------------------------------------------------------------

    def open_drawio(self, path: Path) -> bool:
        """Open a .drawio as a new, unsaved map (Save writes a .vsm); list what was not read."""
        from ...io.drawio_import import load_drawio

        window = self.window
        try:
            imported = load_drawio(path)
        except VsmFileError as error:
            dialogs().error(window, "Could not open the draw.io file", str(error))
            return False
        window.files.set_states(imported.states, None)
        window.settings.set_last_folder_from(path)
        window.states.active_stack.resetClean()  # not saved as a map yet
        window.update_title()
        _report_unread(window, path, imported.warnings)
        return True


def _base_note(base: MapStates | None, theirs: MapStates) -> str:
    if base is None:
        return ("No base was recorded (the copy was not saved with File > Save a Copy for "
                "Review…), so nothing says who changed what: every difference is a choice.")
    sent = theirs.review_base
    if sent is None or sent.maps[0].id != base.current.id or sent.maps != base.maps:
        return ("Compared with the version both copies started from: a change made on one "
                "side only is taken; the same thing changed on both sides is yours to choose.")
    to = f" to {sent.sent_to}" if sent and sent.sent_to else ""
    when = f" on {sent.sent_on.replace('T', ' at ')}" if sent and sent.sent_on else ""
    return (f"Compared with the map as it was sent{to}{when}: a change made on one side "
            "only is taken; the same thing changed on both sides is yours to choose.")


def _report_unread(window: MainWindow, path: Path, warnings: list[str]) -> None:
    if warnings:
        shown = warnings[:25]
        more = len(warnings) - len(shown)
        text = "\n".join(f"• {w}" for w in shown) + (f"\n… and {more} more" if more else "")
        dialogs().warning(window, f"Opened {path.name}: some parts were not read",
                          f"{path.name} was read as a value stream map. Not read:\n\n{text}")
    window.show_status(f"Opened {path.name} — Save to keep it as a .vsm map", 8000)
