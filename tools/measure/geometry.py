"""The 2D image plane a measurement lives on, and the image it was drawn on.

Measurements keep their control points in image pixel coordinates ``(x=column, y=row)``,
continuous, with pixel centres at integers (the convention of the Volume affine). This
module turns them into patient millimetres: ``P = origin + x * sx * r + y * sy * c`` where
``r``/``c`` are the unit row/column directions (Image Orientation (Patient), PS3.3
C.7.6.2.1.1) and ``sx``/``sy`` the column/row spacing. Keeping both spacings separate is
what makes distances and angles right on anisotropic pixels.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from workstation.model import SpacingKind, Volume

#: A point in image pixel coordinates ``(x=column, y=row)``.
Point = tuple[float, float]

#: Row and column directions may deviate from perpendicular by this much (cosine) before
#: the plane is rejected: Image Orientation (Patient) is written with ~6 decimals.
_ORTHOGONALITY_TOLERANCE = 1e-3


def as_point(value: Any, where: str) -> Point:
    """``value`` as an ``(x, y)`` pair of finite floats, or ``ValueError`` naming ``where``."""
    try:
        x, y = (float(v) for v in value)
    except (TypeError, ValueError):
        raise ValueError(f"{where} must be a pair of numbers, got {value!r}") from None
    if not (math.isfinite(x) and math.isfinite(y)):
        raise ValueError(f"{where} must be finite, got {value!r}")
    return x, y


@dataclass(frozen=True)
class ImageRef:
    """Which original image (and frame) a measurement was drawn on.

    Equality and lookup use only ``(sop_instance_uid, frame_number)``; the series and
    SOP Class UIDs ride along because presentation states (PS3.3 C.10.5 Referenced
    Image Sequence) and TID 1500 image references need them.
    """

    sop_instance_uid: str
    frame_number: int = 1  #: 1-based, as Referenced Frame Number (0008,1160)
    series_instance_uid: str = field(default="", compare=False)
    sop_class_uid: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if not isinstance(self.sop_instance_uid, str) or not self.sop_instance_uid:
            raise ValueError(f"sop_instance_uid must be a non-empty string, got {self.sop_instance_uid!r}")
        if not isinstance(self.frame_number, int) or isinstance(self.frame_number, bool) or self.frame_number < 1:
            raise ValueError(f"frame_number must be an integer >= 1, got {self.frame_number!r}")

    @classmethod
    def from_volume_slice(cls, volume: Volume, k: int) -> ImageRef | None:
        """The reference of slice ``k``; ``None`` when the volume carries no frame infos or
        the frame has no SOP Instance UID (an image made here, e.g. a curved MPR)."""
        if not volume.frames or not volume.frames[k].sop_instance_uid:
            return None
        frame = volume.frames[k]
        series = volume.series.series_instance_uid if volume.series is not None else ""
        return cls(frame.sop_instance_uid, frame.frame_number, series, volume.sop_class_uid)

    def to_dict(self) -> dict[str, Any]:
        return {"sop_instance_uid": self.sop_instance_uid, "frame_number": self.frame_number,
                "series_instance_uid": self.series_instance_uid, "sop_class_uid": self.sop_class_uid}

    @classmethod
    def from_dict(cls, data: Any) -> ImageRef:
        """Inverse of :meth:`to_dict`; ``ValueError`` for anything malformed."""
        if not isinstance(data, dict):
            raise ValueError(f"ref must be an object, got {type(data).__name__}")
        try:
            return cls(data["sop_instance_uid"], data.get("frame_number", 1),
                       str(data.get("series_instance_uid", "")), str(data.get("sop_class_uid", "")))
        except KeyError as exc:
            raise ValueError(f"ref lacks {exc.args[0]!r}") from None


def _unit(vector: Sequence[float], name: str) -> tuple[float, float, float]:
    v = np.asarray(vector, dtype=float)
    if v.shape != (3,) or not np.all(np.isfinite(v)):
        raise ValueError(f"{name} must be 3 finite numbers, got {vector!r}")
    norm = float(np.linalg.norm(v))
    if norm < 1e-9:
        raise ValueError(f"{name} must not be the zero vector")
    if abs(norm - 1.0) > 1e-12:  # leave unit vectors bit-identical, so copies compare equal
        v = v / norm
    return tuple(float(a) for a in v)  # type: ignore[return-value]


def check_spacing(value: Any, name: str) -> tuple[float, float]:
    """``value`` as two positive finite floats, or ``ValueError`` naming ``name``."""
    try:
        spacing = tuple(float(s) for s in value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be two numbers, got {value!r}") from None
    if len(spacing) != 2 or not all(math.isfinite(s) and s > 0 for s in spacing):
        raise ValueError(f"{name} must be two positive finite numbers, got {value!r}")
    return spacing  # type: ignore[return-value]


@dataclass(frozen=True)
class ImageGeometry:
    """A pixel grid in patient space: origin, unit directions and (anisotropic) spacing.

    Parameters
    ----------
    origin
        LPS mm of the centre of pixel ``(0, 0)``.
    row_direction
        Unit direction of increasing column index ``x`` (along a row).
    column_direction
        Unit direction of increasing row index ``y`` (down a column).
    spacing
        ``(column spacing, row spacing)`` in mm: the distance between neighbouring
        columns and between neighbouring rows. Note the order is ``(x, y)`` like
        ``Volume.spacing``, the reverse of DICOM Pixel Spacing (0028,0030).
    spacing_kind
        What the spacing means; ``UNKNOWN`` makes every result a pixel count.
    """

    origin: tuple[float, float, float]
    row_direction: tuple[float, float, float]
    column_direction: tuple[float, float, float]
    spacing: tuple[float, float]
    spacing_kind: SpacingKind = SpacingKind.PATIENT

    def __post_init__(self) -> None:
        origin = np.asarray(self.origin, dtype=float)
        if origin.shape != (3,) or not np.all(np.isfinite(origin)):
            raise ValueError(f"origin must be 3 finite numbers, got {self.origin!r}")
        row = _unit(self.row_direction, "row_direction")
        column = _unit(self.column_direction, "column_direction")
        if abs(float(np.dot(row, column))) > _ORTHOGONALITY_TOLERANCE:
            raise ValueError(f"row and column directions are not perpendicular: {row}, {column}")
        spacing = check_spacing(self.spacing, "spacing")
        kind = SpacingKind(self.spacing_kind)
        object.__setattr__(self, "origin", tuple(float(a) for a in origin))
        object.__setattr__(self, "row_direction", row)
        object.__setattr__(self, "column_direction", column)
        object.__setattr__(self, "spacing", spacing)
        object.__setattr__(self, "spacing_kind", kind)

    # -- constructors ----------------------------------------------------------------

    @classmethod
    def from_volume_slice(cls, volume: Volume, k: int) -> ImageGeometry:
        """The plane of slice ``k`` of an original-image volume.

        When the spacing is ``UNKNOWN`` the spacing is normalised to one column pixel
        (``(1, row/column ratio)``), so results read in pixels yet keep any pixel
        aspect ratio the loader put in the affine.
        """
        if not 0 <= k < volume.shape[0]:
            raise ValueError(f"slice index must be in 0..{volume.shape[0] - 1}, got {k}")
        origin = volume.index_to_patient((0.0, 0.0, float(k)))
        sx, sy = (float(s) for s in volume.spacing[:2])
        if volume.spacing_kind is SpacingKind.UNKNOWN:
            sx, sy = 1.0, sy / sx
        return cls(tuple(origin), tuple(volume.row_direction), tuple(volume.column_direction),
                   (sx, sy), volume.spacing_kind)

    @classmethod
    def from_plane(
        cls,
        origin: Sequence[float],
        row_direction: Sequence[float],
        column_direction: Sequence[float],
        spacing: Sequence[float] | float,
        spacing_kind: SpacingKind = SpacingKind.PATIENT,
    ) -> ImageGeometry:
        """A resliced (MPR/oblique) plane from plain values; ``spacing`` may be one number."""
        if isinstance(spacing, (int, float)):
            spacing = (float(spacing), float(spacing))
        return cls(tuple(origin), tuple(row_direction), tuple(column_direction),  # type: ignore[arg-type]
                   tuple(spacing), spacing_kind)  # type: ignore[arg-type]

    def with_spacing(self, spacing: Sequence[float], spacing_kind: SpacingKind) -> ImageGeometry:
        """The same plane with another spacing (a calibration)."""
        return replace(self, spacing=tuple(spacing), spacing_kind=spacing_kind)  # type: ignore[arg-type]

    # -- units -----------------------------------------------------------------------

    @property
    def length_unit(self) -> str:
        """``"mm"``, or ``"px"`` when nothing says how big a pixel is."""
        return "px" if self.spacing_kind is SpacingKind.UNKNOWN else "mm"

    @property
    def area_unit(self) -> str:
        return self.length_unit + "\u00b2"

    @property
    def unit_note(self) -> str:
        """``"at detector"``, ``"calibrated"``, ...; empty for patient mm and for px."""
        return "" if self.spacing_kind is SpacingKind.UNKNOWN else self.spacing_kind.unit_note

    @property
    def has_patient_coordinates(self) -> bool:
        """True when pixel -> LPS is meaningful (not for projections or calibrations)."""
        return self.spacing_kind is SpacingKind.PATIENT

    @property
    def pixel_area(self) -> float:
        """Area of one pixel in ``area_unit``."""
        cross = np.cross(self.row_direction, self.column_direction)
        return self.spacing[0] * self.spacing[1] * float(np.linalg.norm(cross))

    # -- mapping ---------------------------------------------------------------------

    def _axes(self) -> np.ndarray:
        """2x3 matrix: patient displacement of one column step and one row step."""
        return np.array([np.multiply(self.row_direction, self.spacing[0]),
                         np.multiply(self.column_direction, self.spacing[1])])

    def pixel_to_patient(self, points: np.ndarray | Sequence[float] | Sequence[Point]) -> np.ndarray:
        """Map ``(..., 2)`` pixel ``(x, y)`` to ``(..., 3)`` LPS mm."""
        p = np.asarray(points, dtype=float)
        if p.shape[-1:] != (2,):
            raise ValueError(f"points must have shape (..., 2), got {p.shape}")
        return p @ self._axes() + np.asarray(self.origin)

    def patient_to_pixel(self, xyz: np.ndarray | Sequence[float]) -> np.ndarray:
        """Project ``(..., 3)`` LPS mm onto the plane: ``(..., 2)`` pixel ``(x, y)``."""
        d = np.asarray(xyz, dtype=float) - np.asarray(self.origin)
        if d.shape[-1:] != (3,):
            raise ValueError(f"xyz must have shape (..., 3), got {d.shape}")
        # Least squares solves the (slightly) non-orthogonal case exactly as well.
        axes = self._axes()
        gram_inv = np.linalg.inv(axes @ axes.T)
        return d @ axes.T @ gram_inv.T

    def distance_from_plane(self, xyz: np.ndarray | Sequence[float]) -> np.ndarray | float:
        """Signed distance (mm) of LPS points from the plane along its normal."""
        normal = np.cross(self.row_direction, self.column_direction)
        normal /= np.linalg.norm(normal)
        out = (np.asarray(xyz, dtype=float) - np.asarray(self.origin)) @ normal
        return float(out) if np.ndim(out) == 0 else out

    def vector_mm(self, p: Point, q: Point) -> np.ndarray:
        """Patient-space vector from pixel ``p`` to pixel ``q`` (3 components)."""
        return (np.asarray(q, dtype=float) - np.asarray(p, dtype=float)) @ self._axes()

    def distance_mm(self, p: Point, q: Point) -> float:
        """Distance from ``p`` to ``q`` in ``length_unit`` (honours anisotropic spacing)."""
        return float(np.linalg.norm(self.vector_mm(p, q)))

    def same_plane(self, other: ImageGeometry, tolerance_mm: float = 0.01) -> bool:
        """True when ``other`` is the same plane (any in-plane origin/rotation/spacing).

        A curved MPR's image (spacing ``CURVED``) lies in no patient plane; its geometry
        only tells one curve's image from another's, so it never matches a flat plane.
        """
        if (self.spacing_kind is SpacingKind.CURVED) != (other.spacing_kind is SpacingKind.CURVED):
            return False
        n1 = np.cross(self.row_direction, self.column_direction)
        n2 = np.cross(other.row_direction, other.column_direction)
        if abs(abs(float(np.dot(n1, n2))) - 1.0) > 1e-6:
            return False
        return abs(self.distance_from_plane(other.origin)) <= tolerance_mm

    # -- persistence -----------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        return {"origin": list(self.origin), "row_direction": list(self.row_direction),
                "column_direction": list(self.column_direction), "spacing": list(self.spacing),
                "spacing_kind": self.spacing_kind.value}

    @classmethod
    def from_dict(cls, data: Any) -> ImageGeometry:
        """Inverse of :meth:`to_dict`; ``ValueError`` for anything malformed."""
        if not isinstance(data, dict):
            raise ValueError(f"geometry must be an object, got {type(data).__name__}")
        try:
            return cls(tuple(data["origin"]), tuple(data["row_direction"]),
                       tuple(data["column_direction"]), tuple(data["spacing"]),
                       SpacingKind(data.get("spacing_kind", SpacingKind.PATIENT.value)))
        except KeyError as exc:
            raise ValueError(f"geometry lacks {exc.args[0]!r}") from None
        except TypeError as exc:
            raise ValueError(f"geometry is malformed: {exc}") from None
