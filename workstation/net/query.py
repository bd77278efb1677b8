"""Query a node: C-FIND (PS3.4 C.4.1) at every level, or QIDO-RS (PS3.18 10.6), into records.

Identifiers always carry ``SpecificCharacterSet = ISO_IR 192`` (UTF-8), so Vietnamese
names go out and come back intact; matching rules (wildcards ``*``/``?``, case and
diacritic sensitivity) are the peer's: the standard makes PN matching case-sensitive, many
PACS relax it. Orthanc, for one, matches names case- and accent-insensitively (it compares
ASCII-folded upper-case forms), so ``nguyen*`` finds ``Nguyễn^Văn An`` there; a strict
peer needs the exact spelling. Results are ``workstation.model`` records without paths.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from pydicom.dataset import Dataset
from pynetdicom.presentation import build_context
from pynetdicom.sop_class import (  # type: ignore[attr-defined]
    PatientRootQueryRetrieveInformationModelFind,
    StudyRootQueryRetrieveInformationModelFind,
)
from pynetdicom.status import code_to_category

from workstation.dicomio.records import integer, parse_da, text
from workstation.model.errors import OperationCancelled
from workstation.model.records import InstanceRecord, PatientRecord, SeriesRecord, StudyRecord
from workstation.net._association import DEFAULT_TIMEOUTS, NetworkError, Timeouts, abort, associate, release
from workstation.net.dicomweb import _http_error, qido_client
from workstation.net.nodes import LocalAE, RemoteNode

Progress = Callable[[int, int, str], None]


class QueryLevel(StrEnum):
    """Query/Retrieve Level (0008,0052), PS3.4 C.6."""

    PATIENT = "PATIENT"
    STUDY = "STUDY"
    SERIES = "SERIES"
    IMAGE = "IMAGE"


@dataclass(frozen=True)
class StudyQuery:
    """Study search filters; empty fields do not filter.

    ``patient_name`` is a DICOM PN pattern (``*`` any characters, ``?`` one), e.g.
    ``"Nguyễn*"``; dates are inclusive, either end may be open.
    """

    patient_name: str = ""
    patient_id: str = ""
    accession_number: str = ""
    date_from: date | None = None
    date_to: date | None = None
    modality: str = ""
    referring_physician: str = ""
    study_description: str = ""
    study_instance_uid: str = ""
    limit: int = 500

    def date_range(self) -> str:
        """The DA range matching value (PS3.4 C.2.2.2.5): ``A-B``, ``A-``, ``-B`` or ``""``."""
        if self.date_from is None and self.date_to is None:
            return ""
        start = self.date_from.strftime("%Y%m%d") if self.date_from else ""
        end = self.date_to.strftime("%Y%m%d") if self.date_to else ""
        return start if start == end else f"{start}-{end}"


#: Return keys asked for at each level (empty = "send it back"), besides the filters.
_STUDY_KEYS = ("StudyDate", "StudyTime", "AccessionNumber", "StudyDescription", "ReferringPhysicianName",
               "PatientName", "PatientID", "PatientBirthDate", "PatientSex", "ModalitiesInStudy",
               "NumberOfStudyRelatedSeries", "NumberOfStudyRelatedInstances", "StudyInstanceUID")
_SERIES_KEYS = ("Modality", "SeriesNumber", "SeriesDescription", "BodyPartExamined", "FrameOfReferenceUID",
                "NumberOfSeriesRelatedInstances", "SeriesInstanceUID", "StudyInstanceUID")
_IMAGE_KEYS = ("SOPInstanceUID", "SOPClassUID", "InstanceNumber", "NumberOfFrames", "SeriesInstanceUID",
               "StudyInstanceUID")
_PATIENT_KEYS = ("PatientName", "PatientID", "PatientBirthDate", "PatientSex")


def _identifier(level: QueryLevel, keys: tuple[str, ...], filters: dict[str, str]) -> Dataset:
    ds = Dataset()
    ds.SpecificCharacterSet = "ISO_IR 192"
    ds.QueryRetrieveLevel = level.value
    for keyword in keys:
        setattr(ds, keyword, "")
    for keyword, value in filters.items():
        setattr(ds, keyword, value)
    return ds


def _study_filters(query: StudyQuery) -> dict[str, str]:
    pairs = {
        "PatientName": query.patient_name, "PatientID": query.patient_id,
        "AccessionNumber": query.accession_number, "StudyDate": query.date_range(),
        "ModalitiesInStudy": query.modality.upper(), "ReferringPhysicianName": query.referring_physician,
        "StudyDescription": query.study_description, "StudyInstanceUID": query.study_instance_uid,
    }
    return {k: v for k, v in pairs.items() if v}


def patient_from(ds: Dataset) -> PatientRecord:
    return PatientRecord(patient_id=text(ds, "PatientID"), name=text(ds, "PatientName"),
                         birth_date=parse_da(text(ds, "PatientBirthDate")), sex=text(ds, "PatientSex"))


def study_from(ds: Dataset) -> StudyRecord:
    modalities = tuple(m for m in text(ds, "ModalitiesInStudy").split("\\") if m)
    return StudyRecord(
        study_instance_uid=text(ds, "StudyInstanceUID"), patient=patient_from(ds),
        study_date=parse_da(text(ds, "StudyDate")), study_time=text(ds, "StudyTime"),
        accession_number=text(ds, "AccessionNumber"), description=text(ds, "StudyDescription"),
        referring_physician=text(ds, "ReferringPhysicianName"), modalities=modalities,
        series_count=integer(ds, "NumberOfStudyRelatedSeries") or 0,
        instance_count=integer(ds, "NumberOfStudyRelatedInstances") or 0)


def series_from(ds: Dataset, study_uid: str = "") -> SeriesRecord:
    return SeriesRecord(
        series_instance_uid=text(ds, "SeriesInstanceUID"),
        study_instance_uid=text(ds, "StudyInstanceUID") or study_uid, modality=text(ds, "Modality"),
        series_number=integer(ds, "SeriesNumber"), description=text(ds, "SeriesDescription"),
        body_part=text(ds, "BodyPartExamined"), frame_of_reference_uid=text(ds, "FrameOfReferenceUID"),
        instance_count=integer(ds, "NumberOfSeriesRelatedInstances") or 0)


def instance_from(ds: Dataset, study_uid: str = "", series_uid: str = "") -> InstanceRecord:
    return InstanceRecord(
        sop_instance_uid=text(ds, "SOPInstanceUID"), sop_class_uid=text(ds, "SOPClassUID"),
        series_instance_uid=text(ds, "SeriesInstanceUID") or series_uid,
        study_instance_uid=text(ds, "StudyInstanceUID") or study_uid,
        instance_number=integer(ds, "InstanceNumber"), number_of_frames=integer(ds, "NumberOfFrames") or 1)


def c_find(node: RemoteNode, local: LocalAE, identifier: Dataset, *, patient_root: bool = False,
           timeouts: Timeouts = DEFAULT_TIMEOUTS, limit: int = 0,
           cancel: threading.Event | None = None) -> list[Dataset]:
    """Send one C-FIND and collect the matches (Study Root unless ``patient_root``).

    Stops early (C-CANCEL, PS3.7 9.3.2.3) after ``limit`` matches when ``limit`` > 0.

    Raises
    ------
    NetworkError
        Association failure, a failure status (named with its code), or a lost connection.
    OperationCancelled
        ``cancel`` was set; the association is aborted.
    """
    model = PatientRootQueryRetrieveInformationModelFind if patient_root else StudyRootQueryRetrieveInformationModelFind
    assoc = associate(node, local, [build_context(model)], timeouts=timeouts)
    matches: list[Dataset] = []
    try:
        responses = assoc.send_c_find(identifier, model)
        for status, answer in responses:
            if cancel is not None and cancel.is_set():
                abort(assoc)
                raise OperationCancelled(f"query of {node.name} cancelled")
            if status is None or "Status" not in status:
                raise NetworkError(f"{node.describe()} stopped answering the query (timeout or lost connection)")
            category = code_to_category(status.Status)
            if category == "Pending" and answer is not None:
                matches.append(answer)
                if limit and len(matches) >= limit:
                    assoc.send_c_cancel(1, None, model)
            elif category in ("Failure", "Warning") and status.Status != 0xFE00:
                comment = status.get("ErrorComment", "")
                raise NetworkError(f"{node.describe()} refused the query: status 0x{status.Status:04X}"
                                   f" ({category}){': ' + comment if comment else ''}")
    finally:
        release(assoc)
    return matches[:limit] if limit else matches


def _qido(node: RemoteNode, timeouts: Timeouts, method: str, **kwargs: object) -> list[Dataset]:
    try:
        answers = getattr(qido_client(node, timeouts), method)(**kwargs)
    except Exception as exc:  # requests and dicomweb-client raise many kinds
        raise _http_error(node, exc) from exc
    return [Dataset.from_json(answer) for answer in answers]


def find_studies(node: RemoteNode, local: LocalAE, query: StudyQuery, *, timeouts: Timeouts = DEFAULT_TIMEOUTS,
                 cancel: threading.Event | None = None) -> list[StudyRecord]:
    """Studies matching ``query`` (C-FIND STUDY level or QIDO-RS ``/studies``)."""
    filters = _study_filters(query)
    if node.is_dicomweb:
        found = _qido(node, timeouts, "search_for_studies", search_filters=filters, limit=query.limit or None,
                      fields=list(_STUDY_KEYS))
    else:
        found = c_find(node, local, _identifier(QueryLevel.STUDY, _STUDY_KEYS, filters), timeouts=timeouts,
                       limit=query.limit, cancel=cancel)
    return [study_from(ds) for ds in found]


def find_patients(node: RemoteNode, local: LocalAE, *, patient_name: str = "", patient_id: str = "",
                  timeouts: Timeouts = DEFAULT_TIMEOUTS, cancel: threading.Event | None = None) -> list[PatientRecord]:
    """Patients (C-FIND PATIENT level, Patient Root; for DICOMweb, distinct patients of studies)."""
    filters = {k: v for k, v in (("PatientName", patient_name), ("PatientID", patient_id)) if v}
    if node.is_dicomweb:
        studies = find_studies(node, local, StudyQuery(patient_name=patient_name, patient_id=patient_id),
                               timeouts=timeouts)
        return list({s.patient.patient_id: s.patient for s in studies}.values())
    found = c_find(node, local, _identifier(QueryLevel.PATIENT, _PATIENT_KEYS, filters), patient_root=True,
                   timeouts=timeouts, cancel=cancel)
    return [patient_from(ds) for ds in found]


def find_series(node: RemoteNode, local: LocalAE, study_uid: str, *, modality: str = "",
                timeouts: Timeouts = DEFAULT_TIMEOUTS, cancel: threading.Event | None = None) -> list[SeriesRecord]:
    """Series of one study (C-FIND SERIES level or QIDO-RS ``/studies/{uid}/series``)."""
    filters = {"StudyInstanceUID": study_uid, **({"Modality": modality} if modality else {})}
    if node.is_dicomweb:
        found = _qido(node, timeouts, "search_for_series", study_instance_uid=study_uid,
                      search_filters={k: v for k, v in filters.items() if k != "StudyInstanceUID"},
                      fields=list(_SERIES_KEYS))
    else:
        found = c_find(node, local, _identifier(QueryLevel.SERIES, _SERIES_KEYS, filters), timeouts=timeouts,
                       cancel=cancel)
    return [series_from(ds, study_uid) for ds in found]


def find_instances(node: RemoteNode, local: LocalAE, study_uid: str, series_uid: str, *,
                   timeouts: Timeouts = DEFAULT_TIMEOUTS, cancel: threading.Event | None = None
                   ) -> list[InstanceRecord]:
    """Instances of one series (C-FIND IMAGE level or QIDO-RS ``.../instances``)."""
    if node.is_dicomweb:
        found = _qido(node, timeouts, "search_for_instances", study_instance_uid=study_uid,
                      series_instance_uid=series_uid, fields=list(_IMAGE_KEYS))
    else:
        identifier = _identifier(QueryLevel.IMAGE, _IMAGE_KEYS,
                                 {"StudyInstanceUID": study_uid, "SeriesInstanceUID": series_uid})
        found = c_find(node, local, identifier, timeouts=timeouts, cancel=cancel)
    records = [instance_from(ds, study_uid, series_uid) for ds in found]
    return sorted(records, key=lambda r: (r.instance_number is None, r.instance_number or 0))


def iter_study_instances(node: RemoteNode, local: LocalAE, study_uid: str, *,
                         timeouts: Timeouts = DEFAULT_TIMEOUTS,
                         cancel: threading.Event | None = None) -> Iterator[tuple[SeriesRecord, list[InstanceRecord]]]:
    """Every series of a study with its instances: what a retry needs to find what is missing."""
    for series in find_series(node, local, study_uid, timeouts=timeouts, cancel=cancel):
        yield series, find_instances(node, local, study_uid, series.series_instance_uid, timeouts=timeouts,
                                     cancel=cancel)
