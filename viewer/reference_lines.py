"""Where another viewport's slice cuts this one: reference lines and the 3D cursor.

Pure geometry on :class:`SlicePlane`; the viewport draws the results.
"""

from __future__ import annotations

import numpy as np

from rendering.planes import SlicePlane


def _clip_to_rectangle(p0: np.ndarray, d: np.ndarray, plane: SlicePlane, t_range: list[float]) -> None:
    """Shrink ``t_range`` to where ``p0 + t d`` projects inside the plane's image."""
    uv0 = plane.to_pixel(p0)[:2]
    uvd = np.array([np.dot(d, plane.row) / plane.spacing[0], np.dot(d, plane.column) / plane.spacing[1]])
    limits = ((-0.5, plane.size[0] - 0.5), (-0.5, plane.size[1] - 0.5))
    for axis in range(2):
        low, high = limits[axis]
        if abs(uvd[axis]) < 1e-12:
            if not low <= uv0[axis] <= high:
                t_range[0], t_range[1] = 1.0, -1.0  # empty
            continue
        t1, t2 = (low - uv0[axis]) / uvd[axis], (high - uv0[axis]) / uvd[axis]
        t_range[0] = max(t_range[0], min(t1, t2))
        t_range[1] = min(t_range[1], max(t1, t2))


def reference_line(shown: SlicePlane, other: SlicePlane) -> tuple[np.ndarray, np.ndarray] | None:
    """End points, in ``shown``'s pixel coordinates, of the segment where ``other``'s
    image plane crosses ``shown``'s image; None when they are parallel or do not meet."""
    direction = np.cross(shown.normal, other.normal)
    norm = float(np.linalg.norm(direction))
    if norm < 1e-3:  # within ~0.06 degrees of parallel
        return None
    direction /= norm
    # A point on both planes: least-squares solution of n_a.x = n_a.o_a, n_b.x = n_b.o_b.
    normals = np.stack([shown.normal, other.normal])
    offsets = np.array([np.dot(shown.normal, shown.origin), np.dot(other.normal, other.origin)])
    point = np.linalg.lstsq(normals, offsets, rcond=None)[0]
    t_range = [-np.inf, np.inf]
    _clip_to_rectangle(point, direction, shown, t_range)
    _clip_to_rectangle(point, direction, other, t_range)
    if not t_range[0] < t_range[1]:
        return None
    a = shown.to_pixel(point + t_range[0] * direction)[:2]
    b = shown.to_pixel(point + t_range[1] * direction)[:2]
    return a, b


def project_point(shown: SlicePlane, point: np.ndarray) -> tuple[np.ndarray, float]:
    """A patient point as ``shown``'s pixel coordinates and its distance (mm) from the plane."""
    uvw = shown.to_pixel(point)
    return uvw[:2], float(uvw[2])


def nice_scale_length(mm_per_pixel_on_screen: float, target_pixels: float) -> tuple[float, float]:
    """A round length (mm) whose bar is at most ``target_pixels`` long, and that bar's pixels."""
    target_mm = target_pixels * mm_per_pixel_on_screen
    candidates = [c * 10.0 ** e for e in range(-1, 4) for c in (1, 2, 5)]
    fitting = [c for c in candidates if c <= target_mm]
    length = max(fitting) if fitting else candidates[0]
    return length, length / mm_per_pixel_on_screen
