"""The embedded local archive: DICOM files on disk plus an SQLite index, no server.

Layout under ``root``::

    dicom/<study hash>/<series hash>/<instance hash>.dcm   the stored Part 10 files
    incoming/*.part                                        files being written
    index.sqlite (+ -wal, -shm)                            the index

Every import copies: the archive never depends on a CD or a USB stick staying
plugged in. One instance per SOP Instance UID: an instance offered again is reported as
a duplicate and the stored file is left as it was. All methods are thread-safe; the
storage SCP calls :meth:`LocalStore.import_bytes` from its association threads while
the GUI queries and an import job runs.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import date
from pathlib import Path
from typing import Any

import platformdirs
from pydicom.dataset import Dataset

from workstation.dicomio import ScannedFile, Skipped, scan
from workstation.dicomio.decode_processes import decoder_pool, pool_broken
from workstation.model.errors import OperationCancelled, StorageFullError
from workstation.model.records import InstanceRecord, SeriesRecord, StudyRecord
from workstation.store import _queries, _retention
from workstation.store._files import DICOM_DIR, INCOMING_DIR, discard, remove_stale_temps, write_temp
from workstation.store._importing import (
    Pending,
    Rejected,
    commit_batch,
    file_records,
    files_records,
    known_instances,
    prepare,
    rewritten_part10,
    to_part10,
)
from workstation.store._index import Index
from workstation.store.results import (
    ImportOutcome,
    ImportReport,
    ImportStatus,
    PurgeCandidate,
    PurgeReport,
    StoredStudy,
)

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]

APP_NAME = "workstation"
INDEX_NAME = "index.sqlite"
#: Files per index transaction in :meth:`LocalStore.import_paths`: large enough that the
#: commit's fsync is amortised, small enough that the browser sees a long import grow.
BATCH_SIZE = 64
#: Files copied at once: while one thread waits for ``fsync``, another reads the next file.
COPY_THREADS = 2
DEFAULT_RETENTION_DAYS = 365


def _check_age(max_age_days: int) -> None:
    if not isinstance(max_age_days, int) or isinstance(max_age_days, bool):
        raise TypeError(f"max_age_days must be an int, got {type(max_age_days).__name__}")
    if max_age_days < 0:
        raise ValueError(f"max_age_days must be >= 0, got {max_age_days}")


def _count(outcome: ImportOutcome, pending: Pending, report: ImportReport) -> None:
    if outcome.status is ImportStatus.SKIPPED:
        report.skipped.append(Skipped(pending.source, outcome.reason))
    elif outcome.status is ImportStatus.DUPLICATE:
        report.duplicates += 1
    else:
        report.instances += 1
        report.nbytes += pending.size
        if outcome.reason:
            report.warnings.append(Skipped(pending.source, outcome.reason))


_FULL = ImportOutcome("", "", ImportStatus.SKIPPED, "not stored: the disk is full", storage_full=True)


def _settle(futures: list[Future[Any]], before_each: Callable[[int], None] | None = None,
            cancel: threading.Event | None = None) -> list[object]:
    """Wait for every future, in order: its value, its exception, or None if cancelled.

    Nothing is left running when this returns, even after an error or a cancel
    (unstarted futures are cancelled), so no temporary file is left without an owner.
    """
    results: list[object] = []
    for n, future in enumerate(futures):
        if cancel is not None and cancel.is_set():
            for later in futures[n:]:
                later.cancel()
        if future.cancelled():
            results.append(None)
            continue
        if before_each is not None:
            before_each(n)
        try:
            results.append(future.result())
        except BaseException as exc:  # sorted out by the caller
            results.append(exc)
    return results


def _raise_unexpected(results: list[object], pending: list[Pending]) -> None:
    """Re-raise the first error that is not a per-file outcome, dropping the batch's temporary files."""
    for result in results:
        if isinstance(result, BaseException) and not isinstance(result, (Rejected, StorageFullError)):
            for p in pending:
                if p.temp is not None:
                    discard(p.temp)
            raise result


class LocalStore:
    """The local archive under ``root`` (created if needed).

    Parameters
    ----------
    root
        Folder of the archive; ``root/dicom`` holds the files, ``root/index.sqlite`` the index.
    """

    def __init__(self, root: str | os.PathLike[str]) -> None:
        if not isinstance(root, (str, os.PathLike)):
            raise TypeError(f"root must be a path, got {type(root).__name__}")
        self.root = Path(root)
        self._incoming = self.root / INCOMING_DIR
        self._incoming.mkdir(parents=True, exist_ok=True)
        (self.root / DICOM_DIR).mkdir(exist_ok=True)
        removed = remove_stale_temps(self._incoming)
        if removed:
            log.info("removed %d temporary file(s) left by an interrupted import", removed)
        self._index = Index(self.root / INDEX_NAME)

    @classmethod
    def open_default(cls) -> LocalStore:
        """The user's store: ``$WORKSTATION_HOME/data`` if set, else the platform's user data dir."""
        home = os.environ.get("WORKSTATION_HOME")
        root = Path(home) / "data" if home else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
        return cls(root)

    def close(self) -> None:
        """Close the index; the store cannot be used afterwards."""
        self._index.close()

    def __enter__(self) -> LocalStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- import ------------------------------------------------------------------------------

    def import_paths(self, paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str], *,
                     progress: Progress | None = None, cancel: threading.Event | None = None) -> ImportReport:
        """Copy the DICOM files under ``paths`` (files, folders, DICOMDIRs) into the store.

        Damaged and non-DICOM files are skipped with their reason and the rest is stored;
        objects without pixel data (SR, KOS, presentation states) are stored like images.
        Progress runs over twice the number of files: reading headers, then storing.

        Raises
        ------
        OperationCancelled
            When ``cancel`` is set; every file stored until then is kept and indexed.
        """
        started = time.perf_counter()
        if isinstance(paths, (str, os.PathLike)):
            paths = [paths]
        report = ImportReport()

        def reading(done: int, total: int, detail: str) -> None:
            if progress is not None:
                progress(done, 2 * total, detail)

        found = scan(paths, progress=reading, cancel=cancel)
        report.skipped.extend(found.skipped)
        files, total = found.files, len(found.files)
        series: set[str] = set()  # that received new instances
        studies: set[str] = set()
        present: dict[str, None] = {}  # studies of every file stored or already there, in order
        with ThreadPoolExecutor(COPY_THREADS, thread_name_prefix="store-copy") as pool:
            for start in range(0, total, BATCH_SIZE):
                batch = files[start:start + BATCH_SIZE]
                with self._index.connection() as db:
                    known = known_instances(db, [f.sop_instance_uid for f in batch])
                futures = [pool.submit(prepare, f.dataset, f.path, self._incoming, known=f.sop_instance_uid in known)
                           for f in batch]

                def storing(n: int, base: int = start, batch: list[ScannedFile] = batch) -> None:
                    if progress is not None:
                        progress(total + base + n, 2 * total, batch[n].path)

                pending = self._pending_of(batch, _settle(futures, storing, cancel), report)
                for outcome, p in zip(self._commit_or_full(pending, report), pending):
                    _count(outcome, p, report)
                    if outcome.ok:
                        present[p.study.study_instance_uid] = None
                    if outcome.status is ImportStatus.STORED:
                        series.add(p.series.series_instance_uid)
                        studies.add(p.study.study_instance_uid)
                report.series, report.studies, report.study_uids = len(series), len(studies), list(present)
                if cancel is not None and cancel.is_set():
                    raise OperationCancelled(f"import cancelled after {report.instances} of {total} files; "
                                             "the files stored until then are kept")
        if progress is not None:
            progress(2 * total, 2 * total, "")
        report.elapsed_s = time.perf_counter() - started
        log.info("%s", report.summary())
        return report

    @staticmethod
    def _pending_of(batch: list[ScannedFile], results: list[object], report: ImportReport) -> list[Pending]:
        """The prepared files of a batch; rejected ones go to ``report.skipped`` with their reason."""
        pending = [r for r in results if isinstance(r, Pending)]
        for scanned, result in zip(batch, results):
            if isinstance(result, Rejected):
                log.info("not storing %s: %s", scanned.path, result.reason)
                report.skipped.append(Skipped(scanned.path, result.reason))
            elif isinstance(result, StorageFullError):
                log.error("disk full while storing %s: %s", scanned.path, result)
                report.storage_full = True
                report.skipped.append(Skipped(scanned.path, f"not stored: the disk is full ({result.strerror})"))
        _raise_unexpected(results, pending)
        return pending

    def _commit_or_full(self, pending: list[Pending], report: ImportReport | None = None) -> list[ImportOutcome]:
        """Commit a batch; if the disk fills while indexing it, every file of it is SKIPPED
        with ``storage_full`` (and ``report`` says so) instead of raising, so the outcomes
        of earlier batches are not lost."""
        if not pending:
            return []
        try:
            return self._commit(pending)
        except StorageFullError as exc:
            log.error("disk full while indexing %d file(s): %s", len(pending), exc)
            if report is not None:
                report.storage_full = True
            return [ImportOutcome(p.sop_instance_uid, "", ImportStatus.SKIPPED,
                                  f"not stored: the disk is full ({exc.strerror})", storage_full=True)
                    for p in pending]

    def _commit(self, pending: list[Pending]) -> list[ImportOutcome]:
        placed: list[Path] = []
        try:
            with self._index.transaction() as db:
                outcomes = commit_batch(db, self.root, pending, placed, time.time(), date.today())
        except BaseException:
            for path in placed:
                discard(path)
            for p in pending:
                if p.temp is not None:
                    discard(p.temp)
            raise
        return outcomes

    def import_bytes(self, data: bytes | bytearray | memoryview) -> ImportOutcome:
        """Store one complete Part 10 file held in memory (e.g. ``event.encoded_dataset()``).

        Returns
        -------
        ImportOutcome
            STORED, DUPLICATE, or SKIPPED with the reason (damaged or not DICOM).

        Raises
        ------
        StorageFullError
            The disk is full; nothing was stored and no temporary file is left.
        """
        prepared = self._prepare_received(data)
        if isinstance(prepared, ImportOutcome):
            return prepared
        return self._commit([prepared])[0]

    def import_many(self, items: Iterable[bytes | bytearray | memoryview]) -> list[ImportOutcome]:
        """:meth:`import_bytes` for several received files at once, outcomes in the same order.

        Files are written by two threads, their headers read in one task of a worker
        process when the program runs them (see :func:`_records_of`), and indexed in one
        transaction per :data:`BATCH_SIZE`. A file that meets a full disk is SKIPPED with
        ``storage_full`` set instead of raising, so the outcomes of the others are not lost.
        """
        blobs = list(items)
        for n, data in enumerate(blobs):
            if not isinstance(data, (bytes, bytearray, memoryview)):
                raise TypeError(f"items[{n}] must be bytes, got {type(data).__name__}")
        outcomes: list[ImportOutcome] = []
        with ThreadPoolExecutor(COPY_THREADS, thread_name_prefix="store-receive") as pool:
            for start in range(0, len(blobs), BATCH_SIZE):
                chunk = blobs[start:start + BATCH_SIZE]
                written = _settle([pool.submit(write_temp, self._incoming, d) for d in chunk])
                results = self._received(chunk, written)
                pending = [r for r in results if isinstance(r, Pending)]
                _raise_unexpected(results, pending)
                committed = iter(self._commit_or_full(pending))
                for result in results:
                    if isinstance(result, Pending):
                        outcomes.append(next(committed))
                    elif isinstance(result, ImportOutcome):  # skipped: damaged or not DICOM
                        outcomes.append(result)
                    else:  # StorageFullError while writing it
                        outcomes.append(_FULL)
        return outcomes

    def _prepare_received(self, data: bytes | bytearray | memoryview) -> Pending | ImportOutcome:
        """Received bytes as a synced temporary file with its records, or the reason to skip them.

        Raises
        ------
        StorageFullError
            No temporary file is left.
        """
        if not isinstance(data, (bytes, bytearray, memoryview)):
            raise TypeError(f"data must be bytes, got {type(data).__name__}")
        temp = write_temp(self._incoming, data)
        return self._finish_received(temp, file_records(os.fspath(temp), len(data), RECEIVED))

    def _received(self, chunk: list[bytes | bytearray | memoryview], written: list[object]) -> list[object]:
        """:meth:`_prepare_received` of a batch whose temporary files ``written`` are on disk
        (or the exception that writing one raised), the headers read in one worker task."""
        temps = [(os.fspath(w), len(d)) for d, w in zip(chunk, written, strict=True) if isinstance(w, Path)]
        try:
            found = iter(_records_of(temps))
        except BaseException:  # not a verdict on a file (those come back as text): leave nothing behind
            for path, _ in temps:
                discard(Path(path))
            raise
        return [self._finish_received(w, next(found)) if isinstance(w, Path) else w for w in written]

    def _finish_received(self, temp: Path, found: tuple[Pending, bool] | str) -> Pending | ImportOutcome:
        try:
            if isinstance(found, str):
                discard(temp)
                return self._skip_received(found)
            pending, part10 = found
            if not part10:  # a bare data set: keep it as a Part 10 file like every other
                rewritten = rewritten_part10(temp)
                discard(temp)
                temp = write_temp(self._incoming, rewritten)
                pending.size = len(rewritten)
        except Rejected as exc:
            discard(temp)
            return self._skip_received(exc.reason)
        except BaseException:
            discard(temp)
            raise
        pending.temp = temp
        return pending

    @staticmethod
    def _skip_received(reason: str) -> ImportOutcome:
        log.warning("not storing received data: %s", reason)
        return ImportOutcome("", "", ImportStatus.SKIPPED, reason)

    def import_dataset(self, ds: Dataset) -> ImportOutcome:
        """Store a dataset (e.g. an SR or KOS made here) as Part 10, in its own transfer syntax."""
        if not isinstance(ds, Dataset):
            raise TypeError(f"ds must be a pydicom Dataset, got {type(ds).__name__}")
        return self.import_bytes(to_part10(ds))

    # -- queries -----------------------------------------------------------------------------

    def query_studies(self, *, name: str = "", patient_id: str = "", accession: str = "", modality: str = "",
                      date_from: date | None = None, date_to: date | None = None,
                      limit: int = 500) -> list[StoredStudy]:
        """Studies matching all given criteria, newest Study Date first.

        Parameters
        ----------
        name
            Words of the patient's name, in any order, each matching the start of a name
            word; case, Vietnamese diacritics and ``^`` do not matter ("nguyen an" finds
            "Nguyễn^Văn An"); ``*`` and ``?`` are wildcards.
        patient_id, accession
            The whole value, case-insensitive; ``*`` and ``?`` are wildcards.
        modality
            A modality code ("CT") or several ("CT\\MR"); a study matches if any of its series has one.
        date_from, date_to
            Inclusive Study Date range; studies without a Study Date do not match a range.
        limit
            At most this many studies.
        """
        for label, value in (("name", name), ("patient_id", patient_id), ("accession", accession),
                             ("modality", modality)):
            if not isinstance(value, str):
                raise TypeError(f"{label} must be a str, got {type(value).__name__}")
        for label, day in (("date_from", date_from), ("date_to", date_to)):
            if day is not None and not isinstance(day, date):
                raise TypeError(f"{label} must be a date or None, got {type(day).__name__}")
        if date_from is not None and date_to is not None and date_from > date_to:
            raise ValueError(f"date_from {date_from} is after date_to {date_to}")
        if not isinstance(limit, int) or limit < 1:
            raise ValueError(f"limit must be a positive int, got {limit!r}")
        with self._index.connection() as db:
            return _queries.find_studies(db, name=name, patient_id=patient_id, accession=accession,
                                         modality=modality, date_from=date_from, date_to=date_to, limit=limit)

    def study(self, study_uid: str) -> StoredStudy | None:
        with self._index.connection() as db:
            return _queries.get_study(db, study_uid)

    def series(self, study_uid: str) -> list[SeriesRecord]:
        """The study's series by Series Number, each with its instance count."""
        with self._index.connection() as db:
            return _queries.series_of(db, study_uid)

    def instances(self, series_uid: str) -> list[InstanceRecord]:
        """The series' instances by Instance Number, ``path`` naming each stored file."""
        with self._index.connection() as db:
            return _queries.instances_of_series(db, self.root, series_uid)

    def study_instances(self, study_uid: str) -> list[InstanceRecord]:
        """Every instance of a study, series by series (what a send or a CD needs)."""
        with self._index.connection() as db:
            return _queries.instances_of_study(db, self.root, study_uid)

    def has_instance(self, sop_instance_uid: str) -> bool:
        with self._index.connection() as db:
            return bool(known_instances(db, [sop_instance_uid]))

    def priors(self, study: StudyRecord) -> list[StoredStudy]:
        """Other stored studies with the same Patient ID, newest first."""
        with self._index.connection() as db:
            return _queries.priors_of(db, study.patient.patient_id, study.study_instance_uid)

    # -- management ----------------------------------------------------------------------------

    def delete_study(self, study_uid: str) -> None:
        """Remove a study and its files, whatever its lock and confirmations: an explicit
        user action (the UI asks first). Unknown UIDs are ignored."""
        with self._index.transaction() as db:
            files = _retention.delete_rows(db, study_uid)
        _retention.delete_files(self.root, (rel for rel, _size in files))

    def set_locked(self, study_uid: str, locked: bool) -> None:
        """Lock a study against retention purges (or unlock it).

        Raises
        ------
        ValueError
            The study is not in the store.
        """
        with self._index.transaction() as db:
            changed = db.execute("UPDATE studies SET locked = ? WHERE study_uid = ?",
                                 (int(bool(locked)), study_uid)).rowcount
        if not changed:
            raise ValueError(f"study {study_uid!r} is not in the local store")

    def mark_confirmed(self, study_uid: str, node: str, *, as_of: float | None = None) -> None:
        """Record that PACS ``node`` holds the study (after a send or retrieve succeeded).

        Parameters
        ----------
        as_of
            When the confirmed instances were listed (``time.time()``); instances stored
            after it are not covered and keep the study from being purged. Default: now.
            A study not in the store is logged and ignored.
        """
        if not isinstance(node, str) or not node:
            raise ValueError(f"node must be a non-empty str, got {node!r}")
        with self._index.transaction() as db:
            if db.execute("SELECT 1 FROM studies WHERE study_uid = ?", (study_uid,)).fetchone() is None:
                log.warning("not confirming study %s on %s: it is not in the local store", study_uid, node)
                return
            db.execute("INSERT INTO confirmations (study_uid, node, confirmed_at) VALUES (?, ?, ?)"
                       " ON CONFLICT(study_uid, node) DO UPDATE SET confirmed_at = excluded.confirmed_at",
                       (study_uid, node, time.time() if as_of is None else float(as_of)))

    def purge_candidates(self, *, max_age_days: int = DEFAULT_RETENTION_DAYS,
                         today: date | None = None) -> list[PurgeCandidate]:
        """Studies that last received an instance ``max_age_days`` or more days ago.

        Each candidate says whether it may be purged and, if not, why (locked, not
        confirmed on a PACS, instances newer than the confirmation). Nothing is deleted.
        """
        _check_age(max_age_days)
        with self._index.connection() as db:
            return _retention.candidates(db, max_age_days, today or date.today())

    def purge(self, study_uids: Iterable[str], *, max_age_days: int = DEFAULT_RETENTION_DAYS,
              today: date | None = None) -> PurgeReport:
        """Delete those of ``study_uids`` that retention allows; report the others with reasons.

        Each study is checked again inside the transaction that deletes it, so an
        instance arriving meanwhile, or a lock set meanwhile, is respected.
        """
        _check_age(max_age_days)
        if isinstance(study_uids, str):
            study_uids = [study_uids]
        day = today or date.today()
        report = PurgeReport()
        for uid in dict.fromkeys(study_uids):
            with self._index.transaction() as db:
                study = _queries.get_study(db, uid)
                if study is None:
                    reason = "not in the local store"
                elif _retention.age_days(study, day) < max_age_days:
                    reason = f"only {_retention.age_days(study, day)} day(s) old (retention {max_age_days})"
                else:
                    reason = _retention.refusal(db, study)
                files = [] if reason else _retention.delete_rows(db, uid)
            if reason:
                report.refused.append((uid, reason))
                continue
            _retention.delete_files(self.root, (rel for rel, _size in files))
            report.purged.append(uid)
            report.freed_bytes += sum(size for _rel, size in files)
        log.info("purge: %d stud(ies) deleted, %d refused", len(report.purged), len(report.refused))
        return report

    # -- annotations ---------------------------------------------------------------------------

    def save_annotations(self, sop_instance_uid: str, frame_number: int, documents: list[dict[str, Any]]) -> None:
        """Replace the annotation documents (JSON objects) of one frame of one image, or of a
        study (its Study Instance UID, by convention frame 0: documents on no stored image).

        An empty list removes them. The documents' schema belongs to ``tools``; the store
        only keeps them, in order, and deletes them with their study.
        """
        if not isinstance(sop_instance_uid, str) or not sop_instance_uid:
            raise ValueError(f"sop_instance_uid must be a non-empty str, got {sop_instance_uid!r}")
        if not isinstance(frame_number, int) or isinstance(frame_number, bool):
            raise TypeError(f"frame_number must be an int, got {type(frame_number).__name__}")
        texts = []
        for n, document in enumerate(documents):
            if not isinstance(document, dict):
                raise TypeError(f"documents[{n}] must be a dict, got {type(document).__name__}")
            try:
                texts.append(json.dumps(document, ensure_ascii=False, allow_nan=False))
            except (TypeError, ValueError) as exc:
                raise ValueError(f"documents[{n}] is not JSON-serialisable: {exc}") from exc
        with self._index.transaction() as db:
            db.execute("DELETE FROM annotations WHERE sop_uid = ? AND frame = ?", (sop_instance_uid, frame_number))
            db.executemany("INSERT INTO annotations (sop_uid, frame, position, document) VALUES (?, ?, ?, ?)",
                           [(sop_instance_uid, frame_number, n, text) for n, text in enumerate(texts)])

    def load_annotations(self, sop_instance_uid: str, frame_number: int | None = None) -> list[tuple[int, dict]]:
        """``(frame_number, document)`` pairs of one image (one frame, or all frames), in saved order."""
        sql = "SELECT frame, document FROM annotations WHERE sop_uid = ?"
        params: tuple = (sop_instance_uid,)
        if frame_number is not None:
            sql += " AND frame = ?"
            params += (frame_number,)
        with self._index.connection() as db:
            rows = db.execute(sql + " ORDER BY frame, position", params).fetchall()
        return [(frame, json.loads(text)) for frame, text in rows]


#: What the store says received data came from (files say their path).
RECEIVED = "received data"
#: A batch's headers take milliseconds; a worker pool silent this long (a process that
#: cannot start) is dropped and the batch read here, so a retrieve never waits on it.
WORKER_ANSWER_S = 10.0


def _records_of(files: list[tuple[str, int]]) -> list[tuple[Pending, bool] | str]:
    """:func:`files_records`, in a worker process when the program runs them
    (:mod:`workstation.dicomio.decode_processes`) and there is more than one file.

    During a retrieve one interpreter both answers the PACS and reads what arrived, and
    the PACS waits for each answer: with the headers read here, C-GET of 300 CT slices
    took 2.0 s, with them read in a worker 1.6 s (median of 6; getscu 0.7 s). One task
    per batch, since a task per file cost about what it saved. A single file (the
    first of a retrieve, which should show at once) is read here.
    """
    pool = decoder_pool(os.cpu_count() or 2) if len(files) > 1 else None
    if pool is not None:
        try:
            return pool.submit(files_records, files, RECEIVED).result(timeout=WORKER_ANSWER_S)
        except BrokenProcessPool as exc:
            pool_broken(exc)
        except TimeoutError:  # a stuck pool must not stall the retrieve
            pool_broken(TimeoutError(f"no answer within {WORKER_ANSWER_S:g} s"))
    return files_records(files, RECEIVED)
