"""The report as PDF (Vietnamese text extractable, key image embedded) and as Encapsulated PDF."""

from __future__ import annotations

import subprocess

import numpy as np
import pydicom

from export.sr.report_pdf import build_encapsulated_pdf, pdf_from_dataset, render_pdf
from export.sr.text_report import DiagnosticReport
from tests.conftest import require_executable
from tests.export.sr.conftest import dciodvfy, save


def test_pdf_text_and_encapsulation(ct, tmp_path):
    _, _, headers = ct
    report = DiagnosticReport(str(headers[0].StudyInstanceUID), title="CT ngực",
                              sections={"findings": "Hình ảnh tổn thương gan\ndòng hai", "impression": "Kết luận"},
                              author="Nguyễn^Văn An").signed_by("Lê^Văn Bình", "Bệnh viện Bạch Mai")
    key = np.zeros((64, 96, 3), np.uint8)
    key[16:48, 32:64] = (255, 0, 0)
    pdf = render_pdf(report, headers[0], [key])
    assert pdf.startswith(b"%PDF") and b"/Image" in pdf
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    text = subprocess.run([require_executable("pdftotext"), str(path), "-"], check=True, capture_output=True,
                          text=True, timeout=60).stdout
    for expected in ("Nguyễn Văn An", "Hình ảnh tổn thương gan", "Lê Văn Bình", "Mô tả", "Kết luận", "VN-000123"):
        assert expected in text, text
    ds = build_encapsulated_pdf(pdf, headers[0], title=report.title)
    dcm = save(ds, tmp_path, "pdf.dcm")
    errors, warnings, output = dciodvfy(dcm)
    assert errors == [] and warnings == [], output
    back = pydicom.dcmread(dcm)
    assert back.Modality == "DOC" and back.PatientName == headers[0].PatientName
    assert back.StudyInstanceUID == headers[0].StudyInstanceUID and pdf_from_dataset(back) == pdf


def test_a_draft_says_so():
    from export.sr.report_pdf import report_html

    html = report_html(DiagnosticReport("1", language="en", sections={"findings": "x < y"}), pydicom.Dataset())
    assert "DRAFT" in html and "x &lt; y" in html
