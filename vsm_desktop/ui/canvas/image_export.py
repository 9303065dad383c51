"""PNG and SVG pictures of the whole map as drawn on the canvas, without selection or handles.

Works offscreen (QT_QPA_PLATFORM=offscreen) so the command line can export without a window.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QApplication

from vsm_desktop import theme
from vsm_desktop.analysis.result import FlowAnalysis
from vsm_desktop.io.atomic_write import atomic_write
from vsm_desktop.io.errors import VsmFileError
from vsm_desktop.model import MapDocument, ValueStreamMap

from .scene import MapScene

EXPORT_MARGIN = 24.0
SCREEN_DPI = 96.0
MAX_PIXELS = 400_000_000  # width x height; beyond this a PNG would exhaust memory


class ImageExportError(RuntimeError):
    """The picture could not be made or written; the message names the file."""


_application: QApplication | None = None  # kept alive for the process once made here


def ensure_application() -> QApplication:
    """Graphics scenes need a QApplication; the CLI has none until it asks for a picture."""
    global _application
    app = QApplication.instance()
    if app is None:
        _application = app = QApplication([])
    return app


def build_scene_for_export(
    value_stream_map: ValueStreamMap, analysis: FlowAnalysis | None = None
) -> MapScene:
    """A read-only scene of the map, with the analysis drawn (critical path, ladder, slack)."""
    ensure_application()
    scene = MapScene(MapDocument(value_stream_map))
    scene.set_analysis(analysis)
    return scene


def _source_rect(scene: MapScene) -> QRectF:
    rect = scene.content_rect()
    if rect.isEmpty():
        rect = QRectF(0, 0, 400, 200)
    return rect.adjusted(-EXPORT_MARGIN, -EXPORT_MARGIN, EXPORT_MARGIN, EXPORT_MARGIN)


def _render(scene: MapScene, painter: QPainter, target: QRectF, source: QRectF) -> None:
    """Draw without selection outlines: clear the selection for the render, then restore it."""
    selected = scene.selectedItems()
    scene.clearSelection()
    try:
        painter.setRenderHints(
            QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing
        )
        scene.render(painter, target, source, Qt.AspectRatioMode.IgnoreAspectRatio)
    finally:
        for item in selected:
            item.setSelected(True)


def render_png(scene: MapScene, path: str | Path, dpi: float = 150.0) -> Path:
    """Write the map as a PNG; dpi sets the pixel density (96 is one pixel per scene unit)."""
    path = Path(path)
    if dpi <= 0 or dpi > 1200:
        raise ImageExportError(f"{path}: choose a resolution between 1 and 1200 dpi, not {dpi}.")
    source = _source_rect(scene)
    scale = dpi / SCREEN_DPI
    size = QSize(max(1, round(source.width() * scale)), max(1, round(source.height() * scale)))
    if size.width() * size.height() > MAX_PIXELS:
        raise ImageExportError(
            f"{path}: the picture would be {size.width()} x {size.height()} pixels; "
            "choose a lower resolution."
        )
    image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
    image.setDotsPerMeterX(round(dpi / 0.0254))
    image.setDotsPerMeterY(round(dpi / 0.0254))
    image.fill(QColor(theme.CANVAS_BACKGROUND))
    painter = QPainter(image)
    try:
        _render(scene, painter, QRectF(0, 0, size.width(), size.height()), source)
    finally:
        painter.end()
    encoded = QBuffer()
    encoded.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(encoded, "PNG"):
        raise ImageExportError(f"{path}: the picture could not be encoded as PNG.")
    _write_whole(path, bytes(encoded.data()))
    return path


def render_svg(scene: MapScene, path: str | Path) -> Path:
    """Write the map as an SVG drawing, one SVG unit per scene unit."""
    path = Path(path)
    source = _source_rect(scene)
    encoded = QBuffer()
    encoded.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(encoded)
    generator.setSize(QSize(round(source.width()), round(source.height())))
    generator.setViewBox(QRectF(0, 0, source.width(), source.height()))
    generator.setResolution(round(SCREEN_DPI))
    generator.setTitle(scene.document.info.title)
    generator.setDescription("Value stream map exported by VSM Desktop")
    painter = QPainter()
    if not painter.begin(generator):
        raise ImageExportError(f"{path}: the SVG could not be written.")
    try:
        painter.fillRect(
            QRectF(0, 0, source.width(), source.height()), QColor(theme.CANVAS_BACKGROUND)
        )
        _render(scene, painter, QRectF(0, 0, source.width(), source.height()), source)
    finally:
        painter.end()
    if encoded.size() == 0:
        raise ImageExportError(f"{path}: the SVG could not be drawn.")
    _write_whole(path, bytes(encoded.data()))
    return path


def _write_whole(path: Path, data: bytes) -> None:
    """Swap the finished image in at once, as a saved map is: a full disk or a crash leaves
    the previous file, never a truncated one."""
    try:
        atomic_write(path, data)
    except VsmFileError as error:
        raise ImageExportError(str(error)) from error
