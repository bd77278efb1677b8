"""High-Throughput JPEG 2000 (PS3.5 A.4.11) decodes through pylibjpeg-openjpeg.

pydicom-data has no HTJ2K file, so the codestream comes from OpenJPH's ``ojph_compress``
(Debian ``openjph-tools``): an encoder nobody here wrote.
"""

from __future__ import annotations

import subprocess

import numpy as np
import pydicom
from pydicom.encaps import encapsulate
from pydicom.uid import UID

from tests.conftest import require_executable
from tests.testdata import data_file
from workstation.dicomio import SeriesLoader

HTJ2K_LOSSLESS = UID("1.2.840.10008.1.2.4.201")


def test_htj2k_lossless_matches_the_original(tmp_path):
    tool = require_executable("ojph_compress")
    ds = pydicom.dcmread(data_file("emri_small.dcm"))
    original = ds.pixel_array[0].astype(np.uint16)
    rows, cols = original.shape
    pgm = tmp_path / "frame.pgm"
    pgm.write_bytes(f"P5\n{cols} {rows}\n65535\n".encode() + original.astype(">u2").tobytes())
    j2c = tmp_path / "frame.j2c"
    subprocess.run([tool, "-i", str(pgm), "-o", str(j2c), "-reversible", "true"], check=True, capture_output=True)

    ds.PixelData = encapsulate([j2c.read_bytes()])
    ds.NumberOfFrames = 1
    ds.BitsStored = 16
    ds.PixelRepresentation = 0
    ds.file_meta.TransferSyntaxUID = HTJ2K_LOSSLESS
    ds["PixelData"].VR = "OB"
    out = tmp_path / "htj2k.dcm"
    ds.save_as(out, enforce_file_format=True)

    loader = SeriesLoader.from_paths([out])
    loader.decode()
    volume = loader.volumes[0]
    assert not volume.failed
    np.testing.assert_array_equal(volume.pixels[0], original)
