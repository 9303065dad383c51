"""Every path through the file system: what is not an ordinary file is refused at once, a full
disk or a read-only file loses nothing, leftovers of killed saves go, and no message shows
Python's internals."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from vsm_desktop.io import VsmFileError, load_map, loads_map, save_map
from vsm_desktop.io.atomic_write import (
    STALE_TEMPORARY_SECONDS,
    atomic_write,
    remove_stale_temporaries,
)
from vsm_desktop.io.csv_steps import load_steps_csv, loads_steps_csv, save_steps_csv
from vsm_desktop.io.vsm_file import dumps_map

from .generated_maps import chain_map

posix_only = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
INTERNALS = ("set_int_max_str_digits", "utf-8-sig", "pydantic", "Traceback", "codec", "errno")


def special_paths(folder: Path, name: str) -> dict[str, Path]:
    """A folder, a named pipe and a device, each reachable under `name`."""
    paths = {}
    directory = folder / "dir" / name
    directory.mkdir(parents=True)
    paths["a folder"] = directory
    if hasattr(os, "mkfifo"):
        fifo = folder / "fifo" / name
        fifo.parent.mkdir()
        os.mkfifo(fifo)
        paths["a named pipe (FIFO)"] = fifo
    if Path("/dev/zero").exists():
        device = folder / "device" / name
        device.parent.mkdir()
        device.symlink_to("/dev/zero")  # reading /dev/zero never ends
        paths["a device"] = device
    return paths


@pytest.mark.parametrize("name", ["map.vsm", "steps.csv", "map.drawio"])
def test_folders_pipes_and_devices_are_refused_before_reading(tmp_path, name):
    """Each would block forever (a pipe without a writer, /dev/zero) or fail obscurely; the
    test's own timeout fails it if any read is attempted."""
    from vsm_desktop.io.drawio_import import load_drawio

    load, what = {
        ".vsm": (load_map, "map file"),
        ".csv": (load_steps_csv, "steps table"),
        ".drawio": (load_drawio, "draw.io file"),
    }[Path(name).suffix]
    paths = special_paths(tmp_path, name)
    assert len(paths) >= 2
    for kind, path in paths.items():
        with pytest.raises(VsmFileError) as refused:
            load(path)
        assert str(refused.value) == f"{name}: this is {kind}, not a {what}"


@posix_only
def test_the_command_line_refuses_a_pipe_at_once(tmp_path):
    fifo = tmp_path / "map.vsm"
    os.mkfifo(fifo)
    for args in (["validate", str(fifo)], ["analyze", str(fifo)], [str(fifo)]):
        done = subprocess.run(
            [sys.executable, "-m", "vsm_desktop", *args],
            capture_output=True, text=True, timeout=60,
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        )  # fmt: skip
        assert done.returncode == 1, (args, done.stderr)
        assert "named pipe (FIFO), not a map file" in done.stderr
        assert "Traceback" not in done.stderr


@posix_only
def test_saving_onto_a_pipe_is_refused_and_leaves_it_a_pipe(tmp_path):
    fifo = tmp_path / "report.svg"
    os.mkfifo(fifo)
    with pytest.raises(VsmFileError, match="this is a named pipe"):
        atomic_write(fifo, b"<svg/>")
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert os.listdir(tmp_path) == ["report.svg"]


def test_a_read_only_map_is_not_replaced(tmp_path):
    path = tmp_path / "map.vsm"
    save_map(chain_map(3, "old"), path)
    before = path.read_bytes()
    path.chmod(0o444)
    with pytest.raises(VsmFileError) as refused:
        save_map(chain_map(3, "new"), path)
    assert "map.vsm: cannot save: the file is read-only" in str(refused.value)
    assert path.read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == ["map.vsm"]  # no backup, no temporary


def test_a_missing_file_and_a_bad_name_read_in_words(tmp_path):
    with pytest.raises(VsmFileError, match=r"^gone.vsm: the file does not exist"):
        load_map(tmp_path / "gone.vsm")
    with pytest.raises(VsmFileError, match="NUL character"):
        load_map(tmp_path / "a\0b.vsm")


# -- leftovers of killed saves ------------------------------------------------------------------


def test_only_our_old_temporaries_are_removed(tmp_path):
    now = time.time()
    old = now - STALE_TEMPORARY_SECONDS - 60
    ours_old = [".map.vsm.k3j9x0a_.tmp", ".report.pdf.abcdefgh.tmp", ".map.vsm.bak.4242.tmp"]
    ours_fresh = [".map.vsm.zzzzzzzz.tmp"]  # perhaps another app saving right now
    not_ours = [".map.vsm.tmp", "notes.tmp", ".map.vsm.ABCDEFGH.tmp", "map.vsm.abcdefgh.tmp",
                ".map.vsm.abcdefghi.tmp"]
    for name in ours_old + ours_fresh + not_ours:
        (tmp_path / name).write_bytes(b"x")
    for name in ours_old + not_ours:
        os.utime(tmp_path / name, (old, old))
    folder_like_ours = tmp_path / ".dir.vsm.abcdefgh.tmp"
    folder_like_ours.mkdir()
    os.utime(folder_like_ours, (old, old))

    removed = remove_stale_temporaries(tmp_path, now)

    assert sorted(p.name for p in removed) == sorted(ours_old)
    left = set(os.listdir(tmp_path))
    assert left == set(ours_fresh + not_ours + [folder_like_ours.name])


def test_the_next_save_clears_what_killed_saves_left(tmp_path):
    """Real SIGKILLs in the middle of 15 MB writes (so most kills land while the temporary
    file exists), then one ordinary save of the map to that folder."""
    if sys.platform != "linux":
        pytest.skip("forks a saving child and SIGKILLs it (Linux)")
    import multiprocessing
    import random
    import signal

    new = chain_map(50, "new")
    path = tmp_path / "big.vsm"
    save_map(new, path)
    context = multiprocessing.get_context("fork")
    rng = random.Random(20)
    kills = 0
    while kills < 40 and len(_temporaries(tmp_path)) < 3:
        ready = context.Event()
        child = context.Process(target=_write_forever, args=(path, ready))
        child.start()
        assert ready.wait(10)
        time.sleep(rng.uniform(0.0, 0.25))
        os.kill(child.pid, signal.SIGKILL)
        child.join(5)
        kills += 1
    stranded = _temporaries(tmp_path)
    assert stranded, f"{kills} kills stranded no temporary file to clean"
    aged = time.time() - STALE_TEMPORARY_SECONDS - 1
    for leftover in stranded:
        os.utime(leftover, (aged, aged))
    save_map(new, path)
    assert _temporaries(tmp_path) == []
    assert load_map(path) == new


def _write_forever(path, ready) -> None:
    data = b" " * (15 * 1024 * 1024)
    ready.set()
    while True:
        atomic_write(path.with_name("big.pdf"), data)


def _temporaries(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if p.name.startswith(".") and p.name.endswith(".tmp")]


# -- a full disk ---------------------------------------------------------------------------------


def test_a_full_disk_keeps_the_previous_map_and_leaves_no_temporary(small_disk):
    path = small_disk / "map.vsm"
    small = chain_map(3, "small")
    save_map(small, path, keep_backup=False)
    before = path.read_bytes()
    with pytest.raises(VsmFileError) as refused:
        save_map(chain_map(400, "large"), path, keep_backup=False)  # about 300 KB
    assert str(refused.value) == "map.vsm: could not save: the disk is full"
    assert path.read_bytes() == before
    assert os.listdir(small_disk) == ["map.vsm"]
    with pytest.raises(VsmFileError, match="the disk is full"):
        save_steps_csv(chain_map(2_000, "csv"), small_disk / "steps.csv")
    assert os.listdir(small_disk) == ["map.vsm"]


# -- messages in words ---------------------------------------------------------------------------


def hostile_inputs() -> list[tuple[str, bytes]]:
    map_text = dumps_map(chain_map(3, "m"))
    envelope = json.loads(map_text)
    huge = "9" * 5000
    cases = [
        ("an integer of 5,000 digits", map_text.replace('"height": 200.0', f'"height": {huge}')),
        ("a negative one", map_text.replace('"height": 200.0', f'"height": -{huge}')),
        ("a float of 5,000 digits", map_text.replace('"height": 200.0', f'"height": {huge}.5')),
        ("a byte order mark", "\ufeff" + map_text.replace('"vsm-desktop"', '"x"')),
        ("a string height", map_text.replace('"height": 200.0', '"height": "tall"')),
        ("y beyond the limit", map_text.replace('"y": ', '"y": 1e9 + ', 1).replace("+ ", "")),
    ]
    envelope["maps"][0]["lanes"] = [{"name": "x"}] * 300
    cases.append(("300 lanes", json.dumps(envelope)))
    encoded = [(what, text.encode("utf-8")) for what, text in cases]
    encoded.append(("Latin-1 bytes", map_text.encode("utf-8").replace(b'"m', b'"\xe9', 1)))
    encoded.append(("UTF-16", map_text.encode("utf-16")))
    return encoded


def test_refusals_of_map_files_never_show_python_internals():
    for what, data in hostile_inputs():
        with pytest.raises(VsmFileError) as refused:
            loads_map(data, source="map.vsm")
        message = str(refused.value)
        assert message.startswith("map.vsm"), (what, message)
        assert not any(word in message for word in INTERNALS), (what, message)
        assert len(message) < 400, (what, message)


def test_refusals_of_spreadsheets_never_show_python_internals():
    huge = "9" * 5000
    tables = {
        "people": f"id,name,people\nS1,a,{huge}\n",
        "process_time": f"id,name,process_time\nS1,a,{huge}\n",
        "pca": f"id,name,pca\nS1,a,{huge}\n",
        "rework": f"id,name,rework\nS1,a,S1:{huge}\n",
        "kind": f"id,name,kind\nS1,a,{'x' * 5000}\n",
        "predecessors": f"id,name,predecessors\nS1,a,{'x' * 5000}\n",
        "id": f"id,name\n{'x' * 5000},a\n",
        "lane": f"id,name,lane\nS1,a,{'x' * 5000}\n",
    }
    for column, table in tables.items():
        with pytest.raises(VsmFileError) as refused:
            loads_steps_csv(table, source="steps.csv")
        message = str(refused.value)
        assert message.startswith(f"steps.csv row 2, column '{column}'"), message
        assert not any(word in message for word in INTERNALS), message
        assert len(message) < 300, message
