"""``workstation sr show``: a file, a stored study (latest report first), JSON, errors."""

from __future__ import annotations

import json

import pytest

from export.sr.text_report import DiagnosticReport, DocumentRef, build_text_report
from tests.export.sr.conftest import ct, save  # noqa: F401 - fixture
from workstation.app.cli import main
from workstation.store import LocalStore


def test_show_file_study_and_json(ct, tmp_path, capsys, monkeypatch):  # noqa: F811
    _, _, headers = ct
    study = str(headers[0].StudyInstanceUID)
    first = DiagnosticReport(study, sections={"findings": "Hình ảnh tổn thương gan"}).signed_by("Lê^Văn Bình", "BV")
    first_ds = build_text_report(first, headers)
    second = first.__class__(**{**vars(first), "document": DocumentRef.of(first_ds)}).amended()
    second.sections["findings"] = "Bản sửa: u máu gan"
    second_ds = build_text_report(second, headers)
    second_ds.ContentTime = "235959"
    files = [save(first_ds, tmp_path, "v1.dcm"), save(second_ds, tmp_path, "v2.dcm")]
    assert main(["sr", "show", str(files[0])]) == 0
    out = capsys.readouterr().out
    assert "Finding: Hình ảnh tổn thương gan" in out and "VERIFIED" in out

    home = tmp_path / "home"
    monkeypatch.setenv("WORKSTATION_HOME", str(home))
    store = LocalStore(home / "data")
    store.import_paths([*files, headers[0].filename])
    store.close()
    assert main(["sr", "show", "--study", study]) == 0
    out = capsys.readouterr().out
    assert out.index("Bản sửa: u máu gan") < out.index("Finding: Hình ảnh tổn thương gan")  # latest first
    assert main(["sr", "show", "--study", study, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [d["sop_instance_uid"] for d in data] == [second_ds.SOPInstanceUID, first_ds.SOPInstanceUID]
    assert data[0]["predecessors"] == [first_ds.SOPInstanceUID]


@pytest.mark.parametrize("argv, message", [(["sr", "show"], "either FILE"),
                                           (["sr", "show", "--study", "1.2.3"], "not in the local store")])
def test_errors_are_one_line(argv, message, capsys):
    assert main(argv) != 0
    assert message in capsys.readouterr().err
