"""How a map opens: readable, from the start of the flow, with Fit Map for the overview."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication

from vsm_desktop.model import Connection, Element, ElementKind, Lane, MapDocument, ValueStreamMap
from vsm_desktop.ui.canvas.view import MapView
from vsm_desktop.ui.canvas.zooming import MIN_READABLE_ZOOM


def _flow(columns: int, start_lane: int = 0, lanes: int = 3) -> ValueStreamMap:
    """A start, `columns` steps 300 apart and an end; the start sits in lane `start_lane`."""
    lane_list = [Lane(id=f"l{i}", name=f"Team {i}", height=240) for i in range(lanes)]
    start = Element(
        id="start",
        kind=ElementKind.START,
        name="Customer request",
        lane_id=f"l{start_lane}",
        x=300,
        y=start_lane * 240 + 120,
    )
    steps = [
        Element(
            id=f"s{i}",
            name=f"Step {i}",
            lane_id=f"l{i % lanes}",
            x=600 + 300 * i,
            y=(i % lanes) * 240 + 120,
            process_time=1,
            wait_time=2,
        )
        for i in range(columns)
    ]
    ids = ["start", *(step.id for step in steps)]
    connections = [Connection(source_id=a, target_id=b) for a, b in zip(ids, ids[1:], strict=False)]
    return ValueStreamMap(lanes=lane_list, elements=[start, *steps], connections=connections)


@pytest.fixture
def open_view(qtbot):
    views = []

    def make(value_stream_map: ValueStreamMap, width=1000, height=700) -> MapView:
        view = MapView(MapDocument(value_stream_map), QUndoStack())
        view.resize(width, height)
        qtbot.addWidget(view)
        view.show()
        qtbot.waitExposed(view)
        views.append(view)
        return view

    yield make
    for view in views:
        view.scene().close()


def _visible(view: MapView) -> QRectF:
    # Scroll bars come and go with the zoom; the viewport takes its final size on the next
    # turn of the event loop, as it does on screen.
    QApplication.processEvents()
    return view.mapToScene(view.viewport().rect()).boundingRect()


def _start_rect(view: MapView) -> QRectF:
    return view.scene().element_item("start").sceneBoundingRect()


def test_a_wide_map_opens_readable_at_the_customer_request(open_view):
    view = open_view(_flow(columns=30))
    view.zoom_to_fit()
    fitted = view.zoom()
    assert fitted < MIN_READABLE_ZOOM  # 30 columns of 300 do not fit 1000 pixels readably

    view.zoom_to_open()

    assert MIN_READABLE_ZOOM <= view.zoom() <= 0.7
    visible = _visible(view)
    assert visible.contains(_start_rect(view))
    # The left edge of the map (lane headers) is on screen: the view starts where the flow does.
    content = view.scene().content_rect()
    assert visible.left() <= content.left() + 1
    assert visible.top() <= content.top() + 1
    # The last step is far off to the right, for Fit Map or scrolling.
    assert not visible.intersects(view.scene().element_item("s29").sceneBoundingRect())


def test_a_map_that_fits_readably_opens_whole(open_view):
    view = open_view(_flow(columns=2), width=1200, height=800)
    view.zoom_to_fit()
    fitted = view.zoom()
    assert fitted >= MIN_READABLE_ZOOM

    view.reset_zoom()
    view.zoom_to_open()

    assert view.zoom() == pytest.approx(fitted)
    assert _visible(view).contains(view.scene().content_rect())


def test_a_start_in_a_lower_lane_is_brought_into_view(open_view):
    view = open_view(_flow(columns=30, start_lane=7, lanes=9), width=1000, height=600)
    view.zoom_to_open()

    visible = _visible(view)
    assert visible.contains(_start_rect(view))
    assert visible.left() <= view.scene().content_rect().left() + 1
    # The first lane is scrolled past: at this zoom 600 pixels show about 920 of 2160 units.
    assert visible.top() > 240


def test_fit_map_after_opening_still_shows_the_whole_map(open_view):
    view = open_view(_flow(columns=30))
    view.zoom_to_open()
    view.zoom_to_fit()

    assert view.zoom() < MIN_READABLE_ZOOM
    assert _visible(view).contains(view.scene().content_rect())
