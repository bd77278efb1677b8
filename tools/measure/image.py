"""``SliceImage``: the pixels of one displayed plane and what their values mean.

A measurement needs the values under it (ROI statistics, probe) in the unit a reader
expects: HU for CT, SUVbw for PET when the header allows it (PS3.3 C.8.9.1, via
``model.pet.SuvParameters``), otherwise the modality unit or raw values. This class
gathers those facts once per displayed plane so every measurement converts alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from tools.measure.geometry import ImageGeometry, ImageRef
from workstation.model import Volume

#: Rec. 601 luma weights: colour ROI statistics are computed on this luminance.
LUMA_WEIGHTS = np.array([0.299, 0.587, 0.114])

#: Modality Units (0054,1001) and Volume.units codes as people read them.
_UNIT_NAMES = {"HU": "HU", "BQML": "Bq/ml", "CNTS": "counts", "GML": "g/ml", "PROPCNTS": "counts",
               "NONE": "", "": ""}


@dataclass(frozen=True, eq=False)
class SliceImage:
    """Pixels of one plane, with geometry, reference and value conversion.

    Parameters
    ----------
    pixels
        ``(rows, columns)`` values, or ``(rows, columns, 3)`` RGB for colour images.
    geometry
        Where the pixels are in patient space (possibly calibrated).
    ref
        The original image, ``None`` for a resliced plane.
    rescale_slope, rescale_intercept
        Modality LUT (PS3.3 C.11.1) from ``pixels`` to modality values.
    units
        Unit of modality values as ``Volume.units`` (``"HU"``, ``"BQML"``, ...).
    suv_factor
        Multiply modality values (Bq/ml) by this to get SUVbw; ``None`` when unavailable.
    suv_problem
        Why SUV is unavailable on a ``BQML`` image, to show next to Bq/ml values.
    has_stored_values
        True when ``pixels`` are the file's stored values (an original image); false for
        a resampled plane, whose values are interpolated and only modality-valued.
    """

    pixels: np.ndarray
    geometry: ImageGeometry
    ref: ImageRef | None = None
    rescale_slope: float = 1.0
    rescale_intercept: float = 0.0
    units: str = ""
    suv_factor: float | None = None
    suv_problem: str = ""
    has_stored_values: bool = True
    #: the Volume this plane was taken from (not compared; lets a viewer find it again)
    source: Volume | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if not isinstance(self.pixels, np.ndarray):
            raise TypeError(f"pixels must be a numpy array, got {type(self.pixels).__name__}")
        if self.pixels.ndim not in (2, 3) or (self.pixels.ndim == 3 and self.pixels.shape[2] != 3):
            raise ValueError(f"pixels must be (rows, columns) or (rows, columns, 3), got {self.pixels.shape}")
        if not self.rescale_slope:
            raise ValueError("rescale_slope must not be 0")

    @classmethod
    def from_volume(cls, volume: Volume, k: int, geometry: ImageGeometry | None = None) -> SliceImage:
        """Slice ``k`` of an original-image volume (a view, no copy).

        Pass ``geometry`` to override the volume's (a calibrated geometry). Bind after
        the slice has been decoded (``Volume.slice_loaded``): the values are read lazily.
        """
        if geometry is None:
            geometry = ImageGeometry.from_volume_slice(volume, k)
        factor, problem = _suv(volume)
        return cls(volume.pixels[k], geometry, ImageRef.from_volume_slice(volume, k),
                   volume.rescale_slope, volume.rescale_intercept, volume.units, factor, problem,
                   True, volume)

    @classmethod
    def from_plane(
        cls,
        values: np.ndarray,
        geometry: ImageGeometry,
        source: Volume | None = None,
    ) -> SliceImage:
        """A resampled plane (MPR, oblique, slab) whose ``values`` are modality values.

        Units and SUV come from ``source``, the volume that was resampled.
        """
        if source is None:
            return cls(values, geometry, has_stored_values=False)
        factor, problem = _suv(source)
        return cls(values, geometry, None, 1.0, 0.0, source.units, factor, problem, False, source)

    def with_geometry(self, geometry: ImageGeometry) -> SliceImage:
        """The same pixels on another geometry (after a calibration)."""
        return replace(self, geometry=geometry)

    # -- values ----------------------------------------------------------------------

    @property
    def shape(self) -> tuple[int, int]:
        """``(rows, columns)``."""
        return int(self.pixels.shape[0]), int(self.pixels.shape[1])

    @property
    def is_colour(self) -> bool:
        return self.pixels.ndim == 3

    @property
    def value_unit(self) -> str:
        """Unit of :meth:`values`: ``"SUVbw"``, ``"HU"``, ``"Bq/ml"``, ... or ``""``."""
        if self.is_colour:
            return ""
        if self.suv_factor is not None:
            return "SUVbw"
        return _UNIT_NAMES.get(self.units.upper(), self.units)

    @property
    def value_note(self) -> str:
        """A note for values that are not what a reader would expect (no SUV, luminance)."""
        if self.is_colour:
            return "luminance"
        if self.suv_factor is None and self.suv_problem:
            return f"SUV unavailable: {self.suv_problem}"
        return ""

    @property
    def value_decimals(self) -> int:
        return decimals_for(self.value_unit)

    def values(self, stored: np.ndarray) -> np.ndarray:
        """Convert pixels (as taken from :attr:`pixels`) to reported values, float64.

        Grey: modality LUT then SUV factor. Colour: Rec. 601 luminance of RGB, because one
        number per pixel is what mean/SD/min/max can describe.
        """
        if self.is_colour:
            return np.asarray(stored, dtype=float) @ LUMA_WEIGHTS
        out = np.asarray(stored, dtype=float) * self.rescale_slope + self.rescale_intercept
        if self.suv_factor is not None:
            out *= self.suv_factor
        return out

    def modality_value(self, stored: float) -> float:
        """A stored value through the modality LUT only (HU, Bq/ml)."""
        return float(stored) * self.rescale_slope + self.rescale_intercept

    @property
    def modality_unit(self) -> str:
        return _UNIT_NAMES.get(self.units.upper(), self.units)


def decimals_for(unit: str) -> int:
    """Decimals worth printing for a value unit: SUV 2, Bq/ml 0, everything else 1."""
    return {"SUVbw": 2, "Bq/ml": 0}.get(unit, 1)


def _suv(volume: Volume) -> tuple[float | None, str]:
    """SUVbw factor of a PET volume and, when there is none, why (for BQML images)."""
    if volume.units.upper() != "BQML":
        return None, ""
    if volume.suv is None:
        return None, "no SUV parameters in the header"
    problems = volume.suv.problems()
    if problems:
        return None, "; ".join(problems)
    return volume.suv.suv_bw_factor(), ""
