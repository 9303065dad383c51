"""Exports from the window: which formats, how each is written, and the worker that writes.

The PDF report and the CSV are pure Python and run on a thread-pool worker, so a long report
never freezes the window. PNG and SVG are drawn by a Qt graphics scene, which belongs to the GUI
thread, so they are written there.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QUrl, Signal
from PySide6.QtGui import QDesktopServices

from ..analysis.result import FlowAnalysis
from ..io.errors import VsmFileError
from ..model import ValueStreamMap
from .background import emit_from_worker
from .states import StatesSnapshot

PNG_DPI = 150
ProgressCallback = Callable[[float], None]
Writer = Callable[[ProgressCallback], None]


@dataclass(frozen=True)
class ExportFormat:
    key: str
    label: str  # "PDF report": menu text and status messages
    file_filter: str
    suffix: str
    in_worker: bool  # False: drawn by Qt on the GUI thread


EXPORT_FORMATS = {
    fmt.key: fmt
    for fmt in (
        ExportFormat("pdf", "PDF report", "PDF documents (*.pdf)", ".pdf", in_worker=True),
        ExportFormat("png", "PNG image", "PNG images (*.png)", ".png", in_worker=False),
        ExportFormat("svg", "SVG image", "SVG images (*.svg)", ".svg", in_worker=False),
        ExportFormat("csv", "Steps as CSV", "CSV files (*.csv)", ".csv", in_worker=True),
        ExportFormat("drawio", "Diagram (draw.io)", "draw.io diagrams (*.drawio)", ".drawio",
                     in_worker=True),
    )
}


class ExportUnavailable(RuntimeError):
    """This build lacks the module that writes the format."""


def open_externally(path: Path) -> None:
    """Open an exported file in the system's viewer (tests replace this)."""
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def with_suffix(path: Path, fmt: ExportFormat) -> Path:
    return path if path.suffix.lower() == fmt.suffix else path.with_name(path.name + fmt.suffix)


def worker_writer(
    fmt: ExportFormat,
    snapshot: StatesSnapshot,
    shown: int,
    path: Path,
    source_name: str,
    *,
    page_size: str = "A4",
    landscape: bool = True,
) -> Writer:
    """A function that writes the export when called on the worker, from the snapshot only:
    the state shown (index `shown`), with every state of the file beside it for the PDF
    report's comparison and draw.io's pages. page_size and landscape apply to the report."""
    if fmt.key == "pdf":
        # Only looked up here: importing the report (ReportLab), copying and analysing the map
        # take most of a second on a large map, and all happen on the worker.
        if importlib.util.find_spec("reportlab") is None:
            raise ExportUnavailable(
                "The PDF report module is not installed in this build of VSM Desktop."
            )

        def write_pdf(progress: ProgressCallback) -> None:
            from ..analysis import analyze
            from ..export.pdf_report import write_report

            states = snapshot.states()
            value_stream_map = states.maps[shown]
            write_report(
                value_stream_map,
                analyze(value_stream_map),
                path,
                page_size=page_size,
                landscape=landscape,
                source_name=source_name,
                progress=progress,
                states=states,
            )

        return write_pdf
    if fmt.key == "csv":
        from ..io.csv_steps import save_steps_csv

        def write_csv(_progress: ProgressCallback) -> None:
            save_steps_csv(snapshot.states().maps[shown], path)

        return write_csv
    if fmt.key == "drawio":
        from ..io.drawio_export import save_drawio

        def write_drawio(_progress: ProgressCallback) -> None:
            save_drawio(snapshot.states(), path)

        return write_drawio
    raise ValueError(f"{fmt.label} is drawn on the GUI thread, not in a worker")


def write_image(
    fmt: ExportFormat, value_stream_map: ValueStreamMap, analysis: FlowAnalysis, path: Path
) -> None:
    """Draw the whole map as it looks on the canvas, without selection handles."""
    from .canvas.image_export import build_scene_for_export, render_png, render_svg

    scene = build_scene_for_export(value_stream_map, analysis)
    if fmt.key == "png":
        render_png(scene, path, dpi=PNG_DPI)
    else:
        render_svg(scene, path)


def user_message(error: Exception, path: Path) -> str:
    """Our writers raise errors whose message names the file; anything else gets a frame."""
    from .canvas.image_export import ImageExportError

    try:
        from ..export.pdf_report import ReportError
    except ImportError:  # pragma: no cover - a build without the PDF report
        ReportError = VsmFileError  # noqa: N806
    if isinstance(error, VsmFileError | ReportError | ImageExportError):
        return str(error)
    return f"Could not write {path.name}: {error}"


class _JobSignals(QObject):
    finished = Signal(str)
    failed = Signal(str)
    progress = Signal(float)  # 0-1, for writers that report it


class ExportJob(QRunnable):
    """Runs a writer off the GUI thread; its signals reach the window as queued calls."""

    def __init__(self, path: Path, write: Writer) -> None:
        super().__init__()
        self.path = path
        self.write = write
        self.signals = _JobSignals()
        self.setAutoDelete(False)  # the window keeps the job until it reports back

    def run(self) -> None:
        # The window may close while the report is written: then nobody hears how it went.
        try:
            self.write(lambda fraction: emit_from_worker(self.signals.progress, fraction))
        except Exception as error:  # noqa: BLE001 - any failure becomes a message, not a crash
            emit_from_worker(self.signals.failed, user_message(error, self.path))
        else:
            emit_from_worker(self.signals.finished, str(self.path))
