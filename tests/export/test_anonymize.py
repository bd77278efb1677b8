"""De-identification by the PS3.15 E.1 basic profile: identity gone, UIDs remapped consistently,
pixels untouched, the result still a valid object."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pydicom
from pydicom.dataset import Dataset
from pydicom.sequence import Sequence
from pydicom.uid import CTImageStorage

from export.anonymize import BASIC_PROFILE, Anonymizer, anonymize_paths
from tests.conftest import require_executable
from workstation.phantoms import PATIENT_NGOC, StudyInfo, write_ct


def _by_number(paths) -> dict[int, Dataset]:
    return {int(ds.InstanceNumber): ds for ds in (pydicom.dcmread(p) for p in paths)}


def test_identity_is_removed_and_uids_are_remapped_consistently(tmp_path):
    ct = write_ct(tmp_path / "src", shape=(4, 16, 16))
    report = anonymize_paths([tmp_path / "src"], tmp_path / "out")
    assert len(report.written) == 4 and not report.skipped
    before, after = _by_number(ct.paths), _by_number(report.written)
    for number, ds in after.items():
        original = before[number]
        assert ds.PatientName == "ANONYMOUS^0001" and ds.PatientID == "ANON0001"
        assert ds.PatientBirthDate == "" and ds.ReferringPhysicianName == "" and ds.AccessionNumber == ""
        for gone in ("InstitutionName", "PatientWeight", "StudyDescription", "SeriesDescription"):
            assert gone not in ds or ds[gone].value in ("", "ANONYMIZED"), gone
        text = str(ds)
        assert "Nguy" not in text and "VN-000123" not in text and "Bệnh viện" not in text
        assert ds.PatientIdentityRemoved == "YES"
        assert ds.DeidentificationMethodCodeSequence[0].CodeValue == "113100"
        assert ds.SOPClassUID == CTImageStorage  # a class, not an instance: kept
        assert ds.StudyInstanceUID != original.StudyInstanceUID
        assert ds.SOPInstanceUID != original.SOPInstanceUID
        assert ds.file_meta.MediaStorageSOPInstanceUID == ds.SOPInstanceUID
        assert Path([p for p in report.written if pydicom.dcmread(p).InstanceNumber == number][0]).name == \
            f"{ds.SOPInstanceUID}.dcm"
        np.testing.assert_array_equal(ds.pixel_array, original.pixel_array)
    for keyword in ("StudyInstanceUID", "SeriesInstanceUID", "FrameOfReferenceUID"):
        assert len({str(getattr(ds, keyword)) for ds in after.values()}) == 1, keyword
    assert len({str(ds.SOPInstanceUID) for ds in after.values()}) == 4


def test_references_in_sequences_follow_and_private_data_goes():
    anonymizer = Anonymizer()
    target, referring = Dataset(), Dataset()
    target.SOPInstanceUID, target.PatientID = "1.2.3.4.5", "P1"
    referring.SOPInstanceUID, referring.PatientID = "1.2.3.4.6", "P1"
    item = Dataset()
    item.ReferencedSOPClassUID = CTImageStorage
    item.ReferencedSOPInstanceUID = "1.2.3.4.5"
    item.PersonName = "Lê^Hoàng Đức"
    referring.ReferencedImageSequence = Sequence([item])
    referring.add_new(0x00091001, "LO", "private vendor data")
    referring.add_new(0x60003000, "OW", b"\x00\x01")
    anonymizer.anonymize(target)
    anonymizer.anonymize(referring)
    ref = referring.ReferencedImageSequence[0]
    assert ref.ReferencedSOPInstanceUID == target.SOPInstanceUID != "1.2.3.4.5"
    assert ref.ReferencedSOPClassUID == CTImageStorage
    assert ref.PersonName == "ANONYMOUS"
    assert 0x00091001 not in referring and 0x60003000 not in referring
    assert target.PatientID == referring.PatientID == "ANON0001"


def test_two_patients_get_different_dummies(tmp_path):
    write_ct(tmp_path / "a", shape=(2, 8, 8))
    write_ct(tmp_path / "b", shape=(2, 8, 8), study=StudyInfo(patient=PATIENT_NGOC, seed="ngoc"))
    report = anonymize_paths([tmp_path / "a", tmp_path / "b"], tmp_path / "out")
    assert {str(pydicom.dcmread(p).PatientID) for p in report.written} == {"ANON0001", "ANON0002"}


def test_burned_in_annotation_is_reported(tmp_path):
    ct = write_ct(tmp_path / "src", shape=(1, 8, 8))
    ds = pydicom.dcmread(ct.paths[0])
    ds.BurnedInAnnotation = "YES"
    ds.save_as(ct.paths[0])
    report = anonymize_paths([ct.paths[0]], tmp_path / "out")
    assert report.warnings and "burned-in" in report.warnings[0][1]


def test_every_table_entry_is_a_dicom_keyword_with_a_profile_action():
    assert all(action in ("X", "Z", "D", "U", "X/Z", "X/D", "Z/D", "X/Z/D") for action in BASIC_PROFILE.values())


def test_de_identified_ct_is_a_valid_ct_for_dciodvfy(tmp_path):
    dciodvfy = require_executable("dciodvfy")
    ct = write_ct(tmp_path / "src", shape=(1, 16, 16))
    report = anonymize_paths(ct.paths, tmp_path / "out")
    done = subprocess.run([dciodvfy, report.written[0]], capture_output=True, text=True)
    errors = [line for line in (done.stdout + done.stderr).splitlines() if line.startswith("Error")]
    assert errors == []
