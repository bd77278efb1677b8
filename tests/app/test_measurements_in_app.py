"""Measurements through the main window: drawn with the real tool, saved in the store,
back after a restart, exported as a presentation state the store keeps."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt

from tests.app.test_main_window import find_study, make_window, open_and_wait


def draw_length(qtbot, viewport, a, b) -> None:
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=QPoint(*a))
    qtbot.mouseMove(viewport, QPoint(*b))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=QPoint(*b))


def test_a_length_survives_a_restart_and_goes_into_a_gsps(demo_store, qtbot):
    window = make_window(qtbot, demo_store)
    ct = find_study(demo_store, "CT ngực")
    view = open_and_wait(qtbot, window, ct.study_instance_uid)
    window.actions_by_id["length"].trigger()
    viewport = view.grid.viewports[0]
    draw_length(qtbot, viewport, (300, 300), (420, 300))
    session = window.measure.sessions[ct.study_instance_uid]
    (measurement,) = list(session.measurements)
    assert measurement.kind == "length" and measurement.label().endswith("mm")
    window.actions_by_id["undo"].trigger()
    assert len(session.measurements) == 0
    window.actions_by_id["redo"].trigger()
    assert len(session.measurements) == 1
    window.close()

    again = make_window(qtbot, demo_store)
    view = open_and_wait(qtbot, again, ct.study_instance_uid)
    restored = list(again.measure.sessions[ct.study_instance_uid].measurements)
    assert [m.id for m in restored] == [measurement.id]
    assert restored[0].label() == measurement.label()

    again.actions_by_id["save_gsps"].trigger()
    pr = [s for s in demo_store.series(ct.study_instance_uid) if s.modality == "PR"]
    assert len(pr) == 1 and "Presentation state saved" in again.message.text()


def test_a_length_on_an_mpr_plane_survives_a_restart_on_that_plane(demo_store, qtbot):
    """A length on a coronal reformat belongs to no stored image; it is kept with the study
    and shows again on the same coronal plane after the program restarts."""
    window = make_window(qtbot, demo_store)
    ct = find_study(demo_store, "CT ngực")
    open_and_wait(qtbot, window, ct.study_instance_uid)
    window.actions_by_id["mpr"].trigger()
    window.actions_by_id["length"].trigger()
    coronal = window.tabs.currentWidget().views["coronal"]
    qtbot.wait(50)
    draw_length(qtbot, coronal, (coronal.width() // 6, coronal.height() // 5),
                (coronal.width() // 3, coronal.height() // 5))
    session = window.measure.sessions[ct.study_instance_uid]
    (length,) = list(session.measurements)
    assert length.ref is None and session.image_label(length) == "MPR coronal"  # the list says where it is
    window.close()

    again = make_window(qtbot, demo_store)
    open_and_wait(qtbot, again, ct.study_instance_uid)
    session = again.measure.sessions[ct.study_instance_uid]
    (restored,) = list(session.measurements)
    assert restored.id == length.id and restored.ref is None and restored.label() == length.label()
    again.actions_by_id["mpr"].trigger()
    mpr = again.tabs.currentWidget()
    qtbot.wait(50)
    assert session.shown_measurements(mpr.views["coronal"]) == [restored]
    assert session.shown_measurements(mpr.views["axial"]) == []


def test_copy_image_and_table_reach_the_clipboard(demo_store, qtbot):
    from PySide6.QtGui import QGuiApplication

    window = make_window(qtbot, demo_store)
    ct = find_study(demo_store, "CT ngực")
    view = open_and_wait(qtbot, window, ct.study_instance_uid)
    window.actions_by_id["copy_image"].trigger()
    image = QGuiApplication.clipboard().image()
    viewport = view.grid.viewports[0]
    assert (image.width(), image.height()) == (viewport.width(), viewport.height())
    window.actions_by_id["ellipse"].trigger()
    draw_length(qtbot, viewport, (300, 300), (340, 330))
    window.actions_by_id["copy_measurement_table"].trigger()
    mime = QGuiApplication.clipboard().mimeData()
    assert "HU" in mime.text() and "<table" in mime.html()


def export_from_the_mr(qtbot, store, monkeypatch, action: str, fill):
    """Open the demo MR, answer the export dialog with ``fill(dialog)`` and trigger
    ``action``; returns the window and the study view."""
    from PySide6.QtWidgets import QDialog

    from workstation.app.image_export_controller import ExportDialog

    def accept(dialog):
        fill(dialog)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ExportDialog, "exec", accept)
    window = make_window(qtbot, store)
    mr = next(s for s in store.query_studies(modality="MR"))
    view = open_and_wait(qtbot, window, mr.study_instance_uid)
    window.actions_by_id[action].trigger()
    return window, view


def test_export_images_dialog_writes_the_series(demo_store, qtbot, tmp_path, monkeypatch):
    def fill(dialog):
        dialog.destination.setText(str(tmp_path))
        dialog.scope.setCurrentIndex(1)  # the whole series
        dialog.format.setCurrentText("png")
        dialog.anonymise.setChecked(True)

    _, view = export_from_the_mr(qtbot, demo_store, monkeypatch, "export_images", fill)
    written = sorted(tmp_path.rglob("*.png"))
    assert len(written) == len(view.grid.viewports[0].source)
    assert all("NGUYEN" not in p.name.upper() and p.name.isascii() for p in written)


@pytest.mark.parametrize("fmt", ["gif", "mp4"])
def test_export_cine_dialog_writes_or_says_what_is_missing(demo_store, qtbot, tmp_path, monkeypatch, fmt):
    from tools.image_export import mp4_available

    def fill(dialog):
        dialog.destination.setText(str(tmp_path))
        dialog.format.setCurrentText(fmt)

    window, _ = export_from_the_mr(qtbot, demo_store, monkeypatch, "export_cine", fill)
    written = tmp_path / f"cine.{fmt}"
    if fmt == "gif" or mp4_available():
        assert written.stat().st_size > 0 and str(written) in window.message.text()
    else:  # the reason, not a traceback; nothing half-written
        assert "imageio" in window.message.text() and not written.exists()


def test_export_to_an_unwritable_place_says_why(demo_store, qtbot, tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")

    def fill(dialog):
        dialog.destination.setText(str(blocker / "images"))  # a folder inside a file cannot be made

    window, _ = export_from_the_mr(qtbot, demo_store, monkeypatch, "export_images", fill)
    assert window.message.text().startswith("Export failed:")
    assert blocker.read_text() == "not a folder"
