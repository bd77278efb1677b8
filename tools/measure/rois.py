"""Regions of interest (ellipse, rectangle, polygon, freehand) and the point probe.

An ROI reports its analytic geometric area (pi*a*b for an ellipse, the shoelace formula
for polygons) in mm², and, when an image is bound, statistics over the pixels whose
centre lies inside the shape, in HU for CT, SUVbw for PET when the header allows it
(Bq/ml with a note otherwise), raw values otherwise, and Rec. 601 luminance for colour.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Self

from tools.measure._raster import (
    Region,
    Statistics,
    ellipse_region,
    polygon_region,
    rectangle_region,
    shoelace_area,
    statistics,
)
from tools.measure.base import Measurement, Quantity
from tools.measure.geometry import Point, as_point
from tools.measure.image import decimals_for


class Roi(Measurement):
    """Common part of all ROIs: area plus statistics of the covered pixels."""

    uses_values = True

    def area_px(self) -> float:
        """Geometric area in square pixels (multiplied by the pixel area for mm²)."""
        raise NotImplementedError

    def region(self, shape: tuple[int, int]) -> Region:
        """Pixels of an image of ``shape`` whose centre is inside the shape."""
        raise NotImplementedError

    @property
    def area(self) -> float:
        """Analytic area in ``geometry.area_unit``."""
        return self.area_px() * self.geometry.pixel_area

    @cached_property
    def statistics(self) -> Statistics | None:
        """Statistics of the covered pixels; ``None`` without an image or pixels."""
        if self.image is None:
            return None
        values = self.region(self.image.shape).take(self.image.pixels)
        return statistics(self.image.values(values))

    def _compute(self) -> tuple[Quantity, ...]:
        found = [Quantity("Area", self.area, self.geometry.area_unit)]
        if self.image is None:
            return tuple(found)
        stats = self.statistics
        if stats is not None:
            unit, decimals = self.image.value_unit, self.image.value_decimals
            found += [Quantity("Mean", stats.mean, unit, decimals), Quantity("SD", stats.sd, unit, decimals),
                      Quantity("Min", stats.minimum, unit, decimals), Quantity("Max", stats.maximum, unit, decimals)]
        found.append(Quantity("n", stats.n if stats is not None else 0, "", 0, compact=True))
        return tuple(found)


class _BoxRoi(Roi):
    """An ROI defined by two opposite corners ``(x0, y0)``, ``(x1, y1)`` of its box.

    Handles are the four corners in the order (x0,y0), (x1,y0), (x1,y1), (x0,y1); moving
    one keeps the opposite corner and keeps every handle's index, so a drag that crosses
    the opposite corner still drags the same handle.
    """

    min_points = max_points = 2

    @property
    def handles(self) -> tuple[Point, ...]:
        (x0, y0), (x1, y1) = self.points
        return (x0, y0), (x1, y0), (x1, y1), (x0, y1)

    def moved(self, handle: int, point: Point) -> Self:
        self._check_handle(handle)
        x, y = as_point(point, "point")
        (x0, y0), (x1, y1) = self.points
        if handle in (0, 3):
            x0 = x
        else:
            x1 = x
        if handle in (0, 1):
            y0 = y
        else:
            y1 = y
        return replace(self, points=((x0, y0), (x1, y1)))

    @property
    def width_px(self) -> float:
        return abs(self.points[1][0] - self.points[0][0])

    @property
    def height_px(self) -> float:
        return abs(self.points[1][1] - self.points[0][1])


@dataclass(frozen=True, kw_only=True)
class EllipseRoi(_BoxRoi):
    """Axis-aligned ellipse inscribed in the box of its two corner points."""

    kind = "ellipse"
    title = "Ellipse ROI"

    def area_px(self) -> float:
        return math.pi * self.width_px * self.height_px / 4.0

    def region(self, shape: tuple[int, int]) -> Region:
        return ellipse_region(self.points[0], self.points[1], shape)


@dataclass(frozen=True, kw_only=True)
class RectangleRoi(_BoxRoi):
    """Axis-aligned rectangle between its two corner points."""

    kind = "rectangle"
    title = "Rectangle ROI"

    def area_px(self) -> float:
        return self.width_px * self.height_px

    def region(self, shape: tuple[int, int]) -> Region:
        return rectangle_region(self.points[0], self.points[1], shape)


@dataclass(frozen=True, kw_only=True)
class PolygonRoi(Roi):
    """Closed polygon through its vertices (each vertex is a handle)."""

    kind = "polygon"
    title = "Polygon ROI"
    min_points = 3

    def area_px(self) -> float:
        return shoelace_area(self.points)

    def region(self, shape: tuple[int, int]) -> Region:
        return polygon_region(self.points, shape)


@dataclass(frozen=True, kw_only=True)
class FreehandRoi(PolygonRoi):
    """Closed outline traced with the mouse: many vertices, moved only as a whole.

    It has no handles, because dragging one of hundreds of traced points is not an edit
    anyone means; :meth:`translated` still moves it.
    """

    kind = "freehand"
    title = "Freehand ROI"

    @property
    def handles(self) -> tuple[Point, ...]:
        return ()


@dataclass(frozen=True, kw_only=True)
class Probe(Measurement):
    """The value under one point: stored and modality value, SUVbw, patient position.

    The value is the pixel whose centre is nearest (no interpolation: a reader probes a
    pixel), and the coordinates are that pixel centre's, so both describe the same place.
    Colour images give R, G, B. Patient coordinates (LPS mm) are reported only for
    cross-sectional geometry, where they mean a place in the patient.
    """

    kind = "probe"
    title = "Probe"
    min_points = max_points = 1
    uses_spacing = False
    uses_values = True

    def pixel_index(self) -> tuple[int, int] | None:
        """``(row, column)`` of the nearest pixel, ``None`` outside the bound image."""
        if self.image is None:
            return None
        x, y = self.points[0]
        row, col = math.floor(y + 0.5), math.floor(x + 0.5)
        rows, cols = self.image.shape
        return (row, col) if 0 <= row < rows and 0 <= col < cols else None

    def _value_quantities(self) -> list[Quantity]:
        index = self.pixel_index()
        if self.image is None or index is None:
            return []
        image, stored = self.image, self.image.pixels[index]
        if image.is_colour:
            return [Quantity(c, float(v), "", 0) for c, v in zip("RGB", stored)]
        found = []
        modality = image.modality_value(stored)
        unit = image.modality_unit
        found.append(Quantity("Value", modality, unit, decimals_for(unit)))
        if image.has_stored_values:
            found.append(Quantity("Stored", float(stored), "", 0))
        if image.suv_factor is not None:
            found.append(Quantity("SUVbw", modality * image.suv_factor, "", decimals_for("SUVbw")))
        return found

    def _compute(self) -> tuple[Quantity, ...]:
        found = self._value_quantities()
        if self.geometry.has_patient_coordinates:
            # The position of the pixel whose value is shown, so value and place agree.
            index = self.pixel_index()
            point = self.points[0] if index is None else (float(index[1]), float(index[0]))
            x, y, z = self.geometry.pixel_to_patient(point)
            found += [Quantity("x (LPS)", float(x), "mm"), Quantity("y (LPS)", float(y), "mm"),
                      Quantity("z (LPS)", float(z), "mm")]
        return tuple(found)

    def label(self) -> str:
        """``"40.0 HU (stored 1064), LPS (12.3, -45.6, 7.8) mm"``, or ``"RGB (..)"``."""
        q = {item.name: item for item in self.quantities}
        parts = []
        if "R" in q:
            parts.append("RGB (" + ", ".join(q[c].formatted_value for c in "RGB") + ")")
        if "Value" in q:
            value = q["Value"]
            text = f"{value.formatted_value} {value.unit}".rstrip()
            if "Stored" in q and q["Stored"].value != value.value:
                text += f" (stored {q['Stored'].formatted_value})"
            parts.append(text)
        if "SUVbw" in q:
            parts.append(f"SUVbw {q['SUVbw'].formatted_value}")
        if "x (LPS)" in q:
            xyz = ", ".join(q[f"{a} (LPS)"].formatted_value for a in "xyz")
            parts.append(f"LPS ({xyz}) mm")
        notes = self.notes()
        return (", ".join(parts) or self.title) + (f" ({'; '.join(notes)})" if notes else "")
