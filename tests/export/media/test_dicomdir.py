"""The DICOMDIR writer: records DCMTK and dicom3tools accept, File IDs of PS3.10 8.2."""

from __future__ import annotations

import shutil
from pathlib import Path

import pydicom
import pytest
from pydicom.fileset import FileSet

from export.media.dicomdir import DirectoryEntry, check_dicomdir, check_file_id, write_dicomdir
from tests.export.media.conftest import dciodvfy_errors, dcmmkdir_problems
from workstation.dicomio import read_header


def _lay_out(paths, root: Path) -> list[DirectoryEntry]:
    entries, series_numbers = [], {}
    for n, path in enumerate(paths, start=1):
        header = read_header(path)
        series = series_numbers.setdefault(str(header.SeriesInstanceUID), len(series_numbers) + 1)
        file_id = ("DICOM", f"SER{series:05d}", f"IM{n:06d}")
        target = root.joinpath(*file_id)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
        entries.append(DirectoryEntry(file_id, header))
    return entries


def test_dicomdir_of_two_patients_passes_dcmmkdir_and_dciodvfy(two_patients, tmp_path):
    entries = _lay_out(two_patients, tmp_path)
    write_dicomdir(tmp_path, entries, file_set_id="NGUYEN_VAN_AN")
    assert dciodvfy_errors(tmp_path / "DICOMDIR") == []
    assert dcmmkdir_problems(tmp_path) == []
    assert check_dicomdir(tmp_path / "DICOMDIR") == []
    fs = FileSet(tmp_path / "DICOMDIR")
    assert len(fs) == len(two_patients)
    assert {str(i.SOPInstanceUID) for i in fs} == {str(read_header(p).SOPInstanceUID) for p in two_patients}
    assert sorted(str(n) for n in fs.find_values("PatientName")) == ["Nguyễn^Văn An", "Trần^Thị Bích Ngọc"]
    assert len(fs.find_values("StudyInstanceUID")) == 3
    assert len(fs.find_values("SeriesInstanceUID")) == 3
    for instance in fs:  # the record points at the very file it describes
        assert pydicom.dcmread(instance.path, stop_before_pixels=True).SOPInstanceUID == instance.SOPInstanceUID


def test_a_missing_referenced_file_is_reported(two_patients, tmp_path):
    entries = _lay_out(two_patients[:2], tmp_path)
    write_dicomdir(tmp_path, entries)
    tmp_path.joinpath(*entries[1].file_id).unlink()
    problems = check_dicomdir(tmp_path / "DICOMDIR")
    assert len(problems) == 1 and "/".join(entries[1].file_id) in problems[0]


@pytest.mark.parametrize("file_id", [("dicom", "IM1"), ("DICOM", "IMAGE0001"), ("A",) * 9, ("IM.DCM",), ()])
def test_file_ids_outside_ps3_10_are_refused(file_id):
    with pytest.raises(ValueError):
        check_file_id(file_id)


def test_the_same_instance_twice_is_refused(two_patients, tmp_path):
    entries = _lay_out(two_patients[:1], tmp_path)
    with pytest.raises(ValueError, match="twice"):
        write_dicomdir(tmp_path, entries + [DirectoryEntry(("DICOM", "OTHER"), entries[0].dataset)])
    assert not (tmp_path / "DICOMDIR").exists()


def _sr_header() -> pydicom.Dataset:
    """An SR header with a Vietnamese name and a coded title: its record carries a sequence."""
    from pydicom.dataset import FileMetaDataset
    from pydicom.uid import ExplicitVRLittleEndian, generate_uid

    ds = pydicom.Dataset()
    ds.SpecificCharacterSet = "ISO_IR 192"
    ds.SOPClassUID = "1.2.840.10008.5.1.4.1.1.88.22"  # Enhanced SR
    ds.SOPInstanceUID = generate_uid()
    ds.PatientName, ds.PatientID = "Nguyễn^Văn An", "VN-000123"
    ds.StudyInstanceUID, ds.SeriesInstanceUID = generate_uid(), generate_uid()
    ds.StudyDate, ds.StudyTime, ds.StudyID, ds.Modality, ds.SeriesNumber = "20240315", "091500", "1", "SR", 9
    ds.InstanceNumber, ds.CompletionFlag, ds.VerificationFlag = 1, "COMPLETE", "UNVERIFIED"
    ds.ContentDate, ds.ContentTime = "20240315", "101500.25"
    title = pydicom.Dataset()
    title.CodeValue, title.CodingSchemeDesignator, title.CodeMeaning = "18748-4", "LN", "Chẩn đoán hình ảnh"
    ds.ConceptNameCodeSequence = [title]
    ds.file_meta = FileMetaDataset()
    ds.file_meta.MediaStorageSOPClassUID, ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPClassUID, ds.SOPInstanceUID
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    return ds


def _reference_record(node) -> pydicom.Dataset:
    """The record as a pydicom Dataset, every element set the plain way (PS3.3 F.3.2.2)."""
    record = pydicom.Dataset()
    record.update(node.keys)
    record.OffsetOfTheNextDirectoryRecord = 0
    record.RecordInUseFlag = 0xFFFF
    record.OffsetOfReferencedLowerLevelDirectoryEntity = 0
    record.DirectoryRecordType = node.kind
    if node.reference is not None:
        meta = node.reference.dataset.file_meta
        record.ReferencedFileID = list(node.reference.file_id)
        record.ReferencedSOPClassUIDInFile = meta.MediaStorageSOPClassUID
        record.ReferencedSOPInstanceUIDInFile = meta.MediaStorageSOPInstanceUID
        record.ReferencedTransferSyntaxUIDInFile = meta.TransferSyntaxUID
    return record


def test_records_are_encoded_byte_for_byte_as_pydicom_would(two_patients):
    """The DICOMDIR's own record encoder (fast) against pydicom's writer (the reference),
    on image records of CT/MR with UTF-8 names and on an SR record with a sequence."""
    from export.media.dicomdir import _encode, _encode_record, _flatten, _tree

    entries = [DirectoryEntry(("DICOM", f"IM{n:06d}"), read_header(p)) for n, p in enumerate(two_patients)]
    entries.append(DirectoryEntry(("DICOM", "SR000001"), _sr_header()))
    nodes = _flatten(_tree(entries, None))
    assert {node.kind for node in nodes} == {"PATIENT", "STUDY", "SERIES", "IMAGE", "SR DOCUMENT"}
    for node in nodes:
        assert bytes(_encode_record(node)) == _encode(_reference_record(node)), node.kind


def test_a_dicomdir_with_an_sr_passes_dciodvfy(two_patients, tmp_path):
    entries = _lay_out(two_patients[:2], tmp_path)
    sr = _sr_header()
    path = tmp_path / "DICOM" / "SR000001"
    sr.save_as(path, enforce_file_format=True)
    entries.append(DirectoryEntry(("DICOM", "SR000001"), sr))
    write_dicomdir(tmp_path, entries)
    assert dciodvfy_errors(tmp_path / "DICOMDIR") == []
    assert {str(i.DirectoryRecordType) for i in FileSet(tmp_path / "DICOMDIR")} == {"IMAGE", "SR DOCUMENT"}
