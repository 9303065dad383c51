"""The inspector's page for one selected connection: its kind, delay, method and rework share."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QUndoCommand

from ...model import ConnectionKind, HandoverMethod, MapDocument
from ...model.fields import CONNECTION_FIELDS, field_changes, field_value
from ..commands import UpdateConnectionCommand
from ..undo_history import UndoHistory
from .editors import ChoiceField, choices_of
from .element_form import WAIT_CAUSES
from .page import Form


class ConnectionForm(Form):
    def __init__(self, document: MapDocument, undo_history: UndoHistory) -> None:
        super().__init__(document, undo_history)
        self.connection_id = ""
        self._build()

    def _build(self) -> None:
        page = self.page
        specs = CONNECTION_FIELDS
        page.add(ChoiceField("kind", specs["kind"].label, choices_of(ConnectionKind)))
        page.add(self.typed_field(specs["delay"]))
        page.add(ChoiceField("wait_cause", specs["wait_cause"].label, WAIT_CAUSES))
        page.add(ChoiceField("method", specs["method"].label, choices_of(HandoverMethod)))
        page.add(self.typed_field(specs["rework_percent"], "e.g. 25% or 10-30%"))
        page.add(self.typed_field(specs["label"], "optional"))
        self.show_help(CONNECTION_FIELDS)
        for name, field in page.fields.items():
            field.committed.connect(lambda value, name=name: self._commit(name, value))

    def show(self, connection_id: str) -> None:
        self.connection_id = connection_id
        page = self.page
        connection = self.document.connection(connection_id)
        source = self.document.element(connection.source_id)
        target = self.document.element(connection.target_id)
        cross_team = source.lane_id != target.lane_id
        subtitle = connection.kind.label + (" · cross-team" if cross_team else "")
        page.set_heading("handover", f"{source.display_name} → {target.display_name}", subtitle)
        for name, field in page.fields.items():
            field.set_value(field_value(connection, CONNECTION_FIELDS[name]))
        self.show_help(CONNECTION_FIELDS)
        page.show_field("rework_percent", connection.kind is ConnectionKind.REWORK)
        page.show_field("delay", connection.kind is not ConnectionKind.INFORMATION)
        page.show_field("method", connection.kind is ConnectionKind.FLOW)
        page.show_field("wait_cause", connection.kind is ConnectionKind.FLOW)

    # -- committing ------------------------------------------------------------------------

    def _commit(self, name: str, value: Any) -> None:
        field = self.page.fields[name]
        spec = CONNECTION_FIELDS[name]
        connection_id = self.connection_id

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

        self.push(field, build)
