"""PET phantom matching a CT: same patient, study and Frame of Reference, SUV-ready.

Activity concentrations (Bq/ml) are chosen so that SUVbw comes out as round numbers
through the contract formula :meth:`workstation.model.pet.SuvParameters.suv_bw_factor`:
the body cylinder of :func:`~workstation.phantoms.ct.ct_scene` at ``background_suv``, a
hot sphere at the CT's "lesion" (same centre and radius) at ``expected_suv``, and a warm
sphere "left-warm" (SUV 2.5, r=12) at (80, 30, 10) on the patient's left.

Like real scanners, each slice has its own Rescale Slope (slice maximum / 32767,
PS3.3 C.8.9.4.1.1), so a reader that applies one slope to the whole series is wrong by
up to the ratio of slice maxima. The slice maximum (the hot sphere wherever it is cut)
is stored as exactly 32767, so its modality value is exact; other values are within
half a slope.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
from pydicom.dataset import Dataset
from pydicom.sr.codedict import codes
from pydicom.uid import ExplicitVRLittleEndian, PositronEmissionTomographyImageStorage

from workstation.model.display import Window
from workstation.model.pet import SuvParameters
from workstation.phantoms._dicom import (
    Progress,
    check_transfer_syntax,
    code_item,
    da,
    decimal_string,
    dt,
    numbering,
    series_dataset,
    set_pixel_module,
    tm,
)
from workstation.phantoms._stack import Grid, write_stack
from workstation.phantoms.ct import AXIAL, ct_scene
from workstation.phantoms.scene import Cylinder, Scene, Sphere
from workstation.phantoms.study import DEFAULT_STUDY, StudyInfo
from workstation.phantoms.truth import PhantomSeries, SuvTruth

F18_HALF_LIFE_S = 6586.2  #: F-18 half-life in seconds (DICOM PS3.16 CID 4020 radionuclide)
_MAX_STORED = 32767


def _encode_pet(values: np.ndarray, ds: Dataset) -> tuple[np.ndarray, float, float]:
    """Per-slice slope = slice maximum / 32767, as written (DS), int16 stored."""
    peak = float(values.max())
    slope = float(decimal_string(peak / _MAX_STORED)) if peak > 0 else 1.0
    ds.RescaleSlope = decimal_string(slope)
    stored = np.clip(np.rint(values / slope), 0, _MAX_STORED).astype(np.int16)
    return stored, slope, 0.0


def write_pet(
    out_dir: str | Path,
    *,
    study: StudyInfo = DEFAULT_STUDY,
    frame_of_reference_uid: str | None = None,
    shape: Sequence[int] = (24, 128, 128),
    spacing: Sequence[float] = (4.0, 4.0, 4.0),
    center: Sequence[float] = (0.0, 0.0, 0.0),
    expected_suv: float = 5.0,
    background_suv: float = 1.0,
    injected_dose_bq: float = 370e6,
    uptake_s: float = 3600.0,
    series_time: datetime | None = None,
    series_number: int = 5,
    series_description: str = "PET FDG toàn thân AC",
    transfer_syntax: str = ExplicitVRLittleEndian,
    shuffle: bool = False,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> PhantomSeries:
    """Write a PET Image series (PS3.3 A.21) whose hot sphere has SUVbw ``expected_suv``.

    Parameters
    ----------
    study, frame_of_reference_uid
        Pass the CT's ``study`` and ``frame_of_reference_uid`` for a PET/CT pair.
    shape, spacing
        ``(z, y, x)`` and ``(column, row, slice)`` mm of the axial PET grid.
    injected_dose_bq, uptake_s
        Radionuclide Total Dose and the time from injection to the series start.
    series_time
        Series (and acquisition) start; defaults to the study start + 70 minutes.

    Returns
    -------
    PhantomSeries
        ``kind="pt"`` with :attr:`PhantomSeries.suv` set.
    """
    transfer_syntax = check_transfer_syntax(transfer_syntax)
    grid = Grid.make(shape, spacing, AXIAL, center=center)
    series_time = series_time or study.started + timedelta(minutes=70)
    injection_time = series_time - timedelta(seconds=round(uptake_s))
    patient = study.patient
    parameters = SuvParameters(units="BQML", decay_correction="START", injected_dose_bq=float(decimal_string(injected_dose_bq)),
                               half_life_s=F18_HALF_LIFE_S, injection_time=injection_time,
                               series_time=series_time, patient_weight_kg=float(f"{patient.weight_kg:g}"))
    factor = parameters.suv_bw_factor()
    ct_lesion = ct_scene().find("lesion")
    hot = Sphere(ct_lesion.center, ct_lesion.radius, expected_suv / factor, "hot")
    scene = Scene(0.0, (Cylinder((0.0, 0.0, 0.0), (150.0, 110.0), background_suv / factor, label="body"),
                        hot, Sphere((80.0, 30.0, 10.0), 12.0, 2.5 / factor, "left-warm")))
    series_uid = study.series_uid("pt", series_number)
    ds = series_dataset(study, sop_class_uid=PositronEmissionTomographyImageStorage, modality="PT",
                        series_instance_uid=series_uid, series_number=series_number,
                        series_description=series_description, series_time=series_time,
                        frame_of_reference_uid=frame_of_reference_uid or study.frame_of_reference_uid(series_number),
                        body_part="WHOLEBODY")
    _pet_modules(ds, parameters, grid.shape[0], float(spacing[2]))
    set_pixel_module(ds, grid.shape[1], grid.shape[2], bits_allocated=16, bits_stored=16, signed=True)
    windows = (Window(background_suv * 3 / factor, background_suv * 6 / factor, "SUV 0-6"),)
    ds.WindowCenter, ds.WindowWidth = decimal_string(windows[0].center), decimal_string(windows[0].width)
    ds.WindowCenterWidthExplanation = windows[0].explanation
    file_numbers, instance_numbers = numbering(grid.shape[0], shuffle, series_uid)

    def encode(values: np.ndarray, slice_ds: Dataset) -> tuple[np.ndarray, float, float]:
        slice_ds.ImageIndex = slice_ds.InstanceNumber
        return _encode_pet(values, slice_ds)

    stack = write_stack(ds, grid, scene, encode, out_dir=Path(out_dir), file_prefix=f"PT{series_number:03d}_",
                        transfer_syntax=transfer_syntax, grid_indices=range(grid.shape[0]),
                        file_numbers=file_numbers, instance_numbers=instance_numbers, progress=progress,
                        cancel=cancel, what="PET")
    suv = SuvTruth(parameters=parameters, suv_bw_factor=factor, hot_sphere=hot, expected_suv=expected_suv,
                   activity_bq_ml=hot.value, background_suv=background_suv)
    return PhantomSeries(
        kind="pt", modality="PT", sop_class_uid=PositronEmissionTomographyImageStorage,
        transfer_syntax_uid=transfer_syntax, study=study, series_instance_uid=series_uid,
        series_number=series_number, series_description=series_description,
        frame_of_reference_uid=ds.FrameOfReferenceUID, paths=tuple(sorted(stack.slice_paths)), stacks=(stack,),
        scene=scene, units="BQML", photometric="MONOCHROME2", stored_dtype="int16", windows=windows, suv=suv,
        notes=f"F-18 FDG, hot sphere SUVbw {expected_suv:g}, per-slice Rescale Slope")


def _pet_modules(ds: Dataset, parameters: SuvParameters, slices: int, slice_thickness: float) -> None:
    """PET Series (C.8.9.1), PET Isotope (C.8.9.2), NM/PET Patient Orientation (C.8.4.6), PET Image (C.8.9.4)."""
    ds.Units = parameters.units
    ds.CountsSource = "EMISSION"
    ds.SeriesType = ["STATIC", "IMAGE"]
    ds.NumberOfSlices = slices
    ds.CorrectedImage = ["DECY", "ATTN", "SCAT", "DTIM", "RAN", "NORM"]
    ds.DecayCorrection = parameters.decay_correction
    ds.RandomsCorrectionMethod = "DLYD"
    ds.AttenuationCorrectionMethod = "CT-based"
    ds.ReconstructionMethod = "OSEM"
    ds.CollimatorType = "NONE"
    item = Dataset()
    item.Radiopharmaceutical = "Fludeoxyglucose F^18^"
    item.RadiopharmaceuticalStartTime = tm(parameters.injection_time)
    item.RadiopharmaceuticalStartDateTime = dt(parameters.injection_time)
    item.RadionuclideTotalDose = decimal_string(parameters.injected_dose_bq)
    item.RadionuclideHalfLife = decimal_string(parameters.half_life_s)
    item.RadionuclidePositronFraction = "0.9673"
    item.RadionuclideCodeSequence = [code_item(codes.SCT._18Fluorine)]
    item.RadiopharmaceuticalCodeSequence = [code_item(codes.SCT.FluorodeoxyglucoseF18)]
    ds.RadiopharmaceuticalInformationSequence = [item]
    ds.PatientOrientationCodeSequence = [code_item(codes.SCT.Recumbent)]
    ds.PatientOrientationCodeSequence[0].PatientOrientationModifierCodeSequence = [code_item(codes.SCT.Supine)]
    ds.PatientGantryRelationshipCodeSequence = [code_item(codes.SCT.FeetFirst)]
    ds.ImageType = ["ORIGINAL", "PRIMARY"]
    ds.RescaleIntercept = "0"
    ds.RescaleSlope = "1"
    ds.FrameReferenceTime = "0"
    ds.ActualFrameDuration = 120000
    ds.AcquisitionDate = da(parameters.series_time)
    ds.AcquisitionTime = tm(parameters.series_time)
    ds.DecayFactor = "1"
    ds.SliceThickness = f"{slice_thickness:g}"
