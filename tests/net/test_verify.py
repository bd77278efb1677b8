"""Verification and association failures: messages that name the node and the reason."""

from __future__ import annotations

import socket
import threading

from tests.peers import free_port, start_orthanc
from workstation.net import RemoteNode, Timeouts, verify
from workstation.net._association import NetworkError, associate
from workstation.net.query import StudyQuery, find_studies


def test_echo_and_qido_ping(pacs, web, local_ae):
    echo = verify(pacs, local_ae)
    assert echo.ok and echo.status == 0 and "pacs" in echo.message
    assert verify(web, local_ae).ok


def test_wrong_called_ae_is_rejected_with_reason(tmp_path, local_ae):
    from tests.conftest import require_executable

    require_executable("Orthanc")
    peer = start_orthanc(tmp_path / "strict", extra={"DicomCheckCalledAet": True})
    try:
        node = RemoteNode("strict pacs", "NOT-ORTHANC", "127.0.0.1", peer.dicom_port)
        result = verify(node, local_ae)
    finally:
        peer.stop()
    assert not result.ok
    assert "strict pacs" in result.message and "NOT-ORTHANC" in result.message
    assert "rejected" in result.message and "Called AE title not recognised" in result.message


def test_connection_refused_is_named(local_ae):
    node = RemoteNode("offline", "X", "127.0.0.1", free_port())
    result = verify(node, local_ae, timeouts=Timeouts(connect=2, acse=2))
    assert not result.ok and "offline" in result.message and "connection refused" in result.message


def test_silent_peer_times_out(local_ae):
    """A peer that accepts TCP but never answers A-ASSOCIATE: the ACSE timeout ends it."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    held: list[socket.socket] = []
    accepter = threading.Thread(target=lambda: held.append(listener.accept()[0]), daemon=True)
    accepter.start()
    node = RemoteNode("mute", "MUTE", "127.0.0.1", listener.getsockname()[1])
    try:
        result = verify(node, local_ae, timeouts=Timeouts(connect=2, acse=0.5))
    finally:
        for conn in held:
            conn.close()
        listener.close()
    assert not result.ok and "mute" in result.message and "0.5 s" in result.message
    assert result.elapsed_s < 5


def test_dicomweb_errors_are_named(local_ae):
    node = RemoteNode("dead web", protocol="DICOMWEB", base_url=f"http://127.0.0.1:{free_port()}/dicom-web")
    result = verify(node, local_ae, timeouts=Timeouts(connect=1, dimse=1))
    assert not result.ok and "dead web" in result.message and "cannot connect" in result.message


def test_query_failure_raises_network_error(local_ae):
    node = RemoteNode("offline", "X", "127.0.0.1", free_port())
    try:
        find_studies(node, local_ae, StudyQuery(patient_id="1"), timeouts=Timeouts(connect=1, acse=1))
    except NetworkError as exc:
        assert "offline" in str(exc)
    else:
        raise AssertionError("no error for an offline node")


def test_dicomweb_node_cannot_associate(web, local_ae):
    try:
        associate(web, local_ae, [])
    except NetworkError as exc:
        assert "DICOMweb" in str(exc)
    else:
        raise AssertionError("associated with a DICOMweb node")
