"""The curved MPR view: a path swept along a direction (:mod:`rendering.curved`) shown
flat in one viewport: a dental panoramic, a spine, a vessel.

The viewport is an ordinary :class:`QtViewport` in a :class:`QtViewportGrid`, so window
presets, zoom and measurements work on it (lengths along a row are arc length along the
path, marked "along the curve").
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QToolBar, QVBoxLayout, QWidget

from rendering.curved import curved_reformat
from rendering.voi import Voi
from viewer.cine import CineController
from viewer.layouts import grid as grid_spec
from viewer.qt_grid import GridView, QtViewportGrid
from viewer.qt_mpr import add_slab_controls
from viewer.sources import StackSource
from viewer.view_state import ViewState
from workstation.model import Volume


class QtCurvedView(GridView, QWidget):
    """A curved MPR of ``volume`` along ``path`` swept along ``direction``, in one viewport,
    with a slab across the surface; it offers the shell the ``grid``, ``active``, ``cine``
    and ``active_viewport_changed`` of a :class:`~viewer.qt_study_view.QtStudyView`.

    Raises
    ------
    ValueError
        The path cannot be swept (too short, along ``direction``, too large an image).
    """

    active_viewport_changed = Signal(object)  #: QtViewport
    notice = Signal(str)  #: something to show in the status bar

    def __init__(self, volume: Volume, path: np.ndarray, direction: np.ndarray, parent: QWidget | None = None, *,
                 voi: Voi | None = None, date_format: str = "%d/%m/%Y") -> None:
        super().__init__(parent)
        self.volume = volume
        self.path, self.direction = np.asarray(path, dtype=float), np.asarray(direction, dtype=float)
        self.grid = QtViewportGrid(self)
        self.grid.set_layout(grid_spec(1, 1))
        viewport = self.grid.viewports[0]
        viewport.date_format = date_format
        self.cine = CineController(self)
        bar = QToolBar(self)
        bar.setObjectName("curved-mpr-toolbar")
        self.slab, self.slab_mode = add_slab_controls(
            bar, self.tr("Slab across the curved surface, centred on it (0: the surface only)"),
            lambda *_: self.set_slab(self.slab.value(), self.slab_mode.currentData()))
        self.toolbar = bar
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(bar)
        layout.addWidget(self.grid, 1)
        self.grid.active_changed.connect(self.active_viewport_changed.emit)
        self._thickness, self._mode = 0.0, "mip"
        viewport.set_source(StackSource(self._reformat()), ViewState(voi=voi))
        self.grid.set_active(viewport)

    def _reformat(self) -> Volume:
        curved = curved_reformat(self.volume, self.path, self.direction, thickness_mm=self._thickness,
                                 slab_mode=self._mode)
        return curved.as_volume(self.volume, self.tr("Curved MPR"), self._thickness)

    def set_slab(self, thickness_mm: float, mode: str | None = None) -> None:
        """Re-sample with a slab of ``thickness_mm`` across the surface combined by ``mode``
        (mip/minip/avg); the window, zoom and pan stay."""
        mode = mode or self._mode
        if (float(thickness_mm), mode) == (self._thickness, self._mode):
            return
        self._thickness, self._mode = float(thickness_mm), mode
        viewport = self.grid.viewports[0]
        viewport.set_source(StackSource(self._reformat()), viewport.state)
        self.slab.blockSignals(True)  # set from the shell or a test: the controls follow
        self.slab.setValue(self._thickness)
        self.slab.blockSignals(False)
        self.slab_mode.blockSignals(True)
        self.slab_mode.setCurrentIndex(self.slab_mode.findData(self._mode))
        self.slab_mode.blockSignals(False)

    def stop(self) -> None:
        self.cine.stop()
