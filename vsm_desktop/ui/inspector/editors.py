"""The inspector's editors: each field is an editor with its error line under it, emitting
``committed`` with a parsed value; bad input shows in red under the field and is never applied."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import StrEnum
from typing import Any

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

from ..plain_text import plain_label

MIXED = object()  # the selected elements disagree on this field


def choices_of(enum: type[StrEnum]) -> list[tuple[str, Any]]:
    """A choice field's (label, member) pairs."""
    return [(member.label, member) for member in enum]


class Field(QWidget):
    """An editor with an inline error line under it; emits ``committed`` with a parsed value."""

    committed = Signal(object)

    def __init__(self, name: str, label: str, editor: QWidget) -> None:
        super().__init__()
        self.name = name
        self.label = label
        self.editor = editor
        self.error_label = plain_label()  # quotes what was typed
        self.error_label.setObjectName("fieldError")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(editor)
        layout.addWidget(self.error_label)

    @property
    def has_error(self) -> bool:
        return not self.error_label.isHidden()

    def show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()
        self._set_invalid(True)

    def clear_error(self) -> None:
        self.error_label.clear()
        self.error_label.hide()
        self._set_invalid(False)

    def _set_invalid(self, invalid: bool) -> None:
        if self.editor.property("invalid") == invalid:
            return
        self.editor.setProperty("invalid", invalid)
        self.editor.style().unpolish(self.editor)
        self.editor.style().polish(self.editor)

    def set_value(self, value: Any) -> None:
        raise NotImplementedError


class LineField(Field):
    """A one-line text; ``parse`` turns the text into the model value or raises ValueError."""

    def __init__(
        self,
        name: str,
        label: str,
        parse: Callable[[str], Any],
        show: Callable[[Any], str],
        placeholder: str | Callable[[], str] = "",
    ) -> None:
        """``placeholder`` may be a function, for hints that follow the map (its time unit)."""
        self.line_edit = QLineEdit()
        super().__init__(name, label, self.line_edit)
        self._parse = parse
        self._show = show
        self._placeholder = placeholder
        self._shown_text = ""
        self.line_edit.setPlaceholderText(self._placeholder_text())
        self.line_edit.setClearButtonEnabled(False)
        self.line_edit.editingFinished.connect(self._commit)

    def set_value(self, value: Any) -> None:
        self.clear_error()
        if value is MIXED:
            text = ""
            self.line_edit.setPlaceholderText("mixed values")
        else:
            text = self._show(value)
            self.line_edit.setPlaceholderText(self._placeholder_text())
        self._shown_text = text
        self.line_edit.setText(text)
        self.line_edit.setCursorPosition(0)

    def _placeholder_text(self) -> str:
        return self._placeholder() if callable(self._placeholder) else self._placeholder

    def _commit(self) -> None:
        text = self.line_edit.text()
        if text == self._shown_text:
            self.clear_error()
            return
        try:
            value = self._parse(text)
        except ValueError as error:
            self.show_error(str(error))
            return
        self.committed.emit(value)


class ChoiceField(Field):
    def __init__(self, name: str, label: str, choices: Sequence[tuple[str, Any]] = ()) -> None:
        self.combo = QComboBox()
        # Long choices ("Necessary non-value-adding") must not widen the panel past the screen.
        self.combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.combo.setMinimumContentsLength(8)
        super().__init__(name, label, self.combo)
        self.combo.setPlaceholderText("mixed values")
        self.set_choices(choices)
        self.combo.activated.connect(self._commit)

    def set_choices(self, choices: Sequence[tuple[str, Any]]) -> None:
        self.combo.blockSignals(True)
        self.combo.clear()
        for text, value in choices:
            self.combo.addItem(text, value)
        self.combo.blockSignals(False)

    def set_value(self, value: Any) -> None:
        self.clear_error()
        index = -1 if value is MIXED else self.combo.findData(value)
        self.combo.setPlaceholderText("mixed values" if value is MIXED else "—")
        self.combo.setCurrentIndex(index)

    def choose(self, value: Any) -> None:
        """Pick a value as the user would (tests and keyboard helpers)."""
        index = self.combo.findData(value)
        self.combo.setCurrentIndex(index)
        self.combo.activated.emit(index)

    def _commit(self, index: int) -> None:
        if index >= 0:
            self.committed.emit(self.combo.itemData(index))


class SpanNameField(Field):
    """The name of a span this element starts or ends: pick one the map uses or type a new
    one; empty text removes the mark."""

    def __init__(self, name: str, label: str) -> None:
        self.combo = QComboBox()
        self.combo.setEditable(True)
        self.combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.combo.setMinimumContentsLength(8)
        super().__init__(name, label, self.combo)
        self.combo.lineEdit().setPlaceholderText("none")
        self._shown = ""
        self.combo.activated.connect(lambda _index: self._commit())
        self.combo.lineEdit().editingFinished.connect(self._commit)

    def set_choices(self, names: Sequence[str]) -> None:
        self.combo.blockSignals(True)
        self.combo.clear()
        self.combo.addItems(list(names))
        self.combo.blockSignals(False)

    def set_value(self, value: Any) -> None:
        self.clear_error()
        self._shown = "" if value is MIXED else str(value)
        self.combo.lineEdit().setPlaceholderText("mixed values" if value is MIXED else "none")
        self.combo.setEditText(self._shown)

    def _commit(self) -> None:
        text = self.combo.currentText().strip()
        if text != self._shown:
            self._shown = text
            self.committed.emit(text)


class _FocusOutFilter(QObject):
    def __init__(self, callback: Callable[[], None]) -> None:
        super().__init__()
        self._callback = callback

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.FocusOut:
            self._callback()
        return False


class TextBlockField(Field):
    """Multi-line text (notes, description), committed when focus leaves it."""

    def __init__(self, name: str, label: str) -> None:
        self.text_edit = QPlainTextEdit()
        super().__init__(name, label, self.text_edit)
        self.text_edit.setTabChangesFocus(True)
        self.text_edit.setFixedHeight(84)
        self._shown_text = ""
        self._filter = _FocusOutFilter(self.commit)
        self.text_edit.installEventFilter(self._filter)

    def set_value(self, value: Any) -> None:
        self.clear_error()
        text = "" if value is MIXED else str(value or "")
        self.text_edit.setPlaceholderText("mixed values" if value is MIXED else "")
        self._shown_text = text
        if self.text_edit.toPlainText() != text:
            self.text_edit.setPlainText(text)

    def commit(self) -> None:
        text = self.text_edit.toPlainText()
        if text != self._shown_text:
            self.committed.emit(text)
