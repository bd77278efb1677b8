"""Fusion: overlay values at base voxel centres equal the analytic overlay there."""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pytest

from rendering.fusion import (alignment, fuse, fused_plane, inside_mask, pet_mip, pet_window, resample_onto,
                              suv_factor)
from rendering.planes import SlicePlane, rotation_matrix
from rendering.colormaps import colormap
from tests.rendering.analytic import affine_from, analytic_volume, blobs
from workstation.model import SuvParameters, VoiFunction, Volume, Window

FOR = "1.2.826.0.1.3680043.8.498.1"
SLOPE = 0.25


def linear_activity(xyz: np.ndarray) -> np.ndarray:
    """Trilinear interpolation reproduces a linear field exactly: a sharp test of geometry."""
    return 2000.0 + 6.0 * xyz[..., 0] - 4.0 * xyz[..., 1] + 3.0 * xyz[..., 2]


def _pet(values, frame_of_reference: str = FOR) -> Volume:
    """PET on a coarse oblique grid; stored = activity / SLOPE."""
    affine = affine_from(rotation_matrix((1.0, 0.2, 0.4), 12.0), (4.0, 4.0, 3.27), (0.0, 0.0, 0.0))
    affine[:3, 3] = -affine[:3, :3] @ np.array([15.0, 15.0, 15.0])
    return analytic_volume((31, 31, 31), affine, lambda xyz: values(xyz) / SLOPE, modality="PT",
                           rescale_slope=SLOPE, units="BQML", frame_of_reference_uid=frame_of_reference)


def _ct(frame_of_reference: str = FOR) -> Volume:
    affine = affine_from(np.eye(3), (1.5, 1.5, 2.0), (-30.0, -33.0, -28.0))
    return Volume(np.zeros((29, 45, 41), np.int16), affine, modality="CT", frame_of_reference_uid=frame_of_reference)


def test_resampled_pet_equals_the_analytic_activity_at_ct_voxel_centres():
    ct, pet = _ct(), _pet(linear_activity)
    values, warning = resample_onto(pet, ct)
    assert warning is None and values.dtype == np.float32 and values.shape == ct.shape
    nz, ny, nx = ct.shape
    k, j, i = np.meshgrid(np.arange(nz), np.arange(ny), np.arange(nx), indexing="ij")
    xyz = ct.index_to_patient(np.stack([i, j, k], axis=-1))
    inside = np.isfinite(values)
    assert inside.mean() > 0.5  # the PET grid covers most of the CT
    # stored values were rounded to integers: at most half a stored unit of error
    error = np.abs(values[inside] - linear_activity(xyz[inside]))
    assert error.max() <= 0.5 * SLOPE + 1e-3
    # outside the PET field of view there is no value
    ijk = pet.patient_to_index(xyz[~inside])
    assert ((ijk < -0.5) | (ijk > 30.5)).any(axis=-1).all()


def test_resampled_blob_peaks_where_it_is_in_the_patient():
    centre = (6.0, -9.0, 4.0)
    ct, pet = _ct(), _pet(blobs([centre], sigma=8.0, peak=5000.0))
    values, _ = resample_onto(pet, ct, "cubic")
    k, j, i = np.unravel_index(np.nanargmax(values), values.shape)
    np.testing.assert_allclose(ct.index_to_patient((i, j, k)), centre, atol=1.6)
    assert np.nanmax(values) == pytest.approx(5000.0, rel=0.05)


def test_different_frames_of_reference_align_centres_with_a_warning():
    ct, pet = _ct(), _pet(linear_activity, frame_of_reference="9.9.9")
    align = alignment(pet, ct)
    assert "Frames of Reference" in align.warning
    values, warning = resample_onto(pet, ct, "nearest")
    assert warning == align.warning and np.isfinite(values).mean() > 0.5


def test_suv_factor_and_pet_window():
    suv = SuvParameters("BQML", "START", 370e6, 6586.2, datetime(2024, 1, 1, 10), datetime(2024, 1, 1, 11), 70.0)
    pet = _pet(linear_activity)
    with pytest.raises(ValueError, match="SUV"):
        suv_factor(pet)
    pet.suv = suv
    assert suv_factor(pet) == pytest.approx(suv.suv_bw_factor())
    w = pet_window(pet)
    assert w.function is VoiFunction.LINEAR_EXACT
    assert (w.center + w.width / 2) * suv_factor(pet) == pytest.approx(10.0)


def test_fuse_blends_with_opacity_and_leaves_no_data_alone():
    base = np.full((2, 3), 100, np.uint8)
    overlay = np.array([[0.0, 5.0, 10.0], [np.nan, 10.0, 1.0]])
    window = Window(5.0, 10.0, function=VoiFunction.LINEAR_EXACT)
    out = fuse(base, overlay, "hot_iron", window, opacity=0.5, transparent_below=2.0)
    hot = colormap("hot_iron")
    np.testing.assert_array_equal(out[0, 2], np.rint(100 * 0.5 + hot[255] * 0.5))
    np.testing.assert_array_equal(out[0, 1], np.rint(100 * 0.5 + hot[128] * 0.5))
    np.testing.assert_array_equal(out[1, 0], (100, 100, 100))  # NaN: no PET here
    np.testing.assert_array_equal(out[0, 0], (100, 100, 100))  # below the threshold
    with pytest.raises(ValueError):
        fuse(base, overlay[:, :2], "pet", window)
    # the base in a colour map of its own (the reader's choice), blended the same way
    rainbow = colormap("rainbow")
    out = fuse(np.array([[0, 255]], np.uint8), np.array([[10.0, np.nan]]), "hot_iron", window, opacity=0.25,
               base_colormap="rainbow")
    np.testing.assert_array_equal(out[0, 0], np.rint(rainbow[0] * 0.75 + hot[255] * 0.25))
    np.testing.assert_array_equal(out[0, 1], rainbow[255])


def test_fused_plane_shows_the_overlay_where_it_is_and_base_elsewhere():
    ct, pet = _ct(), _pet(blobs([(6.0, -9.0, 4.0)], sigma=6.0, peak=5000.0))
    # a coronal plane through the blob, 200 mm wide: larger than the PET field of view
    plane = SlicePlane((-100.0, -9.0, 100.0), (1, 0, 0), (0, 0, -1), (2.0, 2.0), (101, 101))
    rgb = fused_plane(ct, pet, plane, Window(40, 400), Window(2500, 5000, function=VoiFunction.LINEAR_EXACT),
                      "hot_iron", opacity=0.6)
    assert rgb.shape == plane.shape + (3,)
    u, v = np.round(plane.to_pixel((6.0, -9.0, 4.0))[:2]).astype(int)
    assert rgb[v, u, 0] > 180 and rgb[v, u, 0] > rgb[v, u, 2] + 50  # 0.4 * grey + 0.6 * hot iron near its top
    grey = round(((0 - 39.5) / 399 + 0.5) * 255)  # CT is 0 HU everywhere (and its minimum outside)
    np.testing.assert_array_equal(rgb[0, 0], (grey, grey, grey))  # outside the PET: base only


def test_inside_mask_is_the_pixels_whose_centre_is_within_the_voxel_extent():
    """The mask computed row-plus-column in index space equals the definition: each pixel
    centre mapped to the patient, then to the (oblique) PET's index space, within -0.5..n-0.5."""
    pet = _pet(lambda xyz: np.zeros(xyz.shape[:-1]))
    plane = SlicePlane((-90.0, -70.0, 60.0), (0.9, 0.3, 0.1), (0.1, -0.2, -0.97), (1.7, 1.3), (97, 121))
    v, u = np.mgrid[0:plane.shape[0], 0:plane.shape[1]]
    ijk = pet.patient_to_index(plane.to_patient(np.stack([u, v], axis=-1)))
    nz, ny, nx = pet.shape
    expected = ((ijk > -0.5) & (ijk < np.array([nx, ny, nz]) - 0.5)).all(axis=-1)
    mask = inside_mask(pet, plane)
    assert 0 < expected.sum() < expected.size  # the plane crosses the field of view's edge
    assert np.array_equal(mask, expected)


def test_pet_mip_is_black_on_white():
    pet = _pet(blobs([(0.0, 0.0, 0.0)], sigma=6.0, peak=5000.0))
    frames = pet_mip(pet, n_frames=2)
    assert frames.dtype == np.uint8 and frames.shape[0] == 2
    assert frames[0].min() < 20 and np.median(frames[0]) > 200
