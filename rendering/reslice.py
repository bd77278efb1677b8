"""MPR: sample a volume on any :class:`~rendering.planes.SlicePlane`, thin or as a slab.

Sampling runs in ``vtkImageReslice`` (C++, multithreaded, no OpenGL). The volume goes to
VTK in index space and the reslice axes are ``inv(volume.affine) @ plane.matrix()``, so
oblique acquisitions and gantry-tilted (sheared) stacks land exactly where their voxels
are in the patient. Output is in *stored* values of the volume's dtype, so the cached
VOI lookup table of :mod:`rendering.voi` applies to MPR images as to native slices;
points outside the volume take the volume's minimum (air/black, not a grey frame).
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Sequence
from typing import Literal

import numpy as np
from vtkmodules.util import numpy_support
from vtkmodules.vtkImagingCore import vtkImageReslice

from rendering._vtk_image import volume_image, vtk_matrix
from rendering.planes import SlicePlane, spacing_along, volume_corners
from workstation.model import OperationCancelled, Volume

Interpolation = Literal["nearest", "linear", "cubic"]
SlabMode = Literal["mip", "minip", "avg"]

INTERPOLATIONS: tuple[str, ...] = ("nearest", "linear", "cubic")
SLAB_MODES: tuple[str, ...] = ("mip", "minip", "avg")


def slab_sampling(volume: Volume, plane: SlicePlane, slab_mm: float) -> tuple[int, float]:
    """``(n, step_mm)``: how many planes a slab of ``slab_mm`` is sampled with, and their pitch.

    The slab is cut into ``n`` sub-slabs no thicker than the volume's native pitch along
    the normal (so no voxel is skipped) and sampled at their centres, which span
    ``slab_mm - step`` and are centred on the plane.
    """
    if slab_mm <= 0:
        return 1, spacing_along(volume, plane.normal)
    pitch = spacing_along(volume, plane.normal)
    n = max(1, math.ceil(slab_mm / pitch - 1e-6))
    return n, slab_mm / n


def set_interpolation(reslice: vtkImageReslice, interpolation: str) -> None:
    """Set a ``vtkImageReslice``'s interpolation from our name for it."""
    if interpolation not in INTERPOLATIONS:
        raise ValueError(f"interpolation must be one of {INTERPOLATIONS}, got {interpolation!r}")
    {"nearest": reslice.SetInterpolationModeToNearestNeighbor, "linear": reslice.SetInterpolationModeToLinear,
     "cubic": reslice.SetInterpolationModeToCubic}[interpolation]()


def _configure(
    reslice: vtkImageReslice, volume: Volume, plane: SlicePlane, interpolation: str, slab_mm: float, slab_mode: str,
) -> None:
    if slab_mode not in SLAB_MODES:
        raise ValueError(f"slab_mode must be one of {SLAB_MODES}, got {slab_mode!r}")
    n, step = slab_sampling(volume, plane, slab_mm)
    # output voxel (u, v, w) -> input index (i, j, k); w counts slab samples, step mm apart
    axes = np.linalg.inv(volume.affine) @ plane.matrix(normal_step=step)
    reslice.SetResliceAxes(vtk_matrix(axes))
    reslice.SetOutputSpacing(1.0, 1.0, 1.0)
    reslice.SetOutputOrigin(0.0, 0.0, 0.0)
    width, height = plane.size
    reslice.SetOutputExtent(0, width - 1, 0, height - 1, 0, 0)
    reslice.SetOutputDimensionality(2)
    set_interpolation(reslice, interpolation)
    reslice.SetSlabNumberOfSlices(n)
    reslice.SetSlabSliceSpacingFraction(1.0)
    {"mip": reslice.SetSlabModeToMax, "minip": reslice.SetSlabModeToMin, "avg": reslice.SetSlabModeToMean}[slab_mode]()


def reslice(
    volume: Volume,
    plane: SlicePlane,
    interpolation: Interpolation = "linear",
    slab_mm: float = 0.0,
    slab_mode: SlabMode = "mip",
) -> np.ndarray:
    """Sample ``volume`` on ``plane``: a thin MPR or a thick slab (MIP / MinIP / average).

    Parameters
    ----------
    volume
        Grey-scale or RGB volume; its affine may be oblique or sheared.
    plane
        Where to sample, in patient space.
    interpolation
        ``"nearest"``, ``"linear"`` (trilinear) or ``"cubic"``.
    slab_mm
        Slab thickness along the plane normal, centred on the plane; 0 for a thin plane.
    slab_mode
        How samples across the slab combine: maximum, minimum or mean.

    Returns
    -------
    numpy.ndarray
        ``plane.shape`` (``(h, w, 3)`` for colour) in the volume's stored dtype.
    """
    image = volume_image(volume)
    shape = plane.shape + ((3,) if volume.is_colour else ())
    with image.lock:  # one reslicer per volume, reused (saves ~1 ms of VTK set-up per call)
        if image.reslicer is None:
            image.reslicer = vtkImageReslice()
            image.reslicer.SetInputData(image.image)
        reslicer = image.reslicer
        reslicer.SetBackgroundLevel(image.minimum)
        _configure(reslicer, volume, plane, interpolation, slab_mm, slab_mode)
        reslicer.Update()
        out = numpy_support.vtk_to_numpy(reslicer.GetOutput().GetPointData().GetScalars())
        return out.reshape(shape).copy()  # VTK reuses its buffer; the caller owns this one


def rotating_mip(
    volume: Volume,
    n_frames: int = 36,
    axis: Sequence[float] | np.ndarray = (0.0, 0.0, 1.0),
    interpolation: Interpolation = "linear",
    progress: Callable[[int, int, str], None] | None = None,
    cancel: threading.Event | None = None,
) -> np.ndarray:
    """Frames of a MIP turning about ``axis`` (patient head-feet by default), for a cine.

    Frame 0 looks at the patient from the front (as a coronal view); frame ``i`` has the
    patient turned by ``360 * i / n_frames`` degrees. Every frame is the same square
    covering the volume's diagonal at the volume's finest spacing, so the cine does not
    change scale whatever the axis.

    Returns
    -------
    numpy.ndarray
        ``(n_frames, h, w)`` stored values.

    Raises
    ------
    OperationCancelled
        If ``cancel`` is set between frames.
    """
    if n_frames < 1:
        raise ValueError(f"n_frames must be >= 1, got {n_frames}")
    corners = volume_corners(volume)
    center = corners.mean(axis=0)
    step = float(volume.spacing.min())
    diagonal = float(np.linalg.norm(corners.max(axis=0) - corners.min(axis=0)))
    size = int(math.ceil(diagonal / step)) | 1  # odd, so the centre is a pixel centre
    row, column = np.array([1.0, 0.0, 0.0]), np.array([0.0, 0.0, -1.0])  # coronal: seen from the front
    origin = center - (size - 1) / 2 * step * (row + column)
    base = SlicePlane(origin, row, column, (step, step), (size, size))
    frames = np.empty((n_frames,) + base.shape, dtype=volume.pixels.dtype)
    for i in range(n_frames):
        if cancel is not None and cancel.is_set():
            raise OperationCancelled("rotating MIP cancelled")
        plane = base.rotated(axis, 360.0 * i / n_frames, about=center)
        frames[i] = reslice(volume, plane, interpolation, slab_mm=diagonal, slab_mode="mip")
        if progress is not None:
            progress(i + 1, n_frames, "rotating MIP")
    return frames
