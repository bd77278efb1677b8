"""The diagnostic report as PDF (for printing and the HIS/EMR) and as Encapsulated PDF.

The PDF is laid out from HTML by Qt's :class:`QTextDocument` and printed with
:class:`QPdfWriter` (text stays text, so Vietnamese is searchable and copyable); key
images are embedded at print resolution. A :class:`QGuiApplication` is needed for
fonts: an offscreen one is created when the process has none (CLI, worker tests).

The Encapsulated PDF (PS3.3 A.45.1, Encapsulated Document module C.24.2) carries the same
PDF bytes into the PACS for systems that show documents rather than SR; its common
modules are built by highdicom's :class:`~highdicom.base.SOPClass`.
"""

from __future__ import annotations

import html
import os
from collections.abc import Sequence
from datetime import datetime

import highdicom as hd
import numpy as np
from pydicom.dataset import Dataset
from pydicom.sr.codedict import codes
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QUrl
from PySide6.QtGui import (
    QFont,
    QGuiApplication,
    QImage,
    QPageLayout,
    QPageSize,
    QPdfWriter,
    QTextDocument,
)

from export.sr._common import CHARACTER_SET, SERIES_NUMBERS, equipment
from export.sr.text_report import SECTION_TITLES, SECTIONS, DiagnosticReport
from workstation.model.records import format_person_name

ENCAPSULATED_PDF_SOP_CLASS = "1.2.840.10008.5.1.4.1.1.104.1"
_FONT = "DejaVu Sans"  #: full Vietnamese coverage on Debian and in the bundle
_DPI = 300

#: Words around the report, per language.
_LABELS = {
    "en": {"patient": "Patient", "id": "Patient ID", "birth": "Date of birth", "sex": "Sex",
           "study": "Study date", "accession": "Accession", "modality": "Modality", "author": "Reported by",
           "signed": "Signed by", "draft": "DRAFT — not signed", "amended": "Amended report, version %1",
           "image": "Key image %1"},
    "vi": {"patient": "Bệnh nhân", "id": "Mã bệnh nhân", "birth": "Ngày sinh", "sex": "Giới tính",
           "study": "Ngày chụp", "accession": "Số phiếu", "modality": "Kỹ thuật", "author": "Bác sĩ đọc",
           "signed": "Người ký", "draft": "BẢN NHÁP — chưa ký", "amended": "Báo cáo sửa đổi, phiên bản %1",
           "image": "Hình ảnh chính %1"},
}

_APP: QGuiApplication | None = None


def ensure_gui_application() -> None:
    """Create an offscreen Qt application when the process has none.

    Raises
    ------
    RuntimeError
        When a non-GUI ``QCoreApplication`` already exists (fonts cannot be used then).
    """
    global _APP
    existing = QGuiApplication.instance()
    if existing is not None:
        if not isinstance(existing, QGuiApplication):
            raise RuntimeError("a QCoreApplication exists: PDF layout needs a QGuiApplication")
        return
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # A QApplication (a QGuiApplication with widgets), so widget code that runs later
    # in the same process (tests, a CLI opening a window) is not locked out.
    from PySide6.QtWidgets import QApplication

    _APP = QApplication([])


def _date(value: str) -> str:
    """DICOM DA ``YYYYMMDD`` as ``DD/MM/YYYY`` (the Vietnamese convention), else as given."""
    try:
        return datetime.strptime(value, "%Y%m%d").strftime("%d/%m/%Y")
    except ValueError:
        return value


def report_html(report: DiagnosticReport, patient: Dataset, images: int = 0) -> str:
    """The report as HTML for :class:`QTextDocument`; image ``n`` is ``key://n``."""
    words = _LABELS[report.language]
    esc = html.escape
    rows = [(words["patient"], format_person_name(str(patient.get("PatientName", "") or ""))),
            (words["id"], str(patient.get("PatientID", "") or "")),
            (words["birth"], _date(str(patient.get("PatientBirthDate", "") or ""))),
            (words["sex"], str(patient.get("PatientSex", "") or "")),
            (words["study"], _date(str(patient.get("StudyDate", "") or ""))),
            (words["accession"], str(patient.get("AccessionNumber", "") or "")),
            (words["modality"], str(patient.get("Modality", "") or ""))]
    parts = [f"<p align='center'><b>{esc(report.institution)}</b></p>" if report.institution else "",
             f"<h2 align='center'>{esc(report.title or 'Diagnostic imaging report')}</h2>"]
    if report.version > 1:
        parts.append(f"<p align='center'><i>{esc(words['amended'].replace('%1', str(report.version)))}</i></p>")
    if not report.signed:
        parts.append(f"<p align='center' style='color:#b00000'><b>{esc(words['draft'])}</b></p>")
    parts.append("<table cellpadding='2'>" + "".join(
        f"<tr><td><b>{esc(k)}:</b></td><td>{esc(v)}</td></tr>" for k, v in rows if v) + "</table><hr/>")
    titles = SECTION_TITLES[report.language]
    for key in SECTIONS:
        text = report.sections.get(key, "").strip()
        if text:
            body = "<br/>".join(esc(line) for line in text.splitlines())
            parts.append(f"<h3>{esc(titles[key])}</h3><p>{body}</p>")
    if images:
        parts.append(f"<h3>{esc(titles['key_images'])}</h3>")
        for n in range(images):
            parts.append(f"<p><img src='key://{n}' width='300'/><br/>"
                         f"<small>{esc(words['image'].replace('%1', str(n + 1)))}</small></p>")
    parts.append("<hr/>")
    if report.author:
        parts.append(f"<p>{esc(words['author'])}: {esc(format_person_name(report.author))}</p>")
    if report.signed:
        parts.append(f"<p><b>{esc(words['signed'])}: {esc(format_person_name(report.verifier))}</b>, "
                     f"{esc(report.verifying_organization)}, {esc(report.signed_at.replace('T', ' '))}</p>")
    return "\n".join(parts)


def _qimage(rgb: np.ndarray) -> QImage:
    data = np.ascontiguousarray(rgb, dtype=np.uint8)
    rows, columns = data.shape[:2]
    return QImage(data.data, columns, rows, 3 * columns, QImage.Format.Format_RGB888).copy()


def render_pdf(report: DiagnosticReport, patient: Dataset, key_images: Sequence[np.ndarray] = ()) -> bytes:
    """The report as an A4 PDF.

    Parameters
    ----------
    patient
        A header of the study (patient and study modules, Modality).
    key_images
        RGB ``(rows, columns, 3)`` uint8 renderings of the key images (with annotations
        burned in, as :func:`tools.qt_image_export.render_frames` gives them).
    """
    ensure_gui_application()
    document = QTextDocument()
    document.setDefaultFont(QFont(_FONT, 10))
    for n, rgb in enumerate(key_images):
        document.addResource(QTextDocument.ResourceType.ImageResource, QUrl(f"key://{n}"), _qimage(rgb))
    document.setHtml(report_html(report, patient, len(key_images)))
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(_DPI)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                     QMarginsF(18, 15, 18, 15), QPageLayout.Unit.Millimeter))
    writer.setTitle(report.title or "Report")
    writer.setCreator("Workstation")
    document.print_(writer)
    del writer  # finishes the PDF into the buffer
    data = bytes(QByteArray(buffer.data()))
    buffer.close()
    if not data.startswith(b"%PDF"):
        raise RuntimeError("Qt produced no PDF")
    return data


def build_encapsulated_pdf(pdf: bytes, evidence: Dataset, *, title: str = "", series_instance_uid: str | None = None,
                           sop_instance_uid: str | None = None, series_number: int = SERIES_NUMBERS["pdf"],
                           instance_number: int = 1, institution_name: str | None = None) -> Dataset:
    """An Encapsulated PDF Storage instance holding ``pdf`` in the study of ``evidence``.

    Raises
    ------
    ValueError
        When ``pdf`` is not a PDF.
    """
    if not isinstance(pdf, (bytes, bytearray)) or not bytes(pdf).startswith(b"%PDF"):
        raise ValueError("pdf must be the bytes of a PDF document (starting with %PDF)")
    now = datetime.now()
    ds = hd.base.SOPClass(
        study_instance_uid=str(evidence.StudyInstanceUID), series_instance_uid=series_instance_uid or hd.UID(),
        series_number=series_number, sop_instance_uid=sop_instance_uid or hd.UID(),
        sop_class_uid=ENCAPSULATED_PDF_SOP_CLASS, instance_number=instance_number, modality="DOC",
        specific_character_set=CHARACTER_SET, institution_name=institution_name,
        series_description=(title or "Report")[:64], content_date=now.date(), content_time=now.time(),
        **equipment())
    ds.copy_patient_and_study_information(evidence)
    ds.ConversionType = "WSD"  # SC Equipment (C.8.6.1): workstation
    ds.AcquisitionDateTime = now.strftime("%Y%m%d%H%M%S")
    ds.BurnedInAnnotation = "YES"  # the document names the patient
    ds.DocumentTitle = (title or "Report")[:64]
    code = codes.LN.DiagnosticImagingReport
    item = Dataset()
    item.CodeValue, item.CodingSchemeDesignator, item.CodeMeaning = code.value, code.scheme_designator, code.meaning
    ds.ConceptNameCodeSequence = [item]
    ds.MIMETypeOfEncapsulatedDocument = "application/pdf"
    payload = bytes(pdf)
    ds.EncapsulatedDocumentLength = len(payload)
    ds.EncapsulatedDocument = payload + (b"\x00" if len(payload) % 2 else b"")  # OB values have even length
    return ds


def pdf_from_dataset(ds: Dataset) -> bytes:
    """The PDF bytes of an Encapsulated PDF instance (the pad byte removed)."""
    if str(ds.get("SOPClassUID", "")) != ENCAPSULATED_PDF_SOP_CLASS:
        raise ValueError("not an Encapsulated PDF instance")
    data = bytes(ds.EncapsulatedDocument)
    length = int(ds.get("EncapsulatedDocumentLength", 0) or 0)
    return data[:length] if 0 < length <= len(data) else data.rstrip(b"\x00")
