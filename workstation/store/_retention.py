"""Deleting studies, and the rules that decide whether retention may delete one.

The Ministry of Health criteria keep images on a reading station for at most a year,
so studies past the retention age are *listed*; they are deleted only on command, and
never when the local copy could be the only one: a study must be unlocked and confirmed
stored on a PACS, and that confirmation must be newer than every instance of the study
(an instance that arrived later, e.g. a key-image note made here, may exist nowhere else).

Age counts from the day the study last received an instance (``received_on``), not
from its Study Date: a 2019 study imported from a CD today is young, and a study
retrieved again for comparison starts a new year.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import date, timedelta
from pathlib import Path

from workstation.store._files import DICOM_DIR, discard, remove_empty_parents
from workstation.store._queries import STUDY_COLUMNS, study_from_row
from workstation.store.results import PurgeCandidate, StoredStudy


def age_days(study: StoredStudy, today: date) -> int:
    """Days since the study last received an instance here."""
    received = study.received_on or study.stored_on or today
    return (today - received).days


def refusal(db: sqlite3.Connection, study: StoredStudy) -> str:
    """Why retention must not delete ``study`` ("" when it may)."""
    if study.locked:
        return "locked"
    last = db.execute("SELECT node, confirmed_at FROM confirmations WHERE study_uid = ?"
                      " ORDER BY confirmed_at DESC LIMIT 1", (study.study_instance_uid,)).fetchone()
    if last is None:
        return "not confirmed stored on a PACS"
    node, confirmed_at = last
    late = db.execute("SELECT count(*) FROM instances WHERE study_uid = ? AND stored_at > ?",
                      (study.study_instance_uid, confirmed_at)).fetchone()[0]
    if late:
        return (f"{late} instance(s) arrived after it was last confirmed on {node}: "
                "send the study to the PACS again first")
    return ""


def candidates(db: sqlite3.Connection, max_age_days: int, today: date) -> list[PurgeCandidate]:
    """Studies at least ``max_age_days`` old, oldest first, each with its verdict."""
    cutoff = (today - timedelta(days=max_age_days)).isoformat()
    rows = db.execute(f"SELECT {STUDY_COLUMNS} FROM studies s WHERE s.received_on <= ?"
                      " ORDER BY s.received_on, s.study_uid", (cutoff,)).fetchall()
    found = []
    for row in rows:
        study = study_from_row(row)
        reason = refusal(db, study)
        found.append(PurgeCandidate(study, age_days(study, today), not reason, reason))
    return found


def delete_rows(db: sqlite3.Connection, study_uid: str) -> list[tuple[str, int]]:
    """Remove a study from the index (inside a transaction); returns its files' (path, size)."""
    files = db.execute("SELECT path, size FROM instances WHERE study_uid = ?", (study_uid,)).fetchall()
    db.execute("DELETE FROM annotations WHERE sop_uid IN (SELECT sop_uid FROM instances WHERE study_uid = ?) "
               "OR sop_uid = ?", (study_uid, study_uid))  # the study's own: measurements on reconstructed planes
    for table in ("instances", "series", "confirmations", "studies"):
        db.execute(f"DELETE FROM {table} WHERE study_uid = ?", (study_uid,))
    return files


def delete_files(root: Path, relative_paths: Iterable[str]) -> None:
    """Remove files whose rows are gone, then their emptied folders.

    Rows go first: a crash in between leaves unreferenced files (wasted space), never
    rows pointing to nothing.
    """
    stop = root / DICOM_DIR
    for rel in relative_paths:
        path = root / rel
        discard(path)
        remove_empty_parents(path, stop)
