import json
import os
import stat

import pytest

from vsm_desktop import __version__
from vsm_desktop.io import CURRENT_VERSION, VsmFileError, dumps_map, load_map, loads_map, save_map
from vsm_desktop.io.migrations import MIGRATIONS, migrate
from vsm_desktop.model import Element, ElementKind, Lane, MapState, ValueStreamMap

from .generated_maps import chain_map


def small_map() -> ValueStreamMap:
    lane = Lane(name="Security")
    return ValueStreamMap(
        lanes=[lane],
        elements=[
            Element(name="Risk review", kind=ElementKind.APPROVAL, lane_id=lane.id, wait_time=3),
            Element(name="Zürich sign-off “quoted”", lane_id=lane.id, process_time=0.5),
        ],
    )


def envelope_with(change) -> str:
    """The text of a valid file after change(envelope_dict) edited it."""
    envelope = json.loads(dumps_map(small_map()))
    change(envelope)
    return json.dumps(envelope)


def test_text_is_the_documented_envelope():
    value_stream_map = small_map()
    text = dumps_map(value_stream_map)
    envelope = json.loads(text)
    assert list(envelope) == ["format", "version", "generator", "maps"]
    assert envelope["format"] == "vsm-desktop"
    assert envelope["version"] == CURRENT_VERSION
    assert envelope["generator"] == f"VSM Desktop {__version__}"
    assert list(envelope["maps"][0]) == list(ValueStreamMap.model_fields)
    assert text.endswith("}\n") and text.startswith('{\n  "format"')
    assert "Zürich sign-off “quoted”" in text  # ensure_ascii=False keeps text readable


def test_save_then_load_gives_the_same_map(tmp_path):
    value_stream_map = chain_map(50)
    path = tmp_path / "map.vsm"
    save_map(value_stream_map, path)
    assert load_map(path) == value_stream_map
    assert path.read_bytes().decode("utf-8") == dumps_map(value_stream_map)


def test_saving_twice_is_byte_identical(tmp_path):
    value_stream_map = small_map()
    save_map(value_stream_map, tmp_path / "a.vsm")
    save_map(load_map(tmp_path / "a.vsm"), tmp_path / "b.vsm")
    assert (tmp_path / "a.vsm").read_bytes() == (tmp_path / "b.vsm").read_bytes()


def test_unknown_extra_fields_are_ignored():
    value_stream_map = small_map()
    envelope = json.loads(dumps_map(value_stream_map))
    envelope["written_on"] = "a tablet"
    envelope["maps"][0]["elements"][0]["colour"] = "teal"
    envelope["maps"][0]["info"]["reviewed_by"] = "audit"
    assert loads_map(json.dumps(envelope)) == value_stream_map


def test_negative_wait_names_file_element_and_field():
    def negative_wait(envelope):
        envelope["maps"][0]["elements"][0]["wait_time"] = -3

    with pytest.raises(VsmFileError) as caught:
        loads_map(envelope_with(negative_wait), source="/some/where/map.vsm")
    error = caught.value
    assert error.element == "Risk review"
    assert error.field == "wait_time"
    assert error.path.name == "map.vsm"
    assert str(error).startswith("map.vsm: element 'Risk review' (id ")
    assert str(error).endswith("field 'wait_time': must be ≥ 0 (got -3)")


def test_an_element_without_a_name_is_named_by_its_id():
    def nameless_bad_pca(envelope):
        element = envelope["maps"][0]["elements"][1]
        element["name"] = ""
        element["pca"] = 250

    text = envelope_with(nameless_bad_pca)
    element_id = json.loads(text)["maps"][0]["elements"][1]["id"]
    with pytest.raises(VsmFileError) as caught:
        loads_map(text, source="map.vsm")
    assert caught.value.element == element_id
    assert caught.value.field == "pca"
    assert f"element {element_id}: field 'pca': must be ≤ 100 (got 250)" in str(caught.value)


def test_a_dangling_connection_end_is_reported():
    value_stream_map = chain_map(5)
    envelope = json.loads(dumps_map(value_stream_map))
    envelope["maps"][0]["connections"][0]["target_id"] = "gone"
    with pytest.raises(VsmFileError, match="field 'target_id' refers to element 'gone'"):
        loads_map(json.dumps(envelope), source="map.vsm")


def test_duplicate_element_ids_name_the_element():
    def duplicate(envelope):
        elements = envelope["maps"][0]["elements"]
        elements[1]["id"] = elements[0]["id"]

    with pytest.raises(VsmFileError, match="share the id") as caught:
        loads_map(envelope_with(duplicate), source="map.vsm")
    assert caught.value.element == "Risk review"


def test_a_newer_file_asks_to_update():
    def from_the_future(envelope):
        envelope["version"] = CURRENT_VERSION + 2

    with pytest.raises(VsmFileError) as caught:
        loads_map(envelope_with(from_the_future), source="plan.vsm")
    assert str(caught.value) == (
        f"plan.vsm: was written by a newer VSM Desktop (file format {CURRENT_VERSION + 2}); "
        f"this version reads up to {CURRENT_VERSION}. Please update."
    )


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda e: e.pop("format"), 'no "format" entry'),
        (lambda e: e.update(format="excalidraw"), "not a VSM Desktop map file"),
        (lambda e: e.pop("version"), "version must be a whole number"),
        (lambda e: e.update(version="1"), "version must be a whole number"),
        (lambda e: e.update(version=True), "version must be a whole number"),
        (lambda e: e.update(version=1.0), "version must be a whole number"),
        (lambda e: e.update(version=0), "unknown file format version 0"),
        (lambda e: e.pop("maps"), 'no "maps" entry'),
        (lambda e: e.update(maps={}), '"maps" entry must be a list'),
        (lambda e: e.update(maps=[]), '"maps" entry must be a list of at least one map'),
        (lambda e: e.update(maps=[[]]), "each map must be an object"),
        (lambda e: e.update(version=1), 'no "map" entry'),
    ],
)
def test_a_broken_envelope_is_refused(change, expected):
    with pytest.raises(VsmFileError, match=expected):
        loads_map(envelope_with(change), source="map.vsm")


def test_migrations_run_in_order_up_to_the_current_version():
    seen = []

    def one_to_two(data):
        seen.append(1)
        return {**data, "lanes": data["old_lanes"]}

    def two_to_three(data):
        seen.append(2)
        return {**data, "upgraded": True}

    steps = {1: one_to_two, 2: two_to_three}
    result = migrate({"old_lanes": []}, 1, steps=steps, current=3)
    assert seen == [1, 2]
    assert result == {"old_lanes": [], "lanes": [], "upgraded": True}
    assert migrate({"x": 1}, 3, steps=steps, current=3) == {"x": 1}


def test_every_old_version_has_a_migration():
    assert sorted(MIGRATIONS) == list(range(1, CURRENT_VERSION))


def test_save_keeps_the_previous_file_as_backup(tmp_path):
    path = tmp_path / "map.vsm"
    first, second, third = chain_map(5, "first"), chain_map(5, "second"), chain_map(5, "third")
    save_map(first, path)
    assert not (tmp_path / "map.vsm.bak").exists()  # nothing to back up yet
    save_map(second, path)
    assert load_map(tmp_path / "map.vsm.bak") == first
    save_map(third, path)
    assert load_map(path) == third
    assert load_map(tmp_path / "map.vsm.bak") == second
    save_map(first, path, keep_backup=False)
    assert load_map(tmp_path / "map.vsm.bak") == second


def test_save_leaves_no_temporary_files_and_keeps_permissions(tmp_path):
    path = tmp_path / "map.vsm"
    save_map(small_map(), path)
    os.chmod(path, 0o640)
    save_map(small_map(), path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.vsm", "map.vsm.bak"]


def test_save_through_a_symlink_updates_the_target(tmp_path):
    target = tmp_path / "real.vsm"
    save_map(small_map(), target)
    link = tmp_path / "link.vsm"
    link.symlink_to(target)
    value_stream_map = chain_map(4)
    save_map(value_stream_map, link)
    assert link.is_symlink()
    assert load_map(target) == value_stream_map


def test_save_over_a_folder_fails_cleanly(tmp_path):
    (tmp_path / "map.vsm").mkdir()
    with pytest.raises(VsmFileError, match="map.vsm: cannot save here: a folder"):
        save_map(small_map(), tmp_path / "map.vsm")


def test_save_into_a_missing_folder_fails_cleanly(tmp_path):
    with pytest.raises(VsmFileError, match="does not exist"):
        save_map(small_map(), tmp_path / "gone" / "map.vsm")


def test_failed_replace_leaves_old_file_and_no_temp(tmp_path, monkeypatch):
    """Simulates a disk that fails at the last step; works even when running as root."""
    path = tmp_path / "map.vsm"
    old = chain_map(5, "old")
    save_map(old, path, keep_backup=False)

    def disk_full(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    with pytest.raises(VsmFileError, match="map.vsm: could not save: the disk is full"):
        save_map(chain_map(5, "new"), path)
    monkeypatch.undo()
    assert load_map(path) == old
    assert [p.name for p in tmp_path.iterdir()] == ["map.vsm"]


def test_read_only_folder(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    path = folder / "map.vsm"
    old = small_map()
    save_map(old, path)
    before = path.read_bytes()
    folder.chmod(0o555)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("running as root: the folder's permissions are not enforced")
        with pytest.raises(VsmFileError, match="permission denied"):
            save_map(chain_map(5), path)
    finally:
        folder.chmod(0o755)
    assert path.read_bytes() == before


def test_read_only_folder_simulated(tmp_path, monkeypatch):
    """Root ignores folder permissions, so also refuse the temp file the way a read-only
    folder would."""
    import tempfile

    path = tmp_path / "map.vsm"
    save_map(small_map(), path)
    before = path.read_bytes()

    def refuse(*_args, **_kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    with pytest.raises(VsmFileError, match="map.vsm: could not save: permission denied"):
        save_map(chain_map(5), path)
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda p: None, "does not exist"),
        (lambda p: p.mkdir(), "is a folder"),
        (lambda p: p.write_bytes(b""), "Expecting value"),
    ],
)
def test_load_problems_with_the_path(tmp_path, make, expected):
    path = tmp_path / "map.vsm"
    make(path)
    with pytest.raises(VsmFileError, match=expected) as caught:
        load_map(path)
    assert caught.value.path == path


def test_a_map_too_large_to_reopen_is_not_saved(tmp_path, monkeypatch):
    from vsm_desktop.io import vsm_file

    path = tmp_path / "map.vsm"
    save_map(small_map(), path)
    before = path.read_bytes()
    monkeypatch.setattr(vsm_file, "MAX_FILE_BYTES", len(before) + 100)
    with pytest.raises(VsmFileError, match="map.vsm: could not save: the map would take"):
        save_map(chain_map(20), path)
    assert path.read_bytes() == before


@pytest.mark.slow
@pytest.mark.timeout(300)  # 6.5 s of CPU alone, 33 s of wall at load 15: over the usual minute
def test_the_largest_map_the_model_allows_saves_and_opens_with_its_future_state(tmp_path):
    """The file limits agree with the element limit: a map of MAX_ELEMENTS elements and its
    future state, the app's usual pair, is saved and read back (53 MB, 3.2 million values)."""
    from benchmarks.generate import generate_map
    from vsm_desktop.io import load_states, save_states
    from vsm_desktop.model import MapStates
    from vsm_desktop.model.value_stream_map import MAX_ELEMENTS

    current = generate_map(MAX_ELEMENTS)
    future = current.derive_future_state()
    path = tmp_path / "largest.vsm"
    save_states(MapStates(maps=[current, future]), path, keep_backup=False)
    reread = load_states(path)
    assert [len(m.elements) for m in reread.maps] == [MAX_ELEMENTS, MAX_ELEMENTS]
    assert reread.maps[1].info.state is MapState.FUTURE


def test_names_with_a_nul_character_are_refused(tmp_path):
    with pytest.raises(VsmFileError, match="file name is not valid"):
        load_map(tmp_path / "a\0b.vsm")
    with pytest.raises(VsmFileError, match="file name is not valid"):
        save_map(small_map(), tmp_path / "a\0b.vsm")


def test_an_unreadable_file_is_reported_as_unreadable(tmp_path, monkeypatch):
    """Simulated when run as root (root reads any file); for real otherwise."""
    from vsm_desktop.io import safe_read

    path = tmp_path / "map.vsm"
    save_map(small_map(), path)
    path.chmod(0)
    if os.access(path, os.R_OK):
        real_open = os.open

        def refuse(name, flags, *args, **kwargs):
            if os.fspath(name) == os.fspath(path):
                raise PermissionError(13, "Permission denied")
            return real_open(name, flags, *args, **kwargs)

        monkeypatch.setattr(safe_read.os, "open", refuse)
    with pytest.raises(VsmFileError) as refused:
        load_map(path)
    message = str(refused.value)
    assert message == "map.vsm: cannot read it: you do not have permission to read it"
    assert "folder" not in message and "read-only" not in message
