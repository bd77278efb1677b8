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
