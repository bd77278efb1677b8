"""Manual calibration: a line of known length sets the pixel spacing of an image.

For projection images with neither Pixel Spacing nor Imager Pixel Spacing (scanned
films, secondary captures), or whose detector spacing a reader wants to correct for
magnification with a reference object, the user draws a line over something of known
size. The result is shown as "calibrated" (``SpacingKind.CALIBRATED``) everywhere.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from tools.measure.geometry import ImageGeometry, ImageRef, Point, as_point, check_spacing
from workstation.model import SpacingKind


@dataclass(frozen=True)
class Calibration:
    """A calibrated spacing and the line it came from (kept to show and to audit).

    Parameters
    ----------
    spacing
        ``(column spacing, row spacing)`` in mm after calibration.
    known_length_mm
        The length the user typed for the line.
    line
        The calibration line in pixel coordinates.
    ref
        The image the line was drawn on; the calibration applies to its series.
    base_spacing, base_kind
        The spacing it replaced, so removing the calibration restores it exactly.
    """

    spacing: tuple[float, float]
    known_length_mm: float
    line: tuple[Point, Point]
    ref: ImageRef | None = None
    base_spacing: tuple[float, float] = (1.0, 1.0)
    base_kind: SpacingKind = SpacingKind.UNKNOWN

    def __post_init__(self) -> None:
        spacing, base = check_spacing(self.spacing, "spacing"), check_spacing(self.base_spacing, "base_spacing")
        _check_known_length(self.known_length_mm)
        line = tuple(as_point(p, f"line[{i}]") for i, p in enumerate(self.line))
        if len(line) != 2:
            raise ValueError(f"line must have 2 points, got {len(line)}")
        object.__setattr__(self, "spacing", spacing)
        object.__setattr__(self, "base_spacing", base)
        object.__setattr__(self, "base_kind", SpacingKind(self.base_kind))
        object.__setattr__(self, "line", line)

    @classmethod
    def from_line(cls, geometry: ImageGeometry, p: Point, q: Point, known_length_mm: float,
                  ref: ImageRef | None = None) -> Calibration:
        """Scale ``geometry``'s spacing so that the line ``p``-``q`` measures ``known_length_mm``.

        Both spacings are scaled by one factor, which keeps the pixel aspect ratio the
        image already had (square pixels when nothing was known).

        Raises
        ------
        ValueError
            If the line has zero length or the known length is not positive.
        """
        _check_known_length(known_length_mm)
        current = geometry.distance_mm(p, q)
        if current <= 0:
            raise ValueError("the calibration line has zero length")
        factor = known_length_mm / current
        spacing = (geometry.spacing[0] * factor, geometry.spacing[1] * factor)
        return cls(spacing, float(known_length_mm), (p, q), ref, geometry.spacing, geometry.spacing_kind)

    def apply(self, geometry: ImageGeometry) -> ImageGeometry:
        """``geometry`` with the calibrated spacing, labelled ``CALIBRATED``."""
        return geometry.with_spacing(self.spacing, SpacingKind.CALIBRATED)

    def revert(self, geometry: ImageGeometry) -> ImageGeometry:
        """``geometry`` with the spacing this calibration replaced (undoes :meth:`apply`)."""
        return geometry.with_spacing(self.base_spacing, self.base_kind)

    def to_dict(self) -> dict[str, Any]:
        ref = None if self.ref is None else self.ref.to_dict()
        return {"spacing": list(self.spacing), "known_length_mm": self.known_length_mm,
                "line": [list(p) for p in self.line], "ref": ref,
                "base_spacing": list(self.base_spacing), "base_kind": self.base_kind.value}

    @classmethod
    def from_dict(cls, data: Any) -> Calibration:
        """Inverse of :meth:`to_dict`; ``ValueError`` for anything malformed."""
        if not isinstance(data, dict):
            raise ValueError(f"calibration must be an object, got {type(data).__name__}")
        try:
            return cls(tuple(data["spacing"]), float(data["known_length_mm"]),
                       tuple(data["line"]), _optional_ref(data.get("ref")),
                       tuple(data["base_spacing"]), SpacingKind(data["base_kind"]))
        except KeyError as exc:
            raise ValueError(f"calibration lacks {exc.args[0]!r}") from None
        except TypeError as exc:
            raise ValueError(f"calibration is malformed: {exc}") from None


def _optional_ref(data: Any) -> ImageRef | None:
    return None if data is None else ImageRef.from_dict(data)



def _check_known_length(value: float) -> None:
    if not (isinstance(value, (int, float)) and math.isfinite(value) and value > 0):
        raise ValueError(f"known_length_mm must be a positive number, got {value!r}")
