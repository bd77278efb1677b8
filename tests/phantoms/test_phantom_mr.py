"""The MR phantom: sagittal uint16 signal without a Modality LUT."""

from __future__ import annotations

import numpy as np

from tests.phantoms.helpers import read, stored_slices, voxel_centres
from workstation import phantoms as P


def test_mr_header_and_stored_values(mr):
    ds = read(mr.paths[0])
    assert ds.Modality == "MR" and ds.SOPClassUID == "1.2.840.10008.5.1.4.1.1.4"
    assert "RescaleSlope" not in ds and "RescaleIntercept" not in ds
    assert (ds.PixelRepresentation, ds.BitsStored) == (0, 12)
    assert (ds.ScanningSequence, ds.MRAcquisitionType, float(ds.EchoTime)) == ("SE", "2D", 15.0)
    pixels = stored_slices(mr.stack)
    assert pixels.dtype == np.uint16 and pixels.max() < 2**12
    np.testing.assert_array_equal(pixels, mr.scene.sample(voxel_centres(mr.stack)))


def test_sagittal_stack_runs_from_the_patients_left_to_right(mr):
    """Sagittal rows go Posterior, columns Feet: the normal P x F points to the patient's Right (-x)."""
    assert mr.stack.orientation == P.SAGITTAL
    x = [float(read(p).ImagePositionPatient[0]) for p in mr.stack.slice_paths]
    assert np.all(np.diff(x) < 0)
    assert mr.shape[0] % 2 == 1 and x[mr.shape[0] // 2] == 0.0  # the mid-sagittal plane is a slice


def test_mr_left_marker_and_lesion_are_on_the_left(mr):
    values = stored_slices(mr.stack)
    points = voxel_centres(mr.stack)
    assert points[values == 1500][:, 0].min() > 40.0
    assert points[values == 1200][:, 0].min() > 15.0
