"""One running VSM Desktop per user and display: a second launch hands its files to the first.

Double-clicking a .vsm file while the app is open should open that map in the window already on
the projector, not start a second copy. The first instance listens on a local socket; a later
launch connects, sends the absolute paths as one JSON line and waits for the running app to
acknowledge them; if nothing answers in time it reports failure and the caller starts normally.

The socket is private: on Unix it lives in a folder only this user can enter ($XDG_RUNTIME_DIR,
else a 0700 folder of ours in the temp folder, refused if anyone else owns it or can enter it),
and on Linux the server also checks that the peer runs as the same user. Its name includes the
display and the login session, so a launch on one display never hands its file to a window on
another. On Windows it is a named pipe that only this user may open.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import os
import socket as pysocket
import stat
import struct
import tempfile
from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QEventLoop, QObject, QTimer, Signal
from PySide6.QtNetwork import QAbstractSocket, QLocalServer, QLocalSocket

_ACK = b"ok\n"
# A handful of paths fits in a few kilobytes; anything far larger is not from our own launcher.
_MAX_MESSAGE_BYTES = 1 << 20


def _user_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name (some containers): fall back to the home folder
        return os.path.expanduser("~")


def _session_tag() -> str:
    """Which screen this launch belongs to: the display and the login session."""
    parts = [os.environ.get(name, "") for name in
             ("WAYLAND_DISPLAY", "DISPLAY", "XDG_SESSION_ID", "SESSIONNAME")]
    return "\0".join(parts)


def private_socket_folder() -> Path | None:
    """A folder only this user can enter, for the socket; None when none can be had (Unix)."""
    candidates = []
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime:
        candidates.append(Path(runtime) / "vsm-desktop")
    candidates.append(Path(tempfile.gettempdir()) / f"vsm-desktop-{os.getuid()}")
    for folder in candidates:
        try:
            folder.mkdir(mode=0o700, exist_ok=True)
            info = os.lstat(folder)  # lstat: a symlink planted by someone else is refused
        except OSError:
            continue
        if (stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid()
                and not info.st_mode & 0o077):
            return folder
    return None


def server_name_for(key: str) -> str | None:
    """The socket for this key, user, display and session; None if no private place exists.

    Hashed because Unix socket paths are limited to about 100 bytes and user names may contain
    characters a socket name cannot.
    """
    digest = hashlib.sha256(f"{key}\0{_user_name()}\0{_session_tag()}".encode()).hexdigest()
    if os.name == "nt":
        return f"vsm-desktop-{digest[:24]}"
    folder = private_socket_folder()
    return None if folder is None else str(folder / digest[:16])


def _peer_is_this_user(connection: QLocalSocket) -> bool:
    """On Linux, ask the kernel who is on the other end; elsewhere the private folder decides."""
    option = getattr(pysocket, "SO_PEERCRED", None)
    if option is None or os.name == "nt":
        return True
    descriptor = int(connection.socketDescriptor())
    if descriptor < 0:
        return False
    probe = pysocket.socket(fileno=os.dup(descriptor))
    try:
        credentials = probe.getsockopt(pysocket.SOL_SOCKET, option, struct.calcsize("3i"))
    except OSError:
        return False
    finally:
        probe.close()
    _pid, uid, _gid = struct.unpack("3i", credentials)
    return uid == os.getuid()


class SingleInstance(QObject):
    """Either forwards this launch's files to a running instance, or becomes that instance.

    Usage at startup: `if instance.forward_to_running(paths): exit`, else `instance.listen()`
    and connect `paths_received` to the main window.
    """

    paths_received = Signal(list)  # list[str]: absolute paths another launch asked us to open

    def __init__(self, key: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.server_name = server_name_for(key)
        self._server: QLocalServer | None = None
        self._buffers: dict[QLocalSocket, bytearray] = {}

    def forward_to_running(self, paths: Iterable[str], timeout_ms: int = 2000) -> bool:
        """Hand `paths` to the running instance; True means it took them and this launch may exit.

        An empty list still counts: the running window comes to the front instead of a second
        copy of the app opening. False means no instance answered within `timeout_ms`.
        """
        if self.server_name is None:
            return False
        message = json.dumps({"paths": [os.path.abspath(path) for path in paths]}).encode()
        socket = QLocalSocket()
        socket.connectToServer(self.server_name)
        if not socket.waitForConnected(timeout_ms):
            return False
        socket.write(message + b"\n")
        socket.flush()
        # Wait for the acknowledgement with a local event loop rather than waitForReadyRead, so a
        # server living in this same thread (tests, or a re-entrant launch) can still answer.
        reply = bytearray()
        loop = QEventLoop()

        def read_reply() -> None:
            reply.extend(bytes(socket.readAll()))
            if _ACK in reply:
                loop.quit()

        socket.readyRead.connect(read_reply)
        socket.disconnected.connect(loop.quit)
        QTimer.singleShot(timeout_ms, loop.quit)
        if socket.bytesAvailable():
            read_reply()
        if _ACK not in reply:
            loop.exec()
        socket.abort()
        return _ACK in reply

    def listen(self) -> bool:
        """Start accepting files from later launches; False if the socket cannot be created."""
        if self._server is not None:
            return True
        if self.server_name is None:
            return False  # no private place for the socket: run without the hand-over
        server = QLocalServer(self)
        # Only this user may connect (on Unix the socket file gets mode 0700-like access).
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.server_name):
            if server.serverError() != QAbstractSocket.SocketError.AddressInUseError:
                return False
            # A socket file left behind by a crashed instance: nobody answers on it, so reclaim it.
            QLocalServer.removeServer(self.server_name)
            if not server.listen(self.server_name):
                return False
        server.newConnection.connect(self._accept_connections)
        self._server = server
        return True

    def is_listening(self) -> bool:
        return self._server is not None and self._server.isListening()

    def close(self) -> None:
        """Stop listening and free the socket name (also done when the object is destroyed)."""
        if self._server is not None:
            self._server.close()
            self._server.deleteLater()
            self._server = None

    def _accept_connections(self) -> None:
        assert self._server is not None
        while self._server.hasPendingConnections():
            connection = self._server.nextPendingConnection()
            if not _peer_is_this_user(connection):
                connection.abort()
                connection.deleteLater()
                continue
            self._buffers[connection] = bytearray()
            connection.readyRead.connect(lambda c=connection: self._read_message(c))
            connection.disconnected.connect(lambda c=connection: self._forget(c))

    def _read_message(self, connection: QLocalSocket) -> None:
        buffer = self._buffers.get(connection)
        if buffer is None:
            return
        buffer.extend(bytes(connection.readAll()))
        if len(buffer) > _MAX_MESSAGE_BYTES:
            connection.abort()
            return
        if b"\n" not in buffer:
            return  # the rest of the message is still on its way
        line = bytes(buffer.split(b"\n", 1)[0])
        paths = _parse_paths(line)
        if paths is None:
            connection.abort()  # not our launcher speaking: ignore it
            return
        connection.write(_ACK)
        connection.flush()
        connection.disconnectFromServer()
        self.paths_received.emit(paths)

    def _forget(self, connection: QLocalSocket) -> None:
        self._buffers.pop(connection, None)
        connection.deleteLater()


def _parse_paths(line: bytes) -> list[str] | None:
    """The paths in one message, or None when the message is not a well-formed request."""
    try:
        message = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    paths = message.get("paths") if isinstance(message, dict) else None
    if not isinstance(paths, list) or not all(isinstance(path, str) for path in paths):
        return None
    return paths
