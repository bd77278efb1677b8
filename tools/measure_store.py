"""Saving and loading a study's measurements and calibrations through the local store.

The store keeps JSON documents per image (SOP Instance UID + frame) and knows nothing
about measurements; this adapter turns a :class:`MeasurementSet` into those documents and
back. Measurement documents are the records of :mod:`tools.measure.persistence`;
a calibration is one more document on the image its line was drawn on, marked
``"type": "calibration"``. A corrupt or unknown document is reported and skipped, never
allowed to cost the user the others.

No Qt: the app calls it from a worker or on closing a study.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from tools.measure import (
    SCHEMA_VERSION,
    Calibration,
    ImageRef,
    Measurement,
    MeasurementSet,
    SkippedRecord,
    from_json,
    to_json,
)
from workstation.model import OperationCancelled

CALIBRATION_TYPE = "calibration"

Progress = Callable[[int, int, str], None]


class AnnotationStore(Protocol):
    """What the adapter needs from ``workstation.store``: documents per image frame."""

    def save_annotations(self, sop_instance_uid: str, frame_number: int, documents: list[dict]) -> None:
        """Replace the documents of one image frame (an empty list removes them)."""

    def load_annotations(self, sop_instance_uid: str,
                         frame_number: int | None = None) -> list[tuple[int, dict]]:
        """``(frame_number, document)`` pairs of an image (all frames when ``None``)."""


@dataclass
class LoadReport:
    """What :meth:`MeasurementStore.load` did: counts and the documents it skipped."""

    measurements: int = 0
    calibrations: int = 0
    skipped: list[SkippedRecord] = field(default_factory=list)


@dataclass
class SaveReport:
    """What :meth:`MeasurementStore.save` did; ``unsaved`` are measurements on
    reconstructed planes, which belong to no stored image."""

    images: int = 0
    documents: int = 0
    unsaved: list[Measurement] = field(default_factory=list)


def calibration_document(series_instance_uid: str, calibration: Calibration) -> dict[str, Any]:
    return {"schema": SCHEMA_VERSION, "type": CALIBRATION_TYPE, "series_instance_uid": series_instance_uid,
            "calibration": calibration.to_dict()}


def _calibration_from(document: dict[str, Any]) -> tuple[str, Calibration]:
    series = document.get("series_instance_uid")
    if not isinstance(series, str) or not series:
        raise ValueError("calibration document lacks its series_instance_uid")
    return series, Calibration.from_dict(document.get("calibration"))


class MeasurementStore:
    """Reads and writes one study's measurements through an :class:`AnnotationStore`.

    It remembers which images had documents (loaded or saved), so that an image whose
    last measurement was deleted gets its documents removed on the next :meth:`save`.
    """

    def __init__(self, store: AnnotationStore) -> None:
        if not (callable(getattr(store, "save_annotations", None))
                and callable(getattr(store, "load_annotations", None))):
            raise TypeError(f"store must have save_annotations and load_annotations, got {type(store).__name__}")
        self.store = store
        self._stored: set[tuple[str, int]] = set()

    def load(self, measurements: MeasurementSet, sop_instance_uids: Iterable[str],
             progress: Progress | None = None, cancel: threading.Event | None = None) -> LoadReport:
        """Add the stored measurements and calibrations of the given images to ``measurements``.

        Calibrations are applied first, so measurements (stored with their calibrated
        geometry) are not calibrated twice. Loading is not an undo step. A measurement
        whose id is already in the set is skipped (loading twice changes nothing).
        """
        uids = list(dict.fromkeys(sop_instance_uids))
        report = LoadReport()
        found: list[tuple[int, Any, str, int]] = []
        for done, uid in enumerate(uids):
            if cancel is not None and cancel.is_set():
                raise OperationCancelled("loading measurements was cancelled")
            if progress is not None:
                progress(done, len(uids), "Loading measurements")
            for frame, document in self.store.load_annotations(uid, None):
                self._stored.add((uid, int(frame)))
                found.append((len(found), document, uid, int(frame)))
        for index, document, uid, _frame in found:
            if isinstance(document, dict) and document.get("type") == CALIBRATION_TYPE:
                try:
                    series, calibration = _calibration_from(document)
                except ValueError as exc:
                    report.skipped.append(SkippedRecord(index, document, f"image {uid}: {exc}"))
                    continue
                if measurements.calibration(series) != calibration:
                    measurements.set_calibration(series, calibration)
                    report.calibrations += 1
        for index, document, uid, frame in found:
            if isinstance(document, dict) and document.get("type") == CALIBRATION_TYPE:
                continue
            try:
                m = from_json(document, index)
                if m.ref is None or _key(m.ref) != (uid, frame):
                    raise ValueError(f"measurement record {index}: it is not on image {uid} frame {frame}")
            except ValueError as exc:
                report.skipped.append(SkippedRecord(index, document, f"image {uid}: {exc}"))
                continue
            if m.id not in measurements:
                measurements.add(m)
                report.measurements += 1
        if progress is not None:
            progress(len(uids), len(uids), "Measurements loaded")
        return report

    def save(self, measurements: MeasurementSet, progress: Progress | None = None,
             cancel: threading.Event | None = None) -> SaveReport:
        """Write every image's documents (replacing what was stored) and clear images
        that no longer have any."""
        by_image: dict[tuple[str, int], list[dict[str, Any]]] = {}
        report = SaveReport()
        for series, calibration in measurements.calibrations.items():
            if calibration.ref is not None:
                key = (calibration.ref.sop_instance_uid, calibration.ref.frame_number)
                by_image.setdefault(key, []).append(calibration_document(series, calibration))
        for m in measurements:
            if m.ref is None:
                report.unsaved.append(m)
                continue
            by_image.setdefault(_key(m.ref), []).append(to_json(m))
        keys = sorted(set(by_image) | self._stored)
        for done, key in enumerate(keys):
            if cancel is not None and cancel.is_set():
                raise OperationCancelled("saving measurements was cancelled")
            if progress is not None:
                progress(done, len(keys), "Saving measurements")
            documents = by_image.get(key, [])
            self.store.save_annotations(key[0], key[1], documents)
            report.documents += len(documents)
            report.images += 1
        self._stored = set(by_image)
        if progress is not None:
            progress(len(keys), len(keys), "Measurements saved")
        return report


def _key(ref: ImageRef) -> tuple[str, int]:
    return ref.sop_instance_uid, ref.frame_number
