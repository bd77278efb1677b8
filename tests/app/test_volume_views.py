"""MPR, 3D and fusion opened from the main window, and refused with a reason on 2D-only series."""

from __future__ import annotations

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
    qtbot.wait(200)
    window._close_tab(window.tabs.currentIndex())
    window._close_tab(window.tabs.indexOf(mpr))
    assert window.tabs.count() == tabs


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
