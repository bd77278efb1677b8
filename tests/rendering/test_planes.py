"""Standard and oblique planes: radiological directions, labels, extents."""

from __future__ import annotations

import numpy as np
import pytest

from rendering.planes import SlicePlane, fit_plane, rotation_matrix, slice_positions, spacing_along, standard_planes
from workstation.model import orientation_label


def test_standard_planes_are_radiological(axis_aligned_volume):
    planes = standard_planes(axis_aligned_volume)
    expected = {
        "axial": {"right": "L", "left": "R", "top": "A", "bottom": "P"},
        "coronal": {"right": "L", "left": "R", "top": "H", "bottom": "F"},
        "sagittal": {"right": "P", "left": "A", "top": "H", "bottom": "F"},
    }
    for name, labels in expected.items():
        assert planes[name].labels() == labels, name
    # the viewer looks along the normal: from the feet, from the front, from the patient's left
    assert orientation_label(planes["axial"].normal) == "H"
    assert orientation_label(planes["coronal"].normal) == "P"
    assert orientation_label(planes["sagittal"].normal) == "R"


def test_standard_plane_labels_agree_with_the_volume_labels(axis_aligned_volume):
    vol = axis_aligned_volume
    axial = standard_planes(vol)["axial"]
    # for an axis-aligned volume the native image is the axial plane
    assert axial.labels()["right"] == vol.label_for((1, 0, 0))
    assert axial.labels()["bottom"] == vol.label_for((0, 1, 0))


def test_axis_aligned_planes_cover_the_volume_at_native_spacing(axis_aligned_volume):
    vol = axis_aligned_volume
    planes = standard_planes(vol)
    assert planes["axial"].size == (34, 30) and planes["axial"].spacing == pytest.approx((0.7, 0.8))
    assert planes["coronal"].size == (34, 21) and planes["coronal"].spacing == pytest.approx((0.7, 2.5))
    assert planes["sagittal"].size == (30, 21) and planes["sagittal"].spacing == pytest.approx((0.8, 2.5))
    # pixel (0, 0) of the axial plane is the first voxel's centre
    np.testing.assert_allclose(planes["axial"].origin[:2], vol.affine[:2, 3])


def test_oblique_plane_rotates_about_the_crosshair(axis_aligned_volume):
    vol = axis_aligned_volume
    cross = np.array([1.0, 2.0, 3.0])
    axial = standard_planes(vol, cross)["axial"]
    oblique = axial.rotated((0, 1, 0), 30.0, about=cross)
    assert abs(oblique.to_pixel(cross)[2]) < 1e-9  # the crosshair stays in the plane
    np.testing.assert_allclose(oblique.normal, rotation_matrix((0, 1, 0), 30.0) @ axial.normal)
    assert oblique.labels()["right"] == "LF"  # rotated 30 degrees: left and a little feet-ward
    refit = fit_plane(vol, oblique.row, oblique.column, cross)
    uvw = refit.to_pixel(cross)
    assert uvw[2] == pytest.approx(0) and uvw[0] == pytest.approx(round(uvw[0]))


def test_plane_pixel_and_patient_round_trip():
    plane = SlicePlane((1, 2, 3), (0, 1, 0), (0, 0, -1), (0.5, 2.0), (10, 20))
    xyz = plane.to_patient((4.0, 7.0))
    np.testing.assert_allclose(xyz, (1, 2 + 4 * 0.5, 3 - 7 * 2.0))
    np.testing.assert_allclose(plane.to_pixel(xyz), (4, 7, 0), atol=1e-12)
    assert plane.shape == (20, 10)
    np.testing.assert_allclose(plane.shifted(5).origin, (1 - 5, 2, 3))  # normal = +y x -z = -x
    np.testing.assert_allclose(plane.through((9, 9, 9)).to_pixel((9, 9, 9))[2], 0, atol=1e-12)


def test_column_is_made_orthogonal_and_bad_planes_are_rejected():
    plane = SlicePlane((0, 0, 0), (1, 0, 0), (1, 1, 0), (1, 1), (2, 2))
    np.testing.assert_allclose(plane.column, (0, 1, 0))
    with pytest.raises(ValueError):
        SlicePlane((0, 0, 0), (1, 0, 0), (2, 0, 0), (1, 1), (2, 2))
    with pytest.raises(ValueError):
        SlicePlane((0, 0, 0), (1, 0, 0), (0, 1, 0), (0, 1), (2, 2))


def test_spacing_along_and_slice_positions(axis_aligned_volume, tilted_volume):
    vol = axis_aligned_volume
    assert spacing_along(vol, (0, 0, 1)) == pytest.approx(2.5)
    axial = standard_planes(vol)["axial"]
    positions = slice_positions(vol, axial)
    assert len(positions) == 21 and positions[1] - positions[0] == pytest.approx(2.5)
    assert 0.0 in np.round(positions, 9)
    # tilted stack: moving 1.5 mm along z (table travel) advances exactly one slice index
    assert spacing_along(tilted_volume, (0, 0, 1)) == pytest.approx(1.5)
