"""Which pixels an ROI covers: those whose centre is inside the shape.

Every mask is computed only over the shape's bounding box, clipped to the image, and
returned with the box's top-left index, so a small ROI on a large image costs little.
Pixel ``(x, y)`` has its centre at integer coordinates (the Volume affine convention).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from tools.measure.geometry import Point


@dataclass(frozen=True)
class Region:
    """A boolean ``mask`` whose element ``[0, 0]`` is pixel ``(row0, col0)``."""

    row0: int
    col0: int
    mask: np.ndarray

    def take(self, pixels: np.ndarray) -> np.ndarray:
        """The selected pixels (``(n,)`` or ``(n, 3)`` for colour)."""
        rows, cols = self.mask.shape
        return pixels[self.row0:self.row0 + rows, self.col0:self.col0 + cols][self.mask]


def _box(xmin: float, ymin: float, xmax: float, ymax: float,
         shape: tuple[int, int]) -> tuple[np.ndarray, np.ndarray] | None:
    """Integer pixel-centre coordinates inside ``[min, max]`` and the image, or None."""
    c0, c1 = max(math.ceil(xmin), 0), min(math.floor(xmax), shape[1] - 1)
    r0, r1 = max(math.ceil(ymin), 0), min(math.floor(ymax), shape[0] - 1)
    if c1 < c0 or r1 < r0:
        return None
    return np.arange(r0, r1 + 1, dtype=float), np.arange(c0, c1 + 1, dtype=float)


def _empty() -> Region:
    return Region(0, 0, np.zeros((0, 0), dtype=bool))


def rectangle_region(p: Point, q: Point, shape: tuple[int, int]) -> Region:
    """Pixels whose centre lies in the axis-aligned rectangle with corners ``p``, ``q``."""
    box = _box(min(p[0], q[0]), min(p[1], q[1]), max(p[0], q[0]), max(p[1], q[1]), shape)
    if box is None:
        return _empty()
    ys, xs = box
    return Region(int(ys[0]), int(xs[0]), np.ones((ys.size, xs.size), dtype=bool))


def ellipse_region(p: Point, q: Point, shape: tuple[int, int]) -> Region:
    """Pixels whose centre lies in the ellipse inscribed in the box with corners ``p``, ``q``."""
    a, b = abs(q[0] - p[0]) / 2.0, abs(q[1] - p[1]) / 2.0
    if a == 0.0 or b == 0.0:
        return _empty()
    cx, cy = (p[0] + q[0]) / 2.0, (p[1] + q[1]) / 2.0
    box = _box(cx - a, cy - b, cx + a, cy + b, shape)
    if box is None:
        return _empty()
    ys, xs = box
    mask = ((xs[None, :] - cx) / a) ** 2 + ((ys[:, None] - cy) / b) ** 2 <= 1.0
    return Region(int(ys[0]), int(xs[0]), mask)


def polygon_region(vertices: Sequence[Point], shape: tuple[int, int]) -> Region:
    """Pixels whose centre is inside the closed polygon (even-odd rule).

    Every (edge, row) crossing is found at once (half-open in y, so a vertex on a row is
    counted once); each crossing toggles "inside" for the pixel centres to its right, and
    a cumulative sum along the row resolves the parity. The cost is the number of
    crossings plus the box, not pixels x edges, so long freehand outlines stay cheap.
    """
    v = np.asarray(vertices, dtype=float)
    if len(v) < 3:
        return _empty()
    box = _box(v[:, 0].min(), v[:, 1].min(), v[:, 0].max(), v[:, 1].max(), shape)
    if box is None:
        return _empty()
    ys, xs = box
    r0, c0 = int(ys[0]), int(xs[0])
    x0, y0 = v[:, 0], v[:, 1]
    x1, y1 = np.roll(x0, -1), np.roll(y0, -1)
    first = np.maximum(np.ceil(np.minimum(y0, y1)), ys[0]).astype(int)
    last = np.minimum(np.ceil(np.maximum(y0, y1)) - 1, ys[-1]).astype(int)
    counts = np.maximum(last - first + 1, 0)
    edge = np.repeat(np.arange(len(v)), counts)
    row = first[edge] + np.arange(edge.size) - np.repeat(np.cumsum(counts) - counts, counts)
    t = (row - y0[edge]) / (y1[edge] - y0[edge])
    cut = x0[edge] + t * (x1[edge] - x0[edge])
    toggles = np.zeros((ys.size, xs.size + 1), dtype=np.int32)
    np.add.at(toggles, (row - r0, np.clip(np.ceil(cut) - c0, 0, xs.size).astype(int)), 1)
    mask = (np.cumsum(toggles, axis=1)[:, :xs.size] % 2) == 1
    return Region(r0, c0, mask)


def shoelace_area(vertices: Sequence[Point]) -> float:
    """Area of a simple closed polygon in square pixels (Gauss's shoelace formula)."""
    v = np.asarray(vertices, dtype=float)
    if len(v) < 3:
        return 0.0
    x, y = v[:, 0], v[:, 1]
    return abs(float(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1)))) / 2.0


@dataclass(frozen=True)
class Statistics:
    """Summary of ROI values; ``sd`` is the sample SD (n - 1), as ImageJ reports it."""

    n: int
    mean: float
    sd: float
    minimum: float
    maximum: float


def statistics(values: np.ndarray) -> Statistics | None:
    """Statistics of ``values`` (float), ``None`` when the ROI covers no pixel centre."""
    if values.size == 0:
        return None
    sd = float(values.std(ddof=1)) if values.size > 1 else 0.0
    return Statistics(int(values.size), float(values.mean()), sd, float(values.min()), float(values.max()))
