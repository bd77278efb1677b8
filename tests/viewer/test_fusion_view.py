"""PET/CT fusion on phantoms read by the real loader: the PET value under a CT pixel, the
opacity slider and colour maps on screen, SUV window presets, the PET MIP, and the
warning when the two series do not share a Frame of Reference."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtWidgets import QApplication

from rendering.colormaps import colormap
from rendering.fusion import pet_window
from rendering.voi import to_display
from rendering.window_presets import load_window_presets
from viewer.fusion_source import FusionSource
from viewer.qt_fusion import QtFusionView, fusion_partner, open_fusion
from viewer.qt_study_view import QtStudyView
from workstation.dicomio import SeriesLoader
from workstation.model import Window
from workstation.phantoms import write_ct, write_mr, write_pet

from tests.viewer.mpr_support import load, save_screenshot, screen_of

SOFT = Window(40.0, 400.0)


@pytest.fixture(scope="module")
def pet_ct(phantom_dir):
    ct_truth = write_ct(phantom_dir / "fusion-ct", shape=(32, 96, 96), spacing=(3.0, 3.0, 3.0))
    pet_truth = write_pet(phantom_dir / "fusion-pt", frame_of_reference_uid=ct_truth.frame_of_reference_uid,
                          shape=(24, 48, 48), spacing=(4.5, 4.5, 4.5))
    return ct_truth, load(ct_truth.paths), pet_truth, load(pet_truth.paths)


def open_fusion_view(qtbot, ct, pet, size=(900, 800)) -> QtFusionView:
    view = QtFusionView(ct, pet, voi=SOFT)
    qtbot.addWidget(view)
    view.resize(*size)
    view.show()
    qtbot.waitExposed(view)
    return view


def trilinear(volume, point) -> float:
    """The volume's modality value at a patient point, interpolated by hand; within half a
    voxel outside the grid the edge voxels extend (as vtkImageReslice's border does)."""
    nz, ny, nx = volume.shape
    i, j, k = np.clip(volume.patient_to_index(point), 0.0, [nx - 1, ny - 1, nz - 1])
    i0, j0, k0 = int(np.floor(i)), int(np.floor(j)), int(np.floor(k))
    fi, fj, fk = i - i0, j - j0, k - k0
    total = 0.0
    for dk in (0, 1):
        for dj in (0, 1):
            for di in (0, 1):
                weight = (fi if di else 1 - fi) * (fj if dj else 1 - fj) * (fk if dk else 1 - fk)
                if weight == 0.0:
                    continue  # on the last slice/row/column: no neighbour beyond it is needed
                total += weight * float(volume.to_modality(float(volume.pixels[k0 + dk, j0 + dj, i0 + di])))
    return total


def test_fused_pet_value_at_a_ct_pixel_is_the_pet_value_there(pet_ct):
    _, ct, pet_truth, pet = pet_ct
    for name in ("axial", "coronal", "sagittal"):
        source = FusionSource(ct, pet, name)
        assert source.warning is None and np.allclose(source.offset, 0)
        k = len(source) // 2 + 3
        values = source.overlay_values(k)
        rng = np.random.default_rng(3)
        for _ in range(20):
            v, u = rng.integers(0, values.shape[0]), rng.integers(0, values.shape[1])
            point = source.plane(k).to_patient((float(u), float(v)))
            ijk = pet.patient_to_index(point)
            if not ((ijk >= 0).all() and (ijk < np.array(pet.shape[::-1]) - 1).all()):
                assert np.isnan(values[v, u]) or (ijk > -0.5).all()  # outside the PET: no colour
                continue
            assert values[v, u] == pytest.approx(trilinear(pet, point), rel=1e-4, abs=1e-3), (name, u, v)
    # the hot sphere's centre holds exactly its activity (uniform neighbourhood)
    hot = pet_truth.suv.hot_sphere
    source = FusionSource(ct, pet, "axial")
    k = source.index_nearest(hot.center)
    u, v, _ = source.plane(k).to_pixel(hot.center)
    assert source.overlay_values(k)[int(round(v)), int(round(u))] == pytest.approx(hot.value, rel=1e-3)
    assert "SUVbw 5.00" in source.overlay_text(k, int(round(u)), int(round(v)))


def test_opacity_slider_moves_pixels_towards_the_pet_colour(qtbot, pet_ct):
    _, ct, pet_truth, pet = pet_ct
    view = open_fusion_view(qtbot, ct, pet)
    hot = np.array(pet_truth.suv.hot_sphere.center)
    view.controller.move_to(hot)
    axial = view.views["axial"]
    x, y = (int(round(c)) for c in axial.current_plane().to_pixel(view.controller.center)[:2])
    window = view.fusion_sources[0].overlay_window
    pet_value = view.sources["axial"].overlay_values(axial.state.slice_index)[y, x]
    pet_colour = colormap("hot_iron")[int(to_display(np.array([[pet_value]], np.float32), window)[0, 0])]
    distances = []
    for percent in (0, 25, 50, 75, 100):
        view.opacity_slider.setValue(percent)
        assert view.fusion_sources[0].opacity == pytest.approx(percent / 100)
        pixel = axial.display_array()[y, x].astype(int)
        distances.append(int(np.abs(pixel - pet_colour).sum()))
    assert distances == sorted(distances, reverse=True) and distances[0] > 100 and distances[-1] <= 3
    view.opacity_slider.setValue(0)  # no overlay: the plain CT grey of the lesion (100 HU)
    grey = axial.display_array()[y, x]
    assert grey[0] == grey[1] == grey[2] and abs(int(grey[0]) - 166) <= 2


def test_colour_map_and_suv_presets_change_the_overlay(qtbot, pet_ct):
    _, ct, pet_truth, pet = pet_ct
    view = open_fusion_view(qtbot, ct, pet)
    view.controller.move_to(np.array(pet_truth.suv.hot_sphere.center))
    view.set_opacity(1.0)
    axial = view.views["axial"]
    x, y = (int(round(c)) for c in axial.current_plane().to_pixel(view.controller.center)[:2])
    hot_iron = axial.display_array()[y, x].copy()
    view.colormap_box.setCurrentIndex(view.colormap_box.findData("rainbow"))
    assert all(s.colormap == "rainbow" for s in view.fusion_sources)
    rainbow = axial.display_array()[y, x]
    assert not np.array_equal(hot_iron, rainbow)
    # SUV 5 is half of the default SUV 0-10 window: the middle of the rainbow table
    assert np.abs(rainbow.astype(int) - colormap("rainbow")[128]).max() <= 12
    # a PT preset in SUV converts through the series' SUV factor
    presets = [p for p in load_window_presets() if p.modality == "PT" and p.units == "SUV"]
    assert presets, "the shipped presets offer SUV windows for PET"
    view.window_box.setCurrentIndex(view.window_box.findText(presets[0].name))
    factor = pet_truth.suv.suv_bw_factor
    window = view.fusion_sources[0].overlay_window
    assert window.center * factor == pytest.approx(presets[0].window.center, rel=1e-6)
    assert window.width * factor == pytest.approx(presets[0].window.width, rel=1e-6)
    assert pet_window(pet).width * factor == pytest.approx(10.0)
    view.window_box.setCurrentIndex(0)  # "Overlay window": back to the default SUV 0-10
    assert view.fusion_sources[0].overlay_window == pet_window(pet)


def test_pet_mip_is_black_on_white(qtbot, pet_ct):
    _, ct, pet_truth, pet = pet_ct
    view = open_fusion_view(qtbot, ct, pet)
    qtbot.waitUntil(lambda: view.mip_source is not None and view.mip_source.ready.all(), timeout=20000)
    mip = view.mip_viewport
    assert mip.source.volume.modality == "PT" and mip.state.invert
    hot = pet_truth.suv.hot_sphere
    plane = mip.source.plane(0)
    u, v, _ = plane.to_pixel(hot.center)
    body = plane.to_pixel(np.array(hot.center) + np.array([40.0, 0.0, 0.0]))
    shown = mip.display_array()
    assert shown[int(round(v)), int(round(u))].mean() < shown[int(round(body[1])), int(round(body[0]))].mean() - 50
    view.stop()


def test_different_frames_of_reference_are_aligned_by_position_with_a_warning(qtbot, pet_ct, phantom_dir):
    ct_truth, ct, _, _ = pet_ct
    other = write_pet(phantom_dir / "fusion-pt-other", shape=(16, 32, 32), spacing=(6.0, 6.0, 6.0),
                      center=(5.0, 0.0, 0.0))  # its own Frame of Reference, 5 mm off
    pet = load(other.paths)
    notices = []
    view = QtFusionView(ct, pet, voi=SOFT)
    view.notice.connect(notices.append)
    qtbot.addWidget(view)
    assert view.warning is not None and "Frames of Reference" in view.warning
    assert view.warning_label.text() and view.warning_label.toolTip() == view.warning
    assert np.allclose(view.fusion_sources[0].offset, [-5.0, 0.0, 0.0])
    view.stop()


def test_mr_on_ct_of_one_frame_of_reference_fuses_the_same_way(pet_ct, phantom_dir):
    ct_truth, ct, _, _ = pet_ct
    mr_truth = write_mr(phantom_dir / "fusion-mr", shape=(15, 48, 48), spacing=(4.0, 4.0, 6.0),
                        frame_of_reference_uid=ct_truth.frame_of_reference_uid)
    mr = load(mr_truth.paths)
    source = FusionSource(ct, mr, "coronal", colormap="rainbow")
    assert source.warning is None
    k = len(source) // 2
    values = source.overlay_values(k)
    inside = np.argwhere(np.isfinite(values))
    v, u = inside[len(inside) // 2]
    assert values[v, u] == pytest.approx(trilinear(mr, source.plane(k).to_patient((float(u), float(v)))), rel=1e-4)
    assert source.display_pixels(k, SOFT, False, "grey").shape == values.shape
    source.set_overlay_window(Window(200.0, 300.0))  # an MR has no SUV: its window in its own units
    assert source.overlay_scale() == ("MR 50-350", "rainbow", 0.5)
    pet = pet_ct[3]
    fused_pet = FusionSource(ct, pet, "axial")
    scale, _, _ = fused_pet.overlay_scale()
    assert scale == "PT SUV 0-10"  # the default PET window, told in SUVbw


def test_fused_views_wait_for_the_overlay_to_load(qtbot, pet_ct):
    _, ct, pet_truth, _ = pet_ct
    loader = SeriesLoader.from_paths(pet_truth.paths)  # the PET is planned, not decoded yet
    view = open_fusion_view(qtbot, ct, loader.volumes[0])
    assert view.views["axial"].display_array() is None
    loader.decode()
    qtbot.waitUntil(lambda: view.mip_source is not None, timeout=5000)
    assert view.views["axial"].display_array() is not None
    view.stop()


def test_open_fusion_picks_the_pet_partner_from_the_study(qtbot, pet_ct):
    _, ct, _, pet = pet_ct
    assert fusion_partner([ct, pet], ct) is pet
    study = QtStudyView()
    qtbot.addWidget(study)
    study.add_stack("ct", ct)
    study.add_stack("pt", pet)
    study.show_stack("pt")  # reading the PET: fusion still puts the CT underneath
    view = open_fusion(study)
    qtbot.addWidget(view)
    assert view.volume is ct and view.overlay is pet
    view.stop()


def test_screenshot_of_the_fusion_view(qtbot, pet_ct):
    _, ct, pet_truth, pet = pet_ct
    view = open_fusion_view(qtbot, ct, pet, size=(1100, 900))
    view.controller.move_to(np.array(pet_truth.suv.hot_sphere.center))
    qtbot.waitUntil(lambda: view.mip_source is not None and view.mip_source.ready.all(), timeout=20000)
    QApplication.processEvents()
    path = save_screenshot(view.grab().toImage(), "fusion.png")
    assert path.stat().st_size > 10000
    # the hot sphere shows in the PET colour under the crosshair of every fused view
    for viewport in view.views.values():
        x, y = (int(round(c)) for c in screen_of(viewport, view.controller.center))
        r, g, b = viewport.render_image(overlays=False, annotations=False).pixelColor(x, y).getRgb()[:3]
        assert r > g + 40 and r > b + 40, (r, g, b)
    view.stop()
