"""From a header that was read to a file in the archive and rows in the index.

An import has two halves. :func:`prepare` runs outside any lock: it checks the object
is whole, builds its records (``dicomio.records_from_dataset``) and writes its bytes to
a synced temporary file. :func:`commit_batch` runs inside one write transaction for a
whole batch: it decides, under the lock, which instances are new (so two threads
offering the same SOP Instance UID store it once), renames their files into place and
inserts their rows. If the transaction fails, the files it placed are removed again:
a row never points to a missing file and a failed batch leaves no files behind.
"""

from __future__ import annotations

import io
import logging
import os
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian

from workstation.dicomio import decoder_problem, has_pixels, read_header, records_from_dataset, transfer_syntax_of
from workstation.model.errors import DicomReadError
from workstation.model.records import InstanceRecord, PatientRecord, SeriesRecord, StudyRecord
from workstation.store._files import SourceReadError, discard, relative_path, sync_folders, write_temp
from workstation.store._integrity import damage
from workstation.store._names import search_key
from workstation.store.results import ImportOutcome, ImportStatus

log = logging.getLogger(__name__)

#: SQLite's default limit on host parameters in one statement is 999 on old builds.
_MAX_PARAMS = 900


class Rejected(Exception):
    """An object that must not be stored; ``reason`` says why (the file is named by the caller)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass
class Pending:
    """An instance ready to commit: its records and, unless already known, its temporary file."""

    source: str  #: the file it came from, or a description of received data
    temp: Path | None  #: None when the index already had the instance before copying
    size: int
    patient: PatientRecord
    study: StudyRecord
    series: SeriesRecord
    instance: InstanceRecord
    warning: str = ""  #: stored, but this program cannot display its pixels

    @property
    def sop_instance_uid(self) -> str:
        return self.instance.sop_instance_uid


def is_part10(ds: Dataset) -> bool:
    """Read from a file with the 128-byte preamble, "DICM" and a Transfer Syntax (PS3.10 7.1)."""
    meta = getattr(ds, "file_meta", None)
    return getattr(ds, "preamble", None) is not None and meta is not None and bool(meta.get("TransferSyntaxUID"))


def to_part10(ds: Dataset) -> bytes:
    """``ds`` as a PS3.10 file in memory, in the transfer syntax it was read or built in.

    A dataset built in memory without File Meta gets Explicit VR Little Endian, the
    encoding every DICOM program reads. The caller's dataset is not modified.
    """
    out = ds.copy()
    meta = FileMetaDataset(getattr(ds, "file_meta", None) or FileMetaDataset())
    if not meta.get("TransferSyntaxUID"):
        known = ds.original_encoding != (None, None)
        meta.TransferSyntaxUID = transfer_syntax_of(ds) if known else ExplicitVRLittleEndian
    out.file_meta = meta
    buffer = io.BytesIO()
    pydicom.dcmwrite(buffer, out, enforce_file_format=True)
    return buffer.getvalue()


def rewritten_part10(path: str | os.PathLike[str]) -> bytes:
    """A file without preamble or File Meta (ACR-NEMA style, raw data set) as Part 10 bytes.

    Raises
    ------
    Rejected
        pydicom cannot read the whole file.
    """
    try:
        return to_part10(pydicom.dcmread(path, force=True))
    except Exception as exc:  # pydicom raises many types for a file it half-understands
        raise Rejected(f"cannot rewrite as a DICOM Part 10 file ({exc})") from exc


def inspect(ds: Dataset, file_size: int, source: str) -> Pending:
    """Records of a read header, or :class:`Rejected` if the object is damaged."""
    patient, study, series, instance = records_from_dataset(ds)
    problem = damage(ds, instance, file_size)
    if problem:
        raise Rejected(problem)
    warning = decoder_problem(instance.transfer_syntax_uid) if has_pixels(ds) else ""
    return Pending(source, None, file_size, patient, study, series, instance,
                   f"stored, but its pixels cannot be shown here: {warning}" if warning else "")


def file_records(path: str, size: int, source: str) -> tuple[Pending, bool] | str:
    """The records of a file just written to ``incoming/`` and whether it is Part 10, or
    why it is refused (as text: this runs in worker processes, see :func:`files_records`)."""
    try:
        ds = read_header(path)
        return inspect(ds, size, source), is_part10(ds)
    except (DicomReadError, Rejected) as exc:
        return exc.reason


def files_records(files: Sequence[tuple[str, int]], source: str) -> list[tuple[Pending, bool] | str]:
    """:func:`file_records` of ``(path, size)`` pairs; one task for a worker process."""
    return [file_records(path, size, source) for path, size in files]


def prepare(ds: Dataset, path: str, incoming: Path, *, known: bool) -> Pending:
    """Check a scanned file and copy it to a temporary file (unless ``known`` already).

    Files without the Part 10 preamble or File Meta are rewritten as Part 10, so every
    stored file can be sent, burned and read by other programs.

    Raises
    ------
    Rejected
        Damaged or unreadable; nothing written.
    StorageFullError
        The disk is full; nothing left behind.
    """
    try:
        size = os.path.getsize(path)
    except OSError as exc:
        raise Rejected(f"cannot read file ({exc.strerror or exc})") from exc
    pending = inspect(ds, size, path)
    if known:
        return pending
    source: bytes | str = path
    if not is_part10(ds):
        source = rewritten_part10(path)
        pending.size = len(source)
    try:
        pending.temp = write_temp(incoming, source)
    except SourceReadError as exc:
        raise Rejected(f"cannot read file ({exc.strerror or exc})") from exc
    return pending


def known_instances(db: sqlite3.Connection, sop_uids: Sequence[str]) -> dict[str, str]:
    """SOP Instance UID -> stored relative path, for those of ``sop_uids`` in the index."""
    found: dict[str, str] = {}
    unique = list(dict.fromkeys(sop_uids))
    for start in range(0, len(unique), _MAX_PARAMS):
        chunk = unique[start:start + _MAX_PARAMS]
        marks = ",".join("?" * len(chunk))
        found.update(db.execute(f"SELECT sop_uid, path FROM instances WHERE sop_uid IN ({marks})", chunk))
    return found


def _fill_empty(columns: Iterable[str], nullable: Iterable[str]) -> str:
    """SET clauses that fill values still empty in the index from a later instance."""
    clauses = [f"{c} = CASE WHEN {c} = '' THEN excluded.{c} ELSE {c} END" for c in columns]
    clauses += [f"{c} = COALESCE({c}, excluded.{c})" for c in nullable]
    return ", ".join(clauses)


_INSERT_STUDY = (
    "INSERT INTO studies (study_uid, patient_id, patient_name, name_key, birth_date, sex, study_date, study_time,"
    " accession, description, referring, stored_on, received_on) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)"
    " ON CONFLICT(study_uid) DO UPDATE SET received_on = excluded.received_on, "
    "name_key = CASE WHEN patient_name = '' THEN excluded.name_key ELSE name_key END, "
    + _fill_empty(("patient_id", "patient_name", "sex", "study_time", "accession", "description", "referring"),
                  ("birth_date", "study_date"))
)
_INSERT_SERIES = (
    "INSERT INTO series (series_uid, study_uid, modality, series_number, description, body_part,"
    " frame_of_reference_uid) VALUES (?,?,?,?,?,?,?) ON CONFLICT(series_uid) DO UPDATE SET "
    + _fill_empty(("modality", "description", "body_part", "frame_of_reference_uid"), ("series_number",))
)
_INSERT_INSTANCE = (
    "INSERT INTO instances (sop_uid, series_uid, study_uid, sop_class_uid, instance_number, transfer_syntax_uid,"
    " number_of_frames, path, size, stored_at) VALUES (?,?,?,?,?,?,?,?,?,?)"
)


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _study_row(p: Pending, today: str) -> tuple:
    s, pt = p.study, p.patient
    return (s.study_instance_uid, pt.patient_id, pt.name, search_key(pt.name), _iso(pt.birth_date), pt.sex,
            _iso(s.study_date), s.study_time, s.accession_number, s.description, s.referring_physician, today, today)


def _series_row(p: Pending) -> tuple:
    s = p.series
    return (s.series_instance_uid, s.study_instance_uid, s.modality, s.series_number, s.description, s.body_part,
            s.frame_of_reference_uid)


def commit_batch(db: sqlite3.Connection, root: Path, batch: Sequence[Pending], placed: list[Path],
                 now: float, today: date) -> list[ImportOutcome]:
    """Place the new instances of ``batch`` and index them; runs inside a write transaction.

    Every file renamed into the archive is appended to ``placed`` as soon as it is there,
    so the caller can remove them if the transaction does not commit.
    """
    known = known_instances(db, [p.sop_instance_uid for p in batch])
    outcomes: list[ImportOutcome] = []
    new: list[Pending] = []
    rows: list[tuple] = []
    folders: set[Path] = set()  # series folders written into
    created: set[Path] = set()  # study folders that gained a series folder
    touched: set[str] = set()
    for p in batch:
        uid = p.sop_instance_uid
        if uid in known:
            if p.temp is not None:
                discard(p.temp)
            outcomes.append(ImportOutcome(uid, str(root / known[uid]), ImportStatus.DUPLICATE))
            touched.add(p.study.study_instance_uid)
            continue
        if p.temp is None:  # known when the batch was prepared, deleted since
            outcomes.append(ImportOutcome(uid, "", ImportStatus.SKIPPED,
                                          "removed from the store while being imported; import it again"))
            continue
        rel = relative_path(p.study.study_instance_uid, p.series.series_instance_uid, uid)
        dest = root / rel
        if dest.parent not in folders:
            if not dest.parent.is_dir():
                dest.parent.mkdir(parents=True, exist_ok=True)
                created.update((dest.parent.parent, dest.parent.parent.parent))
            folders.add(dest.parent)
        os.replace(p.temp, dest)
        p.temp = None
        placed.append(dest)
        known[uid] = rel
        new.append(p)
        i = p.instance
        rows.append((uid, i.series_instance_uid, i.study_instance_uid, i.sop_class_uid, i.instance_number,
                     i.transfer_syntax_uid, i.number_of_frames, rel, p.size, now))
        outcomes.append(ImportOutcome(uid, str(dest), ImportStatus.STORED, p.warning))
    sync_folders(folders | created)  # the renames (and new folders) reach the disk before the rows
    day = today.isoformat()
    db.executemany(_INSERT_STUDY, list({p.study.study_instance_uid: _study_row(p, day) for p in new}.values()))
    db.executemany(_INSERT_SERIES, list({p.series.series_instance_uid: _series_row(p) for p in new}.values()))
    db.executemany(_INSERT_INSTANCE, rows)
    if touched:
        db.executemany("UPDATE studies SET received_on = ? WHERE study_uid = ?", [(day, uid) for uid in touched])
    return outcomes
