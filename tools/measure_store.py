"""Saving and loading a study's measurements and calibrations through the local store.

The store keeps JSON documents per image (SOP Instance UID + frame) and knows nothing
about measurements; this adapter turns a :class:`MeasurementSet` into those documents and
back. Measurement documents are the records of :mod:`tools.measure.persistence`;
a calibration is one more document on the image its line was drawn on, marked
``"type": "calibration"``. Measurements drawn on reconstructed planes (MPR, slabs)
belong to no stored image: they are kept under the Study Instance UID with frame
:data:`STUDY_FRAME`, their plane in their geometry, and reappear when an MPR view shows
that plane again. A corrupt or unknown document is reported and skipped, never
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
#: The "frame" under the Study Instance UID that holds measurements on reconstructed planes.
STUDY_FRAME = 0

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
    reconstructed planes of a set that names no study (nowhere to keep them)."""

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
    """Reads and writes studies' measurements through an :class:`AnnotationStore`.

    It remembers, per study (``MeasurementSet.study_instance_uid``), which images had
    documents and which measurement ids it has seen (loaded or saved). Saving a study
    rewrites its images with the set's measurements and keeps the documents of
    measurements it has never seen: an image can belong to two sessions (a prior shown in
    the current study's layout and open in its own tab too), and each must not erase
    what the other drew. A measurement the set has seen and no longer holds was deleted.
    One adapter serves every open study.
    """

    def __init__(self, store: AnnotationStore) -> None:
        if not (callable(getattr(store, "save_annotations", None))
                and callable(getattr(store, "load_annotations", None))):
            raise TypeError(f"store must have save_annotations and load_annotations, got {type(store).__name__}")
        self.store = store
        self._stored: dict[str, set[tuple[str, int]]] = {}
        self._seen: dict[str, set[str]] = {}  #: study -> ids of measurements loaded or saved

    def load(self, measurements: MeasurementSet, sop_instance_uids: Iterable[str],
             progress: Progress | None = None, cancel: threading.Event | None = None) -> LoadReport:
        """Add the stored measurements and calibrations of the given images, and those on
        reconstructed planes of the set's study, to ``measurements``.

        Calibrations are applied first, so measurements (stored with their calibrated
        geometry) are not calibrated twice. Loading is not an undo step. A measurement
        whose id is already in the set is skipped (loading twice changes nothing).
        """
        study = measurements.study_instance_uid
        uids = list(dict.fromkeys([*sop_instance_uids, *([study] if study else [])]))
        report = LoadReport()
        found: list[tuple[int, Any, str, int]] = []
        for done, uid in enumerate(uids):
            if cancel is not None and cancel.is_set():
                raise OperationCancelled("loading measurements was cancelled")
            if progress is not None:
                progress(done, len(uids), "Loading measurements")
            for frame, document in self.store.load_annotations(uid, STUDY_FRAME if uid == study else None):
                self._stored.setdefault(study, set()).add((uid, int(frame)))
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
                if (None if m.ref is None else _key(m.ref)) != (None if uid == study else (uid, frame)):
                    where = "a reconstructed plane" if uid == study else f"image {uid} frame {frame}"
                    raise ValueError(f"measurement record {index}: it is not on {where}")
            except ValueError as exc:
                report.skipped.append(SkippedRecord(index, document, f"image {uid}: {exc}"))
                continue
            self._seen.setdefault(study, set()).add(m.id)
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
        study = measurements.study_instance_uid
        for m in measurements:
            if m.ref is None and not study:
                report.unsaved.append(m)
                continue
            key = (study, STUDY_FRAME) if m.ref is None else _key(m.ref)
            by_image.setdefault(key, []).append(to_json(m))
        keys = sorted(set(by_image) | self._stored.get(study, set()))
        seen = self._seen.setdefault(study, set())
        seen.update(m.id for m in measurements)
        for done, key in enumerate(keys):
            if cancel is not None and cancel.is_set():
                raise OperationCancelled("saving measurements was cancelled")
            if progress is not None:
                progress(done, len(keys), "Saving measurements")
            others = [d for _, d in self.store.load_annotations(*key)
                      if (found := _measurement_id(d)) is not None and found not in seen]
            documents = by_image.get(key, []) + others
            self.store.save_annotations(key[0], key[1], documents)
            report.documents += len(documents)
            report.images += 1
        self._stored[study] = set(by_image)  # images left with others' documents only need no second look
        if progress is not None:
            progress(len(keys), len(keys), "Measurements saved")
        return report


def _measurement_id(document: Any) -> str | None:
    """The id of a stored measurement document; None for calibrations and unreadable ones."""
    if not isinstance(document, dict) or document.get("type") == CALIBRATION_TYPE:
        return None
    found = document.get("id")
    return found if isinstance(found, str) and found else None


def _key(ref: ImageRef) -> tuple[str, int]:
    return ref.sop_instance_uid, ref.frame_number
