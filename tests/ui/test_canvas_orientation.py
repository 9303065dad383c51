"""Finding your way on a large map: lane names pinned left while scrolling sideways, and the
overview map that shows where the view is and moves it."""

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor

from vsm_desktop import theme
from vsm_desktop.io.vsm_file import load_map
from vsm_desktop.model.layout import LANE_TITLE_WIDTH
from vsm_desktop.resources import sample_map_path


def _sample(open_canvas):
    value_stream_map = load_map(sample_map_path())
    view, document, _stack = open_canvas(value_stream_map, (0, 0))
    return view, document


def test_lane_names_stay_at_the_left_edge_when_scrolled_sideways(qtbot, open_canvas):
    view, document = _sample(open_canvas)
    view.horizontalScrollBar().setValue(view.horizontalScrollBar().minimum())
    assert view.sticky_lanes.headers() == []  # the real headers are in sight

    content = view.scene().content_rect()
    view.centerOn(content.center().x() + content.width() / 3, content.center().y())
    qtbot.wait(10)
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    assert visible.left() > LANE_TITLE_WIDTH  # the real headers are out of sight
    pinned = view.sticky_lanes.headers()
    names = [name.replace("\n", " ") for _rect, name in pinned]
    shown_lanes = [
        lane.name for lane in document.lanes
        if view.scene().lane_item(lane.id).band_rect().intersects(visible)
    ]
    assert names == shown_lanes and names
    for rect, _name in pinned:
        assert abs(rect.left() - visible.left()) < 1e-6

    # What the person sees: the header colour at the view's left edge, inside the first band.
    first_band = pinned[0][0].intersected(visible)
    spot = view.mapFromScene(QPointF(visible.left() + 4, first_band.center().y()))
    picture = view.viewport().grab().toImage()
    assert QColor(picture.pixel(spot.x(), spot.y())) == QColor(theme.LANE_HEADER_FILL)


def test_the_overview_map_shows_only_while_the_map_does_not_fit(qtbot, open_canvas):
    view, _document = _sample(open_canvas)
    view.set_zoom(1.0)
    view.overview.refresh()
    assert view.overview.isVisible()  # at 100 % the sample is larger than 1200x700

    view.zoom_to_fit()
    view.overview.refresh()
    assert not view.overview.isVisible()

    view.set_zoom(1.0)
    view.set_overview_visible(False)
    assert not view.overview.isVisible()


def test_clicking_the_overview_map_moves_the_view_there(qtbot, open_canvas):
    view, _document = _sample(open_canvas)
    view.set_zoom(1.0)
    view.overview.refresh()
    overview = view.overview
    content = view.scene().content_rect()
    target = overview.widget_rect(content)  # the map's picture inside the overview

    bottom_right = QPoint(int(target.right()) - 3, int(target.bottom()) - 3)
    qtbot.mouseClick(overview, Qt.MouseButton.LeftButton, pos=bottom_right)
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    assert visible.right() >= content.right() - 5
    assert visible.bottom() >= content.bottom() - 5

    top_left = QPoint(int(target.left()) + 2, int(target.top()) + 2)
    qtbot.mouseClick(overview, Qt.MouseButton.LeftButton, pos=top_left)
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    assert visible.left() <= content.left() + 5
    assert visible.top() <= content.top() + 5


def test_a_map_too_long_for_a_legible_overview_shows_none(qtbot, open_canvas):
    from vsm_desktop.model import Element, Lane, ValueStreamMap

    lane = Lane(id="lane", name="Delivery")
    steps = [Element(id=f"s{i}", name=f"Step {i}", lane_id=lane.id, x=200 + 230 * i, y=100)
             for i in range(400)]  # about 92,000 px long, 200 tall: a picture under 1 px thick
    view, _document, _stack = open_canvas(
        ValueStreamMap(lanes=[lane], elements=steps, connections=[]), (300, 100))
    view.set_zoom(1.0)
    view.overview.refresh()
    assert not view.overview.isVisible()  # an empty white box in the corner otherwise

    view.set_overview_visible(True)  # the user's choice does not bring an empty box back
    view.overview.refresh()
    assert not view.overview.isVisible()
