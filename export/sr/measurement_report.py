"""A study's measurements as a TID 1500 Measurement Report (PS3.16 A.1500), via highdicom.

Each measurement becomes one group, tracked by the same Tracking UID its GSPS graphic
group carries (so a viewer can tie the two together):

- ROIs (ellipse, rectangle, polygon, freehand): TID 1410 Planar ROI group whose Image
  Region is the outline (ELLIPSE by its axes, or a closed POLYLINE), with Area (mm²) and,
  where pixels were bound, Mean/Standard Deviation/Minimum/Maximum in HU, SUVbw, Bq/ml or
  the modality's unit;
- lines and angles: TID 1501 group whose TID 300 measurement (Length, Perimeter, Height,
  Angle, Cobb angle, cardiothoracic ratio) is INFERRED FROM the drawn SCOORD;
- a probe: the value at a POINT.

Units are UCUM (CID 7181/7183); anatomy comes from Body Part Examined (or the caller)
as Finding Site. Image coordinates follow PS3.3 C.18.6.1.1 (0,0 is the top left corner
of the top left pixel), exactly like the GSPS writer. A measurement drawn on a
reconstructed plane (no stored image) is written as SCOORD3D in the frame of reference
(PS3.3 C.18.9), which needs Comprehensive 3D SR; otherwise the document is Enhanced SR,
which every SR reader accepts. Arrows and text carry no measurement and are skipped
with a reason (the presentation state keeps them).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import highdicom as hd
import numpy as np
from highdicom.sr import (
    CoordinatesForMeasurement,
    CoordinatesForMeasurement3D,
    FindingSite,
    GraphicTypeValues,
    GraphicTypeValues3D,
    ImageRegion,
    ImageRegion3D,
    MeasurementReport,
    MeasurementsAndQualitativeEvaluations,
    PlanarROIMeasurementsAndQualitativeEvaluations,
    SourceImageForMeasurementGroup,
    SourceImageForRegion,
    TrackingIdentifier,
)
from highdicom.sr import Measurement as SrMeasurement
from pydicom.dataset import Dataset
from pydicom.sr.codedict import codes
from pydicom.sr.coding import Code

from export.gsps import _HALF, _graphics, _tracking_uid
from export.sr import _codes
from export.sr._common import CHARACTER_SET, SERIES_NUMBERS, equipment
from tools.measure import Annotation, Measurement, Probe, Roi
from tools.measure.base import Quantity

#: kind -> concept name of its main quantity (TID 300 "Measurement", CID 7469/7470/7551).
_LINE_CONCEPTS: dict[str, Code | hd.sr.CodedConcept] = {
    "length": codes.SCT.Length,
    "polyline": codes.SCT.Length,
    "height_difference": codes.DCM.Height,
    "angle": codes.DCM.Angle,
    "open_angle": codes.DCM.Angle,
    "cobb": codes.SCT.CobbAngle,
}

#: ROI statistics: our quantity name -> concept (CID 7464 derivations used as names, as dcmjs/OHIF do).
_STATISTICS: dict[str, Code] = {"Mean": codes.SCT.Mean, "SD": codes.DCM.StandardDeviation,
                                "Min": codes.SCT.Minimum, "Max": codes.SCT.Maximum}

#: Probe value name by unit: attenuation for HU, SUVbw, else the pixel value.
_PROBE_CONCEPTS: dict[str, Code | hd.sr.CodedConcept] = {"HU": codes.DCM.AttenuationCoefficient,
                                                         "SUVbw": codes.DCM.Suvbw}


@dataclass
class MeasurementReportExport:
    """The SR document and the measurements left out of it, with the reason."""

    dataset: hd.sr.EnhancedSR | hd.sr.Comprehensive3DSR
    skipped: list[tuple[Measurement, str]] = field(default_factory=list)


def _name(m: Measurement, number: int) -> str:
    """Tracking Identifier text: ``"Length 1"``, with the spacing note when the mm are
    not patient mm (``"Length 1 (at detector)"``): the reader must see it."""
    note = m.geometry.unit_note if m.uses_spacing else ""
    return f"{m.title} {number}" + (f" ({note})" if note else "")


def _finite(q: Quantity) -> bool:
    return bool(np.isfinite(q.value))


def _value(m: Measurement, name: str, concept, unit: str | None = None, coordinates=None) -> SrMeasurement:
    q = next(q for q in m.quantities if q.name == name)
    return SrMeasurement(name=concept, value=float(q.value), unit=_codes.unit_code(q.unit if unit is None else unit),
                         referenced_coordinates=coordinates)


def _values(m: Measurement, coordinates) -> list[SrMeasurement]:
    """The TID 300 measurements of a line, angle, ratio or probe."""
    kind = m.kind
    if kind == "polyline" and getattr(m, "closed", False):
        return [_value(m, "Perimeter", codes.SCT.Perimeter, coordinates=coordinates)]
    if kind in _LINE_CONCEPTS:
        q = m.quantities[0]
        return [_value(m, q.name, _LINE_CONCEPTS[kind], coordinates=coordinates)] if _finite(q) else []
    if kind == "cardiothoracic_ratio":
        found = [_value(m, "Heart", _codes.HEART_WIDTH, coordinates=coordinates[:1]),
                 _value(m, "Thorax", _codes.THORAX_WIDTH, coordinates=coordinates[1:])]
        if _finite(m.quantities[0]):
            found.insert(0, _value(m, "CTR", _codes.CARDIOTHORACIC_RATIO, unit="", coordinates=coordinates))
        return found
    if isinstance(m, Probe):
        q = {item.name: item for item in m.quantities}
        if "SUVbw" in q:
            return [_value(m, "SUVbw", codes.DCM.Suvbw, unit="SUVbw", coordinates=coordinates)]
        if "Value" in q:
            unit = q["Value"].unit
            return [_value(m, "Value", _PROBE_CONCEPTS.get(unit, _codes.PIXEL_VALUE), coordinates=coordinates)]
    return []


def _roi_values(m: Roi) -> list[SrMeasurement]:
    found = [_value(m, "Area", codes.SCT.Area)]
    unit = m.image.value_unit if m.image is not None else ""
    for q in m.quantities:
        if q.name in _STATISTICS and _finite(q) and m.image is not None and not m.image.is_colour:
            found.append(_value(m, q.name, _STATISTICS[q.name], unit=unit))
    return found


class _Writer:
    """Turns measurements into TID 1500 groups, remembering what it could not write."""

    def __init__(self, headers: Mapping[str, Dataset], frame_of_reference_uid: str,
                 finding_sites: Mapping[str, Code | hd.sr.CodedConcept]) -> None:
        self.headers = headers
        self.frame_of_reference_uid = frame_of_reference_uid
        self.finding_sites = finding_sites
        self.skipped: list[tuple[Measurement, str]] = []
        self.three_d = False

    def group(self, m: Measurement, number: int):
        reason = self._unwritable(m)
        if reason:
            self.skipped.append((m, reason))
            return None
        tracking = TrackingIdentifier(uid=_tracking_uid(m.id), identifier=_name(m, number))
        sites = self._sites(m)
        graphics = _graphics(m)
        if isinstance(m, Roi):
            (graphic_type, data), = graphics
            return PlanarROIMeasurementsAndQualitativeEvaluations(
                tracking_identifier=tracking, referenced_region=self._region(m, graphic_type.value, data),
                finding_sites=sites, measurements=_roi_values(m))
        coordinates = [self._coordinates(m, graphic_type.value, data) for graphic_type, data in graphics]
        values = _values(m, coordinates)
        if not values:
            self.skipped.append((m, "it has no value to report (a zero-length line?)"))
            return None
        source = None
        if m.ref is not None:
            source = [SourceImageForMeasurementGroup.from_source_image(self.headers[m.ref.sop_instance_uid],
                                                                       **self._frames(m))]
        return MeasurementsAndQualitativeEvaluations(tracking_identifier=tracking, finding_sites=sites,
                                                     measurements=values, source_images=source)

    def _unwritable(self, m: Measurement) -> str:
        if isinstance(m, Annotation):
            return "an annotation carries no measurement (the presentation state keeps it)"
        if m.ref is None:
            if not self.frame_of_reference_uid:
                return "drawn on a reconstructed plane, and no frame of reference was given"
            if not m.geometry.has_patient_coordinates:
                return "drawn on a reconstructed plane without patient coordinates"
            return ""
        if m.ref.sop_instance_uid not in self.headers:
            return f"image {m.ref.sop_instance_uid} is not among the referenced images"
        return ""

    def _frames(self, m: Measurement) -> dict:
        ds = self.headers[m.ref.sop_instance_uid]  # type: ignore[union-attr]
        if int(ds.get("NumberOfFrames", 1) or 1) > 1:
            return {"referenced_frame_numbers": [m.ref.frame_number]}  # type: ignore[union-attr]
        return {}

    def _source(self, m: Measurement) -> SourceImageForRegion:
        return SourceImageForRegion.from_source_image(self.headers[m.ref.sop_instance_uid],  # type: ignore[union-attr]
                                                      **self._frames(m))

    def _patient(self, m: Measurement, data: np.ndarray) -> np.ndarray:
        """Graphic data (pixel corners convention) as LPS mm on the measurement's plane."""
        self.three_d = True
        return m.geometry.pixel_to_patient(np.asarray(data, dtype=float) - _HALF)

    def _region(self, m: Measurement, graphic_type: str, data: np.ndarray):
        if m.ref is not None:
            return ImageRegion(graphic_type=GraphicTypeValues(graphic_type), graphic_data=data,
                               source_image=self._source(m))
        kind = GraphicTypeValues3D.POLYGON if graphic_type == "POLYLINE" else GraphicTypeValues3D(graphic_type)
        return ImageRegion3D(graphic_type=kind, graphic_data=self._patient(m, data),
                             frame_of_reference_uid=self.frame_of_reference_uid)

    def _coordinates(self, m: Measurement, graphic_type: str, data: np.ndarray):
        if m.ref is not None:
            return CoordinatesForMeasurement(graphic_type=GraphicTypeValues(graphic_type), graphic_data=data,
                                             source_image=self._source(m))
        return CoordinatesForMeasurement3D(graphic_type=GraphicTypeValues3D(graphic_type),
                                           graphic_data=self._patient(m, data),
                                           frame_of_reference_uid=self.frame_of_reference_uid)

    def _sites(self, m: Measurement) -> list[FindingSite] | None:
        site = self.finding_sites.get(m.id)
        if site is None and m.ref is not None:
            part = str(self.headers[m.ref.sop_instance_uid].get("BodyPartExamined", "") or "").upper()
            site = _codes.BODY_PART_SITES.get(part)
        return [FindingSite(anatomic_location=site)] if site is not None else None


def build_measurement_report(measurements: Iterable[Measurement], referenced_images: Sequence[Dataset], *,
                             frame_of_reference_uid: str = "", observer_name: str | None = None,
                             finding_sites: Mapping[str, Code | hd.sr.CodedConcept] | None = None,
                             series_instance_uid: str | None = None, sop_instance_uid: str | None = None,
                             series_number: int = SERIES_NUMBERS["measurements"], instance_number: int = 1,
                             institution_name: str | None = None,
                             previous_versions: Sequence[Dataset] | None = None) -> MeasurementReportExport:
    """A TID 1500 Measurement Report of ``measurements``.

    Parameters
    ----------
    measurements
        What to write; those on images not in ``referenced_images`` and annotations are skipped.
    referenced_images
        Headers of the images measured on (read with ``workstation.dicomio.read_header``):
        they give the patient/study modules, SOP classes, frames and Body Part Examined.
        At least one is needed even when every measurement is on a reconstructed plane.
    frame_of_reference_uid
        Frame of Reference of measurements made on reconstructed planes (SCOORD3D).
    observer_name
        The radiologist (PN), written as the person observer (TID 1002).
    finding_sites
        Measurement id -> anatomic code, overriding the one derived from Body Part Examined.
    previous_versions
        Earlier measurement reports this one replaces (Predecessor Documents Sequence).

    Raises
    ------
    ValueError
        No image headers, or no measurement could be written.
    """
    if not referenced_images:
        raise ValueError("a measurement report needs the headers of the images it refers to")
    headers = {str(ds.SOPInstanceUID): ds for ds in referenced_images}
    writer = _Writer(headers, frame_of_reference_uid, finding_sites or {})
    groups = []
    for number, m in enumerate(measurements, start=1):
        group = writer.group(m, number)
        if group is not None:
            groups.append(group)
    if not groups:
        raise ValueError("no measurement can be written to a measurement report: "
                         + "; ".join(reason for _, reason in writer.skipped[:3]))
    observer = None
    if observer_name:
        observer = hd.sr.ObserverContext(
            observer_type=codes.DCM.Person,
            observer_identifying_attributes=hd.sr.PersonObserverIdentifyingAttributes(name=observer_name))
    first = referenced_images[0]
    report = MeasurementReport(observation_context=hd.sr.ObservationContext(observer_person_context=observer),
                               procedure_reported=_codes.procedure_code(str(first.get("Modality", ""))),
                               imaging_measurements=groups, title=codes.DCM.ImagingMeasurementReport)
    document_class = hd.sr.Comprehensive3DSR if writer.three_d else hd.sr.EnhancedSR
    local = any(e.keyword == "CodingSchemeDesignator" and e.value == _codes.LOCAL_SCHEME for e in report[0].iterall())
    dataset = document_class(
        evidence=list(referenced_images), content=report[0], series_instance_uid=series_instance_uid or hd.UID(),
        series_number=series_number, sop_instance_uid=sop_instance_uid or hd.UID(), instance_number=instance_number,
        is_complete=True, institution_name=institution_name, previous_versions=previous_versions,
        specific_character_set=CHARACTER_SET, coding_schemes=[_codes.LOCAL_SCHEME_ITEM] if local else None,
        series_description="Measurements", **equipment())
    return MeasurementReportExport(dataset, writer.skipped)
