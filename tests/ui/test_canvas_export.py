"""PNG and SVG pictures of the map, made without a window."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from PySide6.QtGui import QImage

from vsm_desktop.model import Connection, Element, ElementKind, Lane, ValueStreamMap
from vsm_desktop.ui.canvas.image_export import (
    ImageExportError,
    build_scene_for_export,
    render_png,
    render_svg,
)


def _map() -> ValueStreamMap:
    lane = Lane(id="l", name="Delivery")
    elements = [
        Element(id="s", kind=ElementKind.START, lane_id="l", x=280, y=100),
        Element(id="a", name="Build", lane_id="l", x=520, y=100, process_time=3),
    ]
    return ValueStreamMap(
        lanes=[lane], elements=elements, connections=[Connection(source_id="s", target_id="a")]
    )


def test_png_at_chosen_dpi_covers_the_map(qapp, tmp_path):
    scene = build_scene_for_export(_map())
    low = render_png(scene, tmp_path / "low.png", dpi=96)
    high = render_png(scene, tmp_path / "high.png", dpi=192)
    low_image, high_image = QImage(str(low)), QImage(str(high))
    assert not low_image.isNull() and not high_image.isNull()
    # Twice the dpi, twice the pixels each way (within rounding).
    assert abs(high_image.width() - 2 * low_image.width()) <= 2
    # At 96 dpi one pixel is one scene unit: the lane band (1400 wide at least) fits.
    assert low_image.width() >= 1400
    assert round(low_image.dotsPerMeterX() * 0.0254) == 96


def test_png_leaves_out_the_selection(qapp, tmp_path):
    scene = build_scene_for_export(_map())
    plain = QImage(str(render_png(scene, tmp_path / "plain.png", dpi=96)))
    scene.element_item("a").setSelected(True)
    selected = QImage(str(render_png(scene, tmp_path / "selected.png", dpi=96)))
    assert plain == selected
    assert scene.element_item("a").isSelected()  # restored after the render


def test_svg_is_well_formed_and_names_the_map(qapp, tmp_path):
    scene = build_scene_for_export(_map())
    path = render_svg(scene, tmp_path / "map.svg")
    root = ET.parse(path).getroot()
    assert root.tag.endswith("svg")
    text = path.read_text(encoding="utf-8")
    assert "Build" in text and "Delivery" in text


def test_unwritable_targets_give_a_message_naming_the_file(qapp, tmp_path):
    scene = build_scene_for_export(_map())
    missing = tmp_path / "no-such-folder" / "map.png"
    with pytest.raises(ImageExportError, match="map.png"):
        render_png(scene, missing)
    with pytest.raises(ImageExportError, match="map.svg"):
        render_svg(scene, tmp_path / "no-such-folder" / "map.svg")
    with pytest.raises(ImageExportError, match="resolution"):
        render_png(scene, tmp_path / "x.png", dpi=0)
