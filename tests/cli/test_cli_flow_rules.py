"""The command line on maps whose flow is broken: a cycle, or start and end not joined."""

import json

from vsm_desktop.__main__ import main
from vsm_desktop.io.vsm_file import save_map

from ..analysis.maps import MapBuilder


def test_validate_exits_non_zero_on_a_flow_cycle_with_the_message(tmp_path, capsys):
    b = MapBuilder()
    b.add("Start", "start", x=0).add("Build", pt=2, wait=0, x=100)
    b.add("Check", pt=1, wait=0, x=200).add("End", "end", x=300)
    b.flow("Start", "Build", "Check", "End")
    b.flow("Check", "Build")
    path = tmp_path / "cycle.vsm"
    save_map(b.build(), path)
    assert main(["validate", str(path)]) == 5
    captured = capsys.readouterr()
    assert "problem: The flow goes round in a circle: Build → Check → Build" in captured.out
    assert "1 problem to fix" in captured.err


def test_analyze_says_the_lead_time_is_unknown_when_the_flow_is_broken(tmp_path, capsys):
    b = MapBuilder()
    b.add("Start", "start").add("A", pt=2, wait=1).add("B", pt=3, wait=1).add("End", "end")
    b.flow("Start", "A")
    b.flow("B", "End")
    path = tmp_path / "broken.vsm"
    save_map(b.build(), path)
    assert main(["analyze", str(path)]) == 0
    text = capsys.readouterr().out
    assert "unknown (no flow joins the customer request to value realised)" in text
    assert "Lead time unknown" in text  # the problem, named under the warnings
    assert main(["analyze", str(path), "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["lead_time_hours"] is None
    assert figures["flow_efficiency"] is None
    assert main(["validate", str(path)]) == 5


def test_analyze_json_carries_no_float_noise(tmp_path, capsys):
    # 0.1 h + 0.2 h is 0.30000000000000004 in floating point; the other branch takes 0.3 h.
    b = MapBuilder()
    b.add("Start", "start").add("A", pt=0.1, wait=0).add("B", pt=0.2, wait=0)
    b.add("C", pt=0.3, wait=0).add("End", "end")
    b.flow("Start", "A", "B", "End")
    b.flow("Start", "C", "End")
    path = tmp_path / "noise.vsm"
    save_map(b.build(), path)
    assert main(["analyze", str(path), "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["lead_time_hours"] == 0.3
    assert set(figures["slack_hours"].values()) == {0.0}
    assert figures["flow_efficiency"] == 1.0
