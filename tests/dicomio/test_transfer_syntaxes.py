"""Every transfer syntax in pydicom's test data and pydicom-data decodes to the right pixels.

References are the package's own uncompressed twins where it ships them, and otherwise
DCMTK's decoders (dcmdjpeg, dcmdjpls, dcmdrle, dcmconv): a decoder nobody here wrote.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pydicom
import pytest

from tests.conftest import require_executable
from tests.testdata import all_files, data_file
from workstation.dicomio import SeriesLoader, read_header, transfer_syntax_of
from workstation.model import Volume


def load(path: str | Path) -> Volume:
    loader = SeriesLoader.from_paths([path])
    assert loader.volumes, f"no image in {path}"
    loader.decode()
    volume = loader.volumes[0]
    assert not volume.failed, volume.failed
    return volume


data = data_file


# (compressed or re-encoded file, its reference, max abs difference allowed)
TWINS = [
    ("MR_small_implicit.dcm", "MR_small.dcm", 0),
    ("MR_small_bigendian.dcm", "MR_small.dcm", 0),
    ("MR_small_expb.dcm", "MR_small.dcm", 0),
    ("MR_small_RLE.dcm", "MR_small.dcm", 0),
    ("MR_small_jp2klossless.dcm", "MR_small.dcm", 0),
    ("MR_small_jpeg_ls_lossless.dcm", "MR_small.dcm", 0),
    ("emri_small_RLE.dcm", "emri_small.dcm", 0),
    ("emri_small_big_endian.dcm", "emri_small.dcm", 0),
    ("emri_small_jpeg_2k_lossless.dcm", "emri_small.dcm", 0),
    ("emri_small_jpeg_ls_lossless.dcm", "emri_small.dcm", 0),
    ("SC_rgb_rle.dcm", "SC_rgb.dcm", 0),
    ("SC_rgb_expb.dcm", "SC_rgb.dcm", 0),
    ("SC_rgb_rle_16bit.dcm", "SC_rgb_16bit.dcm", 0),
    ("SC_rgb_expb_16bit.dcm", "SC_rgb_16bit.dcm", 0),
    ("SC_rgb_rle_32bit.dcm", "SC_rgb_32bit.dcm", 0),
    ("SC_rgb_expb_32bit.dcm", "SC_rgb_32bit.dcm", 0),
    ("SC_rgb_rle_2frame.dcm", "SC_rgb_2frame.dcm", 0),
    ("SC_rgb_expb_2frame.dcm", "SC_rgb_2frame.dcm", 0),
    ("OBXXXX1A_rle.dcm", "OBXXXX1A.dcm", 0),
    ("OBXXXX1A_expb.dcm", "OBXXXX1A.dcm", 0),
    ("OBXXXX1A_rle_2frame.dcm", "OBXXXX1A_2frame.dcm", 0),
    ("OBXXXX1A_expb_2frame.dcm", "OBXXXX1A_2frame.dcm", 0),
    ("rtdose_rle.dcm", "rtdose.dcm", 0),
    ("rtdose_expb.dcm", "rtdose.dcm", 0),
    ("liver_expb.dcm", "liver.dcm", 0),
    ("gdcm-US-ALOKA-16_big.dcm", "gdcm-US-ALOKA-16.dcm", 0),
    ("US1_J2KR.dcm", "US1_UNCR.dcm", 0),
    ("RG1_J2KR.dcm", "RG1_UNCR.dcm", 0),
    ("RG3_J2KR.dcm", "RG3_UNCR.dcm", 0),
    ("MR2_J2KR.dcm", "MR2_UNCR.dcm", 0),
    ("693_J2KR.dcm", "693_UNCR.dcm", 0),
    # lossy JPEG 2000 against the uncompressed original: small error, same image
    ("US1_J2KI.dcm", "US1_UNCI.dcm", 40),
    ("RG1_J2KI.dcm", "RG1_UNCI.dcm", 300),
    ("MR2_J2KI.dcm", "MR2_UNCI.dcm", 200),
]


@pytest.mark.parametrize("name, reference, tolerance", TWINS, ids=[t[0] for t in TWINS])
def test_decoded_pixels_equal_the_uncompressed_twin(name, reference, tolerance):
    got, want = load(data(name)), load(data(reference))
    assert got.shape == want.shape
    assert got.pixels.shape == want.pixels.shape
    diff = np.abs(got.pixels.astype(np.int64) - want.pixels.astype(np.int64))
    assert diff.max() <= tolerance
    if tolerance:
        assert diff.mean() < tolerance / 10, "lossy decode should be close on average"


# DCMTK tool that decodes each syntax family to Explicit VR Little Endian.
DCMTK_DECODER = {
    "1.2.840.10008.1.2.4.50": "dcmdjpeg",
    "1.2.840.10008.1.2.4.51": "dcmdjpeg",
    "1.2.840.10008.1.2.4.57": "dcmdjpeg",
    "1.2.840.10008.1.2.4.70": "dcmdjpeg",
    "1.2.840.10008.1.2.4.80": "dcmdjpls",
    "1.2.840.10008.1.2.4.81": "dcmdjpls",
    "1.2.840.10008.1.2.5": "dcmdrle",
    "1.2.840.10008.1.2.1.99": "dcmconv",
}
# malformed on purpose in pydicom's test data (mixed implicit/explicit VR): DCMTK refuses
# to parse it; test_every_image_file_decodes still covers it
DCMTK_UNREADABLE = {"SC_rgb_jpeg.dcm"}
LOSSY = {"1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51", "1.2.840.10008.1.2.4.81"}


def _dcmtk_candidates() -> list[str]:
    found = []
    for path in all_files():
        try:
            ds = read_header(path)
        except Exception:
            continue
        if "PixelData" in ds and transfer_syntax_of(ds) in DCMTK_DECODER and Path(path).name not in DCMTK_UNREADABLE:
            found.append(path)
    return found


BROKEN = {
    # pydicom's own deliberately damaged files: must fail with a reason, not crash
    "JPEG2000-embedded-sequence-delimiter.dcm",
}


@pytest.mark.parametrize("path", _dcmtk_candidates(), ids=lambda p: Path(p).name)
def test_compressed_pixels_match_dcmtk(path, tmp_path):
    ts = transfer_syntax_of(read_header(path))
    tool = require_executable(DCMTK_DECODER[ts])
    out = tmp_path / "decoded.dcm"
    args = [tool, "+te", path, str(out)] if tool.endswith("dcmconv") else [tool, path, str(out)]
    done = subprocess.run(args, capture_output=True, text=True)
    if done.returncode != 0 or not out.exists():
        pytest.fail(f"DCMTK could not decode the reference: {done.stderr}")
    got, want = load(path), load(out)
    assert got.pixels.shape == want.pixels.shape
    diff = np.abs(got.pixels.astype(np.int64) - want.pixels.astype(np.int64))
    if ts in LOSSY:
        # Different IDCT/colour-conversion implementations differ by a few grey levels.
        assert diff.mean() < 2.0 and np.percentile(diff, 99) <= 8
    else:
        assert diff.max() == 0


def _all_image_files() -> list[str]:
    found = []
    for path in all_files():
        try:
            ds = read_header(path)
        except Exception:
            continue
        if "PixelData" in ds and Path(path).name not in BROKEN and "truncated" not in path:
            found.append(path)
    return found


def test_every_transfer_syntax_in_the_test_data_is_covered():
    syntaxes = {transfer_syntax_of(read_header(p)) for p in _all_image_files()}
    # what pydicom-data holds today; a new syntax there should get a twin/DCMTK check above
    expected = {
        "1.2.840.10008.1.2", "1.2.840.10008.1.2.1", "1.2.840.10008.1.2.2", "1.2.840.10008.1.2.1.99",
        "1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51", "1.2.840.10008.1.2.4.70",
        "1.2.840.10008.1.2.4.80", "1.2.840.10008.1.2.4.81", "1.2.840.10008.1.2.4.90", "1.2.840.10008.1.2.4.91",
        "1.2.840.10008.1.2.5",
    }
    assert expected <= syntaxes


@pytest.mark.parametrize("path", _all_image_files(), ids=lambda p: Path(p).name)
def test_every_image_file_decodes(path):
    volume = load(path)
    assert volume.loaded.all()
    if volume.is_colour:
        assert volume.pixels.dtype == np.uint8 and volume.pixels.shape[-1] == 3
    # a decoded image is not blank
    assert volume.pixels.max() > volume.pixels.min()


def test_damaged_jpeg2000_fails_with_a_reason_and_nothing_else_breaks():
    loader = SeriesLoader.from_paths([data("JPEG2000-embedded-sequence-delimiter.dcm")])
    loader.decode()
    volume = loader.volumes[0]
    assert set(volume.failed) == {0}
    assert "JPEG 2000" in volume.failed[0]


def test_truncated_pixel_data_is_reported():
    loader = SeriesLoader.from_paths([data("MR_truncated.dcm")])
    loader.decode()
    assert "truncated" in loader.volumes[0].failed[0]


def test_palette_colour_becomes_rgb():
    """A file without meta information (the encoding is inferred) with a 16-bit palette."""
    volume = load(data("OT-PAL-8-face.dcm"))
    ds = pydicom.dcmread(data("OT-PAL-8-face.dcm"), force=True)
    ds.file_meta.TransferSyntaxUID = pydicom.uid.ImplicitVRLittleEndian
    reference = pydicom.pixels.apply_color_lut(ds.pixel_array, ds)
    assert volume.is_colour
    np.testing.assert_array_equal(volume.pixels[0], (reference >> 8).astype(np.uint8))


def test_ybr_full_422_becomes_rgb():
    ybr, rgb = load(data("SC_ybr_full_422_uncompressed.dcm")), load(data("SC_rgb.dcm"))
    assert ybr.is_colour and ybr.photometric == "RGB"
    # the same picture: colours agree within YBR 4:2:2 subsampling error
    assert np.abs(ybr.pixels.astype(int) - rgb.pixels.astype(int)).mean() < 6
