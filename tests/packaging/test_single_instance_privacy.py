"""The hand-over socket cannot be taken over by another local user, follows the display, and
goes away when the app is asked to end."""

import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import pytest

from vsm_desktop.ui import single_instance
from vsm_desktop.ui.single_instance import SingleInstance, private_socket_folder, server_name_for

pytestmark = pytest.mark.skipif(os.name == "nt", reason="Unix sockets and permissions")


@pytest.fixture
def key():
    return f"test-{uuid.uuid4().hex}"


@pytest.fixture
def only_temp_folder(monkeypatch, tmp_path):
    """No XDG_RUNTIME_DIR: the socket folder must come from the temp folder, here tmp_path."""
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    monkeypatch.setattr(tempfile, "gettempdir", lambda: str(tmp_path))
    return tmp_path / f"vsm-desktop-{os.getuid()}"


def test_the_socket_lives_in_a_folder_only_this_user_can_enter(only_temp_folder, key):
    name = server_name_for(key)
    folder = Path(name).parent
    assert folder == only_temp_folder
    info = folder.stat()
    assert info.st_uid == os.getuid()
    assert info.st_mode & 0o777 == 0o700


def test_the_runtime_folder_of_the_session_is_preferred(monkeypatch, tmp_path, key):
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    assert Path(server_name_for(key)).parent == runtime / "vsm-desktop"


def test_a_folder_others_can_enter_is_refused(only_temp_folder, key, qapp):
    only_temp_folder.mkdir(mode=0o755)
    only_temp_folder.chmod(0o755)
    assert private_socket_folder() is None
    instance = SingleInstance(key)
    assert instance.listen() is False  # the app starts without the hand-over
    assert instance.forward_to_running(["/x.vsm"], timeout_ms=200) is False


def test_a_planted_symlink_is_refused(only_temp_folder, tmp_path):
    elsewhere = tmp_path / "attacker"
    elsewhere.mkdir(mode=0o700)
    only_temp_folder.symlink_to(elsewhere)
    assert private_socket_folder() is None


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to give the folder to another user")
def test_a_folder_owned_by_someone_else_is_refused(only_temp_folder):
    only_temp_folder.mkdir(mode=0o700)
    os.chown(only_temp_folder, 65534, 65534)
    assert private_socket_folder() is None


def test_each_display_has_its_own_instance(monkeypatch, key):
    monkeypatch.setenv("DISPLAY", ":0")
    on_first = server_name_for(key)
    monkeypatch.setenv("DISPLAY", ":1")
    assert server_name_for(key) != on_first


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to connect as another user")
def test_a_connection_from_another_user_is_dropped(qapp, qtbot, key):
    # Put the socket where anyone may reach it, so only the peer check stands in the way.
    open_folder = Path(tempfile.mkdtemp(prefix="vsm-open-"))
    open_folder.chmod(0o777)
    running = SingleInstance(key)
    running.server_name = str(open_folder / "socket")
    assert running.listen()
    os.chmod(running.server_name, 0o777)
    received: list[list[str]] = []
    running.paths_received.connect(received.append)
    intruder = subprocess.Popen(
        [sys.executable, "-c", (
            "import os, socket; os.setgid(65534); os.setuid(65534);"
            "s = socket.socket(socket.AF_UNIX); s.settimeout(3);"
            f"s.connect({running.server_name!r}); print('connected');"
            "s.sendall(b'{\"paths\": [\"/evil.vsm\"]}\\n'); print(repr(s.recv(10)))"
        )],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    qtbot.waitUntil(lambda: intruder.poll() is not None, timeout=10000)
    out = intruder.stdout.read()
    running.close()
    open_folder.rmdir()
    assert "connected" in out, intruder.stderr.read()
    assert received == []
    assert "ok" not in out


@pytest.mark.slow
def test_sigterm_leaves_no_socket_behind(tmp_path):
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    env = {**os.environ, "XDG_RUNTIME_DIR": str(runtime), "HOME": str(tmp_path),
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_DATA_HOME": str(tmp_path / "data"),
           "XDG_CACHE_HOME": str(tmp_path / "cache"), "QT_QPA_PLATFORM": "offscreen"}
    app = subprocess.Popen([sys.executable, "-m", "vsm_desktop"], env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    folder = runtime / "vsm-desktop"
    deadline = time.monotonic() + 60
    while not (folder.exists() and any(folder.iterdir())):
        assert app.poll() is None, app.stderr.read()
        assert time.monotonic() < deadline, "the app never started listening"
        time.sleep(0.1)
    app.send_signal(signal.SIGTERM)
    assert app.wait(timeout=30) == 128 + signal.SIGTERM
    assert list(folder.iterdir()) == []


def test_no_private_place_means_no_listening(monkeypatch, key, qapp):
    monkeypatch.setattr(single_instance, "private_socket_folder", lambda: None)
    assert server_name_for(key) is None
    assert SingleInstance(key).listen() is False
