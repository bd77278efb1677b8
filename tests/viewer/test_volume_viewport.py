"""The 3D viewport on a CT phantom, rendered through QVTKRenderWindowInteractor (OSMesa
under offscreen Qt): presets, clipping box, camera interaction and quality, sculpting by
mouse, iso-surface and STL, the transfer-function editor, and the no-OpenGL fallback."""

from __future__ import annotations

import struct

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from viewer import qt_volume_viewport
from viewer.qt_transfer_function import OPACITY, QtTransferFunctionEditor
from viewer.qt_volume_viewport import QtVolumeViewport
from workstation.phantoms import write_ct

from tests.viewer.mpr_support import drag, load, mouse, save_screenshot


@pytest.fixture(scope="module")
def small_ct(phantom_dir):
    truth = write_ct(phantom_dir / "vr-ct", shape=(40, 80, 80), spacing=(4.0, 4.0, 4.0))
    return truth, load(truth.paths)


def open_3d(qtbot, volume, size=(420, 380), **kwargs) -> QtVolumeViewport:
    view = QtVolumeViewport(volume, **kwargs)
    qtbot.addWidget(view)
    view.resize(*size)
    view.show()
    qtbot.waitExposed(view)
    view.set_orientation_cube_visible(False)
    return view


def changed_pixels(a: np.ndarray, b: np.ndarray) -> int:
    return int((np.abs(a.astype(int) - b).max(axis=2) > 16).sum())


def test_presets_change_the_rendering(qtbot, small_ct):
    view = open_3d(qtbot, small_ct[1])
    assert view.problem is None and view.scene is not None
    bone = view.snapshot()
    assert bone.shape[2] == 3 and bone.max() > 100  # the markers and bone sphere are lit
    view.preset_box.setCurrentIndex(view.preset_box.findText("CT Soft tissue"))
    soft = view.snapshot()
    assert changed_pixels(bone, soft) > 500  # the water cylinder appears
    view.set_preset("MIP 3D")
    mip = view.snapshot()
    assert changed_pixels(soft, mip) > 500 and np.array_equal(mip[..., 0], mip[..., 2])  # grey
    assert view.preset_box.currentText() == "MIP 3D"
    view.set_shading(False)
    assert not view.scene.transfer_function.shade


def test_clipping_box_cuts_the_volume_and_turns_off(qtbot, small_ct):
    view = open_3d(qtbot, small_ct[1], preset="CT Soft tissue")
    full = view.snapshot()
    # keep the patient's right half (x <= 0): seen from the front it is the screen's left half
    view.set_clipping_bounds([-300.0, 0.0, -300.0, 300.0, -300.0, 300.0])
    clipped = view.snapshot()
    assert view.clip_button.isChecked()
    width = full.shape[1]
    right_half = slice(width // 2 + 10, width)
    assert full[:, right_half].max() > 60 and clipped[:, right_half].max() < 30
    view.set_clipping_box_visible(False)
    np.testing.assert_array_equal(view.snapshot(), full)


def test_dragging_turns_the_camera_at_interactive_quality(qtbot, small_ct):
    view = open_3d(qtbot, small_ct[1])
    camera = view.scene.renderer.GetActiveCamera()
    position = np.array(camera.GetPosition())
    qualities = []
    view.style.AddObserver("InteractionEvent", lambda *_: qualities.append(view.scene.mapper.GetImageSampleDistance()))
    drag(view.vtk_widget, (200, 180), (300, 180), steps=5)
    assert not np.allclose(camera.GetPosition(), position)  # turned about the focal point
    assert qualities and max(qualities) == 2.0  # half resolution while dragging
    assert view.scene.mapper.GetImageSampleDistance() == 1.0  # full quality after release


def test_sculpting_by_mouse_removes_what_the_polygon_covers(qtbot, small_ct):
    view = open_3d(qtbot, small_ct[1], preset="CT Soft tissue")
    before = view.snapshot()
    view.sculpt_button.setChecked(True)
    h, w = before.shape[:2]
    square = [(w * 0.3, h * 0.3), (w * 0.7, h * 0.3), (w * 0.7, h * 0.7), (w * 0.3, h * 0.7)]
    for x, y in square:
        mouse(view.vtk_widget, QMouseEvent.Type.MouseButtonPress, (x, y))
        mouse(view.vtk_widget, QMouseEvent.Type.MouseButtonRelease, (x, y))
    mouse(view.vtk_widget, QMouseEvent.Type.MouseButtonPress, square[0], Qt.MouseButton.RightButton)
    after = view.snapshot()
    inside = (slice(int(h * 0.4), int(h * 0.6)), slice(int(w * 0.4), int(w * 0.6)))
    assert before[inside].max() > 60 and after[inside].max() < 30  # a hole through the body
    assert changed_pixels(before[: int(h * 0.25)], after[: int(h * 0.25)]) == 0  # outside untouched
    view.reset_sculpting()
    assert changed_pixels(view.snapshot(), before) == 0


def test_iso_surface_and_stl_export(qtbot, small_ct, tmp_path):
    view = open_3d(qtbot, small_ct[1])
    with pytest.raises(ValueError, match="no iso-surface"):
        view.export_stl(str(tmp_path / "none.stl"))
    with qtbot.waitSignal(view.surface_ready, timeout=20000):
        view.set_surface(300.0)
    assert view.surface.GetNumberOfCells() > 100 and not view.scene.actor.GetVisibility()
    surface_image = view.snapshot()
    assert surface_image.max() > 100
    path = view.export_stl(str(tmp_path / "bone.stl"))
    data = open(path, "rb").read()
    (triangles,) = struct.unpack("<I", data[80:84])  # binary STL: 80-byte header, count, 50 bytes each
    assert triangles == view.surface.GetNumberOfCells() and len(data) == 84 + 50 * triangles
    view.set_surface(None)
    assert view.scene.actor.GetVisibility() and view.surface is None


def test_transfer_function_editor_edits_the_rendering(qtbot, small_ct):
    view = open_3d(qtbot, small_ct[1], preset="CT Soft tissue")
    editor = view.editor
    view.editor_button.setChecked(True)
    QApplication.processEvents()
    assert editor.isVisible()
    before = view.snapshot()
    tf = view.scene.transfer_function
    n = len(tf.opacity_points)
    # drag the point at water (30 HU) to zero opacity: the water cylinder turns transparent
    index = int(np.argmin([abs(v - 30.0) for v, _ in tf.opacity_points]))
    start = editor.point_position(OPACITY, index)
    drag(editor, (start.x(), start.y()), (start.x(), editor.opacity_to_y(0.0)))
    assert len(tf.opacity_points) == n
    value, opacity = tf.opacity_points[index]
    assert value == pytest.approx(30.0, abs=(editor.value_range()[1] - editor.value_range()[0]) / editor.width())
    assert opacity == 0.0
    after = view.snapshot()
    assert changed_pixels(before, after) > 200
    # a click on an empty spot adds a point there; a right-click removes it again
    spot = QPointF(editor.value_to_x(500.0), editor.opacity_to_y(0.5))
    mouse(editor, QMouseEvent.Type.MouseButtonPress, (spot.x(), spot.y()))
    mouse(editor, QMouseEvent.Type.MouseButtonRelease, (spot.x(), spot.y()))
    assert len(tf.opacity_points) == n + 1
    added = next(i for i, (v, a) in enumerate(tf.opacity_points) if abs(v - 500.0) < 30 and abs(a - 0.5) < 0.05)
    mouse(editor, QMouseEvent.Type.MouseButtonPress, (spot.x(), spot.y()), Qt.MouseButton.RightButton)
    assert len(tf.opacity_points) == n and added >= 0
    # a new preset rebinds the editor to the scene's new function
    view.set_preset("CT Bone")
    assert editor.transfer_function is view.scene.transfer_function


def test_editor_colour_points(qtbot, small_ct):
    editor = QtTransferFunctionEditor(small_ct[1])
    qtbot.addWidget(editor)
    from rendering.transfer_functions import TransferFunction, vr_preset

    tf = TransferFunction.from_preset(vr_preset("CT Bone"), small_ct[1])
    editor.set_transfer_function(tf)
    editor.resize(400, 150)
    editor.show()
    n = len(tf.color_points)
    strip_y = editor.point_position("colour", 0).y()
    x = editor.value_to_x(1500.0)
    mouse(editor, QMouseEvent.Type.MouseButtonPress, (x, strip_y))
    mouse(editor, QMouseEvent.Type.MouseButtonRelease, (x, strip_y))
    assert len(tf.color_points) == n + 1
    index = next(i for i, p in enumerate(tf.color_points) if abs(p[0] - 1500.0) < 20)
    editor.set_colour(index, (0.0, 0.0, 1.0))
    assert tf.color_points[index][1:] == (0.0, 0.0, 1.0)
    assert np.allclose(tf.color_at(tf.color_points[index][0]), (0.0, 0.0, 1.0))


def test_without_opengl_the_viewport_says_why(qtbot, small_ct, monkeypatch):
    monkeypatch.setattr(qt_volume_viewport, "opengl_problem", lambda window: "no OpenGL 3.2 context (test)")
    view = QtVolumeViewport(small_ct[1])
    qtbot.addWidget(view)
    view.show()
    assert view.scene is None
    assert view.problem.startswith("3D needs OpenGL") and view.message.isVisible()
    assert "no OpenGL 3.2 context" in view.message.text()
    with pytest.raises(RuntimeError, match="3D needs OpenGL"):
        view.snapshot()
    view.stop()


def test_real_opengl_probe_reports_a_working_context(qtbot, small_ct):
    view = open_3d(qtbot, small_ct[1])
    assert qt_volume_viewport.opengl_problem(view.window) is None
    assert qt_volume_viewport.check_opengl() is None  # what the shell asks before offering 3D


def test_screenshot_of_the_3d_view(qtbot, small_ct):
    view = open_3d(qtbot, small_ct[1], size=(640, 620), preset="CT Bone")
    view.set_orientation_cube_visible(True)
    view.cube_button.setChecked(True)
    view.editor_button.setChecked(True)
    view.reset_camera("anterior")
    QApplication.processEvents()
    image = view.render_widget_image()
    path = save_screenshot(image, "vr.png")
    assert path.stat().st_size > 5000
    view.stop()


def test_the_viewport_with_gpu_ray_casting(qtbot, small_ct):
    """What a station with a graphics card opens (here on llvmpipe): the same presets and
    interaction-quality switch on vtkGPUVolumeRayCastMapper."""
    view = open_3d(qtbot, small_ct[1], size=(200, 180), mapper="gpu")
    assert view.problem is None and view.scene.mapper.IsA("vtkGPUVolumeRayCastMapper")
    bone = view.snapshot()
    assert bone.max() > 100
    view.set_preset("CT Soft tissue")
    assert changed_pixels(bone, view.snapshot()) > 200
    view.stop()


def test_a_series_still_loading_is_shown_in_3d_once_complete(qtbot, small_ct):
    """The 3D view says how far the series has loaded and renders it once, complete (the
    shading gradients of a growing volume would be recomputed with every batch of slices)."""
    volume = small_ct[1]
    volume.loaded[-3:] = False
    try:
        view = open_3d(qtbot, volume, size=(200, 180))
        assert not view.scene.actor.GetVisibility()
        assert view.message.isVisible() and "37 of 40" in view.message.text()
        assert view.snapshot().max() < 30  # nothing drawn from a partial volume
        volume.loaded[-3:] = True
        qtbot.waitUntil(lambda: view.scene.actor.GetVisibility(), timeout=5_000)
        assert not view.message.isVisible()
        assert view.snapshot().max() > 100
        view.stop()
    finally:
        volume.loaded[-3:] = True


def test_a_downsampled_volume_is_announced_in_the_ui_language(qtbot, qapp, small_ct):
    """Too large for the 3D memory budget: the view says how far it thinned the volume out,
    in Vietnamese when that is the UI language (the scene itself stays Qt-free)."""
    from workstation.app.i18n import install_translator

    _, volume = small_ct
    budget = int(volume.pixels.size) * 3 // 4  # less than the full volume's shading gradients
    translator = install_translator(qapp, "vi")
    try:
        view = open_3d(qtbot, volume, memory_budget=budget)
    finally:
        qapp.removeTranslator(translator)
    assert view.scene.downsampling is not None and view.scene.downsampling.factor == 2
    text = view.message.text()
    assert "40x40x20" in text and "80x80x40" in text and "MB" in text
    assert "3D uses" not in text and "%" not in text  # translated, every placeholder filled
    view.close()
