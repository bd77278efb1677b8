"""Patient/study/series/instance records from a DICOM header."""

from __future__ import annotations

from datetime import date, datetime

from pydicom.dataset import Dataset

from workstation.dicomio._values import value as element_value
from workstation.dicomio.reading import transfer_syntax_of
from workstation.model.records import InstanceRecord, PatientRecord, SeriesRecord, StudyRecord


def text(ds: Dataset, keyword: str) -> str:
    """An element as a stripped string, "" when absent or empty (PN values as stored)."""
    value = element_value(ds, keyword)
    if value is None:
        return ""
    if isinstance(value, (list, tuple)) or type(value).__name__ == "MultiValue":
        return "\\".join(str(v) for v in value).strip()
    return str(value).strip()


def integer(ds: Dataset, keyword: str) -> int | None:
    """An IS/US element as int, None when absent or not a number."""
    value = element_value(ds, keyword)
    if value is None or value == "":
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def parse_da(value: str) -> date | None:
    """A DA value (``YYYYMMDD``; the old ``YYYY.MM.DD`` form too) as a date."""
    value = value.strip().replace(".", "")
    if len(value) < 8:
        return None
    try:
        return datetime.strptime(value[:8], "%Y%m%d").date()
    except ValueError:
        return None


def parse_tm(value: str) -> tuple[int, int, float] | None:
    """A TM value (``HHMMSS.FFFFFF``, parts optional; old ``HH:MM:SS``) as (h, m, s)."""
    value = value.strip().replace(":", "")
    if len(value) < 2 or not value[:2].isdigit():
        return None
    try:
        hours = int(value[:2])
        minutes = int(value[2:4]) if len(value) >= 4 else 0
        seconds = float(value[4:]) if len(value) > 4 else 0.0
    except ValueError:
        return None
    return hours, minutes, seconds


def combine_datetime(da: str, tm: str) -> datetime | None:
    """DA + TM into a naive datetime (None when the date is missing)."""
    day = parse_da(da)
    if day is None:
        return None
    hms = parse_tm(tm) or (0, 0, 0.0)
    whole = int(hms[2])
    micro = int(round((hms[2] - whole) * 1e6))
    return datetime(day.year, day.month, day.day, hms[0], hms[1], min(whole, 59), min(micro, 999999))


def records_from_dataset(ds: Dataset, path: str = "") -> tuple[PatientRecord, StudyRecord, SeriesRecord, InstanceRecord]:
    """Build the four records of one instance from its header.

    Vietnamese (and every other) text is decoded by pydicom from Specific Character Set.
    """
    patient = PatientRecord(
        patient_id=text(ds, "PatientID"),
        name=text(ds, "PatientName"),
        birth_date=parse_da(text(ds, "PatientBirthDate")),
        sex=text(ds, "PatientSex"),
    )
    modality = text(ds, "Modality")
    study_uid = text(ds, "StudyInstanceUID")
    series_uid = text(ds, "SeriesInstanceUID")
    study = StudyRecord(
        study_instance_uid=study_uid,
        patient=patient,
        study_date=parse_da(text(ds, "StudyDate")),
        study_time=text(ds, "StudyTime"),
        accession_number=text(ds, "AccessionNumber"),
        description=text(ds, "StudyDescription"),
        referring_physician=text(ds, "ReferringPhysicianName"),
        modalities=(modality,) if modality else (),
    )
    series = SeriesRecord(
        series_instance_uid=series_uid,
        study_instance_uid=study_uid,
        modality=modality,
        series_number=integer(ds, "SeriesNumber"),
        description=text(ds, "SeriesDescription"),
        body_part=text(ds, "BodyPartExamined"),
        frame_of_reference_uid=text(ds, "FrameOfReferenceUID"),
    )
    meta = getattr(ds, "file_meta", None)
    sop_class = text(ds, "SOPClassUID") or (str(meta.get("MediaStorageSOPClassUID", "")) if meta else "")
    instance = InstanceRecord(
        sop_instance_uid=text(ds, "SOPInstanceUID"),
        sop_class_uid=sop_class,
        series_instance_uid=series_uid,
        study_instance_uid=study_uid,
        instance_number=integer(ds, "InstanceNumber"),
        transfer_syntax_uid=transfer_syntax_of(ds),
        path=path,
        number_of_frames=integer(ds, "NumberOfFrames") or 1,
    )
    return patient, study, series, instance
