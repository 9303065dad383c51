"""Real mouse gestures on a map view, in scene coordinates, shared by the canvas tests."""

from PySide6.QtCore import QPoint, QPointF, Qt

from vsm_desktop.ui.canvas.view import MapView


def at(view: MapView, x: float, y: float) -> QPoint:
    """The viewport point showing scene point (x, y)."""
    return view.mapFromScene(QPointF(x, y))


def press_and_move(qtbot, view: MapView, start: QPoint, end: QPoint) -> None:
    """Press at start and move to end in six steps, as a hand does (no release)."""
    viewport = view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    for index in range(1, 7):
        qtbot.mouseMove(viewport, start + (end - start) * index / 6)


def drag(qtbot, view: MapView, start: QPoint, end: QPoint) -> None:
    press_and_move(qtbot, view, start, end)
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=end)
