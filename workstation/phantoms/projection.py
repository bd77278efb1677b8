"""Projection phantoms: CR and DX chest radiographs, and a secondary capture without spacing.

Projection images have no patient-space geometry, only a detector: the truth scene is
in detector millimetres from the centre of the first pixel (x along a row, y down a
column, z = 0), and each stack's affine is ``diag(column spacing, row spacing, 1)`` from
the Imager Pixel Spacing (PS3.3 C.8.11.4, 10.7.1.3), as a reader builds it. A reader
must label lengths as "at detector" or, with the Estimated Radiographic Magnification
Factor, divide them by it. Scenes are designed around the detector centre
(:func:`chest_scene`) and moved onto the detector by :func:`on_detector`.

The chest PA scene (:func:`chest_scene`, Patient Orientation L\\F: the patient's left
is to the image right): body, two lungs (the left one smaller), a heart on the patient's
left, the spine, a lead "left" marker at the top right and a ruler of beads 100.0 mm
apart (at the detector) near the bottom. Values are stored pixel values (12 bits); for
MONOCHROME1 every value v is stored as 4095 - v, so both display the same.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path

import numpy as np
from pydicom.dataset import Dataset
from pydicom.sr.codedict import codes
from pydicom.sr.coding import Code
from pydicom.uid import (
    ComputedRadiographyImageStorage,
    DigitalXRayImageStorageForPresentation,
    ExplicitVRLittleEndian,
    SecondaryCaptureImageStorage,
)

from workstation.model.display import Window
from workstation.model.volume import SpacingKind
from workstation.phantoms._dicom import (
    check_transfer_syntax,
    code_item,
    decimal_string,
    instance_uid,
    series_dataset,
    set_pixel_module,
    write_instance,
)
from workstation.phantoms.scene import Box, Cylinder, Ruler, Scene, Sphere
from workstation.phantoms.study import PATIENT_NGOC, StudyInfo
from workstation.phantoms.truth import PhantomSeries, ProjectionTruth, Stack

MAX_12_BIT = 4095
_ROW, _COLUMN = np.array([1.0, 0.0, 0.0]), np.array([0.0, 1.0, 0.0])
#: View Position -> View Code Sequence item (PS3.16 CID 4010 DX View)
_VIEW_CODES = {"PA": codes.SCT.PosteroAnterior, "AP": codes.SCT.AnteroPosterior, "LL": codes.SCT.LeftLateral}

#: The default CR study: "Trần^Thị Bích Ngọc", a chest PA.
XRAY_STUDY = StudyInfo(
    patient=PATIENT_NGOC,
    seed="phantom-xray", description="X-quang ngực thẳng", accession_number="A24031502", study_id="3")


def chest_scene() -> Scene:
    """The chest PA scene of the module docstring, in mm from the detector centre."""
    flat = 1.0  # half-thickness along z of the 2-D blocks
    return Scene(
        background=100.0,
        shapes=(
            Cylinder((0.0, 10.0, 0.0), (170.0, 190.0), 1800.0, label="body"),
            Cylinder((-75.0, -10.0, 0.0), (60.0, 120.0), 700.0, label="right lung"),
            Cylinder((75.0, -20.0, 0.0), (55.0, 105.0), 700.0, label="left lung"),
            Cylinder((30.0, 60.0, 0.0), (55.0, 45.0), 1500.0, label="heart"),
            Cylinder((0.0, 0.0, 0.0), (12.0, 200.0), 2600.0, label="spine"),
            Box((150.0, -170.0, 0.0), (10.0, 10.0, flat), 4000.0, "left"),
        ),
        rulers=(Ruler((-50.0, 160.0, 0.0), (50.0, 160.0, 0.0), 3.0, 4000.0, "ruler"),),
    )


def inverted(scene: Scene, maximum: float = MAX_12_BIT) -> Scene:
    """The MONOCHROME1 twin of a scene: every value v becomes ``maximum - v``."""
    def flip(shape):
        return dataclasses.replace(shape, value=maximum - shape.value)
    return Scene(maximum - scene.background, tuple(flip(s) for s in scene.shapes),
                 tuple(flip(r) for r in scene.rulers))


def on_detector(scene: Scene, size: tuple[int, int], spacing: tuple[float, float]) -> Scene:
    """A scene designed around the detector centre, moved to first-pixel coordinates.

    ``size`` is (rows, columns), ``spacing`` (row, column) mm (or 1 for pixel units).
    """
    rows, columns = size
    return scene.shifted(((columns - 1) / 2 * spacing[1], (rows - 1) / 2 * spacing[0], 0.0))


def detector_stack(path: Path, sop_instance_uid: str, size: tuple[int, int], spacing: tuple[float, float],
                   kind: SpacingKind, frames: int = 1) -> Stack:
    """The stack of a single projection (or cine) instance; ``spacing`` is (row, column)."""
    rows, columns = size
    affine = np.eye(4)
    affine[0, 0], affine[1, 1] = spacing[1], spacing[0]
    return Stack(shape=(frames, rows, columns), affine=affine, slice_paths=(path,) * frames,
                 frame_numbers=tuple(range(1, frames + 1)), grid_indices=tuple(range(frames)),
                 sop_instance_uids=(sop_instance_uid,) * frames, instance_numbers=(1,) * frames,
                 rescale_slopes=(1.0,) * frames, rescale_intercepts=(0.0,) * frames, spacing_kind=kind)


def sample_stack(scene: Scene, stack: Stack, k: int = 0) -> np.ndarray:
    """Scene values at the pixel centres of slice ``k`` of a detector stack."""
    origin = stack.index_to_space((0.0, 0.0, float(k)))
    x, y, _ = stack.spacing
    return scene.sample_plane(origin, _ROW, _COLUMN, (x, y), stack.shape[1:])


def projection_dataset(study: StudyInfo, *, sop_class_uid: str, modality: str, series_number: int,
                       series_description: str, kind: str, rows: int, columns: int, photometric: str,
                       bits_stored: int, patient_orientation: Sequence[str], body_part: str) -> Dataset:
    """Header of a single-image projection series: shared modules + pixel module."""
    ds = series_dataset(study, sop_class_uid=sop_class_uid, modality=modality,
                        series_instance_uid=study.series_uid(kind, series_number), series_number=series_number,
                        series_description=series_description,
                        series_time=study.started + timedelta(minutes=series_number),
                        frame_of_reference_uid=None, body_part=body_part)
    set_pixel_module(ds, rows, columns, bits_allocated=8 if bits_stored <= 8 else 16, bits_stored=bits_stored,
                     signed=False, photometric=photometric)
    ds.PatientOrientation = list(patient_orientation)
    ds.InstanceNumber = 1
    ds.SOPInstanceUID = instance_uid(ds.SeriesInstanceUID, 1)
    return ds


def write_projection_series(ds: Dataset, scene: Scene, stack_spacing: tuple[float, float], kind: SpacingKind,
                            out_path: Path, transfer_syntax: str, *, series_kind: str, study: StudyInfo,
                            windows: tuple[Window, ...], projection: ProjectionTruth, notes: str) -> PhantomSeries:
    """Move ``scene`` (centred) onto the detector, sample it, write one file, return the truth."""
    size = (int(ds.Rows), int(ds.Columns))
    scene = on_detector(scene, size, stack_spacing)
    stack = detector_stack(out_path, str(ds.SOPInstanceUID), size, stack_spacing, kind)
    if windows:
        ds.WindowCenter = [decimal_string(w.center) for w in windows]
        ds.WindowWidth = [decimal_string(w.width) for w in windows]
        ds.WindowCenterWidthExplanation = [w.explanation for w in windows]
    dtype = np.uint8 if ds.BitsAllocated == 8 else np.uint16
    write_instance(ds, np.rint(sample_stack(scene, stack)).astype(dtype), out_path, transfer_syntax)
    return PhantomSeries(
        kind=series_kind, modality=str(ds.Modality), sop_class_uid=str(ds.SOPClassUID),
        transfer_syntax_uid=transfer_syntax, study=study, series_instance_uid=str(ds.SeriesInstanceUID),
        series_number=int(ds.SeriesNumber), series_description=str(ds.SeriesDescription),
        frame_of_reference_uid="", paths=(out_path,), stacks=(stack,), scene=scene, units="",
        photometric=str(ds.PhotometricInterpretation), stored_dtype=np.dtype(dtype).name, windows=windows,
        projection=projection, notes=notes)


def write_radiograph(
    out_dir: str | Path,
    *,
    modality: str = "CR",
    size: tuple[int, int] = (256, 256),
    imager_pixel_spacing: tuple[float, float] = (1.6, 1.6),
    magnification: float | None = None,
    calibrated_pixel_spacing: bool = False,
    monochrome1: bool = False,
    patient_orientation: tuple[str, str] = ("L", "F"),
    view_position: str = "PA",
    transfer_syntax: str = ExplicitVRLittleEndian,
    study: StudyInfo = XRAY_STUDY,
    series_number: int = 1,
    series_description: str = "Ngực thẳng PA",
) -> PhantomSeries:
    """Write a chest radiograph: CR Image (PS3.3 A.2) or DX For Presentation (A.26).

    Parameters
    ----------
    size
        ``(rows, columns)``.
    imager_pixel_spacing
        ``(row spacing, column spacing)`` mm at the detector, as DICOM orders it.
    magnification
        Estimated Radiographic Magnification Factor (DX only), with the source distances
        that give it; None leaves them out.
    calibrated_pixel_spacing
        Also write Pixel Spacing = Imager Pixel Spacing / magnification, calibration
        type GEOMETRY (DX only, needs ``magnification``). Absent by default, as on most
        projection images.
    monochrome1
        Store inverted values as MONOCHROME1 (see module docstring).
    """
    transfer_syntax = check_transfer_syntax(transfer_syntax)
    if modality not in ("CR", "DX"):
        raise ValueError(f"modality must be 'CR' or 'DX', got {modality!r}")
    if (magnification is not None or calibrated_pixel_spacing) and modality != "DX":
        raise ValueError("magnification and calibrated Pixel Spacing are written for DX only")
    if calibrated_pixel_spacing and magnification is None:
        raise ValueError("calibrated_pixel_spacing needs a magnification")
    photometric = "MONOCHROME1" if monochrome1 else "MONOCHROME2"
    sop_class = ComputedRadiographyImageStorage if modality == "CR" else DigitalXRayImageStorageForPresentation
    ds = projection_dataset(study, sop_class_uid=sop_class, modality=modality, series_number=series_number,
                            series_description=series_description, kind=modality.lower(), rows=size[0],
                            columns=size[1], photometric=photometric, bits_stored=12,
                            patient_orientation=patient_orientation, body_part="CHEST")
    ds.ImagerPixelSpacing = [decimal_string(v) for v in imager_pixel_spacing]
    ds.ViewPosition = view_position
    ds.KVP = "110"
    ds.ExposureTime = 10
    ds.XRayTubeCurrent = 250
    pixel_spacing = None
    if modality == "DX":
        if view_position not in _VIEW_CODES:
            raise ValueError(f"view_position must be one of {sorted(_VIEW_CODES)} for DX, got {view_position!r}")
        dx_modules(ds, image_laterality="U", monochrome1=monochrome1, anatomy=codes.SCT.Chest,
                   view=_VIEW_CODES[view_position], positioner="COLUMN")
        if magnification is not None:
            ds.DistanceSourceToDetector = "1800"
            ds.DistanceSourceToPatient = decimal_string(1800.0 / magnification)
            ds.EstimatedRadiographicMagnificationFactor = decimal_string(magnification)
        if calibrated_pixel_spacing:
            pixel_spacing = tuple(float(decimal_string(v / magnification)) for v in imager_pixel_spacing)
            ds.PixelSpacing = [decimal_string(v) for v in pixel_spacing]
            ds.PixelSpacingCalibrationType = "GEOMETRY"
            ds.PixelSpacingCalibrationDescription = "Estimated Radiographic Magnification Factor"
    scene = chest_scene()
    _check_fits(scene, size, imager_pixel_spacing)
    if monochrome1:
        scene = inverted(scene)
    windows = (Window(2048.0, 4096.0, "Toàn dải"),)
    truth = ProjectionTruth(imager_pixel_spacing=tuple(imager_pixel_spacing), pixel_spacing=pixel_spacing,
                            magnification=magnification, patient_orientation=tuple(patient_orientation),
                            image_laterality="U" if modality == "DX" else "", view_position=view_position)
    path = Path(out_dir) / f"{modality}{series_number:03d}_00001.dcm"
    return write_projection_series(ds, scene, tuple(imager_pixel_spacing), SpacingKind.DETECTOR, path,
                                   transfer_syntax, series_kind=modality.lower(), study=study, windows=windows,
                                   projection=truth, notes=f"chest {view_position}, {photometric}, 100 mm ruler")


def _check_fits(scene: Scene, size: tuple[int, int], spacing: tuple[float, float]) -> None:
    """Refuse a detector too small to show the markers and rulers the truth promises."""
    half = np.array([size[1] * spacing[1], size[0] * spacing[0]]) / 2
    for shape in scene.markers + tuple(b for r in scene.rulers for b in r.beads()):
        lower, upper = shape.bounds()
        if (np.abs(lower[:2]) > half).any() or (np.abs(upper[:2]) > half).any():
            raise ValueError(f"a {2 * half[0]:g} x {2 * half[1]:g} mm detector does not show {shape.label!r}; "
                             f"use a larger size or spacing (about 410 mm square)")


def dx_modules(ds: Dataset, *, image_laterality: str, monochrome1: bool, anatomy: Code, view: Code,
               positioner: str) -> None:
    """DX Series, Anatomy Imaged, Image, Detector and Positioning (PS3.3 C.8.11.1-C.8.11.5)."""
    ds.PresentationIntentType = "FOR PRESENTATION"
    ds.ImageType = ["ORIGINAL", "PRIMARY"]
    ds.ImageLaterality = image_laterality
    ds.PixelIntensityRelationship = "LIN"
    ds.PixelIntensityRelationshipSign = -1 if monochrome1 else 1
    ds.RescaleIntercept = "0"
    ds.RescaleSlope = "1"
    ds.RescaleType = "US"
    ds.PresentationLUTShape = "INVERSE" if monochrome1 else "IDENTITY"
    ds.DetectorType = "SCINTILLATOR"
    ds.PositionerType = positioner
    ds.AnatomicRegionSequence = [code_item(anatomy)]
    ds.ViewCodeSequence = [code_item(view)]
    ds.ViewCodeSequence[0].ViewModifierCodeSequence = []
    ds.AcquisitionContextSequence = []


def write_secondary_capture(
    out_dir: str | Path,
    *,
    size: tuple[int, int] = (200, 240),
    transfer_syntax: str = ExplicitVRLittleEndian,
    study: StudyInfo = XRAY_STUDY,
    series_number: int = 90,
    series_description: str = "Ảnh chụp màn hình",
) -> PhantomSeries:
    """An 8-bit Secondary Capture (PS3.3 A.8.1) with no spacing of any kind.

    The scene is in pixel units (the stack's affine is the identity, spacing kind
    UNKNOWN): a disc of radius 30 px and a ruler of beads 100.0 px apart below it, for
    the "measure in pixels" case.
    """
    transfer_syntax = check_transfer_syntax(transfer_syntax)
    rows, columns = size
    ds = projection_dataset(study, sop_class_uid=SecondaryCaptureImageStorage, modality="OT",
                            series_number=series_number, series_description=series_description, kind="sc",
                            rows=rows, columns=columns, photometric="MONOCHROME2", bits_stored=8,
                            patient_orientation=(), body_part="CHEST")
    ds.ConversionType = "WSD"
    ds.ImageType = ["DERIVED", "SECONDARY"]
    scene = Scene(20.0, (Sphere((-40.0, -30.0, 0.0), 30.0, 180.0, "disc"),),
                  (Ruler((-50.0, 60.0, 0.0), (50.0, 60.0, 0.0), 3.0, 255.0, "ruler"),))
    path = Path(out_dir) / f"SC{series_number:03d}_00001.dcm"
    return write_projection_series(
        ds, scene, (1.0, 1.0), SpacingKind.UNKNOWN, path, transfer_syntax, series_kind="sc", study=study,
        windows=(), projection=ProjectionTruth(None, None, None, None), notes="no spacing: measure in pixels")
