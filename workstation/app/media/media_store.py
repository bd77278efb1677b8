"""A read-only store over a disc's DICOMDIR, for the portable viewer's media mode.

It answers the same queries as :class:`workstation.store.LocalStore` (the study browser,
the main window and the measurement controller only use these), from the DICOMDIR's
records read with :class:`pydicom.fileset.FileSet`, plus one header per series for what
the records do not carry (series description, birth date, sex). Nothing is written:
imports and deletions raise :class:`ReadOnlyMediaError`, and measurement documents are
kept in memory for the session only, so measuring works but nothing lands on the disc
or next to the program.
"""

from __future__ import annotations

import fnmatch
import os
import threading
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

from pydicom.dataset import Dataset
from pydicom.fileset import FileSet

from workstation.dicomio import read_header
from workstation.dicomio.records import parse_da, text
from workstation.model.errors import DicomReadError, WorkstationError
from workstation.model.records import InstanceRecord, PatientRecord, SeriesRecord, StudyRecord
from workstation.store import StoredStudy, search_key


class ReadOnlyMediaError(WorkstationError, PermissionError):
    """The portable viewer reads a disc; it does not import, delete or change anything."""


def _value(instance, keyword: str) -> str:
    try:
        value = getattr(instance, keyword)
    except AttributeError:
        return ""
    return "" if value is None else str(value).strip()


def _matches(pattern: str, value: str) -> bool:
    """Whole-value, case-insensitive match with ``*``/``?`` wildcards (as the store's)."""
    return fnmatch.fnmatchcase(value.casefold(), pattern.strip().casefold())


class MediaStore:
    """The studies of one DICOMDIR (``path``: the DICOMDIR file or the folder holding it).

    Raises
    ------
    FileNotFoundError
        No DICOMDIR there.
    ValueError
        The DICOMDIR cannot be read.
    """

    read_only = True

    def __init__(self, path: str | os.PathLike[str]) -> None:
        path = Path(path)
        if path.is_dir():
            path = next((p for p in path.iterdir() if p.name.upper() == "DICOMDIR"), path / "DICOMDIR")
        if not path.is_file():
            raise FileNotFoundError(f"no DICOMDIR at {path}")
        try:
            fileset = FileSet(os.fspath(path))
        except Exception as exc:  # pydicom raises many types for a damaged DICOMDIR
            raise ValueError(f"{path}: the DICOMDIR cannot be read ({exc})") from exc
        self.root = path.parent
        self.dicomdir = path
        self._annotations: dict[tuple[str, int], list[dict]] = {}
        self._lock = threading.Lock()
        self._load(fileset)

    # -- loading ---------------------------------------------------------------------------

    def _load(self, fileset: FileSet) -> None:
        by_series: dict[str, list[InstanceRecord]] = defaultdict(list)
        series_study: dict[str, str] = {}
        series_fields: dict[str, tuple[str, int | None]] = {}
        study_rows: dict[str, dict[str, Any]] = {}
        for instance in fileset:
            path = Path(instance.path)
            study_uid, series_uid = _value(instance, "StudyInstanceUID"), _value(instance, "SeriesInstanceUID")
            if not study_uid or not series_uid:  # an old DICOMDIR without them: the file has them
                header = read_header(path)
                study_uid, series_uid = text(header, "StudyInstanceUID"), text(header, "SeriesInstanceUID")
            number = _value(instance, "InstanceNumber")
            by_series[series_uid].append(InstanceRecord(
                sop_instance_uid=_value(instance, "ReferencedSOPInstanceUIDInFile"),
                sop_class_uid=_value(instance, "ReferencedSOPClassUIDInFile"),
                series_instance_uid=series_uid, study_instance_uid=study_uid,
                instance_number=int(number) if number.lstrip("-").isdigit() else None,
                transfer_syntax_uid=_value(instance, "ReferencedTransferSyntaxUIDInFile"), path=os.fspath(path)))
            series_study[series_uid] = study_uid
            number = _value(instance, "SeriesNumber")
            series_fields.setdefault(series_uid, (_value(instance, "Modality"),
                                                  int(number) if number.lstrip("-").isdigit() else None))
            study_rows.setdefault(study_uid, {
                "patient_id": _value(instance, "PatientID"), "name": _value(instance, "PatientName"),
                "date": _value(instance, "StudyDate"), "time": _value(instance, "StudyTime"),
                "accession": _value(instance, "AccessionNumber"),
                "description": _value(instance, "StudyDescription")})
        self._instances = {uid: sorted(items, key=lambda i: (i.instance_number is None, i.instance_number or 0,
                                                             i.sop_instance_uid))
                           for uid, items in by_series.items()}
        self._sops = {i.sop_instance_uid for items in self._instances.values() for i in items}
        self._series: dict[str, list[SeriesRecord]] = defaultdict(list)
        headers: dict[str, Any] = {}
        for series_uid, items in self._instances.items():
            header = self._header(items[0].path)
            headers.setdefault(series_study[series_uid], header)
            modality, number = series_fields[series_uid]
            self._series[series_study[series_uid]].append(SeriesRecord(
                series_uid, series_study[series_uid], modality or text(header, "Modality"), number,
                text(header, "SeriesDescription"), text(header, "BodyPartExamined"),
                text(header, "FrameOfReferenceUID"), len(items)))
        for records in self._series.values():
            records.sort(key=lambda s: (s.series_number is None, s.series_number or 0, s.series_instance_uid))
        self._studies = {uid: self._study(uid, row, headers.get(uid)) for uid, row in study_rows.items()}

    @staticmethod
    def _header(path: str):
        try:
            return read_header(path)
        except DicomReadError:  # the listing shows what the records say; opening reports the file
            return Dataset()

    def _study(self, uid: str, row: dict[str, Any], header) -> StoredStudy:
        series = self._series.get(uid, [])
        files = [i.path for s in series for i in self._instances.get(s.series_instance_uid, [])]
        return StoredStudy(
            study_instance_uid=uid,
            patient=PatientRecord(row["patient_id"], row["name"], parse_da(text(header, "PatientBirthDate")),
                                  text(header, "PatientSex")),
            study_date=parse_da(row["date"]), study_time=row["time"], accession_number=row["accession"],
            description=row["description"], referring_physician=text(header, "ReferringPhysicianName"),
            modalities=tuple(sorted({s.modality for s in series if s.modality})), series_count=len(series),
            instance_count=len(files), nbytes=sum(os.path.getsize(p) for p in files if os.path.exists(p)))

    # -- the LocalStore read API -------------------------------------------------------------

    def query_studies(self, *, name: str = "", patient_id: str = "", accession: str = "", modality: str = "",
                      date_from: date | None = None, date_to: date | None = None,
                      limit: int = 500) -> list[StoredStudy]:
        """Studies matching every criterion, newest first (the rules of ``LocalStore.query_studies``)."""
        words = search_key(name).split()
        codes = {m for m in modality.replace("\\", " ").replace(",", " ").upper().split() if m}
        found = []
        for study in self._studies.values():
            key = search_key(study.patient.name).split()
            if any(not any(fnmatch.fnmatchcase(k, w + "*") for k in key) for w in words):
                continue
            if patient_id.strip() and not _matches(patient_id, study.patient.patient_id):
                continue
            if accession.strip() and not _matches(accession, study.accession_number):
                continue
            if codes and not codes & set(study.modalities):
                continue
            if (date_from or date_to) and study.study_date is None:
                continue
            if date_from and study.study_date < date_from or date_to and study.study_date > date_to:
                continue
            found.append(study)
        found.sort(key=lambda s: (s.study_date or date.min, s.study_time), reverse=True)
        return found[:limit]

    def study(self, study_uid: str) -> StoredStudy | None:
        return self._studies.get(study_uid)

    def series(self, study_uid: str) -> list[SeriesRecord]:
        return list(self._series.get(study_uid, []))

    def instances(self, series_uid: str) -> list[InstanceRecord]:
        return list(self._instances.get(series_uid, []))

    def study_instances(self, study_uid: str) -> list[InstanceRecord]:
        return [i for s in self.series(study_uid) for i in self.instances(s.series_instance_uid)]

    def has_instance(self, sop_instance_uid: str) -> bool:
        return sop_instance_uid in self._sops

    def priors(self, study: StudyRecord) -> list[StoredStudy]:
        """Other studies of the same patient on the disc, newest first."""
        if not study.patient.patient_id:
            return []
        return [s for s in self.query_studies() if s.patient.patient_id == study.patient.patient_id
                and s.study_instance_uid != study.study_instance_uid]

    def purge_candidates(self, **_: Any) -> list:
        return []

    # -- annotations: this session only -----------------------------------------------------

    def save_annotations(self, sop_instance_uid: str, frame_number: int, documents: list[dict[str, Any]]) -> None:
        """Keep a frame's measurement documents for this session (never written anywhere)."""
        with self._lock:
            if documents:
                self._annotations[(sop_instance_uid, frame_number)] = [dict(d) for d in documents]
            else:
                self._annotations.pop((sop_instance_uid, frame_number), None)

    def load_annotations(self, sop_instance_uid: str, frame_number: int | None = None) -> list[tuple[int, dict]]:
        with self._lock:
            return [(frame, doc) for (sop, frame), docs in sorted(self._annotations.items())
                    if sop == sop_instance_uid and frame_number in (None, frame) for doc in docs]

    # -- writes: refused --------------------------------------------------------------------

    def _refuse(self, *_: Any, **__: Any):
        raise ReadOnlyMediaError("this is a read-only disc: studies cannot be imported, changed or deleted here "
                                 "(import the disc into a workstation to keep them)")

    import_paths = import_bytes = import_many = import_dataset = _refuse
    delete_study = set_locked = mark_confirmed = purge = _refuse

    def close(self) -> None:
        """Nothing to close: the DICOMDIR was read whole when opened."""
