"""MR phantom: a T1-like head, sagittal by default, uint16 signal without rescale.

The scene (:func:`mr_scene`), patient LPS mm: a head ellipsoid (signal 300) holding a
brain ellipsoid (600) with dark ventricles (150); a bright lesion (1200, r=8) at
(25, -20, 30) on the patient's left, anterior and high; orientation markers inside the
brain, "left" (1500) at (50, 0, -30) and "anterior" (1000) at (0, -70, -20); a ruler of
beads r=4 (2000) from (0, -30, -40) to (0, 30, 40), 100.0 mm in the mid-sagittal plane.

MR images have no Modality LUT (PS3.3 C.8.3.1): stored values are the signal.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
from pydicom.dataset import Dataset
from pydicom.uid import ExplicitVRLittleEndian, MRImageStorage

from workstation.model.display import Window
from workstation.phantoms._dicom import (
    Progress,
    check_transfer_syntax,
    numbering,
    series_dataset,
    set_pixel_module,
)
from workstation.phantoms._stack import Grid, write_stack
from workstation.phantoms.ct import SAGITTAL
from workstation.phantoms.scene import Box, Ellipsoid, Ruler, Scene, Sphere
from workstation.phantoms.study import StudyInfo
from workstation.phantoms.truth import PhantomSeries

MR_WINDOWS = (Window(600.0, 1200.0, "T1"),)
MR_BITS_STORED = 12

#: The default MR study: the same patient as the CT, a head MR three weeks later.
MR_STUDY = StudyInfo(seed="phantom-mr", started=datetime(2024, 4, 2, 14, 0, 0),
                     description="MRI sọ não không tiêm", accession_number="A24040201", study_id="2")


def mr_scene() -> Scene:
    """The head scene of the module docstring (signal units)."""
    return Scene(
        background=0.0,
        shapes=(
            Ellipsoid((0.0, 0.0, 0.0), (75.0, 95.0, 110.0), 300.0, "head"),
            Ellipsoid((0.0, 5.0, 10.0), (65.0, 82.0, 90.0), 600.0, "brain"),
            Ellipsoid((0.0, 0.0, 15.0), (8.0, 25.0, 12.0), 150.0, "ventricles"),
            Sphere((25.0, -20.0, 30.0), 8.0, 1200.0, "lesion"),
            Box((50.0, 0.0, -30.0), (5.0, 5.0, 5.0), 1500.0, "left"),
            Box((0.0, -70.0, -20.0), (5.0, 5.0, 5.0), 1000.0, "anterior"),
        ),
        rulers=(Ruler((0.0, -30.0, -40.0), (0.0, 30.0, 40.0), 4.0, 2000.0, "ruler"),),
    )


def _encode_mr(values: np.ndarray, ds: Dataset) -> tuple[np.ndarray, float, float]:
    return np.rint(values).astype(np.uint16), 1.0, 0.0


def write_mr(
    out_dir: str | Path,
    *,
    shape: Sequence[int] = (25, 128, 128),
    spacing: Sequence[float] = (2.0, 2.0, 5.0),
    orientation: Sequence[float] = SAGITTAL,
    center: Sequence[float] = (0.0, 0.0, 0.0),
    shuffle: bool = False,
    transfer_syntax: str = ExplicitVRLittleEndian,
    study: StudyInfo = MR_STUDY,
    series_number: int = 3,
    series_description: str = "T1 SE đứng dọc",
    frame_of_reference_uid: str | None = None,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> PhantomSeries:
    """Write an MR Image series (PS3.3 A.4) of :func:`mr_scene`.

    ``spacing`` is (column spacing, row spacing, slice step) mm; the default sagittal
    grid has an odd slice count so the mid-sagittal plane x = 0 is a slice.
    """
    transfer_syntax = check_transfer_syntax(transfer_syntax)
    grid = Grid.make(shape, spacing, orientation, center=center)
    scene = mr_scene()
    series_uid = study.series_uid("mr", series_number)
    series_time = study.started + timedelta(minutes=series_number)
    ds = series_dataset(study, sop_class_uid=MRImageStorage, modality="MR", series_instance_uid=series_uid,
                        series_number=series_number, series_description=series_description,
                        series_time=series_time,
                        frame_of_reference_uid=frame_of_reference_uid or study.frame_of_reference_uid(series_number),
                        body_part="HEAD")
    ds.PatientPosition = "HFS"
    ds.ImageType = ["ORIGINAL", "PRIMARY", "OTHER"]
    set_pixel_module(ds, grid.shape[1], grid.shape[2], bits_allocated=16, bits_stored=MR_BITS_STORED, signed=False)
    ds.WindowCenter = [f"{w.center:g}" for w in MR_WINDOWS]
    ds.WindowWidth = [f"{w.width:g}" for w in MR_WINDOWS]
    ds.WindowCenterWidthExplanation = [w.explanation for w in MR_WINDOWS]
    # MR Image module (C.8.3.1)
    ds.ScanningSequence = "SE"
    ds.SequenceVariant = "NONE"
    ds.ScanOptions = ""
    ds.MRAcquisitionType = "2D"
    ds.RepetitionTime = "500"
    ds.EchoTime = "15"
    ds.EchoTrainLength = 1
    ds.EchoNumbers = 1
    ds.MagneticFieldStrength = "1.5"
    ds.ImagingFrequency = "63.87"
    ds.ImagedNucleus = "1H"
    ds.SliceThickness = f"{spacing[2]:g}"
    ds.SpacingBetweenSlices = f"{spacing[2]:g}"
    ds.SequenceName = "se2d1"
    file_numbers, instance_numbers = numbering(grid.shape[0], shuffle, series_uid)
    stack = write_stack(ds, grid, scene, _encode_mr, out_dir=Path(out_dir), file_prefix=f"MR{series_number:03d}_",
                        transfer_syntax=transfer_syntax, grid_indices=range(grid.shape[0]),
                        file_numbers=file_numbers, instance_numbers=instance_numbers, progress=progress,
                        cancel=cancel, what="MR")
    return PhantomSeries(
        kind="mr", modality="MR", sop_class_uid=MRImageStorage, transfer_syntax_uid=transfer_syntax, study=study,
        series_instance_uid=series_uid, series_number=series_number, series_description=series_description,
        frame_of_reference_uid=ds.FrameOfReferenceUID, paths=tuple(sorted(stack.slice_paths)), stacks=(stack,),
        scene=scene, units="", photometric="MONOCHROME2", stored_dtype="uint16", windows=MR_WINDOWS,
        notes="T1-like head: brain, ventricles, left lesion, left/anterior markers, 100 mm ruler")
