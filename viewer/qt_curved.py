"""The curved MPR view: a path swept along a direction (:mod:`rendering.curved`) shown
flat in one viewport: a dental panoramic, a spine, a vessel.

The viewport is an ordinary :class:`QtViewport` in a :class:`QtViewportGrid`, so window
presets, zoom and measurements work on it (lengths along a row are arc length along the
path, marked "along the curve").
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from rendering.voi import Voi
from viewer.cine import CineController
from viewer.layouts import grid as grid_spec
from viewer.qt_grid import GridView, QtViewportGrid
from viewer.sources import StackSource
from viewer.view_state import ViewState
from workstation.model import Volume


class QtCurvedView(GridView, QWidget):
    """A curved MPR in one viewport, offering the shell the ``grid``, ``active``, ``cine``
    and ``active_viewport_changed`` of a :class:`~viewer.qt_study_view.QtStudyView`."""

    active_viewport_changed = Signal(object)  #: QtViewport
    notice = Signal(str)  #: something to show in the status bar

    def __init__(self, volume: Volume, parent: QWidget | None = None, *, voi: Voi | None = None,
                 date_format: str = "%d/%m/%Y") -> None:
        super().__init__(parent)
        self.volume = volume
        self.grid = QtViewportGrid(self)
        self.grid.set_layout(grid_spec(1, 1))
        viewport = self.grid.viewports[0]
        viewport.date_format = date_format
        viewport.set_source(StackSource(volume), ViewState(voi=voi))
        self.cine = CineController(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.grid, 1)
        self.grid.active_changed.connect(self.active_viewport_changed.emit)
        self.grid.set_active(viewport)

    def stop(self) -> None:
        self.cine.stop()
