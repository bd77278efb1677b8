"""Display planes in patient space: axial, coronal, sagittal and oblique MPR planes.

A :class:`SlicePlane` is a grid of output pixels in patient LPS millimetres (PS3.3
C.7.6.2.1.1), like an image's Image Position/Orientation (Patient): ``origin`` is the
centre of pixel (row 0, column 0), ``row`` points to the right of the screen (increasing
column), ``column`` points down the screen (increasing row). The slice normal
``row x column`` points *into* the screen, away from the viewer.

Standard planes follow the radiological convention used by every reading station:
axial seen from the feet (right of screen = patient Left, up = Anterior), coronal seen
from the front (right = Left, up = Head), sagittal seen from the patient's left
(right = Posterior, up = Head).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from workstation.model import Volume, orientation_label

#: (row, column) unit directions in LPS of the three standard planes.
STANDARD_DIRECTIONS: dict[str, tuple[tuple[float, float, float], tuple[float, float, float]]] = {
    "axial": ((1.0, 0.0, 0.0), (0.0, 1.0, 0.0)),  # right = L, down = P
    "coronal": ((1.0, 0.0, 0.0), (0.0, 0.0, -1.0)),  # right = L, down = F
    "sagittal": ((0.0, 1.0, 0.0), (0.0, 0.0, -1.0)),  # right = P, down = F
}


def _unit(v: Sequence[float] | np.ndarray, name: str) -> np.ndarray:
    v = np.asarray(v, dtype=float)
    norm = float(np.linalg.norm(v))
    if v.shape != (3,) or norm < 1e-9:
        raise ValueError(f"{name} must be a non-zero 3-vector, got {v}")
    return v / norm


def rotation_matrix(axis: Sequence[float] | np.ndarray, degrees: float) -> np.ndarray:
    """3x3 rotation by ``degrees`` about ``axis`` (right-hand rule, Rodrigues' formula)."""
    k = _unit(axis, "axis")
    t = np.radians(degrees)
    cross = np.array([[0, -k[2], k[1]], [k[2], 0, -k[0]], [-k[1], k[0], 0]])
    return np.eye(3) + np.sin(t) * cross + (1.0 - np.cos(t)) * cross @ cross


@dataclass(frozen=True, eq=False)
class SlicePlane:
    """A rectangular grid of output pixels in patient space.

    Parameters
    ----------
    origin
        LPS mm of the centre of pixel (0, 0), the top-left pixel.
    row
        Unit direction of increasing column index (screen right).
    column
        Unit direction of increasing row index (screen down); made orthogonal to ``row``.
    spacing
        Pixel size in mm along ``row`` and along ``column``.
    size
        ``(width, height)`` in pixels; arrays rendered on the plane are ``(height, width)``.
    """

    origin: np.ndarray
    row: np.ndarray
    column: np.ndarray
    spacing: tuple[float, float]
    size: tuple[int, int]

    def __post_init__(self) -> None:
        row = _unit(self.row, "row")
        column = np.asarray(self.column, dtype=float)
        column = _unit(column - np.dot(column, row) * row, "column (parallel to row?)")
        spacing = (float(self.spacing[0]), float(self.spacing[1]))
        size = (int(self.size[0]), int(self.size[1]))
        if min(spacing) <= 0 or min(size) < 1:
            raise ValueError(f"spacing must be > 0 and size >= 1, got {spacing}, {size}")
        object.__setattr__(self, "origin", np.asarray(self.origin, dtype=float).reshape(3))
        object.__setattr__(self, "row", row)
        object.__setattr__(self, "column", column)
        object.__setattr__(self, "spacing", spacing)
        object.__setattr__(self, "size", size)

    def __repr__(self) -> str:
        return (f"SlicePlane(origin={np.round(self.origin, 3).tolist()}, row={np.round(self.row, 4).tolist()}, "
                f"column={np.round(self.column, 4).tolist()}, spacing={self.spacing}, size={self.size})")

    @property
    def normal(self) -> np.ndarray:
        """Unit normal ``row x column``, pointing away from the viewer."""
        return np.cross(self.row, self.column)

    @property
    def shape(self) -> tuple[int, int]:
        """``(height, width)``: the numpy shape of an image on this plane."""
        return self.size[1], self.size[0]

    @property
    def center(self) -> np.ndarray:
        """LPS mm of the centre of the plane's rectangle."""
        return self.to_patient(((self.size[0] - 1) / 2.0, (self.size[1] - 1) / 2.0))

    def matrix(self, normal_step: float = 1.0) -> np.ndarray:
        """4x4 matrix mapping pixel ``(u=column, v=row, w, 1)`` to LPS, ``w`` in steps of
        ``normal_step`` mm along the normal."""
        m = np.eye(4)
        m[:3, 0] = self.row * self.spacing[0]
        m[:3, 1] = self.column * self.spacing[1]
        m[:3, 2] = self.normal * normal_step
        m[:3, 3] = self.origin
        return m

    def to_patient(self, uv: Sequence[float] | np.ndarray) -> np.ndarray:
        """LPS mm of ``(..., 2)`` pixel coordinates ``(u=column, v=row)``."""
        uv = np.asarray(uv, dtype=float)
        return (self.origin + uv[..., :1] * (self.row * self.spacing[0])
                + uv[..., 1:2] * (self.column * self.spacing[1]))

    def to_pixel(self, xyz: Sequence[float] | np.ndarray) -> np.ndarray:
        """``(..., 3)`` LPS points -> ``(u, v, distance_mm)``: pixel coordinates in the plane
        and signed distance along the normal (positive away from the viewer)."""
        d = np.asarray(xyz, dtype=float) - self.origin
        return np.stack([d @ self.row / self.spacing[0], d @ self.column / self.spacing[1], d @ self.normal], axis=-1)

    def replace(self, **changes: object) -> SlicePlane:
        """A copy with some fields changed."""
        fields = {"origin": self.origin, "row": self.row, "column": self.column,
                  "spacing": self.spacing, "size": self.size}
        fields.update(changes)
        return SlicePlane(**fields)  # type: ignore[arg-type]

    def coarsened(self, factor: int) -> SlicePlane:
        """The same field sampled ``factor`` times more coarsely: pixel ``(i, j)`` of the
        result is centred on the block of ``factor`` x ``factor`` pixels of this plane it covers
        (the last block may hang over the edge)."""
        if factor <= 1:
            return self
        size = (-(-self.size[0] // factor), -(-self.size[1] // factor))
        centre = (factor - 1) / 2.0
        return self.replace(spacing=(self.spacing[0] * factor, self.spacing[1] * factor), size=size,
                            origin=self.to_patient((centre, centre)))

    def shifted(self, mm: float) -> SlicePlane:
        """The parallel plane ``mm`` further along the normal (scrolling through slices)."""
        return self.replace(origin=self.origin + mm * self.normal)

    def through(self, point: Sequence[float] | np.ndarray) -> SlicePlane:
        """The parallel plane containing ``point`` (e.g. following the crosshair)."""
        return self.shifted(float(np.dot(np.asarray(point, dtype=float) - self.origin, self.normal)))

    def rotated(self, axis: Sequence[float] | np.ndarray, degrees: float,
                about: Sequence[float] | np.ndarray | None = None) -> SlicePlane:
        """The plane rotated by ``degrees`` about the patient-space ``axis`` through ``about``
        (the plane centre by default): an oblique MPR about the crosshair."""
        r = rotation_matrix(axis, degrees)
        pivot = self.center if about is None else np.asarray(about, dtype=float)
        return self.replace(origin=pivot + r @ (self.origin - pivot), row=r @ self.row, column=r @ self.column)

    def labels(self) -> dict[str, str]:
        """Orientation labels of the four screen edges (PS3.3 C.7.6.1.1.1 letters)."""
        return {"right": orientation_label(self.row), "left": orientation_label(-self.row),
                "bottom": orientation_label(self.column), "top": orientation_label(-self.column)}


# -- planes fitted to a volume ---------------------------------------------------------------


def spacing_along(volume: Volume, direction: Sequence[float] | np.ndarray) -> float:
    """mm between voxel steps along a patient direction: the volume's native sampling there.

    Equals the voxel size for a direction along a volume axis; for other directions it
    is ``1 / |A^-1 d|``, the length of ``d`` that advances one voxel-index unit.
    """
    d = _unit(direction, "direction")
    return float(1.0 / np.linalg.norm(np.linalg.solve(volume.affine[:3, :3], d)))


def volume_corners(volume: Volume) -> np.ndarray:
    """(8, 3) LPS mm of the centres of the volume's corner voxels."""
    nz, ny, nx = volume.shape
    ijk = np.array([[i, j, k] for i in (0, nx - 1) for j in (0, ny - 1) for k in (0, nz - 1)], dtype=float)
    return volume.index_to_patient(ijk)


def volume_center(volume: Volume) -> np.ndarray:
    """LPS mm of the middle voxel (a real voxel centre, so default planes sample voxels exactly)."""
    nz, ny, nx = volume.shape
    return volume.index_to_patient((nx // 2, ny // 2, nz // 2))


def fit_plane(
    volume: Volume,
    row: Sequence[float] | np.ndarray,
    column: Sequence[float] | np.ndarray,
    center: Sequence[float] | np.ndarray | None = None,
    spacing: tuple[float, float] | None = None,
) -> SlicePlane:
    """The plane through ``center`` with the given directions, covering the whole volume.

    The extent is the projection of the volume's corner voxels onto the plane, on a grid
    that has ``center`` exactly on a pixel centre; the default spacing is the volume's
    native sampling along each direction, so an axis-aligned plane samples voxel centres.
    """
    center = volume_center(volume) if center is None else np.asarray(center, dtype=float)
    plane = SlicePlane(center, row, column, (1.0, 1.0), (1, 1))
    if spacing is None:
        spacing = (spacing_along(volume, plane.row), spacing_along(volume, plane.column))
    offsets = volume_corners(volume) - center
    extent = []
    for direction, step in zip((plane.row, plane.column), spacing, strict=True):
        along = offsets @ direction / step
        low, high = np.floor(along.min() + 1e-6), np.ceil(along.max() - 1e-6)
        extent.append((low, int(high - low) + 1))
    origin = center + extent[0][0] * spacing[0] * plane.row + extent[1][0] * spacing[1] * plane.column
    return SlicePlane(origin, plane.row, plane.column, spacing, (extent[0][1], extent[1][1]))


def standard_plane(volume: Volume, name: str, center: Sequence[float] | np.ndarray | None = None) -> SlicePlane:
    """The axial, coronal or sagittal plane through ``center`` covering ``volume``."""
    if name not in STANDARD_DIRECTIONS:
        raise ValueError(f"name must be one of {sorted(STANDARD_DIRECTIONS)}, got {name!r}")
    row, column = STANDARD_DIRECTIONS[name]
    return fit_plane(volume, row, column, center)


def standard_planes(volume: Volume, center: Sequence[float] | np.ndarray | None = None) -> dict[str, SlicePlane]:
    """Axial, coronal and sagittal planes through ``center`` (default: the middle voxel)."""
    return {name: standard_plane(volume, name, center) for name in STANDARD_DIRECTIONS}


def native_plane(volume: Volume, k: int) -> SlicePlane:
    """The plane of acquired slice ``k``, pixel for pixel (rows and columns of the file)."""
    nz, ny, nx = volume.shape
    spacing = volume.spacing
    return SlicePlane(volume.index_to_patient((0, 0, k)), volume.row_direction, volume.column_direction,
                      (spacing[0], spacing[1]), (nx, ny))


def slice_positions(volume: Volume, plane: SlicePlane) -> np.ndarray:
    """Distances (mm along the plane normal) of planes through the volume at its native pitch.

    Scrolling an MPR steps through these; they span the volume's extent along the normal
    and are relative to ``plane`` (0 is the plane itself).
    """
    step = spacing_along(volume, plane.normal)
    along = (volume_corners(volume) - plane.origin) @ plane.normal
    first = np.ceil(along.min() / step - 1e-6)
    last = np.floor(along.max() / step + 1e-6)
    return np.arange(first, last + 1) * step
