"""Our hand-encoded bytes against pynetdicom's and pydicom's own encoders, and the acceptor's
back-to-back serving of requests."""

from __future__ import annotations

import io
import queue
import threading
import time
import types

import pydicom
import pytest
from pynetdicom.dimse_messages import C_STORE_RSP
from pynetdicom.dimse_primitives import C_STORE

from workstation.net._association import _serve_back_to_back, file_meta_bytes, store_response_command


@pytest.mark.parametrize(("instance_uid", "status"), [("1.2.3.4.5", 0x0000), ("1.2.3.4", 0xA700),
                                                      ("1.2.826.0.1.3680043.8.498.1", 0xC210)])
def test_store_response_matches_pynetdicom(instance_uid, status):
    primitive = C_STORE()
    primitive.MessageIDBeingRespondedTo = 7
    primitive.AffectedSOPClassUID = "1.2.840.10008.5.1.4.1.1.2"
    primitive.AffectedSOPInstanceUID = instance_uid
    primitive.Status = status
    message = C_STORE_RSP()
    message.primitive_to_message(primitive)
    [pdata] = list(message.encode_msg(1, 0))
    assert pdata.presentation_data_value_list[0][1] == b"\x03" + store_response_command(
        "1.2.840.10008.5.1.4.1.1.2", instance_uid, 7, status)


def test_file_meta_matches_pydicom():
    ours = file_meta_bytes("1.2.840.10008.5.1.4.1.1.4", "1.2.3.45", "1.2.840.10008.1.2.1", "MRI1")
    ds = pydicom.dcmread(io.BytesIO(ours), force=True)
    meta = ds.file_meta
    assert meta.FileMetaInformationVersion == b"\x00\x01"
    assert meta.MediaStorageSOPClassUID == "1.2.840.10008.5.1.4.1.1.4"
    assert meta.SourceApplicationEntityTitle == "MRI1"
    assert meta.FileMetaInformationGroupLength == len(ours) - 132 - 12


class _Acceptor:
    """What :func:`_serve_back_to_back` uses of a pynetdicom acceptor association."""

    def __init__(self, queued) -> None:
        self.served: list[tuple[str, int]] = []
        self._kill = False
        self._reactor_checkpoint = threading.Event()
        self._reactor_checkpoint.set()
        self.dimse = types.SimpleNamespace(msg_queue=queue.Queue())
        for item in queued:
            self.dimse.msg_queue.put(item)

    def _serve_request(self, msg, context_id) -> None:
        self.served.append((msg, context_id))


def test_acceptor_serves_requests_back_to_back_until_a_marker_pause_or_kill():
    assoc = _Acceptor([(1, "b"), (3, "c"), (None, None), (1, "d")])
    _serve_back_to_back(assoc)
    assoc._serve_request("a", 1)  # as pynetdicom's loop calls it
    assert assoc.served == [("a", 1), ("b", 1), ("c", 3)]  # the marker hands back to the loop
    assert assoc.dimse.msg_queue.qsize() == 1  # "d" is left for the loop's next pass
    started = time.perf_counter()
    assoc._serve_request("d", 1)
    assert assoc.served[-1] == ("d", 1)
    assert time.perf_counter() - started < 1.0  # an empty queue returns after a short wait

    paused = _Acceptor([(1, "b")])
    _serve_back_to_back(paused)
    paused._reactor_checkpoint.clear()  # a handler is sending on the association
    paused._serve_request("a", 1)
    killed = _Acceptor([(1, "b")])
    _serve_back_to_back(killed)
    killed._kill = True
    killed._serve_request("a", 1)
    assert paused.served == killed.served == [("a", 1)]
