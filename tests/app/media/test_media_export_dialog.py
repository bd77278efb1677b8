"""The export dialog and its background job, on the demo store, checked with xorriso and DCMTK."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pydicom
import pytest
from PySide6.QtCore import Qt
from pydicom.fileset import FileSet

from export.media import MediaOptions, MediaType
from export.media.dicomdir import check_dicomdir
from tests.app.media.conftest import SCREENSHOTS, demo_ct, make_window, media_controller, open_and_wait, wait_job
from tests.conftest import require_executable
from tests.export.media.conftest import dciodvfy_errors, extract_iso, iso_tree
from workstation.app.media.qt_media_dialog import MediaRequest


def _leftovers(folder: Path) -> list[str]:
    """Anything an export may have left: images, partial images, staging folders."""
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def _store_sops(store, study_uid: str) -> set[str]:
    return {i.sop_instance_uid for i in store.study_instances(study_uid)}


def test_the_dialog_exports_the_open_study_to_an_iso_in_the_background(demo_store, qtbot, monkeypatch, tmp_path):
    window = make_window(qtbot, demo_store, monkeypatch)
    controller = media_controller(window)
    study = demo_ct(demo_store)
    open_and_wait(qtbot, window, study.study_instance_uid)
    window.actions_by_id["export_media"].trigger()
    dialog = controller.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.selected_uids() == [study.study_instance_uid]  # the open study, ticked
    assert dialog.label.text() == "Nguyễn Văn An"
    assert not dialog.ok.isEnabled()  # nowhere to write yet
    dialog.set_media_type(MediaType.ISO)
    iso = tmp_path / "out" / "disc.iso"
    dialog.destination.setText(os.fspath(iso))
    qtbot.waitUntil(lambda: dialog.device.itemText(0) != "looking for burners...", timeout=60_000)
    assert dialog.ok.isEnabled() and "fits" not in dialog.size.text()  # an ISO file has no disc size
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    dialog.grab().save(os.fspath(SCREENSHOTS / "media_dialog.png"))
    steps: list[int] = []
    dialog.ok.click()
    job = controller.job
    assert job is not None, window.message.text()
    job.signals.progress.connect(lambda done, total, _text: steps.append(done))
    assert controller.cancel_button.isVisible()  # the GUI thread is free: Cancel can be clicked
    wait_job(qtbot, controller)
    assert iso.is_file(), window.message.text()
    assert steps and window.progress.isHidden() and controller.cancel_button.isHidden()
    assert "1 disc" in window.message.text()
    assert _leftovers(iso.parent) == ["disc.iso"]

    tree = iso_tree(iso)  # xorriso reads our image
    assert {"/DICOMDIR", "/DICOM", "/INDEX.HTM", "/README.TXT"} <= tree
    disc = extract_iso(iso, tmp_path / "disc")
    assert check_dicomdir(disc / "DICOMDIR") == []
    referenced = {Path(i.path).relative_to(disc).as_posix() for i in FileSet(disc / "DICOMDIR")}
    on_disc = {p[1:] for p in tree if p.startswith("/DICOM/") and (disc / p[1:]).is_file()}
    assert referenced == on_disc  # every file of DICOM/ is in the DICOMDIR and the other way round
    assert {str(i.SOPInstanceUID) for i in FileSet(disc / "DICOMDIR")} == _store_sops(
        demo_store, study.study_instance_uid)
    assert dciodvfy_errors(disc / "DICOMDIR") == []


def test_cancel_leaves_no_partial_iso_and_no_temporary_files(demo_store, qtbot, monkeypatch, tmp_path):
    window = make_window(qtbot, demo_store, monkeypatch)
    controller = media_controller(window)
    study = demo_ct(demo_store)
    out = tmp_path / "out"
    request = MediaRequest([study.study_instance_uid], MediaOptions(MediaType.ISO, previews=False),
                           destination=os.fspath(out / "disc.iso"))
    # 1. Cancel while the image is being written: stop from the worker's own progress report,
    #    when the .part file is there, as a click arriving at that moment would.
    seen_part: list[bool] = []

    def cancel_while_writing(done: int, total: int, text: str) -> None:
        if text.startswith("writing") and (out / "disc.iso.part").exists() and not job.cancel.is_set():
            seen_part.append((out / "disc.iso.part").exists())
            job.cancel.set()

    job = controller.export(request)
    job.signals.progress.connect(cancel_while_writing, Qt.ConnectionType.DirectConnection)
    wait_job(qtbot, controller)
    assert seen_part == [True]  # cancelled half-way through the image
    assert "cancelled" in window.message.text()
    assert _leftovers(out) == []
    # 2. The Cancel button in the status bar, clicked right after the start.
    controller.export(request)
    assert controller.cancel_button.isVisible()
    qtbot.mouseClick(controller.cancel_button, Qt.MouseButton.LeftButton)
    wait_job(qtbot, controller)
    assert "cancelled" in window.message.text() and _leftovers(out) == []


def test_missing_files_are_reported_and_nothing_is_written(demo_store, qtbot, monkeypatch, tmp_path):
    window = make_window(qtbot, demo_store, monkeypatch)
    controller = media_controller(window)
    study = demo_ct(demo_store)
    gone = sorted(i.path for i in demo_store.study_instances(study.study_instance_uid))[3:5]
    for path in gone:
        os.remove(path)
    out = tmp_path / "out"
    for media, destination in ((MediaType.ISO, out / "disc.iso"), (MediaType.USB, out / "usb")):
        controller.export(MediaRequest([study.study_instance_uid], MediaOptions(media),
                                       destination=os.fspath(destination)))
        wait_job(qtbot, controller)
        message = window.message.text()
        assert "2 file(s) cannot be exported, nothing was written" in message
        assert os.path.basename(gone[0]) in message
        assert not destination.exists() or _leftovers(destination) == []
    assert [p for p in _leftovers(out) if p != "usb"] == []


def test_vietnamese_names_are_ascii_on_the_usb_folder_and_exact_inside(demo_store, qtbot, monkeypatch, tmp_path):
    window = make_window(qtbot, demo_store, monkeypatch)
    controller = media_controller(window)
    study = demo_ct(demo_store)
    window.browser.refresh()
    row = next(r for r in range(window.browser.proxy.rowCount())
               if window.browser.proxy.data(window.browser.proxy.index(r, 0), Qt.ItemDataRole.UserRole)
               == study.study_instance_uid)
    window.browser.table.selectRow(row)  # chosen in the browser, not opened
    dialog = controller.export_studies(demo_store.query_studies(), controller._chosen_studies())
    assert dialog.selected_uids() == [study.study_instance_uid]
    dialog.set_media_type(MediaType.USB)
    usb = tmp_path / "usb"
    dialog.destination.setText(os.fspath(usb))
    dialog.label.setText("Phim chụp của Nguyễn Văn Ân")
    dialog.label.textEdited.emit(dialog.label.text())
    dialog.ok.click()
    wait_job(qtbot, controller)
    assert (usb / "DICOMDIR").is_file(), window.message.text()
    for path in usb.rglob("*"):
        assert path.name.isascii() and " " not in path.name, path
    dicomdir = pydicom.dcmread(usb / "DICOMDIR")
    assert dicomdir.FileSetID == "PHIM_CHUP_CUA_NG"  # transliterated, 16 characters
    names = {str(r.PatientName) for r in dicomdir.DirectoryRecordSequence if r.DirectoryRecordType == "PATIENT"}
    assert names == {"Nguyễn^Văn An"}
    first = next(i for i in FileSet(usb / "DICOMDIR"))
    assert str(pydicom.dcmread(first.path).PatientName) == "Nguyễn^Văn An"
    index = (usb / "INDEX.HTM").read_text(encoding="utf-8")
    assert "Phim chụp của Nguyễn Văn Ân" in index and "Nguyễn Văn An" in index


def test_a_study_larger_than_the_disc_is_split_over_several_images(demo_store, qtbot, monkeypatch, tmp_path):
    window = make_window(qtbot, demo_store, monkeypatch)
    controller = media_controller(window)
    study = demo_ct(demo_store)
    capacity = 6 * 1024 * 1024  # the demo CT is ~10.5 MB
    options = MediaOptions(MediaType.CD, disc_capacity=capacity, previews=False)
    controller.export(MediaRequest([study.study_instance_uid], options, destination=os.fspath(tmp_path / "ct.iso")))
    wait_job(qtbot, controller)
    images = sorted(tmp_path.glob("ct-*of*.iso"))
    assert len(images) >= 2, window.message.text()
    assert f"{len(images)} discs" in window.message.text()
    seen: set[str] = set()
    for n, iso in enumerate(images, start=1):
        assert iso.stat().st_size <= capacity
        disc = extract_iso(iso, tmp_path / f"disc{n}")
        assert check_dicomdir(disc / "DICOMDIR") == []
        uids = {str(i.SOPInstanceUID) for i in FileSet(disc / "DICOMDIR")}
        assert not uids & seen
        seen |= uids
    assert seen == _store_sops(demo_store, study.study_instance_uid)


def test_pacs_studies_are_fetched_first_through_the_callers_fetch(demo_store, qtbot, monkeypatch, tmp_path,
                                                                   demo_files):
    """A study of a query result that is not in the store: ``fetch`` brings it (here from
    the demo files, as a retrieve would), in the job, before the export."""
    window = make_window(qtbot, demo_store, monkeypatch)
    controller = media_controller(window)
    study = demo_ct(demo_store)
    uid = study.study_instance_uid
    demo_store.delete_study(uid)
    assert demo_store.study(uid) is None
    fetched: list[list[str]] = []

    def fetch(uids, progress, cancel):
        fetched.append(list(uids))
        demo_store.import_paths([demo_files[0]], cancel=cancel)

    dialog = controller.export_studies([study], [uid], fetch=fetch)
    assert "retrieved first" in dialog.list.topLevelItem(0).text(5)
    dialog.set_media_type(MediaType.ISO)
    dialog.destination.setText(os.fspath(tmp_path / "pacs.iso"))
    dialog.ok.click()
    wait_job(qtbot, controller)
    assert fetched == [[uid]]
    assert (tmp_path / "pacs.iso").is_file(), window.message.text()
    xorriso = require_executable("xorriso")
    listing = subprocess.run([xorriso, "-indev", os.fspath(tmp_path / "pacs.iso"), "-find", "/DICOM", "-type", "f"],
                             capture_output=True, text=True, check=True).stdout
    assert listing.count("IM0") == study.instance_count


@pytest.mark.parametrize("media", [MediaType.CD, MediaType.DVD, MediaType.DVD_DL])
def test_the_size_line_says_how_many_discs(demo_store, qtbot, monkeypatch, media):
    window = make_window(qtbot, demo_store, monkeypatch)
    controller = media_controller(window)
    study = demo_ct(demo_store)
    dialog = controller.export_studies([study], [study.study_instance_uid])
    dialog.set_devices([])
    dialog.set_media_type(media)
    assert "fits on one disc" in dialog.size.text()
    assert "ISO file" in dialog.size.text()  # no burner here: written as an image
    assert not dialog.burning()


def test_the_dialog_choices_reach_the_disc_viewer_and_de_identification(demo_store, qtbot, monkeypatch, tmp_path):
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    (bundle / "workstation").write_bytes(b"#!/bin/sh\n")
    (bundle / "workstation.exe").write_bytes(b"MZ")
    window = make_window(qtbot, demo_store, monkeypatch)
    window.settings.viewer_bundle = os.fspath(bundle)
    controller = media_controller(window)
    study = demo_ct(demo_store)
    dialog = controller.export_studies([study], [study.study_instance_uid])
    assert dialog.viewer.isEnabled() and dialog.viewer.isChecked()
    dialog.anonymize.setChecked(True)
    assert dialog.label.text() == "Anonymised images"
    dialog.previews.setChecked(False)
    dialog.set_media_type(MediaType.USB)
    usb = tmp_path / "usb"
    dialog.destination.setText(os.fspath(usb))
    request = dialog.request()
    assert (request.options.anonymize, request.options.previews, request.options.viewer_bundle) == (
        True, False, os.fspath(bundle))
    dialog.ok.click()
    wait_job(qtbot, controller)
    assert (usb / "VIEWER" / "workstation.exe").read_bytes() == b"MZ", window.message.text()
    assert "VIEWER" in (usb / "AUTORUN.INF").read_text(encoding="utf-8", errors="replace").upper()
    assert not (usb / "IHE_PDI").exists()  # no previews asked for
    for item in FileSet(usb / "DICOMDIR"):
        data = Path(item.path).read_bytes()
        assert "Nguyễn".encode() not in data and b"VN-000123" not in data


def test_burning_goes_disc_by_disc_to_a_simulated_drive(demo_store, qtbot, monkeypatch, tmp_path):
    require_executable("xorriso")
    from PySide6.QtWidgets import QMessageBox

    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr("tempfile.tempdir", os.fspath(scratch))
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda parent, title, text, *a: asked.append(text) or QMessageBox.StandardButton.Yes)
    window = make_window(qtbot, demo_store, monkeypatch)
    controller = media_controller(window)
    study = demo_ct(demo_store)
    drive = tmp_path / "drive.img"
    options = MediaOptions(MediaType.CD, disc_capacity=6 * 1024 * 1024, previews=False)
    controller.export(MediaRequest([study.study_instance_uid], options, device=f"stdio:{drive}", verify=True))
    qtbot.waitUntil(lambda: "burned" in window.message.text() or "failed" in window.message.text(),
                    timeout=120_000)
    discs = int(window.message.text().split()[0])
    assert window.message.text() == f"{discs} disc(s) burned" and discs >= 2
    assert asked == [f"Insert a blank disc for disc {n} of {discs}." for n in range(2, discs + 1)]
    assert list(scratch.iterdir()) == []  # the images were removed after burning
    disc = extract_iso(drive, tmp_path / "disc2")  # the last disc burned is readable
    assert check_dicomdir(disc / "DICOMDIR") == []


def test_an_export_without_a_destination_is_refused_before_it_starts(demo_store, qtbot, monkeypatch):
    window = make_window(qtbot, demo_store, monkeypatch)
    controller = media_controller(window)
    study = demo_ct(demo_store)
    with pytest.raises(ValueError, match="where to write"):
        controller.export(MediaRequest([study.study_instance_uid], MediaOptions(MediaType.ISO)))
    with pytest.raises(ValueError, match="CD or DVD"):
        controller.export(MediaRequest([study.study_instance_uid], MediaOptions(MediaType.USB), device="/dev/sr0"))
    assert controller.job is None


def test_media_shortcuts_collide_with_no_other_command(demo_store, qtbot, monkeypatch):
    from workstation.app import main_window
    from workstation.app.media_controller import MediaController

    monkeypatch.setattr(main_window, "CONTROLLERS", tuple(main_window.CONTROLLERS) + (MediaController,))
    window = main_window.MainWindow(demo_store, main_window.Settings())
    qtbot.addWidget(window)
    keys = [a.shortcut().toString() for a in window.actions_by_id.values() if not a.shortcut().isEmpty()]
    assert "Ctrl+Alt+D" in keys and "Ctrl+Alt+P" in keys
    assert len(keys) == len(set(keys)), sorted(k for k in keys if keys.count(k) > 1)
