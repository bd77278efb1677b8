"""MPR, 3D and fusion opened from the main window, and refused with a reason on 2D-only series."""

from __future__ import annotations

import pytest

from tests.app.test_main_window import SCREENSHOTS, find_study, make_window, open_and_wait


def test_mpr_and_3d_open_as_tabs_and_close_cleanly(demo_store, qtbot):
    window = make_window(qtbot, demo_store)
    ct = find_study(demo_store, "CT ngực")
    open_and_wait(qtbot, window, ct.study_instance_uid)
    tabs = window.tabs.count()
    window.actions_by_id["mpr"].trigger()
    assert window.tabs.count() == tabs + 1
    mpr = window.tabs.currentWidget()
    assert type(mpr).__name__ == "QtMprView"
    assert window.current_view() is mpr  # tools and presets act on the MPR viewports
    window.apply_preset_key(4)
    assert mpr.active.state.voi.center == -600
    window.actions_by_id["volume_3d"].trigger()
    assert type(window.tabs.currentWidget()).__name__ == "QtVolumeViewport"
    from PySide6.QtWidgets import QApplication

    assert QApplication.overrideCursor() is None  # the busy cursor of the first frame is gone
    assert "drag to turn" in window.message.text()  # and the status bar says how to use the view
    qtbot.wait(200)
    window.actions_by_id["close_study"].trigger()  # Ctrl+W closes the 3D tab shown, not its study
    assert window.tabs.count() == tabs + 1 and window.tabs.currentWidget() is not None
    window.tabs.setCurrentWidget(mpr)
    window.actions_by_id["close_study"].trigger()
    assert window.tabs.count() == tabs and ct.study_instance_uid in window.views


def test_mpr_is_refused_for_a_radiograph_with_the_reason(demo_store, qtbot):
    window = make_window(qtbot, demo_store)
    cr = next(s for s in demo_store.query_studies(modality="CR"))
    open_and_wait(qtbot, window, cr.study_instance_uid)
    tabs = window.tabs.count()
    window.actions_by_id["mpr"].trigger()
    assert window.tabs.count() == tabs
    assert "not possible" in window.message.text()


def test_fusion_of_the_pet_ct_study(demo_store, qtbot):
    window = make_window(qtbot, demo_store)
    petct = next(s for s in demo_store.query_studies(modality="PT"))
    open_and_wait(qtbot, window, petct.study_instance_uid)
    window.actions_by_id["fusion"].trigger()
    fusion = window.tabs.currentWidget()
    assert type(fusion).__name__ == "QtFusionView"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    qtbot.wait(300)
    window.grab().save(str(SCREENSHOTS / "main_window_fusion.png"))
    # the Colour map menu and the fusion keys change the overlay of all three views, and the toolbar follows
    window.set_colormap("pet")
    assert {s.colormap for s in fusion.fusion_sources} == {"pet"} and fusion.colormap_box.currentData() == "pet"
    window.actions_by_id["fusion_more"].trigger()
    assert fusion.opacity_slider.value() == 60 and [s.opacity for s in fusion.fusion_sources] == pytest.approx([0.6] * 3)


def test_curved_mpr_along_a_polyline_drawn_on_an_axial_slice(demo_store, qtbot):
    import numpy as np
    from PySide6.QtCore import QPoint, Qt

    from tools.measure import Polyline
    from workstation.model import SpacingKind

    window = make_window(qtbot, demo_store)
    ct = find_study(demo_store, "CT ngực")
    view = open_and_wait(qtbot, window, ct.study_instance_uid)
    tabs = window.tabs.count()
    window.actions_by_id["curved_mpr"].trigger()  # nothing selected yet: says what to do
    assert window.tabs.count() == tabs and "polyline" in window.message.text().lower()

    viewport = view.active
    session = window.measure.sessions[ct.study_instance_uid]
    image = session.image_for(viewport)
    rows, columns = image.pixels.shape[:2]
    # an arch across the body on this axial slice, as a reader would click it
    arch = tuple((columns * x, rows * y) for x, y in ((0.25, 0.6), (0.4, 0.4), (0.6, 0.4), (0.75, 0.6)))
    polyline = Polyline(points=arch, geometry=image.geometry, ref=image.ref)
    session.add_measurements([polyline], "Polyline")
    session.select(polyline.id)
    volume = viewport.source.volume
    volume.loaded[-1] = False  # as while the series is still arriving
    window.actions_by_id["curved_mpr"].trigger()
    assert window.tabs.count() == tabs and "loaded" in window.message.text()
    volume.loaded[-1] = True
    window.actions_by_id["curved_mpr"].trigger()
    assert window.tabs.count() == tabs + 1, window.message.text()
    curved = window.tabs.currentWidget()
    assert type(curved).__name__ == "QtCurvedView" and window.current_view() is curved
    shown = curved.active.source.volume
    assert shown.spacing_kind is SpacingKind.CURVED
    # the corner text (and so a copy or an export) says what the image is
    series_line = next(line for line in curved.active.corner_text()["top_right"] if line.startswith("Se:"))
    assert "Curved MPR: " in series_line
    # columns are arc length along the path: the polyline's own length, sample by sample
    spacing = float(shown.spacing[0])
    assert shown.shape[2] == int(polyline.length / spacing + 1e-6) + 1
    # the body (water, ~0 HU) is under the arch on every slice: most of the image is not air
    hu = shown.to_modality(shown.pixels[0])
    assert (hu > -200).mean() > 0.5
    # a slab across the surface: the toolbar and the shell change it, the window stays
    voi = curved.active.state.voi
    curved.slab.setValue(12.0)
    thick = curved.active.source.volume
    assert thick is not shown and thick.shape == shown.shape and curved.active.state.voi == voi
    assert any(line.startswith("Thk: 12 mm") for corner in curved.active.corner_text().values() for line in corner)
    assert not np.array_equal(thick.pixels, shown.pixels)
    curved.set_slab(0.0, "avg")
    assert curved.slab.value() == 0.0 and curved.slab_mode.currentData() == "avg"
    np.testing.assert_array_equal(curved.active.source.volume.pixels, shown.pixels)  # thin: the surface again
    # the study's tools measure on it, along the curve
    window.actions_by_id["length"].trigger()
    qtbot.wait(50)
    a, b = QPoint(curved.active.width() // 3, curved.active.height() // 2), \
        QPoint(2 * curved.active.width() // 3, curved.active.height() // 2)
    qtbot.mousePress(curved.active, Qt.MouseButton.LeftButton, pos=a)
    qtbot.mouseMove(curved.active, b)
    qtbot.mouseRelease(curved.active, Qt.MouseButton.LeftButton, pos=b)
    length = next(m for m in session.measurements if m.kind == "length")
    assert "along the curve" in length.label() and session.image_label(length) == "Curved MPR"
    curved.grab().save(str(SCREENSHOTS / "curved_mpr.png"))
    window._close_tab(window.tabs.indexOf(curved))
    assert window.tabs.count() == tabs


def test_measuring_on_an_mpr_plane_with_the_toolbar_tool(demo_store, qtbot):
    import numpy as np
    from PySide6.QtCore import QPoint, Qt

    window = make_window(qtbot, demo_store)
    ct = find_study(demo_store, "CT ngực")
    open_and_wait(qtbot, window, ct.study_instance_uid)
    window.actions_by_id["zoom"].trigger()  # chosen before the MPR opens: its viewports take it too
    window.actions_by_id["mpr"].trigger()
    mpr = window.tabs.currentWidget()
    assert all(type(v.tool).__name__ == "ZoomTool" for v in mpr.viewports)
    window.actions_by_id["length"].trigger()
    coronal = mpr.views["coronal"]
    qtbot.wait(50)
    # well away from the crosshair (which would take the press): along the top of the view
    a, b = QPoint(coronal.width() // 6, coronal.height() // 5), QPoint(coronal.width() // 3, coronal.height() // 5)
    assert mpr.controller.hit("coronal", (a.x(), a.y())) is None
    qtbot.mousePress(coronal, Qt.MouseButton.LeftButton, pos=a)
    qtbot.mouseMove(coronal, b)
    qtbot.mouseRelease(coronal, Qt.MouseButton.LeftButton, pos=b)
    session = window.measure.sessions[ct.study_instance_uid]
    (length,) = [m for m in session.measurements if m.kind == "length"]
    assert length.ref is None and length.label().endswith(" mm")  # on a reformatted plane, in patient mm
    plane = coronal.current_plane()  # the reformatted plane, not acquired slice k of the volume
    ends = [plane.to_patient(coronal.image_point(np.array([p.x(), p.y()], dtype=float))) for p in (a, b)]
    assert length.length == pytest.approx(float(np.linalg.norm(ends[1] - ends[0])), rel=0.01)
    np.testing.assert_allclose(length.geometry.pixel_to_patient(np.array(length.points[:1])), ends[0][None],
                               atol=0.5 * max(plane.spacing))
    assert session.shown_measurements(coronal) == [length]
    window.actions_by_id["browse"].trigger()
    assert all(type(v.tool).__name__ == "BrowseTool" for v in mpr.viewports)


def test_pet_ct_hangs_fusion_and_a_pet_mip_below_ct_and_pet(demo_store, qtbot):
    """The PET/CT protocol's lower viewports are the PET fused over the CT (hot iron in SUV
    0-5, the CT in its abdomen window) and the rotating PET MIP (black on white, SUV 0-10),
    not two more copies of the PET stack; both follow the series as they load."""
    import numpy as np

    from rendering.fusion import pet_window
    from viewer.fusion_source import FusionSource
    from viewer.mpr import ProjectionSource

    window = make_window(qtbot, demo_store)
    petct = next(s for s in demo_store.query_studies(modality="PT"))
    view = open_and_wait(qtbot, window, petct.study_instance_uid)
    ct_viewport, pet_viewport, fused_viewport, mip_viewport = view.grid.viewports
    ct, pet = ct_viewport.source.volume, pet_viewport.source.volume
    assert (ct.modality, pet.modality) == ("CT", "PT")

    fused = fused_viewport.source
    assert isinstance(fused, FusionSource) and fused.volume is ct and fused.overlay is pet
    assert fused_viewport.state.voi == ct_viewport.state.voi  # the CT's window under the PET
    factor = pet.suv.suv_bw_factor()
    assert fused.overlay_window.width * factor == pytest.approx(5.0)  # the protocol's SUV 0-5
    # the fused frame is the CT slice the CT viewport shows, in colour where the PET is hot
    assert fused.plane(fused_viewport.state.slice_index).origin[2] == pytest.approx(
        ct_viewport.source.plane(ct_viewport.state.slice_index).origin[2], abs=ct.spacing[2])
    rgb = fused_viewport.display_array()
    assert rgb is not None and rgb.ndim == 3
    assert np.abs(rgb[..., 0].astype(int) - rgb[..., 2].astype(int)).max() > 50  # not grey: PET blended in

    qtbot.waitUntil(lambda: isinstance(mip_viewport.source, ProjectionSource) and mip_viewport.source.ready.all(),
                    timeout=30_000)
    mip = mip_viewport.source
    assert mip_viewport.state.invert and mip_viewport.state.voi.width == pytest.approx(pet_window(pet).width)
    # a maximum intensity projection: no frame exceeds the PET's maximum, the first reaches it
    peak = float(pet.pixels.max())
    assert mip.pixels.max() <= peak and mip.pixels[0].max() >= 0.9 * peak

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(SCREENSHOTS / "main_window_pet_ct.png"))

    # the corner says what the colours stand for; the fusion keys and colour map act on the PET
    assert fused_viewport.corner_text()["bottom_right"][0] == "PT SUV 0-5 Hot iron 50%"
    view.grid.set_active(fused_viewport)
    before = fused_viewport.display_array().copy()
    window.actions_by_id["fusion_more"].trigger()
    assert fused.opacity == pytest.approx(0.6) and "60%" in window.message.text()
    assert fused_viewport.corner_text()["bottom_right"][0].endswith("60%")
    window.actions_by_id["fusion_less"].trigger()
    window.actions_by_id["fusion_less"].trigger()
    assert fused.opacity == pytest.approx(0.4)
    window.set_colormap("rainbow")
    assert fused.colormap == "rainbow" and fused_viewport.state.colormap in ("", "grey")  # the CT stays grey
    assert np.abs(fused_viewport.display_array().astype(int) - before).max() > 50
    view.grid.set_active(ct_viewport)
    window.actions_by_id["fusion_more"].trigger()
    assert "no fused image" in window.message.text()

    # a series dragged onto the MIP viewport replaces it; closing the tab stops cleanly
    view.show_stack(next(iter(view.stacks)), mip_viewport)
    assert mip_viewport not in view.derived
    window._close_tab(window.tabs.indexOf(view))


def test_pet_ct_fusion_and_mip_follow_a_study_that_is_still_arriving(qtbot, tmp_path):
    """Opened while half the PET slices have arrived, the fused and MIP viewports show what
    is there; once the rest arrives both are made again of the grown series."""
    from viewer.fusion_source import FusionSource
    from viewer.mpr import ProjectionSource
    from workstation.phantoms import write_ct, write_pet
    from workstation.phantoms.demo import PETCT_STUDY
    from workstation.store import LocalStore

    ct = write_ct(tmp_path / "ct", shape=(24, 64, 64), spacing=(6.0, 6.0, 8.0), study=PETCT_STUDY)
    pet = write_pet(tmp_path / "pet", study=PETCT_STUDY, shape=(20, 32, 32),
                    frame_of_reference_uid=ct.frame_of_reference_uid)
    pet_paths = sorted(pet.paths)
    store = LocalStore(tmp_path / "store")
    store.import_paths([str(p) for p in ct.paths] + [str(p) for p in pet_paths[::2]])
    window = make_window(qtbot, store)
    view = open_and_wait(qtbot, window, ct.study_instance_uid)
    fused_viewport, mip_viewport = view.grid.viewports[2:]
    assert isinstance(fused_viewport.source, FusionSource)
    half_pet = fused_viewport.source.overlay
    assert len(half_pet.frames) == 10 and mip_viewport in view.derived
    if half_pet.is_complete:  # ten slices of twenty, complete as a series: its MIP is made
        qtbot.waitUntil(lambda: isinstance(mip_viewport.source, ProjectionSource), timeout=10_000)

    store.import_paths([str(p) for p in pet_paths[1::2]])
    loading = window.loadings[ct.study_instance_uid]
    with qtbot.waitSignal(loading.signals.finished, timeout=30_000):
        assert window.grow_study(ct.study_instance_uid)
    grown = fused_viewport.source
    assert isinstance(grown, FusionSource) and len(grown.overlay.frames) == 20 and grown.overlay is not half_pet
    qtbot.waitUntil(lambda: isinstance(mip_viewport.source, ProjectionSource) and mip_viewport.source.ready.all(),
                    timeout=30_000)
    assert view.derived[mip_viewport].mip.volume is grown.overlay  # the MIP of the whole PET
    assert fused_viewport.display_array() is not None
    window.close()
    store.close()


def test_closing_a_study_and_its_views_releases_their_pixels(demo_store, qtbot):
    """A reading station stays open all day: a closed study must not keep its volumes.
    (The loader's signals held the window's closures in a cycle Python could not see
    through Qt, and a finished background job kept the volume its function worked on.)"""
    import gc
    import weakref

    from PySide6.QtCore import QCoreApplication, QEvent

    window = make_window(qtbot, demo_store)
    ct = find_study(demo_store, "CT ngực")
    view = open_and_wait(qtbot, window, ct.study_instance_uid)
    volume = weakref.ref(view.active.source.volume)
    window.actions_by_id["mpr"].trigger()
    mpr = window.tabs.currentWidget()
    qtbot.waitUntil(lambda tab=mpr: tab.mip_source is not None and tab.mip_source.ready.all(), timeout=20_000)
    projected = weakref.ref(mpr.mip_source.volume)  # the pooled copy the MIP job worked on
    window._close_tab(window.tabs.indexOf(mpr))
    window._close_tab(window.tabs.indexOf(view))
    del view, mpr
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # as the event loop does
    gc.collect()
    assert projected() is None
    assert volume() is None


def test_an_mpr_tab_belongs_to_its_study_and_closes_with_it(demo_store, qtbot):
    """On the MPR tab the study's measurement list, report and commands are there (the
    tab is the study's); closing the study closes its MPR, whose measurements it saves."""
    from tests.app.test_measurements_in_app import draw_length

    window = make_window(qtbot, demo_store)
    ct = find_study(demo_store, "CT ngực")
    view = open_and_wait(qtbot, window, ct.study_instance_uid)
    window.actions_by_id["mpr"].trigger()
    mpr = window.tabs.currentWidget()
    assert window.current_study_uid() == ct.study_instance_uid
    assert window.measure.panel_stack.currentWidget() is window.measure.panels[ct.study_instance_uid]
    window.actions_by_id["length"].trigger()
    coronal = mpr.views["coronal"]
    qtbot.wait(50)
    draw_length(qtbot, coronal, (coronal.width() // 6, coronal.height() // 5),
                (coronal.width() // 3, coronal.height() // 5))
    tabs = window.tabs.count()
    window._close_tab(window.tabs.indexOf(view))
    assert window.tabs.count() == tabs - 2 and window.tabs.indexOf(mpr) == -1 and window.derived_tabs == {}
    assert demo_store.load_annotations(ct.study_instance_uid)  # the MPR length was saved with the study
