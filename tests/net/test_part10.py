"""The structural check that keeps truncated or garbled received data out of the store."""

from __future__ import annotations

import pytest
from pydicom.data import get_testdata_file

from workstation.net._association import file_meta_bytes
from workstation.net._part10 import inspect_part10

FILES = ["CT_small.dcm", "MR_small_implicit.dcm", "JPEG2000.dcm", "SC_rgb_rle.dcm", "image_dfl.dcm",
         "emri_small_jpeg_2k_lossless.dcm", "rtplan.dcm", "waveform_ecg.dcm", "JPEG-LL.dcm"]


@pytest.mark.parametrize("name", FILES)
def test_complete_files_pass_and_give_their_uids(name):
    import pydicom

    path = get_testdata_file(name)
    data = open(path, "rb").read()
    found = inspect_part10(data)
    ds = pydicom.dcmread(path, stop_before_pixels=True)
    assert found.problem == ""
    assert found.uid("sop_instance_uid") == ds.SOPInstanceUID
    assert found.uid("study_instance_uid") == ds.StudyInstanceUID
    assert found.transfer_syntax_uid == ds.file_meta.TransferSyntaxUID


@pytest.mark.parametrize("name", [n for n in FILES if n != "image_dfl.dcm"])
def test_truncated_files_are_caught(name):
    data = open(get_testdata_file(name), "rb").read()
    for cut in (1, 7):
        assert inspect_part10(data[:-cut]).problem, f"{name} cut by {cut} bytes passed"


def test_image_cut_before_its_pixel_data_is_caught():
    import io

    import pydicom

    ds = pydicom.dcmread(get_testdata_file("CT_small.dcm"))
    del ds.PixelData
    buffer = io.BytesIO()
    ds.save_as(buffer, enforce_file_format=True)
    assert "without Pixel Data" in inspect_part10(buffer.getvalue()).problem


def test_garbage_after_valid_meta_is_caught():
    meta = file_meta_bytes("1.2.840.10008.5.1.4.1.1.2", "1.2.3.4", "1.2.840.10008.1.2.1")
    assert "invalid VR" in inspect_part10(meta + b"\x08\x00\x18\x00\xff\xfe" + b"junk" * 50).problem
    assert inspect_part10(b"not dicom at all").problem.startswith("no DICM")
