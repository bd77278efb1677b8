"""PlaneStack: thick slabs combined from cached thin planes, against numpy, against the
one-call VTK slab, and against the analytic position of a blob seen through an oblique slab."""

from __future__ import annotations

import numpy as np
import pytest

import rendering.reslice as reslice_module
from rendering.planes import spacing_along, standard_plane
from rendering.reslice import PlaneStack, lattice_half_width, reslice
from tests.rendering.analytic import BLOB_CENTRES


@pytest.mark.parametrize("slab_mm, pitch, m", [(20.0, 4.0, 2), (12.5, 2.5, 2), (20.0, 0.944, 10), (16.0, 4.0, 2),
                                               (14.0, 4.0, 1), (1.0, 4.0, 0), (0.0, 1.0, 0)])
def test_lattice_half_width_covers_the_slab_to_within_one_pitch(slab_mm, pitch, m):
    assert lattice_half_width(slab_mm, pitch) == m
    if slab_mm > pitch:
        assert abs((2 * m + 1) * pitch - slab_mm) <= pitch + 1e-9


def test_axial_stack_slabs_equal_numpy_over_the_same_slices(axis_aligned_volume):
    vol = axis_aligned_volume  # 2.5 mm slices: a 12.5 mm slab is slices k-2 .. k+2
    plane = standard_plane(vol, "axial", vol.index_to_patient((0, 0, 0)))
    stack = PlaneStack(vol, plane, 2.5, "nearest", indices=(0, vol.shape[0] - 1))
    k = 10
    block = vol.pixels[k - 2:k + 3]
    np.testing.assert_array_equal(stack.slab(k, 12.5, "mip"), block.max(0))
    np.testing.assert_array_equal(stack.slab(k, 12.5, "minip"), block.min(0))
    assert np.abs(stack.slab(k, 12.5, "avg").astype(float) - block.mean(0)).max() <= 0.5 + 1e-9
    # at the first slice the slab keeps the planes through the volume (no background averaged in)
    np.testing.assert_array_equal(stack.slab(0, 12.5, "avg"), np.rint(vol.pixels[0:3].mean(0)).astype(np.int16))
    np.testing.assert_array_equal(stack.slab(0, 12.5, "minip"), vol.pixels[0:3].min(0))


def test_oblique_stack_slab_equals_the_one_call_vtk_slab_on_the_same_samples(axis_aligned_volume):
    vol = axis_aligned_volume
    centre = vol.index_to_patient((17.2, 14.6, 10.3))
    plane = standard_plane(vol, "axial", centre).rotated((1.0, 0.4, 0.2), 23.0, about=centre)
    pitch = spacing_along(vol, plane.normal)
    slab = 5 * pitch  # odd multiple: reslice() samples exactly the lattice planes k-2 .. k+2
    stack = PlaneStack(vol, plane.shifted(-3 * pitch), pitch, "linear")
    for mode in ("mip", "minip"):
        ours, vtk = stack.slab(3, slab, mode).astype(int), reslice(vol, plane, "linear", slab, mode).astype(int)
        assert np.abs(ours - vtk).max() <= 1, mode  # same points; VTK's position arithmetic differs by rounding


def test_scrolling_and_resizing_the_slab_reslice_only_new_planes(axis_aligned_volume, monkeypatch):
    vol = axis_aligned_volume
    plane = standard_plane(vol, "axial", vol.index_to_patient((0, 0, 0))).rotated((1.0, 0.0, 0.0), 10.0)
    depths: list[int] = []
    real_run = reslice_module._run

    def counting_run(*args, **kwargs):
        depths.append(kwargs.get("depth", 1))
        return real_run(*args, **kwargs)
    monkeypatch.setattr(reslice_module, "_run", counting_run)
    pitch = spacing_along(vol, plane.normal)
    stack = PlaneStack(vol, plane, pitch, "linear", indices=(0, 20))
    first = stack.slab(8, 5 * pitch)
    assert depths == [5]  # one VTK call for the whole slab
    stack.slab(9, 5 * pitch)
    assert depths == [5, 1]  # one step along the normal: one new plane
    thinner = stack.slab(8, 3 * pitch)
    assert depths == [5, 1]  # a thinner slab: nothing to reslice
    assert (thinner <= first).all() and not np.array_equal(thinner, first)
    stack.slab(8, 7 * pitch)
    assert depths == [5, 1, 1]  # a thicker slab: only the plane not seen yet (10 is cached from slab 9)


def test_a_blob_off_the_plane_shows_in_a_slab_that_contains_it_at_its_place(oblique_volume):
    vol = oblique_volume  # acquired obliquely; Gaussian blobs, peak 1000, sigma 3 mm
    centre = np.asarray(BLOB_CENTRES[0])
    plane = standard_plane(vol, "axial", centre).rotated((0.2, 1.0, 0.3), 30.0, about=centre)
    pitch = spacing_along(vol, plane.normal)
    stack = PlaneStack(vol, plane, pitch, "linear")
    k = 8  # plane k lies 8 pitches (~8 mm) behind the blob
    off = stack.plane.shifted(k * pitch)
    assert stack.slab(k, 2 * pitch + 1e-6).max() < 0.35 * 1000  # a thin slab misses the peak
    image = stack.slab(k, (2 * k + 1) * pitch)  # reaches the blob's centre plane
    assert image.max() > 950
    v, u = np.unravel_index(np.argmax(image), image.shape)
    expected = off.to_pixel(centre)[:2]
    voxel = float(vol.spacing.min())
    assert np.hypot(u - expected[0], v - expected[1]) * off.spacing[0] < voxel  # projected along the normal


def test_stack_rejects_unknown_names(axis_aligned_volume):
    plane = standard_plane(axis_aligned_volume, "axial")
    with pytest.raises(ValueError):
        PlaneStack(axis_aligned_volume, plane, 2.5, "bicubic")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        PlaneStack(axis_aligned_volume, plane, 2.5).slab(0, 5.0, "sum")  # type: ignore[arg-type]
