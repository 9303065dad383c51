"""The in-place text editor used to name elements and lanes right on the canvas."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRectF, Qt, QTimer
from PySide6.QtGui import QFont, QPainter, QTextCursor, QTextOption
from PySide6.QtWidgets import QGraphicsItem, QGraphicsTextItem, QStyle

from .items import Z_EDITOR
from .style import CanvasStyle


class InlineEditor(QGraphicsTextItem):
    """Edits one line of text over an item: Enter commits, Esc cancels, clicking away commits.

    ``on_done`` receives the new text, or None when the edit was cancelled.
    """

    def __init__(
        self,
        text: str,
        rect: QRectF,
        font: QFont,
        style: CanvasStyle,
        on_done: Callable[[str | None], None],
    ) -> None:
        super().__init__(text)
        self._on_done = on_done
        self._style = style
        self._finished = False
        self.setFont(font)
        self.setDefaultTextColor(style.ink)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextEditorInteraction)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsFocusable)
        self.setZValue(Z_EDITOR)
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.document().setDefaultTextOption(option)
        self.setTextWidth(max(80.0, rect.width()))
        self.setPos(rect.left(), rect.top())
        # The editor covers the whole area it edits, so the old text does not show through.
        self._cover = QRectF(0, 0, max(80.0, rect.width()), rect.height())

    def start(self) -> None:
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        cursor = self.textCursor()
        cursor.select(QTextCursor.SelectionType.Document)
        self.setTextCursor(cursor)

    @property
    def finished(self) -> bool:
        return self._finished

    def boundingRect(self) -> QRectF:
        return super().boundingRect().united(self._cover).adjusted(-3, -3, 3, 3)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        painter.setPen(self._style.selection_pen)
        painter.setBrush(self._style.editor_brush)
        painter.drawRoundedRect(
            super().boundingRect().united(self._cover).adjusted(-2, -2, 2, 2), 3, 3
        )
        # Our own frame replaces the dotted focus rectangle Qt would draw.
        option.state &= ~(QStyle.StateFlag.State_HasFocus | QStyle.StateFlag.State_Selected)
        super().paint(painter, option, widget)

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.finish(commit=True)
            return
        if event.key() == Qt.Key.Key_Escape:
            self.finish(commit=False)
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event) -> None:
        super().focusOutEvent(event)
        if event.reason() != Qt.FocusReason.PopupFocusReason:
            self.finish(commit=True)

    def finish(self, commit: bool) -> None:
        if self._finished:
            return
        self._finished = True
        text = " ".join(self.toPlainText().split()) if commit else None
        self.hide()
        self.clearFocus()
        scene = self.scene()
        self._on_done(text)
        if scene is not None:
            # Removing the item from inside its own event handler is unsafe; do it next turn.
            # The scene is the timer's context, so nothing runs if the scene is gone by then.
            QTimer.singleShot(0, scene, lambda: scene.removeItem(self))
