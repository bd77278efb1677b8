"""Key images of a study and the Key Object Selection document (KOS) that carries them.

A KOS (PS3.3 A.35.4, template TID 2010) names the images a radiologist flagged, with a
title from CID 7010 ("Of Interest", "For Referring Provider", ...) and an optional
description. PACS and viewers show them as key images; the HIS/EMR gets them too.

The titles that mean *rejection* in CID 7010 (IHE IOCM: "Rejected for Quality Reasons",
"... Patient Safety ...", "Incorrect Modality Worklist Entry", "Data Retention Policy
Expired") make a PACS hide or delete the referenced images, so they are never offered
for writing; on reading they are recognised and not shown as key images.

Built with highdicom (:class:`highdicom.ko.KeyObjectSelectionDocument`); frames of
multi-frame images are added as Referenced Frame Number (PS3.3 C.18.4 / 10.3), which
highdicom's content builder does not take.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import highdicom as hd
from highdicom.ko import KeyObjectSelection, KeyObjectSelectionDocument
from pydicom.dataset import Dataset
from pydicom.multival import MultiValue
from pydicom.sr.codedict import codes
from pydicom.sr.coding import Code

from export.sr._common import CHARACTER_SET, SERIES_NUMBERS, equipment
from tools.measure import ImageRef
from workstation.model import Event

KOS_SOP_CLASS = "1.2.840.10008.5.1.4.1.1.88.59"

#: CID 7010 document titles we write (key -> code); the rejection titles are left out.
KOS_TITLES: dict[str, Code] = {
    "of_interest": codes.DCM.OfInterest,
    "for_referring_provider": codes.DCM.ForReferringProvider,
    "for_surgery": codes.DCM.ForSurgery,
    "for_teaching": codes.DCM.ForTeaching,
    "for_conference": codes.DCM.ForConference,
    "for_therapy": codes.DCM.ForTherapy,
    "for_patient": codes.DCM.ForPatient,
    "for_peer_review": codes.DCM.ForPeerReview,
    "for_research": codes.DCM.ForResearch,
    "quality_issue": codes.DCM.QualityIssue,
    "best_in_set": codes.DCM.BestInSet,
    "for_printing": codes.DCM.ForPrinting,
    "for_report_attachment": codes.DCM.ForReportAttachment,
}

#: CID 7010 titles that reject the referenced instances (IHE IOCM), by code value.
REJECTION_TITLES = frozenset({"113001", "113037", "113038", "113039"})


class KeyImages:
    """The key images of one study, in the order they were flagged.

    Events: ``changed()`` after any change (the panel and the viewport marker repaint).
    """

    def __init__(self, study_instance_uid: str = "", refs: Iterable[ImageRef] = (), *,
                 title: str = "of_interest", description: str = "") -> None:
        self.study_instance_uid = study_instance_uid
        self._refs: list[ImageRef] = []
        self.title = title
        self.description = description
        self.changed = Event()
        for ref in refs:
            if ref not in self._refs:
                self._refs.append(ref)

    @property
    def title(self) -> str:
        """Key of :data:`KOS_TITLES`."""
        return self._title

    @title.setter
    def title(self, value: str) -> None:
        if value not in KOS_TITLES:
            raise ValueError(f"title must be one of {sorted(KOS_TITLES)}, got {value!r}")
        self._title = value

    @property
    def refs(self) -> list[ImageRef]:
        return list(self._refs)

    def __len__(self) -> int:
        return len(self._refs)

    def __contains__(self, ref: object) -> bool:
        return ref in self._refs

    def toggle(self, ref: ImageRef) -> bool:
        """Flag ``ref`` as a key image, or unflag it; returns whether it is flagged now."""
        if not isinstance(ref, ImageRef):
            raise TypeError(f"ref must be an ImageRef, got {type(ref).__name__}")
        flagged = ref not in self._refs
        if flagged:
            self._refs.append(ref)
        else:
            self._refs.remove(ref)
        self.changed.emit()
        return flagged

    def replace(self, refs: Iterable[ImageRef], title: str | None = None, description: str | None = None) -> None:
        """Take another selection wholesale (read back from a KOS)."""
        self._refs = list(dict.fromkeys(refs))
        if title is not None:
            self.title = title
        if description is not None:
            self.description = description
        self.changed.emit()

    def to_json(self) -> dict[str, Any]:
        return {"study_instance_uid": self.study_instance_uid, "title": self.title,
                "description": self.description, "refs": [r.to_dict() for r in self._refs]}

    @classmethod
    def from_json(cls, data: Any) -> KeyImages:
        """Inverse of :meth:`to_json`; ``ValueError`` for anything malformed."""
        if not isinstance(data, dict):
            raise ValueError(f"key images must be an object, got {type(data).__name__}")
        refs = data.get("refs", [])
        if not isinstance(refs, list):
            raise ValueError("key images: refs must be a list")
        return cls(str(data.get("study_instance_uid", "")), [ImageRef.from_dict(r) for r in refs],
                   title=str(data.get("title", "of_interest")), description=str(data.get("description", "")))

    def dumps(self) -> str:
        return json.dumps(self.to_json(), ensure_ascii=False, indent=1)


def build_kos(refs: Sequence[ImageRef], headers: Sequence[Dataset], *, title: str = "of_interest",
              description: str = "", observer_name: str | None = None,
              series_instance_uid: str | None = None, sop_instance_uid: str | None = None,
              series_number: int = SERIES_NUMBERS["key_images"], instance_number: int = 1,
              institution_name: str | None = None) -> KeyObjectSelectionDocument:
    """A KOS naming the images ``refs`` (TID 2010).

    Parameters
    ----------
    refs
        The key images, in the order to show them; frames of multi-frame images are kept.
    headers
        Headers of those images (pixels not needed): they give the patient/study modules
        and the SOP classes. Extra headers are ignored.
    title
        Key of :data:`KOS_TITLES` (CID 7010).
    observer_name
        The radiologist who selected them (PN, ``"Family^Given"``), as a person observer.

    Raises
    ------
    ValueError
        No key image, a header missing for one of them, or an unknown title.
    """
    if not refs:
        raise ValueError("a key object selection needs at least one image")
    if title not in KOS_TITLES:
        raise ValueError(f"title must be one of {sorted(KOS_TITLES)}, got {title!r}")
    by_uid = {str(ds.SOPInstanceUID): ds for ds in headers}
    frames: dict[str, list[int]] = {}
    for ref in refs:
        if ref.sop_instance_uid not in by_uid:
            raise ValueError(f"no header given for key image {ref.sop_instance_uid}")
        frames.setdefault(ref.sop_instance_uid, []).append(ref.frame_number)
    selected = [by_uid[uid] for uid in frames]
    observer = None
    if observer_name:
        observer = hd.sr.ObserverContext(
            observer_type=codes.DCM.Person,
            observer_identifying_attributes=hd.sr.PersonObserverIdentifyingAttributes(name=observer_name))
    content = KeyObjectSelection(document_title=KOS_TITLES[title], referenced_objects=selected,
                                 observer_person_context=observer, description=description or None)
    _add_frames(content[0], frames, by_uid)
    return KeyObjectSelectionDocument(
        evidence=selected, content=content, series_instance_uid=series_instance_uid or hd.UID(),
        series_number=series_number, sop_instance_uid=sop_instance_uid or hd.UID(),
        instance_number=instance_number, institution_name=institution_name,
        specific_character_set=CHARACTER_SET, **equipment())


def _add_frames(root: Dataset, frames: dict[str, list[int]], headers: dict[str, Dataset]) -> None:
    """Referenced Frame Number on IMAGE items of multi-frame instances (PS3.3 C.18.3.1)."""
    for item in root.ContentSequence:
        if item.ValueType != "IMAGE":
            continue
        reference = item.ReferencedSOPSequence[0]
        uid = str(reference.ReferencedSOPInstanceUID)
        if int(headers[uid].get("NumberOfFrames", 1) or 1) > 1:
            reference.ReferencedFrameNumber = sorted(set(frames[uid]))


@dataclass
class KeyObjectDocument:
    """A KOS as read: title, description, the images it names, who and when."""

    sop_instance_uid: str
    study_instance_uid: str
    title: str  #: code meaning, e.g. "Of Interest"
    title_code: str  #: code value, e.g. "113000"
    description: str = ""
    refs: list[ImageRef] = field(default_factory=list)
    observers: list[str] = field(default_factory=list)
    content_datetime: str = ""  #: ContentDate + ContentTime, sortable

    @property
    def is_rejection(self) -> bool:
        """True for an IOCM rejection note: its images are withdrawn, not key images."""
        return self.title_code in REJECTION_TITLES

    @property
    def title_key(self) -> str:
        """Key of :data:`KOS_TITLES` for this title, ``"of_interest"`` when it is not one of ours."""
        return next((k for k, c in KOS_TITLES.items() if c.value == self.title_code), "of_interest")


def read_kos(ds: Dataset) -> KeyObjectDocument:
    """Any Key Object Selection document (ours or another system's) as a :class:`KeyObjectDocument`.

    Raises
    ------
    ValueError
        When ``ds`` is not a KOS.
    """
    if str(ds.get("SOPClassUID", "")) != KOS_SOP_CLASS:
        raise ValueError(f"not a Key Object Selection document (SOP class {ds.get('SOPClassUID', '?')})")
    concept = ds.ConceptNameCodeSequence[0] if ds.get("ConceptNameCodeSequence") else Dataset()
    series_of = _series_by_instance(ds)
    doc = KeyObjectDocument(str(ds.SOPInstanceUID), str(ds.get("StudyInstanceUID", "")),
                            str(concept.get("CodeMeaning", "")), str(concept.get("CodeValue", "")),
                            content_datetime=f"{ds.get('ContentDate', '')}{ds.get('ContentTime', '')}")
    for item in ds.get("ContentSequence", []):
        kind = str(item.get("ValueType", ""))
        name = item.ConceptNameCodeSequence[0] if item.get("ConceptNameCodeSequence") else Dataset()
        if kind == "TEXT" and str(name.get("CodeValue", "")) == "113012":
            doc.description = str(item.get("TextValue", ""))
        elif kind == "PNAME":
            doc.observers.append(str(item.get("PersonName", "")))
        elif kind in ("IMAGE", "COMPOSITE") and item.get("ReferencedSOPSequence"):
            reference = item.ReferencedSOPSequence[0]
            uid = str(reference.ReferencedSOPInstanceUID)
            frames = reference.get("ReferencedFrameNumber", 1) or 1
            for frame in (list(frames) if isinstance(frames, MultiValue) else [frames]):
                doc.refs.append(ImageRef(uid, int(frame), series_of.get(uid, ""),
                                         str(reference.ReferencedSOPClassUID)))
    return doc


def _series_by_instance(ds: Dataset) -> dict[str, str]:
    """SOP Instance UID -> Series Instance UID from the evidence sequences (PS3.3 C.17.2)."""
    found: dict[str, str] = {}
    for keyword in ("CurrentRequestedProcedureEvidenceSequence", "PertinentOtherEvidenceSequence",
                    "IdenticalDocumentsSequence"):
        for study in ds.get(keyword, []):
            for series in study.get("ReferencedSeriesSequence", []):
                for instance in series.get("ReferencedSOPSequence", []):
                    found[str(instance.ReferencedSOPInstanceUID)] = str(series.SeriesInstanceUID)
    return found
