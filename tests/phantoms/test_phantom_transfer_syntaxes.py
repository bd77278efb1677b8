"""Every transfer syntax a phantom can be written in round-trips its pixels exactly."""

from __future__ import annotations

import numpy as np
import pytest
from pydicom.uid import ExplicitVRLittleEndian, JPEG2000Lossless, JPEGLSLossless, RLELossless

from tests.phantoms.helpers import read, stored_slices
from workstation import phantoms as P


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> P.PhantomSeries:
    return P.write_ct(tmp_path_factory.mktemp("ts-ref"), shape=(3, 40, 48), spacing=(8.0, 6.0, 20.0))


@pytest.mark.parametrize("syntax", P.TRANSFER_SYNTAXES)
def test_signed_ct_round_trips_in_every_syntax(syntax, reference, tmp_path):
    series = P.write_ct(tmp_path, shape=(3, 40, 48), spacing=(8.0, 6.0, 20.0), transfer_syntax=syntax)
    assert series.transfer_syntax_uid == syntax
    for path in series.paths:
        assert read(path).file_meta.TransferSyntaxUID == syntax
    pixels = stored_slices(series.stack)
    assert pixels.dtype == np.int16
    np.testing.assert_array_equal(pixels, stored_slices(reference.stack))
    assert pixels.min() < 0 + 1024 < pixels.max()  # both air (24) and dense values (>1024) survive


@pytest.mark.parametrize("syntax", [ExplicitVRLittleEndian, JPEG2000Lossless, JPEGLSLossless, RLELossless])
def test_rgb_cine_round_trips(syntax, us_rgb, tmp_path):
    series = P.write_us_cine(tmp_path, rgb=True, series_number=2, transfer_syntax=syntax)
    assert read(series.paths[0]).file_meta.TransferSyntaxUID == syntax
    assert read(series.paths[0]).PhotometricInterpretation == series.photometric == (
        "YBR_RCT" if syntax == JPEG2000Lossless else "RGB")
    np.testing.assert_array_equal(read(series.paths[0]).pixel_array, read(us_rgb.paths[0]).pixel_array)


def test_multiframe_enhanced_ct_compresses_frame_by_frame(enhanced_ct, tmp_path):
    series = P.write_enhanced_ct(tmp_path, transfer_syntax=JPEGLSLossless)
    np.testing.assert_array_equal(stored_slices(series.stack), stored_slices(enhanced_ct.stack))
