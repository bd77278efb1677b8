"""2D-only mode: check OpenGL once at start-up, off the GUI thread, and turn 3D off if it fails.

The check (:func:`workstation.app.gl_check.check_opengl`) renders a frame in a child
process, so a broken driver crashes the child, not the reading session. It starts when
the window is built and takes about a second; its answer is cached, so the 3D action
asking later gets it at once. On failure the actions in :data:`OPENGL_ACTIONS` are
disabled with the reason as their tooltip and the status bar says why; MPR, MIP and
fusion use ``vtkImageReslice`` and Qt painting, need no OpenGL, and stay on.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from workstation.app.gl_check import GlStatus, check_opengl

log = logging.getLogger(__name__)

#: Actions that open an OpenGL view (``QVTKRenderWindowInteractor``).
OPENGL_ACTIONS: tuple[str, ...] = ("volume_3d",)


class _ProbeSignals(QObject):
    finished = Signal(object)  #: GlStatus


class _Probe(QRunnable):
    def __init__(self) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the controller keeps it; Qt must not delete it under Python
        self.signals = _ProbeSignals()

    def run(self) -> None:
        status = check_opengl("screen")
        try:
            self.signals.finished.emit(status)
        except RuntimeError:  # the window closed while the child was running
            pass


class GraphicsController(QObject):
    """Disables 3D with the reason when OpenGL does not work on this computer."""

    ACTIONS = ()

    def __init__(self, window, store) -> None:
        super().__init__(window)
        self.window = window
        self.status: GlStatus | None = None
        self._probe = _Probe()
        self._probe.signals.finished.connect(self._on_probe_finished)
        QThreadPool.globalInstance().start(self._probe)

    def _on_probe_finished(self, status: GlStatus) -> None:
        self.status = status
        log.info("%s (%.2f s)", status.message(), status.seconds)
        if status.ok:
            if status.software:
                self.window.show_message(self.tr("3D uses software rendering (%1): volume rendering is slow; "
                                                 "a graphics card is recommended").replace("%1", status.detail))
            return
        text = self.tr("3D is off: OpenGL does not work on this computer (%1). 2D, MPR and fusion work "
                       "as usual.").replace("%1", status.detail)
        for action_id in OPENGL_ACTIONS:
            action = self.window.actions_by_id.get(action_id)
            if action is not None:
                action.setEnabled(False)
                action.setToolTip(text)
        self.window.show_message(text, error=True)
