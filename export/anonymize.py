"""De-identification by the Basic Application Level Confidentiality Profile (PS3.15 E.1).

Table E.1-1 of PS3.15 gives, per attribute, an action: **X** remove, **Z** replace by a
zero-length (or dummy) value, **D** replace by a dummy value consistent with the VR,
**K** keep, **U** replace a UID by another one consistently within the set of instances
de-identified together. Several attributes have compound actions ("X/Z", "Z/D",
"X/Z/D") whose choice depends on the attribute's Type in the IOD; since we do not
carry every IOD's Type table, we resolve them conservatively so the object stays valid:
a compound with D becomes D (a Type 1 attribute keeps a value), else one with Z
becomes Z (a Type 2 attribute stays present).

What the profile also requires and is applied here:

* every UID that identifies an instance (any UI value that is not a registered DICOM
  UID or a SOP Class / Transfer Syntax) is replaced, consistently: references inside
  sequences (Referenced SOP Instance UID, Frame of Reference UID) keep pointing at the
  same, renamed, objects;
* private attributes are removed (E.1: without the Retain Safe Private Option), and so
  are curve data (50xx) and overlay data/comments (60xx,3000 / 60xx,4000);
* nested sequences are de-identified item by item with the same table;
* Patient Identity Removed = YES, De-identification Method and its code (DCM 113100)
  are recorded (PS3.15 E.1.1 item 6, PS3.3 C.7.1.1).

Z allows "a non-zero length value that may be a dummy value": Patient ID, Patient's
Name, Study ID, Study Date and Study Time get dummies because the Basic Directory IOD
(PS3.3 F.5) needs them as Type 1 keys on a patient CD. The dummy patient ID is
consistent per original patient, so studies of one patient stay together.

Burned-in annotation cannot be removed by editing attributes; instances marked
``BurnedInAnnotation = YES`` are reported in :attr:`AnonymizationResult.warnings`.
"""

from __future__ import annotations

import os
import threading
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pydicom
from pydicom.datadict import tag_for_keyword
from pydicom.dataset import Dataset
from pydicom.sequence import Sequence
from pydicom.uid import UID_dictionary

from workstation.model.errors import DicomReadError, OperationCancelled

Progress = Callable[[int, int, str], None]

METHOD = "PS3.15 E.1 Basic Application Level Confidentiality Profile"
#: PS3.16 CID 7050: the code of the basic profile.
METHOD_CODE = ("113100", "DCM", "Basic Application Confidentiality Profile")

#: PS3.15 Table E.1-1, Basic Profile column, for the attributes a reading station meets.
#: Compound actions are resolved by :func:`_resolve` (see the module docstring).
BASIC_PROFILE: dict[str, str] = {
    # Patient
    "PatientName": "Z", "PatientID": "Z", "IssuerOfPatientID": "X", "IssuerOfPatientIDQualifiersSequence": "X",
    "PatientBirthDate": "Z", "PatientBirthTime": "X", "PatientSex": "Z", "OtherPatientIDs": "X",
    "OtherPatientIDsSequence": "X", "OtherPatientNames": "X", "PatientBirthName": "X", "PatientAge": "X",
    "PatientSize": "X", "PatientWeight": "X", "PatientAddress": "X", "PatientMotherBirthName": "X",
    "MilitaryRank": "X", "BranchOfService": "X", "MedicalRecordLocator": "X",
    "PatientInsurancePlanCodeSequence": "X", "CountryOfResidence": "X", "RegionOfResidence": "X",
    "PatientTelephoneNumbers": "X", "EthnicGroup": "X", "Occupation": "X", "SmokingStatus": "X",
    "AdditionalPatientHistory": "X", "PregnancyStatus": "X", "LastMenstrualDate": "X",
    "PatientReligiousPreference": "X", "PatientSexNeutered": "X/Z", "ResponsiblePerson": "X",
    "ResponsiblePersonRole": "X", "ResponsibleOrganization": "X", "PatientComments": "X", "PatientState": "X",
    "MedicalAlerts": "X", "Allergies": "X", "SpecialNeeds": "X", "PatientPrimaryLanguageCodeSequence": "X",
    "PatientTransportArrangements": "X", "PatientInstitutionResidence": "X",
    "ReferencedPatientPhotoSequence": "X", "ReferencedPatientSequence": "X", "PatientBreedDescription": "X",
    # Visit
    "CurrentPatientLocation": "X", "AdmissionID": "X", "IssuerOfAdmissionIDSequence": "X",
    "AdmittingDiagnosesDescription": "X", "AdmittingDate": "X", "AdmittingTime": "X",
    "DischargeDiagnosisDescription": "X", "VisitComments": "X", "ServiceEpisodeDescription": "X",
    "ServiceEpisodeID": "X", "RouteOfAdmissions": "X",
    # Study and request
    "StudyDate": "Z", "StudyTime": "Z", "StudyID": "Z", "AccessionNumber": "Z", "StudyDescription": "X",
    "StudyComments": "X", "ReferringPhysicianName": "Z", "ReferringPhysicianAddress": "X",
    "ReferringPhysicianTelephoneNumbers": "X", "ReferringPhysicianIdentificationSequence": "X",
    "ConsultingPhysicianName": "X", "PhysiciansOfRecord": "X", "PhysiciansOfRecordIdentificationSequence": "X",
    "NameOfPhysiciansReadingStudy": "X", "RequestingPhysician": "X", "ReferencedStudySequence": "X/Z",
    "ReasonForTheRequestedProcedure": "X", "RequestedProcedureDescription": "X/Z", "RequestedProcedureID": "X",
    "RequestedProcedureLocation": "X", "RequestedContrastAgent": "X", "RequestAttributesSequence": "X",
    "FillerOrderNumberImagingServiceRequest": "X", "PlacerOrderNumberImagingServiceRequest": "X",
    "OrderEntererLocation": "X", "OrderCallbackPhoneNumber": "X", "InterpretationText": "X",
    # Series, equipment, acquisition
    "SeriesDate": "X/D", "SeriesTime": "X/D", "SeriesDescription": "X", "AcquisitionDate": "X/D",
    "AcquisitionTime": "X/D", "AcquisitionDateTime": "X/D", "ContentDate": "Z/D", "ContentTime": "Z/D",
    "InstanceCreationDate": "X/D", "InstanceCreationTime": "X/Z/D", "OverlayDate": "X", "OverlayTime": "X",
    "CurveDate": "X", "CurveTime": "X", "TimezoneOffsetFromUTC": "X", "InstitutionName": "X/Z/D",
    "InstitutionAddress": "X", "InstitutionCodeSequence": "X/Z/D", "InstitutionalDepartmentName": "X",
    "InstitutionalDepartmentTypeCodeSequence": "X", "StationName": "X/Z/D", "DeviceSerialNumber": "X/Z/D",
    "DetectorID": "X/D", "PlateID": "X", "CassetteID": "X", "GantryID": "X", "OperatorsName": "X/Z/D",
    "OperatorIdentificationSequence": "X/D", "PerformingPhysicianName": "X",
    "PerformingPhysicianIdentificationSequence": "X", "ProtocolName": "X/D",
    "PerformedProcedureStepDescription": "X", "PerformedProcedureStepID": "X",
    "PerformedProcedureStepStartDate": "X", "PerformedProcedureStepStartTime": "X",
    "PerformedProcedureStepEndDate": "X", "PerformedProcedureStepEndTime": "X",
    "ReferencedPerformedProcedureStepSequence": "X/Z/D", "PerformedStationName": "X", "PerformedLocation": "X",
    "ScheduledStationName": "X", "ScheduledProcedureStepDescription": "X", "ScheduledProcedureStepLocation": "X",
    "ScheduledPerformingPhysicianName": "X", "AcquisitionDeviceProcessingDescription": "X/D",
    "AcquisitionComments": "X", "DerivationDescription": "X", "ImageComments": "X", "FrameComments": "X",
    "ContrastBolusAgent": "Z/D", "DateOfLastCalibration": "X", "TimeOfLastCalibration": "X",
    "DateOfSecondaryCapture": "X", "TimeOfSecondaryCapture": "X", "ModifyingDeviceID": "X",
    "ModifyingDeviceManufacturer": "X", "ContributingEquipmentSequence": "X", "OriginalAttributesSequence": "X",
    "ModifiedAttributesSequence": "X", "DigitalSignaturesSequence": "X", "IconImageSequence": "X",
    "SourceApplicationEntityTitle": "X", "ReviewerName": "X/Z",
    # Structured reports
    "ContentSequence": "X", "TextValue": "X", "PersonName": "D", "PersonAddress": "X",
    "PersonTelephoneNumbers": "X", "VerifyingObserverName": "D", "VerifyingOrganization": "X",
    "ContentCreatorName": "Z", "ContentCreatorIdentificationCodeSequence": "X", "HumanPerformerName": "X/Z",
    "HumanPerformerOrganization": "X/Z", "ActualHumanPerformersSequence": "X", "TopicSubject": "X",
    "TopicAuthor": "X", "TopicKeywords": "X", "SpecimenAccessionNumber": "X",
    # Instance identifiers (also caught by the rule for every UI value)
    "StudyInstanceUID": "U", "SeriesInstanceUID": "U", "SOPInstanceUID": "U", "FrameOfReferenceUID": "U",
    "SynchronizationFrameOfReferenceUID": "U", "InstanceCreatorUID": "U", "ReferencedSOPInstanceUID": "U",
    "StorageMediaFileSetUID": "U", "ConcatenationUID": "U", "DimensionOrganizationUID": "U",
    "IrradiationEventUID": "U", "DeviceUID": "U", "MediaStorageSOPInstanceUID": "U",
    "ReferencedFrameOfReferenceUID": "U", "RelatedFrameOfReferenceUID": "U",
}


def _resolve(action: str) -> str:
    if "D" in action:
        return "D"
    if "Z" in action:
        return "Z"
    return action[0]


def _tag_table() -> dict[int, str]:
    table = {}
    for keyword, action in BASIC_PROFILE.items():
        tag = tag_for_keyword(keyword)
        if tag is None:
            raise ValueError(f"BASIC_PROFILE names {keyword!r}, which is not a DICOM keyword")
        table[tag] = _resolve(action)
    return table


_ACTIONS = _tag_table()
#: Dummy values per VR for action D (PS3.15 E.1.1: "consistent with the VR").
_DUMMY = {"PN": "ANONYMOUS", "DA": "19000101", "TM": "000000", "DT": "19000101000000", "LO": "ANONYMIZED",
          "SH": "ANONYMIZED", "CS": "ANONYMIZED", "ST": "ANONYMIZED", "LT": "ANONYMIZED", "UT": "ANONYMIZED",
          "AS": "000Y", "IS": "0", "DS": "0", "AE": "ANONYMIZED"}
#: UI values kept: they name a kind of object or an encoding, never a patient's object.
_KEEP_UID_KEYWORDS = {"TransferSyntaxUID", "ImplementationClassUID", "CodingSchemeUID",
                      "ContextGroupExtensionCreatorUID", "MappingResourceUID", "PrivateInformationCreatorUID"}
_NUMERIC_VRS = {"US", "UL", "SS", "SL", "FL", "FD", "UV", "SV"}


@dataclass
class AnonymizationResult:
    """What happened to one instance: its new SOP Instance UID and anything to warn about."""

    sop_instance_uid: str
    warnings: list[str] = field(default_factory=list)


class Anonymizer:
    """Applies the basic profile to datasets, keeping one UID map and one patient map.

    Use one instance for everything exported together (one disc, one folder), so a
    series, its study and the objects referring to them keep matching UIDs.

    Parameters
    ----------
    patient_name
        Dummy Patient's Name; a number per original patient is appended (``"ANONYMOUS^0001"``).
    patient_id_prefix
        Dummy Patient ID prefix (``"ANON0001"``).
    """

    def __init__(self, *, patient_name: str = "ANONYMOUS", patient_id_prefix: str = "ANON") -> None:
        if not patient_name or "\\" in patient_name:
            raise ValueError(f"patient_name must be a non-empty PN without '\\', got {patient_name!r}")
        if not patient_id_prefix or len(patient_id_prefix) > 60:
            raise ValueError(f"patient_id_prefix must be 1-60 characters, got {patient_id_prefix!r}")
        self.patient_name = patient_name
        self.patient_id_prefix = patient_id_prefix
        self.uid_map: dict[str, str] = {}
        self.patients: dict[str, int] = {}
        self._lock = threading.Lock()

    def new_uid(self, uid: str) -> str:
        """The replacement of ``uid`` (created on first use): a random 2.25 UUID-derived UID
        (PS3.5 B.2), so nothing of the original can be recovered from it."""
        with self._lock:
            if uid not in self.uid_map:
                self.uid_map[uid] = f"2.25.{uuid.uuid4().int}"
            return self.uid_map[uid]

    def _patient_number(self, ds: Dataset) -> int:
        key = str(ds.get("PatientID", "") or "") or f"name:{ds.get('PatientName', '')}"
        with self._lock:
            return self.patients.setdefault(key, len(self.patients) + 1)

    def anonymize(self, ds: Dataset) -> AnonymizationResult:
        """De-identify ``ds`` in place (and its File Meta Information, if any)."""
        if not isinstance(ds, Dataset):
            raise TypeError(f"ds must be a pydicom Dataset, got {type(ds).__name__}")
        number = self._patient_number(ds)
        warnings = []
        if str(ds.get("BurnedInAnnotation", "")).upper() == "YES":
            warnings.append("the image has burned-in annotation (BurnedInAnnotation = YES): text in the pixels "
                            "may still identify the patient")
        self._clean(ds)
        ds.PatientName = f"{self.patient_name}^{number:04d}"
        ds.PatientID = f"{self.patient_id_prefix}{number:04d}"
        for keyword, dummy in (("StudyID", "1"), ("StudyDate", _DUMMY["DA"]), ("StudyTime", _DUMMY["TM"])):
            setattr(ds, keyword, dummy)
        ds.PatientIdentityRemoved = "YES"
        ds.DeidentificationMethod = METHOD
        code = Dataset()
        code.CodeValue, code.CodingSchemeDesignator, code.CodeMeaning = METHOD_CODE
        ds.DeidentificationMethodCodeSequence = Sequence([code])
        meta = getattr(ds, "file_meta", None)
        if meta is not None:
            self._clean(meta)
            if "SOPInstanceUID" in ds:
                meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
        return AnonymizationResult(str(ds.get("SOPInstanceUID", "")), warnings)

    def _clean(self, ds: Dataset) -> None:
        for elem in list(ds):
            tag = elem.tag
            group = tag.group
            if tag.is_private or 0x5000 <= group <= 0x50FF or (
                    0x6000 <= group <= 0x60FF and tag.element in (0x3000, 0x4000)):
                del ds[tag]
                continue
            action = _ACTIONS.get(int(tag), "K")
            if action == "X":
                del ds[tag]
            elif action in ("Z", "D") and elem.VR == "SQ":
                elem.value = Sequence()
            elif action == "Z":
                elem.value = None if elem.VR in _NUMERIC_VRS else ""
            elif action == "D":
                elem.value = 0 if elem.VR in _NUMERIC_VRS else _DUMMY.get(elem.VR, "ANONYMIZED")
            elif elem.VR == "UI":
                self._replace_uids(elem)
            elif elem.VR == "SQ":
                for item in elem.value:
                    self._clean(item)

    def _replace_uids(self, elem) -> None:
        keyword = elem.keyword
        if elem.value in (None, "") or keyword.endswith("ClassUID") or keyword in _KEEP_UID_KEYWORDS:
            return
        values = elem.value if elem.VM > 1 else [elem.value]
        replaced = [v if str(v) in UID_dictionary else self.new_uid(str(v)) for v in values]
        elem.value = replaced if elem.VM > 1 else replaced[0]


@dataclass
class AnonymizeReport:
    """What :func:`anonymize_paths` wrote and what it could not."""

    written: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  #: (path, reason)
    warnings: list[tuple[str, str]] = field(default_factory=list)  #: (path, warning)


def anonymize_file(src: str | os.PathLike[str], dst: str | os.PathLike[str],
                   anonymizer: Anonymizer) -> AnonymizationResult:
    """Read ``src`` whole, de-identify it, write it as a Part 10 file to ``dst`` (atomically)."""
    try:
        ds = pydicom.dcmread(os.fspath(src))
    except Exception as exc:  # pydicom raises many types for damaged files
        raise DicomReadError(os.fspath(src), f"cannot be read for de-identification ({exc})") from exc
    result = anonymizer.anonymize(ds)
    dst = Path(dst)
    tmp = dst.with_name(dst.name + ".part")
    try:
        ds.save_as(tmp, enforce_file_format=True)
        os.replace(tmp, dst)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return result


def anonymize_paths(paths: Iterable[str | os.PathLike[str]], out_dir: str | os.PathLike[str], *,
                    anonymizer: Anonymizer | None = None, progress: Progress | None = None,
                    cancel: threading.Event | None = None) -> AnonymizeReport:
    """De-identify every DICOM file under ``paths`` into ``out_dir``, one file per instance
    named by its new SOP Instance UID (so no file name carries the patient's identity).

    Raises
    ------
    OperationCancelled
        When ``cancel`` is set; the files written until then stay.
    """
    from workstation.dicomio import scan

    anonymizer = anonymizer or Anonymizer()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    found = scan(list(paths), cancel=cancel)
    report = AnonymizeReport(skipped=[(s.path, s.reason) for s in found.skipped])
    total = len(found.files)
    for n, scanned in enumerate(found.files):
        if cancel is not None and cancel.is_set():
            raise OperationCancelled(f"de-identification cancelled after {n} of {total} files")
        if progress is not None:
            progress(n, total, scanned.path)
        target = out / f"{anonymizer.new_uid(scanned.sop_instance_uid)}.dcm"
        try:
            result = anonymize_file(scanned.path, target, anonymizer)
        except DicomReadError as exc:
            report.skipped.append((scanned.path, exc.reason))
            continue
        report.written.append(str(target))
        report.warnings.extend((scanned.path, w) for w in result.warnings)
    if progress is not None:
        progress(total, total, "")
    return report
