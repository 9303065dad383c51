"""New, open, import, save and recovery: which file the window shows, and its unsaved changes."""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMenu

from ... import cycle_collector
from ...io.disk_stamp import DiskStamp, changed_on_disk, stamp_of
from ...io.errors import VsmFileError
from ...model import MapDocument, MapStates, ValueStreamMap
from ...resources import resources_dir
from ..autosave import RecoverySnapshot
from ..dialogs import current_dialogs
from ..plain_text import mnemonic_text, tooltip_text
from ..templates import TEMPLATES, blank_map
from .saving import FileSaver, SavedFile, write_states

if TYPE_CHECKING:
    from ..main_window import MainWindow
    from ..states import SavePoint

log = logging.getLogger(__name__)

VSM_FILTER = "Value stream maps (*.vsm)"
CSV_FILTER = "CSV files (*.csv)"
OPEN_FILTER = "Maps (*.vsm *.drawio);;Value stream maps (*.vsm);;draw.io diagrams (*.drawio)"


def is_shipped_resource(path: Path | None) -> bool:
    """Files inside the app's resources (the sample) are never overwritten by Save."""
    if path is None:
        return False
    try:
        path.resolve().relative_to(resources_dir().resolve())
    except ValueError:
        return False
    return True


def file_stem_for(title: str) -> str:
    stem = re.sub(r"[^\w\- ]+", "", title).strip().replace(" ", "-").lower()
    return stem or "value-stream"


class FileController:
    """The window's file: what is open, where it is saved, and asking before it is dropped."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.file_path: Path | None = None
        self.disk_stamp: DiskStamp | None = None  # the file as we last read or wrote it
        self.disk_states: MapStates | None = None  # its content then: a merge's common base
        self.saver = FileSaver(window)
        self.saver.saved.connect(self._saved)
        self.saver.failed.connect(self._save_failed)

    # -- what the window shows -------------------------------------------------------------

    @property
    def display_name(self) -> str:
        return self.file_path.name if self.file_path else "Untitled"

    @property
    def is_sample(self) -> bool:
        return is_shipped_resource(self.file_path)

    @property
    def is_pristine(self) -> bool:
        """Nothing here the user would miss: no changes and no file of their own open."""
        return not self.window.states.is_modified() and (
            self.file_path is None or self.is_sample
        )

    def suggested_stem(self) -> str:
        """The file name an export or a first save offers."""
        if self.file_path is not None:
            return self.file_path.stem
        return file_stem_for(self.window.document.info.title)

    # -- replacing the map -----------------------------------------------------------------

    def set_map(self, value_stream_map: ValueStreamMap, path: Path | None) -> None:
        """Show a map as the window's document, with a fresh undo history."""
        self.set_states(MapStates(maps=[value_stream_map]), path)

    def set_states(self, states: MapStates, path: Path | None, remember: bool = True,
                   documents: list[MapDocument] | None = None) -> None:
        """Show a file's states (the current state first), each with a fresh undo history;
        ``remember`` puts the file in the recent list; ``documents``: the states copied on a
        worker (MapStatesSession.load)."""
        window = self.window
        window.opening.cancel_reading()  # a file still being read must not replace this map
        with cycle_collector.paused():  # the map becomes a document and a scene at once
            window.states.load(states, documents)
        self.file_path = path.resolve() if path else None
        self.disk_stamp = stamp_of(self.file_path) if self.file_path else None
        self.disk_states = states  # the file as read: the base when it changes on disk
        if remember and self.file_path is not None and not self.is_sample:
            window.settings.add_recent_file(self.file_path)
            window.settings.set_last_folder_from(self.file_path)
        window.clear_inspector()
        window.update_title()
        window.opening.when_drawn(window.view.zoom_to_open)

    def maybe_save(self) -> bool:
        """True when it is fine to drop the current map (saved, discarded or unchanged)."""
        self.saver.wait()  # a save in flight first: the map goes only once it is written
        if not self.window.states.is_modified():
            return True
        answer = current_dialogs().ask_save_changes(self.window, self.display_name)
        if answer == "save":
            # Asked again if the save failed, or if an edit came in while it wrote.
            return self.save() and self.saver.wait() and self.maybe_save()
        return answer == "discard"

    def new_from_template(self, key: str) -> bool:
        if not self.maybe_save():
            return False
        template = next(t for t in TEMPLATES if t.key == key)
        try:
            value_stream_map = template.build()
        except VsmFileError as error:
            current_dialogs().error(self.window, "Could not create the map", str(error))
            return False
        self.set_map(value_stream_map, None)
        self.window.show_status(f"New map from “{template.title}”", 5000)
        return True

    def open_file(self, path: str | Path | None = None) -> bool:
        if not self.maybe_save():
            return False
        if path is None:
            path = current_dialogs().ask_open_path(
                self.window, self.window.settings.last_folder(), OPEN_FILTER
            )
            if not path:
                return False
        return self.load_file(Path(path))

    def open_path(self, path: str | Path) -> bool:
        """Open a file handed over by the OS or a second launch, and bring the window forward."""
        self.window.bring_forward()
        if not self.maybe_save():
            return False
        return self.open_or_start(Path(path))

    def open_or_start(self, path: Path) -> bool:
        """A map named on the command line: open it, or, when there is no such .vsm yet, start
        a new empty map that its first Save writes there, as text editors do."""
        if path.suffix.lower() == ".vsm" and not path.exists():
            return self.start_new_file(path)
        return self.load_file(path)

    def start_new_file(self, path: Path) -> bool:
        """A blank map (no sample, no question) whose Save writes ``path`` without asking."""
        title = path.stem.replace("_", " ").replace("-", " ").strip().capitalize()
        value_stream_map = blank_map()
        if title:
            value_stream_map.info.title = title
        # Not in the recent list until a Save makes it exist.
        self.set_states(MapStates(maps=[value_stream_map]), path, remember=False)
        self.window.show_status(f"New map: Save writes {path.name}", 8000)
        return True

    def open_paths(self, paths: list[str]) -> None:
        """A later launch handed files over: open the first, or just come to the front."""
        if paths:
            self.open_path(paths[0])
        else:
            self.window.bring_forward()

    def load_file(self, path: Path) -> bool:
        """Open a .vsm without asking about unsaved changes (the caller already did). A large
        file is read on a worker: True then means it is being opened (window.opening)."""
        from ...io.vsm_file import load_states

        if path.suffix.lower() == ".drawio":
            return self.window.travel.open_drawio(path)
        opening = self.window.opening
        if opening.reads_on_a_worker(path):
            asked = self.window.states.save_point()
            opening.read(path, lambda states, documents: self._read(
                states, documents, path, asked), self._could_not_open)
            return True
        try:
            with cycle_collector.paused():
                states = load_states(path)
        except VsmFileError as error:
            self._could_not_open(str(error))
            return False
        self._show_opened(states, path)
        return True

    def _read(self, states: MapStates, documents: list[MapDocument], path: Path,
              asked: SavePoint) -> None:
        """A file read on the worker replaces the map, once more asking about the changes
        made to it while the file was read (the answer given before covered the others)."""
        if self.window.states.save_point() != asked and not self.maybe_save():
            self.window.show_status(f"Did not open {path.name}", 5000)
            return
        self._show_opened(states, path, documents)

    def _show_opened(self, states: MapStates, path: Path,
                     documents: list[MapDocument] | None = None) -> None:
        self.set_states(states, path, documents=documents)
        log.info("opened a map with %d state(s)", len(states.maps))
        self.window.opening.announce(path.name, f"Opened {path.name}")

    def _could_not_open(self, message: str) -> None:
        log.warning("could not open a map: %s", message)
        current_dialogs().error(self.window, "Could not open the map", message)

    def import_csv(self) -> bool:
        if not self.maybe_save():
            return False
        window = self.window
        path = current_dialogs().ask_open_path(window, window.settings.last_folder(), CSV_FILTER)
        if not path:
            return False
        from ...io.csv_steps import load_steps_csv

        notices: list[str] = []
        try:
            value_stream_map = load_steps_csv(path, window.document.calendar, notices)
        except VsmFileError as error:
            current_dialogs().error(window, "Could not import the steps", str(error))
            return False
        self.set_map(value_stream_map, None)
        if notices:
            shown = notices[:10] + ([f"… and {len(notices) - 10} more."] if len(notices) > 10
                                    else [])
            current_dialogs().information(window, "Steps imported", "\n".join(shown))
        window.settings.set_last_folder_from(path)
        return True

    # -- saving ----------------------------------------------------------------------------

    def save(self) -> bool:
        """Start saving (asking where or about a conflict first); False when it did not start.
        The status bar says when the file is written, an error dialog why it was not."""
        if self.saver.busy:  # its own write would look like someone else's change
            self.window.show_status("Still saving…", 4000)
            return False
        if self.file_path is None or self.is_sample:
            return self.save_as()
        if changed_on_disk(self.file_path, self.disk_stamp):
            return self.save_over_changed_file()
        return self.write_file(self.file_path)

    def save_over_changed_file(self) -> bool:
        """The file changed on disk since it was opened or saved here: ask before replacing
        someone else's changes (Dialogs.ask_save_conflict), then do what the user chose."""
        path = self.file_path
        answer = current_dialogs().ask_save_conflict(self.window, path.name)
        if answer == "overwrite":
            return self.write_file(path)
        if answer == "save_as":
            return self.save_as()
        if answer == "merge":  # take their changes in first, then save both
            merged = self.window.travel.merge_returned_copy(
                path, base=self.disk_states, their_label="The file on disk")
            return merged and self.write_file(path)
        return False

    def save_as(self) -> bool:
        window = self.window
        if self.saver.busy:
            window.show_status("Still saving…", 4000)
            return False
        folder = Path(window.settings.last_folder())
        if self.file_path is not None and not self.is_sample:
            suggestion = self.file_path
        else:
            suggestion = folder / f"{file_stem_for(window.document.info.title)}.vsm"
        chosen = current_dialogs().ask_save_path(window, str(suggestion), VSM_FILTER)
        if not chosen:
            return False
        path = Path(chosen)
        if path.suffix.lower() != ".vsm":
            path = path.with_name(path.name + ".vsm")
        if is_shipped_resource(path):
            current_dialogs().error(
                window,
                "Choose another place",
                "The sample map ships with VSM Desktop and cannot be overwritten. Save your "
                "copy in another folder.",
            )
            return False
        return self.write_file(path)

    def write_file(self, path: Path) -> bool:
        """Write every state to path on a worker, from a snapshot taken now; False when a save
        is still running. Edits made meanwhile stay unsaved (the save point)."""
        window = self.window
        if self.saver.busy:
            window.show_status("Still saving…", 4000)
            return False
        # One copy of every state, made into the file's maps on the worker: written, then
        # kept as the merge base.
        with cycle_collector.paused():  # thousands of records at once, none of them garbage
            snapshot = window.states.snapshot_for_worker()
        point = window.states.save_point()
        keep_backup = window.actions["keep_backup"].isChecked()
        self.saver.start(lambda: write_states(snapshot, path, keep_backup, point))
        self._show_saving(True)
        window.show_status(f"Saving {path.name}…")
        return True

    def _show_saving(self, saving: bool) -> None:
        for name in ("save", "save_as"):
            self.window.actions[name].setEnabled(not saving)

    def _saved(self, saved: SavedFile) -> None:
        window = self.window
        self._show_saving(False)
        log.info("saved a map with %d state(s)", len(saved.states.maps))
        if window.states.is_loaded_since(saved.point):  # another map was opened meanwhile
            window.show_status(f"Saved {saved.path.name}", 5000)
            return
        self.file_path = saved.path
        self.disk_stamp = saved.stamp
        self.disk_states = saved.states
        window.states.mark_saved(saved.point)
        window.settings.add_recent_file(self.file_path)
        window.settings.set_last_folder_from(self.file_path)
        window.update_title()
        if window.states.is_modified():
            window.show_status(
                f"Saved {saved.path.name}; the changes made while it was saving are not saved "
                "yet", 8000)
        else:
            window.show_status(f"Saved {saved.path.name}", 5000)

    def _save_failed(self, message: str) -> None:
        self._show_saving(False)
        log.warning("could not save a map: %s", message)
        self.window.statusBar().clearMessage()
        current_dialogs().error(self.window, "Could not save the map", message)

    # -- recovery --------------------------------------------------------------------------

    def recovery_snapshot(self) -> RecoverySnapshot:
        """What a recovery copy holds: every state, as Save would write it."""
        original = None if self.is_sample else self.file_path
        return RecoverySnapshot(
            self.window.states.snapshot(),
            self.window.document.info.title or self.display_name,
            str(original) if original else None,
        )

    def restore_recovered(self, states: MapStates, original_path: str | None) -> None:
        """Open a recovered map as unsaved changes, and copy it for recovery straight away."""
        path = Path(original_path) if original_path else None
        if path is not None and not path.parent.is_dir():
            path = None  # its folder is gone: Save asks where
        self.set_states(states, path)
        self.disk_states = None  # not what the file held: a merge with it has no base
        self.window.undo_stack.resetClean()  # unsaved until the user saves it
        self.window.update_title()
        self.window.autosave.write_now(wait=True)
        self.window.show_status("Restored unsaved changes — save to keep them", 8000)

    # -- recent maps -----------------------------------------------------------------------

    def fill_recent_menu(self, menu: QMenu) -> None:
        menu.clear()
        recent = self.window.settings.recent_files()
        for number, path in enumerate(recent, start=1):
            name = mnemonic_text(Path(path).name)
            label = f"&{number % 10} {name}" if number <= 10 else name
            action = menu.addAction(label)
            action.setToolTip(tooltip_text(path))
            action.setStatusTip(path)
            action.triggered.connect(lambda _checked=False, p=path: self.open_recent(p))
        if not recent:
            empty = menu.addAction("No recent maps")
            empty.setEnabled(False)
        menu.addSeparator()
        clear = menu.addAction("Clear List")
        clear.setEnabled(bool(recent))
        clear.triggered.connect(self.window.settings.clear_recent_files)

    def open_recent(self, path: str) -> bool:
        if not Path(path).exists():
            self.window.settings.remove_recent_file(path)
            current_dialogs().error(
                self.window,
                "Map not found",
                f"{path} no longer exists; it was removed from the recent maps.",
            )
            return False
        return self.open_file(path)
