"""The canvas's own commands as shared actions: the window's menus and the context menus show
these same objects, so each command has one label, one shortcut and one enabled state."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from ..actions import ActionRegistry
from ..palette import shortcut_for

if TYPE_CHECKING:
    from .view import MapView

ALIGN_EDGES = (
    ("left", "Left Edges"),
    ("hcenter", "Horizontal Centres"),
    ("right", "Right Edges"),
    ("top", "Top Edges"),
    ("vcenter", "Vertical Centres"),
    ("bottom", "Bottom Edges"),
)
DISTRIBUTE_AXES = (("horizontal", "Horizontally"), ("vertical", "Vertically"))


def build_canvas_actions(view: MapView) -> ActionRegistry:
    """Edit, arrange and zoom commands acting on the view's selection."""
    key = QKeySequence.StandardKey
    actions = ActionRegistry(view)
    cut = actions.add("cut", "Cu&t", view.copy_paste.cut_selection, key.Cut)
    # Some platforms also cut with Shift+Delete; here it deletes without joining the flow.
    without_joining = QKeySequence("Shift+Delete")
    cut.setShortcuts([k for k in cut.shortcuts() if k != without_joining])
    actions.add("copy", "&Copy", view.copy_paste.copy_selection, key.Copy)
    actions.add("paste", "&Paste", view.copy_paste.paste, key.Paste)
    actions.add("duplicate", "D&uplicate", view.copy_paste.duplicate_selection, "Ctrl+D")
    actions.add(
        "delete",
        "&Delete",
        view.delete_selection,
        [QKeySequence(key.Delete), QKeySequence("Backspace")],
    )
    actions.add(
        "delete_without_joining",
        "Delete &Without Joining",
        view.delete_without_joining,
        "Shift+Delete",
        tip="Delete and leave a gap in the flow (Delete joins what came before to what follows)",
    )
    actions.add("select_all", "Select &All", view.select_all, key.SelectAll)
    actions.add("rename", "&Rename", view.rename_selected, "F2")
    actions.add(
        "connect",
        "Co&nnect Selected",
        view.inserting.connect_selected,
        "Ctrl+K",
        tip="Add a handover between two selected elements, in selection order",
    )
    actions.add(
        "handover_from_selection",
        "Handover from Selection",
        view.start_handover_from_selection,
        shortcut_for("handover"),
        "handover",
        "Draw a handover from the selected element: click the element the work goes to",
    )
    add_next = view.inserting.add_next_step
    next_step = actions.add("add_next_step", "Add &Next Step", add_next, "Return")
    # Return belongs to whatever has focus (a line edit commits with it); the view handles the
    # key itself, and the action only shows it as a hint in the context menu.
    next_step.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
    for edge, text in ALIGN_EDGES:
        actions.add(f"align.{edge}", text, lambda e=edge: view.edits.align_selection(e))
    for axis, text in DISTRIBUTE_AXES:
        actions.add(f"distribute.{axis}", text, lambda a=axis: view.edits.distribute_selection(a))
    actions.add(
        "auto_layout",
        "Auto &Layout",
        view.edits.auto_layout,
        "Ctrl+Shift+L",
        "layout",
        "Arrange the map left to right along the flow (one undo step)",
    )
    # Ctrl+= too: on most keyboards "+" needs Shift, and people press Ctrl and "=" for it.
    zoom_in_keys = [*QKeySequence.keyBindings(key.ZoomIn), QKeySequence("Ctrl+=")]
    actions.add("zoom_in", "Zoom &In", view.zoom_in, zoom_in_keys, "zoom_in")
    actions.add("zoom_out", "Zoom &Out", view.zoom_out, key.ZoomOut, "zoom_out")
    actions.add("fit", "&Fit Map", view.zoom_to_fit, "Ctrl+Shift+F", "fit", "Show the whole map")
    actions.add("reset_zoom", "&Actual Size (100%)", view.reset_zoom, "Ctrl+0")
    return actions


def update_enabled(actions: ActionRegistry, element_count: int, has_selection: bool,
                   lane_picked: bool = False) -> None:  # fmt: skip
    """What the selection allows: copying needs elements, connecting exactly two; a picked
    lane (its header clicked, nothing else selected) can be deleted and renamed."""
    for name in ("cut", "copy", "duplicate"):
        actions[name].setEnabled(element_count > 0)
    actions["delete"].setEnabled(has_selection or lane_picked)
    actions["delete_without_joining"].setEnabled(has_selection)
    actions["rename"].setEnabled(element_count == 1 or (lane_picked and not has_selection))
    actions["add_next_step"].setEnabled(element_count == 1)
    actions["connect"].setEnabled(element_count == 2)
    for action in (*actions.named("align.").values(), *actions.named("distribute.").values()):
        action.setEnabled(element_count >= 2)
