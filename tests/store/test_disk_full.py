"""A full disk while importing: a clean failure, nothing half-written, nothing lost.

The disk is made "full" where the operating system would say so: ``os.write`` raising
ENOSPC for file data, and SQLite's own SQLITE_FULL (a page limit) for the index.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pydicom
import pytest

from tests.store.factory import make_image, part10_bytes, stored_files, temp_files, write_series
from workstation.model.errors import StorageFullError
from workstation.store import ImportStatus, LocalStore


def _fail_writes(monkeypatch, marker: bytes = b"") -> None:
    """Make ``os.write`` raise ENOSPC for data containing ``marker`` (every write if empty).

    Half of the data lands first, as on a real disk that fills up mid-file. Choosing the
    failing file by content keeps the test exact while files are copied in parallel.
    """
    real_write = os.write

    def write(fd, data):
        if marker in bytes(data):
            real_write(fd, bytes(data)[: len(data) // 2])
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", write)


def test_full_disk_on_the_third_file_skips_it_and_keeps_the_others(store, tmp_path, monkeypatch):
    paths = write_series(tmp_path / "in", 5)
    _fail_writes(monkeypatch, pydicom.dcmread(paths[2]).SOPInstanceUID.encode())
    report = store.import_paths([tmp_path / "in"])
    monkeypatch.undo()
    assert report.storage_full and "THE DISK IS FULL" in report.summary()
    [skipped] = report.skipped
    assert Path(skipped.path) == paths[2] and "disk is full" in skipped.reason
    assert report.instances == 4  # the rest still loads once space is back
    failed_uid = pydicom.dcmread(paths[2]).SOPInstanceUID
    assert not store.has_instance(failed_uid)
    assert temp_files(store) == []
    stored = {i.sop_instance_uid: Path(i.path) for i in store.study_instances(report.study_uids[0])}
    assert len(stored) == len(stored_files(store)) == 4
    for path in paths[:2] + paths[3:]:
        assert stored[pydicom.dcmread(path).SOPInstanceUID].read_bytes() == path.read_bytes()


def test_full_disk_on_received_data_raises_and_leaves_the_store_intact(store, monkeypatch):
    before = part10_bytes(make_image())
    kept = store.import_bytes(before)
    ds = make_image()
    _fail_writes(monkeypatch)
    with pytest.raises(StorageFullError):
        store.import_bytes(part10_bytes(ds))
    monkeypatch.undo()
    assert not store.has_instance(ds.SOPInstanceUID)
    assert temp_files(store) == []
    assert Path(kept.path).read_bytes() == before
    assert store.import_bytes(part10_bytes(ds)).status is ImportStatus.STORED  # space is back


def test_full_index_rolls_back_the_batch_and_removes_its_files(tmp_path):
    root = tmp_path / "store"
    first = write_series(tmp_path / "a", 2)
    with LocalStore(root) as store:
        store.import_paths([tmp_path / "a"])
        kept = stored_files(store)
        with store._index.connection() as db:  # the pooled connection the next import reuses
            pages = db.execute("PRAGMA page_count").fetchone()[0]
            db.execute(f"PRAGMA max_page_count = {pages}")
        write_series(tmp_path / "b", 40, name="Trần^Thị Bích Ngọc" * 3)
        report = store.import_paths([tmp_path / "b"])
        assert report.storage_full and report.instances == 0 and len(report.skipped) == 40
        assert all("disk is full" in s.reason for s in report.skipped)
        assert stored_files(store) == kept and temp_files(store) == []
        assert store.query_studies(name="ngoc") == []
    with LocalStore(root) as store:  # a fresh connection has no page limit: space is back
        assert store.import_paths([tmp_path / "b"]).instances == 40
        assert all(store.has_instance(pydicom.dcmread(p).SOPInstanceUID) for p in first)


def test_import_many_marks_the_file_that_met_a_full_disk(store, monkeypatch):
    images = [make_image() for _ in range(4)]
    _fail_writes(monkeypatch, images[1].SOPInstanceUID.encode())
    outcomes = store.import_many([part10_bytes(ds) for ds in images])
    monkeypatch.undo()
    assert [o.storage_full for o in outcomes] == [False, True, False, False]
    assert [o.status for o in outcomes] == [ImportStatus.STORED, ImportStatus.SKIPPED, ImportStatus.STORED,
                                            ImportStatus.STORED]
    assert not store.has_instance(images[1].SOPInstanceUID) and temp_files(store) == []
