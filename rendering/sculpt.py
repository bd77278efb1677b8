"""Sculpting helpers: which voxels a screen-space polygon covers when projected through a
volume (pure numpy, so it can be tested without rendering)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence

import numpy as np

from workstation.model import OperationCancelled


def polygon_mask(polygon: Sequence[tuple[float, float]] | np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    """Rasterise a closed polygon (even-odd rule) onto a ``(h, w)`` boolean image.

    ``polygon`` holds ``(x, y)`` pixel coordinates, x to the right and y down, origin at
    the top-left corner of pixel (0, 0); a pixel is inside when its centre is.
    """
    pts = np.asarray(polygon, dtype=float)
    if pts.ndim != 2 or pts.shape[1] != 2 or len(pts) < 3:
        raise ValueError(f"polygon needs at least 3 (x, y) points, got shape {pts.shape}")
    h, w = shape
    mask = np.zeros((h, w), dtype=bool)
    x0, y0 = pts[:, 0], pts[:, 1]
    x1, y1 = np.roll(x0, -1), np.roll(y0, -1)
    centres = np.arange(w) + 0.5
    for row in range(h):
        y = row + 0.5
        crossing = (y0 <= y) != (y1 <= y)
        if not crossing.any():
            continue
        xs = np.sort(x0[crossing] + (y - y0[crossing]) * (x1[crossing] - x0[crossing]) / (y1[crossing] - y0[crossing]))
        # even-odd: a pixel centre is inside when an odd number of crossings lie left of it
        mask[row] = (np.searchsorted(xs, centres) % 2) == 1
    return mask


def covered_voxels(
    shape: tuple[int, int, int],
    index_to_ndc: np.ndarray,
    mask: np.ndarray,
    progress: Callable[[int, int, str], None] | None = None,
    cancel: threading.Event | None = None,
):
    """Yield ``(k, covered)`` per slice: which voxels of slice ``k`` project into ``mask``.

    ``index_to_ndc`` is the 4x4 matrix from voxel index ``(i, j, k, 1)`` to the camera's
    normalised device coordinates (x, y in -1..1, y up); ``mask`` is the ``(h, w)`` screen
    image (row 0 at the top). Slice by slice, so memory stays a few slices' worth.
    """
    nz, ny, nx = shape
    h, w = mask.shape
    j, i = np.mgrid[0:ny, 0:nx].astype(np.float32)
    m = index_to_ndc.astype(np.float64)
    base = [m[r, 0] * i + m[r, 1] * j + m[r, 3] for r in range(4)]
    for k in range(nz):
        if cancel is not None and cancel.is_set():
            raise OperationCancelled("sculpting cancelled")
        hom = [b + m[r, 2] * k for r, b in enumerate(base)]
        with np.errstate(divide="ignore", invalid="ignore"):
            x = (hom[0] / hom[3] + 1.0) * (w / 2.0)
            y = (hom[1] / hom[3] + 1.0) * (h / 2.0)
        col = np.floor(x).astype(np.int64)
        row = h - 1 - np.floor(y).astype(np.int64)
        visible = (col >= 0) & (col < w) & (row >= 0) & (row < h) & (hom[3] > 0)
        covered = np.zeros((ny, nx), dtype=bool)
        covered[visible] = mask[row[visible], col[visible]]
        yield k, covered
        if progress is not None:
            progress(k + 1, nz, "sculpting")
