"""`vsm-desktop merge`: exit codes, messages naming each conflict, nothing written on conflict."""

import pytest

from vsm_desktop.__main__ import main
from vsm_desktop.io.vsm_file import load_states, save_states
from vsm_desktop.model import MapStates
from vsm_desktop.model.value_stream_map import ReviewBase

from ..io.test_merge import base_map


@pytest.fixture
def files(tmp_path):
    """base.vsm as sent; mine.vsm and theirs.vsm as edited since (each a different field)."""
    base = MapStates(maps=[base_map()])
    save_states(base, tmp_path / "base.vsm")
    mine, theirs = base.model_copy(deep=True), base.model_copy(deep=True)
    mine.maps[0].element("dev").process_time = 32.0
    theirs.maps[0].element("sec").wait_time = 16.0
    save_states(mine, tmp_path / "mine.vsm")
    save_states(theirs, tmp_path / "theirs.vsm")
    return tmp_path


def run(files, *extra):
    return main(["merge", str(files / "mine.vsm"), str(files / "theirs.vsm"),
                 "-o", str(files / "out.vsm"), *extra])


def test_three_way_merge_takes_both_sides_and_says_what_changed(files, capsys):
    assert run(files, "--base", str(files / "base.vsm")) == 0
    out = capsys.readouterr().out
    assert "process time of Development 5 d → 4 d" in out
    assert "wait of Security testing 5 d → 2 d" in out
    merged = load_states(files / "out.vsm").current
    assert merged.element("dev").process_time == 32.0
    assert merged.element("sec").wait_time == 16.0


def test_without_a_base_differences_are_conflicts_and_nothing_is_written(files, capsys):
    assert run(files) == 4
    err = capsys.readouterr().err
    assert "2 conflicts; nothing was written" in err
    assert "element 'Development', process time: Mine (mine.vsm): 4 d; theirs.vsm: 5 d" in err
    assert "element 'Security testing', wait: Mine (mine.vsm): 5 d; theirs.vsm: 2 d" in err
    assert not (files / "out.vsm").exists()


def test_prefer_settles_every_conflict(files, capsys):
    assert run(files, "--prefer", "theirs") == 0
    merged = load_states(files / "out.vsm").current
    assert merged.element("dev").process_time == 40.0  # theirs still had the old value
    assert merged.element("sec").wait_time == 16.0
    assert "2 conflict(s) settled for theirs" in capsys.readouterr().out


def test_a_conflict_on_the_same_field_stops_even_with_a_base(files, capsys):
    mine = load_states(files / "mine.vsm")
    mine.maps[0].element("sec").wait_time = 24.0
    save_states(mine, files / "mine.vsm")
    (files / "out.vsm").write_text("keep me", encoding="utf-8")
    assert run(files, "--base", str(files / "base.vsm")) == 4
    err = capsys.readouterr().err
    assert "1 conflict; nothing was written" in err
    assert "element 'Security testing', wait: Mine (mine.vsm): 3 d; theirs.vsm: 2 d" in err
    assert (files / "out.vsm").read_text(encoding="utf-8") == "keep me"


def test_the_base_recorded_in_the_returned_copy_is_used(files, capsys):
    theirs = load_states(files / "theirs.vsm")
    theirs.review_base = ReviewBase(sent_to="Security lead",
                                    maps=load_states(files / "base.vsm").maps)
    save_states(theirs, files / "theirs.vsm")
    assert run(files) == 0
    out = capsys.readouterr().out
    assert "base: the map as it was sent for review" in out
    assert "Security lead:\n  - wait of Security testing 5 d → 2 d" in out


def test_copies_of_different_maps_are_refused_with_a_message(files, tmp_path, capsys):
    other = MapStates(maps=[base_map().model_copy(update={"id": "another"})])
    save_states(other, files / "theirs.vsm")
    assert run(files) == 1
    assert "not copies of the same map" in capsys.readouterr().err


def test_an_output_that_cannot_be_written_is_a_failed_write(files, capsys):
    assert main(["merge", str(files / "mine.vsm"), str(files / "theirs.vsm"), "--prefer",
                 "mine", "-o", str(files / "no-such-folder" / "out.vsm")]) == 3
    assert "out.vsm" in capsys.readouterr().err


def test_a_broken_input_names_the_file(files, capsys):
    (files / "theirs.vsm").write_text("{", encoding="utf-8")
    assert run(files) == 1
    assert "theirs.vsm" in capsys.readouterr().err
