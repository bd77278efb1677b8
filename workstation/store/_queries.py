"""Reading the index: study search and the study/series/instance lists, as records.

Counts (series, images, bytes) and the modalities of a study are computed from the
series and instance rows when asked, not kept as counters: they are then right by
construction after imports, deletes and purges, and the covering indexes keep the
cost to an index range scan per study.
"""

from __future__ import annotations

import re
import sqlite3
from datetime import date
from pathlib import Path

from workstation.model.records import InstanceRecord, PatientRecord, SeriesRecord
from workstation.store._names import LIKE_ESCAPE, exact_pattern, name_patterns
from workstation.store.results import StoredStudy

_NODE_SEPARATOR = "\x1f"

STUDY_COLUMNS = f"""
    s.study_uid, s.patient_id, s.patient_name, s.birth_date, s.sex, s.study_date, s.study_time, s.accession,
    s.description, s.referring, s.stored_on, s.received_on, s.locked,
    (SELECT group_concat(DISTINCT se.modality) FROM series se WHERE se.study_uid = s.study_uid),
    (SELECT count(*) FROM series se WHERE se.study_uid = s.study_uid),
    (SELECT count(*) FROM instances i WHERE i.study_uid = s.study_uid),
    (SELECT coalesce(sum(i.size), 0) FROM instances i WHERE i.study_uid = s.study_uid),
    (SELECT group_concat(c.node, '{_NODE_SEPARATOR}') FROM confirmations c WHERE c.study_uid = s.study_uid)
"""
_ORDER = "ORDER BY coalesce(s.study_date, '') DESC, s.study_time DESC, s.received_on DESC, s.study_uid"
_ESCAPE = f"ESCAPE '{LIKE_ESCAPE}'"


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def study_from_row(row: tuple) -> StoredStudy:
    (uid, patient_id, name, birth, sex, study_date, study_time, accession, description, referring, stored_on,
     received_on, locked, modalities, series_count, instance_count, nbytes, nodes) = row
    return StoredStudy(
        study_instance_uid=uid,
        patient=PatientRecord(patient_id, name, _day(birth), sex),
        study_date=_day(study_date),
        study_time=study_time,
        accession_number=accession,
        description=description,
        referring_physician=referring,
        modalities=tuple(sorted(m for m in (modalities or "").split(",") if m)),
        series_count=series_count,
        instance_count=instance_count,
        stored_on=_day(stored_on),
        received_on=_day(received_on),
        locked=bool(locked),
        confirmed_nodes=tuple(sorted(nodes.split(_NODE_SEPARATOR))) if nodes else (),
        nbytes=nbytes,
    )


def _modality_codes(modality: str) -> list[str]:
    """"CT", "ct", "CT\\MR", "CT, MR" -> ["CT", "MR"] (any of them matches)."""
    return [m for m in re.split(r"[\\,/\s]+", modality.strip().upper()) if m]


def find_studies(db: sqlite3.Connection, *, name: str, patient_id: str, accession: str, modality: str,
                 date_from: date | None, date_to: date | None, limit: int) -> list[StoredStudy]:
    """Studies matching every given criterion, newest study date first."""
    where: list[str] = []
    params: list[object] = []
    for pattern in name_patterns(name):
        where.append(f"(' ' || s.name_key) LIKE ? {_ESCAPE}")
        params.append(pattern)
    for column, value in (("s.patient_id", patient_id), ("s.accession", accession)):
        if value.strip():
            where.append(f"{column} LIKE ? {_ESCAPE}")
            params.append(exact_pattern(value))
    codes = _modality_codes(modality)
    if codes:
        where.append("EXISTS (SELECT 1 FROM series se WHERE se.study_uid = s.study_uid AND upper(se.modality) IN "
                     f"({','.join('?' * len(codes))}))")
        params.extend(codes)
    if date_from is not None:
        where.append("s.study_date >= ?")
        params.append(date_from.isoformat())
    if date_to is not None:
        where.append("s.study_date <= ?")
        params.append(date_to.isoformat())
    sql = f"SELECT {STUDY_COLUMNS} FROM studies s"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += f" {_ORDER} LIMIT ?"
    params.append(limit)
    return [study_from_row(row) for row in db.execute(sql, params)]


def get_study(db: sqlite3.Connection, study_uid: str) -> StoredStudy | None:
    row = db.execute(f"SELECT {STUDY_COLUMNS} FROM studies s WHERE s.study_uid = ?", (study_uid,)).fetchone()
    return study_from_row(row) if row else None


def priors_of(db: sqlite3.Connection, patient_id: str, study_uid: str) -> list[StoredStudy]:
    """Other studies of the same Patient ID, newest first; none for an empty ID (unknown patient)."""
    if not patient_id:
        return []
    rows = db.execute(f"SELECT {STUDY_COLUMNS} FROM studies s WHERE s.patient_id = ? AND s.study_uid != ? {_ORDER}",
                      (patient_id, study_uid))
    return [study_from_row(row) for row in rows]


def series_of(db: sqlite3.Connection, study_uid: str) -> list[SeriesRecord]:
    rows = db.execute(
        "SELECT se.series_uid, se.study_uid, se.modality, se.series_number, se.description, se.body_part,"
        " se.frame_of_reference_uid, (SELECT count(*) FROM instances i WHERE i.series_uid = se.series_uid)"
        " FROM series se WHERE se.study_uid = ?"
        " ORDER BY se.series_number IS NULL, se.series_number, se.series_uid", (study_uid,))
    return [SeriesRecord(*row) for row in rows]


_INSTANCE_COLUMNS = ("i.sop_uid, i.sop_class_uid, i.series_uid, i.study_uid, i.instance_number,"
                     " i.transfer_syntax_uid, i.path, i.number_of_frames")
_INSTANCE_ORDER = "i.instance_number IS NULL, i.instance_number, i.sop_uid"


def _instance(root: Path, row: tuple) -> InstanceRecord:
    sop, sop_class, series_uid, study_uid, number, syntax, rel, frames = row
    return InstanceRecord(sop, sop_class, series_uid, study_uid, number, syntax, str(root / rel), frames)


def instances_of_series(db: sqlite3.Connection, root: Path, series_uid: str) -> list[InstanceRecord]:
    rows = db.execute(f"SELECT {_INSTANCE_COLUMNS} FROM instances i WHERE i.series_uid = ? ORDER BY {_INSTANCE_ORDER}",
                      (series_uid,))
    return [_instance(root, row) for row in rows]


def instances_of_study(db: sqlite3.Connection, root: Path, study_uid: str) -> list[InstanceRecord]:
    rows = db.execute(
        f"SELECT {_INSTANCE_COLUMNS} FROM instances i JOIN series se ON se.series_uid = i.series_uid"
        " WHERE i.study_uid = ? ORDER BY se.series_number IS NULL, se.series_number, se.series_uid,"
        f" {_INSTANCE_ORDER}", (study_uid,))
    return [_instance(root, row) for row in rows]
