"""A rotating MIP shown in a viewport, computed in the background once its volume has loaded.

The MPR and fusion views show one in their fourth viewport; a hanging protocol's
``"display": "mip"`` viewport (the PET MIP of a PET/CT reading) shows one in a study's grid.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QObject, Signal

from rendering.fusion import pet_window
from rendering.reslice import rotating_mip
from rendering.voi import Voi, initial_voi
from viewer.mpr import ProjectionSource, max_pooled, pooling_factor, rotating_mip_planes
from viewer.qt_jobs import BackgroundJob
from viewer.qt_viewport import QtViewport
from viewer.view_state import ViewState
from workstation.model import Volume

#: Frames of the rotating MIP (10 degrees apart) and the voxels it is computed on at most.
MIP_FRAMES = 36
MIP_MAX_VOXELS = 160 ** 3


def projection_state(volume: Volume, voi: Voi | None = None) -> ViewState:
    """How a MIP of ``volume`` opens: PET/NM black on white in SUV (0-10 unless ``voi``
    says otherwise), as nuclear medicine reads it; anything else in ``voi`` or its own window."""
    if volume.modality.upper() in ("PT", "NM"):
        return ViewState(voi=voi or pet_window(volume), invert=True)
    return ViewState(voi=voi or initial_voi(volume))


class RotatingMipDisplay(QObject):
    """The rotating MIP of ``volume`` in ``viewport``, opening with ``state``.

    Until :meth:`start` (call it once the volume is complete) the viewport shows why it
    is empty; then the frames fill in from a background job and :attr:`ready` fires.
    """

    ready = Signal()
    failed = Signal(str)

    def __init__(self, viewport: QtViewport, volume: Volume, state: ViewState, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.viewport = viewport
        self.volume = volume
        self.state = state
        self.source: ProjectionSource | None = None
        self._job: BackgroundJob | None = None
        viewport.set_source(None)
        viewport.empty_text = self.tr("Rotating MIP: computed once the series has loaded")

    @property
    def started(self) -> bool:
        return self.source is not None or self._job is not None

    def start(self) -> None:
        """Project the (complete) volume: the viewport shows the frames as they are ready."""
        if self.volume.is_colour:
            self.viewport.empty_text = self.tr("No MIP of colour images")
            self.viewport.update()
            return
        pooled = max_pooled(self.volume, pooling_factor(self.volume, MIP_MAX_VOXELS))
        self.source = ProjectionSource(pooled, rotating_mip_planes(pooled, MIP_FRAMES))
        self.viewport.set_source(self.source, self.state)

        def compute(progress, cancel):
            return rotating_mip(pooled, MIP_FRAMES, progress=progress, cancel=cancel)

        self._job = BackgroundJob(compute, self.tr("Rotating MIP"))
        self._job.signals.finished.connect(self._on_frames)
        self._job.signals.failed.connect(self.failed)
        self._job.start()

    def stop(self) -> None:
        """Cancel the computation if it still runs."""
        if self._job is not None:
            self._job.stop()

    def _on_frames(self, frames: np.ndarray) -> None:
        assert self.source is not None
        self.source.set_frames(frames)
        self.viewport.update()
        self.ready.emit()
