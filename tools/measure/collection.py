"""``MeasurementSet``: the measurements of one study, with events for panels and viewports.

The set is the single owner of "which measurements exist": the viewport draws what it
holds for the shown image, the panel lists it, the store saves it, and every change goes
through :class:`~tools.measure.undo.UndoStack` commands that call the methods here. It
also keeps the per-series calibrations, because a calibration changes the results of
every measurement on that series.
"""

from __future__ import annotations

from collections.abc import Iterator

from tools.measure.base import Measurement
from tools.measure.calibration import Calibration
from tools.measure.geometry import ImageGeometry, ImageRef
from tools.measure.image import SliceImage
from workstation.model import Event, Volume


class MeasurementSet:
    """An ordered collection of measurements keyed by ``Measurement.id``.

    Events (callbacks run on the calling thread; model edits belong on the GUI thread):

    - ``added(measurement, index)``
    - ``removed(measurement, index)``
    - ``replaced(old, new)`` -- same id, new object (edit, bind, calibration)
    - ``visibility_changed(visible)``
    - ``calibration_changed(series_instance_uid, calibration_or_None)``
    """

    def __init__(self, study_instance_uid: str = "") -> None:
        self.study_instance_uid = study_instance_uid
        self._items: list[Measurement] = []
        self._visible = True
        self._calibrations: dict[str, Calibration] = {}
        self.added = Event()
        self.removed = Event()
        self.replaced = Event()
        self.visibility_changed = Event()
        self.calibration_changed = Event()

    # -- access ----------------------------------------------------------------------

    def __iter__(self) -> Iterator[Measurement]:
        return iter(list(self._items))

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, item: object) -> bool:
        key = item.id if isinstance(item, Measurement) else item
        return any(m.id == key for m in self._items)

    def index_of(self, measurement_id: str) -> int:
        for i, m in enumerate(self._items):
            if m.id == measurement_id:
                return i
        raise KeyError(f"no measurement with id {measurement_id!r}")

    def get(self, measurement_id: str) -> Measurement:
        """The measurement with ``measurement_id``; ``KeyError`` if absent."""
        return self._items[self.index_of(measurement_id)]

    def for_image(self, ref: ImageRef) -> list[Measurement]:
        """Measurements drawn on the original image (and frame) ``ref``."""
        return [m for m in self._items if m.ref == ref]

    def on_plane(self, geometry: ImageGeometry, tolerance_mm: float = 0.01) -> list[Measurement]:
        """Measurements drawn on resliced planes coinciding with ``geometry``.

        Their points are re-expressed in ``geometry``'s pixel grid by the caller if the
        grids differ (``patient_points`` -> ``geometry.patient_to_pixel``).
        """
        return [m for m in self._items if m.ref is None and m.geometry.same_plane(geometry, tolerance_mm)]

    # -- changes ---------------------------------------------------------------------

    def add(self, measurement: Measurement, index: int | None = None) -> None:
        """Insert ``measurement`` (at the end, or at ``index`` to restore an order)."""
        if not isinstance(measurement, Measurement):
            raise TypeError(f"expected a Measurement, got {type(measurement).__name__}")
        if measurement.id in self:
            raise ValueError(f"a measurement with id {measurement.id!r} is already in the set")
        index = len(self._items) if index is None else max(0, min(index, len(self._items)))
        self._items.insert(index, measurement)
        self.added.emit(measurement, index)

    def remove(self, measurement_id: str) -> tuple[Measurement, int]:
        """Remove and return the measurement and the index it had."""
        index = self.index_of(measurement_id)
        measurement = self._items.pop(index)
        self.removed.emit(measurement, index)
        return measurement, index

    def replace(self, new: Measurement) -> Measurement:
        """Put ``new`` in place of the measurement with the same id; return the old one."""
        index = self.index_of(new.id)
        old = self._items[index]
        if old is not new:
            self._items[index] = new
            self.replaced.emit(old, new)
        return old

    def bind(self, image: SliceImage) -> int:
        """Give the measurements on ``image.ref`` its pixels and geometry (a viewer
        calls this when it shows an image); returns how many were rebound.

        Raises
        ------
        ValueError
            If the image's series is calibrated but ``image`` is not: binding it would
            silently turn calibrated mm back into detector mm or pixels. Build the image
            with :meth:`slice_image`.
        """
        if image.ref is None:
            return 0
        if self.calibrated(image.geometry, image.ref) != image.geometry:
            raise ValueError(f"series {image.ref.series_instance_uid} is calibrated; bind a calibrated image")
        count = 0
        for m in self.for_image(image.ref):
            if m.image is not image:
                self.replace(m.bound_to(image))
                count += 1
        return count

    # -- visibility ------------------------------------------------------------------

    @property
    def visible(self) -> bool:
        """Show or hide all measurements at once (a viewer toggle, not an edit)."""
        return self._visible

    @visible.setter
    def visible(self, value: bool) -> None:
        value = bool(value)
        if value != self._visible:
            self._visible = value
            self.visibility_changed.emit(value)

    # -- calibration -----------------------------------------------------------------

    def calibration(self, series_instance_uid: str) -> Calibration | None:
        return self._calibrations.get(series_instance_uid)

    @property
    def calibrations(self) -> dict[str, Calibration]:
        """Series Instance UID -> calibration (a copy)."""
        return dict(self._calibrations)

    def calibrated(self, geometry: ImageGeometry, ref: ImageRef | None) -> ImageGeometry:
        """``geometry`` as it should be used on ``ref``: calibrated if its series is."""
        calibration = self._calibrations.get(ref.series_instance_uid) if ref is not None else None
        return calibration.apply(geometry) if calibration is not None else geometry

    def slice_image(self, volume: Volume, k: int) -> SliceImage:
        """Slice ``k`` of an original-image volume, calibrated if its series is: what a
        viewer should draw measurements on and :meth:`bind`."""
        ref = ImageRef.from_volume_slice(volume, k)
        return SliceImage.from_volume(volume, k, self.calibrated(ImageGeometry.from_volume_slice(volume, k), ref))

    def in_series(self, series_instance_uid: str) -> list[Measurement]:
        return [m for m in self._items if m.ref is not None and m.ref.series_instance_uid == series_instance_uid]

    def set_calibration(self, series_instance_uid: str, calibration: Calibration | None) -> None:
        """Calibrate a series (``None`` removes it) and recompute its measurements.

        Use :class:`~tools.measure.undo.Calibrate` for a user action so it can be undone.
        """
        if not series_instance_uid:
            raise ValueError("series_instance_uid must not be empty")
        old = self._calibrations.get(series_instance_uid)
        if calibration is None:
            self._calibrations.pop(series_instance_uid, None)
        else:
            self._calibrations[series_instance_uid] = calibration
        for m in self.in_series(series_instance_uid):
            geometry = m.geometry if old is None else old.revert(m.geometry)
            if calibration is not None:
                geometry = calibration.apply(geometry)
            self.replace(m.with_geometry(geometry))
        self.calibration_changed.emit(series_instance_uid, calibration)
