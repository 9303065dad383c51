"""Opening a file: read, checked and put on the canvas while the cycle collector rests."""

import gc

from vsm_desktop.io.vsm_file import save_map

from .conftest import two_team_map


def test_an_opened_map_becomes_a_document_and_a_scene_with_the_collector_paused(
    qtbot, window, tmp_path
):
    seen: list[bool] = []
    window.document.events.subscribe(lambda _event: seen.append(gc.isenabled()))
    path = tmp_path / "map.vsm"
    save_map(two_team_map(), path)

    assert window.files.open_file(path)

    assert seen and not any(seen)  # the new map's events came while it was paused
    assert gc.isenabled()  # and the window runs with it on
    assert window.view.scene().element_item("build") is not None
