"""Finding studies: Vietnamese names with or without diacritics, IDs, dates, modalities."""

from __future__ import annotations

import unicodedata
from datetime import date
from pathlib import Path

import pytest
from pydicom.uid import generate_uid

from tests.store.factory import make_image, make_sr, write
from workstation.store import LocalStore, search_key

PATIENTS = {
    # name: (patient id, study date, accession, modality)
    "Nguyễn^Văn An": ("BN001", "20240115", "ACC-001", "CT"),
    "NGUYEN^VAN BINH": ("BN002", "20230601", "ACC-002", "MR"),
    "Trần^Thị Bích Ngọc": ("BN003", "20240301", "ACC-003", "CT"),
    "Lê^Đức Anh": ("BN004", "20221231", "ACC-004", "US"),
    "Phạm^Minh Đức": ("BN005", "", "ACC-005", "CR"),
    "Yamada^Tarou=山田^太郎": ("JP001", "20240101", "ACC-006", "MR"),
}


@pytest.fixture
def filled(store: LocalStore, tmp_path: Path) -> dict[str, str]:
    """One study per patient; returns name -> Study Instance UID."""
    uids = {}
    for n, (name, (pid, day, accession, modality)) in enumerate(PATIENTS.items()):
        study = generate_uid()
        uids[name] = study
        write(make_image(name=name, patient_id=pid, study_uid=study, study_date=day, accession=accession,
                         modality=modality), tmp_path / "in" / f"{n}.dcm")
    report = store.import_paths([tmp_path / "in"])
    assert report.instances == len(PATIENTS)
    return uids


def names(studies) -> set[str]:
    return {s.patient.name for s in studies}


@pytest.mark.parametrize(("query", "expected"), [
    ("nguyen van an", {"Nguyễn^Văn An"}),
    ("NGUYEN", {"Nguyễn^Văn An", "NGUYEN^VAN BINH"}),
    ("Nguyễn", {"Nguyễn^Văn An", "NGUYEN^VAN BINH"}),
    ("Đức", {"Lê^Đức Anh", "Phạm^Minh Đức"}),
    ("duc", {"Lê^Đức Anh", "Phạm^Minh Đức"}),
    ("tran thi bich ngoc", {"Trần^Thị Bích Ngọc"}),
    ("ngoc tran", {"Trần^Thị Bích Ngọc"}),  # any word order
    ("nguyen an", {"Nguyễn^Văn An"}),
    ("an", {"Nguyễn^Văn An", "Lê^Đức Anh"}),  # word prefixes: An, Anh
    ("guyen", set()),  # not a word start ...
    ("*guyen", {"Nguyễn^Văn An", "NGUYEN^VAN BINH"}),  # ... unless asked with a wildcard
    ("ng?c", {"Trần^Thị Bích Ngọc"}),
    ("nguyen^van", {"Nguyễn^Văn An", "NGUYEN^VAN BINH"}),
    ("  LÊ   đức ", {"Lê^Đức Anh"}),
    ("山田", {"Yamada^Tarou=山田^太郎"}),
    ("100%", set()),  # LIKE metacharacters are literal
    ("", set(PATIENTS)),
])
def test_name_search(store, filled, query, expected):
    assert names(store.query_studies(name=query)) == expected


def test_decomposed_query_matches_precomposed_name(store, filled):
    assert names(store.query_studies(name=unicodedata.normalize("NFD", "Nguyễn Văn Ấn"))) == {"Nguyễn^Văn An"}


def test_patient_id_and_accession_match_whole_values(store, filled):
    assert names(store.query_studies(patient_id="BN003")) == {"Trần^Thị Bích Ngọc"}
    assert names(store.query_studies(patient_id="bn003")) == {"Trần^Thị Bích Ngọc"}
    assert store.query_studies(patient_id="BN00") == []
    assert len(store.query_studies(patient_id="BN00*")) == 5
    assert names(store.query_studies(accession="ACC-004")) == {"Lê^Đức Anh"}
    assert names(store.query_studies(accession="acc-00?", patient_id="JP001")) == {"Yamada^Tarou=山田^太郎"}
    assert names(store.query_studies(accession="ACC_001")) == set()  # '_' is literal


def test_modality_matches_any_series_of_the_study(store, filled, tmp_path):
    assert names(store.query_studies(modality="CT")) == {"Nguyễn^Văn An", "Trần^Thị Bích Ngọc"}
    assert names(store.query_studies(modality="mr")) == {"NGUYEN^VAN BINH", "Yamada^Tarou=山田^太郎"}
    assert len(store.query_studies(modality="US\\CR")) == 2
    sr = make_sr(name="Lê^Đức Anh", study_uid=filled["Lê^Đức Anh"])
    write(sr, tmp_path / "sr.dcm")
    store.import_paths([tmp_path / "sr.dcm"])
    assert names(store.query_studies(modality="SR")) == {"Lê^Đức Anh"}
    assert store.study(filled["Lê^Đức Anh"]).modalities == ("SR", "US")


def test_date_range_is_inclusive_and_skips_undated_studies(store, filled):
    in_2024 = store.query_studies(date_from=date(2024, 1, 1), date_to=date(2024, 12, 31))
    assert names(in_2024) == {"Nguyễn^Văn An", "Trần^Thị Bích Ngọc", "Yamada^Tarou=山田^太郎"}
    assert names(store.query_studies(date_from=date(2024, 3, 1))) == {"Trần^Thị Bích Ngọc"}
    assert names(store.query_studies(date_to=date(2022, 12, 31))) == {"Lê^Đức Anh"}
    assert names(store.query_studies(date_from=date(2024, 1, 15), date_to=date(2024, 1, 15))) == {"Nguyễn^Văn An"}
    with pytest.raises(ValueError, match="date_from"):
        store.query_studies(date_from=date(2024, 2, 1), date_to=date(2024, 1, 1))
    with pytest.raises(TypeError, match="date_from"):
        store.query_studies(date_from="20240101")


def test_criteria_combine_and_results_are_newest_first(store, filled):
    assert names(store.query_studies(name="nguyen", modality="MR")) == {"NGUYEN^VAN BINH"}
    assert names(store.query_studies(name="nguyen", date_from=date(2024, 1, 1))) == {"Nguyễn^Văn An"}
    ordered = [s.study_date for s in store.query_studies()]
    assert ordered == [date(2024, 3, 1), date(2024, 1, 15), date(2024, 1, 1), date(2023, 6, 1),
                       date(2022, 12, 31), None]
    assert len(store.query_studies(limit=2)) == 2
    with pytest.raises(ValueError, match="limit"):
        store.query_studies(limit=0)


def test_study_record_carries_what_the_browser_shows(store, filled):
    study = store.study(filled["Nguyễn^Văn An"])
    assert study.patient.display_name == "Nguyễn Văn An"
    assert (study.patient.patient_id, study.patient.birth_date, study.patient.sex) == ("BN001", date(1980, 1, 1), "M")
    assert (study.study_date, study.study_time, study.accession_number) == (date(2024, 1, 15), "101500", "ACC-001")
    assert (study.description, study.referring_physician) == ("Test study", "Lê^Bác Sĩ")
    assert (study.modalities, study.series_count, study.instance_count) == (("CT",), 1, 1)
    assert study.stored_on == study.received_on == date.today()
    assert (study.locked, study.confirmed_nodes) == (False, ())
    assert study.nbytes == Path(store.study_instances(study.study_instance_uid)[0].path).stat().st_size
    assert store.study("1.2.3.4") is None


def test_series_and_instances_are_ordered_with_paths(store, tmp_path):
    study = generate_uid()
    first, second = generate_uid(), generate_uid()
    for k in (3, 1, 2):
        ds = make_image(study_uid=study, series_uid=second, z=k)
        ds.SeriesNumber, ds.InstanceNumber = 2, k
        write(ds, tmp_path / "in" / f"b{k}.dcm")
    ds = make_image(study_uid=study, series_uid=first)
    ds.SeriesNumber = 1
    write(ds, tmp_path / "in" / "a.dcm")
    store.import_paths([tmp_path / "in"])
    series = store.series(study)
    assert [(s.series_instance_uid, s.series_number, s.instance_count) for s in series] == [(first, 1, 1),
                                                                                             (second, 2, 3)]
    assert [i.instance_number for i in store.instances(second)] == [1, 2, 3]
    assert [i.series_instance_uid for i in store.study_instances(study)] == [first] + [second] * 3
    assert all(Path(i.path).is_file() and i.transfer_syntax_uid == "1.2.840.10008.1.2.1"
               for i in store.study_instances(study))


def test_priors_are_the_same_patients_other_studies_newest_first(store, tmp_path):
    days = ["20200101", "20240101", "20220101"]
    uids = [generate_uid() for _ in days]
    for n, (uid, day) in enumerate(zip(uids, days)):
        write(make_image(study_uid=uid, study_date=day, patient_id="P1"), tmp_path / "in" / f"{n}.dcm")
    write(make_image(patient_id="OTHER"), tmp_path / "in" / "x.dcm")
    write(make_image(patient_id=""), tmp_path / "in" / "y.dcm")
    store.import_paths([tmp_path / "in"])
    current = store.study(uids[1])
    assert [p.study_instance_uid for p in store.priors(current)] == [uids[2], uids[0]]
    [anonymous] = [s for s in store.query_studies() if not s.patient.patient_id]
    assert store.priors(anonymous) == []


def test_search_key_normalisation():
    assert search_key("Nguyễn^Văn  An") == "nguyen van an"
    assert search_key("ĐẶNG^THỊ ĐÀO") == "dang thi dao"
    # Other scripts go through the same folding (kana lose their voicing marks on both sides).
    assert search_key("Yamada^Tarou=山田^太郎=やまだ^たろう") == search_key("yamada tarou 山田 太郎 やまた たろう")
    assert search_key(unicodedata.normalize("NFD", "Hoàng Ngọc Ước")) == "hoang ngoc uoc"
