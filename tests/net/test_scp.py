"""Our storage SCP with DCMTK storescu/echoscu as the senders, and senders that misbehave."""

from __future__ import annotations

import logging
import shutil

import pydicom
import pytest
from pydicom.data import get_testdata_file
from pynetdicom import AE
from pynetdicom.sop_class import CTImageStorage

from tests.conftest import require_executable
from tests.net.conftest import OUR_AET, stored_files, study_paths
from tests.peers import run_dcmtk
from workstation.net import LocalAE, StorageSCP


def _storescu(port: int, files, calling: str = "CT1", *extra: str):
    require_executable("storescu")
    return run_dcmtk("storescu", "-aet", calling, "-aec", OUR_AET, *extra, "127.0.0.1", str(port),
                     *[str(f) for f in files])


def test_storescu_to_our_scp(scp, store, studies):
    received, new_studies = [], []
    scp.instance_received.connect(received.append)
    scp.study_received.connect(new_studies.append)
    files = study_paths(studies["an_ct"])
    done = _storescu(scp.port, files)
    assert done.returncode == 0, done.stderr
    uid = studies["an_ct"][0].study_instance_uid
    assert len(store.study_instances(uid)) == 20 and len(received) == 20
    assert {a.status for a in received} == {"STORED"} and {a.source for a in received} == {"CT1"}
    assert [s.study_instance_uid for s in new_studies] == [uid]
    [listed] = scp.received_studies()
    assert listed.instances == 20 and listed.calling_ae == "CT1"
    original = pydicom.dcmread(files[0])
    [copy] = [i for i in store.study_instances(uid) if i.sop_instance_uid == original.SOPInstanceUID]
    assert open(copy.path, "rb").read()[132:] .find(original.PixelData) > 0


@pytest.mark.parametrize(("name", "propose"), [
    ("JPEG2000.dcm", "-xw"), ("SC_rgb_rle.dcm", "-xr"), ("JPEG-LL.dcm", "-xs"), ("SC_rgb_jpeg_dcmtk.dcm", "-xy"),
    ("JPEG-lossy.dcm", "-xx")])
def test_compressed_syntaxes_are_stored_as_sent(scp, store, tmp_path, name, propose):
    source = tmp_path / name
    shutil.copy(get_testdata_file(name), source)
    syntax = pydicom.dcmread(source).file_meta.TransferSyntaxUID
    done = _storescu(scp.port, [source], "CT1", "-R", propose)  # propose the file's syntax only
    assert done.returncode == 0, done.stderr
    uid = pydicom.dcmread(source).SOPInstanceUID
    assert store.has_instance(uid)
    [record] = [i for i in store.study_instances(pydicom.dcmread(source).StudyInstanceUID)
                if i.sop_instance_uid == uid]
    assert pydicom.dcmread(record.path).file_meta.TransferSyntaxUID == syntax


def test_unknown_calling_ae_is_rejected(store, scp_port):
    require_executable("echoscu")
    local = LocalAE(OUR_AET, port=scp_port, accept_unknown_callers=False)
    with StorageSCP(local, store, known_calling_aes=["CT1"]) as server:
        refused = run_dcmtk("echoscu", "-aet", "STRANGER", "-aec", OUR_AET, "127.0.0.1", str(server.port))
        allowed = run_dcmtk("echoscu", "-aet", "CT1", "-aec", OUR_AET, "127.0.0.1", str(server.port))
    assert refused.returncode != 0
    assert "Calling AE Title Not Recognized" in refused.stderr + refused.stdout
    assert allowed.returncode == 0, allowed.stderr


def test_wrong_called_ae_is_rejected(scp):
    require_executable("echoscu")
    done = run_dcmtk("echoscu", "-aet", "CT1", "-aec", "SOMEONE", "127.0.0.1", str(scp.port))
    assert done.returncode != 0 and "Called AE Title Not Recognized" in done.stderr + done.stdout


def _send_raw(port: int, path) -> int:
    """A buggy modality: pynetdicom streaming a file's bytes as they are (chunked send)."""
    ae = AE("BUGGY")
    ae.add_requested_context(CTImageStorage, ["1.2.840.10008.1.2.1"])
    assoc = ae.associate("127.0.0.1", port, ae_title=OUR_AET)
    assert assoc.is_established
    try:
        status = assoc.send_c_store(str(path))
        return int(status.Status)
    finally:
        assoc.release()


def test_corrupt_dataset_is_refused_logged_and_not_stored(scp, store, studies, tmp_path, caplog):
    good = studies["an_ct"][0].paths[0]
    data = open(good, "rb").read()
    broken = tmp_path / "broken.dcm"
    broken.write_bytes(data[:-5000])  # Pixel Data cut short
    before = stored_files(store)
    received = []
    scp.instance_received.connect(received.append)
    with caplog.at_level(logging.ERROR, logger="workstation.net.scp"):
        status = _send_raw(scp.port, broken)
    assert status == 0xC210
    assert not store.has_instance(pydicom.dcmread(good, stop_before_pixels=True).SOPInstanceUID)
    assert stored_files(store) == before, "nothing half-written"
    assert received[0].status == "FAILED" and "truncated" in received[0].reason
    assert any("truncated" in r.getMessage() for r in caplog.records)
    assert scp.received_studies() == []
    assert _send_raw(scp.port, good) == 0x0000, "the association and SCP still work"


def test_disk_full_answers_out_of_resources(scp, store, studies, fill_disk_after):
    fill_disk_after(0)
    before = stored_files(store)
    assert _send_raw(scp.port, studies["an_ct"][0].paths[0]) == 0xA700
    assert stored_files(store) == before


def test_binds_loopback_unless_told_otherwise(store):
    with StorageSCP(LocalAE(OUR_AET, port=0), store) as local_only:
        assert local_only.address == ("127.0.0.1", local_only.port) and local_only.port > 0
    with StorageSCP(LocalAE(OUR_AET, port=0, bind_all=True), store) as everyone:
        assert everyone.address[0] == "0.0.0.0"
