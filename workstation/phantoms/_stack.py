"""Slice-by-slice writing of a cross-sectional stack (CT, MR, PET) from an analytic scene.

Each slice is sampled, encoded and written before the next one is computed, so memory
stays at one slice and a 512x512x300 CT writes in a few seconds.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from pydicom.dataset import Dataset

from workstation.phantoms._dicom import Progress, decimal_string, instance_uid, step, write_instance
from workstation.phantoms.scene import Scene
from workstation.phantoms.truth import Stack

#: Encoder: (modality values of one slice, the slice's dataset) -> (stored pixels,
#: rescale slope, rescale intercept). It writes any per-slice tags it needs into the
#: dataset (e.g. a PET slice's own Rescale Slope).
Encoder = Callable[[np.ndarray, Dataset], tuple[np.ndarray, float, float]]


def _unit(v: Sequence[float], name: str) -> np.ndarray:
    a = np.asarray(v, dtype=float)
    n = np.linalg.norm(a)
    if a.shape != (3,) or n < 1e-9:
        raise ValueError(f"{name} must be a non-zero 3-vector, got {v!r}")
    return a / n


@dataclass(frozen=True, eq=False)
class Grid:
    """The nominal, evenly spaced slice grid of a stack.

    ``spacing`` is ``(column spacing, row spacing)``; ``origin`` is the Image Position
    (Patient) of grid slice 0; ``step`` the vector from one slice position to the next.
    """

    shape: tuple[int, int, int]
    spacing: tuple[float, float]
    row: np.ndarray
    column: np.ndarray
    origin: np.ndarray
    step: np.ndarray

    @classmethod
    def make(cls, shape: Sequence[int], spacing: Sequence[float], orientation: Sequence[float], *,
             origin: Sequence[float] | None = None, center: Sequence[float] = (0.0, 0.0, 0.0),
             gantry_tilt_deg: float = 0.0) -> Grid:
        """A grid from (z, y, x) ``shape``, (x, y, z) ``spacing`` and six IOP cosines.

        Without ``origin`` the grid is centred on ``center``. A gantry tilt ``t`` rotates
        the column direction about the row direction towards the untilted normal
        (axial: column = (0, cos t, sin t)) while the slice position keeps advancing
        along the untilted normal (patient z for axial), as a tilted CT gantry does.
        """
        nz, ny, nx = (int(v) for v in shape)
        if min(nz, ny, nx) < 1:
            raise ValueError(f"shape must be positive (z, y, x), got {shape!r}")
        dx, dy, dz = (float(v) for v in spacing)
        if min(dx, dy, dz) <= 0:
            raise ValueError(f"spacing must be positive (x, y, z) mm, got {spacing!r}")
        if len(orientation) != 6:
            raise ValueError(f"orientation must have 6 cosines, got {orientation!r}")
        row, column = _unit(orientation[:3], "row cosines"), _unit(orientation[3:], "column cosines")
        if abs(float(row @ column)) > 1e-6:
            raise ValueError(f"row and column cosines must be orthogonal, got {orientation!r}")
        normal = np.cross(row, column)
        t = np.radians(gantry_tilt_deg)
        column = column * np.cos(t) + normal * np.sin(t)
        slice_step = normal * dz
        if origin is None:
            half = np.array([(nx - 1) * dx, (ny - 1) * dy, (nz - 1)]) / 2.0
            origin = np.asarray(center, float) - half[0] * row - half[1] * column - half[2] * slice_step
        return cls((nz, ny, nx), (dx, dy), row, column, np.asarray(origin, float), slice_step)

    @property
    def normal(self) -> np.ndarray:
        return np.cross(self.row, self.column)

    @property
    def orientation(self) -> list[float]:
        return [float(v) for v in np.concatenate([self.row, self.column])]

    @property
    def affine(self) -> np.ndarray:
        a = np.eye(4)
        a[:3, 0] = self.row * self.spacing[0]
        a[:3, 1] = self.column * self.spacing[1]
        a[:3, 2] = self.step
        a[:3, 3] = self.origin
        return a

    def position(self, k: int) -> np.ndarray:
        return self.origin + k * self.step

    def sample(self, scene: Scene, k: int) -> np.ndarray:
        """Scene values at the voxel centres of grid slice ``k``, ``(y, x)`` float64."""
        return scene.sample_plane(self.position(k), self.row, self.column, self.spacing, self.shape[1:])


def write_stack(template: Dataset, grid: Grid, scene: Scene, encode: Encoder, *, out_dir: Path,
                file_prefix: str, transfer_syntax: str, grid_indices: Sequence[int],
                file_numbers: Sequence[int], instance_numbers: Sequence[int],
                progress: Progress | None = None, cancel: threading.Event | None = None,
                what: str = "writing slices") -> Stack:
    """Write one file per slice of ``grid`` listed in ``grid_indices`` (ascending).

    ``file_numbers``/``instance_numbers`` are given in slice order. The template gets
    the per-slice General Image and Image Plane (PS3.3 C.7.6.2) attributes.
    """
    count = len(grid_indices)
    if not (len(file_numbers) == len(instance_numbers) == count):
        raise ValueError("grid_indices, file_numbers and instance_numbers must have the same length")
    template.ImageOrientationPatient = [decimal_string(v) for v in grid.orientation]
    template.PixelSpacing = [decimal_string(grid.spacing[1]), decimal_string(grid.spacing[0])]
    series_uid = template.SeriesInstanceUID
    paths, uids, slopes, intercepts = [], [], [], []
    for n, (k, file_number, number) in enumerate(zip(grid_indices, file_numbers, instance_numbers)):
        step(n, count, what, progress, cancel)
        position = grid.position(k)
        template.SOPInstanceUID = instance_uid(series_uid, number)
        template.InstanceNumber = number
        template.ImagePositionPatient = [decimal_string(v) for v in position]
        template.SliceLocation = decimal_string(float(position @ grid.normal))
        stored, slope, intercept = encode(grid.sample(scene, k), template)
        path = write_instance(template, stored, out_dir / f"{file_prefix}{file_number:05d}.dcm", transfer_syntax)
        paths.append(path)
        uids.append(str(template.SOPInstanceUID))
        slopes.append(slope)
        intercepts.append(intercept)
    step(count, count, what, progress, cancel)
    return Stack(shape=(count, grid.shape[1], grid.shape[2]), affine=grid.affine,
                 slice_paths=tuple(paths), frame_numbers=(1,) * count, grid_indices=tuple(grid_indices),
                 sop_instance_uids=tuple(uids), instance_numbers=tuple(instance_numbers),
                 rescale_slopes=tuple(slopes), rescale_intercepts=tuple(intercepts))
