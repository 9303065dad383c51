"""The visual language shared by the canvas and the PDF: colours as hex strings, no Qt.

One palette so that the report leadership reads looks like the map the room drew. Colours are
never taken from file data.
"""

from __future__ import annotations

from .model.elements import ElementKind

# Neutral frame: calm slate greys with one strong accent for the critical path.
INK = "#1F2933"  # text and outlines
INK_MUTED = "#52606D"  # secondary text, data box labels
GRID = "#E4E7EB"
CANVAS_BACKGROUND = "#F7F8FA"
LANE_FILL_EVEN = "#FFFFFF"
LANE_FILL_ODD = "#F2F4F7"
LANE_HEADER_FILL = "#E6EAF0"
LANE_BORDER = "#CBD2D9"
SELECTION = "#2F80ED"

CRITICAL_PATH = "#D64545"  # the longest path from request to value
FLOW_ARROW = "#3E4C59"
REWORK_ARROW = "#C65D00"  # curved and orange: work sent back
INFORMATION_ARROW = "#7B8794"  # dashed: information, never timed

# Fill and border per kind of element.
KIND_FILL = {
    ElementKind.STEP: "#FFFFFF",
    ElementKind.APPROVAL: "#FFF7E0",
    ElementKind.QUEUE: "#FDE8E8",
    ElementKind.START: "#E3F2FD",
    ElementKind.END: "#E3F8EC",
    ElementKind.KAIZEN: "#FFE066",
    ElementKind.NOTE: "#FFF3B0",
}
KIND_BORDER = {
    ElementKind.STEP: "#3E4C59",
    ElementKind.APPROVAL: "#B7791F",
    ElementKind.QUEUE: "#C53030",
    ElementKind.START: "#2B6CB0",
    ElementKind.END: "#2F855A",
    ElementKind.KAIZEN: "#D69E2E",
    ElementKind.NOTE: "#D4B106",
}
DATA_BOX_FILL = "#F5F7FA"

# Waits shaded by size so the worst queues stand out: light to deep red by share of the largest.
WAIT_SHADES = ("#FFF5F5", "#FED7D7", "#FEB2B2", "#FC8181", "#E53E3E")


def wait_shade(wait_hours: float, largest_wait_hours: float) -> str:
    """The shade for a wait, by its share of the largest wait on the map."""
    if largest_wait_hours <= 0 or wait_hours <= 0:
        return WAIT_SHADES[0]
    share = min(1.0, wait_hours / largest_wait_hours)
    return WAIT_SHADES[min(len(WAIT_SHADES) - 1, int(share * len(WAIT_SHADES)))]


# Ladder (timeline) colours: waits on the upper rungs, process time on the lower.
LADDER_WAIT = "#C53030"
LADDER_PROCESS = "#2F855A"

UI_FONT_FAMILY = "DejaVu Sans"  # shipped in resources/fonts, so text measures the same everywhere

# Comparing map states: a change for the better, for the worse, and an element that changed.
CHANGE_BETTER = "#2F855A"
CHANGE_WORSE = "#C53030"
CHANGE_MODIFIED = "#B7791F"
CHANGE_BETTER_FILL = "#E3F8EC"
CHANGE_WORSE_FILL = "#FDE8E8"
CHANGE_MODIFIED_FILL = "#FFF7E0"
