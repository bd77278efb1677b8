"""render_view: every view renders, in the radiological orientation, with square pixels."""

from __future__ import annotations

import numpy as np
import pytest

from rendering.views import VIEW_NAMES, render_view, view_plane
from tests.rendering.analytic import affine_from, analytic_volume, blobs, smooth_spheres
from workstation.model import Volume

SIZE = (96, 80)

#: Patient left (+x), posterior (+y), head (+z) of the centre: every axis distinguishable.
MARKER = (25.0, 15.0, 20.0)


@pytest.fixture(scope="module")
def ct() -> Volume:
    # anisotropic voxels (0.8 x 0.8 x 2.5 mm) so a wrong aspect ratio would show
    affine = affine_from(np.eye(3), (0.8, 0.8, 2.5), (-40.0, -40.0, -40.0))
    return analytic_volume((33, 101, 101), affine, smooth_spheres([MARKER], 8.0, inside=1000.0), modality="CT",
                           frame_of_reference_uid="1.2.3")


@pytest.fixture(scope="module")
def pet() -> Volume:
    affine = affine_from(np.eye(3), (4.0, 4.0, 4.0), (-48.0, -48.0, -48.0))
    return analytic_volume((25, 25, 25), affine, blobs([MARKER], sigma=5.0, peak=20000.0), modality="PT",
                           frame_of_reference_uid="1.2.3", units="BQML")


def _bright(image: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    ys, xs = np.nonzero(image.max(axis=2) > 200)
    assert len(xs) > 3, "marker not visible"
    return xs, ys


@pytest.mark.parametrize("view", [v for v in VIEW_NAMES if v != "fusion"])
def test_every_view_renders_rgb_of_the_requested_size(ct, view):
    image = render_view(view, [ct], SIZE, center=MARKER)
    assert image.shape == (80, 96, 3) and image.dtype == np.uint8
    assert image.max() > 100


@pytest.mark.parametrize("view, horizontal, vertical", [
    ("axial", "right", "bottom"),  # left on screen right, posterior at the bottom
    ("coronal", "right", "top"),  # left on screen right, head at the top
    ("sagittal", "right", "top"),  # posterior on screen right, head at the top
])
def test_marker_appears_on_the_radiological_side(ct, view, horizontal, vertical):
    xs, ys = _bright(render_view(view, [ct], SIZE, center=MARKER))
    assert (xs.mean() > SIZE[0] / 2) == (horizontal == "right")
    assert (ys.mean() < SIZE[1] / 2) == (vertical == "top")


def test_pixels_are_square_whatever_the_voxel_size(ct):
    xs, ys = _bright(render_view("coronal", [ct], SIZE, center=MARKER))
    width, height = xs.max() - xs.min() + 1, ys.max() - ys.min() + 1
    assert abs(int(width) - int(height)) <= 2  # a sphere stays round with 0.8 x 2.5 mm voxels
    plane = view_plane(ct, "coronal", SIZE, MARKER)
    assert plane.spacing[0] == plane.spacing[1]
    assert abs(plane.to_pixel(MARKER)[2]) < 1e-9


def test_fusion_view_colours_the_overlay(ct, pet):
    image = render_view("fusion", [ct, pet], SIZE, center=MARKER, plane="axial")
    hot = (image[..., 0].astype(int) - image[..., 2]) > 60
    assert hot.any()
    ys, xs = np.nonzero(hot)
    assert xs.mean() > SIZE[0] / 2  # the hot spot is on the patient's left, screen right
    with pytest.raises(ValueError, match="overlay"):
        render_view("fusion", [ct], SIZE)


def test_pet_mip_view_is_inverted(pet):
    image = render_view("mip", [pet], SIZE)
    assert np.median(image) > 200 and image.min() < 60  # dark uptake on white


def test_bad_view_names_are_rejected(ct):
    with pytest.raises(ValueError, match="view"):
        render_view("xray", [ct])
