"""The window's panels: docks around the canvas, the status bar, the first-start geometry."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDockWidget,
    QFrame,
    QLabel,
    QMainWindow,
    QProgressBar,
    QScrollArea,
    QStatusBar,
    QVBoxLayout,
    QWidget,
)


def scrollable(widget: QWidget) -> QScrollArea:
    """Let a panel shrink on a small screen (a 1280x720 projector), not grow the window."""
    area = QScrollArea()
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    # With no horizontal scroll bar, a panel narrower than its content would be cut off.
    area.setMinimumWidth(
        widget.minimumSizeHint().width() + area.verticalScrollBar().sizeHint().width()
    )
    return area


def palette_panel(palette: QWidget) -> QWidget:
    """The palette with a one-line reminder of the two ways to use it."""
    panel = QWidget()
    layout = QVBoxLayout(panel)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(0)
    layout.addWidget(palette, 1)
    hint = QLabel("Drag onto the map, or click and then click the map. Ctrl+1…9 insert.")
    hint.setObjectName("paletteHint")
    hint.setWordWrap(True)
    layout.addWidget(hint)
    return panel


def dock(window: QMainWindow, name: str, title: str, widget: QWidget) -> QDockWidget:
    panel = QDockWidget(title, window)
    panel.setObjectName(f"{name}_dock")
    panel.setWidget(widget)
    panel.setFeatures(
        QDockWidget.DockWidgetFeature.DockWidgetClosable
        | QDockWidget.DockWidgetFeature.DockWidgetMovable
        | QDockWidget.DockWidgetFeature.DockWidgetFloatable
    )
    return panel


class StatusWidgets:
    """Export progress, the file name and the zoom, at the right of the status bar."""

    def __init__(self, bar: QStatusBar) -> None:
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setMaximumWidth(140)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.file_label = QLabel()
        self.file_label.setTextFormat(Qt.TextFormat.PlainText)
        self.zoom_label = QLabel("100 %")
        self.zoom_label.setToolTip("Zoom (Ctrl+wheel, Ctrl++ / Ctrl+-)")
        bar.addPermanentWidget(self.progress)
        bar.addPermanentWidget(self.file_label)
        bar.addPermanentWidget(self.zoom_label)

    def show_zoom(self, zoom: float) -> None:
        self.zoom_label.setText(f"{zoom * 100:.0f} %")


def first_start_geometry(window: QMainWindow) -> None:
    """Most of the screen: the map is what the room looks at."""
    screen = window.screen().availableGeometry() if window.screen() else None
    if screen is None or screen.width() < 800:
        window.resize(1440, 900)
        return
    if screen.width() < 1600 or screen.height() < 950:  # a laptop: every pixel for the map
        window.setGeometry(screen)
        window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)
        return
    width, height = int(screen.width() * 0.94), int(screen.height() * 0.92)
    window.setGeometry(
        screen.x() + (screen.width() - width) // 2,
        screen.y() + (screen.height() - height) // 2,
        width,
        height,
    )
