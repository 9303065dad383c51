"""A flow cut in the middle: the window says the lead time is unknown, never 0, and why."""

from vsm_desktop.model import Connection, Element, ElementKind, Lane, ValueStreamMap


def joined_map() -> ValueStreamMap:
    lane = Lane(id="team", name="Team", height=300)
    elements = [
        Element(id="s", kind=ElementKind.START, lane_id="team", x=100, y=150),
        Element(id="build", name="Build", lane_id="team", x=300, y=150, process_time=8,
                wait_time=8, pca=90),
        Element(id="test", name="Test", lane_id="team", x=500, y=150, process_time=2,
                wait_time=6, pca=90),
        Element(id="e", kind=ElementKind.END, lane_id="team", x=700, y=150),
    ]
    connections = [
        Connection(id="c1", source_id="s", target_id="build"),
        Connection(id="c2", source_id="build", target_id="test"),
        Connection(id="c3", source_id="test", target_id="e"),
    ]
    return ValueStreamMap(lanes=[lane], elements=elements, connections=connections)


def test_deleting_the_handover_in_the_middle_makes_the_lead_time_unknown(qtbot, window):
    window.files.set_map(joined_map(), None)
    qtbot.waitUntil(lambda: window.metrics.figure_text("lead_time") == "3 d")  # 24 h
    window.document.remove_connections(["c2"])
    qtbot.waitUntil(lambda: window.metrics.figure_text("lead_time") == "unknown")
    assert window.metrics.figure_text("process_time") == "–"
    qtbot.waitUntil(lambda: "Lead time unknown" in window.whatif.baseline_label.text())
    assert window.whatif.ranking == []
    # Joined again, the figures come back.
    window.document.add_connections([Connection(id="c2", source_id="build", target_id="test")])
    qtbot.waitUntil(lambda: window.metrics.figure_text("lead_time") == "3 d")
    assert "Lead time now 3 d" in window.whatif.baseline_label.text()
