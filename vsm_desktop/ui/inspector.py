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
    Estimate,
    HandoverMethod,
    KaizenStatus,
    MapDocument,
    MapState,
    ValueCategory,
    WaitCause,
    format_duration_input,
    format_estimate_input,
    parse_duration,
    parse_duration_estimate,
    parse_percent_estimate,
    range_of,
)
from ..model import events as ev
from ..model.flow_edits import y_in_lane
from ..model.units import format_range_input, parse_percent
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


def show_percent(value: float | None) -> str:
    return "" if value is None else f"{_trim_number(value)}%"


def _show_share(estimate: Estimate) -> str:
    value, value_range = estimate
    return format_range_input(value_range) if value_range is not None else show_percent(value)


def parse_count(text: str) -> int | None:
    cleaned = text.strip().replace(" ", "")
    if not cleaned:
        return None
    if not cleaned.isdigit():
        raise ValueError(f"'{text}' is not a whole number. Enter 0 or more, or leave it empty.")
    return int(cleaned)


def show_count(value: int | None) -> str:
    return "" if value is None else str(value)


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

    def add(self, field: Field, tooltip: str = "") -> Field:
        label = QLabel(field.label)
        label.setObjectName("fieldLabel")
        if tooltip:
            label.setToolTip(tooltip)
            field.editor.setToolTip(tooltip)
        self.form.addRow(label, field)
        self.fields[field.name] = field
        return field

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


DURATION_HINT = "Units: 45min, 2h, 3d (working days), 1.5wk. A bare number is hours."
RANGE_HINT = (
    "Unsure? Give a range: 2-6wk (anywhere between), or 2-3-6wk (low, most likely, high)."
)
# Fields that take a range as well as a single value; shown and committed as an Estimate.
_RANGED_FIELDS = frozenset({"process_time", "wait_time", "delay", "rework_percent"})


def _field_value(record: Any, name: str) -> Any:
    """What a field shows: for a ranged field its value with the range it was typed as."""
    if name in _RANGED_FIELDS:
        return Estimate(getattr(record, name), range_of(record, name))
    return getattr(record, name)


def _field_changes(name: str, value: Any) -> dict[str, Any]:
    """The record fields a committed value sets: a ranged field sets its range too."""
    if name not in _RANGED_FIELDS:
        return {name: value}
    if value is None:
        return {name: None, f"{name}_range": None}
    return value.fields(name)

# Which element fields apply to which kinds.
_WORK = {ElementKind.STEP, ElementKind.APPROVAL}
_FIELD_KINDS: dict[str, set[ElementKind]] = {
    "name": set(ElementKind),
    "lane_id": set(ElementKind),
    "process_time": _WORK,
    "wait_time": _WORK | {ElementKind.QUEUE},
    "pca": _WORK,
    "people": _WORK,
    "value_category": _WORK | {ElementKind.QUEUE},
    "automation": _WORK,
    "items_waiting": {ElementKind.QUEUE},
    "wait_cause": _WORK | {ElementKind.QUEUE},
    "span_start": _WORK | {ElementKind.QUEUE, ElementKind.START, ElementKind.END},
    "span_end": _WORK | {ElementKind.QUEUE, ElementKind.START, ElementKind.END},
    "target_id": {ElementKind.KAIZEN},
    "owner": {ElementKind.KAIZEN},
    "status": {ElementKind.KAIZEN},
    "expected_wait_time": {ElementKind.KAIZEN},
    "expected_process_time": {ElementKind.KAIZEN},
    "expected_pca": {ElementKind.KAIZEN},
    "notes": set(ElementKind),
}
# Fields that can be set on several elements at once (names and kaizen targets stay individual).
_MULTI_FIELDS = {
    "lane_id",
    "process_time",
    "wait_time",
    "pca",
    "people",
    "value_category",
    "automation",
    "items_waiting",
    "wait_cause",
    "owner",
    "status",
}
_FIELD_TEXT = {
    "name": "name",
    "lane_id": "lane",
    "process_time": "process time",
    "wait_time": "wait time",
    "pca": "%C&A",
    "people": "people",
    "value_category": "value category",
    "automation": "automation",
    "items_waiting": "items waiting",
    "wait_cause": "wait cause",
    "span_start": "span start",
    "span_end": "span end",
    "notes": "notes",
    "target_id": "kaizen target",
    "owner": "owner",
    "status": "status",
    "expected_wait_time": "expected wait",
    "expected_process_time": "expected process time",
    "expected_pca": "expected %C&A",
}
_WAIT_CAUSES = [("— not given —", None)] + [(cause.label, cause) for cause in WaitCause]
_WAIT_CAUSE_TIP = (
    "Why work waits here. 'Where the waiting comes from' in the flow metrics sums the waits "
    "by cause."
)
_DELIVERY_FIELDS = {
    "change_failure_rate": "change failure rate",
    "time_to_recover": "time to recover",
    "deployments_per_week": "deployment frequency",
}
# A kaizen idea's expected effect, and the field of its target it replaces.
_EFFECT_FIELDS = {
    "expected_wait_time": "wait_time",
    "expected_process_time": "process_time",
    "expected_pca": "pca",
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

    def _parse_optional_duration(self, text: str) -> float | None:
        return parse_duration(text, self.document.calendar) if text.strip() else None

    def _parse_estimate(self, text: str) -> Estimate | None:
        return parse_duration_estimate(text, self.document.calendar) if text.strip() else None

    def _estimate_field(self, name: str, label: str) -> LineField:
        """A duration that may also be a range ("2-3-6wk"), shown as typed."""
        return LineField(
            name,
            label,
            parse=self._parse_estimate,
            show=lambda estimate: format_estimate_input(*estimate, self.document.calendar),
            placeholder=self._duration_placeholder,
        )

    def _duration_placeholder(self) -> str:
        """Says what a number without a unit means on this map."""
        unit = "days" if self.document.calendar.default_unit == "day" else "hours"
        return f"not entered · a number is {unit}"

    def _duration_field(self, name: str, label: str) -> LineField:
        return LineField(
            name,
            label,
            parse=self._parse_optional_duration,
            show=lambda hours: format_duration_input(hours, self.document.calendar),
            placeholder=self._duration_placeholder,
        )

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
            LineField("change_failure_rate", "Change failure rate", parse_percent, show_percent,
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
        page.add(LineField("name", "Name", str, str, "name shown on the map"))
        page.add(ChoiceField("lane_id", "Lane"), "The team or function doing this.")
        page.add(
            self._estimate_field("process_time", "Process time"),
            "Hands-on work time for one request. " + DURATION_HINT + " " + RANGE_HINT,
        )
        page.add(
            self._estimate_field("wait_time", "Wait time"),
            "How long work waits before this starts. " + DURATION_HINT + " " + RANGE_HINT,
        )
        page.add(
            LineField("pca", "%C&A", parse_percent, show_percent, "e.g. 90%"),
            "%Complete & Accurate: share of work passed on that needs no correction.",
        )
        page.add(LineField("people", "People", parse_count, show_count, "not entered"))
        page.add(ChoiceField("value_category", "Value", _choices(ValueCategory)))
        page.add(ChoiceField("automation", "Automation", _choices(Automation)))
        page.add(LineField("items_waiting", "Items waiting", parse_count, show_count, "count"))
        page.add(ChoiceField("wait_cause", "Wait cause", _WAIT_CAUSES), _WAIT_CAUSE_TIP)
        page.add(SpanNameField("span_start", "Starts span"),
                 "This element starts a span you name, e.g. 'lead time for changes' from the "
                 "approval that accepts the request; the span begins when this element is done.")
        page.add(SpanNameField("span_end", "Ends span"),
                 "This element ends a span you name, e.g. 'lead time for changes' at the "
                 "deployment to production; the span ends when this element is done.")
        page.add(ChoiceField("target_id", "Improves"), "The element this idea improves.")
        page.add(LineField("owner", "Owner", str, str, "who drives it"))
        page.add(ChoiceField("status", "Status", _choices(KaizenStatus)))
        effect = "Leave empty when the idea leaves it as it is. "
        page.add(
            self._duration_field("expected_wait_time", "Expected wait"),
            "The target's wait once the idea lands. " + effect + DURATION_HINT,
        )
        page.add(
            self._duration_field("expected_process_time", "Expected process time"),
            "The target's process time once the idea lands. " + effect + DURATION_HINT,
        )
        page.add(
            LineField("expected_pca", "Expected %C&A", parse_percent, show_percent, "unchanged"),
            "The target's %C&A once the idea lands. " + effect,
        )
        page.add(TextBlockField("notes", "Notes"))
        for name, field in page.fields.items():
            field.committed.connect(lambda value, name=name: self._commit_elements(name, value))
        return page

    def _build_connection_page(self) -> _Page:
        page = _Page()
        page.add(ChoiceField("kind", "Kind", _choices(ConnectionKind)))
        page.add(
            self._estimate_field("delay", "Transfer delay"),
            "Time in transit between the two ends (tickets waiting to be picked up). "
            + DURATION_HINT,
        )
        page.add(ChoiceField("wait_cause", "Delay cause", _WAIT_CAUSES), _WAIT_CAUSE_TIP)
        page.add(ChoiceField("method", "Method", _choices(HandoverMethod)))
        page.add(
            LineField(
                "rework_percent", "Sent back", lambda text: parse_percent_estimate(text, 99),
                _show_share, "e.g. 25% or 10-30%",
            ),
            "Share of items sent back along this rework loop (0 to 99%).",
        )
        page.add(LineField("label", "Label", str, str, "optional"))
        for name, field in page.fields.items():
            field.committed.connect(lambda value, name=name: self._commit_connection(name, value))
        return page

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
            visible = kinds <= _FIELD_KINDS[name] and (len(elements) == 1 or name in _MULTI_FIELDS)
            page.show_field(name, visible)
            if visible:
                values = {repr(_field_value(element, name)) for element in elements}
                field.set_value(_field_value(elements[0], name) if len(values) == 1 else _MIXED)
        if kinds == {ElementKind.KAIZEN} and len(elements) == 1:
            self._show_effect_baseline(elements[0].target_id)

    def _show_effect_baseline(self, target_id: str | None) -> None:
        """Empty effect fields read "unchanged (now 5 d)", so "wait 5 d -> 1 d" reads in place."""
        known = target_id is not None and self.document.has_element(target_id)
        target = self.document.element(target_id) if known else None
        for name, target_field in _EFFECT_FIELDS.items():
            editor = self.element_page.fields[name].editor
            now = getattr(target, target_field) if target is not None else None
            if now is None:
                editor.setPlaceholderText("unchanged" if target else "choose the target first")
            elif target_field == "pca":
                editor.setPlaceholderText(f"unchanged (now {show_percent(now)})")
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
            field.set_value(_field_value(connection, name))
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

        def build() -> QUndoCommand | None:
            changes: dict[str, dict[str, Any]] = {}
            for element_id in self.element_ids:
                element = self.document.element(element_id)
                if _field_value(element, name) == value:
                    continue
                change = _field_changes(name, value)
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
                text = f"Change {_FIELD_TEXT[name]} of {self._element_phrase(ids)}"
            return UpdateElementsCommand(self.document, changes, text)

        self._push(field, build)

    def _y_in_lane(self, old_lane_id: str | None, new_lane_id: str, y: float) -> float:
        """Keep the element's offset within its band when it changes lane."""
        return y_in_lane(self.document, old_lane_id, new_lane_id, y)

    def _commit_connection(self, name: str, value: Any) -> None:
        field = self.connection_page.fields[name]
        connection_id = self.connection_ids[0]

        def build() -> QUndoCommand | None:
            connection = self.document.connection(connection_id)
            if _field_value(connection, name) == value:
                return None
            source = self.document.element(connection.source_id).display_name
            target = self.document.element(connection.target_id).display_name
            what = {
                "kind": "kind",
                "wait_cause": "delay cause",
                "delay": "transfer delay",
                "method": "handover method",
                "rework_percent": "rework share",
                "label": "label",
            }[name]
            text = f"Change {what} of '{source}' → '{target}'"
            return UpdateConnectionCommand(
                self.document, connection_id, _field_changes(name, value), text
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
