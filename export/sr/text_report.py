"""The radiologist's diagnostic report: the editable model, and its DICOM SR form.

The report follows TID 2000 "Basic Diagnostic Imaging Report" (PS3.16 A.2000): a
root container "Diagnostic Imaging Report" (LOINC 18748-4) with its language (TID 1204),
its author (TID 1002 person observer) and one section per CID 7001 heading (History,
Current Procedure Descriptions, Findings, Impressions, ...), each holding the text the
radiologist wrote, plus a "Key Images" section referencing the images. It is written
as an Enhanced SR (PS3.3 A.35.2) through highdicom content items.

Signing sets Completion COMPLETE, Preliminary FINAL and Verification VERIFIED with the
Verifying Observer (PS3.3 C.17.2.2). A signed report is never edited: amending it
starts a new version whose SR lists the signed one in the Predecessor Documents
Sequence (PS3.3 C.17.2.3), so the PACS and the HIS can always tell the latest version.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import datetime
from typing import Any

import highdicom as hd
from highdicom.sr import (
    ContainerContentItem,
    ContentSequence,
    ImageContentItem,
    LanguageOfContentItemAndDescendants,
    RelationshipTypeValues,
    TextContentItem,
)
from pydicom.dataset import Dataset
from pydicom.sr.codedict import codes
from pydicom.sr.coding import Code

from export.sr._codes import LANGUAGES
from export.sr._common import CHARACTER_SET, SERIES_NUMBERS, equipment
from export.sr.sr_reader import SrDocument
from tools.measure import ImageRef

#: section key -> (CID 7001 heading, CID 7002 item name of its text), in report order.
SECTIONS: dict[str, tuple[Code, Code]] = {
    "history": (codes.DCM.History, codes.DCM.History),
    "procedure": (codes.DCM.CurrentProcedureDescriptions, codes.DCM.ProcedureDescription),
    "comparison": (codes.DCM.PriorProcedureDescriptions, codes.DCM.ProcedureDescription),
    "findings": (codes.DCM.Findings, codes.DCM.Finding),
    "impression": (codes.DCM.Impressions, codes.DCM.Impression),
    "recommendations": (codes.DCM.Recommendations, codes.DCM.Recommendation),
}

#: Section headings as printed, per report language.
SECTION_TITLES: dict[str, dict[str, str]] = {
    "en": {"history": "Clinical information", "procedure": "Technique", "comparison": "Comparison",
           "findings": "Findings", "impression": "Impression", "recommendations": "Recommendations",
           "key_images": "Key images"},
    "vi": {"history": "Thông tin lâm sàng", "procedure": "Kỹ thuật", "comparison": "So sánh",
           "findings": "Mô tả", "impression": "Kết luận", "recommendations": "Đề nghị",
           "key_images": "Hình ảnh chính"},
}

_SOURCE = hd.sr.CodedConcept("260753009", "SCT", "Source")


@dataclass(frozen=True)
class DocumentRef:
    """Which stored document a version is (for Predecessor Documents Sequence)."""

    study_instance_uid: str
    series_instance_uid: str
    sop_class_uid: str
    sop_instance_uid: str

    @classmethod
    def of(cls, ds: Dataset) -> DocumentRef:
        return cls(str(ds.StudyInstanceUID), str(ds.SeriesInstanceUID), str(ds.SOPClassUID),
                   str(ds.SOPInstanceUID))

    def as_dataset(self) -> Dataset:
        ds = Dataset()
        ds.StudyInstanceUID, ds.SeriesInstanceUID = self.study_instance_uid, self.series_instance_uid
        ds.SOPClassUID, ds.SOPInstanceUID = self.sop_class_uid, self.sop_instance_uid
        return ds


@dataclass
class DiagnosticReport:
    """A report as the editor holds it (and the draft file keeps it).

    Parameters
    ----------
    study_instance_uid
        The study reported on.
    language
        ``"vi"`` or ``"en"``: section headings and the coded language (TID 1204).
    sections
        Section key (:data:`SECTIONS`) -> text; empty sections are left out.
    author
        The radiologist writing it (PN, ``"Family^Given"``).
    verifier, verifying_organization, signed_at
        Who signed it, for which institution and when (ISO 8601); empty while a draft.
    predecessor
        The signed version this one amends.
    report_id
        Stable across versions of the same report.
    """

    study_instance_uid: str
    language: str = "vi"
    title: str = ""
    template_id: str = ""
    sections: dict[str, str] = field(default_factory=dict)
    author: str = ""
    institution: str = ""
    verifier: str = ""
    verifying_organization: str = ""
    signed_at: str = ""
    key_images: list[ImageRef] = field(default_factory=list)
    predecessor: DocumentRef | None = None
    document: DocumentRef | None = None  #: the SR this version was saved as, once saved
    report_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    version: int = 1

    def __post_init__(self) -> None:
        if self.language not in LANGUAGES:
            raise ValueError(f"language must be one of {sorted(LANGUAGES)}, got {self.language!r}")
        unknown = set(self.sections) - set(SECTIONS)
        if unknown:
            raise ValueError(f"unknown report section(s) {sorted(unknown)}; known: {list(SECTIONS)}")

    @property
    def signed(self) -> bool:
        return bool(self.signed_at)

    @property
    def is_empty(self) -> bool:
        return not any(text.strip() for text in self.sections.values())

    def signed_by(self, verifier: str, organization: str, when: datetime | None = None) -> DiagnosticReport:
        """This version signed: ``ValueError`` if already signed, empty, or no signer."""
        if self.signed:
            raise ValueError("the report is already signed: amend it to change it")
        if self.is_empty:
            raise ValueError("an empty report cannot be signed")
        if not verifier.strip() or not organization.strip():
            raise ValueError("signing needs the verifying radiologist's name and organisation")
        return replace(self, verifier=verifier.strip(), verifying_organization=organization.strip(),
                       signed_at=(when or datetime.now()).isoformat(timespec="seconds"))

    def amended(self) -> DiagnosticReport:
        """A new, unsigned version of a signed and saved report, pointing back to it."""
        if not self.signed or self.document is None:
            raise ValueError("only a signed, saved report can be amended")
        return replace(self, verifier="", verifying_organization="", signed_at="", predecessor=self.document,
                       document=None, version=self.version + 1, sections=dict(self.sections),
                       key_images=list(self.key_images))

    # -- drafts ------------------------------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {f.name: getattr(self, f.name) for f in fields(self)}
        data["key_images"] = [r.to_dict() for r in self.key_images]
        for key in ("predecessor", "document"):
            value = getattr(self, key)
            data[key] = None if value is None else vars(value).copy()
        return data

    @classmethod
    def from_json(cls, data: Any) -> DiagnosticReport:
        """Inverse of :meth:`to_json`; ``ValueError`` for anything malformed."""
        if not isinstance(data, dict):
            raise ValueError(f"a report must be an object, got {type(data).__name__}")
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        try:
            values["key_images"] = [ImageRef.from_dict(r) for r in values.get("key_images", [])]
            for key in ("predecessor", "document"):
                if values.get(key) is not None:
                    values[key] = DocumentRef(**values[key])
            if not isinstance(values.get("sections", {}), dict):
                raise ValueError("sections must be an object")
            return cls(**values)
        except (TypeError, KeyError) as exc:
            raise ValueError(f"malformed report: {exc}") from None


def _section(key: str, text: str) -> ContainerContentItem:
    heading, item = SECTIONS[key]
    container = ContainerContentItem(name=heading, relationship_type=RelationshipTypeValues.CONTAINS)
    container.ContentSequence = ContentSequence([
        TextContentItem(name=item, value=text, relationship_type=RelationshipTypeValues.CONTAINS)])
    return container


def _key_images(refs: Sequence[ImageRef], headers: dict[str, Dataset]) -> ContainerContentItem:
    container = ContainerContentItem(name=codes.DCM.KeyImages, relationship_type=RelationshipTypeValues.CONTAINS)
    items = []
    for ref in refs:
        ds = headers[ref.sop_instance_uid]
        frames = [ref.frame_number] if int(ds.get("NumberOfFrames", 1) or 1) > 1 else None
        items.append(ImageContentItem(name=_SOURCE, referenced_sop_class_uid=str(ds.SOPClassUID),
                                      referenced_sop_instance_uid=ref.sop_instance_uid,
                                      referenced_frame_numbers=frames,
                                      relationship_type=RelationshipTypeValues.CONTAINS))
    container.ContentSequence = ContentSequence(items)
    return container


def build_text_report(report: DiagnosticReport, evidence: Sequence[Dataset], *,
                      series_instance_uid: str | None = None, sop_instance_uid: str | None = None,
                      series_number: int = SERIES_NUMBERS["report"], instance_number: int | None = None
                      ) -> hd.sr.EnhancedSR:
    """The Enhanced SR of ``report`` (TID 2000).

    Parameters
    ----------
    evidence
        Headers of images of the study (at least one; they give the patient and study
        modules), including every key image of the report.

    Raises
    ------
    ValueError
        No evidence, a key image without header, an empty report, or evidence of
        another study.
    """
    if not evidence:
        raise ValueError("a report needs at least one image header of its study")
    if report.is_empty:
        raise ValueError("the report has no text")
    headers = {str(ds.SOPInstanceUID): ds for ds in evidence}
    if any(str(ds.StudyInstanceUID) != report.study_instance_uid for ds in evidence):
        raise ValueError("every evidence header must belong to the reported study")
    missing = [r.sop_instance_uid for r in report.key_images if r.sop_instance_uid not in headers]
    if missing:
        raise ValueError(f"no header given for key image {missing[0]}")
    root = ContainerContentItem(name=codes.LN.DiagnosticImagingReport, template_id="2000")
    content = ContentSequence()
    content.extend(LanguageOfContentItemAndDescendants(LANGUAGES[report.language]))
    if report.author:
        content.extend(hd.sr.ObserverContext(
            observer_type=codes.DCM.Person,
            observer_identifying_attributes=hd.sr.PersonObserverIdentifyingAttributes(
                name=report.author, organization_name=report.institution or None)))
    for key in SECTIONS:
        text = report.sections.get(key, "").strip()
        if text:
            content.append(_section(key, text))
    if report.key_images:
        content.append(_key_images(report.key_images, headers))
    root.ContentSequence = content
    signed = report.signed
    dataset = hd.sr.EnhancedSR(
        evidence=list(evidence), content=root, series_instance_uid=series_instance_uid or hd.UID(),
        series_number=series_number, sop_instance_uid=sop_instance_uid or hd.UID(),
        instance_number=instance_number or report.version, is_complete=signed, is_final=signed,
        is_verified=signed, verifying_observer_name=report.verifier or None,
        verifying_organization=report.verifying_organization or None,
        institution_name=report.institution or None,
        previous_versions=[report.predecessor.as_dataset()] if report.predecessor else None,
        record_evidence=False, specific_character_set=CHARACTER_SET,
        series_description=(report.title or "Report")[:64], **equipment())
    if signed:  # the time the radiologist signed, not the time the file was written
        dataset.VerifyingObserverSequence[0].VerificationDateTime = \
            datetime.fromisoformat(report.signed_at).strftime("%Y%m%d%H%M%S")
    return dataset


_LANGUAGE_NAMES = {concept.meaning: key for key, concept in LANGUAGES.items()}


def report_from_document(doc: SrDocument, version: int = 1) -> DiagnosticReport:
    """A stored TID 2000 report (ours or another system's) back as an editable model:
    sections by their CID 7001 heading, key images, signature, and the document it is
    (so it can be amended). Text under headings we do not know goes to Findings."""
    if doc.root is None:
        raise ValueError("the document has no content")
    by_heading = {heading.value: key for key, (heading, _) in SECTIONS.items()}
    sections: dict[str, list[str]] = {}
    key_images: list[ImageRef] = []
    for node in doc.root.children:
        if node.value_type != "CONTAINER":
            continue
        code = node.code.split(":", 1)[-1]
        if code == codes.DCM.KeyImages.value:
            key_images += [ref for child in node.walk() for ref in child.images]
            continue
        texts = [n.value for n in node.walk() if n.value_type == "TEXT" and n.value]
        if texts:
            sections.setdefault(by_heading.get(code, "findings"), []).extend(texts)
    verifier = doc.verifiers[0] if doc.verifiers else None
    signed_at = ""
    if verifier is not None and doc.signed:
        stamp = verifier.datetime.split(".")[0].split("+")[0][:14]
        try:
            signed_at = datetime.strptime(stamp, "%Y%m%d%H%M%S").isoformat(timespec="seconds")
        except ValueError:
            signed_at = datetime.now().isoformat(timespec="seconds")
    return DiagnosticReport(
        doc.study_instance_uid, language=_LANGUAGE_NAMES.get(doc.language, "en"),
        sections={k: "\n".join(v) for k, v in sections.items()},
        author=doc.observers[0] if doc.observers else "",
        verifier=verifier.name if signed_at and verifier else "",
        verifying_organization=verifier.organization if signed_at and verifier else "",
        signed_at=signed_at, key_images=key_images,
        document=DocumentRef(doc.study_instance_uid, doc.series_instance_uid, doc.sop_class_uid,
                             doc.sop_instance_uid),
        version=version)
