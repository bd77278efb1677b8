"""Lengths and angles against analytic phantoms drawn in patient space."""

from __future__ import annotations

import math

import numpy as np
import pytest

from tools.measure import (
    Angle,
    CardiothoracicRatio,
    Cobb,
    HeightDifference,
    ImageGeometry,
    Length,
    OpenAngle,
    Polyline,
    SliceImage,
)
from workstation.model import SpacingKind

RULER_MM = 40.0


def ruler_image(phantoms, spacing, degrees):
    """Two Gaussian markers RULER_MM apart along patient L-R, on a rotated acquisition."""
    shape, k = (128, 128), 0
    affine = phantoms.make_affine((*spacing, 1.0), in_plane_degrees=degrees)
    grid = phantoms.patient_grid(affine, shape, k)
    centre = grid[64, 64] + np.array([0.37, -0.21, 0.0])
    markers = [centre - [RULER_MM / 2, 0, 0], centre + [RULER_MM / 2, 0, 0]]
    image = sum(np.exp(-np.sum((grid - m) ** 2, axis=-1) / (2 * 1.5**2)) for m in markers)
    volume = phantoms.make_volume((image * 1000).astype(np.int16)[None], affine)
    return volume, markers


def find_markers(pixels, count=2):
    """Intensity-weighted centroids of the ``count`` brightest blobs, in pixel (x, y)."""
    found, work = [], pixels.astype(float).copy()
    rows, cols = np.mgrid[0:pixels.shape[0], 0:pixels.shape[1]]
    for _ in range(count):
        r, c = np.unravel_index(np.argmax(work), work.shape)
        window = (np.abs(rows - r) <= 8) & (np.abs(cols - c) <= 8)
        w = np.where(window, work, 0.0)
        found.append((float((w * cols).sum() / w.sum()), float((w * rows).sum() / w.sum())))
        work[window] = 0
    return found


@pytest.mark.parametrize("spacing", [(0.5, 0.5), (0.6, 0.9)])
@pytest.mark.parametrize("degrees", [0.0, 17.0, 45.0, 90.0])
def test_length_of_a_ruler_at_any_in_plane_orientation(phantoms, spacing, degrees):
    volume, _ = ruler_image(phantoms, spacing, degrees)
    p, q = find_markers(volume.pixels[0])
    length = Length.on(SliceImage.from_volume(volume, 0), [p, q])
    assert abs(length.length - RULER_MM) <= 0.5 * min(spacing)
    assert length.label() == f"Length {length.length:.1f} mm"


def test_anisotropic_spacing_is_not_averaged(phantoms):
    """The same pixel vector measures differently along rows and columns."""
    geometry = ImageGeometry.from_plane((0, 0, 0), (1, 0, 0), (0, 1, 0), (0.6, 0.9))
    assert Length.on(geometry, [(0, 0), (50, 0)]).length == pytest.approx(30.0)
    assert Length.on(geometry, [(0, 0), (0, 50)]).length == pytest.approx(45.0)


def plane_geometry(phantoms, degrees):
    affine = phantoms.make_affine((0.6, 0.9, 1.0), in_plane_degrees=degrees, tilt=phantoms.rotation((1, 0, 1), 30))
    return ImageGeometry.from_plane(affine[:3, 3], affine[:3, 0], affine[:3, 1], (0.6, 0.9))


def in_plane(geometry, centre_px, direction_degrees, length_mm):
    """Pixel coordinates of the point ``length_mm`` from ``centre_px`` at an in-plane angle
    measured in patient space from the row direction."""
    r, c = np.asarray(geometry.row_direction), np.asarray(geometry.column_direction)
    t = math.radians(direction_degrees)
    start = geometry.pixel_to_patient(centre_px)
    return tuple(geometry.patient_to_pixel(start + length_mm * (math.cos(t) * r + math.sin(t) * c)))


@pytest.mark.parametrize("degrees", [0.0, 17.0, 45.0, 90.0])
@pytest.mark.parametrize("true_angle", [37.0, 123.0, 90.0])
def test_three_point_angle_is_measured_in_patient_space(phantoms, degrees, true_angle):
    geometry = plane_geometry(phantoms, degrees)
    vertex = (60.0, 70.0)
    a, b = in_plane(geometry, vertex, 10.0, 30.0), in_plane(geometry, vertex, 10.0 + true_angle, 25.0)
    angle = Angle.on(geometry, [a, vertex, b])
    assert abs(angle.angle - true_angle) <= 0.5
    naive = math.degrees(abs(math.atan2(b[1] - vertex[1], b[0] - vertex[0]) - math.atan2(a[1] - vertex[1],
                                                                                          a[0] - vertex[0])))
    assert abs(min(naive, 360 - naive) - true_angle) > 1.0  # pixel space would be wrong here
    assert angle.label() == f"Angle {angle.angle:.1f}\u00b0"


def test_open_angle_uses_the_drawn_directions(phantoms):
    geometry = plane_geometry(phantoms, 17.0)
    p0, p1 = (10.0, 10.0), in_plane(geometry, (10.0, 10.0), 0.0, 20.0)
    p2, p3 = (40.0, 50.0), in_plane(geometry, (40.0, 50.0), 30.0, 20.0)
    assert OpenAngle.on(geometry, [p0, p1, p2, p3]).angle == pytest.approx(30.0, abs=1e-6)
    assert OpenAngle.on(geometry, [p0, p1, p3, p2]).angle == pytest.approx(150.0, abs=1e-6)


@pytest.mark.parametrize("first, second, expected", [(10.0, -15.0, 25.0), (10.0, 110.0, 80.0), (5.0, 5.0, 0.0)])
def test_cobb_angle_is_between_0_and_90_whatever_the_drawing_order(phantoms, first, second, expected):
    geometry = plane_geometry(phantoms, 45.0)
    line1 = [(20.0, 20.0), in_plane(geometry, (20.0, 20.0), first, 40.0)]
    line2 = [(30.0, 80.0), in_plane(geometry, (30.0, 80.0), second, 35.0)]
    for points in (line1 + line2, line1[::-1] + line2, line1 + line2[::-1]):
        assert Cobb.on(geometry, points).angle == pytest.approx(expected, abs=1e-6)
    assert Cobb.on(geometry, line1 + line2).label().startswith("Cobb ")


def test_angle_with_a_zero_length_arm_is_undefined():
    geometry = ImageGeometry.from_plane((0, 0, 0), (1, 0, 0), (0, 1, 0), 1.0)
    angle = Angle.on(geometry, [(1, 1), (1, 1), (5, 5)])
    assert math.isnan(angle.angle) and angle.label() == "Angle \u2014\u00b0"


def test_polyline_length_and_closed_perimeter():
    geometry = ImageGeometry.from_plane((0, 0, 0), (1, 0, 0), (0, 1, 0), (0.5, 2.0))
    square = [(0, 0), (10, 0), (10, 10), (0, 10)]
    assert Polyline.on(geometry, square).length == pytest.approx(5 + 20 + 5)
    closed = Polyline.on(geometry, square, closed=True)
    assert closed.length == pytest.approx(2 * (5 + 20))
    assert closed.label() == "Perimeter 50.0 mm"
    assert closed.appended((5, 5)).points[-1] == (5.0, 5.0)


def test_height_difference_counts_only_the_row_offset():
    geometry = ImageGeometry.from_plane((0, 0, 0), (1, 0, 0), (0, 1, 0), (0.2, 0.3))
    height = HeightDifference.on(geometry, [(5, 10), (40, 30)])
    assert height.height == pytest.approx(20 * 0.3)
    assert height.label() == "Height difference 6.0 mm"


def test_cardiothoracic_ratio_and_handles_stay_horizontal():
    geometry = ImageGeometry.from_plane((0, 0, 0), (1, 0, 0), (0, 1, 0), (0.15, 0.15), SpacingKind.DETECTOR)
    ctr = CardiothoracicRatio.on(geometry, [(100, 300), (240, 302), (50, 400), (500, 400)])
    assert ctr.heart_width == pytest.approx(140 * 0.15)
    assert ctr.ratio == pytest.approx(140 / 450)
    assert ctr.label() == "CTR 0.31 (heart 21.0 mm, thorax 67.5 mm, at detector)"
    moved = ctr.moved(2, (40, 420))
    assert moved.points[2:] == ((40.0, 420.0), (500.0, 420.0))
    assert moved.id == ctr.id and ctr.points[2] == (50.0, 400.0)


@pytest.mark.parametrize("kind, note", [(SpacingKind.DETECTOR, "at detector"),
                                        (SpacingKind.MAGNIFICATION_CORRECTED, "magnification corrected"),
                                        (SpacingKind.CALIBRATED, "calibrated")])
def test_projection_lengths_are_labelled_with_what_the_spacing_means(flat_volume, kind, note):
    imager_pixel_spacing, ermf = 0.143, 1.25
    spacing = imager_pixel_spacing / ermf if kind is SpacingKind.MAGNIFICATION_CORRECTED else imager_pixel_spacing
    image = SliceImage.from_volume(flat_volume(kind, spacing=(spacing, spacing)), 0)
    length = Length.on(image, [(0, 0), (0, 100)])
    assert length.length == pytest.approx(100 * spacing)
    assert length.label() == f"Length {100 * spacing:.1f} mm ({note})"
    assert Angle.on(image, [(1, 0), (0, 0), (0, 1)]).label() == "Angle 90.0\u00b0"  # angles need no note


def test_no_spacing_gives_pixels(flat_volume):
    image = SliceImage.from_volume(flat_volume(SpacingKind.UNKNOWN, spacing=(0.7, 0.7)), 0)
    assert Length.on(image, [(0, 0), (30, 40)]).label() == "Length 50.0 px"


def test_point_count_is_checked():
    geometry = ImageGeometry.from_plane((0, 0, 0), (1, 0, 0), (0, 1, 0), 1.0)
    with pytest.raises(ValueError, match="Length needs 2 points, got 3"):
        Length.on(geometry, [(0, 0), (1, 1), (2, 2)])
    with pytest.raises(ValueError, match=r"points\[1\] must be finite"):
        Length.on(geometry, [(0, 0), (math.inf, 1)])
    with pytest.raises(IndexError, match="2 handles"):
        Length.on(geometry, [(0, 0), (1, 1)]).moved(2, (0, 0))
