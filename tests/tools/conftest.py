"""Analytic phantoms for the measurement tests: small Volumes whose truth is known in mm.

Every phantom is drawn in patient space (LPS mm) through the volume's own affine, so a
measurement that gets the geometry wrong (rotation, anisotropic spacing, slice origin)
measures the wrong thing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from types import SimpleNamespace

import numpy as np
import pytest

from workstation.model import FrameInfo, SeriesRecord, SpacingKind, SuvParameters, Volume

SERIES_UID = "1.2.826.0.1.3680043.10.1.1"


def rotation(axis: Sequence[float], degrees: float) -> np.ndarray:
    """Rotation matrix about ``axis`` (Rodrigues)."""
    a = np.asarray(axis, dtype=float)
    a /= np.linalg.norm(a)
    t = np.radians(degrees)
    k = np.array([[0, -a[2], a[1]], [a[2], 0, -a[0]], [-a[1], a[0], 0]])
    return np.eye(3) + np.sin(t) * k + (1 - np.cos(t)) * k @ k


def make_affine(spacing: Sequence[float] = (1.0, 1.0, 1.0), *, in_plane_degrees: float = 0.0,
                tilt: np.ndarray | None = None, origin: Sequence[float] = (-50.0, -60.0, 20.0)) -> np.ndarray:
    """Index -> LPS affine of an axial acquisition rotated in-plane by ``in_plane_degrees``
    (about the slice normal), optionally tilted out of axial by the rotation ``tilt``."""
    directions = rotation((0, 0, 1), in_plane_degrees)  # columns: row dir, column dir, normal
    if tilt is not None:
        directions = tilt @ directions
    affine = np.eye(4)
    affine[:3, :3] = directions * np.asarray(spacing, dtype=float)
    affine[:3, 3] = origin
    return affine


def make_volume(pixels: np.ndarray, affine: np.ndarray, **kwargs) -> Volume:
    """A Volume with one FrameInfo per slice (distinct SOP Instance UIDs) in one series."""
    frames = [FrameInfo(f"{SERIES_UID}.{k + 1}", 1) for k in range(pixels.shape[0])]
    series = SeriesRecord(SERIES_UID, "1.2.826.0.1.3680043.10.1")
    volume = Volume(pixels, affine, frames=frames, series=series, sop_class_uid="1.2.840.10008.5.1.4.1.1.2",
                    **kwargs)
    volume.loaded[:] = True
    return volume


def patient_grid(affine: np.ndarray, shape: tuple[int, int], k: int) -> np.ndarray:
    """LPS mm of every pixel centre of slice ``k``: ``(rows, columns, 3)``."""
    rows, cols = shape
    j, i = np.mgrid[0:rows, 0:cols].astype(float)
    ijk = np.stack([i, j, np.full_like(i, k)], axis=-1)
    return ijk @ affine[:3, :3].T + affine[:3, 3]


def disk_fraction(affine: np.ndarray, shape: tuple[int, int], k: int, centre: np.ndarray,
                  radius_mm: float, oversample: int = 4) -> np.ndarray:
    """Fraction of each pixel covered by a patient-space disk (partial volume at the edge).

    Each pixel is sampled on an ``oversample`` x ``oversample`` sub-grid, so the phantom
    looks like a real acquisition rather than like the test's own inside rule.
    """
    rows, cols = shape
    offsets = (np.arange(oversample) + 0.5) / oversample - 0.5
    covered = np.zeros(shape)
    for dj in offsets:
        for di in offsets:
            j, i = np.mgrid[0:rows, 0:cols].astype(float)
            ijk = np.stack([i + di, j + dj, np.full_like(i, k)], axis=-1)
            xyz = ijk @ affine[:3, :3].T + affine[:3, 3]
            covered += np.linalg.norm(xyz - centre, axis=-1) <= radius_mm
    return covered / oversample**2


def ct_disk(*, spacing: Sequence[float] = (0.7, 0.7, 2.0), in_plane_degrees: float = 0.0,
            radius_mm: float = 20.0, hu: float = 100.0, background: float = -1000.0,
            noise_sd: float = 0.0, shape: tuple[int, int] = (96, 96), k: int = 1) -> SimpleNamespace:
    """CT volume (3 slices, stored = HU + 1024) with a disk of ``hu`` centred on slice ``k``."""
    affine = make_affine(spacing, in_plane_degrees=in_plane_degrees)
    centre_index = np.array([(shape[1] - 1) / 2 + 0.3, (shape[0] - 1) / 2 - 0.2, k])
    centre = centre_index @ affine[:3, :3].T + affine[:3, 3]
    fraction = disk_fraction(affine, shape, k, centre, radius_mm)
    hu_slice = background + (hu - background) * fraction
    if noise_sd:
        hu_slice = hu_slice + np.random.default_rng(7).normal(0.0, noise_sd, shape)
    pixels = np.full((3, *shape), int(background + 1024), dtype=np.int16)
    pixels[k] = np.round(hu_slice + 1024).astype(np.int16)
    volume = make_volume(pixels, affine, rescale_intercept=-1024.0, units="HU", modality="CT")
    return SimpleNamespace(volume=volume, k=k, centre=centre, radius_mm=radius_mm, hu=hu)


def f18_suv(**overrides) -> SuvParameters:
    """F-18 FDG header values: 370 MBq injected at 09:00, series at 10:00, 75 kg."""
    values = dict(units="BQML", decay_correction="START", injected_dose_bq=370e6, half_life_s=6586.2,
                  injection_time=datetime(2024, 5, 6, 9, 0, 0), series_time=datetime(2024, 5, 6, 10, 0, 0),
                  patient_weight_kg=75.0)
    values.update(overrides)
    return SuvParameters(**values)


@pytest.fixture
def phantoms() -> SimpleNamespace:
    """The builders above, for tests (conftest modules are not importable by name)."""
    return SimpleNamespace(rotation=rotation, make_affine=make_affine, make_volume=make_volume,
                           patient_grid=patient_grid, disk_fraction=disk_fraction, ct_disk=ct_disk,
                           f18_suv=f18_suv, SpacingKind=SpacingKind, series_uid=SERIES_UID)


@pytest.fixture
def flat_volume() -> Callable[..., Volume]:
    """``flat_volume(spacing_kind, spacing=(sx, sy))``: a one-slice 64x64 image of zeros."""
    def build(spacing_kind: SpacingKind = SpacingKind.PATIENT, spacing: Sequence[float] = (1.0, 1.0),
              **kwargs) -> Volume:
        pixels = np.zeros((1, 64, 64), dtype=np.int16)
        return make_volume(pixels, make_affine((*spacing, 1.0)), spacing_kind=spacing_kind, **kwargs)
    return build
