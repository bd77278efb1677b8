"""The demo data set behind ``workstation demo``: two patients, six studies, ten series.

Patient "Nguyễn^Văn An" (VN-000123, male, 68 kg):

* CT ngực bụng 2024-03-15 — contrast CT chest/abdomen (:func:`~workstation.phantoms.ct.write_ct`):
  water body, lesion r=10 mm (+100 HU), bone and fat spheres, left/anterior markers, 100 mm ruler.
* CT ngực bụng 2023-03-14 — the PRIOR of the same patient a year earlier: same scene with
  the lesion at r=6 mm, for side-by-side comparison and follow-up measurement.
* MRI sọ não 2024-04-02 — sagittal T1-like head (:func:`~workstation.phantoms.mr.write_mr`).
* PET/CT FDG 2024-05-20 — a CT and a PET sharing one Frame of Reference; the PET's hot
  sphere sits on the CT lesion with SUVbw 5.0 (:func:`~workstation.phantoms.pet.write_pet`).

Patient "Trần^Thị Bích Ngọc" (VN-000456, female, 52 kg):

* X-quang ngực thẳng 2024-03-15 — CR chest PA, MONOCHROME1, 100 mm ruler at the detector.
* Nhũ ảnh sàng lọc 2024-03-20 — R/L CC and MLO, a mass in the left breast.

``size="small"`` (CT 256x256x80) writes in ~2 s and 37 MB; ``size="full"`` uses
scanner-like matrices (CT 512x512x300, CR 2048x2048): ~13 s and 500 MB of disk.
Files go to ``out_dir/<patient id>/<study date>_<accession>/``, named by modality and series.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from workstation.phantoms._dicom import Progress, step
from workstation.phantoms.ct import ct_scene, write_ct
from workstation.phantoms.mammography import MAMMO_STUDY, write_mammography
from workstation.phantoms.mr import MR_STUDY, write_mr
from workstation.phantoms.pet import write_pet
from workstation.phantoms.projection import XRAY_STUDY, write_radiograph
from workstation.phantoms.study import DEFAULT_STUDY, StudyInfo
from workstation.phantoms.truth import PhantomSeries


@dataclass(frozen=True)
class _Sizes:
    ct_shape: tuple[int, int, int]
    ct_spacing: tuple[float, float, float]
    mr_shape: tuple[int, int, int]
    mr_spacing: tuple[float, float, float]
    pet_shape: tuple[int, int, int]
    cr_size: tuple[int, int]
    cr_spacing: tuple[float, float]
    mammo_size: tuple[int, int]
    mammo_spacing: tuple[float, float]


_SIZES = {
    "small": _Sizes((80, 256, 256), (1.4, 1.4, 2.5), (25, 128, 128), (2.0, 2.0, 5.0), (50, 128, 128),
                    (512, 512), (0.8, 0.8), (640, 512), (0.4, 0.4)),
    "full": _Sizes((300, 512, 512), (0.7, 0.7, 1.0), (25, 256, 256), (1.0, 1.0, 5.0), (75, 128, 128),
                   (2048, 2048), (0.2, 0.2), (2560, 2048), (0.1, 0.1)),
}

CT_STUDY = DEFAULT_STUDY
PRIOR_CT_STUDY = StudyInfo(seed="phantom-prior", started=datetime(2023, 3, 14, 10, 5, 0),
                           description="CT ngực bụng có tiêm thuốc cản quang", accession_number="A23031401",
                           study_id="0")
PETCT_STUDY = StudyInfo(seed="phantom-petct", started=datetime(2024, 5, 20, 7, 45, 0),
                        description="PET/CT toàn thân F-18 FDG", accession_number="A24052001", study_id="6")


def _folder(out_dir: Path, study: StudyInfo) -> Path:
    return out_dir / study.patient.patient_id / f"{study.started:%Y%m%d}_{study.accession_number}"


def write_demo_studies(out_dir: str | Path, *, size: str = "small", progress: Progress | None = None,
                       cancel: threading.Event | None = None) -> list[PhantomSeries]:
    """Write the demo set of the module docstring under ``out_dir``; return every series.

    Raises
    ------
    ValueError
        If ``size`` is not "small" or "full".
    OperationCancelled
        If ``cancel`` is set; series written so far stay on disk.
    """
    if size not in _SIZES:
        raise ValueError(f"size must be one of {sorted(_SIZES)}, got {size!r}")
    s = _SIZES[size]
    out = Path(out_dir)

    def ct(study: StudyInfo, **kwargs: object) -> PhantomSeries:
        return write_ct(_folder(out, study), shape=s.ct_shape, spacing=s.ct_spacing, study=study,
                        cancel=cancel, **kwargs)

    def pet_ct() -> list[PhantomSeries]:
        anatomy = ct(PETCT_STUDY, series_description="CT liều thấp cho PET")
        pet = write_pet(_folder(out, PETCT_STUDY), study=PETCT_STUDY, shape=s.pet_shape,
                        frame_of_reference_uid=anatomy.frame_of_reference_uid, cancel=cancel)
        return [anatomy, pet]

    jobs: list[tuple[str, Callable[[], PhantomSeries | list[PhantomSeries] | tuple[PhantomSeries, ...]]]] = [
        ("CT", lambda: ct(CT_STUDY)),
        ("CT prior", lambda: ct(PRIOR_CT_STUDY, scene=ct_scene(lesion_radius=6.0))),
        ("MR", lambda: write_mr(_folder(out, MR_STUDY), shape=s.mr_shape, spacing=s.mr_spacing,
                                cancel=cancel)),
        ("PET/CT", pet_ct),
        ("CR", lambda: write_radiograph(_folder(out, XRAY_STUDY), size=s.cr_size,
                                        imager_pixel_spacing=s.cr_spacing, monochrome1=True)),
        ("MG", lambda: write_mammography(_folder(out, MAMMO_STUDY), size=s.mammo_size,
                                         imager_pixel_spacing=s.mammo_spacing)),
    ]
    written: list[PhantomSeries] = []
    for n, (what, job) in enumerate(jobs):
        step(n, len(jobs), f"demo: {what}", progress, cancel)
        result = job()
        written.extend([result] if isinstance(result, PhantomSeries) else result)
    step(len(jobs), len(jobs), "demo: done", progress, cancel)
    return written
