"""The ``Measurement`` base class and the ``Quantity`` values measurements report.

Measurements are **immutable** values: editing one (moving a handle, changing a text,
calibrating) returns a new object with the same ``id``. That makes undo exact (a command
keeps the old and the new object), lets a panel compare before/after, and means a result
computed once (``quantities``) can be cached on the object for repaints.
"""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any, ClassVar, Self

import numpy as np

from tools.measure.geometry import ImageGeometry, ImageRef, Point, as_point
from tools.measure.image import SliceImage

#: kind -> class, filled by ``Measurement.__init_subclass__``; persistence reads it.
MEASUREMENT_KINDS: dict[str, type[Measurement]] = {}


@dataclass(frozen=True)
class Quantity:
    """One reported number: ``Quantity("Length", 52.31, "mm")`` prints ``Length 52.3 mm``."""

    name: str
    value: float
    unit: str = ""
    decimals: int = 1
    compact: bool = False  #: print as ``name=value`` (``n=317``)

    @property
    def formatted_value(self) -> str:
        return "\u2014" if not math.isfinite(self.value) else f"{self.value:.{self.decimals}f}"

    def text(self, with_unit: bool = True) -> str:
        if self.compact:
            return f"{self.name}={self.formatted_value}"
        unit = self.unit if with_unit else ""
        sep = "" if unit in ("", "\u00b0") else " "
        return f"{self.name} {self.formatted_value}{sep}{unit}"


def join_quantities(quantities: tuple[Quantity, ...], notes: tuple[str, ...]) -> str:
    """``"Area 314.2 mm², Mean 100.0 HU, SD 0.0, Min 100.0, ..."``: a unit is printed
    only where it changes, so a row of statistics stays short; notes go in brackets."""
    parts, last_unit = [], None
    for q in quantities:
        parts.append(q.text(with_unit=q.unit != last_unit))
        if q.unit:
            last_unit = q.unit
    text = ", ".join(parts)
    if notes:
        text += f" ({'; '.join(notes)})"
    return text


def _new_id() -> str:
    return uuid.uuid4().hex


@dataclass(frozen=True, kw_only=True)
class Measurement:
    """A shape drawn on one image plane, with control points in pixel coordinates.

    Parameters
    ----------
    points
        Control points ``(x=column, y=row)``; pixel centres are at integers.
    geometry
        The plane the points live on; it turns pixels into mm.
    ref
        The original image drawn on; ``None`` on a resliced plane.
    id
        Stable identity across edits (a new object keeps it); new for a copy.
    image
        The pixels under the shape, needed for ROI statistics and probes. Not compared
        and not persisted: a viewer binds it with :meth:`bound_to` when it shows the image.
    """

    kind: ClassVar[str] = ""
    title: ClassVar[str] = ""  #: human name of the kind, for tables
    min_points: ClassVar[int] = 1
    max_points: ClassVar[int | None] = None  #: ``None``: as many as drawn
    uses_spacing: ClassVar[bool] = True  #: results depend on pixel spacing (notes say which)
    uses_values: ClassVar[bool] = False  #: results depend on pixel values

    points: tuple[Point, ...]
    geometry: ImageGeometry
    ref: ImageRef | None = None
    id: str = field(default_factory=_new_id)
    image: SliceImage | None = field(default=None, compare=False, repr=False)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.kind:
            if cls.kind in MEASUREMENT_KINDS:
                raise TypeError(f"measurement kind {cls.kind!r} is defined twice")
            MEASUREMENT_KINDS[cls.kind] = cls

    def __post_init__(self) -> None:
        if not isinstance(self.geometry, ImageGeometry):
            raise TypeError(f"geometry must be an ImageGeometry, got {type(self.geometry).__name__}")
        if self.ref is not None and not isinstance(self.ref, ImageRef):
            raise TypeError(f"ref must be an ImageRef or None, got {type(self.ref).__name__}")
        if not isinstance(self.id, str) or not self.id:
            raise ValueError(f"id must be a non-empty string, got {self.id!r}")
        points = tuple(as_point(p, f"points[{i}]") for i, p in enumerate(self.points))
        top = self.max_points
        if len(points) < self.min_points or (top is not None and len(points) > top):
            wanted = str(self.min_points) if top == self.min_points else f"{self.min_points}..{top or 'n'}"
            raise ValueError(f"{type(self).__name__} needs {wanted} points, got {len(points)}")
        object.__setattr__(self, "points", points)
        if self.image is not None:
            if not isinstance(self.image, SliceImage):
                raise TypeError(f"image must be a SliceImage, got {type(self.image).__name__}")
            if self.image.geometry != self.geometry or self.image.ref != self.ref:
                raise ValueError("image geometry/ref differ from the measurement's: use bound_to(image)")

    @classmethod
    def on(cls, target: SliceImage | ImageGeometry, points: Any, **fields: Any) -> Self:
        """A new measurement on ``target`` (an image, or just a plane) with ``points``."""
        if isinstance(target, SliceImage):
            return cls(points=points, geometry=target.geometry, ref=target.ref, image=target, **fields)
        return cls(points=points, geometry=target, **fields)

    # -- editing (each returns a new object with the same id) -------------------------

    @property
    def handles(self) -> tuple[Point, ...]:
        """Points the user can drag, in pixel coordinates; index them in :meth:`moved`."""
        return self.points

    def moved(self, handle: int, point: Point) -> Self:
        """The measurement with handle ``handle`` dragged to ``point``."""
        self._check_handle(handle)
        points = list(self.points)
        points[handle] = as_point(point, "point")
        return replace(self, points=tuple(points))

    def _check_handle(self, handle: int) -> None:
        if not 0 <= handle < len(self.handles):
            raise IndexError(f"{type(self).__name__} has {len(self.handles)} handles, got index {handle}")

    def translated(self, dx: float, dy: float) -> Self:
        """The whole shape shifted by ``(dx, dy)`` pixels."""
        return replace(self, points=tuple((x + dx, y + dy) for x, y in self.points))

    def appended(self, point: Point) -> Self:
        """One more point (while drawing a polyline or polygon)."""
        if self.max_points is not None and len(self.points) >= self.max_points:
            raise ValueError(f"{type(self).__name__} takes at most {self.max_points} points")
        return replace(self, points=(*self.points, as_point(point, "point")))

    def bound_to(self, image: SliceImage) -> Self:
        """The same measurement (same id) reading values from ``image`` and its geometry."""
        return replace(self, geometry=image.geometry, ref=image.ref, image=image)

    def copied_to(self, target: SliceImage | ImageGeometry, ref: ImageRef | None = None) -> Self:
        """A copy with the same pixel coordinates on another image: new id, recomputed."""
        if isinstance(target, SliceImage):
            return replace(self, geometry=target.geometry, ref=target.ref, image=target, id=_new_id())
        return replace(self, geometry=target, ref=ref, image=None, id=_new_id())

    def with_geometry(self, geometry: ImageGeometry) -> Self:
        """The same measurement on a re-calibrated plane (the bound image follows)."""
        image = self.image.with_geometry(geometry) if self.image is not None else None
        return replace(self, geometry=geometry, image=image)

    # -- results ---------------------------------------------------------------------

    def patient_points(self) -> np.ndarray:
        """Control points in LPS mm, ``(n, 3)`` (for SCOORD3D and 3D display)."""
        return self.geometry.pixel_to_patient(np.asarray(self.points, dtype=float))

    @cached_property
    def quantities(self) -> tuple[Quantity, ...]:
        """The numbers this measurement reports, computed once per object."""
        return self._compute()

    def _compute(self) -> tuple[Quantity, ...]:
        return ()

    def notes(self) -> tuple[str, ...]:
        """Qualifiers a reader must see: ``"at detector"``, ``"calibrated"``, no SUV, ..."""
        found = []
        if self.uses_spacing and self.geometry.unit_note:
            found.append(self.geometry.unit_note)
        if self.uses_values and self.image is not None and self.image.value_note:
            found.append(self.image.value_note)
        return tuple(found)

    def label(self) -> str:
        """What the viewer draws next to the shape, e.g. ``"Length 52.3 mm"``."""
        return join_quantities(self.quantities, self.notes())
