"""A map too long to show its steps in the compare window's fitted views is sketched there, and
its change marks still show; a map that fits is drawn item by item as before."""

from __future__ import annotations

from PySide6.QtGui import QColor

from vsm_desktop import theme
from vsm_desktop.model import Connection, Element, Lane, MapInfo, ValueStreamMap

from .test_compare_states import open_compare
from .test_states import cut_wait

STEPS = 300  # in one row: about 70,000 px, which a pane a few hundred px wide shows sketched


def long_row() -> ValueStreamMap:
    lane = Lane(id="team", name="Team")
    steps = [
        Element(id=f"s{n}", name=f"Step {n}", lane_id=lane.id, x=280 + 230 * n, y=100,
                process_time=1, wait_time=2)
        for n in range(STEPS)
    ]
    flows = [
        Connection(id=f"c{n}", source_id=f"s{n}", target_id=f"s{n + 1}") for n in range(STEPS - 1)
    ]
    return ValueStreamMap(info=MapInfo(title="Long row"), lanes=[lane], elements=steps,
                          connections=flows)


def pixels_of(image, colour: str) -> int:
    wanted = QColor(colour).rgb()
    return sum(
        1
        for y in range(image.height())
        for x in range(image.width())
        if image.pixel(x, y) == wanted
    )


def open_compare_with_one_change(qtbot, window, value_stream_map, element_id):
    window.files.set_map(value_stream_map, None)
    window.state_control.new_future_state()
    cut_wait(window, element_id, 1)
    return open_compare(qtbot, window)


def test_a_long_map_is_sketched_and_its_change_mark_shows(qtbot, window):
    compare = open_compare_with_one_change(qtbot, window, long_row(), "s150")
    future = compare.views["future"]
    assert compare.element_group("changed") == [("Step 150", "wait 2 h → 1 h")]

    assert future.sketching and compare.views["current"].sketching
    # The changed step is a fraction of a pixel wide at this scale; its mark is drawn big
    # enough to find, in the colour of a change, in the middle of the row.
    image = future.viewport().grab().toImage()
    marked = [
        x
        for y in range(image.height())
        for x in range(image.width())
        if image.pixel(x, y) == QColor(theme.CHANGE_MODIFIED).rgb()
    ]
    assert len(marked) >= 16
    middle = image.width() / 2
    assert all(abs(x - middle) < image.width() / 8 for x in marked)
    # The sketch shows the row itself: step patches in the step colour.
    step_colour = window.view.scene().canvas_style.kind_border[
        window.document.element("s0").kind
    ].color().name()
    assert pixels_of(image, step_colour) > 0
    assert pixels_of(compare.views["current"].viewport().grab().toImage(),
                     theme.CHANGE_MODIFIED) == 0  # nothing changed is marked on the current side


def test_a_map_that_fits_is_drawn_item_by_item(qtbot, window):
    from .conftest import two_team_map

    compare = open_compare_with_one_change(qtbot, window, two_team_map(), "build")

    assert not compare.views["future"].sketching


def test_a_followed_edit_sketches_its_elements_where_they_are_now(qtbot):
    from vsm_desktop.analysis import analyze
    from vsm_desktop.ui.canvas.image_export import build_scene_for_export
    from vsm_desktop.ui.canvas.sketch import SketchPatches
    from vsm_desktop.ui.compare_follow import follow_changes, map_changes

    shown = long_row()
    scene = build_scene_for_export(shown, analyze(shown))
    patches = SketchPatches(scene)
    patches.by_kind()  # sketched once
    new = shown.model_copy(deep=True)
    moved = new.elements[10]
    moved.x += 115
    new.connections = [c for c in new.connections if "s200" not in (c.source_id, c.target_id)]
    new.elements = [e for e in new.elements if e.id != "s200"]
    new.elements.append(moved.model_copy(update={"id": "extra", "x": moved.x + 60000}))
    changes = map_changes(shown, new)

    follow_changes(scene, changes, analyze(new), None)
    patches.follow(changes.element_ids())

    def rects(by_kind):
        return {kind: sorted(r.getRect() for r in found) for kind, found in by_kind.items()}

    assert rects(patches.by_kind()) == rects(SketchPatches(scene).by_kind())
    assert sum(len(found) for found in patches.by_kind().values()) == STEPS
