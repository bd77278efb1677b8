"""The MPR view: axial, coronal and sagittal reformats of one volume on a crosshair, and a
rotating MIP of the whole volume, with slab, interpolation and reset controls.

The four viewports are ordinary :class:`QtViewport` s in a :class:`QtViewportGrid`, so every
reading action (window presets, tools, zoom, copy image, cine, maximise) works on them
as on a study's viewports: the view offers the same ``grid``, ``active``, ``cine`` and
``active_viewport_changed`` a :class:`~viewer.qt_study_view.QtStudyView` does.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QLabel, QToolBar, QToolButton, QVBoxLayout, QWidget

from rendering.planes import volume_center
from rendering.voi import Voi
from viewer.cine import CineController
from viewer.layouts import grid as grid_spec
from viewer.mpr import PLANE_NAMES, MprSource, ProjectionSource, check_mpr
from viewer.qt_crosshair import CrosshairController
from viewer.qt_grid import GridView, QtViewportGrid
from viewer.qt_projection import RotatingMipDisplay, projection_state
from viewer.qt_viewport import QtViewport
from viewer.view_state import ViewState
from workstation.model import Volume

#: Slab modes and interpolations offered, as (rendering.reslice name, label).
SLAB_MODE_LABELS = (("mip", QT_TRANSLATE_NOOP("QtMprView", "MIP")), ("minip", QT_TRANSLATE_NOOP("QtMprView", "MinIP")),
                    ("avg", QT_TRANSLATE_NOOP("QtMprView", "Average")))
INTERPOLATION_LABELS = (("nearest", QT_TRANSLATE_NOOP("QtMprView", "Nearest")),
                        ("linear", QT_TRANSLATE_NOOP("QtMprView", "Linear")),
                        ("cubic", QT_TRANSLATE_NOOP("QtMprView", "Cubic")))

def add_slab_controls(bar: QToolBar, tip: str, changed) -> tuple[QDoubleSpinBox, QComboBox]:
    """A slab thickness box (0 reads "thin") and a MIP/MinIP/Average choice on ``bar``;
    ``changed`` is called when either changes. Shared by the MPR and curved MPR views."""
    bar.addWidget(QLabel(QCoreApplication.translate("QtMprView", "Slab ")))
    thickness = QDoubleSpinBox(bar)
    thickness.setRange(0.0, 300.0)
    thickness.setDecimals(1)
    thickness.setSingleStep(1.0)
    thickness.setSuffix(" mm")
    thickness.setSpecialValueText(QCoreApplication.translate("QtMprView", "thin"))
    thickness.setToolTip(tip)
    thickness.valueChanged.connect(changed)
    bar.addWidget(thickness)
    mode = QComboBox(bar)
    for name, text in SLAB_MODE_LABELS:
        mode.addItem(QCoreApplication.translate("QtMprView", text), name)
    mode.currentIndexChanged.connect(changed)
    bar.addWidget(mode)
    return thickness, mode


#: How often a still-loading volume is checked for completion (ms).
LOADING_POLL_MS = 250


class QtMprView(GridView, QWidget):
    """Three linked MPR views of ``volume`` plus a rotating MIP.

    Parameters
    ----------
    volume
        A volumetric series (it may still be loading: the views say so until it is complete).
    center
        Where the crosshair starts (LPS mm); default the middle voxel.
    voi
        Window to open with (e.g. the one the user was reading with); default the file's.
    date_format
        For the corner text.

    Raises
    ------
    GeometryError
        If the volume cannot be reformatted (the message says why).
    """

    active_viewport_changed = Signal(object)  #: QtViewport
    notice = Signal(str)  #: something to show in the status bar

    def __init__(self, volume: Volume, parent: QWidget | None = None, *,
                 center: Sequence[float] | np.ndarray | None = None, voi: Voi | None = None,
                 date_format: str = "%d/%m/%Y") -> None:
        super().__init__(parent)
        check_mpr(volume)
        self.volume = volume
        centre = volume_center(volume) if center is None else np.asarray(center, dtype=float)
        self.sources = {name: self._make_source(name, centre) for name in PLANE_NAMES}
        self.grid = QtViewportGrid(self)
        self.grid.set_layout(grid_spec(2, 2))
        self.views = dict(zip(PLANE_NAMES, self.grid.viewports[:3], strict=True))
        self.mip_viewport: QtViewport = self.grid.viewports[3]
        for viewport in self.grid.viewports:
            viewport.date_format = date_format
        for name, viewport in self.views.items():
            source = self.sources[name]
            viewport.set_source(source, ViewState(slice_index=source.index_nearest(centre) or 0, voi=voi))
            viewport.state_changed.connect(lambda state, n=name: self._on_view_state(n, state))
        self.controller = CrosshairController(self.views, self.sources, self)
        self.controller.move_to(centre)
        self.cine = CineController(self)
        self._build_toolbar()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.grid, 1)
        self.grid.active_changed.connect(self._on_active_changed)
        self.mip = RotatingMipDisplay(self.mip_viewport, self.projection_volume(), ViewState(), self)
        self.mip.ready.connect(lambda: self.notice.emit(self.tr("Rotating MIP ready: Play MIP or Space in its view")))
        self.mip.failed.connect(self.notice)
        self._poll = QTimer(self)
        self._poll.setInterval(LOADING_POLL_MS)
        self._poll.timeout.connect(self._check_loaded)
        self._poll.start()
        self._check_loaded()
        self.grid.set_active(self.views["axial"])
        self._on_active_changed(self.grid.active)

    # -- what the view is made of (the fusion view overrides these) -------------------------

    def _make_source(self, name: str, center: np.ndarray) -> MprSource:
        return MprSource(self.volume, name, center=center)

    def projection_volume(self) -> Volume:
        """The volume the rotating MIP projects."""
        return self.volume

    def projection_state(self, volume: Volume) -> ViewState:
        """How the rotating MIP opens: with the window the views read with (PET black on white)."""
        return projection_state(volume, self.views["axial"].state.voi)

    @property
    def mip_source(self) -> ProjectionSource | None:
        """The rotating MIP's frames, once the series has loaded."""
        return self.mip.source

    # -- the shell's view of it (as QtStudyView) -----------------------------------------------

    def stop(self) -> None:
        """Stop background work and the cine (closing the view does it too)."""
        self._poll.stop()
        self.cine.stop()
        self.mip.stop()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        self.stop()
        super().closeEvent(event)

    # -- controls ------------------------------------------------------------------------------

    def _build_toolbar(self) -> None:
        bar = QToolBar(self)
        bar.setObjectName("mpr-toolbar")
        self.slab, self.slab_mode = add_slab_controls(
            bar, self.tr("Thick-slab thickness of the active view (0: thin slice)"), self._on_slab_controls)
        bar.addSeparator()
        bar.addWidget(QLabel(self.tr("Interpolation ")))
        self.interpolation = QComboBox(bar)
        for mode, text in INTERPOLATION_LABELS:
            self.interpolation.addItem(self.tr(text), mode)
        self.interpolation.setCurrentIndex(1)
        self.interpolation.currentIndexChanged.connect(
            lambda _i: self.set_interpolation(self.interpolation.currentData()))
        bar.addWidget(self.interpolation)
        bar.addSeparator()
        self.reset_button = self._button(bar, self.tr("Orthogonal"), self.tr("Reset the planes to axial, coronal "
                                                                             "and sagittal"), self.reset)
        self.crosshair_button = self._button(bar, self.tr("Crosshair"), self.tr("Show the crosshair"),
                                             self.controller.set_visible, checkable=True)
        self.crosshair_button.setChecked(True)
        self.mip_button = self._button(bar, self.tr("Play MIP"), self.tr("Play / stop the rotating MIP"),
                                       lambda: self.cine.toggle(self.mip_viewport))
        self.toolbar = bar

    def _button(self, bar: QToolBar, text: str, tip: str, slot, checkable: bool = False) -> QToolButton:
        button = QToolButton(bar)
        button.setText(text)
        button.setToolTip(tip)
        button.setCheckable(checkable)
        (button.toggled if checkable else button.clicked).connect(slot)
        bar.addWidget(button)
        return button

    def active_plane_name(self) -> str | None:
        return self.controller.name_of(self.grid.active) if self.grid.active is not None else None

    def _on_active_changed(self, viewport: QtViewport) -> None:
        name = self.controller.name_of(viewport)
        enabled = name is not None
        self.slab.setEnabled(enabled)
        self.slab_mode.setEnabled(enabled)
        if enabled:
            self._show_slab(name)
        self.active_viewport_changed.emit(viewport)

    def _show_slab(self, name: str) -> None:
        """The slab controls show view ``name``'s slab (without changing it again)."""
        source = self.sources[name]
        self.slab.blockSignals(True)
        self.slab.setValue(source.slab_mm)
        self.slab.blockSignals(False)
        self.slab_mode.blockSignals(True)
        self.slab_mode.setCurrentIndex(self.slab_mode.findData(source.slab_mode))
        self.slab_mode.blockSignals(False)

    def _on_slab_controls(self, *_args) -> None:
        name = self.active_plane_name()
        if name is not None:
            self.set_slab(name, self.slab.value(), self.slab_mode.currentData())

    # -- actions (also for the shell and tests) ------------------------------------------------

    def set_slab(self, name: str, slab_mm: float, mode: str | None = None) -> None:
        """Thick slab of ``slab_mm`` (0: thin) in ``mode`` (mip/minip/avg) for view ``name``."""
        self.sources[name].set_slab(slab_mm, mode)  # type: ignore[arg-type]
        if name == self.active_plane_name():
            self._show_slab(name)  # set from a menu, the shell or a test: the controls follow
        for viewport in self.views.values():
            viewport.update()  # the other views draw the slab's limits

    def set_interpolation(self, interpolation: str) -> None:
        """``"nearest"``, ``"linear"`` or ``"cubic"`` for all three views."""
        for name, source in self.sources.items():
            source.set_interpolation(interpolation)  # type: ignore[arg-type]
            self.views[name].update()
        index = self.interpolation.findData(interpolation)
        if index != self.interpolation.currentIndex():
            self.interpolation.blockSignals(True)
            self.interpolation.setCurrentIndex(index)
            self.interpolation.blockSignals(False)

    def reset(self) -> None:
        """Orthogonal planes through the crosshair, fitted to the views."""
        self.controller.reset()

    def _on_view_state(self, name: str, state: ViewState) -> None:
        """Window and inversion are shared by the three reformats of one volume."""
        for other, viewport in self.views.items():
            if other != name and (viewport.state.voi, viewport.state.invert) != (state.voi, state.invert):
                viewport.set_state(viewport.state.with_(voi=state.voi, invert=state.invert), emit=False)

    # -- loading and the rotating MIP -------------------------------------------------------------

    def _check_loaded(self) -> None:
        if not all(v.is_complete for v in (self.volume, self.projection_volume())):
            return
        self._poll.stop()
        for viewport in self.views.values():
            viewport.update()
        self.mip.state = self.projection_state(self.mip.volume)  # the window the views read with by now
        self.mip.start()


def open_mpr(view, volume: Volume | None = None, parent: QWidget | None = None) -> QtMprView:
    """An MPR view of ``volume`` (default: the active viewport's) opened where the user reads.

    The crosshair starts at the centre of the slice shown in ``view``'s active viewport and
    the views take its window, so MPR continues the reading instead of starting over.

    Parameters
    ----------
    view
        A :class:`~viewer.qt_study_view.QtStudyView` (anything with ``active``).

    Raises
    ------
    GeometryError
        If the series cannot be reformatted (the message gives the reason to show).
    ValueError
        If there is no volume to reformat.
    """
    viewport: QtViewport | None = view.active
    source = viewport.source if viewport is not None else None
    volume = volume or (source.volume if source is not None else None)
    if volume is None:
        raise ValueError(QCoreApplication.translate("QtMprView", "no series in the active viewport to reformat"))
    center, voi, date_format = None, None, "%d/%m/%Y"
    if viewport is not None and source is not None and source.volume is volume:
        plane = viewport.current_plane()
        center = plane.center if plane is not None and source.has_patient_geometry else None
        voi, date_format = viewport.state.voi, viewport.date_format
    return QtMprView(volume, parent, center=center, voi=voi, date_format=date_format)
