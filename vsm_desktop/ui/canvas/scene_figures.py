"""What the scene shows of the flow figures: the critical path and the constraint's badge (the
items read them from the scene), the findings on hover, the lead-time ladder under the lanes and
the criticality layers. A part of MapScene, kept apart so the scene's own module stays about
building and following the map's items."""

from __future__ import annotations

from types import EllipsisType
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtWidgets import QToolTip

from vsm_desktop.analysis.constraint import Constraint, find_constraint, joined_names
from vsm_desktop.analysis.result import Finding, FlowAnalysis
from vsm_desktop.model.units import format_duration

from ..plain_text import tooltip_text
from .items import ConnectionItem, ElementItem
from .items.ladder import LaidOutLadder
from .style import LADDER_GAP

if TYPE_CHECKING:
    from vsm_desktop.model import MapDocument

    from .items import LadderItem
    from .items.criticality import CriticalityLayer


class SceneFigures:
    """Mixed into MapScene (before QGraphicsScene, so helpEvent is its override). It calls back
    the scene's _measure_map, _place_ladder and lanes_bottom, and Qt's items and update."""

    # Set by MapScene.__init__; the items read the first ones while they paint.
    document: MapDocument
    analysis: FlowAnalysis | None
    critical_ids: frozenset[str]
    critical_connection_ids: frozenset[str]
    constraint: Constraint | None
    constraint_ids: frozenset[str]
    findings_by_element: dict[str, list[Finding]]
    critical_path_visible: bool
    wait_shading: bool
    criticality_visible: bool
    ladder_wanted: bool
    band_width: float
    _ladder: LadderItem
    _laid_out_ladder: LaidOutLadder | None
    _criticality_layers: tuple[CriticalityLayer, CriticalityLayer]
    _extent_stale: bool

    def set_analysis(
        self,
        analysis: FlowAnalysis | None,
        ladder: LaidOutLadder | None = None,
        constraint: Constraint | None | EllipsisType = ...,
    ) -> None:
        """ladder: the analysis's ladder as a worker laid it out for the map's width then;
        constraint: the analysis's constraint as a worker found it (... : find it here)."""
        self._take_analysis(analysis, constraint)
        self._laid_out_ladder = ladder
        try:
            if self._extent_stale:  # an edit has not finished yet: measure the map too
                self._measure_map()
            self._place_ladder()
        finally:
            self._laid_out_ladder = None
        self.update()

    def _take_analysis(
        self, analysis: FlowAnalysis | None, constraint: Constraint | None | EllipsisType = ...
    ) -> None:
        """What the items read of the analysis: critical path, constraint, findings."""
        self.analysis = analysis
        self.findings_by_element = {}
        for finding in analysis.findings if analysis else ():
            for element_id in finding.element_ids:
                self.findings_by_element.setdefault(element_id, []).append(finding)
        # Every zero-slack element is critical, a branch tied with the traced path too.
        self.critical_ids = analysis.critical_elements if analysis else frozenset()
        if constraint is ...:  # reading the whole map: 10-40 ms at 5,000 elements
            constraint = find_constraint(self.document, analysis) if analysis else None
        self.constraint = constraint
        self.constraint_ids = frozenset(self.constraint.element_ids if self.constraint else ())
        self.critical_connection_ids = (
            frozenset(analysis.critical_connections) if analysis else frozenset()
        )

    @property
    def ladder_right(self) -> float:
        """Where the ladder's rungs end: a worker lays the ladder out to this edge."""
        return self.band_width - 200

    def _ladder_top(self) -> float:
        return self.lanes_bottom() + LADDER_GAP

    def _keep_ladder(self) -> None:
        """The map was measured again (an edit, a new style): the ladder keeps the rungs of
        the analysis it was laid out with and moves under the lanes; set_analysis lays it out
        again, once, for the map's new figures. A ladder with no rungs has nothing to keep: it
        is laid out now (a scene built in steps has its analysis before its elements)."""
        if self.analysis is None or self._ladder.geometry is None:
            self._rebuild_ladder()
        else:
            self._ladder.set_top(self._ladder_top())

    def _rebuild_ladder(self) -> None:
        top = self._ladder_top()
        right = self.ladder_right
        laid_out = self._laid_out_ladder
        self._ladder.rebuild(self.analysis, top, right,
                             laid_out if laid_out and laid_out.right == right else None)
        self._show_ladder()

    def _show_ladder(self) -> None:
        self._ladder.setVisible(
            self.ladder_wanted
            and self.analysis is not None
            and bool(self.analysis.critical_path)
        )

    def tool_tip_at(self, scene_pos: QPointF) -> str:
        """What hovering explains: the findings about an element, an arrow's full label."""
        for item in self.items(scene_pos):
            if isinstance(item, ElementItem):
                findings = self.findings_by_element.get(item.element_id, [])
                lines = [_shortened(f.message) for f in findings]
                return "\n".join(filter(None, [self._constraint_note(item.element_id), *lines]))
            if isinstance(item, ConnectionItem):
                return item.full_label
        return ""

    def _constraint_note(self, element_id: str) -> str:
        """A tie for the constraint: every tied element wears the badge, and says with whom."""
        constraint = self.constraint
        if constraint is None or not constraint.is_tie or element_id not in self.constraint_ids:
            return ""
        wait = format_duration(constraint.wait_hours, self.document.calendar)
        others = [name for other, name in zip(constraint.element_ids, constraint.names,
                                              strict=True) if other != element_id]  # fmt: skip
        return (f"Constraint, tied with {joined_names(others)}: they share the longest wait on the "
                f"critical path ({wait} each).")

    def helpEvent(self, event) -> None:
        # Tooltips are worked out on hover rather than stored on every item after each analysis.
        text = self.tool_tip_at(event.scenePos())
        if text:  # names are map text: shown literally, never as HTML
            QToolTip.showText(event.screenPos(), tooltip_text(text), event.widget())
        else:
            QToolTip.hideText()
        event.accept()

    def set_ladder_wanted(self, on: bool) -> None:
        """Presenting, the key figures above the map say what the ladder adds up to."""
        self.ladder_wanted = on
        self._show_ladder()

    def ladder_rect(self) -> QRectF:
        return self._ladder.sceneBoundingRect()

    def set_critical_path_visible(self, visible: bool) -> None:
        self.critical_path_visible = visible
        self.update()

    def set_wait_shading(self, enabled: bool) -> None:
        self.wait_shading = enabled
        self.update()

    def set_criticality(self, shares: dict[str, float] | None) -> None:
        """Each element's share of simulated runs on the critical path; None without ranges."""
        for layer in self._criticality_layers:
            layer.set_shares(shares or {}, self.sceneRect())
            layer.setVisible(self.criticality_visible and bool(shares))

    def set_criticality_visible(self, visible: bool) -> None:
        self.criticality_visible = visible
        for layer in self._criticality_layers:
            layer.setVisible(visible and layer.has_shares)


def _shortened(message: str, limit: int = 280) -> str:
    """Findings may list every element concerned; a tooltip shows the start of the list."""
    return message if len(message) <= limit else message[: limit - 1].rstrip() + "…"
