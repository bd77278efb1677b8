"""Line measurements: length, polyline, angles (three-point, open, Cobb), height
difference and cardiothoracic ratio.

Every distance and angle is computed from patient-space vectors (``ImageGeometry.vector_mm``),
never from pixel differences, so anisotropic pixel spacing gives true mm and true degrees.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Self

import numpy as np

from tools.measure.base import Measurement, Quantity
from tools.measure.geometry import Point, as_point


def angle_between(u: np.ndarray, v: np.ndarray) -> float:
    """Angle between two vectors in degrees, 0..180; NaN if either is zero.

    ``atan2(|u x v|, u . v)`` stays accurate near 0 and 180 degrees, where ``acos`` is not.
    """
    if not (np.any(u) and np.any(v)):
        return math.nan
    return math.degrees(math.atan2(float(np.linalg.norm(np.cross(u, v))), float(np.dot(u, v))))


@dataclass(frozen=True, kw_only=True)
class Length(Measurement):
    """Distance between two points."""

    kind = "length"
    title = "Length"
    min_points = max_points = 2

    @property
    def length(self) -> float:
        """Distance in ``geometry.length_unit``."""
        return self.geometry.distance_mm(self.points[0], self.points[1])

    def _compute(self) -> tuple[Quantity, ...]:
        return (Quantity("Length", self.length, self.geometry.length_unit),)


@dataclass(frozen=True, kw_only=True)
class Polyline(Measurement):
    """Total length of connected segments; ``closed`` adds the last-to-first segment
    and reports it as a perimeter."""

    kind = "polyline"
    title = "Polyline"
    min_points = 2

    closed: bool = False

    @property
    def length(self) -> float:
        points = self.points + (self.points[:1] if self.closed else ())
        return sum(self.geometry.distance_mm(p, q) for p, q in zip(points, points[1:]))

    def _compute(self) -> tuple[Quantity, ...]:
        return (Quantity("Perimeter" if self.closed else "Length", self.length, self.geometry.length_unit),)


class _AngleBase(Measurement):
    """Angles do not depend on the spacing's scale, only on its aspect: no unit note."""

    uses_spacing = False

    @property
    def angle(self) -> float:
        raise NotImplementedError

    def _compute(self) -> tuple[Quantity, ...]:
        return (Quantity(self.title, self.angle, "\u00b0"),)


@dataclass(frozen=True, kw_only=True)
class Angle(_AngleBase):
    """The angle at ``points[1]`` between the rays to ``points[0]`` and ``points[2]``, 0..180."""

    kind = "angle"
    title = "Angle"
    min_points = max_points = 3

    @property
    def angle(self) -> float:
        a, vertex, b = self.points
        return angle_between(self.geometry.vector_mm(vertex, a), self.geometry.vector_mm(vertex, b))


@dataclass(frozen=True, kw_only=True)
class OpenAngle(_AngleBase):
    """Angle between two separate lines ``p0->p1`` and ``p2->p3`` as drawn, 0..180.

    The lines need not meet; their directions are taken in the order the user drew them,
    so drawing both "from left to right" gives the angle one expects.
    """

    kind = "open_angle"
    title = "Angle"
    min_points = max_points = 4

    @property
    def angle(self) -> float:
        p0, p1, p2, p3 = self.points
        return angle_between(self.geometry.vector_mm(p0, p1), self.geometry.vector_mm(p2, p3))


@dataclass(frozen=True, kw_only=True)
class Cobb(_AngleBase):
    """Cobb angle: the angle between two lines (end-plate tangents), 0..90 degrees.

    Lines have no direction, so the acute angle between them is reported whatever order
    the end points were drawn in.
    """

    kind = "cobb"
    title = "Cobb"
    min_points = max_points = 4

    @property
    def angle(self) -> float:
        p0, p1, p2, p3 = self.points
        a = angle_between(self.geometry.vector_mm(p0, p1), self.geometry.vector_mm(p2, p3))
        return min(a, 180.0 - a)


@dataclass(frozen=True, kw_only=True)
class HeightDifference(Measurement):
    """Vertical distance between two points, along the image column direction.

    For leg-length or pelvic-tilt comparisons on a radiograph: only the row offset
    counts, whatever the horizontal distance between the points.
    """

    kind = "height_difference"
    title = "Height difference"
    min_points = max_points = 2

    @property
    def height(self) -> float:
        (_, y0), (_, y1) = self.points
        return self.geometry.distance_mm((0.0, y0), (0.0, y1))

    def _compute(self) -> tuple[Quantity, ...]:
        return (Quantity("Height difference", self.height, self.geometry.length_unit),)


@dataclass(frozen=True, kw_only=True)
class CardiothoracicRatio(Measurement):
    """Cardiothoracic ratio from two horizontal lines: heart ``points[0:2]``, thorax ``points[2:4]``.

    Widths are horizontal extents (along the row direction), the maximal transverse
    diameters of the definition; the ratio is dimensionless, so it is valid whatever the
    spacing (the widths still carry the spacing note). Dragging one end of a line moves
    the other end to the same height, keeping the lines horizontal.
    """

    kind = "cardiothoracic_ratio"
    title = "Cardiothoracic ratio"
    min_points = max_points = 4

    def _width(self, first: int) -> float:
        (x0, _), (x1, _) = self.points[first:first + 2]
        return self.geometry.distance_mm((x0, 0.0), (x1, 0.0))

    @property
    def heart_width(self) -> float:
        return self._width(0)

    @property
    def thorax_width(self) -> float:
        return self._width(2)

    @property
    def ratio(self) -> float:
        thorax = self.thorax_width
        return self.heart_width / thorax if thorax > 0 else math.nan

    def moved(self, handle: int, point: Point) -> Self:
        self._check_handle(handle)
        x, y = as_point(point, "point")
        points = list(self.points)
        partner = handle ^ 1
        points[handle] = (x, y)
        points[partner] = (points[partner][0], y)
        return replace(self, points=tuple(points))

    def _compute(self) -> tuple[Quantity, ...]:
        unit = self.geometry.length_unit
        return (Quantity("CTR", self.ratio, "", 2), Quantity("Heart", self.heart_width, unit),
                Quantity("Thorax", self.thorax_width, unit))

    def label(self) -> str:
        """``"CTR 0.48 (heart 140.0 mm, thorax 290.0 mm)"``."""
        ratio, heart, thorax = self.quantities
        inside = [f"heart {heart.formatted_value} {heart.unit}", f"thorax {thorax.formatted_value} {thorax.unit}",
                  *self.notes()]
        return f"CTR {ratio.formatted_value} ({', '.join(inside)})"
