"""What a header says about presenting an image, besides windows: overlay planes
(PS3.3 C.9.2), display shutters (C.7.6.11) and the values the viewer's corners show.
"""

from __future__ import annotations

import logging

import numpy as np
from pydicom.dataset import Dataset

from workstation.dicomio.records import text
from workstation.model.display import OverlayPlane, Shutter

log = logging.getLogger(__name__)

#: Header values copied per instance for corner text and warnings (all short strings).
DISPLAY_ATTRIBUTES = (
    "PatientAge", "PatientSex", "PatientBirthDate", "PatientWeight", "InstitutionName", "StationName", "Manufacturer",
    "ManufacturerModelName", "StudyDate", "StudyTime", "SeriesDate", "SeriesTime", "AcquisitionDate",
    "AcquisitionTime", "ContentDate", "ContentTime", "ProtocolName", "BodyPartExamined", "ViewPosition",
    "ImageLaterality", "Laterality", "KVP", "XRayTubeCurrent", "Exposure", "ExposureTime", "ConvolutionKernel",
    "RepetitionTime", "EchoTime", "InversionTime", "FlipAngle", "MagneticFieldStrength", "SequenceName",
    "ScanningSequence", "SliceLocation", "SpacingBetweenSlices", "ImageComments", "BurnedInAnnotation",
    "RecognizableVisualFeatures", "LossyImageCompression", "LossyImageCompressionRatio",
    "LossyImageCompressionMethod", "ImageType", "DerivationDescription", "ContrastBolusAgent",
    "Units", "PerformingPhysicianName", "OperatorsName",
    "ReferringPhysicianName", "AccessionNumber", "StudyDescription", "SeriesDescription", "SeriesNumber",
    "AcquisitionNumber", "InstanceNumber", "NumberOfFrames", "FrameTime", "CineRate",
)


def display_attributes(ds: Dataset) -> dict[str, str]:
    """Short text of each :data:`DISPLAY_ATTRIBUTES` element present."""
    found = {}
    for keyword in DISPLAY_ATTRIBUTES:
        try:
            value = text(ds, keyword)
        except Exception:  # a damaged value must not stop the image from loading
            continue
        if value:
            found[keyword] = value[:128]
    return found


def overlay_planes(ds: Dataset) -> tuple[OverlayPlane, ...]:
    """Overlay planes of a single-frame image; damaged overlays are logged and skipped."""
    planes = []
    for group in range(0x6000, 0x6020, 2):
        if (group << 16 | 0x3000) not in ds:
            continue
        try:
            bitmap = ds.overlay_array(group)
            if bitmap.ndim == 3:  # multi-frame overlay: the first frame applies to all
                bitmap = bitmap[0]
            origin = ds.get((group, 0x0050))
            origin_rc = (int(origin.value[0]), int(origin.value[1])) if origin is not None else (1, 1)
            kind_elem = ds.get((group, 0x0040))
            description = ds.get((group, 0x0022))
            planes.append(OverlayPlane(
                bitmap=np.asarray(bitmap, dtype=bool),
                origin=origin_rc,
                kind=str(kind_elem.value).strip() if kind_elem is not None else "G",
                description=str(description.value) if description is not None else "",
            ))
        except Exception as exc:  # overlays are optional: never lose the image over one
            log.warning("ignoring damaged overlay %04X in %s: %s", group, getattr(ds, "filename", "?"), exc)
    return tuple(planes)


def shutter_of(ds: Dataset) -> Shutter | None:
    """The display shutter of an image, None when it has none."""
    shapes = {s.upper() for s in (ds.get("ShutterShape") or [])} if "ShutterShape" in ds else set()
    if isinstance(ds.get("ShutterShape"), str):
        shapes = {str(ds.ShutterShape).upper()}
    if not shapes:
        return None
    try:
        rectangle = circle = None
        polygon: tuple[tuple[int, int], ...] = ()
        if "RECTANGULAR" in shapes:
            rectangle = (int(ds.ShutterLeftVerticalEdge), int(ds.ShutterRightVerticalEdge),
                         int(ds.ShutterUpperHorizontalEdge), int(ds.ShutterLowerHorizontalEdge))
        if "CIRCULAR" in shapes:
            row, col = (int(v) for v in ds.CenterOfCircularShutter)
            circle = (row, col, int(ds.RadiusOfCircularShutter))
        if "POLYGONAL" in shapes:
            v = [int(x) for x in ds.VerticesOfThePolygonalShutter]
            polygon = tuple((v[i], v[i + 1]) for i in range(0, len(v) - 1, 2))
        grey = float(ds.get("ShutterPresentationValue", 0) or 0) / 0xFFFF
    except (AttributeError, TypeError, ValueError) as exc:
        log.warning("ignoring incomplete display shutter in %s: %s", getattr(ds, "filename", "?"), exc)
        return None
    return Shutter(rectangle=rectangle, circle=circle, polygon=polygon, grey=grey)


def burned_in_warning(attributes: dict[str, str]) -> str:
    """A warning to show when the pixels carry burned-in text (identification may be visible)."""
    if attributes.get("BurnedInAnnotation", "").upper() == "YES":
        return "Burned-in annotation"
    return ""


def lossy_warning(attributes: dict[str, str]) -> str:
    """"LOSSY" with the ratio/method when the pixels went through lossy compression."""
    if attributes.get("LossyImageCompression", "") != "01":
        return ""
    detail = " ".join(v for v in (attributes.get("LossyImageCompressionRatio", ""),
                                  attributes.get("LossyImageCompressionMethod", "")) if v)
    return f"LOSSY {detail}".strip()
