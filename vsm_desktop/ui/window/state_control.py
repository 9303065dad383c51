"""Map > states: show, add and delete future states, and the side-by-side comparison."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMenu

from ... import cycle_collector
from ..background import JobControl, LatestJobRunner
from ..dialogs import current_dialogs
from .workspace import fitted_to

if TYPE_CHECKING:
    from ..compare_scenes import ComparisonPlan
    from ..compare_view import CompareWindow
    from ..main_window import MainWindow

COMPARE_SETTLE_MS = 150  # quick edits inside this gap rebuild an open comparison once
TITLE_BAR = 32  # px a window manager adds above a window


class StateController:
    """Which state is on the canvas, and the comparison window that follows the edits."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.states = window.states
        self.compare_window: CompareWindow | None = None
        self._compared_state_id: str | None = None  # the future state the compare window shows
        self._compare_stale = False
        self._compare_labels = ("", "")
        # Several quick edits rebuild an open comparison once, after they settle.
        self.compare_settle = QTimer(window)
        self.compare_settle.setSingleShot(True)
        self.compare_settle.setInterval(COMPARE_SETTLE_MS)
        self.compare_settle.timeout.connect(self._refresh_compare_if_on_screen)
        # The comparison itself is worked out on a worker; a newer request overtakes it.
        self.compare_jobs = LatestJobRunner(window)
        self.compare_jobs.progress.connect(self._compare_progress)
        self.compare_jobs.finished.connect(self._compare_planned)
        self.compare_jobs.failed.connect(self._compare_failed)
        self.states.active_changed.connect(self._on_state_shown)
        self.states.states_changed.connect(self.schedule_compare_refresh)
        window.in_progress.track("the comparison", lambda: self.busy)

    def add_actions(self) -> None:
        actions = self.window.actions
        actions.add(
            "new_future",
            "New &Future State from Current",
            self.new_future_state,
            tip="Copy the current state into a future state to redesign; both stay in the file",
        )
        actions.add("delete_state", "&Delete This Future State", self.delete_future_state)
        actions.add(
            "compare",
            "&Compare with Current State…",
            self.compare_states,
            "Ctrl+Shift+M",
            tip="Both states side by side with the change in every figure",
        )

    def fill_show_menu(self, menu: QMenu) -> None:
        menu.clear()
        for index in range(self.states.count):
            action = menu.addAction(self.states.label(index))
            action.setCheckable(True)
            action.setChecked(index == self.states.index)
            action.triggered.connect(lambda _checked=False, i=index: self.show_state(i))

    def update_actions(self) -> None:
        actions = self.window.actions
        actions["delete_state"].setEnabled(self.states.is_future)
        actions["compare"].setEnabled(self.states.count > 1)

    # -- switching, adding, deleting -------------------------------------------------------

    def show_state(self, index: int) -> None:
        """Put another state on the canvas, keeping the zoom and the part of the map in view."""
        if index == self.states.index:
            return
        view = self.window.view
        view.setFocus()  # an open inline editor or inspector field commits first
        centre = view.mapToScene(view.viewport().rect().center())
        self.states.switch_to(index)
        view.centerOn(centre)

    def _on_state_shown(self, _index: int) -> None:
        """Edits, undo and redo now go to the shown state's own history (the undo group's)."""
        self.window.clear_inspector()
        self.update_actions()
        self.window.update_title()
        self.window.show_status(f"Showing the {self.states.label().lower()}", 4000)

    def new_future_state(self) -> bool:
        """Copy the current state into a new future state and show it."""
        try:
            index = self.states.add_future_state()
        except ValueError as error:
            current_dialogs().error(
                self.window, "Could not add a future state", str(error).capitalize() + "."
            )
            return False
        self.show_state(index)
        self.update_actions()
        self.window.update_title()
        self.window.show_status(
            "Future state created: redesign it here; the current state stays as it is", 8000
        )
        return True

    def delete_future_state(self) -> bool:
        if not self.states.is_future:
            return False
        label = self.states.label().lower()
        confirmed = current_dialogs().ask_confirm(
            self.window,
            f"Delete the {label}?",
            f"The {label} “{self.window.document.info.title}” and its changes leave the "
            "file when you save. The current state stays as it is.",
            f"Delete {label}",
        )
        if not confirmed:
            return False
        self.states.remove_state(self.states.index)
        self.update_actions()
        self.window.update_title()
        return True

    # -- comparing -------------------------------------------------------------------------

    def compare_states(self) -> bool:
        """Open (or bring forward) the side-by-side comparison of the current and a future state."""
        if self.states.count < 2:
            self.window.show_status(
                "There is no future state to compare yet: Map > New Future State from Current",
                8000,
            )
            return False
        from ..compare_view import CompareWindow

        if self.compare_window is None:
            self.compare_window = CompareWindow(self.window)
            self.compare_window.finished.connect(self._compare_closed)
            self.compare_window.future_picked.connect(self._compare_future_picked)
            self.compare_window.became_visible.connect(self._refresh_compare_if_stale)
            self.compare_window.cancel_requested.connect(self.cancel_compare)
            self.compare_window.update_requested.connect(self._refresh_compare)
            self._fit_compare_to_screen()
        # Opened from a future state, compare that one; from the current state, the last.
        shown = self.states.index if self.states.is_future else self.states.count - 1
        self._compared_state_id = self.states.state_id(shown)
        self._refresh_compare()
        self.compare_window.show()
        self.compare_window.raise_()
        self.compare_window.activateWindow()
        return True

    def _fit_compare_to_screen(self) -> None:
        """Centred on the screen, and on a laptop no larger than it (with its title bar)."""
        available = self.window.workspace.available_geometry()
        if available is not None and self.compare_window is not None:
            room = available.adjusted(0, TITLE_BAR, 0, 0)
            fitted = fitted_to(self.compare_window.geometry(), room)
            fitted.moveCenter(room.center())
            self.compare_window.setGeometry(fitted)

    def _compare_closed(self, _result: int = 0) -> None:
        self.compare_settle.stop()
        self.compare_jobs.cancel()
        window, self.compare_window = self.compare_window, None
        if window is not None:
            window.stop_building()
            window.deleteLater()

    @property
    def busy(self) -> bool:
        """Whether a comparison is waiting for edits to settle, computed or put on screen."""
        return (
            self.compare_settle.isActive()
            or self.compare_jobs.busy
            or (self.compare_window is not None and self.compare_window.building)
        )

    def cancel_compare(self) -> None:
        """Esc or Cancel: stop the comparison; the window says that it is not up to date."""
        self.compare_settle.stop()
        self.compare_jobs.cancel()
        if self.compare_window is not None:
            self.compare_window.show_out_of_date("Cancelled: not the states as they are now")

    def _compared_index(self) -> int:
        """The picked future state's index now; the last future state if it was deleted."""
        ids = [self.states.state_id(i) for i in range(1, self.states.count)]
        if self._compared_state_id in ids:
            return ids.index(self._compared_state_id) + 1
        return self.states.count - 1

    def _refresh_compare(self) -> None:
        """Compare the current state and the picked future state again, on the worker."""
        from ..compare_scenes import plan_comparison

        self.compare_settle.stop()
        self._compare_stale = False
        if self.compare_window is None or self.states.count < 2:
            return
        future = self._compared_index()
        self._compared_state_id = self.states.state_id(future)
        self.compare_window.set_future_choices(
            [(i, self.states.label(i)) for i in range(1, self.states.count)], future
        )
        self._compare_labels = (self.states.label(0), self.states.label(future))
        self.compare_window.set_labels(self._compare_labels)
        # The worker gets data the window no longer touches: snapshots or stored maps.
        current, future_state = (self.states.source_for_worker(i) for i in (0, future))
        shown = dict(self.compare_window.shown_maps)
        ladder_right = self.compare_window.ladder_rights()
        self.compare_window.stop_building()
        self.compare_window.show_working(0.0)

        def plan(control: JobControl) -> ComparisonPlan:
            with cycle_collector.paused():  # two maps' copies and figures at once, not garbage
                return plan_comparison(current, future_state, shown, control, ladder_right)

        self.compare_jobs.submit(plan)

    def _compare_progress(self, fraction: float) -> None:
        if self.compare_window is not None:
            self.compare_window.show_working(fraction)

    def _compare_planned(self, plan: ComparisonPlan) -> None:
        if self.compare_window is not None:
            self.compare_window.show_plan(plan, self._compare_labels)

    def _compare_failed(self, message: str) -> None:
        if self.compare_window is not None:
            self.compare_window.show_out_of_date(f"Could not compare the states: {message}")

    def _compare_future_picked(self, index: int) -> None:
        if 0 < index < self.states.count:
            self._compared_state_id = self.states.state_id(index)
            self._refresh_compare()

    def schedule_compare_refresh(self) -> None:
        """An edit or a new or deleted state: what is being compared is out of date, so stop
        it at once, and compare again once the edits settle."""
        if self.compare_window is None:
            return
        self.compare_jobs.cancel()
        self.compare_window.stop_building()
        self.compare_window.show_working(0.0)
        self.compare_settle.start()

    def _refresh_compare_if_on_screen(self) -> None:
        """A hidden or minimised comparison waits until it is shown again (became_visible)."""
        if self.compare_window is None:
            return
        if self.compare_window.is_on_screen():
            self._refresh_compare()
        else:
            self._compare_stale = True
            self.compare_window.show_out_of_date("Not up to date: updates when shown")

    def _refresh_compare_if_stale(self) -> None:
        if self._compare_stale:
            self._refresh_compare()
