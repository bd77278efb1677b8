"""Importing files and folders: good objects stored, bad ones skipped with a reason."""

from __future__ import annotations

import os
import re
import threading
from pathlib import Path

import pydicom
import pytest
from pydicom.fileset import FileSet
from pydicom.uid import RLELossless, generate_uid

from tests.store.factory import make_image, make_sr, part10_bytes, stored_files, temp_files, write, write_series
from tests.testdata import data_dirs
from workstation.model.errors import OperationCancelled
from workstation.store import ImportStatus, LocalStore


def _skip_reason(report, path: Path) -> str:
    reasons = [s.reason for s in report.skipped if Path(s.path) == path]
    assert reasons, f"{path} was not reported as skipped: {report.skipped}"
    return reasons[0]


def test_good_files_are_copied_byte_for_byte_and_indexed(store, tmp_path):
    paths = write_series(tmp_path / "in", 3)
    report = store.import_paths([tmp_path / "in"])
    assert (report.instances, report.series, report.studies, report.duplicates) == (3, 1, 1, 0)
    assert report.skipped == []
    study_uid = pydicom.dcmread(paths[0]).StudyInstanceUID
    assert report.study_uids == [study_uid]
    stored = store.study_instances(study_uid)
    assert len(stored) == 3
    by_sop = {pydicom.dcmread(p).SOPInstanceUID: p.read_bytes() for p in paths}
    for inst in stored:
        assert Path(inst.path).is_file() and Path(inst.path).is_relative_to(store.root / "dicom")
        assert Path(inst.path).read_bytes() == by_sop[inst.sop_instance_uid]
    assert report.nbytes == sum(len(b) for b in by_sop.values())
    assert temp_files(store) == []
    assert "Imported 3 instances (1 series in 1 study)" in report.summary()


def test_stored_paths_are_short_and_filesystem_safe(store):
    """Windows' MAX_PATH is 260: the part below the root stays at 68 characters of [0-9a-f/.dcm]."""
    outcome = store.import_bytes(part10_bytes(make_image(study_uid="1." + "2" * 62, sop_uid="1." + "3" * 62)))
    relative = Path(outcome.path).relative_to(store.root).as_posix()
    assert len(relative) == 68
    assert re.fullmatch(r"dicom/[0-9a-f]{16}/[0-9a-f]{16}/[0-9a-f]{24}\.dcm", relative)


def test_a_single_file_path_string_is_accepted(store, tmp_path):
    path = write(make_image(), tmp_path / "one.dcm")
    assert store.import_paths(str(path)).instances == 1


def test_reimport_reports_duplicates_and_keeps_the_first_file(store, tmp_path):
    ds = make_image()
    first = write(ds, tmp_path / "a" / "x.dcm")
    store.import_paths([first])
    ds.PatientName = "Changed^Name"
    second = write(ds, tmp_path / "b" / "x.dcm")  # same SOP Instance UID, other content
    report = store.import_paths([tmp_path / "a", second])
    assert (report.instances, report.duplicates) == (0, 1)  # scan keeps one of the two copies
    assert report.study_uids == [ds.StudyInstanceUID]  # what the import brought, even if already here
    [inst] = store.study_instances(ds.StudyInstanceUID)
    assert Path(inst.path).read_bytes() == first.read_bytes()
    assert store.study(ds.StudyInstanceUID).patient.name == "Nguyễn^Văn An"
    assert len(stored_files(store)) == 1


@pytest.mark.filterwarnings("ignore:End of file reached before delimiter")  # pydicom, on a cut file
def test_mixed_folder_stores_dicom_and_skips_the_rest_with_reasons(store, tmp_path):
    folder = tmp_path / "cd"
    good = write_series(folder / "ct", 2)
    sr = make_sr(study_uid=pydicom.dcmread(good[0]).StudyInstanceUID)
    write(sr, folder / "sr" / "report.dcm")
    (folder / "garbage.dcm").write_bytes(os.urandom(3000))
    (folder / "fake_preamble.dcm").write_bytes(b"\0" * 128 + b"DICM" + os.urandom(500))
    (folder / "README.TXT").write_text("Đĩa CD của bệnh viện", encoding="utf-8")
    (folder / "index.html").write_text("<html></html>")
    (folder / "cut_in_pixels.dcm").write_bytes(part10_bytes(make_image(size=32))[:-100])
    (folder / "cut_in_header.dcm").write_bytes(part10_bytes(make_image(size=32))[:300])
    whole = part10_bytes(make_image(size=32))
    pixel_start = whole.index(b"\xe0\x7f\x10\x00")  # (7FE0,0010) Pixel Data
    (folder / "cut_before_pixels.dcm").write_bytes(whole[:pixel_start])
    rle = make_image(size=32)
    rle.compress(RLELossless)
    rle_bytes = part10_bytes(rle)
    (folder / "cut_rle.dcm").write_bytes(rle_bytes[:-40])

    report = store.import_paths([folder])

    assert report.instances == 3 and report.studies == 1 and report.series == 2
    assert store.has_instance(sr.SOPInstanceUID)
    assert [s.modality for s in store.series(sr.StudyInstanceUID)].count("SR") == 1
    assert "not a DICOM" in _skip_reason(report, folder / "garbage.dcm")
    assert _skip_reason(report, folder / "fake_preamble.dcm")
    assert "not a DICOM" in _skip_reason(report, folder / "README.TXT")
    assert "not a DICOM" in _skip_reason(report, folder / "index.html")
    assert "truncated" in _skip_reason(report, folder / "cut_in_pixels.dcm")
    assert _skip_reason(report, folder / "cut_in_header.dcm")
    assert "without Pixel Data" in _skip_reason(report, folder / "cut_before_pixels.dcm")
    assert "truncated" in _skip_reason(report, folder / "cut_rle.dcm")
    assert len(report.skipped) == 8
    assert len(stored_files(store)) == 3 and temp_files(store) == []
    assert "8 files skipped" in report.summary()


def test_image_without_position_and_mixed_series_are_stored(store, tmp_path):
    """Geometry problems are the loader's business: the archive keeps every valid object."""
    study = generate_uid()
    series = generate_uid()
    write(make_image(study_uid=study, series_uid=series, position=False), tmp_path / "in" / "a.dcm")
    write(make_image(study_uid=study, series_uid=series, size=16, z=5), tmp_path / "in" / "b.dcm")
    write(make_image(study_uid=study, modality="MR"), tmp_path / "in" / "c.dcm")
    report = store.import_paths([tmp_path / "in"])
    assert (report.instances, report.series, report.skipped) == (3, 2, [])
    assert store.study(study).modalities == ("CT", "MR")
    assert [s.instance_count for s in store.series(study) if s.series_instance_uid == series] == [2]


def test_unsupported_transfer_syntax_is_stored_with_a_warning(store, tmp_path):
    """A PACS must keep what this program cannot decode (JPEG XL here): stored, warned."""
    ds = make_image()
    ds.file_meta.TransferSyntaxUID = "1.2.840.10008.1.2.4.100"  # MPEG2: same length as the JPEG XL UID
    ds.PixelData = pydicom.encaps.encapsulate([b"\xff\x0a" + b"\0" * 30])
    data = part10_bytes(ds).replace(b"1.2.840.10008.1.2.4.100", b"1.2.840.10008.1.2.4.110")
    path = tmp_path / "in" / "jxl.dcm"
    path.parent.mkdir()
    path.write_bytes(data)
    report = store.import_paths([path])
    assert report.instances == 1 and report.skipped == []
    [warning] = report.warnings
    assert Path(warning.path) == path and "cannot be shown" in warning.reason
    [inst] = store.study_instances(ds.StudyInstanceUID)
    assert inst.transfer_syntax_uid == "1.2.840.10008.1.2.4.110"
    assert Path(inst.path).read_bytes() == data


def test_file_without_preamble_is_stored_as_part10(store, tmp_path):
    ds = make_image()
    path = tmp_path / "in" / "old.dcm"
    path.parent.mkdir()
    bare = pydicom.Dataset(ds)  # no file meta: what old ACR-NEMA style exports look like
    pydicom.dcmwrite(path, bare, implicit_vr=True, little_endian=True)
    assert path.read_bytes()[128:132] != b"DICM"
    report = store.import_paths([path])
    assert report.instances == 1, report.skipped
    [inst] = store.study_instances(ds.StudyInstanceUID)
    assert Path(inst.path).read_bytes()[128:132] == b"DICM"
    back = pydicom.dcmread(inst.path)
    assert back.file_meta.TransferSyntaxUID == pydicom.uid.ImplicitVRLittleEndian
    assert back.PixelData == ds.PixelData and back.PatientName == "Nguyễn^Văn An"


def test_dicomdir_imports_its_referenced_files(store, tmp_path):
    fs = FileSet()
    study, series = generate_uid(), generate_uid()
    for k in range(2):
        fs.add(make_image(study_uid=study, series_uid=series, z=k))
    fs.add(make_sr(study_uid=study))
    fs.write(tmp_path / "media")
    report = store.import_paths([tmp_path / "media" / "DICOMDIR"])
    assert (report.instances, report.series, report.studies) == (3, 2, 1)
    assert store.study(study).instance_count == 3


def test_unreadable_folder_is_reported_and_the_rest_loads(store, tmp_path, monkeypatch):
    write_series(tmp_path / "in" / "ok", 2)
    locked = tmp_path / "in" / "locked"
    write_series(locked, 1)
    if os.name != "nt" and os.geteuid() != 0:
        locked.chmod(0)
    else:  # root reads everything: make the folder unreadable the way the OS would report it
        real_scandir = os.scandir

        def scandir(path="."):
            if Path(path) == locked:
                raise PermissionError(13, "Permission denied", str(path))
            return real_scandir(path)

        monkeypatch.setattr(os, "scandir", scandir)
    try:
        report = store.import_paths([tmp_path / "in"])
    finally:
        locked.chmod(0o755)
    assert report.instances == 2
    assert "cannot read folder" in _skip_reason(report, locked)


def test_missing_path_is_reported(store, tmp_path):
    report = store.import_paths([tmp_path / "nowhere"])
    assert report.instances == 0 and "no such file" in report.skipped[0].reason


def test_cancel_keeps_what_was_stored(store, tmp_path):
    # 40 files: with 10, the two copy threads sometimes finished them all before the
    # cancel was looked at on a busy CI machine
    write_series(tmp_path / "in", 40)
    cancel = threading.Event()

    def progress(done, total, _detail):
        if done >= total // 2 + 4:  # in the storing half, after 4 files
            cancel.set()

    with pytest.raises(OperationCancelled):
        store.import_paths([tmp_path / "in"], progress=progress, cancel=cancel)
    stored = stored_files(store)
    assert 1 <= len(stored) < 40
    assert sum(s.instance_count for s in store.query_studies()) == len(stored)
    assert temp_files(store) == []


def test_progress_runs_over_reading_then_storing(store, tmp_path):
    write_series(tmp_path / "in", 4)
    calls = []
    store.import_paths([tmp_path / "in"], progress=lambda d, t, _p: calls.append((d, t)))
    assert calls[-1] == (8, 8)
    assert [d for d, _t in calls] == sorted(d for d, _t in calls)


def test_reopening_the_store_finds_everything(tmp_path):
    root = tmp_path / "store"
    write_series(tmp_path / "in", 3, name="Trần^Thị Bích Ngọc")
    with LocalStore(root) as first:
        first.import_paths([tmp_path / "in"])
        [study] = first.query_studies()
        first.set_locked(study.study_instance_uid, True)
        first.mark_confirmed(study.study_instance_uid, "PACS1")
    with LocalStore(root) as again:
        [reopened] = again.query_studies(name="ngoc")
        assert reopened == again.study(study.study_instance_uid)
        assert reopened.instance_count == 3 and reopened.locked and reopened.confirmed_nodes == ("PACS1",)
        assert all(Path(i.path).is_file() for i in again.study_instances(study.study_instance_uid))


def test_stale_temporary_files_are_removed_on_open(tmp_path):
    root = tmp_path / "store"
    LocalStore(root).close()
    stale, fresh = root / "incoming" / "old.part", root / "incoming" / "busy.part"
    stale.write_bytes(b"half")
    fresh.write_bytes(b"being written by another process")
    os.utime(stale, (0, 0))
    LocalStore(root).close()
    assert not stale.exists() and fresh.exists()


@pytest.mark.filterwarnings("ignore::UserWarning:pydicom")  # vendor quirks and cut files, on purpose
def test_real_files_of_every_kind_import_without_raising(store):
    """pydicom's own test files: vendors, transfer syntaxes, deliberately broken ones."""
    folder = data_dirs()[0]
    report = store.import_paths([folder])
    assert report.instances > 50
    assert all(s.reason for s in report.skipped)
    for inst in store.study_instances(report.study_uids[0]):
        assert pydicom.dcmread(inst.path, stop_before_pixels=True).SOPInstanceUID == inst.sop_instance_uid
    assert temp_files(store) == []
    assert store.import_paths([folder]).instances == 0


def test_outcome_ok_property():
    from workstation.store import ImportOutcome

    assert ImportOutcome("1", "p", ImportStatus.DUPLICATE).ok
    assert not ImportOutcome("1", "", ImportStatus.SKIPPED, "bad").ok
