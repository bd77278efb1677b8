"""``Volume``: a stack of frames as one numpy array with its patient-space geometry.

The array is ``(z, y, x)`` (``(z, y, x, 3)`` for colour) in the stored integer dtype;
modality values (HU, Bq/ml, ...) are ``stored * rescale_slope + rescale_intercept`` and
are computed per slice when needed, never for the whole volume (a 512x512x600 CT as
float64 would be 1.2 GB). The 4x4 ``affine`` maps an index ``(i=column, j=row,
k=slice, 1)`` to patient LPS millimetres; for a gantry-tilted CT its slice column is not
perpendicular to the image plane (the affine is sheared), which is exactly the truth.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np

from workstation.model.display import OverlayPlane, Shutter, VoiLut, Window
from workstation.model.events import Event
from workstation.model.geometry import orientation_label
from workstation.model.pet import SuvParameters
from workstation.model.records import SeriesRecord, StudyRecord


class SpacingKind(StrEnum):
    """What the in-plane spacing means, so measurements can say what they measure."""

    PATIENT = "patient"  #: Pixel Spacing of a cross-sectional image: mm in the patient
    DETECTOR = "detector"  #: Imager Pixel Spacing of a projection: mm at the detector
    MAGNIFICATION_CORRECTED = "magnification-corrected"  #: projection corrected by ERMF
    CALIBRATED = "calibrated"  #: a user calibration on a known length
    CURVED = "curved"  #: a curved MPR: mm along the curve (columns) and across it (rows)
    UNKNOWN = "unknown"  #: no spacing: measure in pixels

    @property
    def unit_note(self) -> str:
        """A short note to print next to a measurement, empty for patient mm."""
        return {
            SpacingKind.PATIENT: "",
            SpacingKind.DETECTOR: "at detector",
            SpacingKind.MAGNIFICATION_CORRECTED: "magnification corrected",
            SpacingKind.CALIBRATED: "calibrated",
            SpacingKind.CURVED: "along the curve",
            SpacingKind.UNKNOWN: "pixels",
        }[self]


_OPPOSITE = str.maketrans("LRAPHF", "RLPAFH")


def opposite_label(label: str) -> str:
    """``"LA"`` -> ``"RP"``: the label of the opposite direction."""
    return label.translate(_OPPOSITE)


@dataclass(frozen=True)
class FrameInfo:
    """Per-frame facts that differ between frames of one stack."""

    sop_instance_uid: str
    frame_number: int = 1  #: 1-based frame within a multi-frame instance
    source: str = ""  #: file the frame was read from
    instance_number: int | None = None
    position: tuple[float, float, float] | None = None  #: Image Position (Patient)
    slice_thickness: float | None = None
    windows: tuple[Window, ...] = ()
    voi_luts: tuple[VoiLut, ...] = ()
    overlays: tuple[OverlayPlane, ...] = ()
    shutter: Shutter | None = None
    #: header values the viewer shows in its corners (keyword -> text), shared per instance
    attributes: Mapping[str, str] = field(default_factory=dict)


class Volume:
    """A stack of frames with one geometry, filled progressively by a loader.

    Parameters
    ----------
    pixels
        ``(z, y, x)`` stored values, or ``(z, y, x, 3)`` RGB ``uint8``.
    affine
        4x4 index -> patient (LPS, mm) matrix.
    rescale_slope, rescale_intercept
        Modality LUT (PS3.3 C.11.1): ``modality = stored * slope + intercept``.
    units
        Unit of modality values (``"HU"``, ``"BQML"``, ``""`` when unknown).
    photometric
        ``"MONOCHROME1"``, ``"MONOCHROME2"`` or ``"RGB"`` (colour is decoded to RGB).
    spacing_kind
        What the in-plane spacing in ``affine`` means (see :class:`SpacingKind`).
    frames
        One :class:`FrameInfo` per slice, in slice order.
    patient_orientation
        Patient Orientation (0020,0020) labels of the row and column directions, used
        for projection images whose affine does not carry patient directions.
    is_volumetric
        True when the frames are parallel, evenly spaced slices suitable for MPR/3D.
    problems
        Geometry problems found while building the stack, in words for the user.
    """

    def __init__(
        self,
        pixels: np.ndarray,
        affine: np.ndarray,
        *,
        rescale_slope: float = 1.0,
        rescale_intercept: float = 0.0,
        units: str = "",
        photometric: str = "MONOCHROME2",
        spacing_kind: SpacingKind = SpacingKind.PATIENT,
        frames: Sequence[FrameInfo] = (),
        modality: str = "",
        sop_class_uid: str = "",
        study: StudyRecord | None = None,
        series: SeriesRecord | None = None,
        frame_of_reference_uid: str = "",
        patient_orientation: tuple[str, str] | None = None,
        is_volumetric: bool = True,
        problems: Sequence[str] = (),
        suv: SuvParameters | None = None,
    ) -> None:
        if pixels.ndim not in (3, 4) or (pixels.ndim == 4 and pixels.shape[3] != 3):
            raise ValueError(f"pixels must be (z, y, x) or (z, y, x, 3), got shape {pixels.shape}")
        affine = np.asarray(affine, dtype=float)
        if affine.shape != (4, 4) or abs(np.linalg.det(affine[:3, :3])) < 1e-12:
            raise ValueError(f"affine must be an invertible 4x4 matrix, got\n{affine}")
        if frames and len(frames) != pixels.shape[0]:
            raise ValueError(f"{len(frames)} frame infos for {pixels.shape[0]} slices")
        if not rescale_slope:
            raise ValueError("rescale_slope must not be 0")
        self.pixels = pixels
        self.affine = affine
        self.rescale_slope = float(rescale_slope)
        self.rescale_intercept = float(rescale_intercept)
        self.units = units
        self.photometric = photometric
        self.spacing_kind = spacing_kind
        self.frames = tuple(frames)
        self.modality = modality
        self.sop_class_uid = sop_class_uid
        self.study = study
        self.series = series
        self.frame_of_reference_uid = frame_of_reference_uid
        self.patient_orientation = patient_orientation
        self.is_volumetric = is_volumetric
        self.problems = list(problems)
        self.suv = suv
        #: True for slices whose pixels are in ``pixels`` (the loader sets them).
        self.loaded = np.zeros(pixels.shape[0], dtype=bool)
        #: slice index -> why it could not be decoded
        self.failed: dict[int, str] = {}
        #: emitted with the slice index when a slice is decoded or has failed
        self.slice_loaded = Event()
        self._inverse = np.linalg.inv(self.affine)

    # -- shape and geometry -------------------------------------------------------

    def __repr__(self) -> str:
        return (f"Volume(shape={self.shape}, dtype={self.pixels.dtype}, modality={self.modality!r}, "
                f"spacing={tuple(round(s, 4) for s in self.spacing)})")

    @property
    def shape(self) -> tuple[int, int, int]:
        z, y, x = self.pixels.shape[:3]
        return z, y, x

    @property
    def is_colour(self) -> bool:
        return self.pixels.ndim == 4

    @property
    def raw_nbytes(self) -> int:
        return int(self.pixels.nbytes)

    @property
    def spacing(self) -> np.ndarray:
        """Voxel size ``(x, y, z)`` in mm: column spacing, row spacing, slice step."""
        return np.linalg.norm(self.affine[:3, :3], axis=0)

    @property
    def row_direction(self) -> np.ndarray:
        """Unit patient direction of increasing column index (along a row)."""
        return self.affine[:3, 0] / self.spacing[0]

    @property
    def column_direction(self) -> np.ndarray:
        """Unit patient direction of increasing row index (down a column)."""
        return self.affine[:3, 1] / self.spacing[1]

    @property
    def slice_normal(self) -> np.ndarray:
        """Unit normal of the image plane (row x column)."""
        n = np.cross(self.row_direction, self.column_direction)
        return n / np.linalg.norm(n)

    @property
    def slice_step(self) -> np.ndarray:
        """Patient-space vector from one slice origin to the next."""
        return self.affine[:3, 2].copy()

    @property
    def tilt_degrees(self) -> float:
        """Angle between the slice step and the plane normal (gantry tilt); 0 if untilted."""
        if self.shape[0] < 2:
            return 0.0
        step = self.slice_step / np.linalg.norm(self.slice_step)
        cos = abs(float(np.dot(step, self.slice_normal)))
        return float(np.degrees(np.arccos(min(1.0, cos))))

    def index_to_patient(self, ijk: np.ndarray | Sequence[float]) -> np.ndarray:
        """Map ``(..., 3)`` indices ``(i=column, j=row, k=slice)`` to LPS mm."""
        ijk = np.asarray(ijk, dtype=float)
        return ijk @ self.affine[:3, :3].T + self.affine[:3, 3]

    def patient_to_index(self, xyz: np.ndarray | Sequence[float]) -> np.ndarray:
        """Map ``(..., 3)`` LPS mm points to fractional ``(i, j, k)`` indices."""
        xyz = np.asarray(xyz, dtype=float)
        return xyz @ self._inverse[:3, :3].T + self._inverse[:3, 3]

    def label_for(self, index_direction: Sequence[float]) -> str:
        """Orientation label of a direction given in index space, e.g. ``(1, 0, 0)``.

        Cross-sectional images use the affine; projection images use Patient
        Orientation (0020,0020) when present, and ``""`` when nothing is known.
        """
        d = np.asarray(index_direction, dtype=float)
        if self.patient_orientation is not None:
            row, column = self.patient_orientation
            if abs(d[0]) > abs(d[1]):
                return row if d[0] > 0 else opposite_label(row)
            return column if d[1] > 0 else opposite_label(column)
        if self.spacing_kind is not SpacingKind.PATIENT:
            return ""
        return orientation_label(self.affine[:3, :3] @ d / np.maximum(self.spacing, 1e-12))

    # -- values ---------------------------------------------------------------------

    def to_modality(self, stored: np.ndarray | float) -> np.ndarray | float:
        """Apply the modality LUT (rescale) to stored values, as float32 for arrays."""
        if isinstance(stored, np.ndarray):
            out = stored.astype(np.float32)
            if self.rescale_slope != 1.0:
                out *= np.float32(self.rescale_slope)
            if self.rescale_intercept != 0.0:
                out += np.float32(self.rescale_intercept)
            return out
        return float(stored) * self.rescale_slope + self.rescale_intercept

    def to_stored(self, modality: float) -> float:
        """Inverse of :meth:`to_modality` for a scalar (e.g. a window bound in HU)."""
        return (modality - self.rescale_intercept) / self.rescale_slope

    def modality_slice(self, k: int) -> np.ndarray:
        """Slice ``k`` in modality units as float32 (only grey-scale volumes)."""
        if self.is_colour:
            raise ValueError("colour volumes have no modality values")
        return self.to_modality(self.pixels[k])

    # -- progressive loading ----------------------------------------------------------

    def mark_loaded(self, k: int) -> None:
        self.loaded[k] = True
        self.slice_loaded.emit(k)

    def mark_failed(self, k: int, reason: str) -> None:
        self.failed[k] = reason
        self.slice_loaded.emit(k)

    @property
    def is_complete(self) -> bool:
        """Every slice is decoded or has failed."""
        return bool(self.loaded.all()) or len(self.failed) + int(self.loaded.sum()) == self.shape[0]
