"""Our hand-encoded bytes against pynetdicom's and pydicom's own encoders."""

from __future__ import annotations

import io

import pydicom
import pytest
from pynetdicom.dimse_messages import C_STORE_RSP
from pynetdicom.dimse_primitives import C_STORE

from workstation.net._association import file_meta_bytes, store_response_command


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
