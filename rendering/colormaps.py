"""Colour maps for grey display values: (256, 3) uint8 tables.

Hot Iron, PET, Hot Metal Blue and PET 20 Step are the well-known colour palettes of
DICOM PS3.6 Annex B (SOP Instances 1.2.840.10008.1.5.1-4), shipped as JSON under
``resources/colormaps`` so every viewer that follows the standard shows the same colours.
Grey, inverted grey and rainbow (not a DICOM palette: a blue-to-red hue ramp, as most
viewers offer for PET) are computed here.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

import numpy as np

#: Tables shipped from PS3.6 Annex B.
DICOM_PALETTES = ("hot_iron", "pet", "hot_metal_blue", "pet_20_step")

#: Every name :func:`colormap` accepts, in menu order.
COLORMAP_NAMES = ("grey", "inverted_grey", *DICOM_PALETTES, "rainbow")

_ALIASES = {"gray": "grey", "inverted_gray": "inverted_grey", "hot": "hot_iron"}


def _rainbow() -> np.ndarray:
    """Blue -> cyan -> green -> yellow -> red, linear between equally spaced stops."""
    stops = np.linspace(0.0, 255.0, 5)
    channels = ([0, 0, 0, 255, 255], [0, 255, 255, 255, 0], [255, 255, 0, 0, 0])
    ramp = np.arange(256.0)
    return np.rint(np.stack([np.interp(ramp, stops, c) for c in channels], axis=1)).astype(np.uint8)


def colormap(name: str) -> np.ndarray:
    """The read-only (256, 3) uint8 table of a colour map (case-insensitive, "gray" accepted).

    Raises
    ------
    ValueError
        If ``name`` is not one of :data:`COLORMAP_NAMES`.
    """
    return _table(_ALIASES.get(name.lower(), name.lower()))


@lru_cache(maxsize=None)
def _table(key: str) -> np.ndarray:
    ramp = np.arange(256, dtype=np.uint8)
    if key == "grey":
        table = np.repeat(ramp[:, None], 3, axis=1)
    elif key == "inverted_grey":
        table = np.repeat((255 - ramp)[:, None], 3, axis=1)
    elif key == "rainbow":
        table = _rainbow()
    elif key in DICOM_PALETTES:
        text = resources.files("resources").joinpath("colormaps", f"{key}.json").read_text(encoding="utf-8")
        table = np.asarray(json.loads(text)["rgb"], dtype=np.uint8)
        if table.shape != (256, 3):
            raise ValueError(f"resources/colormaps/{key}.json has shape {table.shape}, expected (256, 3)")
    else:
        raise ValueError(f"unknown colour map {key!r}; known: {', '.join(COLORMAP_NAMES)}")
    table.setflags(write=False)
    return table


def apply_colormap(grey: np.ndarray, name: str) -> np.ndarray:
    """Colour an 8-bit display image: ``(y, x)`` uint8 -> ``(y, x, 3)`` uint8."""
    if grey.dtype != np.uint8:
        raise TypeError(f"grey must be uint8 display values, got {grey.dtype}")
    return np.take(colormap(name), grey, axis=0)
