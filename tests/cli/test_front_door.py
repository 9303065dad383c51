"""What the command line does before any subcommand or window: exit codes, unknown commands,
missing files, Qt's own options, and a reader that closes the pipe early."""

import subprocess
import sys

import pytest

from vsm_desktop.__main__ import main
from vsm_desktop.cli import EXIT_BAD_INPUT, EXIT_FAILED, EXIT_USAGE, SUBCOMMANDS
from vsm_desktop.io.vsm_file import save_map
from vsm_desktop.launch_arguments import LaunchError, parse_gui_arguments
from vsm_desktop.resources import sample_map_path

from ..io.generated_maps import chain_map


def test_an_unknown_subcommand_is_a_usage_error_not_a_file_to_open(capsys):
    assert main(["frobnicate", "a.vsm", "b.vsm"]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert "'frobnicate' is neither a command nor a file" in err
    assert "analyze" in err


def test_a_near_miss_names_the_command_meant(capsys):
    assert main(["analyse", "map.vsm"]) == EXIT_USAGE
    assert "Did you mean 'analyze'?" in capsys.readouterr().err


def test_a_missing_file_is_refused_before_any_window(tmp_path, capsys):
    missing = tmp_path / "steps.csv"
    assert main([str(missing)]) == EXIT_BAD_INPUT
    assert f"{missing}: no such file" in capsys.readouterr().err


def test_a_folder_is_not_a_map(tmp_path, capsys):
    assert main([str(tmp_path)]) == EXIT_BAD_INPUT
    assert "is a folder, not a map file" in capsys.readouterr().err


def test_an_unknown_option_is_a_usage_error(capsys):
    assert main(["--frobnicate"]) == EXIT_USAGE
    assert "unknown option '--frobnicate'" in capsys.readouterr().err


def test_qt_options_pass_through_with_their_values(tmp_path):
    existing = tmp_path / "map.vsm"
    existing.write_text("{}")
    parsed = parse_gui_arguments(
        ["-style", "fusion", str(existing), "-platform=offscreen", "-reverse",
         "--qwindowgeometry", "800x600"], SUBCOMMANDS)
    assert parsed.files == [str(existing)]
    assert parsed.qt_arguments == ["-style", "fusion", "-platform=offscreen", "-reverse",
                                   "--qwindowgeometry", "800x600"]


def test_a_qt_option_without_its_value_is_a_usage_error():
    with pytest.raises(LaunchError) as raised:
        parse_gui_arguments(["-style"], SUBCOMMANDS)
    assert raised.value.exit_code == EXIT_USAGE


def test_a_new_map_file_name_may_not_exist_yet(tmp_path):
    # `vsm-desktop new-map.vsm` opens an empty map that its first Save writes.
    parsed = parse_gui_arguments([str(tmp_path / "new-map.vsm")], SUBCOMMANDS)
    assert parsed.files == [str(tmp_path / "new-map.vsm")]


def test_a_refused_input_and_a_failed_write_have_different_codes(tmp_path, capsys):
    assert main(["analyze", str(tmp_path / "nope.vsm")]) == EXIT_BAD_INPUT
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where a folder should be")
    code = main(["export", str(sample_map_path()), "-o", str(blocked / "steps.csv")])
    assert code == EXIT_FAILED
    assert "steps.csv" in capsys.readouterr().err


def test_argparse_usage_errors_keep_code_two(capsys):
    assert main(["analyze"]) == EXIT_USAGE


def test_a_reader_that_stops_early_gets_no_traceback(tmp_path):
    # `vsm-desktop analyze map.vsm --json | head -1`: the pipe closes after the first bytes.
    # The map is large enough that its JSON overflows the pipe's buffer, so the write fails.
    big = tmp_path / "big.vsm"
    save_map(chain_map(2000), big)
    process = subprocess.Popen(
        [sys.executable, "-m", "vsm_desktop", "analyze", str(big), "--json"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    process.stdout.read(1)
    process.stdout.close()
    _, err = process.communicate(timeout=60)
    assert b"Traceback" not in err
    assert b"BrokenPipeError" not in err
    assert process.returncode == 0
