"""Every element tied for the constraint wears the canvas badge and says with whom it is tied."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QColor

from tests.export.report_maps import tied_constraint_map
from vsm_desktop import theme
from vsm_desktop.analysis import analyze
from vsm_desktop.model import ValueStreamMap


def _tied_map() -> ValueStreamMap:
    """Intake and Review share the longest wait; Review's name looks like HTML."""
    return tied_constraint_map(review_name="Review <b>&</b>")


def _badge_pixels(view, element_id: str) -> int:
    """Pixels of the constraint colour in a strip just above the element's top border at the
    right, where the badge sticks out (the critical outline stays on the border)."""
    outline = view.scene().element_item(element_id).outline_rect()
    corner = view.mapFromScene(outline.topRight())
    strip = QRect(corner.x() - 80, corner.y() - 8, 80, 6)
    image = view.viewport().grab(strip).toImage()
    wanted = QColor(theme.CRITICAL_PATH).rgb()
    return sum(
        image.pixel(x, y) == wanted for x in range(image.width()) for y in range(image.height())
    )


def test_every_tied_element_wears_the_badge_and_names_the_others(open_canvas, qtbot):
    view, document, _ = open_canvas(_tied_map(), (500, 120))
    view.set_analysis(analyze(document))
    scene = view.scene()
    qtbot.waitUntil(lambda: _badge_pixels(view, "a") > 20)
    assert _badge_pixels(view, "b") > 20  # tied: badged too
    assert _badge_pixels(view, "c") == 0  # a shorter wait: no badge

    centre = scene.element_item("a").sceneBoundingRect().center()
    assert scene.tool_tip_at(centre).startswith(
        "Constraint, tied with Review <b>&</b>: they share the longest wait on the critical path"
    )
    review = scene.element_item("b").sceneBoundingRect().center()
    assert scene.tool_tip_at(review).startswith("Constraint, tied with Intake:")
    assert scene.tool_tip_at(scene.element_item("c").sceneBoundingRect().center()) == ""
