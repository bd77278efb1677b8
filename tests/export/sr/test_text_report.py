"""Diagnostic report -> TID 2000 Enhanced SR: valid, signed flags, amendments chain to their
predecessor, read back into the editor model; templates load, merge and survive damage."""

from __future__ import annotations

import json
from dataclasses import replace

import pydicom
import pytest

from export.sr.report_templates import (
    ReportTemplate,
    best_template,
    load_report_templates,
    save_user_template,
)
from export.sr.sr_reader import read_document, version_history
from export.sr.text_report import (
    DiagnosticReport,
    DocumentRef,
    build_text_report,
    report_from_document,
)
from tests.export.sr.conftest import dciodvfy, save
from tools.measure import ImageRef

FINDING = "Hình ảnh tổn thương gan"


def make_report(headers) -> DiagnosticReport:
    key = headers[2]
    return DiagnosticReport(str(key.StudyInstanceUID), title="CT ngực",
                            sections={"findings": FINDING, "impression": "Theo dõi u gan."},
                            author="Nguyễn^Văn An", institution="Bệnh viện Bạch Mai",
                            key_images=[ImageRef(str(key.SOPInstanceUID), 1, str(key.SeriesInstanceUID),
                                                 str(key.SOPClassUID))])


def test_draft_and_signed_reports_are_valid(ct, tmp_path):
    _, _, headers = ct
    draft = make_report(headers)
    path = save(build_text_report(draft, headers), tmp_path, "draft.dcm")
    errors, warnings, report = dciodvfy(path)
    assert errors == [] and warnings == [], report
    ds = pydicom.dcmread(path)
    assert (ds.CompletionFlag, ds.VerificationFlag, ds.PreliminaryFlag) == ("PARTIAL", "UNVERIFIED", "PRELIMINARY")
    signed = draft.signed_by("Lê^Văn Bình", "Bệnh viện Bạch Mai")
    path = save(build_text_report(signed, headers), tmp_path, "signed.dcm")
    errors, warnings, report = dciodvfy(path)
    assert errors == [] and warnings == [], report
    ds = pydicom.dcmread(path)
    assert (ds.CompletionFlag, ds.VerificationFlag, ds.PreliminaryFlag) == ("COMPLETE", "VERIFIED", "FINAL")
    assert ds.VerifyingObserverSequence[0].VerifyingObserverName == "Lê^Văn Bình"
    assert ds.SpecificCharacterSet == "ISO_IR 192"
    doc = read_document(ds)
    assert doc.kind == "report" and doc.language == "Vietnamese" and doc.signed
    lines = [n.line() for n in doc.root.walk()]
    assert f"Finding: {FINDING}" in lines and "Impression: Theo dõi u gan." in lines
    assert [r.sop_instance_uid for r in doc.images] == [str(headers[2].SOPInstanceUID)]


def test_amendment_references_its_predecessor_and_history_puts_it_first(ct, tmp_path):
    _, _, headers = ct
    first = make_report(headers).signed_by("Lê^Văn Bình", "BV")
    first_ds = build_text_report(first, headers)
    first = replace(first, document=DocumentRef.of(first_ds))
    second = first.amended()
    assert second.predecessor == first.document and not second.signed and second.version == 2
    second.sections["impression"] = "U máu gan, theo dõi sau 6 tháng."
    second_ds = build_text_report(second.signed_by("Lê^Văn Bình", "BV"), headers)
    item = second_ds.PredecessorDocumentsSequence[0].ReferencedSeriesSequence[0].ReferencedSOPSequence[0]
    assert item.ReferencedSOPInstanceUID == first_ds.SOPInstanceUID
    errors, _, report = dciodvfy(save(second_ds, tmp_path, "amended.dcm"))
    assert errors == [], report
    second_ds.ContentDate, second_ds.ContentTime = first_ds.ContentDate, "235959"  # later than the first
    chains = version_history([read_document(first_ds), read_document(second_ds)])
    assert [[d.sop_instance_uid for d in chain] for chain in chains] == [[second_ds.SOPInstanceUID,
                                                                          first_ds.SOPInstanceUID]]
    back = report_from_document(read_document(second_ds), version=2)
    assert back.sections["impression"] == "U máu gan, theo dõi sau 6 tháng." and back.signed
    assert back.document.sop_instance_uid == second_ds.SOPInstanceUID and back.amended().version == 3


def test_signing_rules_and_draft_json():
    report = DiagnosticReport("1.2.3", sections={"findings": FINDING})
    with pytest.raises(ValueError, match="name"):
        report.signed_by("", "BV")
    with pytest.raises(ValueError, match="empty"):
        DiagnosticReport("1.2.3").signed_by("A", "B")
    with pytest.raises(ValueError, match="signed, saved"):
        report.amended()
    signed = report.signed_by("A", "B")
    with pytest.raises(ValueError, match="already signed"):
        signed.signed_by("A", "B")
    assert DiagnosticReport.from_json(json.loads(json.dumps(signed.to_json(), ensure_ascii=False))) == signed
    with pytest.raises(ValueError):
        DiagnosticReport("1.2.3", sections={"nonsense": "x"})
    with pytest.raises(ValueError):
        DiagnosticReport.from_json({"study_instance_uid": "1", "key_images": [{"frame_number": 1}]})


def test_templates_ship_merge_with_the_users_and_survive_damage(tmp_path):
    shipped, problems = load_report_templates()
    assert problems == [] and {"default", "ct_chest", "xr_chest"} <= {t.id for t in shipped}
    for template in shipped:
        assert set(template.sections) == {"vi", "en"} and template.title.get("vi") and template.title.get("en")
    assert best_template(shipped, "CT", "CHEST").id == "ct_chest"
    assert best_template(shipped, "DX", "chest").id == "xr_chest"
    assert best_template(shipped, "MR", "KNEE").id == "default"
    mine = ReportTemplate("ct_chest", "CT", "CHEST", {"vi": "CT ngực (khoa tôi)"},
                          {"vi": {"findings": "Mẫu riêng"}})
    save_user_template(tmp_path, mine)
    (tmp_path / "broken.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "bad.json").write_text(json.dumps({"id": "x", "sections": {"vi": {"oops": ""}}}), encoding="utf-8")
    merged, problems = load_report_templates(tmp_path)
    assert len(problems) == 2 and any("oops" in p for p in problems)
    chosen = best_template(merged, "CT", "CHEST")
    assert chosen.user and chosen.name("vi") == "CT ngực (khoa tôi)"
    filled = chosen.apply(DiagnosticReport("1", sections={"impression": "giữ nguyên"}))
    assert filled.sections == {"impression": "giữ nguyên", "findings": "Mẫu riêng"} and filled.template_id == "ct_chest"
