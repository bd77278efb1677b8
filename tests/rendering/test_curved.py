"""Curved MPR against analytic volumes: an arch drawn on an axial slice lies flat, pixels
sit where ``patient_point`` says (oblique and sheared volumes too), bad paths are refused."""

from __future__ import annotations

import numpy as np
import pytest

from rendering.curved import curved_reformat, resample_path
from tests.rendering.analytic import affine_from, analytic_volume
from workstation.model import SpacingKind

RADIUS = 30.0  # mm: the arch of the phantom, centred on the z axis


def arch(xyz: np.ndarray) -> np.ndarray:
    """A 4 mm thick cylindrical wall of radius RADIUS about z (a dental arch, a vessel wall)."""
    r = np.hypot(xyz[..., 0], xyz[..., 1])
    return np.where(np.abs(r - RADIUS) <= 2.0, 1000.0, 0.0)


def trilinear(volume, lps: np.ndarray) -> np.ndarray:
    """Reference sampling, written out: stored values at LPS points (inside only)."""
    ijk = volume.patient_to_index(lps)
    i0 = np.floor(ijk).astype(int)
    f = ijk - i0
    out = np.zeros(len(lps))
    pixels = volume.pixels.astype(float)
    for corner in np.ndindex(2, 2, 2):
        idx = i0 + corner
        weight = np.prod(np.where(corner, f, 1.0 - f), axis=1)
        idx = np.minimum(idx, np.array(volume.shape[::-1]) - 1)
        out += weight * pixels[idx[:, 2], idx[:, 1], idx[:, 0]]
    return out


def test_path_is_resampled_by_arc_length():
    path = np.array([[0.0, 0, 0], [3.0, 0, 0], [3.0, 4.0, 0]])  # 7 mm
    samples = resample_path(path, 0.5)
    assert len(samples) == 15
    np.testing.assert_allclose(samples[6], (3.0, 0, 0))
    np.testing.assert_allclose(samples[-1], (3.0, 4.0, 0))
    steps = np.linalg.norm(np.diff(samples, axis=0), axis=1)
    np.testing.assert_allclose(steps[steps > 0.499], 0.5)  # the corner sample cuts one step short
    with pytest.raises(ValueError, match="at least 2 points"):
        resample_path(path[:1], 0.5)


def test_an_arch_drawn_on_an_axial_slice_lies_flat():
    volume = analytic_volume((20, 90, 90), affine_from(np.eye(3), (1.0, 1.0, 2.0), (-45.0, -45.0, -20.0)), arch,
                             modality="CT")
    angles = np.radians(np.linspace(200.0, 340.0, 15))  # the front half of the arch, as a reader clicks it
    path = np.stack([RADIUS * np.cos(angles), RADIUS * np.sin(angles), np.full(15, 4.0)], axis=1)
    cpr = curved_reformat(volume, path, (0.0, 0.0, 1.0))
    length = float(np.sum(np.linalg.norm(np.diff(path, axis=0), axis=1)))
    assert cpr.spacing == 1.0 and cpr.pixels.shape[1] == int(length) + 1
    # rows cover the volume along z: 19 slices 2 mm apart, sampled every 1 mm
    assert cpr.pixels.shape[0] == 39 and cpr.top == pytest.approx(14.0)
    # the polyline's chords stay within ~0.6 mm of the circle, well inside the 4 mm wall
    assert cpr.pixels.min() >= 990 and cpr.pixels.dtype == volume.pixels.dtype
    out = curved_reformat(volume, path * (RADIUS + 6.0) / RADIUS * [1, 1, 0] + [0, 0, 4.0], (0.0, 0.0, 1.0))
    assert out.pixels.max() == 0  # 6 mm outside the wall: nothing of it


@pytest.mark.parametrize("fixture", ["oblique_volume", "tilted_volume"])
def test_pixels_are_the_volume_at_their_patient_points(fixture, request):
    volume = request.getfixturevalue(fixture)
    centre = volume.index_to_patient(np.array(volume.shape[::-1]) / 2.0)
    path = centre + np.array([[-15.0, -5.0, 0.0], [0.0, 6.0, 1.0], [14.0, 0.0, -2.0]])
    direction = np.array([0.2, -0.1, 1.0])
    cpr = curved_reformat(volume, path, direction, spacing=0.7)
    rng = np.random.default_rng(3)
    rows, columns = cpr.pixels.shape
    picks = [(int(rng.integers(columns)), int(rng.integers(rows))) for _ in range(400)]
    lps = np.array([cpr.patient_point(c, r) for c, r in picks])
    ijk = volume.patient_to_index(lps)
    inside = np.all((ijk >= 0) & (ijk <= np.array(volume.shape[::-1]) - 1), axis=1)
    assert inside.sum() > 100
    got = np.array([cpr.pixels[r, c] for c, r in picks], dtype=float)
    np.testing.assert_allclose(got[inside], trilinear(volume, lps[inside]), atol=0.51)  # rounding only
    assert np.all(got[~inside] == volume.pixels.min())
    # the rows run against the direction: row 0 is furthest along it
    assert (cpr.patient_point(0, 0) - cpr.patient_point(0, 1)) @ cpr.direction == pytest.approx(0.7)


def test_a_path_along_the_sweep_direction_is_refused(axis_aligned_volume):
    path = axis_aligned_volume.index_to_patient(np.array([[10.0, 10.0, 2.0], [10.0, 10.0, 12.0]]))
    with pytest.raises(ValueError, match="runs along the sweep direction"):
        curved_reformat(axis_aligned_volume, path, (0.0, 0.0, 1.0))


def test_as_volume_is_shown_and_measured_along_the_curve(axis_aligned_volume):
    volume = axis_aligned_volume
    path = volume.index_to_patient(np.array([[2.0, 3.0, 10.0], [20.0, 25.0, 10.0]]))
    cpr = curved_reformat(volume, path, (0.0, 0.0, 1.0))
    shown = cpr.as_volume(volume)
    assert shown.shape == (1,) + cpr.pixels.shape and shown.loaded.all()
    assert shown.spacing_kind is SpacingKind.CURVED and shown.spacing_kind.unit_note == "along the curve"
    np.testing.assert_allclose(shown.spacing[:2], cpr.spacing)
    assert shown.label_for((0, 1, 0)) == "F" and shown.label_for((0, -1, 0)) == "H"  # rows go head to feet
    assert shown.label_for((1, 0, 0)) == ""
    assert (shown.modality, shown.rescale_intercept) == (volume.modality, volume.rescale_intercept)
    # it says what it is wherever it is shown, copied or exported; measurements on it refer to no original
    from tools.measure.geometry import ImageRef

    thick = cpr.as_volume(volume, "MPR cong", thickness_mm=12.0)
    assert thick.frames[0].slice_thickness == 12.0 and shown.frames[0].slice_thickness is None
    assert ImageRef.from_volume_slice(thick, 0) is None


def test_a_slab_across_the_arch_holds_what_the_path_misses():
    volume = analytic_volume((20, 90, 90), affine_from(np.eye(3), (1.0, 1.0, 2.0), (-45.0, -45.0, -20.0)), arch,
                             modality="CT")
    angles = np.radians(np.linspace(200.0, 340.0, 15))
    off = RADIUS + 6.0  # drawn 6 mm outside the wall: the surface alone misses it
    path = np.stack([off * np.cos(angles), off * np.sin(angles), np.full(15, 4.0)], axis=1)
    thin = curved_reformat(volume, path, (0.0, 0.0, 1.0))
    assert thin.pixels.max() == 0
    thick = curved_reformat(volume, path, (0.0, 0.0, 1.0), thickness_mm=16.0)  # 8 mm each side
    assert thick.pixels.shape == thin.pixels.shape and thick.pixels.min() >= 990
    mean = curved_reformat(volume, path, (0.0, 0.0, 1.0), thickness_mm=16.0, slab_mode="avg")
    # 4 mm of wall in a 16 mm slab sampled every 1 mm: about a quarter of the wall's value
    assert 150 <= np.median(mean.pixels) <= 350
    assert curved_reformat(volume, path, (0.0, 0.0, 1.0), thickness_mm=16.0, slab_mode="minip").pixels.max() == 0
    with pytest.raises(ValueError, match="slab_mode"):
        curved_reformat(volume, path, (0.0, 0.0, 1.0), slab_mode="sum")
