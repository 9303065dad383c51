"""The inspector's page for the selected elements: the fields of their kind (model/fields.py
says which kind has which), one undo command per committed change to all of them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtGui import QUndoCommand

from ...analysis.spans import DEFAULT_SPAN, span_names
from ...model import (
    Automation,
    Element,
    ElementKind,
    KaizenStatus,
    MapDocument,
    ValueCategory,
    WaitCause,
    format_duration_input,
)
from ...model import events as ev
from ...model.fields import ELEMENT_FIELDS, FieldUnit, field_changes, field_value
from ...model.flow_edits import y_in_lane
from ...model.units import format_percent
from ..commands import UpdateElementsCommand
from ..undo_history import UndoHistory
from .editors import MIXED, ChoiceField, SpanNameField, TextBlockField, choices_of
from .page import Form

WAIT_CAUSES = [("— not given —", None)] + [(cause.label, cause) for cause in WaitCause]


def _marks_a_span(element: Element) -> bool:
    return bool(element.span_start or element.span_end)


class ElementForm(Form):
    def __init__(self, document: MapDocument, undo_history: UndoHistory) -> None:
        super().__init__(document, undo_history)
        self.element_ids: list[str] = []
        self._spans: list[str] | None = None  # the span names offered, read from the whole map
        self._marked: set[str] = set()  # the elements that mark a span, read with them
        self._build()

    def _build(self) -> None:
        page = self.page
        specs = ELEMENT_FIELDS
        page.add(self.typed_field(specs["name"], "name shown on the map"))
        page.add(ChoiceField("lane_id", specs["lane_id"].label))
        page.add(self.typed_field(specs["process_time"]))
        page.add(self.typed_field(specs["wait_time"]))
        page.add(self.typed_field(specs["pca"], "e.g. 90%"))
        page.add(self.typed_field(specs["people"], "not entered"))
        page.add(ChoiceField("value_category", specs["value_category"].label,
                             choices_of(ValueCategory)))
        page.add(ChoiceField("automation", specs["automation"].label, choices_of(Automation)))
        page.add(self.typed_field(specs["items_waiting"], "count"))
        page.add(ChoiceField("wait_cause", specs["wait_cause"].label, WAIT_CAUSES))
        page.add(SpanNameField("span_start", specs["span_start"].label))
        page.add(SpanNameField("span_end", specs["span_end"].label))
        page.add(ChoiceField("target_id", specs["target_id"].label))
        page.add(self.typed_field(specs["owner"], "who drives it"))
        page.add(ChoiceField("status", specs["status"].label, choices_of(KaizenStatus)))
        page.add(self.typed_field(specs["expected_wait_time"]))
        page.add(self.typed_field(specs["expected_process_time"]))
        page.add(self.typed_field(specs["expected_pca"], "unchanged"))
        page.add(TextBlockField("notes", specs["notes"].label))
        self.show_help(ELEMENT_FIELDS)
        for name, field in page.fields.items():
            field.committed.connect(lambda value, name=name: self._commit(name, value))

    def show(self, element_ids: list[str]) -> None:
        self.element_ids = element_ids
        page = self.page
        elements = [self.document.element(i) for i in element_ids]
        kinds = {element.kind for element in elements}
        if len(elements) == 1:
            element = elements[0]
            page.set_heading(element.kind.value, element.display_name, element.kind.label)
        else:
            kind_text = next(iter(kinds)).label.lower() + "s" if len(kinds) == 1 else "elements"
            page.set_heading(
                "step", f"{len(elements)} {kind_text}", "Changes apply to all of them."
            )
        shown = {
            name for name, spec in ELEMENT_FIELDS.items()
            if kinds <= spec.kinds and (len(elements) == 1 or spec.batch)
        }
        page.fields["lane_id"].set_choices([(lane.name, lane.id) for lane in self.document.lanes])
        # The choices that list the whole map only when their field shows: sorting every
        # element's name on each selection held up selecting all of 5,000 for a tenth of a second.
        if "target_id" in shown:
            selected = set(element_ids)
            targets = [("— none —", None)] + [
                (e.display_name, e.id)
                for e in sorted(self.document.elements(), key=lambda e: e.display_name.lower())
                if e.kind.in_flow and e.id not in selected
            ]
            page.fields["target_id"].set_choices(targets)
        if shown & {"span_start", "span_end"}:
            for name in ("span_start", "span_end"):
                page.fields[name].set_choices(self._span_choices())
        for name, field in page.fields.items():
            spec = ELEMENT_FIELDS[name]
            visible = name in shown
            page.show_field(name, visible)
            if visible:
                values = {repr(field_value(element, spec)) for element in elements}
                field.set_value(field_value(elements[0], spec) if len(values) == 1 else MIXED)
        self.show_help(ELEMENT_FIELDS)
        if kinds == {ElementKind.KAIZEN} and len(elements) == 1:
            self._show_effect_baseline(elements[0].target_id)

    def _span_choices(self) -> list[str]:
        if self._spans is None:
            elements = self.document.elements()
            spans = span_names(elements)
            if DEFAULT_SPAN.casefold() not in {name.casefold() for name in spans}:
                spans.insert(0, DEFAULT_SPAN)
            self._spans = spans
            self._marked = {e.id for e in elements if _marks_a_span(e)}
        return self._spans

    def follow(self, event: ev.DocumentEvent) -> None:
        """The span names are read again only after an edit that may change them (an element
        that marks a span added, removed or changed): reading them from every element (in map
        order) was most of each refresh at 5,000 elements."""
        if isinstance(event, ev.ElementsAdded):
            document = self.document
            stale = any(document.has_element(i) and _marks_a_span(document.element(i))
                        for i in event.ids)
        elif isinstance(event, ev.ElementsRemoved):
            stale = not self._marked.isdisjoint(event.ids)
        elif isinstance(event, ev.ElementsChanged):
            stale = bool(event.fields & {"span_start", "span_end"})
        else:
            stale = isinstance(event, ev.DocumentReset)
        if stale:
            self._spans = None

    def _show_effect_baseline(self, target_id: str | None) -> None:
        """Empty effect fields read "unchanged (now 5 d)", so "wait 5 d -> 1 d" reads in place."""
        known = target_id is not None and self.document.has_element(target_id)
        target = self.document.element(target_id) if known else None
        effects = [spec for spec in ELEMENT_FIELDS.values() if spec.replaces]
        for spec in effects:
            editor = self.page.fields[spec.name].editor
            now = getattr(target, spec.replaces) if target and spec.replaces else None
            if now is None:
                editor.setPlaceholderText("unchanged" if target else "choose the target first")
            elif spec.unit is FieldUnit.PERCENT:
                editor.setPlaceholderText(f"unchanged (now {format_percent(now)})")
            else:
                editor.setPlaceholderText(
                    f"unchanged (now {format_duration_input(now, self.document.calendar)})"
                )

    # -- committing ------------------------------------------------------------------------

    def _element_phrase(self, ids: Sequence[str]) -> str:
        if len(ids) == 1:
            return f"'{self.document.element(ids[0]).display_name}'"
        return f"{len(ids)} elements"

    def _commit(self, name: str, value: Any) -> None:
        field = self.page.fields[name]
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

        self.push(field, build)

    def _y_in_lane(self, old_lane_id: str | None, new_lane_id: str, y: float) -> float:
        """Keep the element's offset within its band when it changes lane."""
        return y_in_lane(self.document, old_lane_id, new_lane_id, y)
