"""Patient discs end to end: ISO tree, DCMTK/dicom3tools checks, extraction and re-import,
USB folders, splitting, bad input, cancel, names, compression, de-identification."""

from __future__ import annotations

import os
import subprocess
import threading
from pathlib import Path

import pydicom
import pytest
from pydicom.fileset import FileSet
from pydicom.uid import ExplicitVRLittleEndian, ImplicitVRLittleEndian, JPEG2000Lossless, RLELossless

from export.media import DoesNotFitError, MediaOptions, MediaType, MissingFilesError, export_media
from export.media.dicomdir import check_dicomdir
from tests.conftest import require_executable
from tests.export.media.conftest import (dciodvfy_errors, dcmmkdir_problems, extract_iso, iso_tree,
                                         pixel_digest)
from workstation.model import OperationCancelled
from workstation.phantoms import write_ct
from workstation.store import LocalStore

LEVEL1 = set("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")


def _sops(paths) -> dict[str, str]:
    return {str(pydicom.dcmread(p, stop_before_pixels=True).SOPInstanceUID): os.fspath(p) for p in paths}


def test_iso_extracts_and_reimports_with_identical_uids_and_pixels(two_patients, viewer_bundle, tmp_path):
    iso = tmp_path / "out" / "patient.iso"
    report = export_media(two_patients, iso, MediaOptions(MediaType.CD, label="Nguyễn Văn An",
                                                          viewer_bundle=os.fspath(viewer_bundle)))
    assert report.outputs == [iso] and report.discs[0].profile == "STD-GEN-CD"
    tree = iso_tree(iso)
    for expected in ("/DICOMDIR", "/DICOM/PAT00001/STU00001/SER00001/IM000001", "/DICOM/PAT00002/STU00003",
                     "/INDEX.HTM", "/README.TXT", "/AUTORUN.INF", "/IHE_PDI/STU00001/SER00001.JPG",
                     "/VIEWER/workstation", "/VIEWER/workstation.exe",
                     "/VIEWER/_internal/PySide6/Qt/plugins/platforms/a/b/c/d/libqxcb.so"):
        assert expected in tree, expected
    disc = extract_iso(iso, tmp_path / "disc")
    assert dciodvfy_errors(disc / "DICOMDIR") == []
    assert dcmmkdir_problems(disc) == []
    assert check_dicomdir(disc / "DICOMDIR") == []
    for path in (disc / "DICOM").rglob("*"):
        assert len(path.name) <= 8 and set(path.name) <= LEVEL1, path
    assert os.access(disc / "VIEWER" / "workstation", os.X_OK)  # Rock Ridge kept the mode
    assert "AutoPlay" in (disc / "README.TXT").read_text(encoding="utf-8")
    assert (disc / "AUTORUN.INF").read_bytes().startswith(b"[autorun]\r\nopen=VIEWER\\workstation.exe --media .")
    with LocalStore(tmp_path / "clean") as store:
        imported = store.import_paths([disc / "DICOMDIR"])
        assert imported.instances == len(two_patients) and not imported.skipped
        stored = {i.sop_instance_uid: i.path for s in store.query_studies() for i in store.study_instances(
            s.study_instance_uid)}
    source = _sops(two_patients)
    assert set(stored) == set(source)
    for uid, path in source.items():
        assert pixel_digest(stored[uid]) == pixel_digest(path)


def test_usb_folder_has_the_disc_layout(two_patients, tmp_path):
    iso, usb = tmp_path / "a.iso", tmp_path / "usb"
    export_media(two_patients, iso, MediaOptions(MediaType.CD, label="X"))
    export_media(two_patients, usb, MediaOptions(MediaType.USB, label="X"))
    disc = extract_iso(iso, tmp_path / "disc")

    def files(root: Path) -> set[str]:
        return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}

    assert files(usb) == files(disc)
    assert dcmmkdir_problems(usb) == []
    assert not list(usb.glob(".media-part-*"))
    with pytest.raises(FileExistsError):  # a second export never mixes into the first
        export_media(two_patients, usb, MediaOptions(MediaType.USB))


def test_a_missing_file_stops_the_export_before_anything_is_written(two_patients, tmp_path):
    gone = tmp_path / "gone.dcm"
    with pytest.raises(MissingFilesError) as caught:
        export_media(two_patients + [gone], tmp_path / "out" / "x.iso", MediaOptions(MediaType.CD))
    assert caught.value.problems == [(os.fspath(gone), "missing")]
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_a_cancelled_export_leaves_no_partial_iso(two_patients, tmp_path):
    cancel = threading.Event()

    def progress(done: int, total: int, _text: str) -> None:
        if done > total // 2:
            cancel.set()

    out = tmp_path / "out"
    with pytest.raises(OperationCancelled):
        export_media(two_patients, out / "x.iso", MediaOptions(MediaType.CD), progress=progress, cancel=cancel)
    assert list(out.iterdir()) == []


def test_a_study_larger_than_the_disc_is_split_or_refused(tmp_path):
    ct = write_ct(tmp_path / "src", shape=(30, 64, 64))  # 30 x ~9 kB
    options = MediaOptions(MediaType.CD, disc_capacity=2 * 1024 * 1024 + 256 * 1024, previews=False)
    report = export_media(ct.paths, tmp_path / "out" / "big.iso", options)
    assert len(report.outputs) >= 2
    assert [p.name for p in report.outputs] == [f"big-{n}of{len(report.outputs)}.iso"
                                                for n in range(1, len(report.outputs) + 1)]
    seen = set()
    for n, iso in enumerate(report.outputs, start=1):
        assert iso.stat().st_size <= options.capacity
        disc = extract_iso(iso, tmp_path / f"disc{n}")
        assert check_dicomdir(disc / "DICOMDIR") == []
        seen |= {str(i.SOPInstanceUID) for i in FileSet(disc / "DICOMDIR")}
        assert f"Disc {n} of {len(report.outputs)}" in (disc / "INDEX.HTM").read_text(encoding="utf-8")
    assert seen == set(_sops(ct.paths))
    with pytest.raises(DoesNotFitError):
        export_media(ct.paths, tmp_path / "refused" / "big.iso",
                     MediaOptions(MediaType.CD, disc_capacity=options.capacity, allow_split=False, previews=False))
    assert not (tmp_path / "refused").exists() or not list((tmp_path / "refused").iterdir())


def test_vietnamese_names_are_transliterated_in_names_and_exact_inside(two_patients, tmp_path):
    xorriso = require_executable("xorriso")
    iso = tmp_path / "x.iso"
    export_media(two_patients, iso, MediaOptions(MediaType.CD, label="Nguyễn Văn Ân"))
    info = subprocess.run([xorriso, "-indev", os.fspath(iso), "-pvd_info"], capture_output=True, text=True).stdout
    assert "NGUYEN_VAN_AN" in info
    disc = extract_iso(iso, tmp_path / "disc")
    for path in disc.rglob("*"):
        assert path.name.isascii(), path
    dicomdir = pydicom.dcmread(disc / "DICOMDIR")
    assert dicomdir.FileSetID == "NGUYEN_VAN_AN"
    names = {str(r.PatientName) for r in dicomdir.DirectoryRecordSequence if r.DirectoryRecordType == "PATIENT"}
    assert names == {"Nguyễn^Văn An", "Trần^Thị Bích Ngọc"}
    index = (disc / "INDEX.HTM").read_text(encoding="utf-8")
    assert "Nguyễn Văn An" in index and "Trần Thị Bích Ngọc" in index
    for link in ("IHE_PDI/STU00001/SER00001.JPG", "IHE_PDI/STU00002/SER00002.JPG"):
        assert link in index and (disc / link).read_bytes()[:2] == b"\xff\xd8"


def test_compressed_files_keep_their_syntax_others_are_made_explicit(tmp_path):
    j2k = write_ct(tmp_path / "j2k", shape=(2, 32, 32), transfer_syntax=JPEG2000Lossless)
    rle = write_ct(tmp_path / "rle", shape=(2, 32, 32), transfer_syntax=RLELossless, series_number=3)
    implicit = write_ct(tmp_path / "imp", shape=(2, 32, 32), transfer_syntax=ImplicitVRLittleEndian,
                        series_number=4)
    usb = tmp_path / "usb"
    report = export_media(j2k.paths + rle.paths + implicit.paths, usb, MediaOptions(MediaType.USB))
    assert report.discs[0].profile == "STD-GEN-USB-J2K"
    assert dciodvfy_errors(usb / "DICOMDIR") == []
    by_uid = {str(i.SOPInstanceUID): i for i in FileSet(usb / "DICOMDIR")}
    for series, syntax in ((j2k, JPEG2000Lossless), (rle, ExplicitVRLittleEndian),
                           (implicit, ExplicitVRLittleEndian)):
        for uid, source in _sops(series.paths).items():
            on_disc = by_uid[uid]  # the SOP Instance UID survives a lossless change of syntax
            assert pydicom.dcmread(on_disc.path).file_meta.TransferSyntaxUID == syntax
            assert pixel_digest(on_disc.path) == pixel_digest(source)
            if syntax == JPEG2000Lossless:
                assert Path(on_disc.path).read_bytes() == Path(source).read_bytes()


def test_a_file_without_preamble_is_rewritten_as_part_10(tmp_path):
    """PS3.10 files on media need the preamble and File Meta Information: an explicit
    little endian file without them is re-encoded, the others are copied byte for byte."""
    series = write_ct(tmp_path / "ct", shape=(2, 32, 32), transfer_syntax=ExplicitVRLittleEndian)
    sops, digest = _sops(series.paths), pixel_digest(series.paths[0])
    bare = pydicom.dcmread(series.paths[0])
    bare.preamble = None
    bare.file_meta = pydicom.dataset.FileMetaDataset()
    bare.save_as(series.paths[0], enforce_file_format=False, implicit_vr=False, little_endian=True)
    assert Path(series.paths[0]).read_bytes()[128:132] != b"DICM"
    usb = tmp_path / "usb"
    export_media(series.paths, usb, MediaOptions(MediaType.USB))
    by_uid = {str(i.SOPInstanceUID): Path(i.path) for i in FileSet(usb / "DICOMDIR")}
    rewritten, copied = (by_uid[uid] for uid in sops)
    assert rewritten.read_bytes()[128:132] == b"DICM"
    assert pixel_digest(rewritten) == digest
    assert copied.read_bytes() == Path(series.paths[1]).read_bytes()
    assert dciodvfy_errors(rewritten) == []


def test_an_anonymised_disc_holds_no_identity(two_patients, tmp_path):
    iso = tmp_path / "anon.iso"
    report = export_media(two_patients, iso, MediaOptions(MediaType.CD, anonymize=True))
    data = iso.read_bytes()
    for secret in ("Nguyễn", "Trần", "VN-000123", "VN-000456"):
        assert secret.encode("utf-8") not in data, secret
    disc = extract_iso(iso, tmp_path / "disc")
    assert dcmmkdir_problems(disc) == []
    assert {s.patient_id for s in report.discs[0].studies} == {"ANON0001", "ANON0002"}
    source = _sops(two_patients)
    assert not set(str(i.SOPInstanceUID) for i in FileSet(disc / "DICOMDIR")) & set(source)
