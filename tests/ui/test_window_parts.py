"""Parts of the window that stand alone: icons, settings, the lane-removal question, templates."""

from __future__ import annotations

from PySide6.QtGui import QImage

from vsm_desktop.model import ElementKind
from vsm_desktop.ui import icons
from vsm_desktop.ui.dialogs import LaneRemovalDialog
from vsm_desktop.ui.palette import PALETTE_ENTRIES, PALETTE_MIME, PaletteWidget, palette_mime_data
from vsm_desktop.ui.settings import AppSettings
from vsm_desktop.ui.templates import TEMPLATES, software_delivery_map


def test_every_icon_draws_something(qtbot):
    for name in icons.ICON_NAMES:
        image: QImage = icons.render_pixmap(name, 32).toImage()
        opaque = sum(
            1 for x in range(0, 32, 2) for y in range(0, 32, 2) if image.pixelColor(x, y).alpha()
        )
        assert opaque > 10, f"icon {name!r} is (nearly) empty"


def test_palette_lists_every_kind_with_the_contract_mime(qtbot):
    palette = PaletteWidget()
    qtbot.addWidget(palette)
    kinds = palette.kinds()
    assert set(ElementKind) - {ElementKind(k) for k in kinds if k in set(ElementKind)} == set()
    assert "lane" in kinds and "handover" in kinds
    assert len(kinds) == len(PALETTE_ENTRIES)
    mime = palette_mime_data("approval")
    assert bytes(mime.data(PALETTE_MIME)).decode("utf-8") == "approval"


def test_palette_click_requests_placement(qtbot):
    palette = PaletteWidget()
    qtbot.addWidget(palette)
    with qtbot.waitSignal(palette.placement_requested) as signal:
        palette.itemClicked.emit(palette.item_for("kaizen"))
    assert signal.args == ["kaizen"]


def test_lane_removal_dialog_answers(qtbot):
    lanes = [("lane-a", "Security"), ("lane-b", "Operations")]
    dialog = LaneRemovalDialog(None, "Compliance", 3, lanes)
    qtbot.addWidget(dialog)
    assert dialog.answer() == ("move", "lane-a")
    dialog._target.setCurrentIndex(1)
    assert dialog.answer() == ("move", "lane-b")
    dialog._delete.setChecked(True)
    assert dialog.answer() == ("delete", None)


def test_lane_removal_without_other_lanes_can_only_delete(qtbot):
    dialog = LaneRemovalDialog(None, "Only lane", 1, [])
    qtbot.addWidget(dialog)
    assert dialog.answer() == ("delete", None)
    assert not dialog._move.isEnabled()


def test_settings_recent_files_survive_a_new_settings_object(tmp_path):
    first = AppSettings()
    one, two = tmp_path / "one.vsm", tmp_path / "two.vsm"
    first.add_recent_file(one)
    first.add_recent_file(two)
    first.sync()
    assert AppSettings().recent_files() == [str(two.resolve()), str(one.resolve())]


def test_settings_last_folder_falls_back_when_gone(tmp_path):
    settings = AppSettings()
    folder = tmp_path / "maps"
    folder.mkdir()
    settings.set_last_folder_from(folder / "a.vsm")
    assert settings.last_folder() == str(folder.resolve())
    folder.rmdir()
    assert settings.last_folder() != str(folder.resolve())


def test_templates_build_valid_maps():
    for template in TEMPLATES:
        value_stream_map = template.build()
        assert value_stream_map.lanes, template.key
    delivery = software_delivery_map()
    start = next(e for e in delivery.elements if e.kind is ElementKind.START)
    end = next(e for e in delivery.elements if e.kind is ElementKind.END)
    assert start.lane_id == delivery.lanes[0].id
    assert end.lane_id == delivery.lanes[-1].id
    assert end.x > start.x
