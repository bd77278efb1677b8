"""Who and when a phantom belongs to: patient and study facts, and reproducible UIDs.

Every UID a phantom writes is derived from :attr:`StudyInfo.seed` with
:func:`pydicom.uid.generate_uid` (``entropy_srcs``), so writing the same phantom twice
gives byte-identical headers, and tests can compare UIDs across runs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from pydicom.uid import generate_uid


def make_uid(*parts: object) -> str:
    """A UID that depends only on ``parts``: pydicom's root plus a hash of them.

    (``prefix=None`` would give a random ``2.25`` UUID UID and ignore the entropy.)
    """
    return str(generate_uid(entropy_srcs=[str(p) for p in parts]))


@dataclass(frozen=True)
class PatientInfo:
    """Patient module values (PS3.3 C.7.1.1) plus the body size PET SUV needs."""

    patient_id: str = "VN-000123"
    name: str = "Nguyễn^Văn An"
    birth_date: date = date(1965, 4, 12)
    sex: str = "M"
    weight_kg: float = 68.0
    size_m: float = 1.68


@dataclass(frozen=True)
class StudyInfo:
    """General Study module values (PS3.3 C.7.2.1) and the seed every UID derives from.

    ``started`` is StudyDate/StudyTime; series of the study are timed after it.
    """

    patient: PatientInfo = field(default_factory=PatientInfo)
    seed: str = "phantom"
    started: datetime = datetime(2024, 3, 15, 9, 15, 0)
    description: str = "CT ngực bụng có tiêm thuốc cản quang"
    accession_number: str = "A24031501"
    study_id: str = "1"
    referring_physician: str = "Phạm^Minh Tuấn"
    institution: str = "Bệnh viện Phantom"

    @property
    def study_instance_uid(self) -> str:
        return make_uid("study", self.seed)

    def series_uid(self, kind: str, series_number: int) -> str:
        """The Series Instance UID of series ``series_number`` of kind ``kind``."""
        return make_uid("series", self.seed, kind, series_number)

    def frame_of_reference_uid(self, series_number: int) -> str:
        """The Frame of Reference UID a series creates when it is given none."""
        return make_uid("frame-of-reference", self.seed, series_number)


#: The second demo patient, a woman (chest radiograph, mammography).
PATIENT_NGOC = PatientInfo(patient_id="VN-000456", name="Trần^Thị Bích Ngọc", birth_date=date(1978, 9, 23),
                           sex="F", weight_kg=52.0, size_m=1.55)
#: A third patient for tests that need one more name.
PATIENT_DUC = PatientInfo(patient_id="VN-000789", name="Lê^Hoàng Đức", birth_date=date(1990, 1, 30), sex="M",
                          weight_kg=74.0, size_m=1.72)

#: The default study: "Nguyễn^Văn An", a contrast CT of chest and abdomen.
DEFAULT_STUDY = StudyInfo()
