"""Analytic volumes for rendering tests, built directly: the truth is the formula.

(The shared phantom generators of workstation/phantoms may replace these later.)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from workstation.model import Volume


def affine_from(directions: np.ndarray, spacing: Sequence[float], origin: Sequence[float]) -> np.ndarray:
    """4x4 index->LPS affine from three unit direction columns (i, j, k) and a spacing."""
    a = np.eye(4)
    a[:3, :3] = np.asarray(directions, float) * np.asarray(spacing, float)[None, :]
    a[:3, 3] = origin
    return a


def analytic_volume(shape: tuple[int, int, int], affine: np.ndarray,
                    values: Callable[[np.ndarray], np.ndarray], **kwargs) -> Volume:
    """A volume whose voxel (k, j, i) holds ``values(patient xyz of that voxel)`` as int16."""
    nz, ny, nx = shape
    k, j, i = np.meshgrid(np.arange(nz), np.arange(ny), np.arange(nx), indexing="ij")
    ijk = np.stack([i, j, k], axis=-1).astype(float)
    xyz = ijk @ affine[:3, :3].T + affine[:3, 3]
    pixels = np.rint(values(xyz)).astype(np.int16)
    return Volume(pixels, affine, **kwargs)


def blobs(centres: Sequence[Sequence[float]], sigma: float = 3.0, peak: float = 1000.0, background: float = 0.0):
    """Sum of Gaussian blobs at patient ``centres`` (mm): a smooth, exactly known object."""
    def values(xyz: np.ndarray) -> np.ndarray:
        out = np.full(xyz.shape[:-1], background, dtype=float)
        for c in centres:
            d2 = np.sum((xyz - np.asarray(c, float)) ** 2, axis=-1)
            out += peak * np.exp(-d2 / (2.0 * sigma ** 2))
        return out
    return values


def spheres(centres: Sequence[Sequence[float]], radius: float, inside: float = 1000.0, outside: float = -1000.0):
    def values(xyz: np.ndarray) -> np.ndarray:
        out = np.full(xyz.shape[:-1], outside, dtype=float)
        for c in centres:
            out[np.sum((xyz - np.asarray(c, float)) ** 2, axis=-1) <= radius ** 2] = inside
        return out
    return values


#: Blob centres (LPS mm) used by the geometry tests, asymmetric in every axis.
BLOB_CENTRES = ((12.0, -8.0, 5.0), (-15.0, 10.0, -9.0))


def smooth_spheres(centres: Sequence[Sequence[float]], radius: float, inside: float = 1000.0,
                   outside: float = -1000.0, edge_mm: float = 2.0):
    """Spheres with a linear partial-volume edge ``edge_mm`` wide: the iso-surface halfway
    between ``outside`` and ``inside`` is the sphere of ``radius`` to sub-voxel accuracy."""
    def values(xyz: np.ndarray) -> np.ndarray:
        t = np.zeros(xyz.shape[:-1])
        for c in centres:
            d = np.linalg.norm(xyz - np.asarray(c, float), axis=-1)
            t = np.maximum(t, np.clip((radius - d) / edge_mm + 0.5, 0.0, 1.0))
        return outside + (inside - outside) * t
    return values
