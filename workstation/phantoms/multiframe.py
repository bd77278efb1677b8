"""Multi-frame phantoms: an Enhanced CT volume in one file, and an ultrasound cine loop.

Enhanced CT (PS3.3 A.38.1) keeps geometry in functional groups (C.7.6.16): orientation,
pixel measures, rescale and windows are shared, the position is per frame. Frames are
written head first (descending along the slice normal) as many scanners do, so a reader
that keeps file frame order gets the volume upside down; ``Stack.frame_numbers`` gives,
for each sorted slice k, the frame that holds it.

The ultrasound cine (US Multi-frame Image, A.7) has no geometry: its scene is in pixel
units (identity affine), and each frame has its own scene (``frame_scenes``): an
"aorta" disc that pulses and a dot that moves from left to right, so frame order and
frame timing can be checked. RGB frames use packed ``0xRRGGBB`` scene values.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path

import numpy as np
from pydicom.dataset import Dataset
from pydicom.sr.codedict import codes
from pydicom.uid import EnhancedCTImageStorage, ExplicitVRLittleEndian, UltrasoundMultiFrameImageStorage

from workstation.model.volume import SpacingKind
from workstation.phantoms._dicom import (
    Progress,
    check_transfer_syntax,
    code_item,
    decimal_string,
    dt,
    instance_uid,
    series_dataset,
    set_pixel_module,
    step,
    write_instance,
)
from workstation.phantoms._stack import Grid
from workstation.phantoms.ct import AXIAL, CT_WINDOWS, ct_scene, encode_ct
from workstation.phantoms.projection import detector_stack, on_detector, sample_stack
from workstation.phantoms.scene import Cylinder, Scene
from workstation.phantoms.study import DEFAULT_STUDY, PATIENT_DUC, StudyInfo, make_uid
from workstation.phantoms.truth import PhantomSeries, Stack


def _item(**attributes: object) -> Dataset:
    ds = Dataset()
    for keyword, value in attributes.items():
        setattr(ds, keyword, value)
    return ds


def write_enhanced_ct(
    out_dir: str | Path,
    *,
    shape: Sequence[int] = (24, 96, 96),
    spacing: Sequence[float] = (3.5, 3.5, 4.0),
    orientation: Sequence[float] = AXIAL,
    transfer_syntax: str = ExplicitVRLittleEndian,
    study: StudyInfo = DEFAULT_STUDY,
    series_number: int = 30,
    series_description: str = "CT đa khung (Enhanced CT)",
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> PhantomSeries:
    """Write :func:`~workstation.phantoms.ct.ct_scene` as one Enhanced CT Image file.

    ``shape`` is ``(frames, rows, columns)``, ``spacing`` ``(column, row, slice)`` mm.
    """
    transfer_syntax = check_transfer_syntax(transfer_syntax)
    grid = Grid.make(shape, spacing, orientation)
    scene = ct_scene()
    nz, ny, nx = grid.shape
    series_uid = study.series_uid("enhanced-ct", series_number)
    acquired = study.started + timedelta(minutes=series_number)
    ds = series_dataset(study, sop_class_uid=EnhancedCTImageStorage, modality="CT", series_instance_uid=series_uid,
                        series_number=series_number, series_description=series_description, series_time=acquired,
                        frame_of_reference_uid=study.frame_of_reference_uid(series_number), body_part="CHEST")
    for keyword in ("AcquisitionDate", "AcquisitionTime", "AcquisitionNumber"):  # not in enhanced IODs
        delattr(ds, keyword)
    ds.PatientPosition = "HFS"
    ds.SOPInstanceUID = instance_uid(series_uid, 1)
    ds.InstanceNumber = 1
    ds.NumberOfFrames = nz
    set_pixel_module(ds, ny, nx, bits_allocated=16, bits_stored=16, signed=True)
    _enhanced_ct_image(ds, dt(acquired))
    _dimensions(ds, series_uid)
    ds.SharedFunctionalGroupsSequence = [_shared_groups(grid, float(spacing[2]))]
    irradiation = make_uid("irradiation", series_uid)
    frames, per_frame = [], []
    # Frame f (1-based) holds grid slice nz - f: head first.
    for f in range(1, nz + 1):
        step(f - 1, nz, "Enhanced CT", progress, cancel)
        k = nz - f
        stored, _, _ = encode_ct(grid.sample(scene, k), ds)
        frames.append(stored)
        per_frame.append(_per_frame_groups(grid.position(k), f, dt(acquired), irradiation))
    step(nz, nz, "Enhanced CT", progress, cancel)
    ds.PerFrameFunctionalGroupsSequence = per_frame
    path = write_instance(ds, np.stack(frames), Path(out_dir) / f"ECT{series_number:03d}_00001.dcm", transfer_syntax)
    stack = Stack(shape=(nz, ny, nx), affine=grid.affine, slice_paths=(path,) * nz,
                  frame_numbers=tuple(nz - k for k in range(nz)), grid_indices=tuple(range(nz)),
                  sop_instance_uids=(str(ds.SOPInstanceUID),) * nz, instance_numbers=(1,) * nz,
                  rescale_slopes=(1.0,) * nz, rescale_intercepts=(-1024.0,) * nz)
    return PhantomSeries(
        kind="enhanced-ct", modality="CT", sop_class_uid=EnhancedCTImageStorage, transfer_syntax_uid=transfer_syntax,
        study=study, series_instance_uid=series_uid, series_number=series_number,
        series_description=series_description, frame_of_reference_uid=ds.FrameOfReferenceUID, paths=(path,),
        stacks=(stack,), scene=scene, units="HU", photometric="MONOCHROME2", stored_dtype="int16",
        windows=CT_WINDOWS, notes="one multi-frame file, frames head first")


def _enhanced_ct_image(ds: Dataset, acquisition_datetime: str) -> None:
    """Enhanced CT Image (C.8.15.2), Enhanced General Equipment (C.7.5.2), Acquisition Context (C.7.6.14)."""
    ds.ImageType = ["ORIGINAL", "PRIMARY", "VOLUME", "NONE"]
    ds.PixelPresentation = "MONOCHROME"
    ds.VolumetricProperties = "VOLUME"
    ds.VolumeBasedCalculationTechnique = "NONE"
    ds.AcquisitionDateTime = acquisition_datetime
    ds.AcquisitionDuration = 5.0
    ds.ContentQualification = "PRODUCT"
    ds.PresentationLUTShape = "IDENTITY"
    ds.AcquisitionContextSequence = []


def _dimensions(ds: Dataset, series_uid: str) -> None:
    """Multi-frame Dimension module (C.7.6.17): stack and in-stack position."""
    organization = make_uid("dimension-organization", series_uid)
    ds.DimensionOrganizationSequence = [_item(DimensionOrganizationUID=organization)]
    ds.DimensionOrganizationType = "3D"
    ds.DimensionIndexSequence = [
        _item(DimensionOrganizationUID=organization, DimensionIndexPointer=0x00209056,
              FunctionalGroupPointer=0x00209111, DimensionDescriptionLabel="Stack ID"),
        _item(DimensionOrganizationUID=organization, DimensionIndexPointer=0x00209057,
              FunctionalGroupPointer=0x00209111, DimensionDescriptionLabel="In-Stack Position Number"),
    ]


def _shared_groups(grid: Grid, slice_thickness: float) -> Dataset:
    """Functional groups that are the same for every frame (PS3.3 C.7.6.16.2, C.8.15.3)."""
    column_spacing, row_spacing = grid.spacing
    diameter = max(grid.shape[1] * row_spacing, grid.shape[2] * column_spacing)
    return _item(
        PixelMeasuresSequence=[_item(PixelSpacing=[decimal_string(row_spacing), decimal_string(column_spacing)],
                                     SliceThickness=decimal_string(slice_thickness))],
        PlaneOrientationSequence=[_item(ImageOrientationPatient=[decimal_string(v) for v in grid.orientation])],
        PixelValueTransformationSequence=[_item(RescaleIntercept="-1024", RescaleSlope="1", RescaleType="HU")],
        FrameVOILUTSequence=[_item(WindowCenter=[decimal_string(w.center) for w in CT_WINDOWS],
                                   WindowWidth=[decimal_string(w.width) for w in CT_WINDOWS],
                                   WindowCenterWidthExplanation=[w.explanation for w in CT_WINDOWS])],
        FrameAnatomySequence=[_item(AnatomicRegionSequence=[code_item(codes.SCT.Chest)], FrameLaterality="U")],
        CTImageFrameTypeSequence=[_item(FrameType=["ORIGINAL", "PRIMARY", "VOLUME", "NONE"],
                                        PixelPresentation="MONOCHROME", VolumetricProperties="VOLUME",
                                        VolumeBasedCalculationTechnique="NONE")],
        CTAcquisitionTypeSequence=[_item(AcquisitionType="SPIRAL", ConstantVolumeFlag="NO", FluoroscopyFlag="NO")],
        CTAcquisitionDetailsSequence=[_item(DataCollectionDiameter=decimal_string(diameter), GantryDetectorTilt="0",
                                            TableHeight="150", RotationDirection="CW", RevolutionTime=0.5,
                                            SingleCollimationWidth=0.625, TotalCollimationWidth=40.0)],
        CTTableDynamicsSequence=[_item(TableSpeed=80.0, TableFeedPerRotation=40.0, SpiralPitchFactor=1.0)],
        CTGeometrySequence=[_item(DistanceSourceToDetector=1040.0, DistanceSourceToDataCollectionCenter=570.0)],
        CTReconstructionSequence=[_item(ReconstructionAlgorithm="FILTER_BACK_PROJ", ConvolutionKernel="STANDARD",
                                        ConvolutionKernelGroup="SOFT_TISSUE",
                                        ReconstructionDiameter=decimal_string(diameter),
                                        ReconstructionPixelSpacing=[row_spacing, column_spacing],
                                        ReconstructionAngle=360.0, ImageFilter="NONE")],
        CTExposureSequence=[_item(ExposureTimeInms=500.0, XRayTubeCurrentInmA=200.0, ExposureInmAs=100.0,
                                  ExposureModulationType="NONE", CTDIvol=10.0,
                                  CTDIPhantomTypeCodeSequence=[code_item(codes.DCM.IECBodyDosimetryPhantom)])],
        CTXRayDetailsSequence=[_item(KVP="120", FocalSpots=["1.2"], FilterType="BODY", FilterMaterial=["ALUMINUM"])],
    )


def _per_frame_groups(position: np.ndarray, frame: int, acquired: str, irradiation_uid: str) -> Dataset:
    """Functional groups that differ per frame: position, frame content, table position."""
    return _item(
        FrameContentSequence=[_item(FrameAcquisitionNumber=1, FrameReferenceDateTime=acquired,
                                    FrameAcquisitionDateTime=acquired, FrameAcquisitionDuration=500.0,
                                    DimensionIndexValues=[1, frame], StackID="1", InStackPositionNumber=frame)],
        PlanePositionSequence=[_item(ImagePositionPatient=[decimal_string(v) for v in position])],
        CTPositionSequence=[_item(TablePosition=-float(position[2]),
                                  ReconstructionTargetCenterPatient=[0.0, 0.0, float(position[2])],
                                  DataCollectionCenterPatient=[0.0, 0.0, float(position[2])])],
        IrradiationEventIdentificationSequence=[_item(IrradiationEventUID=irradiation_uid)],
    )


def us_frame_scene(frame: int, frames: int, *, rgb: bool) -> Scene:
    """Scene of cine frame ``frame`` (0-based) in pixels from the image centre
    (:func:`~workstation.phantoms.projection.on_detector` moves it onto the image).

    Every shape is a disc (a cylinder along z), so the scene is the same whatever z the
    frame index maps to. A sector-like disc (grey 60), an "aorta" disc whose radius pulses between 20 and 30
    px over the loop (grey 160), and a dot (grey 255; red in RGB) whose x goes from -60
    to +60 px linearly with the frame index.
    """
    phase = frame / max(frames - 1, 1)
    grey = (lambda v: float(v * 0x010101)) if rgb else float
    dot = float(0xFF0000) if rgb else 255.0
    return Scene(grey(0), (
        Cylinder((0.0, 0.0, 0.0), (90.0, 90.0), grey(60), label="sector"),
        Cylinder((0.0, 10.0, 0.0), (25.0 + 5.0 * np.sin(2 * np.pi * phase),) * 2, grey(160), label="aorta"),
        Cylinder((-60.0 + 120.0 * phase, -50.0, 0.0), (4.0, 4.0), dot, label="dot"),
    ))


def write_us_cine(
    out_dir: str | Path,
    *,
    frames: int = 12,
    size: tuple[int, int] = (200, 240),
    rgb: bool = False,
    frame_time_ms: float = 33.3,
    transfer_syntax: str = ExplicitVRLittleEndian,
    study: StudyInfo = StudyInfo(patient=PATIENT_DUC, seed="phantom-us", description="Siêu âm ổ bụng",
                                 accession_number="A24031503", study_id="5"),
    series_number: int = 1,
) -> PhantomSeries:
    """Write a US Multi-frame Image (PS3.3 A.7) cine loop, MONOCHROME2 or RGB, 8 bits.

    ``size`` is ``(rows, columns)``. No spacing, no Frame of Reference.
    """
    transfer_syntax = check_transfer_syntax(transfer_syntax)
    rows, columns = size
    series_uid = study.series_uid("us", series_number)
    ds = series_dataset(study, sop_class_uid=UltrasoundMultiFrameImageStorage, modality="US",
                        series_instance_uid=series_uid, series_number=series_number,
                        series_description="Siêu âm bụng 2D", series_time=study.started, frame_of_reference_uid=None,
                        body_part="ABDOMEN")
    ds.SOPInstanceUID = instance_uid(series_uid, 1)
    ds.InstanceNumber = 1
    ds.PatientOrientation = []
    photometric = "RGB" if rgb else "MONOCHROME2"
    set_pixel_module(ds, rows, columns, bits_allocated=8, bits_stored=8, signed=False, photometric=photometric,
                     samples=3 if rgb else 1)
    ds.ImageType = ["ORIGINAL", "PRIMARY", "ABDOMINAL", "0001"]
    ds.NumberOfFrames = frames
    ds.FrameIncrementPointer = 0x00181063  # Frame Time
    ds.FrameTime = decimal_string(frame_time_ms)
    ds.CineRate = round(1000.0 / frame_time_ms)
    path = Path(out_dir) / f"US{series_number:03d}_00001.dcm"
    stack = detector_stack(path, str(ds.SOPInstanceUID), size, (1.0, 1.0), SpacingKind.UNKNOWN, frames=frames)
    scenes = tuple(on_detector(us_frame_scene(f, frames, rgb=rgb), size, (1.0, 1.0)) for f in range(frames))
    values = np.stack([sample_stack(scene, stack, k) for k, scene in enumerate(scenes)]).astype(np.uint32)
    if rgb:
        pixels = np.stack([(values >> shift) & 0xFF for shift in (16, 8, 0)], axis=-1).astype(np.uint8)
    else:
        pixels = values.astype(np.uint8)
    write_instance(ds, pixels, path, transfer_syntax)
    return PhantomSeries(
        kind="us", modality="US", sop_class_uid=UltrasoundMultiFrameImageStorage, transfer_syntax_uid=transfer_syntax,
        study=study, series_instance_uid=series_uid, series_number=series_number,
        series_description=str(ds.SeriesDescription), frame_of_reference_uid="", paths=(path,), stacks=(stack,),
        scene=scenes[0], units="", photometric=str(ds.PhotometricInterpretation), stored_dtype="uint8",
        frame_scenes=scenes,
        frame_time_ms=float(ds.FrameTime), notes=f"{frames}-frame cine, pulsing disc and moving dot")
