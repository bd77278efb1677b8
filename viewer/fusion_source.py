"""Fused MPR frames: a base volume in grey with an overlay volume blended in colour.

PET/CT, SPECT/CT, MR/CT, MR/MR: both volumes are resliced on the *same* patient-space
plane (rendering.fusion), so the fused frame ``k`` is exactly the base's MPR frame ``k``
with the overlay sampled where those pixels are in the patient. Series of one Frame of
Reference (PS3.3 C.7.4.1) share patient coordinates; others are aligned by their volume
centres and :attr:`FusionSource.warning` says so for the user to see.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable, Sequence

import numpy as np

from rendering.colormaps import COLORMAP_NAMES
from rendering.fusion import alignment, fuse, inside_mask, pet_window, suv_factor
from rendering.planes import SlicePlane
from rendering.reslice import Interpolation, SlabMode, reslice
from rendering.voi import Voi, initial_voi, volume_to_display
from viewer.images import pack_rgb32
from viewer.mpr import DEFAULT_CACHE_FRAMES, MprSource, check_mpr
from workstation.model import Volume, Window

#: Overlay colour maps offered for fusion, in menu order.
FUSION_COLORMAPS = ("hot_iron", "pet", "rainbow", "hot_metal_blue", "pet_20_step", "grey")


def default_overlay_window(overlay: Volume) -> Voi:
    """SUV 0-10 for PET (0 to the 99.9th percentile without SUV), else the file's window."""
    if overlay.modality.upper() in ("PT", "NM"):
        return pet_window(overlay)
    return initial_voi(overlay)


class FusionSource(MprSource):
    """MPR frames of ``base`` with ``overlay`` blended in ``colormap`` at ``opacity``.

    Parameters
    ----------
    base
        The anatomical volume shown in grey (CT, MR); frames, planes, slab and
        interpolation are those of an :class:`MprSource` of it.
    overlay
        The functional or second volume (PET, SPECT, MR), grey-scale; it may have any
        grid, orientation or tilt.
    colormap, opacity, overlay_window
        How the overlay is shown (default window: :func:`default_overlay_window`).

    Raises
    ------
    GeometryError
        If either volume cannot be reformatted.
    """

    def __init__(
        self,
        base: Volume,
        overlay: Volume,
        orientation: str | SlicePlane = "axial",
        *,
        center: Sequence[float] | np.ndarray | None = None,
        colormap: str = "hot_iron",
        opacity: float = 0.5,
        overlay_window: Voi | None = None,
        interpolation: Interpolation = "linear",
        slab_mm: float = 0.0,
        slab_mode: SlabMode = "mip",
        cache_frames: int = DEFAULT_CACHE_FRAMES,
    ) -> None:
        check_mpr(overlay)
        if base.is_colour or overlay.is_colour:
            raise ValueError("fusion needs grey-scale base and overlay volumes")
        super().__init__(base, orientation, center=center, interpolation=interpolation, slab_mm=slab_mm,
                         slab_mode=slab_mode, cache_frames=cache_frames)
        self.overlay = overlay
        align = alignment(overlay, base)
        self.offset = align.offset
        #: why the overlay is only aligned by position (different Frames of Reference), or None
        self.warning = align.warning
        self._overlay_cache: OrderedDict[int, np.ndarray] = OrderedDict()
        self._look = 0
        self._colormap = "hot_iron"
        self._opacity = 0.5
        self.set_colormap(colormap)
        self.set_opacity(opacity)
        self._overlay_window = overlay_window

    # -- how the overlay looks -------------------------------------------------------------------

    @property
    def colormap(self) -> str:
        return self._colormap

    @property
    def opacity(self) -> float:
        return self._opacity

    @property
    def overlay_window(self) -> Voi:
        """The overlay's window; by default :func:`default_overlay_window`, decided once the
        overlay has loaded (an automatic window of half-loaded pixels would be wrong)."""
        if self._overlay_window is not None:
            return self._overlay_window
        window = default_overlay_window(self.overlay)
        if self.overlay.is_complete:
            self._overlay_window = window
        return window

    def set_colormap(self, name: str) -> None:
        key = name.lower()
        if key not in COLORMAP_NAMES:
            raise ValueError(f"colormap must be one of {COLORMAP_NAMES}, got {name!r}")
        self._colormap = key
        self._look += 1

    def set_opacity(self, opacity: float) -> None:
        opacity = float(opacity)
        if not 0.0 <= opacity <= 1.0:
            raise ValueError(f"opacity must be within 0..1, got {opacity}")
        self._opacity = opacity
        self._look += 1

    def set_overlay_window(self, window: Voi | None) -> None:
        """The overlay's window in its modality units (see ``WindowPreset.window_for`` for SUV);
        None goes back to the default."""
        self._overlay_window = window
        self._look += 1

    # -- frames ------------------------------------------------------------------------------------

    @property
    def key(self) -> Hashable:
        return id(self), self._revision, self._look

    def _changed(self) -> None:
        self._overlay_cache.clear()
        super()._changed()

    def is_loaded(self, k: int) -> bool:
        return self.volume.is_complete and self.overlay.is_complete

    def overlay_plane(self, k: int) -> SlicePlane:
        """Where frame ``k``'s pixels are in the overlay's patient space (shifted when the
        Frames of Reference differ)."""
        plane = self.plane(k)
        return plane.replace(origin=plane.origin - self.offset)

    def overlay_values(self, k: int) -> np.ndarray:
        """The overlay on frame ``k``'s pixels in its modality units (float32), NaN outside it."""
        values = self._overlay_cache.get(k)
        if values is not None:
            self._overlay_cache.move_to_end(k)
            return values
        plane = self.overlay_plane(k)
        stored = reslice(self.overlay, plane, self.interpolation, self.slab_mm, self.slab_mode)  # type: ignore[arg-type]
        values = np.asarray(self.overlay.to_modality(stored), dtype=np.float32)
        values[~inside_mask(self.overlay, plane)] = np.nan
        self._overlay_cache[k] = values
        while len(self._overlay_cache) > self._cache_frames:
            self._overlay_cache.popitem(last=False)
        return values

    def display_pixels(self, k: int, voi: Voi | None, invert: bool, colormap: str) -> np.ndarray | None:
        """The fused frame: the base through ``voi``/``colormap``, the overlay blended on top."""
        if voi is None:
            return None
        grey = volume_to_display(self.volume, self.frame(k), voi, invert)
        fused = fuse(grey, self.overlay_values(k), self._colormap, self.overlay_window, self._opacity,
                     base_colormap=colormap)
        return pack_rgb32(fused)

    def overlay_scale(self) -> tuple[str, str, float] | None:
        """E.g. ``("PT SUV 0-5", "hot_iron", 0.5)``: what the colours stand for. PET is
        given in SUVbw when its header allows, other overlays by their window in their units."""
        window = self.overlay_window
        if not isinstance(window, Window):
            return f"{self.overlay.modality} VOI LUT", self._colormap, self._opacity
        low, high = window.center - window.width / 2.0, window.center + window.width / 2.0
        try:
            factor = suv_factor(self.overlay) if self.overlay.modality.upper() in ("PT", "NM") else None
        except ValueError:
            factor = None
        if factor is not None:
            scale = f"SUV {low * factor:.3g}-{high * factor:.3g}"
        else:
            scale = f"{low:.4g}-{high:.4g} {self.overlay.units}".rstrip()
        return f"{self.overlay.modality} {scale}", self._colormap, self._opacity

    def overlay_text(self, k: int, x: int, y: int) -> str:
        """The overlay's value at pixel ``(x, y)`` of frame ``k`` (SUVbw for PET when known)."""
        values = self.overlay_values(k)
        if not (0 <= y < values.shape[0] and 0 <= x < values.shape[1]) or not np.isfinite(values[y, x]):
            return ""
        value = float(values[y, x])
        modality = self.overlay.modality or "overlay"
        try:
            return f"{modality} SUVbw {value * suv_factor(self.overlay):.2f}"
        except ValueError:
            pass  # no SUV: the modality value in its units
        unit = self.overlay.units if self.overlay.units not in ("", "US") else ""
        return f"{modality} {value:.4g} {unit}".strip()
