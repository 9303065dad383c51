"""The command line, run in-process through main() as a user would call it."""

import json
import subprocess
import sys

import pytest

from vsm_desktop.__main__ import main
from vsm_desktop.analysis import analyze
from vsm_desktop.io.vsm_file import load_map, save_map, save_states
from vsm_desktop.model import MapStates, format_duration
from vsm_desktop.resources import sample_map_path

from ..analysis.maps import MapBuilder


@pytest.fixture
def parallel_map_file(tmp_path):
    b = MapBuilder()
    b.add("Request", "start", lane="Customer")
    b.add("Build", lane="Engineering", pt=8, wait=8, pca=80)
    b.add("Security test", lane="Security", pt=4, wait=12, pca=90)
    b.add("Unit test", lane="Engineering", pt=2, pca=95)
    b.add("Live", "end", lane="Customer")
    b.flow("Request", "Build", "Security test", "Live")
    b.flow("Build", "Unit test", "Live")
    path = tmp_path / "parallel.vsm"
    save_map(b.build(), path)
    return path


def test_analyze_json_gives_the_figures_worked_out_by_hand(parallel_map_file, capsys):
    assert main(["analyze", str(parallel_map_file), "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    # Build 16 h, then the security branch 16 h beats the unit-test branch 2 h.
    assert figures["lead_time_hours"] == pytest.approx(32)
    assert figures["process_time_hours"] == pytest.approx(12)
    assert figures["wait_time_hours"] == pytest.approx(20)
    assert figures["flow_efficiency"] == pytest.approx(12 / 32)
    assert figures["rolled_pca"] == pytest.approx(0.8 * 0.9 * 0.95)
    assert figures["critical_path"] == ["Request", "Build", "Security test", "Live"]
    # Customer->Eng, Eng->Sec, Sec->Customer on the path; Eng->Eng (unit test) is not a handover,
    # Unit test->Customer is.
    assert figures["handovers_on_critical_path"] == 3
    assert figures["handovers"] == 4
    assert figures["constraint"] == "Security test"
    assert figures["hours_per_day"] == 8
    assert isinstance(figures["warnings"], list)


def test_analyze_prints_a_readable_summary(parallel_map_file, capsys):
    assert main(["analyze", str(parallel_map_file)]) == 0
    out = capsys.readouterr().out
    assert "Lead time" in out and format_duration(32) in out
    assert "Request → Build → Security test → Live" in out


def test_analyze_the_sample_map_prints_its_figures(capsys):
    assert main(["analyze", str(sample_map_path()), "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    expected = analyze(load_map(sample_map_path()))
    assert figures["lead_time_hours"] == pytest.approx(expected.lead_time)
    assert figures["lead_time_hours"] > 0
    assert len(figures["critical_path"]) >= 5


def test_validate_accepts_a_good_file(parallel_map_file, capsys):
    assert main(["validate", str(parallel_map_file)]) == 0
    assert "5 elements" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"\x00\xff garbage", "UTF-8"),
        (b'{"format": "vsm-desktop", "version": 99, "map": {}}', "newer"),
        (b'{"format": "something-else", "version": 1, "map": {}}', "vsm-desktop"),
        (b'{"format": "vsm-desktop", "version": 1, "map": {"elements": [{"id": "a", '
         b'"name": "Risk review", "wait_time": -3}]}}', "wait_time"),
    ],
)
def test_validate_rejects_bad_files_with_a_clear_message_and_no_traceback(
    tmp_path, capsys, content, says
):
    path = tmp_path / "broken.vsm"
    path.write_bytes(content)
    assert main(["validate", str(path)]) != 0
    err = capsys.readouterr().err
    assert "broken.vsm" in err and says in err
    assert "Traceback" not in err


def test_missing_file_is_a_clear_message(tmp_path, capsys):
    assert main(["analyze", str(tmp_path / "nope.vsm")]) != 0
    assert "nope.vsm" in capsys.readouterr().err


def test_csv_round_trip_through_the_command_line(parallel_map_file, tmp_path, capsys):
    csv_path = tmp_path / "steps.csv"
    rebuilt = tmp_path / "rebuilt.vsm"
    assert main(["export", str(parallel_map_file), "-o", str(csv_path)]) == 0
    assert main(["import", str(csv_path), "-o", str(rebuilt)]) == 0
    assert analyze(load_map(rebuilt)).lead_time == pytest.approx(32)
    # An existing file is not overwritten without --force.
    assert main(["import", str(csv_path), "-o", str(rebuilt)]) != 0
    assert "--force" in capsys.readouterr().err


def test_unknown_export_format_is_refused(parallel_map_file, tmp_path, capsys):
    assert main(["export", str(parallel_map_file), "-o", str(tmp_path / "map.docx")]) != 0
    assert ".pdf" in capsys.readouterr().err


def test_version_runs_as_a_real_process():
    done = subprocess.run([sys.executable, "-m", "vsm_desktop", "--version"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0
    assert done.stdout.startswith("VSM Desktop ")


@pytest.fixture
def two_state_file(tmp_path):
    b = MapBuilder()
    b.add("Request", "start").add("Review", "approval", pt=2, wait=80, value="necessary")
    b.add("Build", pt=40).add("Live", "end")
    b.flow("Request", "Review", "Build", "Live")
    current = b.build()
    future = current.derive_future_state()
    next(e for e in future.elements if e.name == "Review").wait_time = 8.0
    path = tmp_path / "states.vsm"
    save_states(MapStates(maps=[current, future]), path)
    return path


def test_compare_one_file_with_both_states(two_state_file, capsys):
    assert main(["compare", str(two_state_file), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    lead = result["figures"]["lead_time"]
    assert (lead["before"], lead["after"], lead["change"]) == (122, 50, -72)
    [changed] = result["elements"]
    assert changed["name"] == "Review" and changed["status"] == "changed"
    assert changed["changes"] == {"wait_time": [80, 8]}
    assert main(["compare", str(two_state_file)]) == 0
    text = capsys.readouterr().out
    assert "Lead time" in text and "Review: wait_time 2 wk → 1 d" in text


def test_compare_without_a_future_state_says_how_to_make_one(parallel_map_file, capsys):
    assert main(["compare", str(parallel_map_file)]) != 0
    assert "no future state" in capsys.readouterr().err


def test_whatif_json_ranks_by_gain(two_state_file, capsys):
    assert main(["whatif", str(two_state_file), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["lead_time_hours"] == 122
    first, second = result["ranking"]
    # The review is a necessary control: never removed. Cutting its wait saves 80 h; automating
    # it leaves 10% of its 2 h: saves 1.8 h. Build is value-adding: automating its 40 h saves 36 h.
    assert first["name"] == "Review"
    assert first["best_change"] == "no_wait" and first["best_gain_hours"] == 80
    assert first["lead_time_without_wait_hours"] == 42
    assert first["lead_time_removed_hours"] is None
    changes = first["changes"]
    assert changes["remove"]["allowed"] is False and "control" in changes["remove"]["reason"]
    assert changes["automate"] == {"allowed": True, "label": "Automate the control",
                                   "lead_time_hours": 120.2, "gain_hours": 1.8}
    assert second["name"] == "Build" and second["best_gain_hours"] == 36
    assert second["changes"]["remove"]["allowed"] is False


def test_analyze_the_future_state(two_state_file, capsys):
    assert main(["analyze", str(two_state_file), "--state", "future", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["lead_time_hours"] == 50


def test_export_png_svg_and_pdf_by_extension(parallel_map_file, tmp_path):
    from pypdf import PdfReader

    for name in ("map.png", "map.svg", "report.pdf"):
        assert main(["export", str(parallel_map_file), "-o", str(tmp_path / name)]) == 0
    assert (tmp_path / "map.png").read_bytes().startswith(b"\x89PNG")
    assert "Security test" in (tmp_path / "map.svg").read_text(encoding="utf-8")
    text = "".join(page.extract_text() for page in PdfReader(tmp_path / "report.pdf").pages)
    assert "Security test" in text


def test_export_into_a_missing_folder_is_a_clear_message(parallel_map_file, tmp_path, capsys):
    for name in ("map.png", "map.svg", "report.pdf", "steps.csv"):
        target = tmp_path / "gone" / name
        assert main(["export", str(parallel_map_file), "-o", str(target)]) != 0
        err = capsys.readouterr().err
        assert name in err and "Traceback" not in err


def test_analyze_json_carries_the_advice_figures(tmp_path, capsys):
    # Two elements share the name "Check": the old name-keyed slack_hours loses one; the
    # per-element list keeps both. Start → Check (4 h wait, approval queue, 2 h) → Check (1 h,
    # waste) → End; span from the first Check's end to the second's: 1 h.
    b = MapBuilder()
    b.add("Request", "start", lane="Customer")
    b.add("Check", "approval", lane="Risk", pt=2, wait=4, cause="approval_queue")
    b.elements["Check 2"] = b.elements.pop("Check").model_copy(update={"id": "first"})
    b.add("Check", lane="Risk", pt=1, value="waste")
    b.add("Live", "end", lane="Customer")
    b.flow("Request", "Check 2", "Check", "Live")
    b.elements["Check 2"].span_start = "lead time for changes"
    b.elements["Check"].span_end = "lead time for changes"
    m = b.build()
    m.info.delivery.change_failure_rate = 12
    m.info.delivery.time_to_recover = 30
    m.info.delivery.deployments_per_week = 2
    path = tmp_path / "advice.vsm"
    save_map(m, path)
    assert main(["analyze", str(path), "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["lead_time_hours"] == 7
    assert figures["value_adding_efficiency"] == pytest.approx(2 / 7)  # the approval's 2 h
    assert figures["wait_by_cause"] == {"whole_map": {"approval_queue": 4},
                                        "critical_path": {"approval_queue": 4}}
    assert figures["spans"] == [{"name": "lead time for changes", "from": "Check", "to": "Check",
                                 "from_id": "first", "to_id": b.id("Check"), "hours": 1,
                                 "problem": None}]
    delivery = figures["delivery"]
    assert delivery["change_failure_rate_percent"] == 12
    assert delivery["time_to_recover_hours"] == 30
    assert delivery["deployments_per_week"] == 2
    assert delivery["levels"] == {"deployment_frequency": "High", "lead_time": "Elite",
                                  "change_failure_rate": "Medium", "time_to_recover": "Medium"}
    checks = [e for e in figures["elements"] if e["name"] == "Check"]
    assert [c["id"] for c in checks] == ["first", b.id("Check")]
    assert all(c["critical"] and c["slack_hours"] == 0 and c["lane"] == "Risk" for c in checks)
    assert {e["kind"] for e in figures["elements"]} == {"start", "approval", "step", "end"}
    assert figures["constraint_ties"]["names"] == ["Check"]
    assert figures["constraint_ties"]["saving_hours"][0]["hours"] == 4
    assert "slack_hours" in figures  # the old key, kept for one version


def test_analyze_json_adds_percentiles_and_criticality_only_for_a_map_with_ranges(
    parallel_map_file, tmp_path, capsys
):
    assert main(["analyze", str(parallel_map_file), "--json"]) == 0
    plain = json.loads(capsys.readouterr().out)
    assert "lead_time_p85_hours" not in plain
    assert all("criticality" not in entry for entry in plain["elements"])

    from vsm_desktop.model import parse_duration_estimate

    value_stream_map = load_map(parallel_map_file)
    security = next(e for e in value_stream_map.elements if e.name == "Security test")
    for key, value in parse_duration_estimate("10-30h").fields("wait_time").items():
        setattr(security, key, value)
    ranged_path = tmp_path / "ranged.vsm"
    save_map(value_stream_map, ranged_path)
    assert main(["analyze", str(ranged_path), "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    # Build takes 16 h, the unit-test branch 2 h, the security branch 4 h + U(10, 30) h, which
    # is always the slower: the q quantile is 16 + 4 + 10 + 20q.
    for key, q in (("lead_time_p50_hours", 0.50), ("lead_time_p85_hours", 0.85),
                   ("lead_time_p95_hours", 0.95)):
        assert figures[key] == pytest.approx(30 + 20 * q, abs=0.2)
    assert figures["lead_time_hours"] == pytest.approx(40)  # 16 + 4 + the midpoint 20 h
    criticality = {entry["name"]: entry["criticality"] for entry in figures["elements"]}
    assert criticality["Security test"] == 1.0 and criticality["Unit test"] == 0.0


def test_whatif_json_adds_p85_gains_for_the_top_rows_of_a_map_with_ranges(
    parallel_map_file, tmp_path, capsys
):
    from vsm_desktop.model import parse_duration_estimate

    value_stream_map = load_map(parallel_map_file)
    security = next(e for e in value_stream_map.elements if e.name == "Security test")
    for key, value in parse_duration_estimate("10-30h").fields("wait_time").items():
        setattr(security, key, value)
    path = tmp_path / "ranged.vsm"
    save_map(value_stream_map, path)
    assert main(["whatif", str(path), "--json", "--top", "1"]) == 0
    rows = json.loads(capsys.readouterr().out)["ranking"]
    assert "p85_gains_hours" in rows[0] and all("p85_gains_hours" not in r for r in rows[1:])
    gains = {r["name"]: r.get("p85_gains_hours") for r in rows}
    # Security's wait U(10, 30) is always on the critical path (the unit tests take 2 h), so
    # cutting it takes its own P85, 10 + 0.85·20 = 27 h, off the P85 lead time.
    assert gains["Security test"]["no_wait"] == pytest.approx(27, abs=0.3)
