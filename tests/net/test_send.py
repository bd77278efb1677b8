"""Send to Orthanc and DCMTK storescp: per-instance results, transcoding, STOW-RS, forwarding."""

from __future__ import annotations

import time

import numpy as np
import pydicom
import pytest
from pydicom.uid import ExplicitVRLittleEndian, JPEG2000Lossless, JPEGLSLossless

from tests.conftest import require_executable
from tests.net.conftest import dimse_node, web_node
from tests.peers import run_dcmtk, start_storescp
from workstation import phantoms as P
from workstation.net import (
    Forwarder,
    ForwardRule,
    JobQueue,
    JobState,
    NetContext,
    NetworkConfig,
    RemoteNode,
    SendJob,
    send,
    status_meaning,
)


@pytest.fixture
def j2k_series(tmp_path) -> P.PhantomSeries:
    return P.write_ct(tmp_path / "j2k", shape=(4, 32, 32), study=P.StudyInfo(seed="send-j2k"),
                      transfer_syntax=JPEG2000Lossless)


@pytest.fixture
def plain_series(tmp_path) -> P.PhantomSeries:
    return P.write_ct(tmp_path / "plain", shape=(5, 32, 32), study=P.StudyInfo(seed="send-plain"))


def test_status_meanings():
    assert status_meaning(0x0000) == "Success"
    assert "Out of Resources" in status_meaning(0xA700)
    assert "Cannot understand" in status_meaning(0xC210) or "Cannot Understand" in status_meaning(0xC210)
    assert "no response" in status_meaning(None)


def test_send_study_job_confirms_on_pacs(fresh_orthanc, local_ae, store, plain_series):
    for path in plain_series.paths:
        store.import_bytes(open(path, "rb").read())
    node = dimse_node(fresh_orthanc)
    jobs = JobQueue(NetContext(local_ae, store), workers=1)
    try:
        job = jobs.submit(SendJob.for_study(store, node, plain_series.study_instance_uid))
        assert job.wait(60)
    finally:
        jobs.shutdown()
    assert job.state is JobState.DONE, job.error
    assert [r.status for r in job.report.results] == [0] * 5 and job.progress.done == 5
    assert fresh_orthanc.instance_count() == 5
    assert store.study(plain_series.study_instance_uid).confirmed_nodes == (node.name,)


def test_decompresses_for_a_peer_that_accepts_only_uncompressed(tmp_path, local_ae, j2k_series):
    require_executable("storescp")
    peer = start_storescp(tmp_path / "scp")  # default +x=: uncompressed syntaxes only
    try:
        node = RemoteNode("dcmtk", peer.aet, "127.0.0.1", peer.port)
        report = send(node, local_ae, [str(p) for p in j2k_series.paths])
    finally:
        peer.stop()
    assert report.ok, [r.meaning for r in report.results]
    assert {r.transfer_syntax_uid for r in report.results} == {ExplicitVRLittleEndian}
    received = {pydicom.dcmread(p).SOPInstanceUID: pydicom.dcmread(p) for p in peer.files()}
    assert len(received) == 4
    for path in j2k_series.paths:
        original = pydicom.dcmread(path)
        copy = received[original.SOPInstanceUID]
        assert copy.file_meta.TransferSyntaxUID == ExplicitVRLittleEndian
        assert np.array_equal(copy.pixel_array, original.pixel_array)
        assert copy.PatientName == "Nguyễn^Văn An"


def test_compresses_when_asked(fresh_orthanc, local_ae, plain_series):
    report = send(dimse_node(fresh_orthanc), local_ae, [str(p) for p in plain_series.paths],
                  transfer_syntax=JPEGLSLossless)
    assert report.ok and {r.transfer_syntax_uid for r in report.results} == {JPEGLSLossless}
    assert fresh_orthanc.stored_transfer_syntaxes() == {JPEGLSLossless}
    instance = fresh_orthanc.rest("GET", "/instances")[0]
    data = fresh_orthanc.rest("GET", f"/instances/{instance}/file")
    import io

    ds = pydicom.dcmread(io.BytesIO(data))
    original = {pydicom.dcmread(p).SOPInstanceUID: p for p in plain_series.paths}[ds.SOPInstanceUID]
    assert np.array_equal(ds.pixel_array, pydicom.dcmread(original).pixel_array)


def test_stored_syntax_goes_out_unchanged(fresh_orthanc, local_ae, j2k_series):
    report = send(dimse_node(fresh_orthanc), local_ae, [str(p) for p in j2k_series.paths])
    assert report.ok and fresh_orthanc.stored_transfer_syntaxes() == {JPEG2000Lossless}


def test_stow_rs(fresh_orthanc, local_ae, j2k_series, plain_series):
    paths = [str(p) for p in plain_series.paths + j2k_series.paths]
    report = send(web_node(fresh_orthanc), local_ae, paths)
    assert report.ok and len(report.results) == 9
    assert fresh_orthanc.instance_count() == 9
    assert fresh_orthanc.stored_transfer_syntaxes() == {ExplicitVRLittleEndian, JPEG2000Lossless}


def test_refused_instances_are_reported(tmp_path, local_ae, plain_series):
    """storescp configured for MR only: the MR goes, each CT gets a result saying why not."""
    require_executable("storescp")
    mr = P.write_mr(tmp_path / "mr", shape=(2, 16, 16), study=P.StudyInfo(seed="send-mr"))
    peer = start_storescp(tmp_path / "scp-mr-only", args=["-xf", _storescp_config(tmp_path), "MRonly"])
    try:
        node = RemoteNode("mr only", peer.aet, "127.0.0.1", peer.port)
        report = send(node, local_ae, [str(p) for p in mr.paths + plain_series.paths])
    finally:
        peer.stop()
    assert [r.ok for r in report.results] == [True] * 2 + [False] * 5
    assert report.failed[0].status is None and "CT Image Storage" in report.failed[0].meaning
    assert len(peer.files()) == 2


def _storescp_config(tmp_path) -> str:
    config = tmp_path / "storescp.cfg"
    config.write_text("[[TransferSyntaxes]]\n[Uncompressed]\nTransferSyntax1 = LocalEndianExplicit\n"
                      "[[PresentationContexts]]\n[MR]\nPresentationContext1 = MRImageStorage\\Uncompressed\n"
                      "[[Profiles]]\n[MRonly]\nPresentationContexts = MR\n")
    return str(config)


def test_forward_rule_sends_what_a_modality_stores(fresh_orthanc, local_ae, store, scp, plain_series):
    require_executable("storescu")
    target = dimse_node(fresh_orthanc, name="archive")
    config = NetworkConfig(local_ae, (target,), (ForwardRule("CT1", "archive"),))
    results = []
    forwarder = Forwarder(config, scp, store, settle_s=0.3)
    forwarder.forwarded.connect(results.append)
    forwarder.start()
    try:
        other = run_dcmtk("storescu", "-aet", "OTHER", "-aec", local_ae.ae_title, "127.0.0.1", str(scp.port),
                          str(plain_series.paths[0]))
        done = run_dcmtk("storescu", "-aet", "CT1", "-aec", local_ae.ae_title, "127.0.0.1", str(scp.port),
                         *[str(p) for p in plain_series.paths])
        assert other.returncode == 0 and done.returncode == 0, done.stderr
        deadline = time.monotonic() + 20
        while not results and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        forwarder.stop()
    assert len(results) == 1 and results[0].ok, results
    assert results[0].study_instance_uid == plain_series.study_instance_uid
    assert len(results[0].report.results) == 5, "the instance from OTHER matched no rule"
    assert fresh_orthanc.instance_count() == 5
