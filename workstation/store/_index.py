"""The SQLite index of the store: schema, a connection pool and write transactions.

Several threads use the store at once (the storage SCP's associations, an import job,
the GUI's queries), and sometimes several processes (the CLI next to the GUI). SQLite in
WAL mode lets readers work while one writer writes; each thread borrows its own
connection from a pool (a connection must not be used by two threads at once), writers
take a process-wide lock and ``BEGIN IMMEDIATE`` so that "is this SOP Instance UID
already here? if not, insert it" cannot interleave, and ``busy_timeout`` makes another
process's writer wait instead of fail. ``synchronous=FULL``: a committed row survives a
power cut, so a row never outlives the file it points to, and an instance acknowledged
to a sender (C-STORE success) is not forgotten.
"""

from __future__ import annotations

import errno
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from workstation.model.errors import StorageFullError, WorkstationError
from workstation.store._files import is_disk_full

SCHEMA_VERSION = 1
BUSY_TIMEOUT_MS = 30_000

_SCHEMA = """
CREATE TABLE IF NOT EXISTS studies (
    study_uid TEXT PRIMARY KEY,
    patient_id TEXT NOT NULL DEFAULT '',
    patient_name TEXT NOT NULL DEFAULT '',
    name_key TEXT NOT NULL DEFAULT '',
    birth_date TEXT,
    sex TEXT NOT NULL DEFAULT '',
    study_date TEXT,
    study_time TEXT NOT NULL DEFAULT '',
    accession TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    referring TEXT NOT NULL DEFAULT '',
    stored_on TEXT NOT NULL,
    received_on TEXT NOT NULL,
    locked INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS studies_patient ON studies(patient_id);
CREATE INDEX IF NOT EXISTS studies_date ON studies(study_date);
CREATE INDEX IF NOT EXISTS studies_received ON studies(received_on);
CREATE TABLE IF NOT EXISTS series (
    series_uid TEXT PRIMARY KEY,
    study_uid TEXT NOT NULL,
    modality TEXT NOT NULL DEFAULT '',
    series_number INTEGER,
    description TEXT NOT NULL DEFAULT '',
    body_part TEXT NOT NULL DEFAULT '',
    frame_of_reference_uid TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS series_study ON series(study_uid);
CREATE TABLE IF NOT EXISTS instances (
    sop_uid TEXT PRIMARY KEY,
    series_uid TEXT NOT NULL,
    study_uid TEXT NOT NULL,
    sop_class_uid TEXT NOT NULL,
    instance_number INTEGER,
    transfer_syntax_uid TEXT NOT NULL DEFAULT '',
    number_of_frames INTEGER NOT NULL DEFAULT 1,
    path TEXT NOT NULL,
    size INTEGER NOT NULL,
    stored_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS instances_series ON instances(series_uid);
CREATE INDEX IF NOT EXISTS instances_study ON instances(study_uid, size);
CREATE TABLE IF NOT EXISTS confirmations (
    study_uid TEXT NOT NULL,
    node TEXT NOT NULL,
    confirmed_at REAL NOT NULL,
    PRIMARY KEY (study_uid, node)
);
CREATE TABLE IF NOT EXISTS annotations (
    sop_uid TEXT NOT NULL,
    frame INTEGER NOT NULL,
    position INTEGER NOT NULL,
    document TEXT NOT NULL,
    PRIMARY KEY (sop_uid, frame, position)
);
"""


class StoreError(WorkstationError):
    """The index cannot be used (made by a newer version, damaged, closed)."""


def _is_full(exc: sqlite3.Error) -> bool:
    return getattr(exc, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL or "disk is full" in str(exc)


class Index:
    """The index file with a pool of connections; safe to share between threads."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._pool: list[sqlite3.Connection] = []
        self._pool_lock = threading.Lock()
        self._write_lock = threading.Lock()
        self._closed = False
        with self.transaction() as db:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise StoreError(f"{path} was written by a newer version of this program "
                                 f"(index schema {version}, this one knows {SCHEMA_VERSION})")
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    db.execute(statement)
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def _connect(self) -> sqlite3.Connection:
        try:
            db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                                 check_same_thread=False)
            db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = FULL")
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open the store index {self.path}: {exc}") from exc
        return db

    @contextmanager
    def connection(self) -> Iterator[sqlite3.Connection]:
        """A connection for this thread's use until the block ends (autocommit reads)."""
        with self._pool_lock:
            if self._closed:
                raise StoreError("the local store is closed")
            db = self._pool.pop() if self._pool else None
        if db is None:
            db = self._connect()
        try:
            yield db
        finally:
            with self._pool_lock:
                if self._closed:
                    db.close()
                else:
                    self._pool.append(db)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, serialised with every other writer (threads and processes).

        Raises
        ------
        StorageFullError
            SQLite found the disk full; the transaction was rolled back.
        """
        with self._write_lock, self.connection() as db:
            try:
                db.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                if _is_full(exc):
                    raise StorageFullError(errno.ENOSPC, f"disk full: cannot update the store index ({exc})") from exc
                raise
            try:
                yield db
                db.execute("COMMIT")
            except BaseException as exc:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                if isinstance(exc, sqlite3.Error) and (_is_full(exc) or is_disk_full(exc)):
                    raise StorageFullError(errno.ENOSPC, f"disk full: cannot update the store index ({exc})") from exc
                raise

    def close(self) -> None:
        """Close every idle connection now and borrowed ones when they come back."""
        with self._pool_lock:
            self._closed = True
            idle, self._pool = self._pool, []
        for db in idle:
            db.close()
