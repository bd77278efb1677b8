"""C-FIND at every level and QIDO-RS against Orthanc, with Vietnamese names in UTF-8.

What Orthanc 1.10 (Debian 12) matches, measured here and documented in query.py:
C-FIND PN matching is case-insensitive but accent-sensitive ("nguyễn*" finds
"Nguyễn^Văn An", "nguyen*" does not); its DICOMweb plugin 1.7 matches no PatientName
at all in QIDO-RS (exact values and wildcards both return nothing), while exact PatientID,
AccessionNumber, StudyDate and ModalitiesInStudy work.
"""

from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import require_executable
from tests.peers import run_dcmtk
from workstation.net import StudyQuery, find_instances, find_patients, find_series, find_studies

AN = "Nguyễn^Văn An"
NGOC = "Trần^Thị Bích Ngọc"


def _uids(records):
    return {r.study_instance_uid for r in records}


@pytest.mark.parametrize("pattern", [AN, "Nguyễn*", "nguyễn*", "NGUYỄN*", "*Văn*"])
def test_find_studies_by_vietnamese_name(pacs, local_ae, studies, pattern):
    found = find_studies(pacs, local_ae, StudyQuery(patient_name=pattern))
    assert _uids(found) == {studies[k][0].study_instance_uid for k in ("an_ct", "an_prior", "an_prior_old")}
    assert {s.patient.name for s in found} == {AN}
    assert found[0].patient.display_name == "Nguyễn Văn An"


def test_orthanc_matching_is_accent_sensitive(pacs, local_ae):
    assert find_studies(pacs, local_ae, StudyQuery(patient_name="nguyen*")) == []


def test_study_fields_come_back_typed(pacs, local_ae, studies):
    ct = studies["an_ct"]
    [study] = find_studies(pacs, local_ae, StudyQuery(accession_number="A24031501"))
    assert study.study_instance_uid == ct[0].study_instance_uid
    assert study.study_date == date(2024, 3, 15)
    assert study.modalities == ("CT",)
    assert study.series_count == 2 and study.instance_count == 20
    assert study.description == "CT ngực bụng có tiêm thuốc cản quang"
    assert study.referring_physician == "Phạm^Minh Tuấn"
    assert study.patient.patient_id == "VN-000123" and study.patient.birth_date == date(1965, 4, 12)


def test_filters_date_range_modality_physician_description(pacs, local_ae, studies):
    def uids(**kw):
        return _uids(find_studies(pacs, local_ae, StudyQuery(**kw)))

    assert uids(date_from=date(2022, 1, 1), date_to=date(2023, 12, 31)) == {studies["an_prior"][0].study_instance_uid}
    assert uids(date_from=date(2024, 1, 1)) == {studies["an_ct"][0].study_instance_uid,
                                                studies["ngoc_mr"][0].study_instance_uid}
    assert uids(date_to=date(2021, 12, 31)) == {studies["an_prior_old"][0].study_instance_uid}
    assert uids(modality="MR") == {studies["ngoc_mr"][0].study_instance_uid}
    assert uids(referring_physician="Võ*") == {studies["ngoc_mr"][0].study_instance_uid}
    assert uids(study_description="CT bụng") == {studies["an_prior_old"][0].study_instance_uid}
    assert uids(patient_id="VN-000456", modality="CT") == set()


def test_limit_cancels_after_enough_matches(pacs, local_ae):
    assert len(find_studies(pacs, local_ae, StudyQuery(patient_name="*", limit=2))) == 2


def test_patient_level(pacs, local_ae):
    found = find_patients(pacs, local_ae, patient_name="Tr*")
    assert [(p.patient_id, p.name, p.sex) for p in found] == [("VN-000456", NGOC, "F")]


def test_series_and_image_levels(pacs, local_ae, studies):
    ct = studies["an_ct"]
    series = find_series(pacs, local_ae, ct[0].study_instance_uid)
    assert {s.series_instance_uid: s.instance_count for s in series} == {
        ct[0].series_instance_uid: 12, ct[1].series_instance_uid: 8}
    assert {s.description for s in series} == {"CT ngực bụng 2.5 mm", "CT ngực 5 mm"}
    instances = find_instances(pacs, local_ae, ct[1].study_instance_uid, ct[1].series_instance_uid)
    assert [i.instance_number for i in instances] == list(range(1, 9))
    assert all(i.sop_class_uid == ct[1].sop_class_uid and i.path == "" for i in instances)


def test_qido_matches_c_find(pacs, web, local_ae, studies):
    uid = studies["ngoc_mr"][0].study_instance_uid
    [by_web] = find_studies(web, local_ae, StudyQuery(patient_id="VN-000456"))
    [by_dimse] = find_studies(pacs, local_ae, StudyQuery(patient_id="VN-000456"))
    assert by_web.study_instance_uid == uid == by_dimse.study_instance_uid
    assert by_web.patient.name == NGOC == by_dimse.patient.name
    assert by_web.study_date == by_dimse.study_date and by_web.modalities == ("MR",)
    assert _uids(find_studies(web, local_ae, StudyQuery(accession_number="A23011001"))) == {
        studies["an_prior"][0].study_instance_uid}
    assert _uids(find_studies(web, local_ae, StudyQuery(modality="MR"))) == {uid}
    web_series = find_series(web, local_ae, uid)
    assert [s.series_instance_uid for s in web_series] == [studies["ngoc_mr"][0].series_instance_uid]
    assert len(find_instances(web, local_ae, uid, web_series[0].series_instance_uid)) == 6


def test_dcmtk_findscu_sees_what_we_see(orthanc, pacs, local_ae):
    """Reference client: DCMTK findscu with the same UTF-8 identifier finds the same studies."""
    require_executable("findscu")
    done = run_dcmtk("findscu", "-S", "-aec", orthanc.aet, "-k", "QueryRetrieveLevel=STUDY",
                     "-k", "SpecificCharacterSet=ISO_IR 192", "-k", "PatientName=Nguyễn*", "-k", "StudyInstanceUID",
                     "127.0.0.1", str(orthanc.dicom_port))
    assert done.returncode == 0, done.stderr
    theirs = done.stderr.count("(0020,000d)") + done.stdout.count("(0020,000d)")
    assert theirs == len(find_studies(pacs, local_ae, StudyQuery(patient_name="Nguyễn*"))) == 3
