"""CT phantoms: a water cylinder in air with spheres, orientation markers and a ruler.

The default scene (:func:`ct_scene`), in patient LPS mm around the origin:

========== ================================= =========== ===========================
label      shape                             HU          why
========== ================================= =========== ===========================
body       cylinder along z, 150 x 110 mm    0 (water)   air outside is -1000 HU
lesion     sphere r=10 at (-50, 10, -20)     +100        on the patient's right, below
bone       sphere r=5 at (40, 30, 20)        +1000       on the left, posterior, above
fat        sphere r=8 at (10, -40, 0)        -100        anterior, centre slice
left       block 20x20x40 at (125, 0, 0)     +2000       marks the patient's LEFT
anterior   block 20x16x40 at (0, -90, 0)     +1500       marks ANTERIOR
ruler      beads r=3 at (-30,-40,40),        +3000       100.0 mm apart in the axial
           (30, 40, 40)                                  plane z=40, at 53.13 deg to +x
========== ================================= =========== ===========================

Spheres sit at different heights, so a head/feet flip is as visible as a left/right
or anterior/posterior one. Stored values are int16 with Rescale Slope 1 and Intercept
-1024 (stored = HU + 1024), as many scanners write them (PS3.3 C.8.2.1 CT Image).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
from pydicom.dataset import Dataset
from pydicom.uid import CTImageStorage, ExplicitVRLittleEndian

from workstation.model.display import Window
from workstation.phantoms._dicom import (
    Progress,
    check_transfer_syntax,
    numbering,
    series_dataset,
    set_pixel_module,
)
from workstation.phantoms._stack import Grid, write_stack
from workstation.phantoms.scene import Box, Cylinder, Ruler, Scene, Sphere
from workstation.phantoms.study import DEFAULT_STUDY, StudyInfo
from workstation.phantoms.truth import PhantomSeries, Stack

AXIAL = (1.0, 0.0, 0.0, 0.0, 1.0, 0.0)  #: rows to the Left, columns to Posterior
CORONAL = (1.0, 0.0, 0.0, 0.0, 0.0, -1.0)  #: rows to the Left, columns to Feet
SAGITTAL = (0.0, 1.0, 0.0, 0.0, 0.0, -1.0)  #: rows to Posterior, columns to Feet

CT_INTERCEPT = -1024.0
#: Soft-tissue and lung windows (PS3.3 C.11.2.1.2), in HU, explained with the defined
#: terms of the Enhanced CT Frame VOI LUT (C.8.15.3.10) so both CT kinds say the same.
CT_WINDOWS = (Window(40.0, 400.0, "SOFT_TISSUE"), Window(-600.0, 1500.0, "LUNG"))


def oblique_orientation(about_x_deg: float = 25.0, about_y_deg: float = 20.0,
                        about_z_deg: float = 0.0, base: Sequence[float] = AXIAL) -> tuple[float, ...]:
    """Image Orientation (Patient) of ``base`` rotated about patient x, then y, then z.

    The default (25 deg about x, 20 deg about y) is an oblique acquisition with no
    axis-aligned direction, for MPR tests that must find the spheres in patient space.
    """
    ax, ay, az = np.radians([about_x_deg, about_y_deg, about_z_deg])
    rx = np.array([[1, 0, 0], [0, np.cos(ax), -np.sin(ax)], [0, np.sin(ax), np.cos(ax)]])
    ry = np.array([[np.cos(ay), 0, np.sin(ay)], [0, 1, 0], [-np.sin(ay), 0, np.cos(ay)]])
    rz = np.array([[np.cos(az), -np.sin(az), 0], [np.sin(az), np.cos(az), 0], [0, 0, 1]])
    rotation = rz @ ry @ rx
    row, column = rotation @ np.asarray(base[:3], float), rotation @ np.asarray(base[3:], float)
    return tuple(float(v) for v in np.concatenate([row, column]))


def ct_scene(*, lesion_radius: float = 10.0) -> Scene:
    """The CT scene of the module docstring; ``lesion_radius`` lets a prior study differ."""
    return Scene(
        background=-1000.0,
        shapes=(
            Cylinder((0.0, 0.0, 0.0), (150.0, 110.0), 0.0, label="body"),
            Sphere((-50.0, 10.0, -20.0), lesion_radius, 100.0, "lesion"),
            Sphere((40.0, 30.0, 20.0), 5.0, 1000.0, "bone"),
            Sphere((10.0, -40.0, 0.0), 8.0, -100.0, "fat"),
            Box((125.0, 0.0, 0.0), (10.0, 10.0, 20.0), 2000.0, "left"),
            Box((0.0, -90.0, 0.0), (10.0, 8.0, 20.0), 1500.0, "anterior"),
        ),
        rulers=(Ruler((-30.0, -40.0, 40.0), (30.0, 40.0, 40.0), 3.0, 3000.0, "ruler"),),
    )


def encode_ct(values: np.ndarray, ds: Dataset) -> tuple[np.ndarray, float, float]:
    """HU -> int16 stored values with slope 1, intercept -1024."""
    return (np.rint(values) - CT_INTERCEPT).astype(np.int16), 1.0, CT_INTERCEPT


def ct_dataset(study: StudyInfo, *, series_instance_uid: str, series_number: int, series_description: str,
               series_time: datetime, frame_of_reference_uid: str, rows: int, columns: int,
               slice_thickness: float, gantry_tilt_deg: float = 0.0,
               image_type: Sequence[str] = ("ORIGINAL", "PRIMARY", "AXIAL")) -> Dataset:
    """A CT Image IOD template (PS3.3 A.3): everything but the per-slice attributes."""
    ds = series_dataset(study, sop_class_uid=CTImageStorage, modality="CT",
                        series_instance_uid=series_instance_uid, series_number=series_number,
                        series_description=series_description, series_time=series_time,
                        frame_of_reference_uid=frame_of_reference_uid, body_part="CHEST")
    ds.PatientPosition = "HFS"
    ds.ImageType = list(image_type)
    set_pixel_module(ds, rows, columns, bits_allocated=16, bits_stored=16, signed=True)
    ds.RescaleIntercept = f"{CT_INTERCEPT:g}"
    ds.RescaleSlope = "1"
    ds.RescaleType = "HU"
    ds.WindowCenter = [f"{w.center:g}" for w in CT_WINDOWS]
    ds.WindowWidth = [f"{w.width:g}" for w in CT_WINDOWS]
    ds.WindowCenterWidthExplanation = [w.explanation for w in CT_WINDOWS]
    ds.SliceThickness = f"{slice_thickness:g}"
    ds.KVP = "120"
    ds.GantryDetectorTilt = f"{gantry_tilt_deg:g}"
    ds.ConvolutionKernel = "STANDARD"
    ds.XRayTubeCurrent = 200
    ds.ExposureTime = 1000
    return ds


def write_ct(
    out_dir: str | Path,
    *,
    shape: Sequence[int] = (40, 128, 128),
    spacing: Sequence[float] = (2.5, 2.5, 2.5),
    slice_thickness: float | None = None,
    orientation: Sequence[float] = AXIAL,
    origin: Sequence[float] | None = None,
    center: Sequence[float] = (0.0, 0.0, 0.0),
    gantry_tilt_deg: float = 0.0,
    shuffle: bool = False,
    drop_slices: Sequence[int] = (),
    transfer_syntax: str = ExplicitVRLittleEndian,
    study: StudyInfo = DEFAULT_STUDY,
    series_number: int = 2,
    series_description: str = "CT ngực bụng 2.5 mm",
    series_time: datetime | None = None,
    frame_of_reference_uid: str | None = None,
    scene: Scene | None = None,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> PhantomSeries:
    """Write a CT series of :func:`ct_scene` (or ``scene``) into ``out_dir``.

    Parameters
    ----------
    shape
        ``(z, y, x)`` of the nominal grid: slices, rows, columns.
    spacing
        ``(x, y, z)`` mm: column spacing, row spacing, slice step. For a tilted gantry the
        step is the table feed along patient z; slices are then ``z * cos(tilt)`` apart
        along their normal.
    slice_thickness
        Slice Thickness; defaults to the slice step.
    orientation
        Six Image Orientation (Patient) cosines, e.g. :data:`AXIAL` or
        :func:`oblique_orientation`.
    origin, center
        Image Position (Patient) of the first grid slice; without it the grid is centred
        on ``center``.
    gantry_tilt_deg
        Written as Gantry/Detector Tilt; tilts the column direction (see :meth:`Grid.make`).
    shuffle
        Scramble file names and Instance Numbers relative to position.
    drop_slices
        Nominal-grid indices not to write (a missing slice: uneven spacing).
    transfer_syntax
        One of :data:`~workstation.phantoms.TRANSFER_SYNTAXES`.
    frame_of_reference_uid
        Share one with another series (e.g. a PET); a new one derived from the study
        seed otherwise.

    Returns
    -------
    PhantomSeries
        ``kind="ct"``, one stack in ascending position along the slice normal.
    """
    transfer_syntax = check_transfer_syntax(transfer_syntax)
    grid = Grid.make(shape, spacing, orientation, origin=origin, center=center, gantry_tilt_deg=gantry_tilt_deg)
    scene = scene or ct_scene()
    kept = _kept_indices(grid.shape[0], drop_slices)
    series_uid = study.series_uid("ct", series_number)
    frame_of_reference_uid = frame_of_reference_uid or study.frame_of_reference_uid(series_number)
    series_time = series_time or study.started + timedelta(minutes=series_number)
    template = ct_dataset(study, series_instance_uid=series_uid, series_number=series_number,
                          series_description=series_description, series_time=series_time,
                          frame_of_reference_uid=frame_of_reference_uid, rows=grid.shape[1],
                          columns=grid.shape[2], slice_thickness=slice_thickness or float(spacing[2]),
                          gantry_tilt_deg=gantry_tilt_deg)
    file_numbers, instance_numbers = numbering(len(kept), shuffle, series_uid)
    stack = write_stack(template, grid, scene, encode_ct, out_dir=Path(out_dir), file_prefix=f"CT{series_number:03d}_",
                        transfer_syntax=transfer_syntax, grid_indices=kept, file_numbers=file_numbers,
                        instance_numbers=instance_numbers, progress=progress, cancel=cancel, what="CT")
    return ct_series("ct", template, (stack,), scene, transfer_syntax, study,
                     notes="water cylinder, 3 spheres, left/anterior markers, 100 mm ruler")


def ct_series(kind: str, template: Dataset, stacks: tuple[Stack, ...], scene: Scene, transfer_syntax: str,
              study: StudyInfo, *, notes: str) -> PhantomSeries:
    """The ground truth of a CT series written from ``template``."""
    return PhantomSeries(
        kind=kind, modality="CT", sop_class_uid=CTImageStorage, transfer_syntax_uid=transfer_syntax,
        study=study, series_instance_uid=template.SeriesInstanceUID,
        series_number=int(template.SeriesNumber), series_description=str(template.SeriesDescription),
        frame_of_reference_uid=template.FrameOfReferenceUID,
        paths=tuple(sorted(p for s in stacks for p in s.slice_paths)), stacks=stacks, scene=scene,
        units="HU", photometric="MONOCHROME2", stored_dtype="int16", windows=CT_WINDOWS, notes=notes)


def _kept_indices(count: int, drop: Sequence[int]) -> list[int]:
    dropped = {int(k) for k in drop}
    if any(not 0 <= k < count for k in dropped):
        raise ValueError(f"drop_slices must be grid indices in 0..{count - 1}, got {sorted(dropped)}")
    kept = [k for k in range(count) if k not in dropped]
    if not kept:
        raise ValueError("drop_slices removes every slice")
    return kept

