"""The pixel-centre-inside rule of ROI masks against a direct point-in-polygon test."""

from __future__ import annotations

import numpy as np
import pytest

from tools.measure._raster import ellipse_region, polygon_region, rectangle_region, shoelace_area


def brute_force_inside(vertices, shape):
    """Even-odd crossing test of every pixel centre, one point at a time."""
    v = np.asarray(vertices, float)
    inside = np.zeros(shape, bool)
    for row in range(shape[0]):
        for col in range(shape[1]):
            crossings = 0
            for (xa, ya), (xb, yb) in zip(v, np.roll(v, -1, axis=0)):
                if min(ya, yb) <= row < max(ya, yb):
                    cut = xa + (row - ya) / (yb - ya) * (xb - xa)
                    crossings += cut <= col
            inside[row, col] = crossings % 2 == 1
    return inside


def full_mask(region, shape):
    mask = np.zeros(shape, bool)
    rows, cols = region.mask.shape
    mask[region.row0:region.row0 + rows, region.col0:region.col0 + cols] = region.mask
    return mask


@pytest.mark.parametrize("seed", range(6))
def test_polygon_mask_matches_a_point_by_point_test(seed):
    rng = np.random.default_rng(seed)
    shape = (14, 17)
    # Integer vertices put vertices and horizontal edges exactly on pixel centres.
    vertices = rng.integers(-3, 20, size=(7, 2)).astype(float) if seed % 2 else rng.uniform(-3, 20, size=(9, 2))
    region = polygon_region([tuple(p) for p in vertices], shape)
    np.testing.assert_array_equal(full_mask(region, shape), brute_force_inside(vertices, shape))


def test_rectangle_and_ellipse_include_centres_on_their_border():
    shape = (10, 10)
    assert full_mask(rectangle_region((2, 3), (4, 3), shape), shape).sum() == 3
    ellipse = full_mask(ellipse_region((2, 2), (6, 6), shape), shape)
    assert ellipse[4, 2] and ellipse[4, 6] and ellipse[2, 4] and not ellipse[2, 2]
    assert full_mask(ellipse_region((2, 2), (2, 6), shape), shape).sum() == 0  # degenerate


def test_shoelace_area_of_known_shapes():
    assert shoelace_area([(0, 0), (4, 0), (4, 3)]) == pytest.approx(6.0)
    assert shoelace_area([(0, 0), (0, 3), (4, 3), (4, 0)]) == pytest.approx(12.0)  # clockwise
    assert shoelace_area([(0, 0), (1, 1)]) == 0.0
