"""The inspector: edit the properties of the selection, or of the map when nothing is selected.

Every committed edit (Enter, focus leaving the field, a combo choice) is one undo command with a
human text. Input that does not parse or validate is shown inline, red, under its field and is
never applied. The inspector re-reads the document after every change, so undo updates it too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from enum import StrEnum
from typing import Any

from pydantic import ValidationError
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ..analysis.delivery import (
    CLOCK,
    format_deployment_frequency,
    parse_deployment_frequency,
    parse_recovery_time,
)
from ..analysis.spans import DEFAULT_SPAN, span_names
from ..model import (
    Automation,
    ConnectionKind,
    DeliveryFigures,
    ElementKind,
    HandoverMethod,
    KaizenStatus,
    MapDocument,
    MapState,
    ValueCategory,
    WaitCause,
    format_duration_input,
)
from ..model import events as ev
from ..model.fields import (
    CONNECTION_FIELDS,
    ELEMENT_FIELDS,
    FieldSpec,
    FieldUnit,
    field_changes,
    field_value,
    input_text,
    parse_field,
    unit_word,
)
from ..model.flow_edits import y_in_lane
from ..model.units import format_percent, parse_percent
from . import icons
from .commands import (
    UpdateCalendarCommand,
    UpdateConnectionCommand,
    UpdateElementsCommand,
    UpdateMapInfoCommand,
)
from .plain_text import plain_label
from .undo_history import UndoHistory, active_stack

_MIXED = object()  # the selected elements disagree on this field


def _trim_number(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text or "0"


def _validation_message(error: Exception) -> str:
    """One short sentence from a pydantic or value error."""
    if isinstance(error, ValidationError):
        first = error.errors()[0]
        message = str(first.get("msg", "invalid value"))
        if message.startswith("Value error, "):
            message = message[len("Value error, ") :]
        return message[0].upper() + message[1:] + "."
    return str(error)


# -- fields --------------------------------------------------------------------------------


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
        if value is _MIXED:
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
        index = -1 if value is _MIXED else self.combo.findData(value)
        self.combo.setPlaceholderText("mixed values" if value is _MIXED else "—")
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
        self._shown = "" if value is _MIXED else str(value)
        self.combo.lineEdit().setPlaceholderText("mixed values" if value is _MIXED else "none")
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
        text = "" if value is _MIXED else str(value or "")
        self.text_edit.setPlaceholderText("mixed values" if value is _MIXED else "")
        self._shown_text = text
        if self.text_edit.toPlainText() != text:
            self.text_edit.setPlainText(text)

    def commit(self) -> None:
        text = self.text_edit.toPlainText()
        if text != self._shown_text:
            self.committed.emit(text)


# -- parsing -------------------------------------------------------------------------------


def parse_positive_number(text: str) -> float:
    try:
        value = float(text.strip().replace(",", "."))
    except ValueError:
        raise ValueError(f"'{text}' is not a number.") from None
    if value <= 0:
        raise ValueError("Enter a number greater than 0.")
    return value


def _choices(enum: type[StrEnum]) -> list[tuple[str, Any]]:
    return [(member.label, member) for member in enum]


# -- pages ---------------------------------------------------------------------------------


class _Page(QWidget):
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


_WAIT_CAUSES = [("— not given —", None)] + [(cause.label, cause) for cause in WaitCause]
_DELIVERY_FIELDS = {
    "change_failure_rate": "change failure rate",
    "time_to_recover": "time to recover",
    "deployments_per_week": "deployment frequency",
}


class Inspector(QWidget):
    """Properties of the selection; pushes one undo command per committed edit."""

    def __init__(
        self, document: MapDocument, undo_history: UndoHistory, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("inspector")
        self.document = document
        self._history = undo_history
        self.element_ids: list[str] = []
        self.connection_ids: list[str] = []
        self.lane_id: str | None = None  # a lane picked by its header (ui/lane_page.py)
        self.lane_page: Any = None
        self._refresh_pending = False

        self.stack = QStackedWidget()
        self.map_page = self._build_map_page()
        self.element_page = self._build_element_page()
        self.connection_page = self._build_connection_page()
        self.summary_page = _Page()
        for page in (self.map_page, self.element_page, self.connection_page, self.summary_page):
            self.stack.addWidget(page)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.stack)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        document.events.subscribe(self._on_document_event)
        self.refresh()

    # -- building --------------------------------------------------------------------------

    def _typed_field(self, spec: FieldSpec, placeholder: str = "") -> LineField:
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

    def _build_map_page(self) -> _Page:
        page = _Page()
        page.add(LineField("title", "Title", str, str))
        page.add(LineField("author", "Author", str, str, "who drew the map"))
        page.add(ChoiceField("state", "State", _choices(MapState)))
        page.add(TextBlockField("description", "Description"))
        page.add(
            LineField("hours_per_day", "Hours per day", parse_positive_number, _trim_number),
            "Working hours in a day: '3d' means three of these days.",
        )
        page.add(
            LineField("days_per_week", "Days per week", parse_positive_number, _trim_number),
            "Working days in a week: '1wk' means this many working days.",
        )
        page.add(
            ChoiceField("default_unit", "A number means", [("hours", "hour"), ("days", "day")]),
            "What a duration typed without a unit means: '3' is 3 h, or 3 d on a map in days.",
        )
        page.add_section("Delivery figures (DORA)")
        page.add(
            LineField("change_failure_rate", "Change failure rate", parse_percent, format_percent,
                      "e.g. 15%"),
            "Delivery figure: share of deployments that cause a failure in production.",
        )
        page.add(
            LineField("time_to_recover", "Time to recover", parse_recovery_time,
                      lambda hours: format_duration_input(hours, CLOCK), "e.g. 4h, 2d"),
            "Delivery figure: mean time to restore service after a failed change, in clock "
            "time (1d = 24 hours).",
        )
        page.add(
            LineField("deployments_per_week", "Deployments",
                      lambda text: parse_deployment_frequency(text, self.document.calendar),
                      lambda value: format_deployment_frequency(value, self.document.calendar),
                      "e.g. 2 per week"),
            "Delivery figure: how often the stream deploys to production: 2 per day (working "
            "days), 3 per week, 1 per month, 4 per year.",
        )
        for name in ("title", "author", "state", "description"):
            page.fields[name].committed.connect(
                lambda value, name=name: self._commit_map_info(name, value)
            )
        for name in _DELIVERY_FIELDS:
            page.fields[name].committed.connect(
                lambda value, name=name: self._commit_delivery(name, value)
            )
        for name in ("hours_per_day", "days_per_week", "default_unit"):
            page.fields[name].committed.connect(
                lambda value, name=name: self._commit_calendar(name, value)
            )
        return page

    def _build_element_page(self) -> _Page:
        page = _Page()
        specs = ELEMENT_FIELDS
        page.add(self._typed_field(specs["name"], "name shown on the map"))
        page.add(ChoiceField("lane_id", specs["lane_id"].label))
        page.add(self._typed_field(specs["process_time"]))
        page.add(self._typed_field(specs["wait_time"]))
        page.add(self._typed_field(specs["pca"], "e.g. 90%"))
        page.add(self._typed_field(specs["people"], "not entered"))
        page.add(ChoiceField("value_category", specs["value_category"].label,
                             _choices(ValueCategory)))
        page.add(ChoiceField("automation", specs["automation"].label, _choices(Automation)))
        page.add(self._typed_field(specs["items_waiting"], "count"))
        page.add(ChoiceField("wait_cause", specs["wait_cause"].label, _WAIT_CAUSES))
        page.add(SpanNameField("span_start", specs["span_start"].label))
        page.add(SpanNameField("span_end", specs["span_end"].label))
        page.add(ChoiceField("target_id", specs["target_id"].label))
        page.add(self._typed_field(specs["owner"], "who drives it"))
        page.add(ChoiceField("status", specs["status"].label, _choices(KaizenStatus)))
        page.add(self._typed_field(specs["expected_wait_time"]))
        page.add(self._typed_field(specs["expected_process_time"]))
        page.add(self._typed_field(specs["expected_pca"], "unchanged"))
        page.add(TextBlockField("notes", specs["notes"].label))
        self._show_help(page, ELEMENT_FIELDS)
        for name, field in page.fields.items():
            field.committed.connect(lambda value, name=name: self._commit_elements(name, value))
        return page

    def _build_connection_page(self) -> _Page:
        page = _Page()
        specs = CONNECTION_FIELDS
        page.add(ChoiceField("kind", specs["kind"].label, _choices(ConnectionKind)))
        page.add(self._typed_field(specs["delay"]))
        page.add(ChoiceField("wait_cause", specs["wait_cause"].label, _WAIT_CAUSES))
        page.add(ChoiceField("method", specs["method"].label, _choices(HandoverMethod)))
        page.add(self._typed_field(specs["rework_percent"], "e.g. 25% or 10-30%"))
        page.add(self._typed_field(specs["label"], "optional"))
        self._show_help(page, CONNECTION_FIELDS)
        for name, field in page.fields.items():
            field.committed.connect(lambda value, name=name: self._commit_connection(name, value))
        return page

    def _show_help(self, page: _Page, specs: dict[str, FieldSpec]) -> None:
        """Each field's help as its tooltip; durations name the map's unit, so this follows
        the calendar."""
        for name in page.fields:
            page.set_help(name, specs[name].help_text(self.document.calendar))

    # -- selection and refresh -------------------------------------------------------------

    def attach_lane_page(self, page: QWidget) -> None:
        """The page shown while a lane is selected (it has a show_lane(lane_id) method)."""
        self.lane_page = page
        self.stack.addWidget(page)

    def set_lane(self, lane_id: str | None) -> None:
        self.lane_id = lane_id
        self.refresh()

    def set_selection(self, element_ids: Iterable[str], connection_ids: Iterable[str]) -> None:
        self.element_ids = list(element_ids)
        self.connection_ids = list(connection_ids)
        self.refresh()

    def _on_document_event(self, event: ev.DocumentEvent) -> None:
        if isinstance(event, ev.ElementsMoved | ev.EditFinished):
            return
        if not self._refresh_pending:
            self._refresh_pending = True
            QTimer.singleShot(0, self._deferred_refresh)

    def _deferred_refresh(self) -> None:
        self._refresh_pending = False
        self.refresh()

    def refresh(self) -> None:
        """Show what the document holds now for the current selection."""
        self.element_ids = [i for i in self.element_ids if self.document.has_element(i)]
        self.connection_ids = [i for i in self.connection_ids if self.document.has_connection(i)]
        if self.element_ids:
            self._show_elements()
            self.stack.setCurrentWidget(self.element_page)
        elif len(self.connection_ids) == 1:
            self._show_connection()
            self.stack.setCurrentWidget(self.connection_page)
        elif self.connection_ids:
            count = len(self.connection_ids)
            self.summary_page.set_heading(
                "handover", f"{count} connections", "Select one connection to edit it."
            )
            self.stack.setCurrentWidget(self.summary_page)
        elif self.lane_page is not None and self.lane_id is not None and any(
            lane.id == self.lane_id for lane in self.document.lanes
        ):
            self.lane_page.show_lane(self.lane_id)
            self.stack.setCurrentWidget(self.lane_page)
        else:
            self._show_map()
            self.stack.setCurrentWidget(self.map_page)

    def _show_map(self) -> None:
        page = self.map_page
        info, calendar = self.document.info, self.document.calendar
        page.set_heading("app", "Map", "Select an element or handover to edit it.")
        for name in ("title", "author", "state", "description"):
            page.fields[name].set_value(getattr(info, name))
        for name in ("hours_per_day", "days_per_week", "default_unit"):
            page.fields[name].set_value(getattr(calendar, name))
        for name in _DELIVERY_FIELDS:
            page.fields[name].set_value(getattr(info.delivery, name))

    def _show_elements(self) -> None:
        page = self.element_page
        elements = [self.document.element(i) for i in self.element_ids]
        kinds = {element.kind for element in elements}
        if len(elements) == 1:
            element = elements[0]
            page.set_heading(element.kind.value, element.display_name, element.kind.label)
        else:
            kind_text = next(iter(kinds)).label.lower() + "s" if len(kinds) == 1 else "elements"
            page.set_heading(
                "step", f"{len(elements)} {kind_text}", "Changes apply to all of them."
            )
        page.fields["lane_id"].set_choices([(lane.name, lane.id) for lane in self.document.lanes])
        targets = [("— none —", None)] + [
            (e.display_name, e.id)
            for e in sorted(self.document.elements(), key=lambda e: e.display_name.lower())
            if e.kind.in_flow and e.id not in self.element_ids
        ]
        page.fields["target_id"].set_choices(targets)
        spans = span_names(self.document.elements())
        if DEFAULT_SPAN.casefold() not in {name.casefold() for name in spans}:
            spans.insert(0, DEFAULT_SPAN)
        for name in ("span_start", "span_end"):
            page.fields[name].set_choices(spans)
        for name, field in page.fields.items():
            spec = ELEMENT_FIELDS[name]
            visible = kinds <= spec.kinds and (len(elements) == 1 or spec.batch)
            page.show_field(name, visible)
            if visible:
                values = {repr(field_value(element, spec)) for element in elements}
                field.set_value(field_value(elements[0], spec) if len(values) == 1 else _MIXED)
        self._show_help(page, ELEMENT_FIELDS)
        if kinds == {ElementKind.KAIZEN} and len(elements) == 1:
            self._show_effect_baseline(elements[0].target_id)

    def _show_effect_baseline(self, target_id: str | None) -> None:
        """Empty effect fields read "unchanged (now 5 d)", so "wait 5 d -> 1 d" reads in place."""
        known = target_id is not None and self.document.has_element(target_id)
        target = self.document.element(target_id) if known else None
        effects = [spec for spec in ELEMENT_FIELDS.values() if spec.replaces]
        for spec in effects:
            editor = self.element_page.fields[spec.name].editor
            now = getattr(target, spec.replaces) if target and spec.replaces else None
            if now is None:
                editor.setPlaceholderText("unchanged" if target else "choose the target first")
            elif spec.unit is FieldUnit.PERCENT:
                editor.setPlaceholderText(f"unchanged (now {format_percent(now)})")
            else:
                editor.setPlaceholderText(
                    f"unchanged (now {format_duration_input(now, self.document.calendar)})"
                )

    def _show_connection(self) -> None:
        page = self.connection_page
        connection = self.document.connection(self.connection_ids[0])
        source = self.document.element(connection.source_id)
        target = self.document.element(connection.target_id)
        cross_team = source.lane_id != target.lane_id
        subtitle = connection.kind.label + (" · cross-team" if cross_team else "")
        page.set_heading("handover", f"{source.display_name} → {target.display_name}", subtitle)
        for name, field in page.fields.items():
            field.set_value(field_value(connection, CONNECTION_FIELDS[name]))
        self._show_help(page, CONNECTION_FIELDS)
        page.show_field("rework_percent", connection.kind is ConnectionKind.REWORK)
        page.show_field("delay", connection.kind is not ConnectionKind.INFORMATION)
        page.show_field("method", connection.kind is ConnectionKind.FLOW)
        page.show_field("wait_cause", connection.kind is ConnectionKind.FLOW)

    # -- committing ------------------------------------------------------------------------

    def _push(self, field: Field, build: Callable[[], QUndoCommand | None]) -> None:
        """Build the command (which validates) and push it; show a bad value inline instead."""
        try:
            command = build()
        except (ValidationError, ValueError) as error:
            field.show_error(_validation_message(error))
            return
        if command is not None:
            field.clear_error()
            active_stack(self._history).push(command)

    def _element_phrase(self, ids: Sequence[str]) -> str:
        if len(ids) == 1:
            return f"'{self.document.element(ids[0]).display_name}'"
        return f"{len(ids)} elements"

    def _commit_elements(self, name: str, value: Any) -> None:
        field = self.element_page.fields[name]
        spec = ELEMENT_FIELDS[name]

        def build() -> QUndoCommand | None:
            changes: dict[str, dict[str, Any]] = {}
            for element_id in self.element_ids:
                element = self.document.element(element_id)
                if field_value(element, spec) == value:
                    continue
                change = field_changes(spec, value)
                if name == "lane_id":
                    change["y"] = self._y_in_lane(element.lane_id, value, element.y)
                changes[element_id] = change
            if not changes:
                return None
            ids = list(changes)
            if name == "name" and len(ids) == 1:
                old = self.document.element(ids[0]).display_name
                text = f"Rename '{old}' to '{value}'" if value else f"Clear the name of '{old}'"
            else:
                text = f"Change {spec.phrase} of {self._element_phrase(ids)}"
            return UpdateElementsCommand(self.document, changes, text)

        self._push(field, build)

    def _y_in_lane(self, old_lane_id: str | None, new_lane_id: str, y: float) -> float:
        """Keep the element's offset within its band when it changes lane."""
        return y_in_lane(self.document, old_lane_id, new_lane_id, y)

    def _commit_connection(self, name: str, value: Any) -> None:
        field = self.connection_page.fields[name]
        spec = CONNECTION_FIELDS[name]
        connection_id = self.connection_ids[0]

        def build() -> QUndoCommand | None:
            connection = self.document.connection(connection_id)
            if field_value(connection, spec) == value:
                return None
            source = self.document.element(connection.source_id).display_name
            target = self.document.element(connection.target_id).display_name
            text = f"Change {spec.phrase} of '{source}' → '{target}'"
            return UpdateConnectionCommand(
                self.document, connection_id, field_changes(spec, value), text
            )

        self._push(field, build)

    def _commit_map_info(self, name: str, value: Any) -> None:
        field = self.map_page.fields[name]

        def build() -> QUndoCommand | None:
            if getattr(self.document.info, name) == value:
                return None
            text = {"title": "Rename map", "state": "Change map state"}.get(
                name, f"Change map {name}"
            )
            return UpdateMapInfoCommand(self.document, {name: value}, text)

        self._push(field, build)

    def _commit_delivery(self, name: str, value: float | None) -> None:
        field = self.map_page.fields[name]

        def build() -> QUndoCommand | None:
            delivery = self.document.info.delivery
            if getattr(delivery, name) == value:
                return None
            changed = DeliveryFigures.model_validate({**delivery.model_dump(), name: value})
            text = f"Change {_DELIVERY_FIELDS[name]}"
            return UpdateMapInfoCommand(self.document, {"delivery": changed}, text)

        self._push(field, build)

    def _commit_calendar(self, name: str, value: Any) -> None:
        field = self.map_page.fields[name]

        def build() -> QUndoCommand | None:
            if getattr(self.document.calendar, name) == value:
                return None
            if name == "default_unit":
                text = f"Read numbers without a unit as {value}s"
                return UpdateCalendarCommand(self.document, {name: value}, text)
            what = "working day" if name == "hours_per_day" else "working week"
            unit = "h" if name == "hours_per_day" else "days"
            text = f"Change {what} to {_trim_number(value)} {unit}"
            return UpdateCalendarCommand(self.document, {name: value}, text)

        self._push(field, build)

    # -- access for the window and tests ---------------------------------------------------

    def element_field(self, name: str) -> Field:
        return self.element_page.fields[name]

    def connection_field(self, name: str) -> Field:
        return self.connection_page.fields[name]

    def map_field(self, name: str) -> Field:
        return self.map_page.fields[name]

    def detach(self) -> None:
        self.document.events.unsubscribe(self._on_document_event)
