"""Ground truth returned by every phantom generator.

A :class:`PhantomSeries` says what a correct reader must make of the files: which
stacks the series splits into, each stack's shape and index -> space affine, the order
of the files in that stack, and the analytic scene every voxel was sampled from.

Conventions a loader is checked against
---------------------------------------
* Index ``(i, j, k)`` is (column, row, slice); arrays are ``(z, y, x)``.
* A stack's slices are in ascending position along the slice normal
  ``row x column`` (PS3.3 C.7.6.2.1.1), which is the order a correct loader must
  produce whatever the file order or Instance Numbers say.
* ``affine @ (i, j, grid_index, 1)`` is the centre of that voxel: patient LPS mm for
  cross-sectional images; for projection images, detector mm from the first pixel's
  centre (z = 0) with Imager Pixel Spacing, or pixel units when the image has no spacing
  at all (identity affine). The scene, spheres, markers and rulers are in that same
  space. A projection reader that prefers a calibrated Pixel Spacing (see
  :class:`ProjectionTruth`) measures detector lengths divided by the magnification.
* For a gantry-tilted CT the slice column of the affine is the table step along patient
  z, not the normal: the affine is sheared, exactly as the file geometry says.
* ``grid_indices[k]`` is the index on the nominal, evenly spaced grid of slice ``k``;
  it differs from ``k`` only when slices were dropped (a missing slice), so a test can
  tell where the gap is.
* Modality value = ``stored * rescale_slope + rescale_intercept`` equals
  ``scene.sample(voxel centre)``; exactly, except for PET whose per-slice slopes
  quantise to within half a slope (the slice maximum, e.g. the hot sphere, is exact).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from workstation.model.display import Window
from workstation.model.pet import SuvParameters
from workstation.model.volume import SpacingKind
from workstation.phantoms.scene import Box, Ruler, Scene, Sphere
from workstation.phantoms.study import PatientInfo, StudyInfo


@dataclass(frozen=True, eq=False)
class Stack:
    """One geometric stack as a correct loader must assemble it, slice ``k`` by slice ``k``."""

    shape: tuple[int, int, int]  #: (z, y, x) of the sorted stack
    affine: np.ndarray  #: 4x4, index (i, j, grid index, 1) -> space (see module docstring)
    slice_paths: tuple[Path, ...]  #: file holding slice k
    frame_numbers: tuple[int, ...]  #: 1-based frame within that file (1 for single-frame)
    grid_indices: tuple[int, ...]  #: nominal-grid index of slice k
    sop_instance_uids: tuple[str, ...]  #: SOP Instance UID of slice k's file
    instance_numbers: tuple[int, ...]  #: Instance Number of slice k's file
    rescale_slopes: tuple[float, ...]  #: as written, per slice
    rescale_intercepts: tuple[float, ...]
    spacing_kind: SpacingKind = SpacingKind.PATIENT

    @property
    def positions(self) -> np.ndarray:
        """``(z, 3)`` centre of the first pixel of each slice: Image Position (Patient)."""
        k = np.asarray(self.grid_indices, dtype=float)
        return self.affine[:3, 3] + k[:, None] * self.affine[:3, 2]

    @property
    def spacing(self) -> tuple[float, float, float]:
        """``(column spacing, row spacing, nominal slice step length)``."""
        x, y, z = np.linalg.norm(self.affine[:3, :3], axis=0)
        return float(x), float(y), float(z)

    @property
    def orientation(self) -> tuple[float, ...]:
        """The six Image Orientation (Patient) cosines: row then column direction."""
        x, y, _ = self.spacing
        return tuple(float(v) for v in np.concatenate([self.affine[:3, 0] / x, self.affine[:3, 1] / y]))

    def index_to_space(self, ijk: np.ndarray | tuple[float, float, float]) -> np.ndarray:
        """``(..., 3)`` nominal-grid indices -> space coordinates (mm or pixels)."""
        ijk = np.asarray(ijk, dtype=float)
        return ijk @ self.affine[:3, :3].T + self.affine[:3, 3]

    def space_to_index(self, xyz: np.ndarray | tuple[float, float, float]) -> np.ndarray:
        """Inverse of :meth:`index_to_space` (nominal-grid indices, fractional)."""
        inverse = np.linalg.inv(self.affine)
        xyz = np.asarray(xyz, dtype=float)
        return xyz @ inverse[:3, :3].T + inverse[:3, 3]


@dataclass(frozen=True)
class SuvTruth:
    """What SUVbw must come out as for a PET phantom (contract: :class:`SuvParameters`)."""

    parameters: SuvParameters  #: the header values as written
    suv_bw_factor: float  #: g/ml per Bq/ml: ``parameters.suv_bw_factor()``
    hot_sphere: Sphere  #: its ``value`` is the activity concentration in Bq/ml
    expected_suv: float  #: SUVbw inside the hot sphere
    activity_bq_ml: float  #: activity concentration inside the hot sphere
    background_suv: float  #: SUVbw of the body background


@dataclass(frozen=True)
class ProjectionTruth:
    """Calibration and hanging facts of a projection (or no-spacing) image."""

    imager_pixel_spacing: tuple[float, float] | None  #: (row spacing, column spacing) mm at the detector
    pixel_spacing: tuple[float, float] | None  #: calibrated Pixel Spacing, None when absent
    magnification: float | None  #: Estimated Radiographic Magnification Factor
    patient_orientation: tuple[str, str] | None  #: (row direction, column direction)
    image_laterality: str = ""  #: "R", "L", "B" or "U"; "" when not written
    view_position: str = ""  #: e.g. "PA", "CC", "MLO"


@dataclass(frozen=True, eq=False)
class PhantomSeries:
    """One written series and everything a test needs to compare a reader against."""

    kind: str  #: generator kind, e.g. "ct", "mr", "pt", "cr", "mg", "enhanced-ct"
    modality: str
    sop_class_uid: str
    transfer_syntax_uid: str
    study: StudyInfo
    series_instance_uid: str
    series_number: int
    series_description: str
    frame_of_reference_uid: str  #: "" for images without a Frame of Reference
    paths: tuple[Path, ...]  #: every file written, sorted by name (not slice order if shuffled)
    stacks: tuple[Stack, ...]  #: how a correct reader splits the series
    scene: Scene  #: values in modality units, in the stacks' space
    units: str  #: "HU", "BQML", "" ...
    photometric: str
    stored_dtype: str  #: numpy dtype name of the stored pixels, e.g. "int16"
    windows: tuple[Window, ...] = ()
    suv: SuvTruth | None = None
    projection: ProjectionTruth | None = None
    frame_scenes: tuple[Scene, ...] = ()  #: per-frame scenes of a cine (frame k = stack slice k)
    frame_time_ms: float | None = None
    notes: str = ""  #: what the series is for, in a sentence

    @property
    def patient(self) -> PatientInfo:
        return self.study.patient

    @property
    def study_instance_uid(self) -> str:
        return self.study.study_instance_uid

    @property
    def spheres(self) -> tuple[Sphere, ...]:
        return self.scene.spheres

    @property
    def markers(self) -> tuple[Box, ...]:
        """Orientation markers, labelled by the side they mark ("left", "anterior", ...)."""
        return self.scene.markers

    @property
    def rulers(self) -> tuple[Ruler, ...]:
        return self.scene.rulers

    @property
    def stack(self) -> Stack:
        """The only stack; ValueError for series that split into several."""
        if len(self.stacks) != 1:
            raise ValueError(f"{self.kind} series has {len(self.stacks)} stacks; use .stacks")
        return self.stacks[0]

    @property
    def shape(self) -> tuple[int, int, int]:
        return self.stack.shape

    @property
    def affine(self) -> np.ndarray:
        return self.stack.affine

    @property
    def rescale_slope(self) -> float:
        """The series' one Rescale Slope; ValueError when it varies per slice (PET)."""
        return _single({s for st in self.stacks for s in st.rescale_slopes}, "rescale slope")

    @property
    def rescale_intercept(self) -> float:
        return _single({s for st in self.stacks for s in st.rescale_intercepts}, "rescale intercept")


def _single(values: set[float], what: str) -> float:
    if len(values) != 1:
        raise ValueError(f"{what} varies per slice ({len(values)} values); read Stack.rescale_slopes")
    return values.pop()
