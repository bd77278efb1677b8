"""Small DICOM objects built with pydicom for the store tests.

Images are 8x8 CT slices (enough for a header, pixel data and a real file size); the SR
is a Basic Text SR with no pixel data. Names use ISO_IR 192 so Vietnamese round-trips.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import (
    BasicTextSRStorage,
    CTImageStorage,
    ExplicitVRLittleEndian,
    generate_uid,
)

from workstation.store import LocalStore

_counter = itertools.count(1)


def _common(ds: Dataset, *, name: str, patient_id: str, study_uid: str, series_uid: str, study_date: str,
            accession: str, modality: str, sop_class: str, sop_uid: str | None) -> Dataset:
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.SpecificCharacterSet = "ISO_IR 192"
    ds.SOPClassUID = sop_class
    ds.SOPInstanceUID = sop_uid or generate_uid()
    ds.PatientName = name
    ds.PatientID = patient_id
    ds.PatientBirthDate = "19800101"
    ds.PatientSex = "M"
    ds.StudyInstanceUID = study_uid
    ds.SeriesInstanceUID = series_uid
    ds.StudyDate = study_date
    ds.StudyTime = "101500"
    ds.StudyID = "1"
    ds.AccessionNumber = accession
    ds.StudyDescription = "Test study"
    ds.ReferringPhysicianName = "Lê^Bác Sĩ"
    ds.Modality = modality
    ds.SeriesNumber = 1
    ds.InstanceNumber = next(_counter)
    return ds


def make_image(*, name: str = "Nguyễn^Văn An", patient_id: str = "BN001", study_uid: str | None = None,
               series_uid: str | None = None, sop_uid: str | None = None, study_date: str = "20240115",
               accession: str = "ACC001", modality: str = "CT", size: int = 8, z: float = 0.0,
               position: bool = True) -> Dataset:
    """A CT-like slice with pixel data; ``position=False`` leaves out Image Position (Patient)."""
    ds = _common(Dataset(), name=name, patient_id=patient_id, study_uid=study_uid or generate_uid(),
                 series_uid=series_uid or generate_uid(), study_date=study_date, accession=accession,
                 modality=modality, sop_class=CTImageStorage, sop_uid=sop_uid)
    ds.ImageOrientationPatient = [1, 0, 0, 0, 1, 0]
    if position:
        ds.ImagePositionPatient = [0, 0, z]
    ds.PixelSpacing = [1, 1]
    ds.SliceThickness = 1
    ds.Rows = ds.Columns = size
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.BitsAllocated = 16
    ds.BitsStored = 16
    ds.HighBit = 15
    ds.PixelRepresentation = 1
    ds.RescaleSlope = 1
    ds.RescaleIntercept = -1024
    ds.PixelData = (np.arange(size * size, dtype=np.int16) + int(z)).tobytes()
    return ds


def make_sr(*, name: str = "Nguyễn^Văn An", patient_id: str = "BN001", study_uid: str | None = None,
            series_uid: str | None = None) -> Dataset:
    """A Basic Text SR: a valid object without pixel data."""
    ds = _common(Dataset(), name=name, patient_id=patient_id, study_uid=study_uid or generate_uid(),
                 series_uid=series_uid or generate_uid(), study_date="20240115", accession="ACC001",
                 modality="SR", sop_class=BasicTextSRStorage, sop_uid=None)
    ds.ValueType = "CONTAINER"
    ds.ContinuityOfContent = "SEPARATE"
    ds.CompletionFlag = "COMPLETE"
    ds.VerificationFlag = "UNVERIFIED"
    ds.ContentDate, ds.ContentTime = "20240115", "103000"
    concept = Dataset()
    concept.CodeValue, concept.CodingSchemeDesignator, concept.CodeMeaning = "18748-4", "LN", "Kết luận"
    ds.ConceptNameCodeSequence = [concept]
    return ds


def write(ds: Dataset, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    ds.save_as(path, enforce_file_format=True)
    return path


def part10_bytes(ds: Dataset) -> bytes:
    from io import BytesIO

    buffer = BytesIO()
    ds.save_as(buffer, enforce_file_format=True)
    return buffer.getvalue()


def write_series(folder: Path, count: int, **kwargs) -> list[Path]:
    """``count`` slices of one new series (same study unless ``study_uid`` says otherwise)."""
    kwargs.setdefault("study_uid", generate_uid())
    kwargs.setdefault("series_uid", generate_uid())
    return [write(make_image(z=float(k), **kwargs), folder / f"IM{k:04d}.dcm") for k in range(count)]


def stored_files(store: LocalStore) -> list[Path]:
    return sorted(p for p in (store.root / "dicom").rglob("*") if p.is_file())


def temp_files(store: LocalStore) -> list[Path]:
    return sorted((store.root / "incoming").iterdir())
