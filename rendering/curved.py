"""Curved MPR: the volume sampled on the surface a path sweeps along a direction.

A path drawn on one image (a dental arch on an axial slice, a spine on a sagittal one, a
vessel on a coronal one) is swept along that image's normal. Column ``i`` of the result
is the line through the point ``i * spacing`` mm along the path; row ``j`` lies
``top - j * spacing`` mm along the sweep direction. So distances along a row are arc
length along the path and distances down a column are mm along the direction: the
"stretched" curved planar reformation, in which a tortuous vessel or an arch lies flat.

Sampling is trilinear (``vtkProbeFilter``) in the volume's index space, so oblique and
gantry-tilted (sheared) volumes are sampled where their voxels are in the patient.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from vtkmodules.util import numpy_support
from vtkmodules.vtkCommonCore import vtkPoints
from vtkmodules.vtkCommonDataModel import vtkPolyData
from vtkmodules.vtkFiltersCore import vtkProbeFilter

from rendering._vtk_image import volume_image
from rendering.planes import volume_corners
from rendering.reslice import SLAB_MODES
from workstation.model import FrameInfo, SpacingKind, Volume
from workstation.model.geometry import orientation_label

#: Samples a curved MPR may have (columns x rows); a longer path or a finer spacing is
#: refused rather than allocating without bound.
MAX_SAMPLES = 4096 * 4096


@dataclass(frozen=True)
class CurvedReformat:
    """A curved MPR image and where its pixels are.

    Attributes
    ----------
    pixels
        ``(rows, columns)`` stored values in the volume's dtype (rounded); points outside
        the volume take its minimum.
    spacing
        mm between neighbouring columns (along the path) and rows (along ``direction``).
    path
        ``(columns, 3)`` LPS points of the path, one per column, ``spacing`` mm apart.
    direction
        Unit sweep direction; row 0 is the furthest along it (``top`` mm from the path).
    top
        mm along ``direction`` of row 0, relative to the path.
    """

    pixels: np.ndarray
    spacing: float
    path: np.ndarray
    direction: np.ndarray
    top: float

    def as_volume(self, source: Volume, title: str = "Curved MPR", thickness_mm: float = 0.0) -> Volume:
        """The image as a one-frame :class:`Volume` the viewer shows like any other: the
        source's patient, study and values; its series described as ``title: <series>`` so
        the corner text, a copy or an export says what the image is, with the slab
        thickness as the frame's; spacing ``CURVED`` (measurements say "along the curve");
        rows labelled by the sweep direction, columns unlabelled."""
        series = source.series
        if series is not None:
            series = replace(series, description=f"{title}: {series.description}" if series.description else title)
        frame = FrameInfo(sop_instance_uid="", slice_thickness=thickness_mm or None)
        affine = np.diag([self.spacing, self.spacing, 1.0, 1.0])
        affine[:3, 3] = self.patient_point(0, 0)  # not a patient plane; only keeps two curves' images apart
        volume = Volume(
            self.pixels[None], affine,
            rescale_slope=source.rescale_slope, rescale_intercept=source.rescale_intercept, units=source.units,
            photometric=source.photometric, spacing_kind=SpacingKind.CURVED, modality=source.modality,
            study=source.study, series=series, frames=(frame,),
            patient_orientation=("", orientation_label(-self.direction)),
            is_volumetric=False, suv=source.suv,
        )
        volume.mark_loaded(0)
        return volume

    def patient_point(self, column: float, row: float) -> np.ndarray:
        """LPS of pixel ``(column, row)`` (fractional columns interpolate along the path)."""
        i = float(np.clip(column, 0, len(self.path) - 1))
        lower = int(np.floor(i))
        upper = min(lower + 1, len(self.path) - 1)
        on_path = self.path[lower] + (i - lower) * (self.path[upper] - self.path[lower])
        return on_path + (self.top - row * self.spacing) * self.direction


def resample_path(points: np.ndarray, spacing: float) -> np.ndarray:
    """``points`` (a polyline, ``(n, 3)``) resampled every ``spacing`` mm of arc length,
    from the first point to the last (the last sample within ``spacing`` of its end)."""
    points = np.asarray(points, dtype=float)
    if points.ndim != 2 or points.shape[1] != 3 or len(points) < 2:
        raise ValueError(f"a path needs at least 2 points (n, 3), got shape {points.shape}")
    if spacing <= 0:
        raise ValueError(f"spacing must be > 0, got {spacing}")
    arc = np.concatenate([[0.0], np.cumsum(np.linalg.norm(np.diff(points, axis=0), axis=1))])
    if arc[-1] <= 0:
        raise ValueError("the path has no length")
    s = np.arange(0.0, arc[-1] + 1e-9, spacing)
    return np.stack([np.interp(s, arc, points[:, axis]) for axis in range(3)], axis=1)


def curved_reformat(
    volume: Volume,
    path: np.ndarray,
    direction: np.ndarray,
    spacing: float | None = None,
    thickness_mm: float = 0.0,
    slab_mode: str = "mip",
) -> CurvedReformat:
    """Sample ``volume`` on the surface ``path`` sweeps along ``direction``.

    Parameters
    ----------
    volume
        A grey-scale volume with patient geometry (check it with
        :func:`viewer.mpr.check_mpr` first for a message the user can read).
    path
        ``(n, 3)`` LPS points, n >= 2, e.g. a polyline drawn on an image.
    direction
        The sweep direction, e.g. the normal of the image the path was drawn on; it must
        not run along the path.
    spacing
        mm between samples in both directions; default the volume's finest voxel size.
    thickness_mm
        A slab across the surface (perpendicular to the path and to ``direction``),
        centred on it, combined by ``slab_mode`` (``"mip"``, ``"minip"`` or ``"avg"``):
        a panoramic that holds the whole arch, a vessel that wanders off the path. It is
        sampled every ``spacing`` mm at most; 0 is the surface alone.

    Returns
    -------
    CurvedReformat
        Covering the whole volume along ``direction``.
    """
    if volume.is_colour:
        raise ValueError("a curved MPR needs a grey-scale volume")
    if slab_mode not in SLAB_MODES:
        raise ValueError(f"slab_mode must be one of {SLAB_MODES}, got {slab_mode!r}")
    direction = np.asarray(direction, dtype=float)
    norm = float(np.linalg.norm(direction))
    if direction.shape != (3,) or norm == 0:
        raise ValueError(f"direction must be a non-zero 3-vector, got {direction!r}")
    direction = direction / norm
    step = float(spacing) if spacing is not None else float(min(volume.spacing))
    samples = resample_path(path, step)
    along = np.diff(samples, axis=0)
    if len(along) and np.all(np.abs(along @ direction) > 0.999 * np.linalg.norm(along, axis=1)):
        raise ValueError("the path runs along the sweep direction: draw it across the image")
    # rows cover every voxel along the direction, from the path's furthest reach on either side
    depth = (volume_corners(volume)[:, None, :] - samples[None, :, :]) @ direction
    top, bottom = float(depth.max()), float(depth.min())
    rows = int(np.floor((top - bottom) / step)) + 1
    shifts = _across(samples, direction, thickness_mm, step)
    if rows * len(samples) * len(shifts) > MAX_SAMPLES:
        raise ValueError(f"a curved MPR of {len(samples)} x {rows} x {len(shifts)} samples is too large: "
                         "draw a shorter path, use a coarser spacing or a thinner slab")
    offsets = top - step * np.arange(rows)
    points = samples[None, :, :] + offsets[:, None, None] * direction  # (rows, columns, 3)
    layers = [_probe(volume, (points + shift).reshape(-1, 3)).reshape(rows, len(samples)) for shift in shifts]
    return CurvedReformat(_combine(layers, slab_mode), step, samples, direction, top)


def _across(samples: np.ndarray, direction: np.ndarray, thickness_mm: float, step: float) -> list[np.ndarray]:
    """``(columns, 3)`` shifts of each layer of a slab ``thickness_mm`` thick across the
    surface: along ``direction x tangent`` at each path sample, centred, ``<= step`` apart."""
    if thickness_mm <= 0:
        return [np.zeros_like(samples)]
    tangent = np.gradient(samples, axis=0)
    side = np.cross(direction, tangent)
    side /= np.maximum(np.linalg.norm(side, axis=1, keepdims=True), 1e-12)
    n = max(1, int(np.ceil(thickness_mm / step - 1e-9)))
    pitch = thickness_mm / n
    return [(k - (n - 1) / 2.0) * pitch * side for k in range(n)]


def _combine(layers: list[np.ndarray], slab_mode: str) -> np.ndarray:
    if len(layers) == 1:
        return layers[0]
    stack = np.stack(layers)
    if slab_mode == "mip":
        return stack.max(axis=0)
    if slab_mode == "minip":
        return stack.min(axis=0)
    mean = stack.mean(axis=0)
    return (np.rint(mean) if np.issubdtype(stack.dtype, np.integer) else mean).astype(stack.dtype)


def _probe(volume: Volume, lps: np.ndarray) -> np.ndarray:
    """Trilinear stored values at LPS points; the volume's minimum outside it."""
    image = volume_image(volume)
    points = vtkPoints()
    points.SetData(numpy_support.numpy_to_vtk(np.ascontiguousarray(volume.patient_to_index(lps)), deep=True))
    cloud = vtkPolyData()
    cloud.SetPoints(points)
    probe = vtkProbeFilter()
    probe.SetInputData(cloud)
    with image.lock:
        probe.SetSourceData(image.image)
        probe.Update()
        minimum = image.minimum
    data = probe.GetOutput().GetPointData()
    values = numpy_support.vtk_to_numpy(data.GetScalars()).astype(volume.pixels.dtype, copy=True)
    inside = numpy_support.vtk_to_numpy(data.GetArray(probe.GetValidPointMaskArrayName())).astype(bool)
    values[~inside] = minimum
    return values
