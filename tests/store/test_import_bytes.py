"""Received instances (what a storage SCP hands over) and datasets made in the program."""

from __future__ import annotations

import os
import random
import threading
from collections import Counter
from io import BytesIO
from pathlib import Path

import pydicom
import pytest
from pydicom.dataset import Dataset
from pydicom.uid import JPEGLSLossless, generate_uid

from tests.store.factory import make_image, make_sr, part10_bytes, stored_files, temp_files
from workstation.dicomio.decode_processes import running_workers
from workstation.store import ImportStatus, LocalStore


def test_received_bytes_are_stored_then_reported_as_duplicate(store):
    data = part10_bytes(make_image())
    first = store.import_bytes(data)
    assert first.status is ImportStatus.STORED and first.reason == ""
    assert Path(first.path).read_bytes() == data
    again = store.import_bytes(data)
    assert (again.status, again.path, again.sop_instance_uid) == (ImportStatus.DUPLICATE, first.path,
                                                                  first.sop_instance_uid)
    assert len(stored_files(store)) == 1 and temp_files(store) == []


@pytest.mark.parametrize("damage", ["garbage", "truncated", "header_only", "empty"])
def test_damaged_received_data_is_skipped_with_a_reason(store, damage):
    data = part10_bytes(make_image(size=32))
    payload = {"garbage": os.urandom(2000), "truncated": data[:-77], "empty": b"",
               "header_only": data[:data.index(b"\xe0\x7f\x10\x00")]}[damage]
    outcome = store.import_bytes(payload)
    assert outcome.status is ImportStatus.SKIPPED and outcome.reason
    assert not outcome.ok and outcome.path == ""
    assert stored_files(store) == [] and temp_files(store) == [] and store.query_studies() == []


def test_sr_without_pixels_and_compressed_images_are_stored(store):
    sr = make_sr()
    assert store.import_bytes(part10_bytes(sr)).status is ImportStatus.STORED
    image = make_image(study_uid=sr.StudyInstanceUID, size=16)
    image.compress(JPEGLSLossless)
    outcome = store.import_bytes(part10_bytes(image))
    assert outcome.status is ImportStatus.STORED
    assert store.study(sr.StudyInstanceUID).modalities == ("CT", "SR")
    assert pydicom.dcmread(outcome.path).file_meta.TransferSyntaxUID == JPEGLSLossless


def test_import_dataset_writes_part10_in_its_own_transfer_syntax(store):
    ds = make_image(size=16)
    ds.compress(JPEGLSLossless)
    outcome = store.import_dataset(ds)
    back = pydicom.dcmread(outcome.path)
    assert back.file_meta.TransferSyntaxUID == JPEGLSLossless
    assert back.SOPInstanceUID == ds.SOPInstanceUID
    assert (back.pixel_array == ds.pixel_array).all()


def test_import_dataset_built_in_memory_without_file_meta(store):
    """An SR or KOS made here has no File Meta yet: it gets Explicit VR Little Endian."""
    sr = Dataset(make_sr())  # copies the elements, not the File Meta
    assert getattr(sr, "file_meta", None) is None
    outcome = store.import_dataset(sr)
    assert outcome.status is ImportStatus.STORED
    back = pydicom.dcmread(outcome.path)
    assert back.file_meta.TransferSyntaxUID == pydicom.uid.ExplicitVRLittleEndian
    assert back.file_meta.MediaStorageSOPInstanceUID == sr.SOPInstanceUID
    assert back.ConceptNameCodeSequence[0].CodeMeaning == "Kết luận"
    assert getattr(sr, "file_meta", None) is None  # the caller's dataset is untouched


def test_bare_dataset_bytes_are_stored_as_part10(store):
    ds = make_image()
    from io import BytesIO

    buffer = BytesIO()
    pydicom.dcmwrite(buffer, Dataset(ds), implicit_vr=True, little_endian=True)
    outcome = store.import_bytes(buffer.getvalue())
    assert outcome.status is ImportStatus.STORED, outcome.reason
    assert Path(outcome.path).read_bytes()[128:132] == b"DICM"
    assert temp_files(store) == []


def test_a_silent_worker_pool_is_dropped_and_the_batch_read_here(store, processes, monkeypatch):
    from workstation.store import local_store

    monkeypatch.setattr(local_store, "WORKER_ANSWER_S", 0.0)  # no pool answers that fast
    outcomes = store.import_many([part10_bytes(make_image()) for _ in range(5)])
    assert [o.status for o in outcomes] == [ImportStatus.STORED] * 5
    assert running_workers() == 0  # forgotten: the next batch starts a new pool
    assert temp_files(store) == []


def test_an_unexpected_error_reading_a_batch_leaves_no_temporary_file(store, monkeypatch):
    from workstation.store import local_store

    def broken(files, source):
        raise RuntimeError("bug")

    monkeypatch.setattr(local_store, "files_records", broken)
    with pytest.raises(RuntimeError, match="bug"):
        store.import_many([part10_bytes(make_image()) for _ in range(3)])
    assert temp_files(store) == [] and stored_files(store) == []


def test_wrong_argument_types_are_refused(store):
    with pytest.raises(TypeError, match="data"):
        store.import_bytes("not bytes")
    with pytest.raises(TypeError, match="ds"):
        store.import_dataset(b"bytes")


def test_four_threads_importing_overlapping_instances_store_each_once(store):
    """A storage SCP with parallel associations, some instances sent on several of them."""
    study = generate_uid()
    shared = [part10_bytes(make_image(study_uid=study, series_uid=generate_uid() if k % 7 == 0 else None))
              for k in range(20)]
    own = [[part10_bytes(make_image(study_uid=study)) for _ in range(10)] for _ in range(4)]
    outcomes: list = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    start = threading.Barrier(5)

    def sender(n: int) -> None:
        items = shared + own[n]
        random.Random(n).shuffle(items)
        start.wait()
        try:
            results = [store.import_bytes(data) for data in items]
        except BaseException as exc:  # reported below; a thread must not swallow it
            errors.append(exc)
            return
        with lock:
            outcomes.extend(results)

    def reader() -> None:
        start.wait()
        try:
            for _ in range(50):
                store.query_studies(name="nguyen")
                store.study_instances(study)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=sender, args=(n,)) for n in range(4)] + [threading.Thread(target=reader)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    stored = Counter(o.sop_instance_uid for o in outcomes if o.status is ImportStatus.STORED)
    assert len(stored) == 60 and set(stored.values()) == {1}
    assert sum(o.status is ImportStatus.DUPLICATE for o in outcomes) == 3 * 20
    assert store.study(study).instance_count == 60
    assert len(stored_files(store)) == 60 and temp_files(store) == []


def test_two_store_objects_on_one_root_share_the_index(tmp_path):
    """The CLI importing while the GUI runs: two LocalStores (two connections pools) on one folder."""
    data = part10_bytes(make_image())
    with LocalStore(tmp_path / "s") as a, LocalStore(tmp_path / "s") as b:
        assert a.import_bytes(data).status is ImportStatus.STORED
        assert b.import_bytes(data).status is ImportStatus.DUPLICATE
        assert b.has_instance(pydicom.dcmread(a.study_instances(b.query_studies()[0].study_instance_uid)[0].path)
                              .SOPInstanceUID)


@pytest.mark.parametrize("readers", ["threads", "processes"])
def test_import_many_keeps_the_order_of_mixed_items(store, readers, request):
    """Headers of a batch are read in a worker process when the program runs them (as a
    retrieve does), here or in threads otherwise: the same outcomes either way."""
    if readers == "processes":
        request.getfixturevalue("processes")
    known = part10_bytes(make_image())
    store.import_bytes(known)
    good = [part10_bytes(make_image()) for _ in range(70)]  # more than one batch
    bare = BytesIO()
    pydicom.dcmwrite(bare, Dataset(make_image()), implicit_vr=True, little_endian=True)
    items = good[:3] + [os.urandom(500), known, good[3][:-50], bare.getvalue()] + good[3:]
    outcomes = store.import_many(items)
    statuses = [o.status for o in outcomes]
    assert statuses[:7] == [ImportStatus.STORED] * 3 + [ImportStatus.SKIPPED, ImportStatus.DUPLICATE,
                                                        ImportStatus.SKIPPED, ImportStatus.STORED]
    assert statuses[7:] == [ImportStatus.STORED] * 67
    for data, outcome in zip(good[:3] + good[4:], outcomes[:3] + outcomes[8:]):
        assert Path(outcome.path).read_bytes() == data
    assert "truncated" in outcomes[5].reason and not outcomes[5].storage_full
    assert Path(outcomes[6].path).read_bytes()[128:132] == b"DICM"  # the bare data set, as Part 10
    assert len(stored_files(store)) == 72 and temp_files(store) == []
    assert (running_workers() > 0) == (readers == "processes")
    with pytest.raises(TypeError, match=r"items\[1\]"):
        store.import_many([known, "text"])
