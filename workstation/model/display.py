"""Display facts a file carries: VOI windows and VOI LUTs (PS3.3 C.11.2).

These are plain values; ``rendering.voi`` turns them into pixels.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import numpy as np


class VoiFunction(StrEnum):
    """VOI LUT Function (0028,1056); LINEAR is the default when the tag is absent."""

    LINEAR = "LINEAR"
    LINEAR_EXACT = "LINEAR_EXACT"
    SIGMOID = "SIGMOID"


@dataclass(frozen=True)
class Window:
    """A window centre/width pair in modality units (HU for CT)."""

    center: float
    width: float
    explanation: str = ""
    function: VoiFunction = VoiFunction.LINEAR

    def __post_init__(self) -> None:
        minimum = 0.0 if self.function is VoiFunction.LINEAR_EXACT else 1.0
        if not self.width >= minimum:  # also rejects NaN
            raise ValueError(f"window width must be >= {minimum} for {self.function}, got {self.width}")

    @property
    def label(self) -> str:
        return self.explanation or f"C {self.center:g} / W {self.width:g}"


@dataclass(frozen=True, eq=False)
class VoiLut:
    """A VOI LUT Sequence item: ``data[i]`` is the output for input ``first_mapped + i``."""

    first_mapped: int
    data: np.ndarray
    bits: int
    explanation: str = ""

    def __post_init__(self) -> None:
        if self.data.ndim != 1 or self.data.size == 0:
            raise ValueError(f"VOI LUT data must be a non-empty 1-D array, got shape {self.data.shape}")
        if not 8 <= self.bits <= 16:
            raise ValueError(f"VOI LUT bits must be 8..16, got {self.bits}")


@dataclass(frozen=True, eq=False)
class OverlayPlane:
    """A DICOM overlay plane (PS3.3 C.9.2): a bitmap drawn over the image.

    ``bitmap`` is ``(rows, columns)`` bool; ``origin`` is the 1-based (row, column) of its
    top-left pixel in the image, as Overlay Origin (60xx,0050) gives it.
    """

    bitmap: np.ndarray
    origin: tuple[int, int] = (1, 1)
    kind: str = "G"  #: "G" graphics or "R" ROI
    description: str = ""


@dataclass(frozen=True)
class Shutter:
    """Display shutter (PS3.3 C.7.6.11): what lies outside is not to be shown.

    Any of the shapes may be present together; the visible area is their intersection.
    Coordinates are 1-based (row, column) as in the standard. ``grey`` is the
    Shutter Presentation Value as a 0..1 fraction of white (0 = black).
    """

    rectangle: tuple[int, int, int, int] | None = None  #: left col, right col, upper row, lower row
    circle: tuple[int, int, int] | None = None  #: centre row, centre column, radius
    polygon: tuple[tuple[int, int], ...] = ()  #: vertices as (row, column)
    grey: float = 0.0
