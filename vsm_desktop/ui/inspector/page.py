"""A page of the inspector (heading and form) and what every form shares: committing a field
pushes one undo command, or shows why the value was refused under the field."""

from __future__ import annotations

from collections.abc import Callable

from pydantic import ValidationError
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QFormLayout, QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ...model import MapDocument
from ...model.fields import FieldSpec, FieldUnit, input_text, parse_field, unit_word
from .. import icons
from ..plain_text import plain_label
from ..undo_history import UndoHistory, active_stack
from .editors import Field, LineField


class FormPage(QWidget):
    """A heading (icon, title, subtitle) over a form of fields with their labels."""

    def __init__(self) -> None:
        super().__init__()
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(12, 10, 12, 12)
        self.layout_.setSpacing(8)
        header = QHBoxLayout()
        self.icon = QLabel()
        self.icon.setFixedSize(32, 32)
        self.title = plain_label()  # names from the map, shown literally
        self.title.setObjectName("inspectorTitle")
        self.title.setWordWrap(True)
        header.addWidget(self.icon)
        header.addWidget(self.title, 1)
        self.layout_.addLayout(header)
        self.subtitle = plain_label()
        self.subtitle.setObjectName("inspectorSubtitle")
        self.subtitle.setWordWrap(True)
        self.layout_.addWidget(self.subtitle)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setObjectName("inspectorRule")
        self.layout_.addWidget(line)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.form.setVerticalSpacing(6)
        self.layout_.addLayout(self.form)
        self.layout_.addStretch(1)
        self.fields: dict[str, Field] = {}
        self._labels: dict[str, QLabel] = {}

    def add(self, field: Field, tooltip: str = "") -> Field:
        label = QLabel(field.label)
        label.setObjectName("fieldLabel")
        self.form.addRow(label, field)
        self.fields[field.name] = field
        self._labels[field.name] = label
        self.set_help(field.name, tooltip)
        return field

    def label_of(self, name: str) -> QLabel:
        return self._labels[name]

    def set_help(self, name: str, tooltip: str) -> None:
        """The tooltip of a field's label and editor."""
        self._labels[name].setToolTip(tooltip)
        self.fields[name].editor.setToolTip(tooltip)

    def add_section(self, title: str) -> None:
        """A bold line that groups the fields below it."""
        label = QLabel(title)
        label.setObjectName("sectionTitle")
        self.form.addRow(label)

    def show_field(self, name: str, visible: bool) -> None:
        self.form.setRowVisible(self.fields[name], visible)

    def set_heading(self, icon_name: str | None, title: str, subtitle: str = "") -> None:
        if icon_name == "app":
            self.icon.setPixmap(icons.app_icon().pixmap(32, 32))
            self.icon.show()
        elif icon_name:
            self.icon.setPixmap(icons.render_pixmap(icon_name, 32, self.devicePixelRatioF()))
            self.icon.show()
        else:
            self.icon.hide()
        self.title.setText(title)
        self.subtitle.setText(subtitle)
        self.subtitle.setVisible(bool(subtitle))


class Form:
    """One page of fields and what committing each of them does."""

    def __init__(self, document: MapDocument, undo_history: UndoHistory) -> None:
        self.document = document
        self._history = undo_history
        self.page = FormPage()

    def typed_field(self, spec: FieldSpec, placeholder: str = "") -> LineField:
        """A line read and shown by the field's own rules (model/fields.py): its unit, its
        range; a duration's placeholder says what a bare number means on this map."""
        return LineField(
            spec.name,
            spec.label,
            parse=lambda text: parse_field(spec, text, self.document.calendar),
            show=lambda value: input_text(spec, value, self.document.calendar),
            placeholder=placeholder or (
                self._duration_placeholder if spec.unit is FieldUnit.DURATION else ""
            ),
        )

    def _duration_placeholder(self) -> str:
        return f"not entered · a number is {unit_word(self.document.calendar)}"

    def show_help(self, specs: dict[str, FieldSpec]) -> None:
        """Each field's help as its tooltip; durations name the map's unit, so this follows
        the calendar."""
        for name in self.page.fields:
            self.page.set_help(name, specs[name].help_text(self.document.calendar))

    def push(self, field: Field, build: Callable[[], QUndoCommand | None]) -> None:
        """Build the command (which validates) and push it; show a bad value inline instead."""
        try:
            command = build()
        except (ValidationError, ValueError) as error:
            field.show_error(validation_message(error))
            return
        if command is not None:
            field.clear_error()
            active_stack(self._history).push(command)


def validation_message(error: Exception) -> str:
    """One short sentence from a pydantic or value error."""
    if isinstance(error, ValidationError):
        first = error.errors()[0]
        message = str(first.get("msg", "invalid value"))
        if message.startswith("Value error, "):
            message = message[len("Value error, ") :]
        return message[0].upper() + message[1:] + "."
    return str(error)
