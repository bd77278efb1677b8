"""Retrieve from Orthanc by C-GET, C-MOVE and WADO-RS into the store; jobs, events, retry."""

from __future__ import annotations

import threading
import time

import numpy as np
import pydicom
import pytest

from tests.net.conftest import dimse_node, study_paths
from workstation.net import (
    JobQueue,
    JobState,
    NetContext,
    RetrieveJob,
    RetrieveMethod,
    RetrieveTarget,
    retrieve,
)


def _pixels_equal_to_originals(store, series_list) -> None:
    originals = {pydicom.dcmread(p).SOPInstanceUID: p for p in study_paths(series_list)}
    stored = store.study_instances(series_list[0].study_instance_uid)
    assert {i.sop_instance_uid for i in stored} == set(originals)
    for record in stored[:5]:
        ours, theirs = pydicom.dcmread(record.path), pydicom.dcmread(originals[record.sop_instance_uid])
        assert np.array_equal(ours.pixel_array, theirs.pixel_array)
        assert ours.PatientName == "Nguyễn^Văn An" and ours.ImagePositionPatient == theirs.ImagePositionPatient


@pytest.mark.parametrize("method", [RetrieveMethod.GET, RetrieveMethod.MOVE, RetrieveMethod.WADO])
def test_retrieve_study_every_method(orthanc, local_ae, store, scp, studies, method):
    node = dimse_node(orthanc, method) if method is not RetrieveMethod.WADO else \
        dimse_node(orthanc).__class__("web", protocol="DICOMWEB", base_url=orthanc.dicomweb_url)
    arrivals = []
    series = studies["an_ct"]
    report = retrieve(node, local_ae, store, [RetrieveTarget(series[0].study_instance_uid)], scp=scp,
                      on_arrival=arrivals.append)
    assert report.ok and report.stats.stored == 20 and report.stats.received == 20
    assert len(arrivals) == 20 and {a.status for a in arrivals} == {"STORED"}
    assert {a.series_instance_uid for a in arrivals} == {s.series_instance_uid for s in series}
    assert report.stats.first_arrival_s is not None and report.stats.first_arrival_s < 1.0
    if method is not RetrieveMethod.WADO:
        assert report.peer_completed == 20 and report.peer_failed == 0
    _pixels_equal_to_originals(store, series)


def test_retrieve_series_and_instance_list(pacs, local_ae, store, studies):
    ct = studies["an_ct"]
    uid = ct[0].study_instance_uid
    series_report = retrieve(pacs, local_ae, store, [RetrieveTarget(uid, ct[1].series_instance_uid)])
    assert series_report.stats.stored == 8
    wanted = tuple(pydicom.dcmread(p).SOPInstanceUID for p in ct[0].paths[:3])
    listed = retrieve(pacs, local_ae, store, [RetrieveTarget(uid, ct[0].series_instance_uid, wanted)])
    assert listed.stats.stored == 3 and all(store.has_instance(w) for w in wanted)
    again = retrieve(pacs, local_ae, store, [RetrieveTarget(uid, ct[1].series_instance_uid)])
    assert again.stats.duplicates == 8 and again.stats.stored == 0


def test_compressed_instances_keep_their_transfer_syntax(fresh_orthanc, local_ae, store, tmp_path):
    """C-GET proposes each compressed syntax in its own context, so a JPEG 2000 file comes back
    as JPEG 2000 (no transcoding by the PACS)."""
    from workstation import phantoms as P

    study = P.StudyInfo(seed="j2k-study")
    series = P.write_ct(tmp_path / "j2k", shape=(3, 32, 32), study=study,
                        transfer_syntax=pydicom.uid.JPEG2000Lossless)
    fresh_orthanc.upload(series.paths)
    report = retrieve(dimse_node(fresh_orthanc), local_ae, store, [RetrieveTarget(series.study_instance_uid)])
    assert report.stats.stored == 3
    for record in store.study_instances(series.study_instance_uid):
        ds = pydicom.dcmread(record.path)
        assert ds.file_meta.TransferSyntaxUID == pydicom.uid.JPEG2000Lossless
        assert ds.pixel_array.shape == (32, 32)


def test_retrieve_job_events_progress_and_confirmation(pacs, local_ae, store, studies):
    ct = studies["an_ct"]
    jobs = JobQueue(NetContext(local_ae, store), workers=1)
    states, first = [], []
    try:
        job = RetrieveJob(pacs, ct[0].study_instance_uid, expected=20)
        job.changed.connect(lambda j: states.append((j.state, time.perf_counter())))
        job.first_instance.connect(lambda arrival: first.append((arrival, time.perf_counter())))
        arrived = []
        job.instance_arrived.connect(arrived.append)
        jobs.submit(job)
        assert job.wait(60)
    finally:
        jobs.shutdown()
    assert job.state is JobState.DONE, job.error
    assert states[0][0] is JobState.RUNNING and states[-1][0] is JobState.DONE
    assert len(first) == 1 and first[0][0].index == 1
    assert first[0][1] < states[-1][1], "first instance announced before the job ended"
    assert len(arrived) == 20
    assert job.progress.done == 20 and job.progress.total == 20 and job.progress.nbytes > 20 * 48 * 48 * 2
    assert store.study(ct[0].study_instance_uid).confirmed_nodes == ("pacs",)


def test_retry_fetches_only_missing(pacs, local_ae, store, studies):
    ct = studies["an_ct"]
    uid = ct[0].study_instance_uid
    retrieve(pacs, local_ae, store, [RetrieveTarget(uid, ct[0].series_instance_uid,
                                                    tuple(pydicom.dcmread(p).SOPInstanceUID
                                                          for p in ct[0].paths[:5]))])
    failed = RetrieveJob(pacs, uid)
    failed.state = JobState.FAILED  # as if the first attempt had broken off after 5 instances
    jobs = JobQueue(NetContext(local_ae, store), workers=1)
    try:
        retry = jobs.retry(failed)
        assert retry.wait(60)
    finally:
        jobs.shutdown()
    assert retry.state is JobState.DONE, retry.error
    assert retry.report.stats.received == 15 and retry.report.stats.duplicates == 0
    targets = {(t.series_instance_uid, len(t.sop_instance_uids)) for t in retry.targets}
    assert targets == {(ct[0].series_instance_uid, 7), (ct[1].series_instance_uid, 0)}
    assert len(store.study_instances(uid)) == 20


def test_cancel_aborts_and_keeps_what_arrived(pacs, local_ae, store, studies):
    ct = studies["an_ct"]
    cancel = threading.Event()
    seen = []

    def on_arrival(arrival):  # the first instance is stored alone, at once; later ones in batches
        seen.append(arrival)
        cancel.set()

    from workstation.model.errors import OperationCancelled

    with pytest.raises(OperationCancelled):
        retrieve(pacs, local_ae, store, [RetrieveTarget(ct[0].study_instance_uid)], on_arrival=on_arrival,
                 cancel=cancel)
    kept = store.study_instances(ct[0].study_instance_uid)
    assert 1 <= len(kept) < 20
    for record in kept:
        assert pydicom.dcmread(record.path).pixel_array.shape == (48, 48)


def test_prefetch_queues_newest_priors(pacs, local_ae, store, studies):
    from workstation.net.query import StudyQuery, find_studies

    [current] = find_studies(pacs, local_ae, StudyQuery(accession_number="A24031501"))
    jobs = JobQueue(NetContext(local_ae, store), workers=1)
    try:
        prefetch = jobs.prefetch_priors(pacs, current, count=1)
        assert prefetch.wait(60)
        assert prefetch.state is JobState.DONE, prefetch.error
        assert [j.study_uid for j in prefetch.queued] == [studies["an_prior"][0].study_instance_uid]
        assert prefetch.queued[0].wait(60) and prefetch.queued[0].state is JobState.DONE
    finally:
        jobs.shutdown()
    assert len(store.study_instances(studies["an_prior"][0].study_instance_uid)) == 6
    assert store.study_instances(studies["an_prior_old"][0].study_instance_uid) == []


def test_user_jobs_run_before_prefetches(pacs, local_ae, store, studies):
    gate = threading.Event()
    context = NetContext(local_ae, store)
    jobs = JobQueue(context, workers=1)
    order = []
    try:
        blocker = RetrieveJob(pacs, studies["an_prior"][0].study_instance_uid)
        blocker.changed.connect(lambda j: gate.wait(10) if j.state is JobState.RUNNING else None)
        jobs.submit(blocker)
        low = RetrieveJob(pacs, studies["an_prior_old"][0].study_instance_uid, priority=10)
        high = RetrieveJob(pacs, studies["ngoc_mr"][0].study_instance_uid)
        for job in (low, high):
            job.changed.connect(lambda j: order.append(j.id) if j.state is JobState.RUNNING and j.id not in order
                               else None)
            jobs.submit(job)
        gate.set()
        assert low.wait(60) and high.wait(60)
    finally:
        jobs.shutdown()
    assert order == [high.id, low.id]


def test_cancel_queued_job(pacs, local_ae, store, studies):
    jobs = JobQueue(NetContext(local_ae, store), workers=1)
    job = RetrieveJob(pacs, studies["an_prior"][0].study_instance_uid)
    job.cancel()
    try:
        jobs.submit(job)
        assert job.wait(10)
    finally:
        jobs.shutdown()
    assert job.state is JobState.CANCELLED and store.study_instances(job.study_uid) == []
