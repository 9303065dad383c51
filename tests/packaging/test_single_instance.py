"""A second launch hands its files to the running instance over a per-user local socket."""

import json
import os
import uuid

import pytest
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from vsm_desktop.ui.single_instance import SingleInstance, server_name_for

UNCONNECTED = QLocalSocket.LocalSocketState.UnconnectedState


@pytest.fixture
def key():
    """A key no other test (or real app) uses, so parallel runs never meet."""
    return f"test-{uuid.uuid4().hex}"


@pytest.fixture
def running(qapp, key):
    first = SingleInstance(key)
    assert first.listen()
    yield first
    first.close()


def test_no_running_instance_means_this_launch_starts_normally(qapp, key):
    second = SingleInstance(key)
    assert second.forward_to_running(["/tmp/a.vsm"], timeout_ms=300) is False


def test_second_launch_hands_its_files_to_the_running_one(running, key, qtbot, tmp_path):
    received: list[list[str]] = []
    running.paths_received.connect(received.append)
    first_map, second_map = tmp_path / "loan origination.vsm", tmp_path / "kyc é.vsm"

    assert SingleInstance(key).forward_to_running([str(first_map), str(second_map)])

    assert received == [[str(first_map), str(second_map)]]


def test_relative_paths_are_sent_as_absolute_paths(running, key, monkeypatch, tmp_path):
    received: list[list[str]] = []
    running.paths_received.connect(received.append)
    monkeypatch.chdir(tmp_path)

    assert SingleInstance(key).forward_to_running(["maps/payments.vsm"])

    assert received == [[os.path.join(str(tmp_path), "maps", "payments.vsm")]]


def test_a_launch_without_files_still_reaches_the_running_window(running, key):
    received: list[list[str]] = []
    running.paths_received.connect(received.append)

    assert SingleInstance(key).forward_to_running([])

    assert received == [[]]


def test_each_launch_is_delivered_separately(running, key):
    received: list[list[str]] = []
    running.paths_received.connect(received.append)

    assert SingleInstance(key).forward_to_running(["/maps/one.vsm"])
    assert SingleInstance(key).forward_to_running(["/maps/two.vsm"])

    assert received == [["/maps/one.vsm"], ["/maps/two.vsm"]]


def test_different_keys_do_not_reach_each_other(running, key):
    received: list[list[str]] = []
    running.paths_received.connect(received.append)

    assert SingleInstance(key + "-other").forward_to_running(["/x.vsm"], timeout_ms=300) is False
    assert received == []


def test_server_name_is_stable_short_and_per_key():
    assert server_name_for("vsm-desktop") == server_name_for("vsm-desktop")
    assert server_name_for("vsm-desktop") != server_name_for("vsm-desktop-beta")
    assert len(os.path.basename(server_name_for("k" * 500))) <= 24
    assert len(server_name_for("k" * 500)) < 100  # Unix socket paths are short


def test_garbage_on_the_socket_is_ignored_and_the_server_keeps_working(running, key, qtbot):
    received: list[list[str]] = []
    running.paths_received.connect(received.append)
    for junk in (b"not json\n", json.dumps({"paths": [1, 2]}).encode() + b"\n", b"[]\n"):
        intruder = QLocalSocket()
        intruder.connectToServer(running.server_name)
        assert intruder.waitForConnected(1000)
        intruder.write(junk)
        intruder.flush()
        # The server drops the connection without answering.
        qtbot.waitUntil(lambda s=intruder: s.state() == UNCONNECTED)
    assert received == []

    assert SingleInstance(key).forward_to_running(["/maps/after.vsm"])
    assert received == [["/maps/after.vsm"]]


def test_a_silent_server_is_not_mistaken_for_the_app(qapp, key):
    """Something listening that never acknowledges (a hung app) must not swallow the launch."""
    silent = QLocalServer()
    assert silent.listen(server_name_for(key))
    try:
        assert SingleInstance(key).forward_to_running(["/x.vsm"], timeout_ms=300) is False
    finally:
        silent.close()


def test_listen_reclaims_a_name_left_behind_by_a_crashed_instance(qapp, key):
    if os.name == "nt":
        pytest.skip("named pipes vanish with their process; nothing is left behind on Windows")
    # A crash leaves the socket file: simulate it with a plain bound socket file nobody serves.
    import socket as pysocket

    path = server_name_for(key)
    stale = pysocket.socket(pysocket.AF_UNIX, pysocket.SOCK_STREAM)
    stale.bind(path)
    stale.close()
    assert os.path.exists(path)

    instance = SingleInstance(key)
    try:
        assert instance.listen()
        assert instance.is_listening()
        received: list[list[str]] = []
        instance.paths_received.connect(received.append)
        assert SingleInstance(key).forward_to_running(["/maps/recovered.vsm"])
        assert received == [["/maps/recovered.vsm"]]
    finally:
        instance.close()


def test_after_close_later_launches_start_normally(qapp, key):
    instance = SingleInstance(key)
    assert instance.listen()
    instance.close()
    assert not instance.is_listening()
    assert SingleInstance(key).forward_to_running(["/x.vsm"], timeout_ms=300) is False
