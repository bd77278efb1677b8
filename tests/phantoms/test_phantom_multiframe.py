"""Multi-frame phantoms: Enhanced CT functional groups and an ultrasound cine."""

from __future__ import annotations

import numpy as np

from tests.phantoms.helpers import modality_slices, read, voxel_centres


def test_enhanced_ct_frames_are_head_first_and_positioned_per_frame(enhanced_ct):
    ds = read(enhanced_ct.paths[0])
    stack = enhanced_ct.stack
    assert int(ds.NumberOfFrames) == stack.shape[0] and len(enhanced_ct.paths) == 1
    per_frame = ds.PerFrameFunctionalGroupsSequence
    z = [float(f.PlanePositionSequence[0].ImagePositionPatient[2]) for f in per_frame]
    assert np.all(np.diff(z) < 0)  # file order is head first
    for k, frame in enumerate(stack.frame_numbers):
        position = [float(v) for v in per_frame[frame - 1].PlanePositionSequence[0].ImagePositionPatient]
        np.testing.assert_allclose(position, stack.positions[k], atol=1e-9)
    shared = ds.SharedFunctionalGroupsSequence[0]
    np.testing.assert_allclose([float(v) for v in shared.PlaneOrientationSequence[0].ImageOrientationPatient],
                               stack.orientation, atol=1e-12)
    np.testing.assert_allclose([float(v) for v in shared.PixelMeasuresSequence[0].PixelSpacing],
                               stack.spacing[1::-1])
    transform = shared.PixelValueTransformationSequence[0]
    assert (float(transform.RescaleSlope), float(transform.RescaleIntercept), transform.RescaleType) == (
        1.0, -1024.0, "HU")
    assert [float(v) for v in shared.FrameVOILUTSequence[0].WindowWidth] == [w.width for w in enhanced_ct.windows]
    assert "PixelSpacing" not in ds and "ImagePositionPatient" not in ds  # geometry lives in the groups only


def test_enhanced_ct_values(enhanced_ct):
    np.testing.assert_array_equal(modality_slices(enhanced_ct.stack),
                                  enhanced_ct.scene.sample(voxel_centres(enhanced_ct.stack)))


def test_us_cine_frames_move_left_to_right(us):
    ds = read(us.paths[0])
    assert (ds.Modality, int(ds.NumberOfFrames), ds.PhotometricInterpretation) == ("US", 12, "MONOCHROME2")
    assert float(ds.FrameTime) == us.frame_time_ms == 33.3
    assert ds.FrameIncrementPointer == 0x00181063
    assert "FrameOfReferenceUID" not in ds and "PixelSpacing" not in ds
    frames = ds.pixel_array
    centroids = [np.nonzero(f == 255)[1].mean() for f in frames]
    assert np.all(np.diff(centroids) > 0)
    for k, scene in enumerate(us.frame_scenes):
        centres = voxel_centres(us.stack)[k]
        np.testing.assert_array_equal(frames[k], scene.sample(centres))


def test_us_rgb_unpacks_the_scene_colours(us_rgb):
    frames = read(us_rgb.paths[0]).pixel_array
    assert frames.shape == (12, 200, 240, 3) and frames.dtype == np.uint8
    packed = (frames[..., 0].astype(np.uint32) << 16) | (frames[..., 1].astype(np.uint32) << 8) | frames[..., 2]
    for k, scene in enumerate(us_rgb.frame_scenes):
        np.testing.assert_array_equal(packed[k], scene.sample(voxel_centres(us_rgb.stack)[k]))
    red = (frames[..., 0] == 255) & (frames[..., 1] == 0)
    assert red.any(axis=(1, 2)).all()
