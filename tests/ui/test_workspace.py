"""A laptop screen: a compact first start, the key figures in one strip, focus mode (F11), and a
window that fits the screen it opens on."""

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication

from vsm_desktop.ui.window.workspace import fitted_to, is_compact_screen


def test_laptop_and_projector_screens_are_compact_a_desktop_monitor_is_not():
    assert is_compact_screen(QRect(0, 0, 1366, 740))  # 1366x768 less the taskbar
    assert is_compact_screen(QRect(0, 0, 1280, 690))  # an older projector
    assert is_compact_screen(QRect(0, 0, 1920, 1040)) is False
    assert is_compact_screen(None) is False


def test_a_window_from_a_bigger_screen_is_moved_and_shrunk_onto_this_one():
    laptop = QRect(0, 0, 1366, 738)
    assert fitted_to(QRect(1800, 100, 1800, 1000), laptop) == QRect(0, 0, 1366, 738)
    assert fitted_to(QRect(900, 600, 800, 400), laptop) == QRect(566, 338, 800, 400)
    assert fitted_to(QRect(10, 10, 800, 400), laptop) == QRect(10, 10, 800, 400)


def test_first_start_on_a_laptop_tabs_the_side_panels_and_shows_the_key_figures(window):
    # The offscreen test screen (800x800) is smaller than any laptop: the compact layout.
    assert is_compact_screen(window.workspace.available_geometry())
    tabbed = set(window.tabifiedDockWidgets(window.inspector_dock))
    assert {window.metrics_dock, window.whatif_dock, window.steps.dock} <= tabbed
    assert window.dockWidgetArea(window.metrics_dock) == Qt.DockWidgetArea.RightDockWidgetArea
    assert window.strip.isVisible()
    assert window.strip.property("compact") is True
    assert not window.strip.exit_button.isVisible()  # that button is for presentation mode
    assert window.strip.values["lead_time"].text() != "–"  # filled by the analysis

    window.actions["key_figures"].trigger()
    assert not window.strip.isVisible()
    assert window.settings.flag("view/key_figures_strip", True) is False


def test_no_panel_makes_the_window_wider_than_a_laptop_screen(window):
    assert window.minimumSizeHint().width() <= 1366 - 40
    for panel in window.docks():
        assert panel.minimumSizeHint().width() <= 320, panel.objectName()


def test_focus_mode_hides_every_panel_and_brings_them_back(qtbot, window):
    visible_before = {panel.objectName() for panel in window.docks() if panel.isVisible()}
    assert visible_before
    window.view.setFocus()

    qtbot.keyClick(window.view, Qt.Key.Key_F11)
    assert window.workspace.focused
    assert not any(panel.isVisible() for panel in window.docks())
    assert not window.toolbar.isVisible()
    assert window.actions["focus_mode"].isChecked()

    qtbot.keyClick(window.view, Qt.Key.Key_F11)
    assert not window.workspace.focused
    assert {p.objectName() for p in window.docks() if p.isVisible()} == visible_before
    assert window.toolbar.isVisible()


def test_presentation_mode_shows_the_large_strip_and_leaving_it_keeps_the_compact_one(
    qtbot, window
):
    window.actions["presentation"].trigger()
    assert window.strip.property("compact") is False
    assert window.strip.exit_button.isVisibleTo(window.strip)
    window.actions["presentation"].trigger()
    QApplication.processEvents()
    assert window.strip.property("compact") is True
    assert window.strip.isVisible()
