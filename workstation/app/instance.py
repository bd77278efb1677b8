"""One running workstation per user and archive, and how other processes talk to it.

A RIS/HIS opens studies by running ``workstation open ...`` or a ``workstation://`` link;
the study must come up in the window the radiologist already has, not in a second copy.
The first GUI listens on a ``QLocalServer`` (a Unix socket / Windows named pipe that only
this user may open) named after the user and the archive (``WORKSTATION_HOME``), so two
users, or a test with its own archive, never meet. Requests and replies are one line of
JSON each:

* ``{"action": "ping"}`` and ``{"action": "raise"}`` -> ``{"ok": true, "pid": N}``;
* ``{"action": "open", "study_uid": UID}`` -> ``{"ok": true, "study_instance_uid": UID,
  "message": "...", "opened_at": EPOCH}`` once the window has planned the study and
  applied its hanging protocol, or ``{"ok": false, "error": "..."}``.

The client side (:func:`request`, :func:`ensure_running`) runs in the command-line process,
which has no window; it starts a GUI process when none answers.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import logging
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Slot
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from workstation.app.paths import data_dir
from workstation.model.errors import WorkstationError

log = logging.getLogger(__name__)

URL_SCHEME = "workstation"
#: How long an ``open`` waits for the window to plan the study before answering anyway.
PLAN_TIMEOUT_MS = 20_000
#: How long a starting GUI may take before its server answers.
START_TIMEOUT_S = 90.0

_client_app: QCoreApplication | None = None  #: the command-line process's application object, kept alive


class InstanceError(WorkstationError):
    """The running workstation could not be reached or did not answer."""


def server_name() -> str:
    """The local server's name: per user and per archive, short enough for a Unix socket path."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no login name (some containers)
        user = str(os.getuid()) if hasattr(os, "getuid") else "user"
    home = os.environ.get("WORKSTATION_HOME") or str(data_dir())
    digest = hashlib.sha1(f"{user}\0{Path(home).resolve()}".encode()).hexdigest()[:16]
    return f"workstation-{digest}"


def launch_command() -> list[str]:
    """The command that starts the GUI: the bundle's executable, or this Python's module."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    return [sys.executable, "-m", "workstation"]


def _detached(command: list[str], log_path: Path | None = None) -> subprocess.Popen:
    """Start ``command`` in its own session, so it outlives the command that started it."""
    out = open(log_path, "ab") if log_path is not None else subprocess.DEVNULL  # noqa: SIM115 - handed to the child
    options: dict[str, Any] = {"stdin": subprocess.DEVNULL, "stdout": out, "stderr": subprocess.STDOUT}
    if sys.platform == "win32":
        options["creationflags"] = subprocess.DETACHED_PROCESS | subprocess.CREATE_NEW_PROCESS_GROUP
    else:
        options["start_new_session"] = True
    try:
        return subprocess.Popen(command, **options)
    finally:
        if log_path is not None:
            out.close()  # type: ignore[union-attr]


# -- client ------------------------------------------------------------------------------------


def request(payload: dict[str, Any], *, reply_timeout_s: float = 60.0) -> dict[str, Any] | None:
    """Send one request to the running workstation and return its reply; None when none runs.

    Raises
    ------
    InstanceError
        An instance accepted the connection but closed it or did not answer in time.
    """
    global _client_app
    if QCoreApplication.instance() is None:  # blocking sockets want an application object
        _client_app = QCoreApplication([])
    if sys.platform == "win32":  # let the workstation's window come to the front
        import ctypes

        ctypes.windll.user32.AllowSetForegroundWindow(-1)
    socket = QLocalSocket()
    socket.connectToServer(server_name())
    if not socket.waitForConnected(1000):
        return None
    try:
        socket.write(json.dumps(payload).encode("utf-8") + b"\n")
        if not socket.waitForBytesWritten(5000):
            raise InstanceError(f"the running workstation did not take the request: {socket.errorString()}")
        deadline = time.monotonic() + reply_timeout_s
        while not socket.canReadLine():
            left = deadline - time.monotonic()
            if left <= 0:
                raise InstanceError(f"the running workstation did not answer within {reply_timeout_s:g} s")
            if not socket.waitForReadyRead(int(min(left, 1.0) * 1000)) and \
                    socket.state() != QLocalSocket.LocalSocketState.ConnectedState:
                raise InstanceError("the running workstation closed the connection without answering")
        return json.loads(bytes(socket.readLine().data()).decode("utf-8"))
    finally:
        socket.disconnectFromServer()


def ensure_running(*, timeout_s: float = START_TIMEOUT_S) -> dict[str, Any]:
    """The running workstation's ``ping`` reply, after starting one if none answers.

    The new GUI's output goes to ``gui.log`` in the data folder (named in errors).
    """
    answer = request({"action": "ping"})
    if answer is not None:
        return answer
    log_path = data_dir() / "gui.log"
    process = _detached(launch_command(), log_path)
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        code = process.poll()
        if code is not None:
            raise InstanceError(f"the workstation exited with code {code} before it could open the study "
                                f"(see {log_path})")
        answer = request({"action": "ping"})
        if answer is not None:
            return answer
        time.sleep(0.2)
    raise InstanceError(f"the workstation did not start within {timeout_s:g} s (see {log_path})")


# -- server ------------------------------------------------------------------------------------


class _PendingOpen(QObject):
    """Answers one ``open`` request once the window has planned the study (or gives up)."""

    def __init__(self, server: InstanceServer, socket: QLocalSocket, study_uid: str) -> None:
        super().__init__(server)
        self.server, self.socket, self.study_uid = server, socket, study_uid
        self.timer = QTimer(self, singleShot=True, interval=PLAN_TIMEOUT_MS)
        self.timer.timeout.connect(self.on_timeout)
        self.timer.start()

    @Slot(object, object)
    def on_planned(self, _planned: object = None, _skipped: object = None) -> None:
        self.finish({"ok": True, "study_instance_uid": self.study_uid,
                     "message": self.server.window.message.text(), "opened_at": time.time()})

    @Slot(str)
    def on_failed(self, text: str) -> None:
        self.finish({"ok": False, "error": f"study {self.study_uid} could not be opened: {text}"})

    @Slot()
    def on_timeout(self) -> None:
        self.finish({"ok": True, "study_instance_uid": self.study_uid, "opened_at": time.time(),
                     "message": "opened; still reading the images"})

    def finish(self, reply: dict[str, Any]) -> None:
        if self.timer is None:
            return  # answered already
        self.timer.stop()
        self.timer = None
        self.server.reply(self.socket, reply)
        log.info("%s study %s: %s", "opened" if reply["ok"] else "could not open", self.study_uid,
                 reply.get("message") or reply.get("error"))
        self.deleteLater()


class LinkOpener(QObject):
    """Takes the ``workstation://`` links macOS delivers to the application as file-open
    events (also the one that launched it): each is handed to a ``workstation URL``
    process, which resolves and retrieves the study without blocking the window, then
    asks the :class:`InstanceServer` to open it (waiting for it if it is still starting)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FileOpen and event.url().scheme().lower() == URL_SCHEME:
            _detached(launch_command() + [event.url().toString()])
            return True
        return False


class InstanceServer(QObject):
    """Listens for requests of other processes and opens studies in ``window``."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._on_new_connection)

    def listen(self) -> bool:
        """Start listening; a socket left by a crashed instance is removed first."""
        name = server_name()
        if not self.server.listen(name):
            QLocalServer.removeServer(name)
            if not self.server.listen(name):
                log.warning("single-instance server %s not started: %s", name, self.server.errorString())
                return False
        log.info("single-instance server listening as %s", name)
        return True

    def close(self) -> None:
        self.server.close()

    def _on_new_connection(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            socket.readyRead.connect(lambda s=socket: self._on_ready_read(s))
            socket.disconnected.connect(socket.deleteLater)

    def _on_ready_read(self, socket: QLocalSocket) -> None:
        while socket.canReadLine():
            try:
                payload = json.loads(bytes(socket.readLine().data()).decode("utf-8"))
                if not isinstance(payload, dict):
                    raise TypeError("not a JSON object")
            except (TypeError, ValueError) as exc:
                self.reply(socket, {"ok": False, "error": f"bad request: {exc}"})
                continue
            self._handle(socket, payload)

    def _handle(self, socket: QLocalSocket, payload: dict[str, Any]) -> None:
        action = payload.get("action")
        if action in ("ping", "raise"):
            if action == "raise":
                self.bring_to_front()
            self.reply(socket, {"ok": True, "pid": os.getpid()})
        elif action == "open" and isinstance(payload.get("study_uid"), str):
            self.open_study(socket, payload["study_uid"])
        else:
            self.reply(socket, {"ok": False, "error": f"unknown request {action!r}"})

    def open_study(self, socket: QLocalSocket, study_uid: str) -> None:
        """Open (or show) the study; answer when its hanging protocol has been applied."""
        already = study_uid in self.window.views
        view = self.window.open_study(study_uid)
        if view is None:
            self.reply(socket, {"ok": False, "error": f"study {study_uid} is not in the local store"})
            return
        self.bring_to_front()
        loading = self.window.loadings.get(study_uid)
        pending = _PendingOpen(self, socket, study_uid)
        if already or loading is None:
            pending.on_planned()
            return
        # Connected after the window's own slot, so the status line names the protocol.
        loading.signals.planned.connect(pending.on_planned)
        loading.signals.failed.connect(pending.on_failed)

    def bring_to_front(self) -> None:
        window = self.window
        if window.isMinimized():
            window.showNormal()
        window.show()
        window.raise_()
        window.activateWindow()

    def reply(self, socket: QLocalSocket, reply: dict[str, Any]) -> None:
        if socket.state() != QLocalSocket.LocalSocketState.ConnectedState:
            return  # the asking process has gone
        socket.write(json.dumps(reply, ensure_ascii=False).encode("utf-8") + b"\n")
        socket.flush()


def serve_main_window(app: QCoreApplication) -> None:
    """Take links at once; once the event loop runs (the main window exists by then),
    listen for other processes."""
    app._link_opener = LinkOpener(app)  # type: ignore[attr-defined]  # keep it alive
    app.installEventFilter(app._link_opener)  # type: ignore[attr-defined]

    def start() -> None:
        from workstation.app.main_window import MainWindow

        windows = [w for w in app.topLevelWidgets() if isinstance(w, MainWindow) and w.monitor_index == 0]
        if not windows:
            log.warning("no main window to serve other processes")
            return
        server = InstanceServer(windows[0])
        if server.listen():
            app._instance_server = server  # type: ignore[attr-defined]  # keep it alive

    QTimer.singleShot(0, start)
