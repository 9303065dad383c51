from vsm_desktop.model import Lane
from vsm_desktop.model.lane_names import new_lane_name


def test_a_new_lane_is_numbered_after_the_lanes_there_are():
    assert new_lane_name([]) == "Team 1"
    assert new_lane_name([Lane(name="Product"), Lane(name="Engineering")]) == "Team 3"


def test_a_new_lane_never_repeats_a_name_in_use():
    lanes = [Lane(name="Team 2"), Lane(name="Team 3")]
    assert new_lane_name(lanes) == "Team 4"
