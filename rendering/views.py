"""One entry point that renders any view of a study to RGB pixels.

``render_view("coronal", [ct])`` or ``render_view("fusion", [ct, pet])`` is what the
``workstation snapshot --view`` command and the self-test call: each view is built from
the same pieces the viewer uses (planes, reslice, VOI, colour maps, VR scene, fusion),
so a snapshot shows what a radiologist would see.

2D views are resliced directly at the output resolution with square pixels (the physical
aspect ratio is kept whatever the voxel size), centred on the volume or the crosshair.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from rendering.colormaps import apply_colormap
from rendering.fusion import fused_plane, pet_window
from rendering.planes import STANDARD_DIRECTIONS, SlicePlane, fit_plane, volume_center, volume_corners
from rendering.reslice import Interpolation, SlabMode, reslice
from rendering.transfer_functions import default_preset, vr_preset
from rendering.voi import Voi, initial_voi, volume_to_display
from rendering.volume_rendering import VolumeScene
from workstation.model import Volume

VIEW_NAMES = ("axial", "coronal", "sagittal", "oblique", "mip", "vr", "fusion")

#: Default oblique: the axial plane turned 30 degrees about the patient's left-right axis.
DEFAULT_OBLIQUE = ((1.0, 0.0, 0.0), 30.0)


def view_plane(
    volume: Volume,
    orientation: str,
    size: tuple[int, int],
    center: Sequence[float] | None = None,
    oblique: tuple[Sequence[float], float] = DEFAULT_OBLIQUE,
) -> SlicePlane:
    """The plane a 2D view of ``size`` pixels ``(w, h)`` shows, with square pixels.

    ``orientation`` is ``"axial"``, ``"coronal"``, ``"sagittal"`` or ``"oblique"`` (the
    axial plane rotated by ``oblique = (axis, degrees)`` about ``center``). The whole
    volume fits in the view.
    """
    centre = volume_center(volume) if center is None else np.asarray(center, dtype=float)
    base = "axial" if orientation == "oblique" else orientation
    if base not in STANDARD_DIRECTIONS:
        raise ValueError(f"orientation must be axial, coronal, sagittal or oblique, got {orientation!r}")
    row, column = (np.asarray(d, dtype=float) for d in STANDARD_DIRECTIONS[base])
    if orientation == "oblique":
        turned = SlicePlane(centre, row, column, (1.0, 1.0), (1, 1)).rotated(oblique[0], oblique[1], about=centre)
        row, column = turned.row, turned.column
    fitted = fit_plane(volume, row, column, centre)
    width_mm = fitted.size[0] * fitted.spacing[0]
    height_mm = fitted.size[1] * fitted.spacing[1]
    step = max(width_mm / size[0], height_mm / size[1])
    middle = fitted.center
    origin = middle - (size[0] - 1) / 2.0 * step * fitted.row - (size[1] - 1) / 2.0 * step * fitted.column
    plane = SlicePlane(origin, fitted.row, fitted.column, (step, step), size)
    return plane.through(centre)


def _grey_rgb(volume: Volume, stored: np.ndarray, voi: Voi, colormap: str, invert: bool) -> np.ndarray:
    if volume.is_colour:
        return stored.astype(np.uint8, copy=False)
    return apply_colormap(volume_to_display(volume, stored, voi, invert), colormap)


def render_view(
    view: str,
    volumes: Sequence[Volume],
    size: tuple[int, int] = (512, 512),
    window: Voi | None = None,
    *,
    center: Sequence[float] | None = None,
    oblique: tuple[Sequence[float], float] = DEFAULT_OBLIQUE,
    interpolation: Interpolation = "linear",
    slab_mm: float = 0.0,
    slab_mode: SlabMode = "mip",
    colormap: str = "grey",
    invert: bool = False,
    plane: str = "coronal",
    preset: str | None = None,
    camera: str = "anterior",
    overlay_window: Voi | None = None,
    overlay_colormap: str = "hot_iron",
    opacity: float = 0.5,
) -> np.ndarray:
    """Render one view of ``volumes[0]`` (and ``volumes[1]`` for fusion) to pixels.

    Parameters
    ----------
    view
        ``axial``, ``coronal``, ``sagittal``, ``oblique`` (MPR), ``mip`` (projection of the
        whole volume, or of ``slab_mm`` when given, in ``plane``'s orientation), ``vr``
        (volume rendering with ``preset`` from ``camera``) or ``fusion`` (``volumes[1]`` in
        ``overlay_colormap`` over ``volumes[0]`` in ``plane``'s orientation).
    volumes
        The series to show; fusion needs two (base first).
    size
        ``(w, h)`` of the result.
    window
        VOI of the (base) volume; default: the file's first window, else auto.
    center
        Crosshair in LPS mm the planes pass through; default the volume's middle voxel.
    oblique
        ``(axis, degrees)`` turning the axial plane for the oblique view.
    interpolation, slab_mm, slab_mode
        MPR sampling (see :func:`rendering.reslice.reslice`).
    colormap, invert
        Colour map and inversion of grey views (PET MIP defaults to inverted grey).
    plane
        Orientation of the ``mip`` and ``fusion`` views.
    preset, camera
        VR preset name (default by modality) and camera side (see ``VIEWS``).
    overlay_window, overlay_colormap, opacity
        Fusion overlay display (default window: SUV 0-10 for PET).

    Returns
    -------
    numpy.ndarray
        ``(h, w, 3)`` uint8.
    """
    if view not in VIEW_NAMES:
        raise ValueError(f"view must be one of {VIEW_NAMES}, got {view!r}")
    if not volumes:
        raise ValueError("render_view needs at least one volume")
    volume = volumes[0]
    if view == "vr":
        scene = VolumeScene(volume, vr_preset(preset) if preset else default_preset(volume))
        scene.reset_camera(camera)
        return scene.snapshot(size)
    voi = window if window is not None or volume.is_colour else initial_voi(volume)
    if view == "fusion":
        if len(volumes) < 2:
            raise ValueError("the fusion view needs a base and an overlay volume")
        overlay = volumes[1]
        fused = view_plane(volume, plane, size, center)
        overlay_voi = overlay_window if overlay_window is not None else (
            pet_window(overlay) if overlay.modality.upper() == "PT" else initial_voi(overlay))
        return fused_plane(volume, overlay, fused, voi, overlay_voi, overlay_colormap, opacity,
                           interpolation, slab_mm, slab_mode)
    if view == "mip":
        projection = view_plane(volume, plane, size, center)
        thickness = slab_mm if slab_mm > 0 else _thickness(volume, projection)
        stored = reslice(volume, projection, interpolation, thickness, "mip")
        pet = volume.modality.upper() in ("PT", "NM")
        mip_voi = window if window is not None else (pet_window(volume) if pet else voi)
        return _grey_rgb(volume, stored, mip_voi, colormap, invert != pet)
    mpr = view_plane(volume, view, size, center, oblique)
    return _grey_rgb(volume, reslice(volume, mpr, interpolation, slab_mm, slab_mode), voi, colormap, invert)


def _thickness(volume: Volume, plane: SlicePlane) -> float:
    """A slab through ``plane`` thick enough to hold the whole volume: a whole-volume MIP."""
    along = (volume_corners(volume) - plane.origin) @ plane.normal
    return 2.0 * float(np.abs(along).max()) + 1.0
