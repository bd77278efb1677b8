"""Polygon rasterisation and voxel projection used by sculpting."""

from __future__ import annotations

import numpy as np
import pytest

from rendering.sculpt import covered_voxels, polygon_mask


def test_square_covers_the_pixels_whose_centres_are_inside():
    mask = polygon_mask([(1, 1), (4, 1), (4, 3), (1, 3)], (5, 6))
    expected = np.zeros((5, 6), bool)
    expected[1:3, 1:4] = True
    np.testing.assert_array_equal(mask, expected)


def test_triangle_area_and_even_odd_rule():
    tri = polygon_mask([(0, 0), (100, 0), (0, 100)], (100, 100))
    assert tri.sum() == pytest.approx(5000, rel=0.02)
    # a pentagram's centre is outside under the even-odd rule
    angles = np.radians(90 + 144 * np.arange(5))
    star = np.c_[50 + 40 * np.cos(angles), 50 - 40 * np.sin(angles)]
    mask = polygon_mask(star, (100, 100))
    assert not mask[50, 50] and mask[15, 50]
    with pytest.raises(ValueError):
        polygon_mask([(0, 0), (1, 1)], (4, 4))


def test_covered_voxels_project_through_the_whole_depth():
    # orthographic view along k: voxel (i, j) lands on pixel (col=i, row=j) of an 8x8 screen
    to_ndc = np.array([[2 / 8, 0, 0, -1 + 1 / 8], [0, -2 / 8, 0, 1 - 1 / 8], [0, 0, 0.01, 0], [0, 0, 0, 1]])
    screen = np.zeros((8, 8), bool)
    screen[2:5, 3:6] = True
    slices = list(covered_voxels((4, 8, 8), to_ndc, screen))
    assert [k for k, _ in slices] == [0, 1, 2, 3]
    for _, covered in slices:
        np.testing.assert_array_equal(covered, screen)
