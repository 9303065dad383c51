"""Current state and future state side by side: both maps, every figure, every changed element.

A non-modal window, so the room can keep it open beside the editor: it refreshes when the window
asks (after finished edits, while it is visible). With several future states a picker in the
header chooses which one is compared. Maps are drawn read-only; removed elements are outlined on
the current side, added and changed ones on the future side.

A refresh never holds the window up: the comparison comes from a worker (compare_scenes.py), the
scenes are built a slice at a time, and the header shows the progress with a Cancel button (or
Esc). What is on screen stays until the new comparison is complete, then changes at once.
"""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFrame,
    QGraphicsItem,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from .. import cycle_collector, theme
from ..analysis.compare import MapComparison
from ..analysis.formatting import change_text, delta_text, figure_text, is_improvement
from ..model import ValueStreamMap, format_duration
from .canvas.scene import MapScene
from .canvas.sketch import SketchPatches
from .compare_follow import follow_changes
from .compare_map_view import MARK_COLOURS, ReadOnlyMapView, mark_element
from .compare_scenes import (
    PLANNED_SHARE,
    SIDES,
    ComparisonPlan,
    scene_steps,
    step_count,
)
from .plain_text import plain_label, tooltip_text
from .sliced_steps import SlicedSteps

GROUP_TITLES = (("removed", "Removed"), ("added", "Added"), ("changed", "Changed"))

STYLE = f"""
QDialog#compareWindow {{ background: {theme.CANVAS_BACKGROUND}; }}
QLabel#compareTitle {{ color: {theme.INK}; font-size: 13pt; font-weight: bold; }}
QLabel#compareHeadline {{ color: {theme.INK}; font-size: 11pt; }}
QLabel#futurePickerLabel {{ color: {theme.INK_MUTED}; }}
QLabel#sideCaption {{
    color: {theme.INK}; font-weight: bold; padding: 4px 8px;
    background: {theme.LANE_HEADER_FILL}; border: 1px solid {theme.LANE_BORDER};
    border-bottom: none;
}}
QGraphicsView {{ border: 1px solid {theme.LANE_BORDER}; }}
QTableWidget, QTreeWidget {{
    background: #FFFFFF; border: 1px solid {theme.LANE_BORDER}; gridline-color: {theme.GRID};
}}
QHeaderView::section {{
    background: {theme.LANE_HEADER_FILL}; color: {theme.INK}; border: none;
    border-bottom: 1px solid {theme.LANE_BORDER}; padding: 3px 6px; font-weight: bold;
}}
"""


def _cell(text: str, align_right: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if align_right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


class CompareWindow(QDialog):
    """Both states, the change in every figure, and the element changes grouped by kind."""

    FIGURE_HEADERS = ["Figure", "Current", "Future", "Change"]

    future_picked = Signal(int)  # the state index of the future state to compare
    became_visible = Signal()  # shown again (or restored): a good moment to catch up
    refreshed = Signal()  # both maps, the figures and the changes were rebuilt
    cancel_requested = Signal()  # Esc or Cancel while a comparison is being built
    update_requested = Signal()  # Update, after a cancel or a failure

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("compareWindow")
        self.setWindowTitle("Compare current and future state")
        self.setStyleSheet(STYLE)
        self.setModal(False)
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.comparison: MapComparison | None = None
        self.scenes: dict[str, MapScene] = {}
        self.shown_maps: dict[str, ValueStreamMap] = {}  # the map each side shows
        self._marks: dict[str, list[QGraphicsItem]] = {}
        self._pending_marks: dict[str, list[QGraphicsItem]] = {}
        self._steps: SlicedSteps | None = None
        self._working = False

        self.title = plain_label()
        self.title.setObjectName("compareTitle")
        self.headline = QLabel()
        self.headline.setObjectName("compareHeadline")
        self.headline.setTextFormat(Qt.TextFormat.RichText)
        self.future_picker = QComboBox()
        self.future_picker.setToolTip("Which future state to compare with the current state")
        self.future_picker.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.future_picker.activated.connect(
            lambda row: self.future_picked.emit(self.future_picker.itemData(row))
        )
        self.future_picker_label = QLabel("Compare with:")
        self.future_picker_label.setObjectName("futurePickerLabel")
        self.future_picker_label.setBuddy(self.future_picker)

        self.views = {side: ReadOnlyMapView() for side in ("current", "future")}
        self.captions = {side: plain_label() for side in ("current", "future")}
        maps = QSplitter(Qt.Orientation.Horizontal)
        for side in ("current", "future"):
            self.captions[side].setObjectName("sideCaption")
            self.views[side].setToolTip("Drag to pan, Ctrl+wheel to zoom, double-click to fit")
            pane = QWidget()
            pane_layout = QVBoxLayout(pane)
            pane_layout.setContentsMargins(0, 0, 0, 0)
            pane_layout.setSpacing(0)
            pane_layout.addWidget(self.captions[side])
            pane_layout.addWidget(self.views[side], 1)
            maps.addWidget(pane)

        self.figure_table = QTableWidget(0, len(self.FIGURE_HEADERS))
        self.figure_table.setHorizontalHeaderLabels(self.FIGURE_HEADERS)
        self.figure_table.verticalHeader().hide()
        self.figure_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.figure_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.figure_table.setShowGrid(False)
        self.figure_table.setAlternatingRowColors(True)
        self.figure_table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.figure_table.verticalHeader().setDefaultSectionSize(24)
        header = self.figure_table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)

        self.element_tree = QTreeWidget()
        self.element_tree.setHeaderLabels(["Element", "What changed"])
        self.element_tree.setRootIsDecorated(True)
        self.element_tree.setAlternatingRowColors(True)
        self.element_tree.setWordWrap(True)
        self.element_tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.element_tree.header().setStretchLastSection(True)
        self.element_tree.setColumnWidth(0, 260)

        details = QSplitter(Qt.Orientation.Horizontal)
        details.addWidget(self.figure_table)
        details.addWidget(self.element_tree)
        details.setStretchFactor(0, 2)
        details.setStretchFactor(1, 3)

        body = QSplitter(Qt.Orientation.Vertical)
        body.addWidget(maps)
        body.addWidget(details)
        body.setStretchFactor(0, 3)
        body.setStretchFactor(1, 2)
        body.setChildrenCollapsible(False)

        # While a comparison is computed: how far it got, and a way to stop it.
        self.progress_label = plain_label()
        self.progress_label.setObjectName("compareProgress")
        self.progress_bar = QProgressBar()
        self.progress_bar.setRange(0, 100)
        self.progress_bar.setTextVisible(False)
        self.progress_bar.setFixedWidth(180)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self._cancel_or_update)
        self.progress_row = QWidget()
        progress_layout = QHBoxLayout(self.progress_row)
        progress_layout.setContentsMargins(0, 0, 0, 0)
        progress_layout.addWidget(self.progress_label)
        progress_layout.addWidget(self.progress_bar)
        progress_layout.addWidget(self.cancel_button)
        self.progress_row.hide()

        rule = QFrame()
        rule.setFrameShape(QFrame.Shape.HLine)
        rule.setStyleSheet(f"color: {theme.LANE_BORDER};")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 12)
        layout.setSpacing(6)
        heading = QHBoxLayout()
        heading.setSpacing(8)
        heading.addWidget(self.title)
        heading.addSpacing(16)
        heading.addWidget(self.future_picker_label)
        heading.addWidget(self.future_picker)
        heading.addStretch(1)
        heading.addWidget(self.progress_row)
        heading.addSpacing(12)
        heading.addWidget(self.headline)
        layout.addLayout(heading)
        layout.addWidget(rule)
        layout.addWidget(body, 1)
        self.resize(1320, 860)

    # -- filling ------------------------------------------------------------------------------

    def set_future_choices(self, choices: list[tuple[int, str]], selected: int) -> None:
        """The future states to pick from as (state index, tab label); shown with two or more."""
        picker = self.future_picker
        picker.blockSignals(True)
        picker.clear()
        for index, label in choices:
            picker.addItem(label, index)
        picker.setCurrentIndex(max(0, picker.findData(selected)))
        picker.blockSignals(False)
        several = len(choices) > 1
        picker.setVisible(several)
        self.future_picker_label.setVisible(several)

    def pick_future(self, label: str) -> None:
        """Choose a future state by its label, as the user does with the picker."""
        row = self.future_picker.findText(label)
        if row < 0:
            raise KeyError(label)
        self.future_picker.setCurrentIndex(row)
        self.future_picker.activated.emit(row)

    # -- rebuilding, a slice at a time ----------------------------------------------------------

    @property
    def building(self) -> bool:
        """Whether a comparison is being computed or put on screen (the progress row shows)."""
        return self._working

    def set_labels(self, labels: tuple[str, str]) -> None:
        """Which states are compared, shown at once (the figures follow when ready)."""
        self.title.setText(f"{labels[0]}  →  {labels[1]}")
        for side, label in zip(SIDES, labels, strict=True):
            if side not in self.scenes:  # nothing drawn yet: name the side meanwhile
                self.captions[side].setText(label)

    def show_working(self, fraction: float) -> None:
        """The worker's progress: the comparison on screen stays until the new one is ready."""
        self._working = True
        self.progress_label.setText("Comparing the states…")
        self.progress_bar.setValue(round(max(0.0, min(1.0, fraction)) * 100))
        self.cancel_button.setText("Cancel")
        self.cancel_button.setToolTip("Stop (Esc); what is shown stays as it was")
        self.progress_row.show()

    def show_out_of_date(self, reason: str) -> None:
        """Cancelled or failed: say that what is shown is not the maps as they are now."""
        self.stop_building()
        self._working = False
        self.progress_label.setText(reason)
        self.cancel_button.setText("Update")
        self.cancel_button.setToolTip("Compare the states as they are now")
        self.progress_row.show()

    def ladder_rights(self) -> dict[str, float]:
        """Where each side's ladder ends now: a worker lays out a followed side's ladder there."""
        return {side: scene.ladder_right for side, scene in self.scenes.items()}

    def stop_building(self) -> None:
        if self._steps is not None:
            self._steps.cancel()
            self._steps = None
        for items in self._pending_marks.values():  # marks half drawn on a scene on screen
            for item in items:
                if item.scene() is not None:
                    item.scene().removeItem(item)
        self._pending_marks.clear()

    def show_plan(self, plan: ComparisonPlan, labels: tuple[str, str]) -> None:
        """Build what the plan needs a slice at a time, then show it all at once."""
        self.stop_building()
        self.show_working(PLANNED_SHARE)
        scenes: dict[str, MapScene] = {}
        patches: dict[str, SketchPatches] = {}  # of the scenes built anew
        steps = SlicedSteps(self._plan_steps(plan, scenes, patches), step_count(plan), self)
        steps.progress.connect(
            lambda share: self.show_working(PLANNED_SHARE + (1 - PLANNED_SHARE) * share)
        )
        steps.done.connect(lambda: self._show_built(plan, scenes, patches, labels))
        self._steps = steps
        steps.start()

    def _plan_steps(
        self,
        plan: ComparisonPlan,
        scenes: dict[str, MapScene],
        patches: dict[str, SketchPatches],
    ) -> Iterator[None]:
        for side, side_plan in plan.sides.items():
            scene, changes = self.scenes.get(side), side_plan.changes
            keeps = not side_plan.rebuild and changes is None
            # Changes worked out from the map the side shows (not from one it showed before).
            follows = changes is not None and self.shown_maps.get(side) is side_plan.base
            if scene is not None and changes is not None and follows:
                # At once, in one step: the scene on screen shows the new map from here on
                # (a cancel leaves it so, and the next comparison starts from it).
                follow_changes(scene, changes, side_plan.analysis, side_plan.ladder)
                self.shown_maps[side] = side_plan.value_stream_map
                self.views[side].map_changed(changes.element_ids())
                scenes[side] = scene
                yield
            elif scene is not None and keeps:
                scenes[side] = scene
            else:
                scenes[side], patches[side] = yield from scene_steps(side_plan)
            marks: list[QGraphicsItem] = []
            self._pending_marks[side] = marks
            for status, ids in side_plan.marks.items():
                for element_id in ids:
                    marks.extend(mark_element(scenes[side], status, element_id))
                    yield

    def _show_built(
        self,
        plan: ComparisonPlan,
        scenes: dict[str, MapScene],
        patches: dict[str, SketchPatches],
        labels: tuple[str, str],
    ) -> None:
        self._steps = None
        comparison = plan.comparison
        self.comparison = comparison
        calendar = comparison.current.calendar
        self.set_labels(labels)
        lead = comparison.figure("lead_time")
        better = is_improvement(lead)
        colour = {True: theme.CHANGE_BETTER, False: theme.CHANGE_WORSE}.get(better, theme.INK)
        self.headline.setText(
            f"Lead time {figure_text(lead.before, 'hours', calendar)} → "
            f"{figure_text(lead.after, 'hours', calendar)}: "
            f"<b style='color:{colour}'>{delta_text(lead, calendar)}</b>"
        )
        for index, side in enumerate(SIDES):
            side_plan, scene = plan.sides[side], scenes[side]
            old_scene = self.scenes.get(side)
            marks = self._pending_marks.pop(side)
            if old_scene is scene:  # kept or followed: only its marks were drawn again
                old_marks = self._marks.get(side, [])
                for item in old_marks:
                    scene.removeItem(item)
                self.views[side].forget_marks(old_marks)
                self.views[side].include(marks)
            else:
                self.scenes[side] = scene
                self.views[side].show_map(scene, marks, patches[side])
                if old_scene is not None:
                    old_scene.deleteLater()
            self._marks[side] = marks
            self.shown_maps[side] = side_plan.value_stream_map
            state_map = side_plan.value_stream_map
            lead_text = format_duration(side_plan.analysis.lead_time, state_map.calendar)
            self.captions[side].setText(f"{labels[index]} — lead time {lead_text}")
            self.captions[side].setToolTip(tooltip_text(state_map.info.title))
        self._show_figures(comparison)
        self._show_elements(comparison)
        self.progress_row.hide()
        self._working = False
        # The comparison on screen (both maps, their figures) stays until the next one: kept
        # out of the cycle collector's sweeps, as the window's own map is once shown
        # (cycle_collector.py). A full collection walked it at every edit, 0.6 s at load 10.
        cycle_collector.settle_long_lived()
        self.refreshed.emit()

    def _show_figures(self, comparison: MapComparison) -> None:
        calendar = comparison.current.calendar
        table = self.figure_table
        table.setRowCount(len(comparison.figures))
        bold = QFont()
        bold.setBold(True)
        for row, figure in enumerate(comparison.figures):
            change = _cell(delta_text(figure, calendar), align_right=True)
            better = is_improvement(figure)
            if better is not None:
                change.setForeground(QColor(theme.CHANGE_BETTER if better else theme.CHANGE_WORSE))
                change.setFont(bold)
                change.setToolTip("An improvement" if better else "Worse than today")
            else:
                change.setForeground(QColor(theme.INK_MUTED))
            cells = [
                _cell(figure.label),
                _cell(figure_text(figure.before, figure.unit, calendar), align_right=True),
                _cell(figure_text(figure.after, figure.unit, calendar), align_right=True),
                change,
            ]
            if figure.key == "lead_time":
                for cell in cells:
                    cell.setFont(bold)
            for column, cell in enumerate(cells):
                table.setItem(row, column, cell)
        table.resizeColumnsToContents()

    def _show_elements(self, comparison: MapComparison) -> None:
        calendar = comparison.current.calendar
        tree = self.element_tree
        tree.clear()
        for status, title in GROUP_TITLES:
            changes = comparison.by_status(status)
            group = QTreeWidgetItem([f"{title} ({len(changes)})", ""])
            font = group.font(0)
            font.setBold(True)
            group.setFont(0, font)
            group.setForeground(0, QColor(MARK_COLOURS[status][0]))
            group.setData(0, Qt.ItemDataRole.UserRole, status)
            tree.addTopLevelItem(group)
            for change in changes:
                detail = "; ".join(
                    change_text(field, old, new, calendar)
                    for field, (old, new) in change.changes.items()
                )
                if not detail:
                    detail = change.kind.label + (
                        " — not in the future state"
                        if status == "removed"
                        else " — new in the future state"
                    )
                child = QTreeWidgetItem([change.name, detail])
                child.setToolTip(0, tooltip_text(change.name))
                child.setToolTip(1, tooltip_text(detail))
                child.setData(0, Qt.ItemDataRole.UserRole, change.element_id)
                group.addChild(child)
            group.setExpanded(True)
            if not changes:
                group.setText(1, "none")
                group.setForeground(1, QColor(theme.INK_MUTED))

    def _cancel_or_update(self) -> None:
        if self.building:
            self.cancel_requested.emit()
        else:
            self.update_requested.emit()

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt override)
        if event.key() == Qt.Key.Key_Escape and self.building:
            self.cancel_requested.emit()  # Esc stops the comparison; a second Esc closes
            event.accept()
            return
        super().keyPressEvent(event)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        self.became_visible.emit()

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().changeEvent(event)
        if event.type() == QEvent.Type.WindowStateChange and not self.isMinimized():
            self.became_visible.emit()

    def is_on_screen(self) -> bool:
        """Visible and not minimised: only then is a rebuild worth its cost."""
        return self.isVisible() and not self.isMinimized()

    # -- access for tests ---------------------------------------------------------------------

    def figure_row(self, label: str) -> list[str]:
        table = self.figure_table
        for row in range(table.rowCount()):
            if table.item(row, 0).text() == label:
                return [table.item(row, c).text() for c in range(table.columnCount())]
        raise KeyError(label)

    def element_group(self, status: str) -> list[tuple[str, str]]:
        tree = self.element_tree
        for index in range(tree.topLevelItemCount()):
            group = tree.topLevelItem(index)
            if group.data(0, Qt.ItemDataRole.UserRole) == status:
                return [
                    (group.child(i).text(0), group.child(i).text(1))
                    for i in range(group.childCount())
                ]
        raise KeyError(status)


__all__ = ["CompareWindow", "ReadOnlyMapView", "mark_element"]
