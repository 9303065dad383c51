"""Every element tied for the constraint wears the canvas badge and says with whom it is tied."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QColor

from vsm_desktop import theme
from vsm_desktop.analysis import analyze
from vsm_desktop.model import Connection, Element, ElementKind, ValueStreamMap


def _tied_map() -> ValueStreamMap:
    """start -> Intake (wait 8 h) -> Review (wait 8 h) -> Deploy (wait 2 h) -> end: Intake
    and Review share the longest wait on the critical path."""
    elements = [
        Element(id="s", kind=ElementKind.START, x=100, y=100),
        Element(id="a", name="Intake", x=300, y=100, process_time=1, wait_time=8, pca=100),
        Element(id="b", name="Review <b>&</b>", x=500, y=100, process_time=1, wait_time=8, pca=100),
        Element(id="c", name="Deploy", x=700, y=100, process_time=1, wait_time=2, pca=100),
        Element(id="e", kind=ElementKind.END, x=900, y=100),
    ]
    ids = [e.id for e in elements]
    flow = [Connection(source_id=s, target_id=t) for s, t in zip(ids, ids[1:], strict=False)]
    return ValueStreamMap(elements=elements, connections=flow)


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
