"""Patient / study / series / instance records: what the browser lists and the store indexes.

Records are immutable values built by ``dicomio`` (from headers), ``store`` (from its
index) or ``net`` (from C-FIND / QIDO answers); nothing here reads files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


def format_person_name(pn: str) -> str:
    """A DICOM PN value as people read it: ``"Nguyễn^Văn An"`` -> ``"Nguyễn Văn An"``.

    Only the alphabetic group is used (ideographic/phonetic groups after ``=`` are
    dropped); the family name stays first, which is the Vietnamese reading order.
    """
    alphabetic = pn.split("=", 1)[0]
    parts = [p.strip() for p in alphabetic.split("^")]
    family, given, middle, prefix, suffix = (parts + [""] * 5)[:5]
    words = [prefix, family, middle, given, suffix]
    return " ".join(w for w in words if w)


@dataclass(frozen=True)
class PatientRecord:
    patient_id: str
    name: str = ""  #: PN as stored, e.g. ``"Nguyễn^Văn An"``
    birth_date: date | None = None
    sex: str = ""

    @property
    def display_name(self) -> str:
        return format_person_name(self.name)


@dataclass(frozen=True)
class StudyRecord:
    study_instance_uid: str
    patient: PatientRecord = field(default_factory=lambda: PatientRecord(""))
    study_date: date | None = None
    study_time: str = ""
    accession_number: str = ""
    description: str = ""
    referring_physician: str = ""
    modalities: tuple[str, ...] = ()
    series_count: int = 0
    instance_count: int = 0


@dataclass(frozen=True)
class SeriesRecord:
    series_instance_uid: str
    study_instance_uid: str
    modality: str = ""
    series_number: int | None = None
    description: str = ""
    body_part: str = ""
    frame_of_reference_uid: str = ""
    instance_count: int = 0


@dataclass(frozen=True)
class InstanceRecord:
    sop_instance_uid: str
    sop_class_uid: str
    series_instance_uid: str
    study_instance_uid: str
    instance_number: int | None = None
    transfer_syntax_uid: str = ""
    path: str = ""  #: where the file is, empty for instances known only remotely
    number_of_frames: int = 1
