"""MPR and slabs against numpy slicing and against the analytic positions of blobs."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from rendering.planes import SlicePlane, rotation_matrix, standard_plane, standard_planes
from rendering.reslice import reslice, rotating_mip, slab_sampling
from tests.rendering.analytic import BLOB_CENTRES, affine_from, analytic_volume, blobs
from workstation.model import OperationCancelled, Volume


def test_standard_reslices_equal_numpy_slicing(axis_aligned_volume):
    vol = axis_aligned_volume
    nz, ny, nx = vol.shape
    k, j, i = 7, 11, 20
    centre = vol.index_to_patient((i, j, k))
    planes = standard_planes(vol, centre)
    np.testing.assert_array_equal(reslice(vol, planes["axial"], "nearest"), vol.pixels[k])
    # coronal and sagittal: screen down is patient feet, i.e. decreasing slice index here
    np.testing.assert_array_equal(reslice(vol, planes["coronal"], "nearest"), vol.pixels[::-1, j, :])
    np.testing.assert_array_equal(reslice(vol, planes["sagittal"], "nearest"), vol.pixels[::-1, :, i])
    # linear interpolation at voxel centres is the voxel value too
    np.testing.assert_array_equal(reslice(vol, planes["axial"], "linear"), vol.pixels[k])
    assert reslice(vol, planes["axial"]).dtype == np.int16


def test_outside_the_volume_is_the_volume_minimum(axis_aligned_volume):
    vol = axis_aligned_volume
    plane = standard_plane(vol, "axial").shifted(500.0)
    out = reslice(vol, plane)
    assert (out == vol.pixels.min()).all()


def _centroid_patient(image: np.ndarray, plane: SlicePlane, near: np.ndarray, radius_mm: float = 9.0) -> np.ndarray:
    """Intensity centroid (in LPS) of the blob whose centre projects near ``near``."""
    v, u = np.mgrid[0:image.shape[0], 0:image.shape[1]]
    xyz = plane.to_patient(np.stack([u, v], axis=-1))
    weights = np.where(np.linalg.norm(xyz - near, axis=-1) < radius_mm, image.astype(float), 0.0)
    weights = np.clip(weights - 50.0, 0.0, None)  # drop the other blob's faint tail
    uv = np.array([(weights * u).sum(), (weights * v).sum()]) / weights.sum()
    return plane.to_patient(uv)


@pytest.mark.parametrize("fixture", ["oblique_volume", "tilted_volume"])
def test_mpr_places_blob_centres_at_their_patient_coordinates(fixture, request):
    vol = request.getfixturevalue(fixture)
    voxel = float(vol.spacing.min())
    for centre in BLOB_CENTRES:
        centre = np.asarray(centre)
        for name, plane in standard_planes(vol, centre).items():
            found = _centroid_patient(reslice(vol, plane, "linear"), plane, centre)
            in_plane = (found - centre) - np.dot(found - centre, plane.normal) * plane.normal
            assert np.linalg.norm(in_plane) < 0.5 * voxel, (fixture, name, centre, found)


def test_ignoring_the_shear_would_misplace_the_blobs(tilted_volume):
    """Guards the test above: an unsheared affine puts blobs far more than half a voxel off."""
    vol = tilted_volume
    unsheared = vol.affine.copy()
    unsheared[:3, 2] = np.linalg.norm(unsheared[:3, 2]) * vol.slice_normal
    wrong = Volume(vol.pixels, unsheared)
    centre = np.asarray(BLOB_CENTRES[0])
    plane = standard_plane(wrong, "sagittal", centre)
    found = _centroid_patient(reslice(wrong, plane), plane, centre, radius_mm=15.0)
    assert np.linalg.norm(found - centre) > 1.0


def test_oblique_plane_through_a_blob_is_brightest_at_it(oblique_volume):
    vol = oblique_volume
    centre = np.asarray(BLOB_CENTRES[1])
    plane = standard_plane(vol, "axial", centre).rotated((1, 1, 0), 35.0, about=centre)
    image = reslice(vol, plane, "cubic")
    found = _centroid_patient(image, plane, centre)
    assert np.linalg.norm(found - centre) < 0.5 * vol.spacing.min()
    assert image.max() > 950  # the plane passes through the peak (1000 at the centre)


def test_axial_slab_equals_numpy_over_the_same_slices(axis_aligned_volume):
    vol = axis_aligned_volume
    k = 10
    plane = standard_plane(vol, "axial", vol.index_to_patient((0, 0, k)))
    assert slab_sampling(vol, plane, 5 * 2.5) == (5, pytest.approx(2.5))
    block = vol.pixels[k - 2:k + 3]
    np.testing.assert_array_equal(reslice(vol, plane, "nearest", 12.5, "mip"), block.max(0))
    np.testing.assert_array_equal(reslice(vol, plane, "linear", 12.5, "minip"), block.min(0))
    mean = reslice(vol, plane, "nearest", 12.5, "avg").astype(float)
    assert np.abs(mean - block.mean(0)).max() <= 0.5 + 1e-9


def test_coronal_slab_equals_numpy_over_the_same_rows(axis_aligned_volume):
    vol = axis_aligned_volume
    j = 12
    plane = standard_plane(vol, "coronal", vol.index_to_patient((0, j, 0)))
    out = reslice(vol, plane, "nearest", 3 * 0.8, "mip")
    np.testing.assert_array_equal(out, vol.pixels[::-1, j - 1:j + 2, :].max(1))


def test_coarse_slab_repeats_block_centre_samples_over_each_block(axis_aligned_volume):
    vol = axis_aligned_volume
    k = 10
    plane = standard_plane(vol, "axial", vol.index_to_patient((0, 0, k)))
    coarse = plane.coarsened(3)
    assert coarse.size == (12, 10) and coarse.spacing == pytest.approx((2.1, 2.4))
    # coarse pixel (i, j) sits on the centre of full pixels 3i..3i+2, 3j..3j+2
    np.testing.assert_allclose(coarse.to_patient((2, 5)), plane.to_patient((7, 16)))
    out = reslice(vol, plane, "nearest", 12.5, "mip", coarse=3)
    assert out.shape == plane.shape and out.dtype == vol.pixels.dtype
    mip = vol.pixels[k - 2:k + 3].max(0)
    h, w = (n // 3 * 3 for n in plane.shape)  # whole blocks; the last one hangs over the edge
    expected = np.repeat(np.repeat(mip[1::3, 1::3], 3, axis=0), 3, axis=1)[:h, :w]
    np.testing.assert_array_equal(out[:h, :w], expected)
    np.testing.assert_array_equal(reslice(vol, plane, "nearest", 12.5, "mip", coarse=1), mip)


def test_oblique_slab_mip_equals_brute_force_nearest_sampling(axis_aligned_volume):
    vol = axis_aligned_volume
    centre = vol.index_to_patient((17.2, 14.6, 10.3))
    plane = standard_plane(vol, "axial", centre).rotated((1.0, 0.4, 0.2), 23.0, about=centre)
    slab = 9.0
    n, step = slab_sampling(vol, plane, slab)
    out = reslice(vol, plane, "nearest", slab, "mip")
    v, u = np.mgrid[0:plane.shape[0], 0:plane.shape[1]]
    expected = np.full(plane.shape, np.iinfo(np.int16).min, dtype=np.int16)
    nz, ny, nx = vol.shape
    for s in range(n):
        offset = (s - (n - 1) / 2.0) * step
        xyz = plane.to_patient(np.stack([u, v], axis=-1)) + offset * plane.normal
        ijk = np.floor(vol.patient_to_index(xyz) + 0.5).astype(int)
        inside = ((ijk >= 0) & (ijk < (nx, ny, nz))).all(axis=-1)
        value = np.full(plane.shape, vol.pixels.min(), dtype=np.int16)
        value[inside] = vol.pixels[ijk[inside][:, 2], ijk[inside][:, 1], ijk[inside][:, 0]]
        expected = np.maximum(expected, value)
    # VTK clamps points within half a voxel outside the border: compare the interior only
    assert np.mean(out == expected) > 0.97
    interior = (out != vol.pixels.min()) & (expected != vol.pixels.min())
    assert np.mean(out[interior] == expected[interior]) > 0.999


def test_colour_volumes_reslice_per_channel():
    rgb = np.zeros((3, 4, 5, 3), dtype=np.uint8)
    rgb[1, 2, 3] = (10, 20, 30)
    vol = Volume(rgb, np.eye(4), photometric="RGB")
    out = reslice(vol, standard_plane(vol, "axial", (3, 2, 1)), "nearest")
    assert out.shape == (4, 5, 3)
    np.testing.assert_array_equal(out[2, 3], (10, 20, 30))


def test_rotating_mip_turns_the_patient_about_head_feet():
    affine = affine_from(np.eye(3), (2.0, 2.0, 2.0), (-40.0, -40.0, -30.0))
    vol = analytic_volume((31, 41, 41), affine, blobs([(24.0, 0.0, 0.0)], sigma=3.0))
    frames = rotating_mip(vol, n_frames=4)
    assert frames.shape[0] == 4 and frames.shape[1] == frames.shape[2]
    centre_u = (frames.shape[2] - 1) / 2.0

    def blob_u(frame):
        return np.unravel_index(np.argmax(frame), frame.shape)[1] - centre_u

    step = 2.0
    assert blob_u(frames[0]) * step == pytest.approx(24.0, abs=2.0)  # coronal: patient left on screen right
    assert blob_u(frames[1]) * step == pytest.approx(0.0, abs=2.0)  # seen from the left side
    assert blob_u(frames[2]) * step == pytest.approx(-24.0, abs=2.0)  # seen from behind
    assert frames[0].max() > 950


def test_rotating_mip_reports_progress_and_cancels(axis_aligned_volume):
    calls = []
    rotating_mip(axis_aligned_volume, 3, progress=lambda done, total, what: calls.append((done, total)))
    assert calls == [(1, 3), (2, 3), (3, 3)]
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(OperationCancelled):
        rotating_mip(axis_aligned_volume, 3, cancel=cancel)


def test_progressive_loading_is_seen_by_the_next_reslice():
    pixels = np.zeros((4, 5, 6), dtype=np.int16)
    vol = Volume(pixels, np.eye(4))
    plane = standard_plane(vol, "axial", (0, 0, 2))
    vol.mark_loaded(0)
    assert reslice(vol, plane, "nearest").max() == 0
    pixels[2] = 77
    vol.mark_loaded(2)
    assert (reslice(vol, plane, "nearest") == 77).all()


def test_rotation_matrix_is_right_handed():
    np.testing.assert_allclose(rotation_matrix((0, 0, 1), 90) @ (1, 0, 0), (0, 1, 0), atol=1e-12)
