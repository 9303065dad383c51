from vsm_desktop.io.recovery import RecoverySession, discard_recovered, find_recoverable
from vsm_desktop.model import Element, MapInfo, ValueStreamMap


def a_map(title="Workshop map"):
    return ValueStreamMap(info=MapInfo(title=title), elements=[Element(name="Intake", wait_time=8)])


def nobody_alive(_folder):
    return False


def test_a_session_that_died_offers_its_maps_with_title_and_path(tmp_path):
    session = RecoverySession(tmp_path)
    original = a_map()
    session.write("doc1", session.serialize(original), original.info.title, "/maps/a.vsm")
    [recovered] = find_recoverable(tmp_path, nobody_alive)
    assert recovered.title == "Workshop map"
    assert recovered.original_path == "/maps/a.vsm"
    assert recovered.load() == original


def test_a_live_session_keeps_its_copies_to_itself(tmp_path):
    session = RecoverySession(tmp_path)
    session.write("doc1", session.serialize(a_map()), "Mine", None)
    assert find_recoverable(tmp_path, lambda folder: folder == session.folder) == []


def test_clean_close_and_discard_leave_nothing(tmp_path):
    session = RecoverySession(tmp_path)
    session.write("doc1", session.serialize(a_map()), "A", None)
    session.discard("doc1")
    assert find_recoverable(tmp_path, nobody_alive) == []
    session.write("doc2", session.serialize(a_map()), "B", None)
    session.close()
    assert not session.folder.exists()
    assert find_recoverable(tmp_path, nobody_alive) == []


def test_restored_copies_can_be_discarded_and_the_session_folder_goes(tmp_path):
    session = RecoverySession(tmp_path)
    session.write("doc1", session.serialize(a_map()), "A", None)
    [recovered] = find_recoverable(tmp_path, nobody_alive)
    discard_recovered(recovered)
    assert not session.folder.exists()


def test_a_damaged_sidecar_still_offers_the_map(tmp_path):
    session = RecoverySession(tmp_path)
    session.write("doc1", session.serialize(a_map()), "A", None)
    (session.folder / "doc1.json").write_bytes(b"\xff not json")
    [recovered] = find_recoverable(tmp_path, nobody_alive)
    assert recovered.title == "Untitled value stream"
    assert recovered.load().elements[0].name == "Intake"


def test_newest_first(tmp_path):
    first, second = RecoverySession(tmp_path), RecoverySession(tmp_path)
    first.write("a", first.serialize(a_map("Old")), "Old", None)
    second.write("b", second.serialize(a_map("New")), "New", None)
    meta = first.folder / "a.json"
    meta.write_text(meta.read_text().replace("20", "19", 1))  # a year long ago
    assert [r.title for r in find_recoverable(tmp_path, nobody_alive)] == ["New", "Old"]
