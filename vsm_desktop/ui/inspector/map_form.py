"""The inspector's page for the map itself (shown when nothing is selected): title, state,
description, the working calendar and the delivery (DORA) figures."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QUndoCommand

from ...analysis.delivery import (
    CLOCK,
    format_deployment_frequency,
    parse_deployment_frequency,
    parse_recovery_time,
)
from ...model import DeliveryFigures, MapDocument, MapState, format_duration_input
from ...model.units import format_percent, parse_percent
from ..commands import UpdateCalendarCommand, UpdateMapInfoCommand
from ..undo_history import UndoHistory
from .editors import ChoiceField, LineField, TextBlockField, choices_of
from .page import Form


def _trim_number(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text or "0"


def _parse_positive_number(text: str) -> float:
    try:
        value = float(text.strip().replace(",", "."))
    except ValueError:
        raise ValueError(f"'{text}' is not a number.") from None
    if value <= 0:
        raise ValueError("Enter a number greater than 0.")
    return value


_DELIVERY_FIELDS = {
    "change_failure_rate": "change failure rate",
    "time_to_recover": "time to recover",
    "deployments_per_week": "deployment frequency",
}


class MapForm(Form):
    def __init__(self, document: MapDocument, undo_history: UndoHistory) -> None:
        super().__init__(document, undo_history)
        self._build()

    def _build(self) -> None:
        page = self.page
        page.add(LineField("title", "Title", str, str))
        page.add(LineField("author", "Author", str, str, "who drew the map"))
        page.add(ChoiceField("state", "State", choices_of(MapState)))
        page.add(TextBlockField("description", "Description"))
        page.add(
            LineField("hours_per_day", "Hours per day", _parse_positive_number, _trim_number),
            "Working hours in a day: '3d' means three of these days.",
        )
        page.add(
            LineField("days_per_week", "Days per week", _parse_positive_number, _trim_number),
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
                lambda value, name=name: self._commit_info(name, value)
            )
        for name in _DELIVERY_FIELDS:
            page.fields[name].committed.connect(
                lambda value, name=name: self._commit_delivery(name, value)
            )
        for name in ("hours_per_day", "days_per_week", "default_unit"):
            page.fields[name].committed.connect(
                lambda value, name=name: self._commit_calendar(name, value)
            )

    def show(self) -> None:
        page = self.page
        info, calendar = self.document.info, self.document.calendar
        page.set_heading("app", "Map", "Select an element or handover to edit it.")
        for name in ("title", "author", "state", "description"):
            page.fields[name].set_value(getattr(info, name))
        for name in ("hours_per_day", "days_per_week", "default_unit"):
            page.fields[name].set_value(getattr(calendar, name))
        for name in _DELIVERY_FIELDS:
            page.fields[name].set_value(getattr(info.delivery, name))

    # -- committing ------------------------------------------------------------------------

    def _commit_info(self, name: str, value: Any) -> None:
        field = self.page.fields[name]

        def build() -> QUndoCommand | None:
            if getattr(self.document.info, name) == value:
                return None
            text = {"title": "Rename map", "state": "Change map state"}.get(
                name, f"Change map {name}"
            )
            return UpdateMapInfoCommand(self.document, {name: value}, text)

        self.push(field, build)

    def _commit_delivery(self, name: str, value: float | None) -> None:
        field = self.page.fields[name]

        def build() -> QUndoCommand | None:
            delivery = self.document.info.delivery
            if getattr(delivery, name) == value:
                return None
            changed = DeliveryFigures.model_validate({**delivery.model_dump(), name: value})
            text = f"Change {_DELIVERY_FIELDS[name]}"
            return UpdateMapInfoCommand(self.document, {"delivery": changed}, text)

        self.push(field, build)

    def _commit_calendar(self, name: str, value: Any) -> None:
        field = self.page.fields[name]

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

        self.push(field, build)
