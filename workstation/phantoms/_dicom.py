"""Common DICOM modules every phantom carries, and writing one instance to a file.

The header modules here are the ones shared by all image IODs (PS3.3 A.1.2): Patient
(C.7.1.1), General Study (C.7.2.1), Patient Study (C.7.2.2), General Series (C.7.3.1),
Frame of Reference (C.7.4.1), General Equipment (C.7.5.1), SOP Common (C.12.1). Each
generator adds its modality's modules on top.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

import numpy as np
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.sr.coding import Code
from pydicom.uid import (
    ExplicitVRBigEndian,
    ExplicitVRLittleEndian,
    ImplicitVRLittleEndian,
    JPEG2000Lossless,
    JPEGLSLossless,
    RLELossless,
)

from workstation.model.errors import OperationCancelled
from workstation.phantoms.study import StudyInfo, make_uid

#: Transfer syntaxes a phantom can be written in. Native ones are written directly;
#: the lossless compressed ones through ``Dataset.compress`` (pylibjpeg-openjpeg,
#: pyjpegls, pylibjpeg-rle), so pixel values round-trip exactly.
TRANSFER_SYNTAXES: tuple[str, ...] = (
    ExplicitVRLittleEndian, ImplicitVRLittleEndian, ExplicitVRBigEndian,
    JPEG2000Lossless, JPEGLSLossless, RLELossless,
)
_NATIVE = (ExplicitVRLittleEndian, ImplicitVRLittleEndian, ExplicitVRBigEndian)

Progress = Callable[[int, int, str], None]


def check_transfer_syntax(transfer_syntax: str) -> str:
    if transfer_syntax not in TRANSFER_SYNTAXES:
        raise ValueError(f"transfer_syntax must be one of {TRANSFER_SYNTAXES}, got {transfer_syntax!r}")
    return str(transfer_syntax)


def step(i: int, total: int, what: str, progress: Progress | None, cancel: threading.Event | None) -> None:
    """Report progress before item ``i`` and stop if the caller cancelled."""
    if cancel is not None and cancel.is_set():
        raise OperationCancelled(f"{what}: cancelled after {i} of {total}")
    if progress is not None:
        progress(i, total, what)


def da(when: datetime) -> str:
    return when.strftime("%Y%m%d")


def tm(when: datetime) -> str:
    return when.strftime("%H%M%S")


def dt(when: datetime) -> str:
    return when.strftime("%Y%m%d%H%M%S")


def decimal_string(value: float) -> str:
    """The DS text (at most 16 characters, PS3.5 6.2) closest to ``value``."""
    for digits in range(16, 0, -1):
        text = f"{value:.{digits}g}"
        if len(text) <= 16:
            return text
    raise ValueError(f"cannot format {value} as DS")


def code_item(code: Code) -> Dataset:
    """A Code Sequence item (PS3.3 8.8) from a pydicom code, e.g. ``codes.SCT.Chest``."""
    item = Dataset()
    item.CodeValue = code.value
    item.CodingSchemeDesignator = code.scheme_designator
    item.CodeMeaning = code.meaning
    return item


def series_dataset(study: StudyInfo, *, sop_class_uid: str, modality: str, series_instance_uid: str,
                   series_number: int, series_description: str, series_time: datetime,
                   frame_of_reference_uid: str | None, body_part: str = "") -> Dataset:
    """A dataset holding the modules shared by every instance of a series.

    ``frame_of_reference_uid`` None leaves out the Frame of Reference module (projection
    images, secondary capture, ultrasound without spatial registration).
    """
    patient = study.patient
    ds = Dataset()
    ds.SpecificCharacterSet = "ISO_IR 192"
    ds.SOPClassUID = sop_class_uid
    ds.InstanceCreationDate = da(series_time)
    ds.InstanceCreationTime = tm(series_time)
    # Patient (C.7.1.1) and Patient Study (C.7.2.2)
    ds.PatientName = patient.name
    ds.PatientID = patient.patient_id
    ds.PatientBirthDate = patient.birth_date.strftime("%Y%m%d")
    ds.PatientSex = patient.sex
    ds.PatientWeight = f"{patient.weight_kg:g}"
    ds.PatientSize = f"{patient.size_m:g}"
    # General Study (C.7.2.1)
    ds.StudyInstanceUID = study.study_instance_uid
    ds.StudyDate = da(study.started)
    ds.StudyTime = tm(study.started)
    ds.ReferringPhysicianName = study.referring_physician
    ds.StudyID = study.study_id
    ds.AccessionNumber = study.accession_number
    ds.StudyDescription = study.description
    # General Series (C.7.3.1)
    ds.Modality = modality
    ds.SeriesInstanceUID = series_instance_uid
    ds.SeriesNumber = series_number
    ds.SeriesDate = da(series_time)
    ds.SeriesTime = tm(series_time)
    ds.SeriesDescription = series_description
    if body_part:
        ds.BodyPartExamined = body_part
    # Frame of Reference (C.7.4.1)
    if frame_of_reference_uid is not None:
        ds.FrameOfReferenceUID = frame_of_reference_uid
        ds.PositionReferenceIndicator = ""
    # General Equipment (C.7.5.1)
    ds.Manufacturer = "Workstation Phantoms"
    ds.ManufacturerModelName = "Analytic phantom"
    ds.InstitutionName = study.institution
    ds.StationName = "PHANTOM01"
    ds.SoftwareVersions = "1"
    ds.DeviceSerialNumber = "0001"
    # General Image / General Acquisition (C.7.6.1, C.7.10.1)
    ds.ContentDate = da(series_time)
    ds.ContentTime = tm(series_time)
    ds.AcquisitionDate = da(series_time)
    ds.AcquisitionTime = tm(series_time)
    ds.AcquisitionNumber = 1
    ds.BurnedInAnnotation = "NO"
    ds.LossyImageCompression = "00"  # every phantom is written losslessly
    return ds


def set_pixel_module(ds: Dataset, rows: int, columns: int, *, bits_allocated: int, bits_stored: int,
                     signed: bool, photometric: str = "MONOCHROME2", samples: int = 1) -> None:
    """Image Pixel module (PS3.3 C.7.6.3) attributes, without the pixel data."""
    ds.SamplesPerPixel = samples
    ds.PhotometricInterpretation = photometric
    if samples > 1:
        ds.PlanarConfiguration = 0
    ds.Rows = rows
    ds.Columns = columns
    ds.BitsAllocated = bits_allocated
    ds.BitsStored = bits_stored
    ds.HighBit = bits_stored - 1
    ds.PixelRepresentation = 1 if signed else 0


def instance_uid(series_instance_uid: str, number: int) -> str:
    return make_uid("instance", series_instance_uid, number)


def write_instance(ds: Dataset, pixels: np.ndarray, path: Path, transfer_syntax: str) -> Path:
    """Write ``ds`` with ``pixels`` as its Pixel Data in ``transfer_syntax``.

    ``ds`` is reused between calls (one template per series, mutated per instance), so
    everything per-instance, including the file meta, is set here each time.
    ``pixels`` is ``(rows, columns)``, ``(frames, rows, columns)`` or with a trailing
    samples axis, in the dtype the Image Pixel module declares.
    """
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = ds.SOPClassUID
    meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    meta.ImplementationClassUID = make_uid("workstation-phantoms-implementation")
    meta.ImplementationVersionName = "WS_PHANTOM_1"
    ds.file_meta = meta
    pixels = np.ascontiguousarray(pixels)
    if transfer_syntax in _NATIVE:
        if transfer_syntax == ExplicitVRBigEndian:
            pixels = pixels.astype(pixels.dtype.newbyteorder(">"))
        ds.PixelData = pixels.tobytes()
        meta.TransferSyntaxUID = transfer_syntax
    else:
        if transfer_syntax == JPEG2000Lossless and ds.PhotometricInterpretation == "RGB":
            # Colour JPEG 2000 is stored with the reversible colour transform (PS3.5 8.2.4).
            ds.PhotometricInterpretation = "YBR_RCT"
        ds.compress(transfer_syntax, pixels, generate_instance_uid=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    ds.save_as(path, enforce_file_format=True)
    return path


def numbering(count: int, shuffle: bool, seed: str) -> tuple[Sequence[int], Sequence[int]]:
    """(file numbers, instance numbers) for items in slice order, 1-based.

    Unshuffled, both follow slice order. Shuffled, both are independent permutations
    derived from ``seed``, so neither file order nor Instance Number tells the order.
    """
    base = np.arange(1, count + 1)
    if not shuffle:
        return base.tolist(), base.tolist()
    rng = np.random.default_rng(int(make_uid("shuffle", seed).split(".")[-1]) % 2**63)
    orders = []
    for _ in range(2):
        order = rng.permutation(base)
        if count > 1 and np.array_equal(order, base):  # a shuffle must not look sorted
            order = np.roll(order, 1)
        orders.append(order.tolist())
    return orders[0], orders[1]
