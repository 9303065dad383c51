"""The overview map: the whole map small in a corner of the view, with a frame for what the view
shows. Click or drag in it to move the view there.

It appears only while the map does not fit the view (and is not so long that its picture would
be a blank line), redraws its picture at most a few times a second (never during a drag's every
move), and paints no more than a scaled copy of the scene.
A map so long that its elements come out under two pixels wide (a thousand elements or more in
a row) is sketched instead: its lanes, and its elements as dots of their colour, without asking
each of its 20,000 items to paint itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPen, QPixmap
from PySide6.QtWidgets import QWidget

from vsm_desktop import theme

from .sketch import SKETCH_BELOW_SCALE, sketch_map

if TYPE_CHECKING:
    from .zooming import ZoomingView

SIZE = QSize(184, 116)  # small enough to leave a laptop's canvas to the map
MARGIN = 12
REDRAW_AFTER_MS = 400
MIN_PICTURE_PX = 2  # thinner, the picture is blank: not even the lanes' bands show
FRAME_PEN = QPen(QColor(theme.SELECTION), 2)
BORDER_PEN = QPen(QColor(theme.LANE_BORDER), 1)


class OverviewMap(QWidget):
    def __init__(self, view: ZoomingView) -> None:
        super().__init__(view)  # a child of the scroll area, not the viewport: it never scrolls
        self._view = view
        self.enabled_by_user = True
        self._picture: QPixmap | None = None
        self._picture_source = QRectF()
        self.setObjectName("overviewMap")
        self.setFixedSize(SIZE)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip("The whole map: click or drag to move the view")
        self._redraw = QTimer(self)
        self._redraw.setSingleShot(True)
        self._redraw.setInterval(REDRAW_AFTER_MS)
        self._redraw.timeout.connect(self._scene_settled)
        view.scene().changed.connect(lambda _regions: self._redraw.start())
        # Another map: the picture is of the old one, so the next refresh draws the new one (the
        # app's first frame showed the blank map it starts from in the corner of the sample).
        view.scene().about_to_rebuild.connect(self._forget_picture)
        self.hide()

    # -- when and where it shows ---------------------------------------------------------------

    def set_enabled_by_user(self, on: bool) -> None:
        self.enabled_by_user = on
        self.refresh()

    def refresh(self) -> None:
        """Place it in the view's bottom-right corner; show it only while the map overflows."""
        viewport = self._view.viewport().geometry()
        self.move(viewport.right() - SIZE.width() - MARGIN,
                  viewport.bottom() - SIZE.height() - MARGIN)
        # The content as last drawn (the picture follows edits): measuring a large map's items
        # again on every zoom step took 40 ms at 10,000 elements.
        content = self._picture_source if self._picture is not None else self._content()
        overflowing = not content.isEmpty() and not self._visible_rect().contains(content)
        fits_beside = (viewport.width() > 2.5 * SIZE.width()
                       and viewport.height() > 2 * SIZE.height())
        wanted = self.enabled_by_user and overflowing and fits_beside and self._legible(content)
        if wanted and self._picture is None:
            self._render_picture()
        self.setVisible(wanted)
        self.update()

    def _forget_picture(self) -> None:
        self._picture = None

    def _scene_settled(self) -> None:
        """The map changed a moment ago (an edit, a file opened): new picture, maybe shown."""
        self._render_picture()
        self.refresh()

    # -- geometry ---------------------------------------------------------------------------

    def _content(self) -> QRectF:
        return self._view.scene().content_rect()

    def _visible_rect(self) -> QRectF:
        return self._view.mapToScene(self._view.viewport().rect()).boundingRect()

    def _target(self) -> QRectF:
        """Where the map's picture sits inside the widget, keeping its proportions."""
        return self._fit(self._picture_source)

    def _legible(self, content: QRectF) -> bool:
        """A map hundreds of times longer than tall would come out as a line a pixel thick (or
        none) in the corner: an empty white box that tells nothing; the scroll bars say more."""
        picture = self._fit(content)
        return min(picture.width(), picture.height()) >= MIN_PICTURE_PX

    def _fit(self, source: QRectF) -> QRectF:
        if source.isEmpty():
            return QRectF()
        inner = QRectF(self.rect()).adjusted(4, 4, -4, -4)
        scale = min(inner.width() / source.width(), inner.height() / source.height())
        size = QSize(int(source.width() * scale), int(source.height() * scale))
        return QRectF(inner.center().x() - size.width() / 2, inner.center().y() - size.height() / 2,
                      size.width(), size.height())

    def scene_point(self, widget_point: QPointF) -> QPointF:
        target, source = self._target(), self._picture_source
        if target.isEmpty():
            return source.center()
        x = source.left() + (widget_point.x() - target.left()) * source.width() / target.width()
        y = source.top() + (widget_point.y() - target.top()) * source.height() / target.height()
        return QPointF(x, y)

    def widget_rect(self, scene_rect: QRectF) -> QRectF:
        target, source = self._target(), self._picture_source
        if target.isEmpty():
            return QRectF()
        sx, sy = target.width() / source.width(), target.height() / source.height()
        return QRectF(target.left() + (scene_rect.left() - source.left()) * sx,
                      target.top() + (scene_rect.top() - source.top()) * sy,
                      scene_rect.width() * sx, scene_rect.height() * sy)

    # -- drawing and moving the view -----------------------------------------------------------

    def _render_picture(self) -> None:
        if not self.enabled_by_user:
            return
        self._picture_source = self._content()
        target = self._target()
        if target.isEmpty():
            self._picture = None
            return
        picture = QPixmap(target.size().toSize())
        picture.fill(Qt.GlobalColor.white)
        painter = QPainter(picture)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        scale = target.width() / self._picture_source.width()
        if scale < SKETCH_BELOW_SCALE:
            self._sketch(painter, scale)
        else:
            self._view.scene().render(painter, QRectF(picture.rect()), self._picture_source)
        painter.end()
        self._picture = picture
        self.update()

    def _sketch(self, painter: QPainter, scale: float) -> None:
        source = self._picture_source
        painter.scale(scale, scale)
        painter.translate(-source.left(), -source.top())
        sketch_map(painter, self._view.scene())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        painter = QPainter(self)
        painter.fillRect(self.rect(), Qt.GlobalColor.white)
        if self._picture is not None:
            painter.drawPixmap(self._target().topLeft(), self._picture)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(FRAME_PEN)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        frame = self.widget_rect(self._visible_rect()).intersected(QRectF(self.rect()))
        painter.drawRect(frame.adjusted(1, 1, -1, -1))
        painter.setPen(BORDER_PEN)
        painter.drawRect(QRect(0, 0, self.width() - 1, self.height() - 1))

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        self._view.centerOn(self.scene_point(event.position()))
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        if event.buttons() & Qt.MouseButton.LeftButton:
            self._view.centerOn(self.scene_point(event.position()))
        event.accept()
