"""The main window on the demo store: browse, open with hanging protocols, read, screenshots."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from viewer.images import from_qimage
from workstation.app.main_window import MainWindow
from workstation.app.settings import Settings

SCREENSHOTS = Path(__file__).resolve().parents[1] / "artifacts" / "screenshots"


def make_window(qtbot, store) -> MainWindow:
    window = MainWindow(store, Settings())
    qtbot.addWidget(window)
    window.resize(1600, 1000)
    window.show()
    qtbot.waitExposed(window)
    return window


def open_and_wait(qtbot, window: MainWindow, study_uid: str):
    view = window.open_study(study_uid)
    loading = window.loadings[study_uid]
    with qtbot.waitSignal(loading.signals.finished, timeout=60_000):
        pass
    qtbot.wait(50)
    return view


def find_study(store, text: str):
    return next(s for s in store.query_studies() if text.lower() in s.description.lower())


def test_empty_store_shows_a_helpful_empty_state(qtbot, tmp_path):
    from workstation.store import LocalStore

    store = LocalStore(tmp_path / "empty")
    window = make_window(qtbot, store)
    assert window.browser.stack.currentWidget() is window.browser.empty
    assert "Import" in window.browser.empty.text()
    menus = [action.text() for action in window.menuBar().actions()]
    assert menus[0] == "File" and menus[-1] == "Help", menus  # controllers' menus come before Help
    store.close()


def test_the_program_starts_in_the_dark_reading_room_theme(qapp):
    from PySide6.QtGui import QPalette

    from workstation.app.gui import create_application

    assert create_application() is qapp
    palette = qapp.palette()
    for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base, QPalette.ColorRole.Button):
        assert palette.color(role).lightness() < 60, role  # the images stay the brightest thing
    assert palette.color(QPalette.ColorRole.Text).lightness() > 150
    assert qapp.style().name().lower() == "fusion"


def test_browser_lists_and_searches_without_diacritics(demo_store, qtbot):
    window = make_window(qtbot, demo_store)
    assert window.browser.model.rowCount() >= 5
    window.browser.name.setText("nguyen van an")
    window.browser.refresh()
    names = {s.patient.display_name for s in window.browser.model.studies}
    assert names == {"Nguyễn Văn An"}
    browser = window.browser
    assert browser.modality.currentText() == "all modalities" and browser.dates.currentText() == "any date"
    browser.modality.setCurrentIndex(browser.modality.findData("MR"))
    browser.refresh()
    assert browser.model.studies and all("MR" in s.modalities for s in browser.model.studies)
    browser.modality.setCurrentIndex(0)
    browser.refresh()
    assert len({m for s in browser.model.studies for m in s.modalities}) > 1


def test_open_ct_with_prior_hangs_side_by_side_and_shows_pixels(demo_store, qtbot):
    window = make_window(qtbot, demo_store)
    ct = max((s for s in demo_store.query_studies(modality="CT") if "PET" not in s.description),
             key=lambda s: s.study_date)
    view = open_and_wait(qtbot, window, ct.study_instance_uid)
    shown = [v for v in view.grid.viewports if v.source is not None]
    assert len(shown) >= 2, "a CT with a prior in the store hangs current and prior"
    studies = {v.source.volume.study.study_instance_uid for v in shown}
    assert ct.study_instance_uid in studies and len(studies) == 2
    for viewport in shown:
        assert viewport.display_array() is not None
        assert viewport.display_array().max() > 0


def test_first_image_is_decoded_before_the_rest(demo_store, qtbot):
    window = make_window(qtbot, demo_store)
    ct = max((s for s in demo_store.query_studies(modality="CT") if "PET" not in s.description),
             key=lambda s: s.study_date)
    order: list[tuple[int, int]] = []
    view = window.open_study(ct.study_instance_uid)
    loading = window.loadings[ct.study_instance_uid]
    loading.signals.slice_loaded.connect(lambda volume, k: order.append((id(volume), k)))
    with qtbot.waitSignal(loading.signals.finished, timeout=60_000):
        pass
    qtbot.wait(50)
    active = view.grid.viewports[0]
    first_shown = (id(active.source.volume), active.state.slice_index)
    assert first_shown in order[:2], "the slice on screen is among the first decoded"
    assert len(order) > 10


def test_keys_scroll_and_presets_window(demo_store, qtbot):
    window = make_window(qtbot, demo_store)
    ct = find_study(demo_store, "CT ngực")
    view = open_and_wait(qtbot, window, ct.study_instance_uid)
    viewport = view.grid.viewports[0]
    viewport.setFocus()
    start = viewport.state.slice_index
    window.actions_by_id["next_image"].trigger()
    assert viewport.state.slice_index == start + 1
    window.apply_preset_key(4)  # CT lung
    assert (viewport.state.voi.center, viewport.state.voi.width) == (-600, 1500)
    window.actions_by_id["invert"].trigger()
    assert viewport.state.invert


def test_layout_change_and_drag_of_a_series_into_a_viewport(demo_store, qtbot):
    window = make_window(qtbot, demo_store)
    study = find_study(demo_store, "CT ngực")
    view = open_and_wait(qtbot, window, study.study_instance_uid)
    window.set_layout("3x3")
    assert len(view.grid.viewports) == 9
    empty = next(v for v in view.grid.viewports if v.source is None)
    key = view.strip.keys()[0]
    empty.series_dropped.emit(key)
    assert empty.source is view.stacks[key].source


def test_screenshots_ct_2x2_and_mr(demo_store, qtbot):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    window = make_window(qtbot, demo_store)
    ct = find_study(demo_store, "CT ngực")
    view = open_and_wait(qtbot, window, ct.study_instance_uid)
    window.set_layout("2x2")
    keys = view.strip.keys()
    for viewport, key in zip(view.grid.viewports, keys * 4):
        view.show_stack(key, viewport)
    view.grid.viewports[1].set_voi(view.grid.viewports[1].effective_voi())
    window.apply_preset_key(4)
    qtbot.wait(100)
    image = window.grab()
    image.save(str(SCREENSHOTS / "main_window_ct_2x2.png"))
    assert from_qimage(image.toImage()).mean() > 5
    mr = next(s for s in demo_store.query_studies(modality="MR"))
    open_and_wait(qtbot, window, mr.study_instance_uid)
    window.grab().save(str(SCREENSHOTS / "main_window_mr.png"))
    window.tabs.setCurrentIndex(0)
    window.grab().save(str(SCREENSHOTS / "study_browser.png"))


def test_the_chosen_layout_is_remembered_for_studies_without_a_protocol(demo_store, qtbot, tmp_path):
    from workstation.phantoms import write_us_cine

    write_us_cine(tmp_path / "us", frames=4, size=(60, 80))
    demo_store.import_paths([tmp_path / "us"])
    window = make_window(qtbot, demo_store)
    window.set_layout("1+2")
    window.close()  # saves the settings, layouts per screen configuration included
    again = MainWindow(demo_store, Settings.load())
    qtbot.addWidget(again)
    us = next(s for s in demo_store.query_studies(modality="US"))
    view = open_and_wait(qtbot, again, us.study_instance_uid)
    assert view.grid.spec.name == "1+2"


def test_grow_study_decodes_only_the_new_slices_in_the_same_view(qtbot, tmp_path, monkeypatch):
    import pydicom

    from workstation import phantoms as P
    from workstation.dicomio import loader
    from workstation.store import LocalStore

    series = P.write_ct(tmp_path / "ct", shape=(30, 32, 32))
    paths = sorted(series.paths)
    early = paths[::3]  # every third slice arrived first: the rest interleave with them
    store = LocalStore(tmp_path / "store")
    store.import_paths([str(p) for p in early])
    window = make_window(qtbot, store)
    view = open_and_wait(qtbot, window, series.study_instance_uid)
    [stack] = view.stacks.values()
    assert len(stack.volume.frames) == 10 and stack.volume.loaded.all()
    viewport = view.active
    viewport.set_slice(7)
    sop = stack.volume.frames[7].sop_instance_uid
    decoded: list[str] = []
    real = loader._decode_file
    monkeypatch.setattr(loader, "_decode_file", lambda layout, slots: (decoded.append(layout.path),
                                                                      real(layout, slots))[1])
    store.import_paths([str(p) for p in paths if p not in early])

    loading = window.loadings[series.study_instance_uid]
    with qtbot.waitSignal(loading.signals.finished, timeout=30_000):
        assert window.grow_study(series.study_instance_uid)

    [grown] = view.stacks.values()
    assert window.views[series.study_instance_uid] is view and grown.key == stack.key
    assert grown.volume is not stack.volume and len(grown.volume.frames) == 30 and grown.volume.loaded.all()
    assert len(decoded) == 20, decoded
    early_sops = {pydicom.dcmread(p, stop_before_pixels=True).SOPInstanceUID for p in early}
    assert not {pydicom.dcmread(p, stop_before_pixels=True).SOPInstanceUID for p in decoded} & early_sops, \
        "slices decoded before the growth are copied, not decoded again"
    assert viewport.source is grown.source
    assert grown.volume.frames[viewport.state.slice_index].sop_instance_uid == sop
    truth = {ds.SOPInstanceUID: ds.pixel_array for ds in (pydicom.dcmread(p) for p in paths)}
    for k, frame in enumerate(grown.volume.frames):
        assert np.array_equal(grown.volume.pixels[k], truth[frame.sop_instance_uid]), k
    assert view.strip.item(0).text().endswith("30 image(s)")
    assert window.message.text() == "1 series, 30 image(s) so far"  # the status bar follows the growth

    decoded.clear()
    with qtbot.waitSignal(loading.signals.grown, timeout=30_000):
        assert window.grow_study(series.study_instance_uid)  # nothing new: nothing changes
    qtbot.wait(100)
    assert next(iter(view.stacks.values())) is grown and not decoded
    window.close()
    store.close()


def test_quitting_while_a_study_decodes_cancels_and_waits_for_the_workers(qtbot, tmp_path, monkeypatch):
    """app.quit() without closing the window (the bundle's timing mode, a session ending)
    must not leave decoding threads emitting into objects Python is tearing down."""
    import time

    from PySide6.QtCore import QThreadPool
    from PySide6.QtWidgets import QApplication

    from workstation import phantoms as P
    from workstation.dicomio import loader
    from workstation.store import LocalStore

    series = P.write_ct(tmp_path / "ct", shape=(40, 32, 32))
    store = LocalStore(tmp_path / "store")
    store.import_paths([str(p) for p in series.paths])
    real = loader._decode_file
    monkeypatch.setattr(loader, "_decode_file", lambda layout, slots: (time.sleep(0.05), real(layout, slots))[1])
    window = make_window(qtbot, store)
    window.open_study(series.study_instance_uid)
    loading = window.loadings[series.study_instance_uid]
    qtbot.waitUntil(lambda: loading.planned is not None and QThreadPool.globalInstance().activeThreadCount() > 0,
                    timeout=30_000)
    QApplication.instance().aboutToQuit.emit()
    assert loading.cancel.is_set()
    assert QThreadPool.globalInstance().activeThreadCount() == 0  # waited for, not left running
    [planned] = loading.planned
    assert not planned.loader.volumes[0].loaded.all()  # cancelled, not decoded to the end first
    window.close()  # the close after a quit does not save or stop twice
    store.close()


def test_a_replan_that_ends_after_its_window_is_gone_changes_nothing(qtbot, tmp_path):
    """A re-plan still running in the thread pool when the window is deleted (a test's
    teardown, a second monitor's window closed) must not touch the deleted widgets."""
    import shiboken6

    from workstation import phantoms as P
    from workstation.store import LocalStore

    series = P.write_ct(tmp_path / "ct", shape=(12, 32, 32))
    paths = sorted(str(p) for p in series.paths)
    store = LocalStore(tmp_path / "store")
    store.import_paths(paths[:6])
    window = MainWindow(store, Settings())  # not given to qtbot: deleted by hand below
    window.show()
    view = window.open_study(series.study_instance_uid)
    loading = window.loadings[series.study_instance_uid]
    with qtbot.waitSignal(loading.signals.finished, timeout=30_000):
        pass
    store.import_paths(paths[6:])
    with qtbot.waitSignal(loading.signals.grown, timeout=30_000) as blocker:
        assert window.grow_study(series.study_instance_uid)
    growth = blocker.args[0]
    assert growth.changed and len(next(iter(view.stacks.values())).volume.frames) == 12
    window.close()
    shiboken6.delete(window)
    assert not shiboken6.isValid(view)
    # the same result arriving late, as from a re-plan that finished after the window went
    loading.signals.grown.emit(growth)  # an exception in a slot here fails the test (pytest-qt)
    loading.signals.finished.emit()
    store.close()


def test_every_shortcut_belongs_to_one_action(demo_store, qtbot):
    from collections import Counter

    window = make_window(qtbot, demo_store)
    keys = Counter(action.shortcut().toString() for action in window.actions_by_id.values()
                   if not action.shortcut().isEmpty())
    assert keys and [key for key, n in keys.items() if n > 1] == []


def test_quit_closes_every_window_of_the_station_and_each_saves(demo_store, qtbot):
    """File > Quit (Ctrl+Q) ends the program: every viewer window closes, saving its work.
    (It used to run the on-exit clean-up only: the window stayed, its SCP and loads stopped.)"""
    first, second = make_window(qtbot, demo_store), make_window(qtbot, demo_store)
    ct = find_study(demo_store, "CT ngực")
    open_and_wait(qtbot, second, ct.study_instance_uid)
    first.actions_by_id["quit"].trigger()
    qtbot.waitUntil(lambda: not first.isVisible() and not second.isVisible())
    assert first._shut_down and second._shut_down


def test_a_damaged_archive_index_stops_the_start_with_a_dialog_not_a_traceback(tmp_path, monkeypatch, qapp):
    """From a desktop icon nobody sees a traceback: the program says what is wrong, that the
    images are untouched and what to do, then exits with 2."""
    from PySide6.QtWidgets import QMessageBox

    from workstation.app import gui

    home = tmp_path / "home"
    (home / "data").mkdir(parents=True)
    (home / "data" / "index.sqlite").write_bytes(b"not a database, a damaged disk block" * 4)
    monkeypatch.setenv("WORKSTATION_HOME", str(home))
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append((title, text)))
    assert gui.run_gui([]) == 2
    [(title, text)] = shown
    assert "cannot start" in title and "index.sqlite" in text and "No image file was changed" in text
    assert str(home / "data" / "dicom") in text


def test_a_hand_edited_settings_file_with_wrong_values_keeps_the_rest(tmp_path, caplog):
    """IT staff edit settings.json by hand: a value of the wrong type (or a file that is not
    an object at all) costs that setting its default, with a log line, never the start."""
    import json

    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"language": "vi", "retention_days": "one year", "cine_fps": 25,
                                "sync_zoom": 1, "layouts": {"A": "2x2"}, "unknown": True}), encoding="utf-8")
    settings = Settings.load(path)
    assert (settings.language, settings.cine_fps, settings.layouts) == ("vi", 25, {"A": "2x2"})
    assert settings.retention_days == 365 and settings.sync_zoom is False  # defaults, said in the log
    assert "retention_days" in caplog.text and "sync_zoom" in caplog.text
    path.write_text("[1, 2]", encoding="utf-8")
    assert Settings.load(path) == Settings()
