"""Volume rendering scenes rendered offscreen: presets, orientation, clipping, sculpting."""

from __future__ import annotations

import threading

import numpy as np
import pytest
from vtkmodules.vtkCommonCore import vtkDoubleArray, vtkPoints
from vtkmodules.vtkCommonDataModel import vtkPlanes

from rendering._vtk_window import cube_labels
from rendering.transfer_functions import vr_preset
from rendering.volume_rendering import VolumeScene, downsample_factor, snapshot
from tests.rendering.analytic import affine_from, analytic_volume, smooth_spheres
from workstation.model import OperationCancelled, Volume

SIZE = (160, 128)  # (w, h): small renders keep the suite fast

#: A bright sphere on the patient's left (+x), anterior (-y) and a little headward (+z).
LEFT_SPHERE = (30.0, -10.0, 8.0)


@pytest.fixture(scope="module")
def ct():
    affine = affine_from(np.eye(3), (2.0, 2.0, 2.0), (-63.0, -63.0, -63.0))
    return analytic_volume((64, 64, 64), affine, smooth_spheres([LEFT_SPHERE], 14.0, inside=1200.0), modality="CT")


def _scene(volume, preset="CT Bone", **kwargs) -> VolumeScene:
    scene = VolumeScene(volume, vr_preset(preset), **kwargs)
    scene.set_orientation_cube_visible(False)
    return scene


def _bright_centroid(image: np.ndarray) -> np.ndarray:
    """(x, y) centroid of the lit pixels."""
    ys, xs = np.nonzero(image.sum(axis=2) > 60)
    assert len(xs) > 20, "nothing rendered"
    return np.array([xs.mean(), ys.mean()])


def _differs(a: np.ndarray, b: np.ndarray) -> bool:
    """More than a few dozen pixels changed visibly."""
    return int((np.abs(a.astype(int) - b).max(axis=2) > 16).sum()) > 30


def test_snapshot_renders_something_and_presets_differ(ct):
    scene = _scene(ct)
    bone = snapshot(scene, SIZE)
    assert bone.shape == (128, 160, 3) and bone.dtype == np.uint8
    assert bone.max() > 100
    scene.set_preset(vr_preset("CT Soft tissue"))
    soft = snapshot(scene, SIZE)
    scene.set_preset(vr_preset("MIP 3D"))
    mip = snapshot(scene, SIZE)
    assert _differs(bone, soft) and _differs(bone, mip) and _differs(soft, mip)
    # MIP is grey: the three channels are equal
    assert np.array_equal(mip[..., 0], mip[..., 1])


@pytest.mark.parametrize("mapper", ["cpu", "gpu"])
@pytest.mark.parametrize("view, screen_side", [("anterior", "right"), ("posterior", "left"), ("inferior", "right")])
def test_patient_left_appears_where_the_view_says(ct, view, screen_side, mapper):
    scene = _scene(ct, mapper=mapper)
    scene.reset_camera(view)
    x, _ = _bright_centroid(snapshot(scene, SIZE))
    assert (x > SIZE[0] / 2 + 10) if screen_side == "right" else (x < SIZE[0] / 2 - 10)


@pytest.mark.parametrize("mapper", ["cpu", "gpu"])
def test_vr_places_a_sheared_volume_in_patient_space(mapper):
    t = np.radians(25.0)
    affine = np.eye(4)
    affine[:3, 0] = (1.5, 0.0, 0.0)
    affine[:3, 1] = 1.5 * np.array([0.0, np.cos(t), -np.sin(t)])
    affine[:3, 2] = (0.0, 0.0, 2.0)  # gantry tilt: slices stepped along z only
    affine[:3, 3] = (-48.0, -40.0, -40.0)
    centre = (20.0, 0.0, 15.0)
    vol = analytic_volume((48, 64, 64), affine, smooth_spheres([centre], 10.0), modality="CT")
    assert vol.tilt_degrees == pytest.approx(25.0)
    scene = _scene(vol, mapper=mapper)
    for view in ("anterior", "left"):
        scene.reset_camera(view)
        image = snapshot(scene, SIZE)
        expected = scene.project([centre])[0]
        assert np.linalg.norm(_bright_centroid(image) - expected) < 3.0, view


def test_clipping_box_and_planes(ct):
    scene = _scene(ct)
    full = snapshot(scene, SIZE)
    # keep x <= 30 mm: the sphere (centre x = 30) loses its left half, the render changes
    scene.set_clipping_box((-100, 30, -100, 100, -100, 100))
    half = snapshot(scene, SIZE)
    assert _differs(full, half)
    # keep x <= 0: the sphere (x 16..44) is gone entirely
    scene.set_clipping_planes([((0.0, 0.0, 0.0), (-1.0, 0.0, 0.0))])
    assert snapshot(scene, SIZE).max() < 30
    scene.set_clipping_planes(None)
    np.testing.assert_array_equal(snapshot(scene, SIZE), full)


def test_box_widget_planes_are_accepted(ct):
    points, normals = vtkPoints(), vtkDoubleArray()
    normals.SetNumberOfComponents(3)
    for origin, normal in (((0, 0, 0), (-1, 0, 0)),):  # keep x <= 0, as in the test above
        points.InsertNextPoint(*origin)
        normals.InsertNextTuple3(*normal)
    planes = vtkPlanes()
    planes.SetPoints(points)
    planes.SetNormals(normals)
    scene = _scene(ct)
    scene.set_clipping_planes(planes)
    assert snapshot(scene, SIZE).max() < 30


def test_sculpting_removes_what_the_polygon_covers_and_resets(ct):
    scene = _scene(ct)
    before = snapshot(scene, SIZE)
    x, y = scene.project([LEFT_SPHERE])[0]
    square = [(x - 25, y - 25), (x + 25, y - 25), (x + 25, y + 25), (x - 25, y + 25)]
    original = ct.pixels.copy()
    removed = scene.sculpt(square)
    assert removed > 4 / 3 * np.pi * 7 ** 3  # at least the sphere's voxels (radius 7 voxels)
    assert snapshot(scene, SIZE)[int(y) - 20:int(y) + 20, int(x) - 20:int(x) + 20].max() < 30
    np.testing.assert_array_equal(ct.pixels, original)  # the volume itself is untouched
    scene.reset_sculpting()
    np.testing.assert_array_equal(snapshot(scene, SIZE), before)


def test_sculpting_outside_keeps_only_the_polygon_and_can_cancel(ct):
    scene = _scene(ct)
    snapshot(scene, SIZE)
    corner = [(0, 0), (30, 0), (30, 30), (0, 30)]  # nothing of the sphere is there
    assert scene.sculpt(corner, remove="outside") > 0.9 * ct.pixels.size
    assert snapshot(scene, SIZE).max() < 30
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(OperationCancelled):
        scene.sculpt(corner, cancel=cancel)


def test_large_volumes_are_downsampled_with_a_notice(ct):
    assert downsample_factor(ct, 10 ** 9) == 1
    budget = 64 ** 3 * 3 // 4  # less than the gradients of the full volume
    factor = downsample_factor(ct, budget)
    assert factor == 2  # (64^3 * 5 bytes / budget) ** (1/3) = 1.88 -> 2
    scene = _scene(ct, memory_budget=budget)
    assert scene.downsampling is not None and scene.downsampling.factor == 2
    assert scene.downsampling.shape == (32, 32, 32) and scene.downsampling.full_shape == tuple(ct.shape[::-1])
    assert "one voxel in 2 along each axis (32x32x32 of 64x64x64)" in str(scene.downsampling)
    x, _ = _bright_centroid(snapshot(scene, SIZE))
    assert x > SIZE[0] / 2 + 10  # still in the right place


def test_the_gpu_mapper_renders_the_same_scene(ct):
    """The mapper a station with a graphics card gets: the same sphere in the same place,
    clipped by the same planes, at the same qualities (here on llvmpipe, at a small size)."""
    cpu = snapshot(_scene(ct), SIZE)
    scene = _scene(ct, mapper="gpu")
    assert scene.mapper.IsA("vtkGPUVolumeRayCastMapper")
    gpu = snapshot(scene, SIZE)
    assert np.linalg.norm(_bright_centroid(gpu) - _bright_centroid(cpu)) < 2.0
    lit_cpu, lit_gpu = cpu.sum(axis=2) > 60, gpu.sum(axis=2) > 60
    assert (lit_cpu & lit_gpu).sum() > 0.8 * max(lit_cpu.sum(), lit_gpu.sum())  # the same silhouette
    scene.set_clipping_planes([((0.0, 0.0, 0.0), (-1.0, 0.0, 0.0))])  # keep x <= 0: the sphere is gone
    assert snapshot(scene, SIZE).max() < 30
    scene.set_quality("interactive")
    assert scene.mapper.GetImageSampleDistance() == 2.0
    with pytest.raises(ValueError):
        VolumeScene(ct, mapper="opencl")


def test_the_gpu_mapper_keeps_within_the_largest_3d_texture():
    long_thin = Volume(np.zeros((3000, 4, 4), np.int16), np.eye(4), modality="CT")
    assert downsample_factor(long_thin, 10 ** 9, "gpu") == 2  # 3000 voxels > a 2048 texture side
    assert downsample_factor(long_thin, 10 ** 9, "cpu") == 1


def test_quality_levels_set_the_mapper(ct):
    scene = _scene(ct)
    scene.set_quality("interactive")
    assert scene.mapper.GetImageSampleDistance() == 2.0 and scene.mapper.GetSampleDistance() == pytest.approx(4.0)
    scene.set_quality("full")
    assert scene.mapper.GetImageSampleDistance() == 1.0 and scene.mapper.GetSampleDistance() == pytest.approx(2.0)
    scene.set_quality("auto")
    assert scene.mapper.GetAutoAdjustSampleDistances() == 1
    with pytest.raises(ValueError):
        scene.set_quality("best")


def test_editing_the_transfer_function_changes_the_render(ct):
    scene = _scene(ct)
    before = snapshot(scene, SIZE)
    tf = scene.transfer_function
    index = [i for i, (x, _) in enumerate(tf.opacity_points) if x > 600][0]
    tf.move_opacity_point(index, tf.opacity_points[index][0], 0.0)
    tf.add_opacity_point(1000.0, 0.0)
    tf.add_opacity_point(2000.0, 0.0)
    dimmer = snapshot(scene, SIZE)
    assert dimmer.sum() < before.sum()


def test_orientation_cube_labels_follow_lps():
    assert cube_labels() == {"x+": "L", "x-": "R", "y+": "P", "y-": "A", "z+": "H", "z-": "F"}


def test_orientation_cube_turns_with_the_camera(ct):
    scene = VolumeScene(ct, vr_preset("CT Bone"))
    assert scene.cube.actor.GetXPlusFaceText() == "L" and scene.cube.actor.GetYMinusFaceText() == "A"
    for view in ("anterior", "left", "superior"):
        scene.reset_camera(view)
        snapshot(scene, SIZE)
        main = scene.renderer.GetActiveCamera()
        cube = scene.cube.renderer.GetActiveCamera()
        np.testing.assert_allclose(cube.GetDirectionOfProjection(), main.GetDirectionOfProjection(), atol=1e-9)
        np.testing.assert_allclose(cube.GetViewUp(), main.GetViewUp(), atol=1e-9)


def test_colour_volumes_are_refused():
    with pytest.raises(ValueError, match="grey"):
        VolumeScene(Volume(np.zeros((2, 2, 2, 3), np.uint8), np.eye(4), photometric="RGB"))


@pytest.mark.parametrize("mapper", ["cpu", "gpu"])
@pytest.mark.parametrize("spacing", [1.0, 2.5])
def test_a_face_towards_the_viewer_is_lit_whatever_the_voxel_size(spacing, mapper):
    """Regression: with the voxel size in the user matrix, the mapper's shading went dark."""
    n = int(80 / spacing)

    def box(xyz):
        inside = np.all(np.abs(xyz - (0.0, -10.0, 0.0)) <= (15.0, 10.0, 15.0), axis=-1)
        return np.where(inside, 1500.0, -1000.0)

    vol = analytic_volume((n, n, n), affine_from(np.eye(3), (spacing,) * 3, (-40.0,) * 3), box, modality="CT")
    scene = _scene(vol, mapper=mapper)
    image = snapshot(scene, SIZE)
    x, y = scene.project([(0.0, -20.0, 0.0)])[0]
    assert image[int(y) - 3:int(y) + 3, int(x) - 3:int(x) + 3].mean() > 150
