"""A three-element critical path whose ladder was laid out by hand (see test_ladder.py).

Request (start, 130 wide, at x 300) -(2 h)-> Build (step, 160 wide, at x 600: waits 4 h,
works 3 h) -> Live (end, 130 wide, at x 900: waits 1 h). Lead time 10 h: 7 h waiting, 3 h work.
"""

from vsm_desktop.model import Connection, Element, ElementKind, Lane, ValueStreamMap

# Where the rungs go, in map units (the first wait starts at the lane titles' 170 + 20):
# wait 190-235 (none), under Request 235-365, wait 365-530 (4 h + 2 h), under Build 530-670
# (its 160 narrowed to 140 about its middle), wait 670-835 (1 h), under Live 835-965.
HAND_LINES = [
    (190.0, 235.0, True, 0.0),
    (235.0, 365.0, False, 0.0),
    (365.0, 530.0, True, 6.0),
    (530.0, 670.0, False, 3.0),
    (670.0, 835.0, True, 1.0),
    (835.0, 965.0, False, 0.0),
]  # left, right, is a wait rung, hours written on it (0: none)


def ladder_map(live_x: float = 900.0) -> ValueStreamMap:
    lane = Lane(id="team", name="Team", height=200)
    elements = [
        Element(id="request", kind=ElementKind.START, name="Request", lane_id="team",
                x=300, y=100),
        Element(id="build", name="Build", lane_id="team", x=600, y=100, process_time=3.0,
                wait_time=4.0),
        Element(id="live", kind=ElementKind.END, name="Live", lane_id="team", x=live_x, y=100,
                wait_time=1.0),
    ]
    connections = [
        Connection(source_id="request", target_id="build", delay=2.0),
        Connection(source_id="build", target_id="live"),
    ]
    return ValueStreamMap(lanes=[lane], elements=elements, connections=connections)
