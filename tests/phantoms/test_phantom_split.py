"""Series a reader must split: two planes in one series, and one image of another size."""

from __future__ import annotations

import numpy as np

from tests.phantoms.helpers import modality_slices, read, voxel_centres
from workstation import phantoms as P


def test_two_stacks_share_one_series_but_not_one_plane(two_stacks):
    axial, coronal = two_stacks.stacks
    files = [read(p) for p in two_stacks.paths]
    assert len(files) == axial.shape[0] + coronal.shape[0]
    assert {ds.SeriesInstanceUID for ds in files} == {two_stacks.series_instance_uid}
    assert {ds.FrameOfReferenceUID for ds in files} == {two_stacks.frame_of_reference_uid}
    orientations = {tuple(float(v) for v in ds.ImageOrientationPatient) for ds in files}
    assert orientations == {P.AXIAL, P.CORONAL}
    assert axial.orientation == P.AXIAL and coronal.orientation == P.CORONAL
    assert sorted(axial.instance_numbers + coronal.instance_numbers) == list(range(1, len(files) + 1))
    for stack in two_stacks.stacks:
        np.testing.assert_array_equal(modality_slices(stack), two_stacks.scene.sample(voxel_centres(stack)))


def test_coronal_stack_ascends_towards_posterior(two_stacks):
    coronal = two_stacks.stacks[1]
    y = [float(read(p).ImagePositionPatient[1]) for p in coronal.slice_paths]
    assert np.all(np.diff(y) > 0)  # normal of L x F is +y (posterior)


def test_mixed_size_series_has_one_odd_image(mixed_size):
    main, odd = mixed_size.stacks
    sizes = [(int(read(p).Rows), int(read(p).Columns)) for p in mixed_size.paths]
    assert sizes.count(main.shape[1:]) == main.shape[0] and sizes.count(odd.shape[1:]) == 1
    assert odd.shape == (1, 64, 64)
    # Same field of view: the odd image spans the same patient extent as the main slices.
    def extent(stack):
        return stack.index_to_space((stack.shape[2] - 0.5, stack.shape[1] - 0.5, 0)) - stack.index_to_space(
            (-0.5, -0.5, 0))
    np.testing.assert_allclose(extent(odd)[:2], extent(main)[:2])
    np.testing.assert_allclose(odd.positions[0][2], main.positions[main.shape[0] // 2][2])
    for stack in mixed_size.stacks:
        np.testing.assert_array_equal(modality_slices(stack), mixed_size.scene.sample(voxel_centres(stack)))
