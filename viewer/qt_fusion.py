"""The fusion view: PET (or any second series) in colour over CT/MR, in linked MPR views.

It is the MPR view (:class:`~viewer.qt_mpr.QtMprView`) with fused frames
(:class:`~viewer.fusion_source.FusionSource`) in the axial, coronal and sagittal views
and a rotating MIP of the overlay (PET black on white, as nuclear medicine reads it) in
the fourth. The toolbar adds the overlay colour map, its opacity and window (SUV
presets for PET), and a warning when the two series do not share a Frame of Reference.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QComboBox, QLabel, QSlider, QWidget

from rendering.voi import Voi
from rendering.window_presets import WindowPreset, load_window_presets
from viewer.fusion_source import FUSION_COLORMAPS, FusionSource
from viewer.mpr import MprSource
from viewer.qt_display_names import colormap_label, preset_label
from viewer.qt_mpr import QtMprView
from viewer.qt_projection import projection_state
from viewer.view_state import ViewState
from workstation.model import Volume


class QtFusionView(QtMprView):
    """``overlay`` fused on ``base`` in three linked MPR views plus an overlay MIP.

    Parameters
    ----------
    base, overlay
        E.g. CT and PET of one study; any grids, orientations or tilts.
    center, voi, date_format
        As :class:`QtMprView` (``voi`` is the base's window).
    window_presets
        Presets to offer for the overlay (default: the shipped ones of its modality;
        ``PT`` presets in SUV are converted with the overlay's SUV factor).

    Raises
    ------
    GeometryError
        If either series cannot be reformatted.
    """

    def __init__(self, base: Volume, overlay: Volume, parent: QWidget | None = None, *,
                 center: Sequence[float] | np.ndarray | None = None, voi: Voi | None = None,
                 date_format: str = "%d/%m/%Y", window_presets: list[WindowPreset] | None = None) -> None:
        self.overlay = overlay
        self._presets = [p for p in (window_presets if window_presets is not None else load_window_presets())
                         if p.modality == overlay.modality.upper()]
        super().__init__(base, parent, center=center, voi=voi, date_format=date_format)
        self._build_fusion_controls()
        if self.warning:
            self.notice.emit(self.warning)

    def _make_source(self, name: str, center: np.ndarray) -> MprSource:
        return FusionSource(self.volume, self.overlay, name, center=center)

    def projection_volume(self) -> Volume:
        return self.overlay

    def projection_state(self, volume: Volume) -> ViewState:
        return projection_state(volume)  # the overlay's own window, not the base's

    @property
    def fusion_sources(self) -> list[FusionSource]:
        return [s for s in self.sources.values() if isinstance(s, FusionSource)]

    @property
    def warning(self) -> str | None:
        """Why the overlay is aligned by position only (different Frames of Reference)."""
        return self.fusion_sources[0].warning

    # -- controls -------------------------------------------------------------------------------

    def _build_fusion_controls(self) -> None:
        bar = self.toolbar
        bar.addSeparator()
        self.colormap_box = QComboBox(bar)
        for name in FUSION_COLORMAPS:
            self.colormap_box.addItem(colormap_label(name), name)
        self.colormap_box.currentIndexChanged.connect(lambda _i: self.set_colormap(self.colormap_box.currentData()))
        bar.addWidget(self.colormap_box)
        bar.addWidget(QLabel(self.tr(" Opacity ")))
        self.opacity_slider = QSlider(Qt.Orientation.Horizontal, bar)
        self.opacity_slider.setRange(0, 100)
        self.opacity_slider.setValue(int(round(self.fusion_sources[0].opacity * 100)))
        self.opacity_slider.setMaximumWidth(140)
        self.opacity_slider.valueChanged.connect(lambda value: self.set_opacity(value / 100.0))
        bar.addWidget(self.opacity_slider)
        self.window_box = QComboBox(bar)
        self.window_box.addItem(self.tr("Overlay window"), None)
        for preset in self._presets:
            self.window_box.addItem(preset_label(preset.name), preset)
        self.window_box.currentIndexChanged.connect(self._on_window_preset)
        bar.addWidget(self.window_box)
        self.warning_label = QLabel(bar)
        self.warning_label.setStyleSheet("color: #ff9050; padding-left: 8px;")
        self.warning_label.setText(self.tr("Not registered: aligned by position") if self.warning else "")
        self.warning_label.setToolTip(self.warning or "")
        bar.addWidget(self.warning_label)

    def set_colormap(self, name: str) -> None:
        """Overlay colour map (``hot_iron``, ``pet``, ``rainbow``, ...)."""
        for source in self.fusion_sources:
            source.set_colormap(name)
        self._sync_box(self.colormap_box, name)
        self._repaint_fused()

    def set_opacity(self, opacity: float) -> None:
        """Overlay weight, 0 (base only) to 1 (overlay only where it has data)."""
        for source in self.fusion_sources:
            source.set_opacity(opacity)
        value = int(round(opacity * 100))
        if self.opacity_slider.value() != value:
            self.opacity_slider.blockSignals(True)
            self.opacity_slider.setValue(value)
            self.opacity_slider.blockSignals(False)
        self._repaint_fused()

    def set_overlay_window(self, window: Voi | None) -> None:
        """Overlay window in its modality units (Bq/ml for PET); None: the default."""
        for source in self.fusion_sources:
            source.set_overlay_window(window)
        self._repaint_fused()

    def apply_overlay_preset(self, preset: WindowPreset) -> None:
        """A window preset for the overlay (SUV presets converted with its SUV factor).

        Raises
        ------
        ValueError
            For an SUV preset when the overlay has no SUV parameters.
        """
        self.set_overlay_window(preset.window_for(self.overlay))

    def _on_window_preset(self, _index: int) -> None:
        preset = self.window_box.currentData()
        if preset is None:
            self.set_overlay_window(None)  # back to the default (SUV 0-10 for PET)
            return
        try:
            self.apply_overlay_preset(preset)
        except ValueError as exc:
            self.notice.emit(str(exc))

    def _sync_box(self, box: QComboBox, data: str) -> None:
        index = box.findData(data)
        if index != box.currentIndex():
            box.blockSignals(True)
            box.setCurrentIndex(index)
            box.blockSignals(False)

    def _repaint_fused(self) -> None:
        for viewport in self.views.values():
            viewport.update()


def set_fusion_look(view, *, colormap: str | None = None, opacity_step: float = 0.0) -> FusionSource | None:
    """Change the overlay's colour map or opacity (by ``opacity_step``, within 0..1) where
    the reader is: all views of a fusion tab (its toolbar follows), or the fused viewport
    active in a study (a PET/CT hanging's). Returns the source changed (its new look), or
    None when the active viewport shows no fusion."""
    if isinstance(view, QtFusionView):
        source = view.fusion_sources[0]
        if colormap is not None:
            view.set_colormap(colormap)
        if opacity_step:
            view.set_opacity(min(1.0, max(0.0, source.opacity + opacity_step)))
        return source
    viewport = getattr(view, "active", None)
    source = viewport.source if viewport is not None else None
    if not isinstance(source, FusionSource):
        return None
    if colormap is not None:
        source.set_colormap(colormap)
    if opacity_step:
        source.set_opacity(min(1.0, max(0.0, source.opacity + opacity_step)))
    viewport.update()
    return source


def fusion_partner(volumes: Sequence[Volume], base: Volume) -> Volume | None:
    """The series to fuse on ``base``: a PET/NM of the same Frame of Reference first, then
    any PET/NM, then another volumetric series of the same Frame of Reference (MR/CT)."""
    candidates = [v for v in volumes if v is not base and v.is_volumetric and not v.is_colour and v.shape[0] > 1]
    same = [v for v in candidates if base.frame_of_reference_uid and
            v.frame_of_reference_uid == base.frame_of_reference_uid]
    functional = [v for v in candidates if v.modality.upper() in ("PT", "NM")]
    for group in ([v for v in same if v in functional], functional, same):
        if group:
            return group[0]
    return None


def open_fusion(view, base: Volume | None = None, overlay: Volume | None = None,
                parent: QWidget | None = None) -> QtFusionView:
    """A fusion view from a study view: the active viewport's series as base (a CT/MR when
    the active one is the PET), the best partner among the study's series as overlay.

    Raises
    ------
    ValueError
        When there is nothing to fuse (the message says what is missing).
    GeometryError
        When a series cannot be reformatted.
    """
    viewport = view.active
    volumes = [stack.volume for stack in view.stacks.values()]
    if base is None:
        base = viewport.source.volume if viewport is not None and viewport.source is not None else None
    if base is None:
        raise ValueError(QCoreApplication.translate("QtFusionView", "no series in the active viewport to fuse"))
    if base.modality.upper() in ("PT", "NM") and overlay is None:
        anatomical = [v for v in volumes if v.modality.upper() in ("CT", "MR") and v.is_volumetric]
        if anatomical:
            base, overlay = anatomical[0], base
    overlay = overlay or fusion_partner(volumes, base)
    if overlay is None:
        raise ValueError(QCoreApplication.translate(
            "QtFusionView", "no second volumetric series (PET, SPECT, MR) in this study to fuse with"))
    voi = viewport.state.voi if viewport is not None and viewport.source is not None \
        and viewport.source.volume is base else None
    return QtFusionView(base, overlay, parent, voi=voi)
