"""Per-frame header facts: everything stacking and decoding need, for classic
single-frame images and for multi-frame objects (enhanced CT/MR per-frame functional
groups, PS3.3 C.7.6.16; ultrasound/XA cine).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from pydicom.dataset import Dataset
from pydicom.uid import UID

from workstation.dicomio._values import value
from workstation.dicomio.reading import transfer_syntax_of
from workstation.dicomio.records import integer, text
from workstation.model.display import VoiFunction, VoiLut, Window
from workstation.model.volume import SpacingKind

PROJECTION_MODALITIES = {"CR", "DX", "MG", "IO", "PX", "XA", "RF", "DF", "RG"}


@dataclass(frozen=True)
class PixelLayout:
    """How one file's pixel data is encoded (shared by all its frames)."""

    path: str
    transfer_syntax_uid: str
    rows: int
    columns: int
    samples_per_pixel: int
    bits_allocated: int
    bits_stored: int
    pixel_representation: int
    planar_configuration: int
    photometric: str
    number_of_frames: int
    float_pixels: bool  #: Float / Double Float Pixel Data instead of Pixel Data
    pixel_offset: int | None  #: byte offset of native pixel data in the file
    pixel_length: int | None

    @property
    def is_native(self) -> bool:
        """Uncompressed and not deflated: frames can be read straight from the file."""
        return self.pixel_offset is not None and not UID(self.transfer_syntax_uid).is_compressed \
            and self.transfer_syntax_uid != "1.2.840.10008.1.2.1.99"

    @property
    def little_endian(self) -> bool:
        return self.transfer_syntax_uid != "1.2.840.10008.1.2.2"

    @property
    def is_colour(self) -> bool:
        return self.samples_per_pixel == 3 or self.photometric == "PALETTE COLOR"

    @property
    def stored_dtype(self) -> np.dtype:
        """numpy dtype of one grey-scale sample as stored."""
        if self.float_pixels:
            return np.dtype(np.float64 if self.bits_allocated == 64 else np.float32)
        size = {1: 1, 8: 1, 16: 2, 32: 4}.get(self.bits_allocated, 2)
        kind = "i" if self.pixel_representation == 1 else "u"
        return np.dtype(f"{kind}{size}")

    @property
    def frame_bytes(self) -> int:
        return self.rows * self.columns * self.samples_per_pixel * self.bits_allocated // 8


@dataclass(frozen=True)
class FrameHeader:
    """One frame of one file, with the facts that decide stacking and display."""

    layout: PixelLayout
    index: int  #: 0-based frame index within the file
    dataset: Dataset
    sop_instance_uid: str
    instance_number: int | None
    modality: str
    orientation: tuple[float, ...] | None  #: Image Orientation (Patient), 6 cosines
    position: tuple[float, float, float] | None
    pixel_spacing: tuple[float, float] | None  #: (row spacing, column spacing) mm
    spacing_kind: SpacingKind
    slice_thickness: float | None
    spacing_between_slices: float | None
    rescale_slope: float
    rescale_intercept: float
    units: str
    windows: tuple[Window, ...]
    voi_luts: tuple[VoiLut, ...]
    patient_orientation: tuple[str, str] | None
    view_key: tuple[str, ...]  #: laterality / view / image type: projections differing here never stack
    phase_key: tuple[str, ...]  #: echo / temporal position / acquisition: splits repeated positions

    @property
    def has_geometry(self) -> bool:
        return self.orientation is not None and self.position is not None

    @property
    def shape_key(self) -> tuple:
        lay = self.layout
        return (lay.rows, lay.columns, lay.is_colour, lay.photometric if not lay.is_colour else "colour")


def pixel_layout(ds: Dataset, path: str) -> PixelLayout:
    float_pixels = "PixelData" not in ds and ("FloatPixelData" in ds or "DoubleFloatPixelData" in ds)
    tag = 0x7FE00010 if not float_pixels else (0x7FE00008 if "FloatPixelData" in ds else 0x7FE00009)
    raw = ds.get_item(tag, keep_deferred=True)
    tsyntax = transfer_syntax_of(ds)
    offset = length = None
    if raw is not None and not getattr(raw, "is_undefined_length", False):
        offset = getattr(raw, "value_tell", None)
        length = getattr(raw, "length", None)
    return PixelLayout(
        path=path,
        transfer_syntax_uid=tsyntax,
        rows=int(value(ds, "Rows", 0) or 0),
        columns=int(value(ds, "Columns", 0) or 0),
        samples_per_pixel=int(value(ds, "SamplesPerPixel", 1) or 1),
        bits_allocated=int(value(ds, "BitsAllocated", 16) or 16),
        bits_stored=int(value(ds, "BitsStored", value(ds, "BitsAllocated", 16)) or 16),
        pixel_representation=int(value(ds, "PixelRepresentation", 0) or 0),
        planar_configuration=int(value(ds, "PlanarConfiguration", 0) or 0),
        photometric=text(ds, "PhotometricInterpretation") or "MONOCHROME2",
        number_of_frames=integer(ds, "NumberOfFrames") or 1,
        float_pixels=float_pixels,
        pixel_offset=offset,
        pixel_length=length,
    )


def frame_headers(ds: Dataset, path: str) -> list[FrameHeader]:
    """Every frame of a file as a :class:`FrameHeader`."""
    layout = pixel_layout(ds, path)
    shared = _first_item(ds, "SharedFunctionalGroupsSequence")
    per_frame = value(ds, "PerFrameFunctionalGroupsSequence")
    modality = text(ds, "Modality")
    base = _FrameFacts.from_dataset(ds, modality)
    if shared is not None:
        base = base.updated(shared, modality)
    frames = []
    for index in range(layout.number_of_frames):
        facts = base
        if per_frame is not None and index < len(per_frame):
            facts = facts.updated(per_frame[index], modality)
        frames.append(facts.frame(layout, index, ds, modality))
    return frames


def _first_item(ds: Dataset, keyword: str) -> Dataset | None:
    seq = value(ds, keyword)
    return seq[0] if seq else None


def _floats(value, count: int) -> tuple[float, ...] | None:
    if value is None:
        return None
    try:
        values = tuple(float(v) for v in (value if hasattr(value, "__iter__") and not isinstance(value, str) else [value]))
    except (TypeError, ValueError):
        return None
    return values if len(values) == count and all(np.isfinite(values)) else None


def _positive_pair(value) -> tuple[float, float] | None:
    """A spacing pair, None unless both values are > 0 (zero spacing appears in the wild)."""
    pair = _floats(value, 2)
    return pair if pair is not None and min(pair) > 0 else None  # type: ignore[return-value]


def _float(value) -> float | None:
    got = _floats(value, 1) if value not in (None, "") else None
    return got[0] if got else None


def windows_of(item: Dataset) -> tuple[Window, ...]:
    """Window Center/Width pairs (multi-valued allowed) with explanations and function."""
    centers, widths = value(item, "WindowCenter"), value(item, "WindowWidth")
    if centers is None or widths is None:
        return ()
    as_list = lambda v: list(v) if hasattr(v, "__iter__") and not isinstance(v, str) else [v]  # noqa: E731
    explanations = as_list(value(item, "WindowCenterWidthExplanation", [])) if "WindowCenterWidthExplanation" in item else []
    try:
        function = VoiFunction(str(value(item, "VOILUTFunction", "LINEAR")).upper() or "LINEAR")
    except ValueError:
        function = VoiFunction.LINEAR
    found = []
    for n, (c, w) in enumerate(zip(as_list(centers), as_list(widths))):
        try:
            explanation = str(explanations[n]) if n < len(explanations) else ""
            found.append(Window(float(c), float(w), explanation, function))
        except (TypeError, ValueError):
            continue  # a broken window pair is ignored; others still apply
    return tuple(found)


def voi_luts_of(item: Dataset) -> tuple[VoiLut, ...]:
    """VOI LUT Sequence items (PS3.3 C.11.2.1.1), ignoring malformed ones."""
    found = []
    for lut in value(item, "VOILUTSequence", []) or []:
        try:
            entries, first, bits = (int(v) for v in lut.LUTDescriptor)
            raw = lut.LUTData
            data = np.asarray(raw if not isinstance(raw, bytes) else np.frombuffer(raw, "<u2"), dtype=np.uint16)
            if entries == 0:
                entries = 65536
            if first >= 32768 and first > entries:  # descriptor stored as US for a signed first value
                first -= 65536
            found.append(VoiLut(first, data[:entries], bits, str(lut.get("LUTExplanation", ""))))
        except (AttributeError, TypeError, ValueError):
            continue
    return tuple(found)


@dataclass(frozen=True)
class _FrameFacts:
    """Attributes that functional groups may override, frame by frame."""

    orientation: tuple[float, ...] | None
    position: tuple[float, float, float] | None
    pixel_spacing: tuple[float, float] | None
    spacing_kind: SpacingKind
    slice_thickness: float | None
    spacing_between_slices: float | None
    slope: float
    intercept: float
    units: str
    windows: tuple[Window, ...]
    voi_luts: tuple[VoiLut, ...]
    temporal: str

    @classmethod
    def from_dataset(cls, ds: Dataset, modality: str) -> _FrameFacts:
        spacing, kind = _spacing(ds, modality)
        units = text(ds, "Units") if modality == "PT" else text(ds, "RescaleType")
        if not units and modality == "CT":
            units = "HU"
        return cls(
            orientation=_floats(value(ds, "ImageOrientationPatient"), 6),
            position=_floats(value(ds, "ImagePositionPatient"), 3),  # type: ignore[arg-type]
            pixel_spacing=spacing,
            spacing_kind=kind,
            slice_thickness=_float(value(ds, "SliceThickness")),
            spacing_between_slices=_float(value(ds, "SpacingBetweenSlices")),
            slope=_float(value(ds, "RescaleSlope")) or 1.0,
            intercept=_float(value(ds, "RescaleIntercept")) or 0.0,
            units="HU" if units.upper() == "HU" else units,
            windows=windows_of(ds),
            voi_luts=voi_luts_of(ds),
            temporal="",
        )

    def updated(self, group: Dataset, modality: str) -> _FrameFacts:
        """Apply one functional-groups item (shared or per-frame)."""
        facts = dict(self.__dict__)
        if (item := _first_item(group, "PlaneOrientationSequence")) is not None:
            facts["orientation"] = _floats(value(item, "ImageOrientationPatient"), 6)
        if (item := _first_item(group, "PlanePositionSequence")) is not None:
            facts["position"] = _floats(value(item, "ImagePositionPatient"), 3)
        if (item := _first_item(group, "PixelMeasuresSequence")) is not None:
            if (spacing := _positive_pair(value(item, "PixelSpacing"))) is not None:
                facts["pixel_spacing"] = spacing
                facts["spacing_kind"] = SpacingKind.PATIENT
            facts["slice_thickness"] = _float(value(item, "SliceThickness")) or facts["slice_thickness"]
            facts["spacing_between_slices"] = _float(value(item, "SpacingBetweenSlices")) or facts["spacing_between_slices"]
        if (item := _first_item(group, "PixelValueTransformationSequence")) is not None:
            facts["slope"] = _float(value(item, "RescaleSlope")) or 1.0
            facts["intercept"] = _float(value(item, "RescaleIntercept")) or 0.0
            if (rescale_type := text(item, "RescaleType")) and modality != "PT":
                facts["units"] = "HU" if rescale_type.upper() == "HU" else rescale_type
        if (item := _first_item(group, "FrameVOILUTSequence")) is not None:
            facts["windows"] = windows_of(item) or facts["windows"]
            facts["voi_luts"] = voi_luts_of(item) or facts["voi_luts"]
        if (item := _first_item(group, "FrameContentSequence")) is not None:
            temporal = value(item, "TemporalPositionIndex")
            facts["temporal"] = str(temporal) if temporal is not None else facts["temporal"]
        return _FrameFacts(**facts)

    def frame(self, layout: PixelLayout, index: int, ds: Dataset, modality: str) -> FrameHeader:
        orientation = tuple(value(ds, "PatientOrientation") or ())
        view_key = (text(ds, "ImageLaterality") or text(ds, "Laterality"), text(ds, "ViewPosition"),
                    "\\".join(str(v) for v in orientation))
        phase_key = (text(ds, "EchoNumbers"), self.temporal or text(ds, "TemporalPositionIdentifier"),
                     text(ds, "TriggerTime"), text(ds, "DiffusionBValue"), text(ds, "AcquisitionNumber"))
        return FrameHeader(
            layout=layout,
            index=index,
            dataset=ds,
            sop_instance_uid=text(ds, "SOPInstanceUID"),
            instance_number=integer(ds, "InstanceNumber"),
            modality=modality,
            orientation=self.orientation,
            position=self.position,  # type: ignore[arg-type]
            pixel_spacing=self.pixel_spacing,  # type: ignore[arg-type]
            spacing_kind=self.spacing_kind,
            slice_thickness=self.slice_thickness,
            spacing_between_slices=self.spacing_between_slices,
            rescale_slope=self.slope,
            rescale_intercept=self.intercept,
            units=self.units,
            windows=self.windows,
            voi_luts=self.voi_luts,
            patient_orientation=(str(orientation[0]), str(orientation[1])) if len(orientation) == 2 else None,
            view_key=view_key,
            phase_key=phase_key,
        )


def _spacing(ds: Dataset, modality: str) -> tuple[tuple[float, float] | None, SpacingKind]:
    """In-plane spacing and what it means (PS3.3 10.7.1.3 for projection images)."""
    pixel = _positive_pair(value(ds, "PixelSpacing"))
    imager = _positive_pair(value(ds, "ImagerPixelSpacing"))
    projection = modality in PROJECTION_MODALITIES or (imager is not None and "ImageOrientationPatient" not in ds)
    if not projection:
        if pixel is not None:
            return pixel, SpacingKind.PATIENT  # type: ignore[return-value]
        return _ultrasound_spacing(ds)
    if pixel is not None and (text(ds, "PixelSpacingCalibrationType") or (imager is not None and pixel != imager)):
        return pixel, SpacingKind.MAGNIFICATION_CORRECTED  # type: ignore[return-value]
    if imager is not None:
        ermf = _float(value(ds, "EstimatedRadiographicMagnificationFactor"))
        if ermf and ermf > 0 and abs(ermf - 1.0) > 1e-6:
            return (imager[0] / ermf, imager[1] / ermf), SpacingKind.MAGNIFICATION_CORRECTED
        return imager, SpacingKind.DETECTOR  # type: ignore[return-value]
    if pixel is not None:
        return pixel, SpacingKind.DETECTOR  # type: ignore[return-value]
    return None, SpacingKind.UNKNOWN


def _ultrasound_spacing(ds: Dataset) -> tuple[tuple[float, float] | None, SpacingKind]:
    """Physical Delta X/Y of the first calibrated ultrasound region (PS3.3 C.8.5.5)."""
    for region in value(ds, "SequenceOfUltrasoundRegions", []) or []:
        if value(region, "PhysicalUnitsXDirection") == 3 and value(region, "PhysicalUnitsYDirection") == 3:
            dx, dy = _float(value(region, "PhysicalDeltaX")), _float(value(region, "PhysicalDeltaY"))
            if dx and dy:
                return (abs(dy) * 10.0, abs(dx) * 10.0), SpacingKind.PATIENT  # cm -> mm
    return None, SpacingKind.UNKNOWN
