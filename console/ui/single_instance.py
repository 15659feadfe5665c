"""One Horseshoe per user and data directory: a second launch hands its arguments to the first
(which comes to the front) and exits.

A local socket (a Unix socket, a named pipe on Windows) named from the user and the data directory
is the rendezvous: two agents on one machine, or one agent's test data directory, never collide. A
socket left behind by a killed process answers nobody; it is removed and listened on afresh.
"""

import getpass
import hashlib
import json
import logging
import os
import stat
import sys
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

CONNECT_MS = 500
MAX_MESSAGE = 64 * 1024  # a command line, not a file


def instance_key(data_dir: Path, user: str | None = None) -> str:
    """The socket's name for ``user`` (default: whoever runs this) working in ``data_dir``."""
    if user is None:
        try:
            user = getpass.getuser()
        except (KeyError, OSError):  # no passwd entry, as in some containers
            user = ""
    digest = hashlib.sha1(f"{user}\0{Path(data_dir).resolve()}".encode()).hexdigest()[:16]
    folder = _private_folder()
    return str(folder / f"horseshoe-{digest}") if folder else f"horseshoe-{digest}"


def _private_folder() -> Path | None:
    """The user's own runtime directory on Unix (``XDG_RUNTIME_DIR``: theirs alone). Qt puts a bare
    name in /tmp, where another user who knows the name (a hash of two guessable strings) can listen
    first — and each launch of this user's would then hand its arguments over and exit."""
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if sys.platform == "win32" or not runtime:
        return None
    try:
        status = os.stat(runtime)
    except OSError:
        return None
    private = stat.S_ISDIR(status.st_mode) and not status.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    return Path(runtime) if private and status.st_uid == os.getuid() else None


class SingleInstance(QObject):
    """:meth:`claim` once at start; the first instance then hears later launches."""

    activated = Signal(list)
    """A later launch asked this instance to come forward; the list holds its arguments."""

    def __init__(self, key: str, parent: QObject | None = None):
        super().__init__(parent)
        self.key = key
        self._server: QLocalServer | None = None

    @property
    def listening(self) -> bool:
        return self._server is not None and self._server.isListening()

    def claim(self, arguments: list[str]) -> bool:
        """True: this process is the first and now listens. False: another one runs; it was sent
        ``arguments`` and this process should exit."""
        if self._send(arguments):
            return False
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)  # this user only
        if not server.listen(self.key):
            # Nobody answered above, so the socket is a dead process's leftover: remove and retry.
            QLocalServer.removeServer(self.key)
            if not server.listen(self.key):
                if self._send(arguments):  # lost a race with a launch at the same moment
                    return False
                # No rendezvous (an odd file system): run anyway rather than refuse to start.
                log.warning("single-instance socket %s unavailable: %s", self.key, server.errorString())
                return True
        server.newConnection.connect(self._accept)
        self._server = server
        return True

    def close(self) -> None:
        if self._server is not None:
            self._server.close()  # removes the socket file too
            self._server = None

    def _send(self, arguments: list[str]) -> bool:
        socket = QLocalSocket()
        socket.connectToServer(self.key)
        if not socket.waitForConnected(CONNECT_MS):
            return False
        socket.write(json.dumps(arguments).encode() + b"\n")
        socket.waitForBytesWritten(CONNECT_MS)
        socket.disconnectFromServer()
        if socket.state() != QLocalSocket.LocalSocketState.UnconnectedState:
            socket.waitForDisconnected(CONNECT_MS)
        return True

    # Slots on this object, told their socket by sender(): closures holding a socket would tie it
    # into a reference cycle that Python's collector may break after Qt deleted the socket.

    def _accept(self) -> None:
        while self._server is not None and (socket := self._server.nextPendingConnection()) is not None:
            socket.readyRead.connect(self._read)
            socket.disconnected.connect(self._finished)
            if socket.state() == QLocalSocket.LocalSocketState.UnconnectedState:
                self._finish(socket)  # the sender was quicker than us: all it said is buffered

    def _read(self) -> None:
        socket = self.sender()
        if isinstance(socket, QLocalSocket) and socket.bytesAvailable() > MAX_MESSAGE:
            socket.abort()  # a command line, not a file

    def _finished(self) -> None:
        socket = self.sender()
        if isinstance(socket, QLocalSocket):
            self._finish(socket)

    def _finish(self, socket: QLocalSocket) -> None:
        data = bytes(socket.readAll())[: MAX_MESSAGE + 1]
        socket.deleteLater()
        self._received(data)

    def _received(self, data: bytes) -> None:
        try:
            arguments = json.loads(data.decode()) if len(data) <= MAX_MESSAGE else None
        except ValueError:
            arguments = None
        if not isinstance(arguments, list) or not all(isinstance(a, str) for a in arguments):
            log.warning("ignored a malformed message on %s", self.key)
            return
        log.info("another launch asked this instance to come forward (arguments: %s)", arguments)
        self.activated.emit(arguments)
