"""Faults during transfers: the PACS dies or freezes mid-retrieve, the disk fills up.

In every case the job ends with a message naming the node, what arrived stays stored and
complete, nothing half-written is left, and a retry fetches only what is missing.
"""

from __future__ import annotations

import signal
import threading
import time

import pytest

from tests.net.conftest import dimse_node, stored_files, web_node
from tests.peers import start_orthanc
from workstation import phantoms as P
from workstation.net import (
    JobQueue,
    JobState,
    NetContext,
    NetworkError,
    RetrieveJob,
    RetrieveMethod,
    RetrieveTarget,
    SendJob,
    Timeouts,
    ingest,
    retrieve,
    verify,
)
from workstation.net._part10 import inspect_part10

SLICES = 60


@pytest.fixture(scope="module")
def big_series(tmp_path_factory) -> P.PhantomSeries:
    return P.write_ct(tmp_path_factory.mktemp("faults") / "ct", shape=(SLICES, 96, 96),
                      study=P.StudyInfo(seed="fault-study"))


@pytest.fixture(scope="module")
def large_series(tmp_path_factory) -> P.PhantomSeries:
    """Far bigger than the ingest queue plus the socket buffers (52 MB; loopback buffers grow
    to ~10 MB), so a stalled reader always leaves some of a WADO-RS answer unsent when the
    server dies (20 MB was not always enough: a CI run got the whole answer before the kill)."""
    return P.write_ct(tmp_path_factory.mktemp("faults-large") / "ct", shape=(100, 512, 512),
                      study=P.StudyInfo(seed="fault-study-large"))


def _complete(store, study_uid: str) -> list:
    records = store.study_instances(study_uid)
    for record in records:
        assert inspect_part10(open(record.path, "rb").read()).problem == "", record.path
    return records


@pytest.mark.parametrize("method", [RetrieveMethod.GET, RetrieveMethod.WADO])
def test_pacs_killed_mid_retrieve_then_retry_fetches_the_rest(tmp_path, local_ae, store, big_series, large_series,
                                                              method, monkeypatch):
    web = method is RetrieveMethod.WADO
    monkeypatch.setattr(ingest, "QUEUE_SIZE", 4)  # a stalled store soon stops the network reader
    monkeypatch.setattr(ingest, "WORKERS", 1)
    series = large_series if web else big_series
    total = len(series.paths)
    peer = start_orthanc(tmp_path / "dying")
    peer.upload(series.paths)
    node = web_node(peer) if web else dimse_node(peer)
    killed = threading.Event()

    def on_arrival(arrival):
        if arrival.index == 5 and not killed.is_set():
            killed.set()
            if web:
                time.sleep(1.0)  # stall the store so the HTTP reader stops reading
            peer.process.kill()

    try:
        with pytest.raises(NetworkError) as failure:
            retrieve(node, local_ae, store, [RetrieveTarget(series.study_instance_uid)], on_arrival=on_arrival,
                     timeouts=Timeouts(dimse=5, network=5))
        message = str(failure.value)
        assert node.name in message and "kept" in message
        kept = _complete(store, series.study_instance_uid)
        assert 5 <= len(kept) < total
        peer.process.wait(10)
        peer = start_orthanc(peer.workdir, dicom_port=peer.dicom_port, http_port=peer.http_port)
        jobs = JobQueue(NetContext(local_ae, store), workers=1)
        failed = RetrieveJob(node, series.study_instance_uid)
        failed.state = JobState.FAILED
        try:
            retry = jobs.retry(failed)
            assert retry.wait(60)
        finally:
            jobs.shutdown()
        assert retry.state is JobState.DONE, retry.error
        assert retry.report.stats.received == total - len(kept) and retry.report.stats.duplicates == 0
        assert len(_complete(store, series.study_instance_uid)) == total
    finally:
        peer.stop()


def test_frozen_pacs_times_out(tmp_path, local_ae, store, big_series):
    peer = start_orthanc(tmp_path / "frozen")
    peer.upload(big_series.paths)
    frozen = threading.Event()

    def on_arrival(arrival):  # the first instance is stored alone, at once; later ones in batches
        if not frozen.is_set():
            frozen.set()
            peer.process.send_signal(signal.SIGSTOP)

    try:
        with pytest.raises(NetworkError, match=r"no response within 1 s"):
            retrieve(dimse_node(peer), local_ae, store, [RetrieveTarget(big_series.study_instance_uid)],
                     on_arrival=on_arrival, timeouts=Timeouts(dimse=1, network=1))
        assert len(_complete(store, big_series.study_instance_uid)) >= 1
    finally:
        peer.process.send_signal(signal.SIGCONT)
        peer.stop()


@pytest.mark.parametrize("method", [RetrieveMethod.GET, RetrieveMethod.MOVE])
def test_disk_full_fails_the_job_cleanly(fresh_orthanc, local_ae, store, scp, big_series, fill_disk_after, method):
    fresh_orthanc.upload(big_series.paths)
    writes = fill_disk_after(4)
    node = dimse_node(fresh_orthanc, method)
    jobs = JobQueue(NetContext(local_ae, store, scp), workers=1)
    try:
        job = jobs.submit(RetrieveJob(node, big_series.study_instance_uid))
        assert job.wait(60)
    finally:
        jobs.shutdown()
    assert job.state is JobState.FAILED and "disk" in job.error.lower(), job.error
    kept = _complete(store, big_series.study_instance_uid)
    assert len(kept) == 4
    assert len(stored_files(store)) == 4, "four complete files, no partial or temporary ones"
    assert writes[0] < SLICES, "the association was aborted instead of refusing every instance"
    assert verify(node, local_ae).ok, "the PACS is unharmed"


def test_pacs_killed_mid_send_then_retry_sends_the_rest(tmp_path, local_ae, store, big_series):
    for path in big_series.paths:
        store.import_bytes(open(path, "rb").read())
    peer = start_orthanc(tmp_path / "dying-archive")
    node = dimse_node(peer)
    job = SendJob.for_study(store, node, big_series.study_instance_uid)

    def kill_at_ten(j):
        if j.progress.done == 10 and peer.process.poll() is None:
            peer.process.kill()

    job.changed.connect(kill_at_ten)
    jobs = JobQueue(NetContext(local_ae, store), workers=1)
    try:
        jobs.submit(job)
        assert job.wait(60)
        assert job.state is JobState.FAILED and node.name in job.error, job.error
        sent = [r for r in job.report.results if r.ok]
        assert 10 <= len(sent) < SLICES
        peer.process.wait(10)
        peer = start_orthanc(peer.workdir, dicom_port=peer.dicom_port, http_port=peer.http_port)
        retry = jobs.retry(job)
        assert retry.wait(60)
    finally:
        jobs.shutdown()
        peer.stop()
    assert retry.state is JobState.DONE, retry.error
    assert len(retry.paths) == SLICES - len(sent)
    assert store.study(big_series.study_instance_uid).confirmed_nodes == (node.name,)
