"""Colour maps: the shipped DICOM palettes equal PS3.6 Annex B (as pydicom ships them)."""

from __future__ import annotations

import numpy as np
import pytest
from pydicom.pixels.processing import apply_color_lut

from rendering.colormaps import COLORMAP_NAMES, apply_colormap, colormap


@pytest.mark.parametrize("name, uid", [
    ("hot_iron", "1.2.840.10008.1.5.1"), ("pet", "1.2.840.10008.1.5.2"),
    ("hot_metal_blue", "1.2.840.10008.1.5.3"), ("pet_20_step", "1.2.840.10008.1.5.4"),
])
def test_dicom_palettes_equal_the_well_known_palette_instances(name, uid):
    expected = apply_color_lut(np.arange(256, dtype=np.uint8), palette=uid)
    np.testing.assert_array_equal(colormap(name), expected)


def test_every_map_is_256_by_3_uint8_and_read_only():
    for name in COLORMAP_NAMES:
        table = colormap(name)
        assert table.shape == (256, 3) and table.dtype == np.uint8
        assert not table.flags.writeable


def test_grey_maps_and_rainbow_ends():
    np.testing.assert_array_equal(colormap("grey")[:, 1], np.arange(256))
    np.testing.assert_array_equal(colormap("inverted_grey")[0], [255, 255, 255])
    np.testing.assert_array_equal(colormap("rainbow")[0], [0, 0, 255])
    np.testing.assert_array_equal(colormap("rainbow")[255], [255, 0, 0])
    assert colormap("gray") is colormap("grey")


def test_apply_colormap_looks_up_each_pixel():
    grey = np.array([[0, 128], [255, 7]], dtype=np.uint8)
    rgb = apply_colormap(grey, "hot_iron")
    assert rgb.shape == (2, 2, 3)
    np.testing.assert_array_equal(rgb[0, 1], colormap("hot_iron")[128])
    with pytest.raises(TypeError):
        apply_colormap(grey.astype(np.int16), "pet")
    with pytest.raises(ValueError, match="unknown"):
        colormap("viridis")
