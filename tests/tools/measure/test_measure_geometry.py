"""ImageGeometry / ImageRef: pixel <-> patient mapping against the Volume affine."""

from __future__ import annotations

import numpy as np
import pytest

from tools.measure import ImageGeometry, ImageRef
from workstation.model import SpacingKind


@pytest.mark.parametrize("degrees", [0.0, 17.0, 45.0, 90.0])
def test_pixel_to_patient_matches_the_volume_affine(phantoms, degrees):
    tilt = phantoms.rotation((1, 1, 0), 25.0)
    affine = phantoms.make_affine((0.6, 0.9, 2.5), in_plane_degrees=degrees, tilt=tilt)
    volume = phantoms.make_volume(np.zeros((4, 8, 8), np.int16), affine)
    geometry = ImageGeometry.from_volume_slice(volume, 2)
    xy = np.random.default_rng(1).uniform(-5, 40, size=(20, 2))
    expected = volume.index_to_patient(np.column_stack([xy, np.full(20, 2.0)]))
    np.testing.assert_allclose(geometry.pixel_to_patient(xy), expected, atol=1e-9)
    np.testing.assert_allclose(geometry.patient_to_pixel(expected), xy, atol=1e-9)
    assert geometry.distance_from_plane(expected) == pytest.approx(np.zeros(20), abs=1e-9)


def test_distance_honours_anisotropic_spacing():
    geometry = ImageGeometry.from_plane((0, 0, 0), (1, 0, 0), (0, 1, 0), (0.5, 2.0))
    assert geometry.distance_mm((0, 0), (10, 0)) == pytest.approx(5.0)
    assert geometry.distance_mm((0, 0), (0, 10)) == pytest.approx(20.0)
    assert geometry.distance_mm((1, 1), (4, 5)) == pytest.approx(np.hypot(1.5, 8.0))
    assert geometry.pixel_area == pytest.approx(1.0)


def test_resliced_plane_from_plain_values_equals_the_volume_slice(phantoms):
    affine = phantoms.make_affine((0.8, 0.8, 1.0), in_plane_degrees=30.0)
    volume = phantoms.make_volume(np.zeros((3, 4, 4), np.int16), affine)
    from_volume = ImageGeometry.from_volume_slice(volume, 1)
    plane = ImageGeometry.from_plane(volume.index_to_patient((0, 0, 1)), affine[:3, 0] * 3.0,
                                     affine[:3, 1], 0.8)
    assert plane.spacing == (0.8, 0.8)
    np.testing.assert_allclose(plane.row_direction, from_volume.row_direction, atol=1e-12)
    assert plane.same_plane(from_volume)
    shifted = ImageGeometry.from_plane(volume.index_to_patient((0, 0, 2)), affine[:3, 0], affine[:3, 1], 0.8)
    assert not shifted.same_plane(from_volume)
    curved = ImageGeometry.from_plane(plane.origin, plane.row_direction, plane.column_direction, 0.8,
                                      SpacingKind.CURVED)  # a curved MPR's image: in no patient plane
    assert not curved.same_plane(from_volume) and not from_volume.same_plane(curved)
    assert curved.same_plane(ImageGeometry.from_plane(plane.origin, plane.row_direction, plane.column_direction,
                                                      0.5, SpacingKind.CURVED))  # the same curve's image again


@pytest.mark.parametrize("kwargs, message", [
    (dict(row_direction=(0, 0, 0)), "zero vector"),
    (dict(column_direction=(0.5, 1, 0)), "not perpendicular"),
    (dict(spacing=(0.5, -1.0)), "positive"),
    (dict(spacing=(0.5, float("nan"))), "positive"),
    (dict(origin=(0, 0)), "origin"),
    (dict(spacing_kind="furlongs"), "furlongs"),
])
def test_construction_with_bad_values(kwargs, message):
    values = dict(origin=(0, 0, 0), row_direction=(1, 0, 0), column_direction=(0, 1, 0), spacing=(1, 1))
    values.update(kwargs)
    with pytest.raises(ValueError, match=message):
        ImageGeometry(**values)


def test_unknown_spacing_measures_in_column_pixels_keeping_the_aspect_ratio(flat_volume):
    geometry = ImageGeometry.from_volume_slice(flat_volume(SpacingKind.UNKNOWN, spacing=(2.0, 3.0)), 0)
    assert geometry.spacing == (1.0, 1.5)
    assert (geometry.length_unit, geometry.area_unit, geometry.unit_note) == ("px", "px\u00b2", "")
    assert not geometry.has_patient_coordinates


def test_geometry_round_trips_through_a_dict():
    geometry = ImageGeometry.from_plane((1, 2, 3), (0, 1, 0), (0, 0, -1), (0.3, 0.4), SpacingKind.DETECTOR)
    assert ImageGeometry.from_dict(geometry.to_dict()) == geometry
    with pytest.raises(ValueError, match="lacks 'spacing'"):
        ImageGeometry.from_dict({k: v for k, v in geometry.to_dict().items() if k != "spacing"})


def test_image_ref_compares_on_instance_and_frame(phantoms):
    a = ImageRef("1.2.3", 2, series_instance_uid="9.9")
    assert a == ImageRef("1.2.3", 2) and a != ImageRef("1.2.3", 3)
    assert ImageRef.from_dict(a.to_dict()).series_instance_uid == "9.9"
    with pytest.raises(ValueError, match="frame_number"):
        ImageRef("1.2.3", 0)
    volume = phantoms.make_volume(np.zeros((2, 4, 4), np.int16), np.eye(4))
    ref = ImageRef.from_volume_slice(volume, 1)
    assert (ref.sop_instance_uid, ref.series_instance_uid) == (volume.frames[1].sop_instance_uid,
                                                               phantoms.series_uid)


def test_gantry_tilted_slices_keep_their_in_plane_geometry(phantoms):
    """A sheared affine (slice step not along the normal) moves the origin per slice only."""
    affine = phantoms.make_affine((0.5, 0.5, 1.25))
    affine[1, 2] = 1.25 * np.tan(np.radians(20.0))  # tilt: each slice shifts posteriorly
    volume = phantoms.make_volume(np.zeros((5, 8, 8), np.int16), affine)
    assert volume.tilt_degrees == pytest.approx(20.0)
    geometry = ImageGeometry.from_volume_slice(volume, 4)
    np.testing.assert_allclose(geometry.pixel_to_patient((3.0, 2.0)), volume.index_to_patient((3, 2, 4)))
    assert geometry.spacing == (0.5, 0.5) and geometry.distance_mm((0, 0), (0, 4)) == pytest.approx(2.0)
