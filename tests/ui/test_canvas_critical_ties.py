"""The canvas marks every zero-slack element critical: a branch tied with the traced path too."""

from vsm_desktop.analysis import analyze
from vsm_desktop.model import Connection, Element, ElementKind, Lane, ValueStreamMap


def tied_branches() -> ValueStreamMap:
    lane = Lane(id="team", name="Team", height=400)
    elements = [
        Element(id="s", kind=ElementKind.START, lane_id="team", x=100, y=200),
        Element(id="up", name="Upper", lane_id="team", x=300, y=100,
                process_time=4, wait_time=1, pca=100),
        Element(id="low", name="Lower", lane_id="team", x=300, y=300,
                process_time=2, wait_time=3, pca=100),
        Element(id="e", kind=ElementKind.END, lane_id="team", x=500, y=200),
    ]
    connections = [
        Connection(id="c1", source_id="s", target_id="up"),
        Connection(id="c2", source_id="s", target_id="low"),
        Connection(id="c3", source_id="up", target_id="e"),
        Connection(id="c4", source_id="low", target_id="e"),
    ]
    return ValueStreamMap(lanes=[lane], elements=elements, connections=connections)


def test_both_branches_of_a_tie_are_drawn_critical(open_canvas):
    view, document, _ = open_canvas(tied_branches(), (300, 200))
    result = analyze(document)
    # Both branches take 5 h: the traced path takes the upper one, both have zero slack.
    assert result.critical_path == ("s", "up", "e")
    view.set_analysis(result)
    assert view.scene().critical_ids == {"s", "up", "low", "e"}
