"""DICOM TLS (PS3.15 B.1) with a CA made for the test: our SCU and SCP, DCMTK, Orthanc."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.conftest import require_executable
from tests.net.conftest import OUR_AET
from tests.peers import free_port, make_test_pki, run_dcmtk, start_orthanc
from workstation.net import LocalAE, RemoteNode, StorageSCP, StudyQuery, find_studies, send, verify


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    require_executable("openssl")
    return make_test_pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture
def tls_scp(pki, store):
    local = LocalAE(OUR_AET, port=free_port(), tls=True, ca_file=str(pki.ca_cert), cert_file=str(pki.server_cert),
                    key_file=str(pki.server_key))
    with StorageSCP(local, store) as server:
        yield server


def _node(pki, port: int, ae: str = OUR_AET, **kw) -> RemoteNode:
    return RemoteNode("secure", ae, "127.0.0.1", port, tls=True, ca_file=str(pki.ca_cert),
                      cert_file=str(pki.client_cert), key_file=str(pki.client_key), **kw)


def test_our_scu_to_our_scp_over_tls(pki, tls_scp, store, studies):
    client = LocalAE("READER")
    node = _node(pki, tls_scp.port)
    assert verify(node, client).ok
    report = send(node, client, [str(p) for p in studies["an_prior"][0].paths])
    assert report.ok and len(store.study_instances(studies["an_prior"][0].study_instance_uid)) == 6


def test_plain_client_cannot_talk_to_tls_scp(tls_scp):
    result = verify(RemoteNode("plain", OUR_AET, "127.0.0.1", tls_scp.port), LocalAE("READER"))
    assert not result.ok and "plain" in result.message


def test_client_without_certificate_is_refused(pki, tls_scp):
    node = replace(_node(pki, tls_scp.port), cert_file="", key_file="")
    assert not verify(node, LocalAE("READER")).ok


def test_untrusted_server_certificate_is_refused(tmp_path, pki, tls_scp):
    other = make_test_pki(tmp_path / "other")
    node = replace(_node(pki, tls_scp.port), ca_file=str(other.ca_cert))
    result = verify(node, LocalAE("READER"))
    assert not result.ok and "secure" in result.message


def test_storescu_over_tls_to_our_scp(pki, tls_scp, store, studies):
    require_executable("storescu")
    done = run_dcmtk("storescu", "+tls", str(pki.client_key), str(pki.client_cert), "+cf", str(pki.ca_cert),
                     "-aet", "CT1", "-aec", OUR_AET, "127.0.0.1", str(tls_scp.port),
                     *[str(p) for p in studies["ngoc_mr"][0].paths])
    assert done.returncode == 0, done.stderr
    assert len(store.study_instances(studies["ngoc_mr"][0].study_instance_uid)) == 6


def test_orthanc_over_tls(tmp_path, pki, local_ae, studies):
    require_executable("Orthanc")
    peer = start_orthanc(tmp_path / "tls-orthanc", tls=pki)
    try:
        peer.upload(studies["ngoc_mr"][0].paths)
        node = _node(pki, peer.dicom_port, ae=peer.aet)
        assert verify(node, local_ae).ok
        found = find_studies(node, local_ae, StudyQuery(patient_id="VN-000456"))
        assert [s.patient.name for s in found] == ["Trần^Thị Bích Ngọc"]
        assert not verify(replace(node, tls=False), local_ae).ok
    finally:
        peer.stop()
