"""Analytic phantom shapes in patient space and their sampling at voxel centres.

A :class:`Scene` is a background value plus shapes painted in order (a later shape
overrides an earlier one where they overlap). Sampling is a pure point test at the voxel
centre, with no anti-aliasing: a voxel whose centre lies inside a sphere holds exactly the
sphere's value. That is what makes the phantoms usable as ground truth: a test can compute
the expected value of any voxel from the shape list alone.

Coordinates are DICOM patient coordinates, LPS millimetres (PS3.3 C.7.6.2.1.1): +x to the
patient's Left, +y Posterior, +z Head. Projection phantoms reuse the same classes in
detector millimetres (x along a row, y down a column, z = 0).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Protocol

import numpy as np

Point = tuple[float, float, float]


def _point(values: Sequence[float], name: str) -> Point:
    if len(values) != 3:
        raise ValueError(f"{name} must have 3 components, got {values!r}")
    x, y, z = (float(v) for v in values)
    return x, y, z


class Shape(Protocol):
    """What a scene needs from a shape: a point test, a bounding box, a centre and a value."""

    center: Point
    value: float
    label: str

    def contains(self, x: np.ndarray, y: np.ndarray, z: np.ndarray) -> np.ndarray:
        """Boolean mask of the points ``(x, y, z)`` (broadcastable arrays) inside the shape."""
        ...

    def bounds(self) -> tuple[np.ndarray, np.ndarray]:
        """Axis-aligned ``(lower, upper)`` corners in the shape's space (may be infinite)."""
        ...


@dataclass(frozen=True)
class Sphere:
    """A ball: every point within ``radius`` mm of ``center`` has ``value``."""

    center: Point
    radius: float
    value: float
    label: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "center", _point(self.center, "center"))
        if not self.radius > 0:
            raise ValueError(f"radius must be > 0, got {self.radius}")

    def contains(self, x: np.ndarray, y: np.ndarray, z: np.ndarray) -> np.ndarray:
        cx, cy, cz = self.center
        return (x - cx) ** 2 + (y - cy) ** 2 + (z - cz) ** 2 <= self.radius * self.radius

    def bounds(self) -> tuple[np.ndarray, np.ndarray]:
        c = np.asarray(self.center)
        return c - self.radius, c + self.radius


@dataclass(frozen=True)
class Ellipsoid:
    """An axis-aligned ellipsoid with semi-axes ``(a, b, c)`` along x, y, z."""

    center: Point
    semi_axes: Point
    value: float
    label: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "center", _point(self.center, "center"))
        object.__setattr__(self, "semi_axes", _point(self.semi_axes, "semi_axes"))
        if min(self.semi_axes) <= 0:
            raise ValueError(f"semi_axes must be > 0, got {self.semi_axes}")

    def contains(self, x: np.ndarray, y: np.ndarray, z: np.ndarray) -> np.ndarray:
        (cx, cy, cz), (a, b, c) = self.center, self.semi_axes
        return ((x - cx) / a) ** 2 + ((y - cy) / b) ** 2 + ((z - cz) / c) ** 2 <= 1.0

    def bounds(self) -> tuple[np.ndarray, np.ndarray]:
        c, s = np.asarray(self.center), np.asarray(self.semi_axes)
        return c - s, c + s


@dataclass(frozen=True)
class Box:
    """An axis-aligned block: ``|p - center| <= half_size`` on every axis.

    Used for orientation markers: a block on the patient's left and another anterior
    make any left/right or anterior/posterior flip visible.
    """

    center: Point
    half_size: Point
    value: float
    label: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "center", _point(self.center, "center"))
        object.__setattr__(self, "half_size", _point(self.half_size, "half_size"))
        if min(self.half_size) <= 0:
            raise ValueError(f"half_size must be > 0, got {self.half_size}")

    def contains(self, x: np.ndarray, y: np.ndarray, z: np.ndarray) -> np.ndarray:
        (cx, cy, cz), (hx, hy, hz) = self.center, self.half_size
        return (np.abs(x - cx) <= hx) & (np.abs(y - cy) <= hy) & (np.abs(z - cz) <= hz)

    def bounds(self) -> tuple[np.ndarray, np.ndarray]:
        c, h = np.asarray(self.center), np.asarray(self.half_size)
        return c - h, c + h


@dataclass(frozen=True)
class Cylinder:
    """An elliptic cylinder along patient z: semi-axes ``(a, b)`` in x and y.

    ``half_length`` limits it to ``|z - center.z| <= half_length``; infinite by default,
    like a body that extends beyond the scanned range.
    """

    center: Point
    semi_axes: tuple[float, float]
    value: float
    half_length: float = float("inf")
    label: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "center", _point(self.center, "center"))
        a, b = (float(v) for v in self.semi_axes)
        if min(a, b) <= 0 or not self.half_length > 0:
            raise ValueError(f"semi_axes and half_length must be > 0, got {self.semi_axes}, {self.half_length}")
        object.__setattr__(self, "semi_axes", (a, b))

    def contains(self, x: np.ndarray, y: np.ndarray, z: np.ndarray) -> np.ndarray:
        (cx, cy, cz), (a, b) = self.center, self.semi_axes
        inside = ((x - cx) / a) ** 2 + ((y - cy) / b) ** 2 <= 1.0
        if np.isfinite(self.half_length):
            inside &= np.abs(z - cz) <= self.half_length
        return inside

    def bounds(self) -> tuple[np.ndarray, np.ndarray]:
        c = np.asarray(self.center)
        h = np.array([self.semi_axes[0], self.semi_axes[1], self.half_length])
        return c - h, c + h


@dataclass(frozen=True)
class Ruler:
    """Two bright beads whose centres are a known distance apart.

    A length measurement between the bead centres must read :attr:`length`, in the
    units of the space the ruler is defined in: patient mm for cross-sectional images,
    detector mm for projections with Imager Pixel Spacing, pixels when there is no spacing.
    """

    start: Point
    end: Point
    bead_radius: float
    value: float
    label: str = "ruler"

    def __post_init__(self) -> None:
        object.__setattr__(self, "start", _point(self.start, "start"))
        object.__setattr__(self, "end", _point(self.end, "end"))

    @property
    def length(self) -> float:
        return float(np.linalg.norm(np.subtract(self.end, self.start)))

    def beads(self) -> tuple[Sphere, Sphere]:
        return (Sphere(self.start, self.bead_radius, self.value, f"{self.label} start"),
                Sphere(self.end, self.bead_radius, self.value, f"{self.label} end"))


@dataclass(frozen=True)
class Scene:
    """A background value, shapes painted in order, then the rulers' beads on top.

    Values are modality units (HU, Bq/ml, MR signal, stored value of a projection).
    :class:`Box` shapes are the orientation markers and are labelled by their side.
    """

    background: float
    shapes: tuple[Shape, ...] = ()
    rulers: tuple[Ruler, ...] = ()

    @property
    def painted(self) -> tuple[Shape, ...]:
        """Every shape in painting order, ruler beads last."""
        return tuple(self.shapes) + tuple(bead for ruler in self.rulers for bead in ruler.beads())

    @property
    def spheres(self) -> tuple[Sphere, ...]:
        return tuple(s for s in self.shapes if isinstance(s, Sphere))

    @property
    def markers(self) -> tuple[Box, ...]:
        return tuple(s for s in self.shapes if isinstance(s, Box))

    def shifted(self, offset: Sequence[float]) -> Scene:
        """The same scene moved by ``offset`` (every shape has a ``center``, rulers two ends)."""
        d = np.asarray(offset, dtype=float)

        def move(point: Point) -> Point:
            return _point(np.asarray(point) + d, "point")
        return Scene(self.background, tuple(replace(s, center=move(s.center)) for s in self.shapes),
                     tuple(replace(r, start=move(r.start), end=move(r.end)) for r in self.rulers))

    def find(self, label: str) -> Shape:
        """The shape called ``label`` (KeyError if there is none)."""
        for shape in self.painted:
            if shape.label == label:
                return shape
        raise KeyError(f"no shape labelled {label!r}; have {[s.label for s in self.painted]}")

    def sample(self, points: np.ndarray | Sequence[float]) -> np.ndarray:
        """Analytic value at each ``(..., 3)`` point, float64."""
        points = np.asarray(points, dtype=float)
        out = np.full(points.shape[:-1], float(self.background))
        x, y, z = points[..., 0], points[..., 1], points[..., 2]
        for shape in self.painted:
            out[shape.contains(x, y, z)] = shape.value
        return out

    def sample_plane(self, origin: np.ndarray, row: np.ndarray, column: np.ndarray,
                     spacing: tuple[float, float], size: tuple[int, int]) -> np.ndarray:
        """Values at the voxel centres of one image plane, ``(rows, columns)`` float64.

        ``origin`` is the centre of the first pixel (Image Position (Patient)), ``row`` and
        ``column`` the unit direction cosines, ``spacing`` ``(along row, down column)`` mm.
        Each shape is only evaluated inside the pixel window its bounding box projects
        onto, which keeps a 512x512 slice with small spheres at a few milliseconds.
        """
        rows, columns = size
        dx, dy = spacing
        normal = np.cross(row, column)
        out = np.full((rows, columns), float(self.background))
        for shape in self.painted:
            window = _plane_window(shape, origin, row, column, normal, dx, dy, rows, columns)
            if window is None:
                continue
            (i0, i1), (j0, j1) = window
            along_row = np.arange(i0, i1) * dx
            down_column = np.arange(j0, j1) * dy
            inside = shape.contains(*(_plane_coordinate(origin[a], row[a], column[a], along_row, down_column)
                                      for a in range(3)))
            out[j0:j1, i0:i1][np.broadcast_to(inside, (j1 - j0, i1 - i0))] = shape.value
        return out


def _plane_coordinate(origin: float, row: float, column: float, along_row: np.ndarray,
                      down_column: np.ndarray) -> np.ndarray | float:
    """One patient coordinate over a pixel window, as ``(rows, columns)`` or broadcastable.

    A coordinate that does not change along a row (or a column) stays a column (row)
    vector, so an axial slice never builds full ``(rows, columns)`` coordinate arrays.
    """
    if row == 0.0 and column == 0.0:
        return origin
    if row == 0.0:
        return (origin + down_column * column)[:, None]
    if column == 0.0:
        return (origin + along_row * row)[None, :]
    return (origin + down_column * column)[:, None] + (along_row * row)[None, :]


def _plane_window(shape: Shape, origin: np.ndarray, row: np.ndarray, column: np.ndarray,
                  normal: np.ndarray, dx: float, dy: float, rows: int,
                  columns: int) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """Pixel ranges ``((i0, i1), (j0, j1))`` that can hold the shape, None if none can."""
    lower, upper = shape.bounds()
    if not np.all(np.isfinite(lower) & np.isfinite(upper)):
        return (0, columns), (0, rows)
    corners = np.array([[(lower, upper)[(n >> axis) & 1][axis] for axis in range(3)] for n in range(8)])
    rel = corners - origin
    depth = rel @ normal
    if depth.min() > 1e-9 or depth.max() < -1e-9:
        return None
    i, j = rel @ row / dx, rel @ column / dy
    i0, i1 = max(0, int(np.floor(i.min()))), min(columns, int(np.ceil(i.max())) + 1)
    j0, j1 = max(0, int(np.floor(j.min()))), min(rows, int(np.ceil(j.max())) + 1)
    if i0 >= i1 or j0 >= j1:
        return None
    return (i0, i1), (j0, j1)
