"""MPR on phantom volumes read by the real loader: reformatted frames against numpy, thick
slabs, orientation labels, the crosshair (move, scroll, rotate by mouse), oblique and
gantry-tilted acquisitions, the rotating MIP, and series that cannot be reformatted."""

from __future__ import annotations

import numpy as np
import pydicom
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from rendering.planes import volume_center
from viewer import mpr as mpr_module
from viewer.images import from_qimage
from viewer.mpr import (PLANE_NAMES, Crosshair, MprSource, ProjectionSource, check_mpr, max_pooled,
                        planes_intersection, pooling_factor, rotating_mip_planes)
from viewer.qt_crosshair import PLANE_COLOURS, CrosshairController
from viewer.qt_mpr import QtMprView, open_mpr
from viewer.qt_study_view import QtStudyView
from workstation.model import GeometryError, Window
from workstation.phantoms import oblique_orientation, write_ct, write_mixed_size_ct

from tests.viewer.mpr_support import (drag, grey_at, linear_window, load, mouse, rendered, save_screenshot,
                                     screen_of)

SOFT = Window(40.0, 400.0)


@pytest.fixture(scope="module")
def tilted_ct(phantom_dir):
    truth = write_ct(phantom_dir / "mpr-tilted", shape=(24, 96, 96), spacing=(3.0, 3.0, 4.0), gantry_tilt_deg=20.0)
    return truth, load(truth.paths)


@pytest.fixture(scope="module")
def oblique_mpr_ct(phantom_dir):
    truth = write_ct(phantom_dir / "mpr-oblique", shape=(24, 96, 96), spacing=(3.0, 3.0, 4.0),
                     orientation=oblique_orientation())
    return truth, load(truth.paths)


def lesion_of(truth):
    return next(s for s in truth.spheres if s.label == "lesion")


def open_view(qtbot, volume, size=(900, 800), **kwargs) -> QtMprView:
    view = QtMprView(volume, voi=SOFT, **kwargs)
    qtbot.addWidget(view)
    view.resize(*size)
    view.show()
    qtbot.waitExposed(view)
    return view


# -- the source, without Qt ------------------------------------------------------------------------


def test_axis_aligned_mpr_frames_are_the_voxels(axial_ct):
    _, volume = axial_ct  # 2.5 x 2.5 x 4 mm: axial planes sample voxel centres exactly
    axial = MprSource(volume, "axial", interpolation="linear")
    assert len(axial) == volume.shape[0] and axial.pitch == pytest.approx(4.0)
    for k in (0, 7, len(axial) - 1):
        np.testing.assert_array_equal(axial.frame(k), volume.pixels[k])
    coronal = MprSource(volume, "coronal", interpolation="nearest")
    row = coronal.index_nearest(volume.index_to_patient((0, 40, 0)))
    frame = coronal.frame(row)
    # coronal rows go head to feet at 2.5 mm: every second-or-so row is an axial slice, reversed
    column = frame[:, 64]
    ks = np.rint(volume.patient_to_index(coronal.plane(row).to_patient(
        np.stack([np.full(frame.shape[0], 64.0), np.arange(frame.shape[0])], axis=1)))[:, 2]).astype(int)
    inside = (ks >= 0) & (ks < volume.shape[0])
    np.testing.assert_array_equal(column[inside], volume.pixels[ks[inside], 40, 64])


@pytest.mark.parametrize("mode, reduce", [("mip", np.max), ("minip", np.min)])
def test_thick_slab_is_the_extreme_of_the_slab_voxels(axial_ct, mode, reduce):
    _, volume = axial_ct
    source = MprSource(volume, "axial", slab_mm=20.0, slab_mode=mode)
    k = 9  # a 20 mm slab at 4 mm pitch samples slices k-2 .. k+2 at their centres
    np.testing.assert_array_equal(source.frame(k), reduce(volume.pixels[k - 2:k + 3], axis=0))


def test_average_slab_is_the_mean_of_the_slab_voxels(axial_ct):
    _, volume = axial_ct
    source = MprSource(volume, "axial", slab_mm=20.0, slab_mode="avg")
    mean = volume.pixels[7:12].astype(float).mean(axis=0)
    assert np.abs(source.frame(9).astype(float) - mean).max() <= 1.0  # stored integers: rounding only


def test_changing_the_slab_changes_the_frames_and_the_cache_key(axial_ct):
    _, volume = axial_ct
    source = MprSource(volume, "axial")
    thin, key = source.frame(9).copy(), source.key
    source.set_slab(20.0, "mip")
    assert source.key != key
    assert not np.array_equal(source.frame(9), thin)
    assert source.info(9).slice_thickness == 20.0 and source.info(9).overlays == ()
    assert source.is_reformatted
    header, k = source.text_frame(9)
    assert header.shape[0] == len(source) and header.frames[k].slice_thickness == 20.0


def blocks_of(frame: np.ndarray, factor: int) -> np.ndarray:
    """``frame`` rebuilt from one sample per ``factor`` x ``factor`` block (equal to it
    exactly when the frame is a coarse preview)."""
    h, w = frame.shape[:2]
    return np.repeat(np.repeat(frame[::factor, ::factor], factor, axis=0), factor, axis=1)[:h, :w]


def test_turning_previews_thick_slabs_coarse_and_full_quality_replaces_them(axial_ct, monkeypatch):
    monkeypatch.setattr(mpr_module, "PREVIEW_SIDE", 32)  # the phantom's 128-pixel planes: 4x coarser
    _, volume = axial_ct
    source = MprSource(volume, "coronal", slab_mm=12.0)
    k = len(source) // 2
    full = source.frame(k).copy()
    source.set_interactive(True)
    np.testing.assert_array_equal(source.frame(k), full)  # what is shown stays until the planes turn
    centre = source.plane(k).center
    source.set_plane(source.reference_plane.rotated((0.0, 0.0, 1.0), 25.0, about=centre))
    k = source.index_nearest(centre)
    factor = -(-max(source.plane(k).size) // 32)
    preview = source.frame(k)
    assert factor > 1 and preview.shape == source.plane(k).shape
    np.testing.assert_array_equal(preview, blocks_of(preview, factor))
    key = source.key
    source.set_interactive(False)
    assert source.key != key and not source.interactive
    turned = MprSource(volume, source.reference_plane, slab_mm=12.0)  # never interactive: full quality
    np.testing.assert_array_equal(source.frame(k), turned.frame(k))
    assert not np.array_equal(source.frame(k), blocks_of(source.frame(k), factor))
    source.set_interactive(True)  # thin frames are cheap: never previewed
    source.set_slab(0.0)
    np.testing.assert_array_equal(source.frame(k), MprSource(volume, source.reference_plane).frame(k))


def test_crosshair_rotation_keeps_the_planes_perpendicular():
    crosshair = Crosshair((1.0, 2.0, 3.0))
    crosshair.rotate("axial", 30.0)
    assert np.allclose(crosshair.normal("axial"), (0, 0, 1))
    # about +z by 30 degrees (right-hand): the coronal normal +y turns towards -x
    assert np.allclose(crosshair.normal("coronal"), (-np.sin(np.radians(30)), np.cos(np.radians(30)), 0))
    normals = np.stack([crosshair.normal(n) for n in PLANE_NAMES])
    assert np.allclose(normals @ normals.T, np.eye(3), atol=1e-12)
    assert crosshair.rotation_to("axial", (2.0, 2.0, 3.0), (1.0, 3.0, 50.0)) == pytest.approx(90.0)
    crosshair.reset_orientation()
    assert not crosshair.is_oblique


def test_non_volumetric_series_refuse_mpr_with_the_reason(phantom_dir, chest_cr, axial_ct):
    with pytest.raises(GeometryError, match="projection images"):
        check_mpr(chest_cr[1])
    mixed = write_mixed_size_ct(phantom_dir / "mpr-mixed", shape=(8, 48, 48))
    single = load([p for p in mixed.paths if p in mixed.stacks[1].slice_paths])
    with pytest.raises(GeometryError, match="single image"):
        MprSource(single, "axial")
    # uneven spacing: one slice moved 1.3 mm along z, as a broken scanner export would
    truth = write_ct(phantom_dir / "mpr-uneven", shape=(8, 32, 32), spacing=(4.0, 4.0, 4.0))
    moved = pydicom.dcmread(truth.stacks[0].slice_paths[3])
    moved.ImagePositionPatient[2] = float(moved.ImagePositionPatient[2]) + 1.3
    moved.save_as(truth.stacks[0].slice_paths[3])
    uneven = load(truth.paths)
    assert not uneven.is_volumetric
    with pytest.raises(GeometryError, match="uneven slice spacing"):
        check_mpr(uneven)
    check_mpr(axial_ct[1])  # a regular volume passes


def test_max_pooling_keeps_every_maximum_and_the_geometry(axial_ct):
    _, volume = axial_ct
    pooled = max_pooled(volume, 3)
    assert pooled.shape == tuple(-(-n // 3) for n in volume.shape)
    assert pooled.pixels.max() == volume.pixels.max()
    np.testing.assert_array_equal(pooled.pixels[1, 2, 3], volume.pixels[3:6, 6:9, 9:12].max())
    # block (1, 2, 3) sits at the centre of voxels 9..11, 6..8, 3..5
    assert np.allclose(pooled.index_to_patient((3, 2, 1)), volume.index_to_patient((10, 7, 4)))
    assert pooling_factor(volume, 10 ** 9) == 1 and pooling_factor(volume, 64 ** 3) == 2


# -- the MPR view ------------------------------------------------------------------------------------


def test_mpr_views_show_radiological_orientation_labels(qtbot, axial_ct):
    view = open_view(qtbot, axial_ct[1])
    assert view.views["axial"].orientation_labels() == {"right": "L", "left": "R", "top": "A", "bottom": "P"}
    assert view.views["coronal"].orientation_labels() == {"right": "L", "left": "R", "top": "H", "bottom": "F"}
    assert view.views["sagittal"].orientation_labels() == {"right": "P", "left": "A", "top": "H", "bottom": "F"}


@pytest.mark.parametrize("fixture", ["axial_ct", "oblique_mpr_ct", "tilted_ct"])
def test_the_lesion_appears_where_the_crosshair_is(qtbot, request, fixture):
    """Whatever the acquisition (axial, oblique, gantry tilt) and after an oblique turn, the
    sphere's centre is drawn under the crosshair in all three views and nowhere near it."""
    truth, volume = request.getfixturevalue(fixture)
    if fixture == "tilted_ct":
        assert volume.tilt_degrees == pytest.approx(20.0, abs=0.1)
    lesion = lesion_of(truth)
    view = open_view(qtbot, volume)
    view.controller.move_to(np.array(lesion.center))
    assert np.linalg.norm(view.controller.center - lesion.center) < max(volume.spacing)
    for turn in (0.0, 35.0):
        view.controller.rotate("axial", turn)
        for name, viewport in view.views.items():
            image = rendered(viewport)
            centre = screen_of(viewport, view.controller.center)
            assert np.allclose(centre, view.controller.screen_centre(name))
            assert grey_at(image, centre) == pytest.approx(linear_window(lesion.value, 40, 400), abs=3), (name, turn)
            # 6 mm beyond the sphere along the view's row direction: water, not lesion
            outside = screen_of(viewport, view.controller.center + (lesion.radius + 6.0) * viewport.current_plane().row)
            assert grey_at(image, outside) == pytest.approx(linear_window(0.0, 40, 400), abs=3), (name, turn)


def test_dragging_a_handle_turns_the_other_planes_and_their_lines(qtbot, axial_ct):
    view = open_view(qtbot, axial_ct[1])
    axial = view.views["axial"]
    before = {n: view.views[n].current_plane().normal for n in PLANE_NAMES}
    centre = view.controller.screen_centre("axial")
    handle = next(p for p in view.controller.handles("axial")["coronal"] if p[0] > centre[0])  # right end
    radius = float(np.linalg.norm(handle - centre))
    angle = np.radians(30.0)  # screen y points down: +30 degrees on screen is clockwise
    target = centre + radius * np.array([np.cos(angle), np.sin(angle)])
    drag(axial, handle, target, steps=8)
    after = {n: view.views[n].current_plane().normal for n in PLANE_NAMES}
    assert np.allclose(after["axial"], before["axial"])  # the view being turned keeps its plane
    # clockwise on the axial screen (L right, P down) is +30 degrees about +z (head)
    turn = np.array([[np.cos(angle), -np.sin(angle), 0], [np.sin(angle), np.cos(angle), 0], [0, 0, 1]])
    for name in ("coronal", "sagittal"):
        assert np.allclose(after[name], turn @ before[name], atol=2e-3), name
    # the coronal line in the axial view now runs at 30 degrees through the crosshair
    a, b = view.controller.lines("axial")["coronal"]
    direction = (b - a) / np.linalg.norm(b - a)
    assert abs(direction @ np.array([np.cos(angle), np.sin(angle)])) == pytest.approx(1.0, abs=1e-3)
    # and the sagittal view shows the turned coronal plane as a line too, and oblique labels
    assert "coronal" in view.controller.lines("sagittal")
    assert view.views["coronal"].orientation_labels()["right"] == "LP"
    view.reset()
    assert np.allclose(view.views["coronal"].current_plane().normal, (0, 1, 0))
    assert view.views["coronal"].orientation_labels()["right"] == "L"


def test_turning_by_mouse_previews_the_turned_slabs_until_release(qtbot, axial_ct, monkeypatch):
    monkeypatch.setattr(mpr_module, "PREVIEW_SIDE", 32)
    view = open_view(qtbot, axial_ct[1])
    for name in PLANE_NAMES:
        view.set_slab(name, 12.0, "mip")
    axial = view.views["axial"]
    centre = view.controller.screen_centre("axial")
    handle = next(p for p in view.controller.handles("axial")["coronal"] if p[0] > centre[0])
    target = centre + float(np.linalg.norm(handle - centre)) * np.array([np.cos(0.4), np.sin(0.4)])
    mouse(axial, QMouseEvent.Type.MouseButtonPress, handle)
    mouse(axial, QMouseEvent.Type.MouseMove, target)
    assert {n: view.sources[n].interactive for n in PLANE_NAMES} == {
        "axial": False, "coronal": True, "sagittal": True}
    coronal = view.views["coronal"]
    frame = view.sources["coronal"].frame(coronal.state.slice_index)
    factor = -(-max(coronal.current_plane().size) // 32)
    np.testing.assert_array_equal(frame, blocks_of(frame, factor))  # what the turned view shows now
    mouse(axial, QMouseEvent.Type.MouseButtonRelease, target)
    assert not any(view.sources[n].interactive for n in PLANE_NAMES)
    frame = view.sources["coronal"].frame(coronal.state.slice_index)
    assert not np.array_equal(frame, blocks_of(frame, factor))


def test_dragging_the_centre_moves_the_crosshair_and_the_other_views(qtbot, axial_ct):
    truth, volume = axial_ct
    view = open_view(qtbot, volume)
    lesion = np.array(lesion_of(truth).center)
    axial = view.views["axial"]
    axial.set_slice(view.sources["axial"].index_nearest(lesion))  # the lesion's slice
    drag(axial, view.controller.screen_centre("axial"), screen_of(axial, lesion))
    assert np.linalg.norm((view.controller.center - lesion)[:2]) < 2.5
    for name in ("coronal", "sagittal"):
        assert view.views[name].state.slice_index == view.sources[name].index_nearest(lesion)
    # scrolling the coronal view moves the crosshair along its normal (y), and the axial line follows
    coronal = view.views["coronal"]
    y_before = view.controller.center[1]
    coronal.scroll(4)
    assert view.controller.center[1] == pytest.approx(y_before + 4 * view.sources["coronal"].pitch)
    a, b = view.controller.lines("axial")["coronal"]
    assert a[1] == pytest.approx(view.controller.screen_centre("axial")[1], abs=0.5)


def test_shift_click_puts_the_crosshair_on_the_point(qtbot, axial_ct):
    truth, volume = axial_ct
    view = open_view(qtbot, volume)
    sagittal = view.views["sagittal"]
    target = view.controller.center + np.array([0.0, 20.0, -12.0])  # in the sagittal plane
    mouse(sagittal, QMouseEvent.Type.MouseButtonPress, screen_of(sagittal, target),
          modifiers=Qt.KeyboardModifier.ShiftModifier)
    assert np.linalg.norm(view.controller.center - target) < 4.0
    assert view.views["axial"].state.slice_index == view.sources["axial"].index_nearest(target)


def test_slab_control_shows_the_slab_maximum_on_screen(qtbot, axial_ct):
    _, volume = axial_ct
    view = open_view(qtbot, volume)
    axial = view.views["axial"]
    axial.set_slice(9)
    view.grid.set_active(axial)
    view.slab.setValue(20.0)  # the toolbar acts on the active view
    assert view.sources["axial"].slab_mm == 20.0 and view.sources["coronal"].slab_mm == 0.0
    expected = volume.pixels[7:12].max(axis=0).astype(float) + volume.rescale_intercept
    lut = np.array([linear_window(v, 40, 400) for v in expected.ravel()]).reshape(expected.shape)
    shown = axial.display_array()[..., 0].astype(float)
    assert np.abs(shown - lut).max() <= 1.0
    view.set_slab("axial", 0.0)
    np.testing.assert_array_equal(view.sources["axial"].frame(9), volume.pixels[9])
    assert view.slab.value() == 0.0  # the controls follow a slab set elsewhere (menu, shell)
    view.set_slab("axial", 12.0, "minip")
    assert view.slab.value() == 12.0 and view.slab_mode.currentData() == "minip"
    view.set_slab("coronal", 30.0)  # not the active view: its controls are not shown
    assert view.slab.value() == 12.0 and view.sources["coronal"].slab_mm == 30.0


def test_interpolation_switch_changes_oblique_frames(qtbot, oblique_mpr_ct):
    _, volume = oblique_mpr_ct
    view = open_view(qtbot, volume)
    source = view.sources["coronal"]
    k = view.views["coronal"].state.slice_index
    linear = source.frame(k).copy()
    view.interpolation.setCurrentIndex(view.interpolation.findData("cubic"))
    assert all(s.interpolation == "cubic" for s in view.sources.values())
    cubic = source.frame(k)
    assert not np.array_equal(linear, cubic)
    view.set_interpolation("nearest")
    assert set(np.unique(source.frame(k))) <= set(np.unique(volume.pixels))


def test_mpr_says_loading_until_the_volume_is_complete(qtbot, axial_ct):
    truth, _ = axial_ct
    from workstation.dicomio import SeriesLoader

    loader = SeriesLoader.from_paths(truth.paths)  # planned, nothing decoded yet
    view = open_view(qtbot, loader.volumes[0])
    assert view.views["axial"].display_array() is None
    loader.decode()
    qtbot.waitUntil(lambda: view.mip_source is not None, timeout=5000)
    assert view.views["axial"].display_array() is not None
    view.stop()


def test_rotating_mip_frames_turn_with_correct_labels(qtbot, axial_ct):
    truth, volume = axial_ct
    view = open_view(qtbot, volume)
    qtbot.waitUntil(lambda: view.mip_source is not None and view.mip_source.ready.all(), timeout=20000)
    mip = view.mip_viewport
    assert isinstance(mip.source, ProjectionSource) and len(mip.source) == 36
    assert mip.orientation_labels() == {"right": "L", "left": "R", "top": "H", "bottom": "F"}
    mip.set_slice(9)  # turned 90 degrees about the head-feet axis: seen from the patient's left
    assert mip.orientation_labels() == {"right": "P", "left": "A", "top": "H", "bottom": "F"}
    # the left marker (+2000 HU) shows at least its value where each frame's plane puts it
    left = next(m for m in truth.markers if m.label == "left")
    planes = rotating_mip_planes(mip.source.volume, 36)
    for k in (0, 9, 20):
        u, v, _ = planes[k].to_pixel(left.center)
        assert mip.source.frame(k)[int(round(v)), int(round(u))] >= volume.to_stored(left.value) - 1, k
        u, v, _ = planes[k].to_pixel(left.center + np.array([0.0, 0.0, 60.0]))  # above the body: air
        assert mip.source.frame(k)[int(round(v)), int(round(u))] <= volume.to_stored(-900.0), k
    view.cine.start(mip)
    qtbot.waitUntil(lambda: mip.state.slice_index != 9, timeout=2000)
    view.stop()


def test_open_mpr_continues_from_the_study_view(qtbot, axial_ct):
    truth, volume = axial_ct
    study = QtStudyView()
    qtbot.addWidget(study)
    study.add_stack("ct", volume)
    study.show_stack("ct")
    study.active.set_slice(5)
    study.active.set_voi(Window(-600, 1500))
    view = open_mpr(study)
    qtbot.addWidget(view)
    assert view.views["axial"].state.slice_index == 5
    assert view.views["coronal"].state.voi == Window(-600, 1500)
    assert view.controller.center[2] == pytest.approx(volume.index_to_patient((0, 0, 5))[2])
    view.stop()


def test_crosshair_controller_needs_all_three_views(qtbot, axial_ct):
    with pytest.raises(ValueError):
        CrosshairController({}, {})
    planes = [MprSource(axial_ct[1], n).reference_plane for n in PLANE_NAMES]
    assert np.allclose(planes_intersection(planes), volume_center(axial_ct[1]), atol=1e-9)


def test_screenshot_of_the_mpr_view(qtbot, oblique_mpr_ct):
    truth, volume = oblique_mpr_ct
    view = open_view(qtbot, volume, size=(1000, 900))
    view.controller.move_to(np.array(lesion_of(truth).center))
    view.controller.rotate("axial", 25.0)
    view.set_slab("coronal", 12.0, "mip")
    qtbot.waitUntil(lambda: view.mip_source is not None and view.mip_source.ready.all(), timeout=20000)
    view.mip_viewport.set_slice(4)
    QApplication.processEvents()
    path = save_screenshot(view.grab().toImage(), "mpr.png")
    assert path.stat().st_size > 10000
    # each view shows the other two planes' lines in their colours
    for name, viewport in view.views.items():
        pixels = from_qimage(viewport.render_image()).reshape(-1, 3).astype(int)
        for other, colour in PLANE_COLOURS.items():
            rgb = np.array([colour.red(), colour.green(), colour.blue()])
            found = int((np.abs(pixels - rgb).max(axis=1) <= 12).sum())
            assert (found > 20) == (other != name) or other == name, (name, other, found)
    view.stop()
