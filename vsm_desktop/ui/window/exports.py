"""File > Export: ask where, write PDF and CSV in a worker and images on the canvas, report back."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QThreadPool

from ... import cycle_collector
from ...analysis.result import FlowAnalysis
from ...model import ValueStreamMap
from .. import exporting
from ..dialogs import current_dialogs
from ..exporting import EXPORT_FORMATS

if TYPE_CHECKING:
    from ..main_window import MainWindow

log = logging.getLogger(__name__)

EXPORTING = "exporting"  # its name among the window's work in progress


class ExportController:
    """One export at a time; the progress bar and the export actions show that it runs."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self._job: exporting.ExportJob | None = None
        window.in_progress.track(EXPORTING, lambda: self.running)

    @property
    def running(self) -> bool:
        return self._job is not None

    def export(self, fmt_key: str) -> bool:
        """Ask where, then write the export (PDF and CSV in a worker, images on the canvas)."""
        window = self.window
        fmt = EXPORT_FORMATS[fmt_key]
        if self._job is not None:
            window.show_status("An export is still running…", 4000)
            return False
        report_options = {}
        if fmt.key == "pdf":
            paper = current_dialogs().ask_report_options(window, *window.settings.report_options())
            if paper is None:
                return False
            window.settings.set_report_options(*paper)
            report_options = {"page_size": paper[0], "landscape": paper[1]}
        folder = Path(window.settings.last_folder())
        suggestion = folder / f"{window.files.suggested_stem()}{fmt.suffix}"
        chosen = current_dialogs().ask_save_path(window, str(suggestion), fmt.file_filter)
        if not chosen:
            return False
        path = exporting.with_suffix(Path(chosen), fmt)
        window.settings.set_last_folder_from(path)
        if not fmt.in_worker:
            from ...analysis import analyze

            snapshot = window.document.to_map()
            return self._export_image(fmt, snapshot, analyze(snapshot), path)
        # One snapshot of every state (the report compares them; draw.io draws one page each);
        # the worker makes it into maps, reads only that, and analyses it there.
        with cycle_collector.paused():  # thousands of records at once, none of them garbage
            snapshot = window.states.snapshot_for_worker()
        try:
            write = exporting.worker_writer(
                fmt, snapshot, window.states.index, path,
                window.files.display_name, **report_options
            )
        except exporting.ExportUnavailable as error:
            current_dialogs().error(window, f"{fmt.label} unavailable", str(error))
            return False
        job = exporting.ExportJob(path, write)
        job.signals.finished.connect(self._done)
        job.signals.failed.connect(self._failed)
        job.signals.progress.connect(self._progress)
        self._job = job
        self._set_busy(True, f"Exporting {fmt.label.lower()} to {path.name}…")
        log.info("exporting %s", fmt.key)
        QThreadPool.globalInstance().start(job)
        return True

    def _export_image(
        self,
        fmt: exporting.ExportFormat,
        snapshot: ValueStreamMap,
        analysis: FlowAnalysis,
        path: Path,
    ) -> bool:
        self._set_busy(True, f"Exporting {path.name}…")
        try:
            exporting.write_image(fmt, snapshot, analysis, path)
        except (RuntimeError, OSError, ValueError) as error:
            log.warning("image export failed: %s", error)
            self._set_busy(False)
            current_dialogs().error(
                self.window, "Export failed", exporting.user_message(error, path)
            )
            return False
        self._set_busy(False)
        self._done(str(path))
        return True

    def _progress(self, fraction: float) -> None:
        progress = self.window.progress
        progress.setRange(0, 100)
        progress.setValue(round(max(0.0, min(1.0, fraction)) * 100))

    def _set_busy(self, busy: bool, message: str = "") -> None:
        progress = self.window.progress
        progress.setRange(0, 0)  # indeterminate until a writer reports progress
        progress.setVisible(busy)
        for action in self.window.actions.named("export.").values():
            action.setEnabled(not busy)
        if message:
            self.window.show_status(message)

    def _done(self, path: str) -> None:
        self._job = None
        self._set_busy(False)
        self.window.show_status(f"Exported {Path(path).name}", 6000)
        if self.window.actions["open_after_export"].isChecked():
            exporting.open_externally(Path(path))

    def _failed(self, message: str) -> None:
        self._job = None
        self._set_busy(False)
        log.warning("export failed: %s", message)
        self.window.statusBar().clearMessage()
        current_dialogs().error(self.window, "Export failed", message)
