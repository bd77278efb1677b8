"""Measurements and annotations <-> Grayscale Softcopy Presentation State (GSPS).

A GSPS (PS3.3 A.33.1) carries graphics and text to draw over referenced images; PACS
and other viewers show it. Writing: each measurement becomes one Graphic Group (PS3.3
C.10.7.1.1, label = our kind, description = its value text) holding its graphics and a
text object with its value, all with Tracking ID = the measurement id, so our own
presentation states come back as the same measurements. Reading: graphics of any GSPS
become measurement/annotation objects for display; groups we wrote become the kinds we
wrote, foreign graphics map by type (POLYLINE, INTERPOLATED, CIRCLE, ELLIPSE, POINT,
text objects).

Graphic Annotation Units are PIXEL (PS3.3 C.10.5.1.2): ``(column, row)`` with the top
left corner of the top left pixel at ``(0, 0)``, so our pixel-centre coordinates shift
by half a pixel. Graphics must lie inside the image; measurements partly outside it,
on colour images or on reconstructed planes cannot be written and are reported.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import highdicom as hd
import numpy as np
from highdicom.pr import (
    AnnotationUnitsValues,
    GraphicAnnotation,
    GraphicGroup,
    GraphicLayer,
    GraphicObject,
    GraphicTypeValues,
    GrayscaleSoftcopyPresentationState,
    TextObject,
)
from pydicom.dataset import Dataset
from pydicom.multival import MultiValue

from tools.measure import (
    MEASUREMENT_KINDS,
    Annotation,
    Arrow,
    EllipseRoi,
    FreehandRoi,
    ImageGeometry,
    ImageRef,
    Length,
    Measurement,
    MeasurementSet,
    PolygonRoi,
    Polyline,
    Probe,
    TextAnnotation,
)
from workstation import __version__
from workstation.dicomio import read_header
from workstation.model import Volume

LAYER = "MEASUREMENTS"
_HALF = 0.5  #: our pixel centres are integers; GSPS PIXEL units put them at +0.5
_TWO_LINES = ("cobb", "open_angle", "cardiothoracic_ratio")

#: ``(sop_instance_uid, frame_number) -> (ImageRef, ImageGeometry)`` of an open image, or None.
ImageLookup = Callable[[str, int], "tuple[ImageRef, ImageGeometry] | None"]


@dataclass
class GspsExport:
    """The presentation state and the measurements left out of it (with the reason)."""

    dataset: GrayscaleSoftcopyPresentationState
    skipped: list[tuple[Measurement, str]] = field(default_factory=list)


@dataclass
class GspsImport:
    """Measurements read from a GSPS and what could not be shown (reasons for the user)."""

    measurements: list[Measurement] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


# -- writing --------------------------------------------------------------------------------


def _tracking_uid(measurement_id: str) -> str:
    """A UID for Tracking UID: ``2.25.<uuid as integer>`` (PS3.5 B.2) when the id is a
    UUID in hex (ours are), else a UUID derived from the id."""
    try:
        value = uuid.UUID(hex=measurement_id)
    except ValueError:
        value = uuid.uuid5(uuid.NAMESPACE_OID, measurement_id)
    return f"2.25.{value.int}"


def _polyline(points: Sequence[tuple[float, float]], closed: bool = False) -> np.ndarray:
    data = np.asarray(points, dtype=float) + _HALF
    return np.vstack([data, data[:1]]) if closed else data


def _graphics(m: Measurement) -> list[tuple[GraphicTypeValues, np.ndarray]]:
    """The GSPS graphics that draw ``m``."""
    kind, pts = m.kind, list(m.points)
    polyline = GraphicTypeValues.POLYLINE
    if kind in _TWO_LINES:
        return [(polyline, _polyline(pts[:2])), (polyline, _polyline(pts[2:]))]
    if kind == "ellipse":
        (x0, y0), (x1, y1) = pts
        cx, cy = (x0 + x1) / 2.0, (y0 + y1) / 2.0
        horizontal = [(x0, cy), (x1, cy)]
        vertical = [(cx, y0), (cx, y1)]
        major, minor = (horizontal, vertical) if abs(x1 - x0) >= abs(y1 - y0) else (vertical, horizontal)
        return [(GraphicTypeValues.ELLIPSE, _polyline(major + minor))]
    if kind == "rectangle":
        (x0, y0), (x1, y1) = pts
        return [(polyline, _polyline([(x0, y0), (x1, y0), (x1, y1), (x0, y1)], closed=True))]
    if kind in ("polygon", "freehand"):
        return [(polyline, _polyline(pts, closed=True))]
    if kind == "polyline":
        return [(polyline, _polyline(pts, closed=getattr(m, "closed", False)))]
    if kind == "probe":
        return [(GraphicTypeValues.POINT, _polyline(pts))]
    if kind == "text":
        return []
    return [(polyline, _polyline(pts))]


def _inside(data: np.ndarray, columns: int, rows: int) -> bool:
    return bool(np.all(data[:, 0] >= 0) and np.all(data[:, 1] >= 0)
                and np.all(data[:, 0] <= columns) and np.all(data[:, 1] <= rows))


def _text_anchor(m: Measurement, columns: int, rows: int) -> tuple[float, float]:
    """Where the value text hangs: the point of a text or probe, the tail of an arrow,
    otherwise the last control point (as on screen), kept inside the image."""
    x, y = m.points[0] if m.kind in ("text", "probe", "arrow") else m.points[-1]
    return min(max(x + _HALF, 0.0), float(columns)), min(max(y + _HALF, 0.0), float(rows))


def build_gsps(measurements: Iterable[Measurement], referenced_images: Sequence[Dataset], *,
               series_instance_uid: str | None = None, sop_instance_uid: str | None = None,
               series_number: int = 9901, instance_number: int = 1, content_label: str = "MEASUREMENTS",
               content_description: str = "Measurements and annotations",
               content_creator_name: str | None = None, institution_name: str | None = None,
               manufacturer: str = "Workstation") -> GspsExport:
    """A GSPS drawing ``measurements`` over the images they were made on.

    Parameters
    ----------
    measurements
        What to write; only those on images in ``referenced_images`` are kept.
    referenced_images
        Headers (pixel data not needed) of the images measured on: they give the
        patient/study modules and the image sizes. Read them with
        ``workstation.dicomio.read_header``.
    content_label
        Content Label (0070,0080): a CS of capital letters, digits, ``_`` and spaces.

    Raises
    ------
    ValueError
        If no measurement can be written (a GSPS must reference at least one image).
    """
    headers = {(ds.SOPInstanceUID): ds for ds in referenced_images}
    export_skipped: list[tuple[Measurement, str]] = []
    per_image: dict[tuple[str, int], list[Measurement]] = {}
    for m in measurements:
        reason = _unwritable(m, headers)
        if reason:
            export_skipped.append((m, reason))
            continue
        per_image.setdefault((m.ref.sop_instance_uid, m.ref.frame_number), []).append(m)
    layer = GraphicLayer(layer_name=LAYER, order=1, description="Measurements and annotations")
    groups: list[GraphicGroup] = []
    annotations: list[GraphicAnnotation] = []
    for (uid, frame), items in per_image.items():
        ds = headers[uid]
        graphics, texts = [], []
        for m in items:
            group = GraphicGroup(graphic_group_id=len(groups) + 1, label=m.kind, description=m.label()[:1024])
            groups.append(group)
            track = {"tracking_id": m.id, "tracking_uid": _tracking_uid(m.id), "graphic_group": group}
            for graphic_type, data in _graphics(m):
                graphics.append(GraphicObject(graphic_type=graphic_type, graphic_data=data,
                                              units=AnnotationUnitsValues.PIXEL, **track))
            text = m.text if isinstance(m, Annotation) else m.label()
            if text:
                texts.append(TextObject(text_value=text[:1024], units=AnnotationUnitsValues.PIXEL,
                                        anchor_point=_text_anchor(m, int(ds.Columns), int(ds.Rows)),
                                        anchor_point_visible=False, **track))
        frames = {"referenced_frame_number": frame} if int(getattr(ds, "NumberOfFrames", 1) or 1) > 1 else {}
        annotations.append(GraphicAnnotation(referenced_images=[ds], graphic_layer=layer,
                                             graphic_objects=graphics or None, text_objects=texts or None,
                                             **frames))
    used = [headers[uid] for uid in dict.fromkeys(uid for uid, _ in per_image)]
    if not used:
        raise ValueError("no measurement can be written to a presentation state: "
                         + "; ".join(reason for _, reason in export_skipped[:3]))
    dataset = GrayscaleSoftcopyPresentationState(
        referenced_images=used,
        series_instance_uid=series_instance_uid or hd.UID(),
        series_number=series_number,
        sop_instance_uid=sop_instance_uid or hd.UID(),
        instance_number=instance_number,
        manufacturer=manufacturer,
        manufacturer_model_name="Workstation",
        software_versions=__version__,
        device_serial_number="0",
        content_label=content_label,
        content_description=content_description,
        graphic_annotations=annotations,
        graphic_layers=[layer],
        graphic_groups=groups,
        content_creator_name=content_creator_name,
        institution_name=institution_name,
        specific_character_set="ISO_IR 192",
    )
    _series_anatomy(dataset, used)
    return GspsExport(dataset, export_skipped)


def _series_anatomy(dataset: Dataset, images: Sequence[Dataset]) -> None:
    """Body Part Examined and Laterality of the GSPS series (General Series, PS3.3
    C.7.3.1), from the referenced images when they agree.

    Laterality is Type 2C, required for paired body parts: the images' R/L when they
    all say the same, empty ("unknown") when nothing tells the body part.
    """
    parts = {str(ds.get("BodyPartExamined", "") or "") for ds in images}
    if len(parts) == 1 and "" not in parts:
        dataset.BodyPartExamined = parts.pop()
    sides = {str(ds.get("Laterality", "") or ds.get("ImageLaterality", "") or "") for ds in images}
    if len(sides) == 1 and sides <= {"R", "L"}:
        dataset.Laterality = sides.pop()
    elif "BodyPartExamined" not in dataset:
        dataset.Laterality = ""


def _unwritable(m: Measurement, headers: dict[str, Dataset]) -> str:
    """Why ``m`` cannot go into this GSPS, or ``""``."""
    if m.ref is None:
        return "drawn on a reconstructed plane, which no stored image holds"
    ds = headers.get(m.ref.sop_instance_uid)
    if ds is None:
        return f"image {m.ref.sop_instance_uid} is not among the referenced images"
    if int(getattr(ds, "SamplesPerPixel", 1)) != 1:
        return "colour images need a colour presentation state"
    columns, rows = int(ds.Columns), int(ds.Rows)
    if any(not _inside(data, columns, rows) for _, data in _graphics(m)):
        return "part of it lies outside the image"
    return ""


def referenced_headers(measurements: Iterable[Measurement], volumes: Iterable[Volume]) -> list[Dataset]:
    """Headers of the images ``measurements`` were drawn on, read from the files the
    open ``volumes`` were loaded from (what :func:`build_gsps` needs)."""
    wanted = {m.ref.sop_instance_uid for m in measurements if m.ref is not None}
    sources: dict[str, str] = {}
    for volume in volumes:
        for frame in volume.frames:
            if frame.sop_instance_uid in wanted and frame.source:
                sources.setdefault(frame.sop_instance_uid, frame.source)
    return [read_header(path) for path in sources.values()]


# -- reading --------------------------------------------------------------------------------


def volume_lookup(volumes: Iterable[Volume], measurements: MeasurementSet | None = None) -> ImageLookup:
    """An :data:`ImageLookup` over open volumes (calibrated when ``measurements`` says so)."""
    where: dict[tuple[str, int], tuple[Volume, int]] = {}
    for volume in volumes:
        for k, frame in enumerate(volume.frames):
            where.setdefault((frame.sop_instance_uid, frame.frame_number), (volume, k))

    def lookup(sop_instance_uid: str, frame_number: int) -> tuple[ImageRef, ImageGeometry] | None:
        found = where.get((sop_instance_uid, frame_number))
        if found is None:
            return None
        volume, k = found
        ref = ImageRef.from_volume_slice(volume, k)
        geometry = ImageGeometry.from_volume_slice(volume, k)
        if measurements is not None:
            geometry = measurements.calibrated(geometry, ref)
        return ref, geometry
    return lookup


def _points(data: Sequence[float] | np.ndarray) -> list[tuple[float, float]]:
    values = np.asarray(data, dtype=float).reshape(-1, 2) - _HALF
    return [(float(x), float(y)) for x, y in values]


def _open(points: list[tuple[float, float]]) -> tuple[list[tuple[float, float]], bool]:
    """Drop a repeated first point: ``(points, closed)``."""
    if len(points) > 3 and np.allclose(points[0], points[-1]):
        return points[:-1], True
    return points, False


def _box(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return [(min(xs), min(ys)), (max(xs), max(ys))]


def _ellipse(points: list[tuple[float, float]], place: dict) -> Measurement:
    """An ELLIPSE (major then minor axis end points): our axis-aligned ellipse when its
    axes follow the image axes, else the outline as a polygon."""
    p = np.asarray(points)
    major = p[1] - p[0]
    if abs(major[0]) < 1e-6 or abs(major[1]) < 1e-6:
        return EllipseRoi(points=_box(points), **place)
    centre = (p[0] + p[1]) / 2.0
    a, b = np.linalg.norm(major) / 2.0, np.linalg.norm(p[3] - p[2]) / 2.0
    u = major / np.linalg.norm(major)
    v = np.array([-u[1], u[0]])
    t = np.linspace(0.0, 2.0 * math.pi, 72, endpoint=False)
    outline = centre + np.outer(a * np.cos(t), u) + np.outer(b * np.sin(t), v)
    return PolygonRoi(points=[tuple(q) for q in outline], **place)


def _foreign_graphic(graphic: Dataset, place: dict) -> Measurement:
    """A graphic from another program, by Graphic Type (PS3.3 C.10.5.1.2)."""
    kind = str(graphic.GraphicType)
    points = _points(graphic.GraphicData)
    if kind == "POINT":
        return Probe(points=points[:1], **place)
    if kind == "CIRCLE":
        (cx, cy), (px, py) = points[:2]
        r = math.hypot(px - cx, py - cy)
        return EllipseRoi(points=[(cx - r, cy - r), (cx + r, cy + r)], **place)
    if kind == "ELLIPSE":
        return _ellipse(points[:4], place)
    points, closed = _open(points)
    if closed:
        return (FreehandRoi if kind == "INTERPOLATED" else PolygonRoi)(points=points, **place)
    if len(points) == 2 and kind == "POLYLINE":
        return Length(points=points, **place)
    return Polyline(points=points, **place)


def _ours(kind: str, graphics: list[Dataset], texts: list[Dataset], place: dict) -> Measurement:
    """A measurement we wrote ourselves, rebuilt from its group."""
    cls = MEASUREMENT_KINDS[kind]
    chunks = [_points(g.GraphicData) for g in graphics]
    points = [p for chunk in chunks for p in chunk]
    extra: dict = {}
    if kind == "ellipse":
        points = _box(points)
    elif kind == "rectangle":
        points = _box(points)
    elif kind in ("polygon", "freehand", "polyline"):
        points, closed = _open(points)
        if kind == "polyline":
            extra["closed"] = closed
    elif kind == "text":
        points = [_anchor(texts[0])]
    if issubclass(cls, Annotation):
        extra["text"] = str(texts[0].UnformattedTextValue) if texts else ""
    return cls(points=points, **place, **extra)


def _anchor(text: Dataset) -> tuple[float, float]:
    if "AnchorPoint" in text:
        return _points(text.AnchorPoint)[0]
    top_left = _points(text.BoundingBoxTopLeftHandCorner)[0]
    bottom_right = _points(text.BoundingBoxBottomRightHandCorner)[0]
    return top_left[0], (top_left[1] + bottom_right[1]) / 2.0


def _foreign_text(text: Dataset, place: dict) -> Measurement:
    """A text object: an arrow to its anchor when the anchor is shown, else a text."""
    value = str(text.UnformattedTextValue)
    if "AnchorPoint" in text and "BoundingBoxTopLeftHandCorner" in text and \
            str(text.get("AnchorPointVisibility", "N")) == "Y":
        box = _points(list(text.BoundingBoxTopLeftHandCorner) + list(text.BoundingBoxBottomRightHandCorner))
        tail = ((box[0][0] + box[1][0]) / 2.0, (box[0][1] + box[1][1]) / 2.0)
        return Arrow(points=[tail, _points(text.AnchorPoint)[0]], text=value, **place)
    return TextAnnotation(points=[_anchor(text)], text=value, **place)


def measurements_from_gsps(dataset: Dataset, lookup: ImageLookup) -> GspsImport:
    """The graphics and text of a GSPS as measurement/annotation objects for display.

    Parameters
    ----------
    dataset
        A Grayscale Softcopy Presentation State (ours or any other program's).
    lookup
        Finds the open image a graphic annotation refers to (see :func:`volume_lookup`);
        graphics on images that are not open are skipped with a reason.
    """
    result = GspsImport()
    groups = {int(g.GraphicGroupID): str(g.GraphicGroupLabel)
              for g in dataset.get("GraphicGroupSequence", [])}
    for n, annotation in enumerate(dataset.get("GraphicAnnotationSequence", [])):
        for item in annotation.get("ReferencedImageSequence", []):
            frames = item.get("ReferencedFrameNumber", 1)
            for frame in (list(frames) if isinstance(frames, MultiValue) else [frames]):
                _read_annotation(annotation, str(item.ReferencedSOPInstanceUID), int(frame), groups, lookup, n,
                                 result)
    return result


def _read_annotation(annotation: Dataset, uid: str, frame: int, groups: dict[int, str], lookup: ImageLookup,
                     n: int, result: GspsImport) -> None:
    found = lookup(uid, frame)
    if found is None:
        result.skipped.append(f"graphic annotation {n + 1}: image {uid} frame {frame} is not open")
        return
    ref, geometry = found
    grouped: dict[int, tuple[list[Dataset], list[Dataset]]] = {}
    foreign: list[tuple[str, Dataset]] = []
    for kind, items in (("graphic", annotation.get("GraphicObjectSequence", [])),
                        ("text", annotation.get("TextObjectSequence", []))):
        for obj in items:
            units = str(obj.get("GraphicAnnotationUnits", obj.get("BoundingBoxAnnotationUnits",
                                                                   obj.get("AnchorPointAnnotationUnits", ""))))
            if units != "PIXEL":
                result.skipped.append(f"graphic annotation {n + 1}: {units or 'unknown'} units are not supported")
                continue
            group = obj.get("GraphicGroupID")
            if group is not None and groups.get(int(group)) in MEASUREMENT_KINDS and "TrackingID" in obj:
                graphics, texts = grouped.setdefault(int(group), ([], []))
                (graphics if kind == "graphic" else texts).append(obj)
            else:
                foreign.append((kind, obj))
    for group, (graphics, texts) in grouped.items():
        tracked = graphics[0] if graphics else texts[0]
        place = {"geometry": geometry, "ref": ref, "id": str(tracked.TrackingID)}
        _append(result, lambda g=graphics, t=texts, p=place, k=groups[group]: _ours(k, g, t, p),
                f"graphic group {group}")
    for kind, obj in foreign:
        place = {"geometry": geometry, "ref": ref}
        build = _foreign_graphic if kind == "graphic" else _foreign_text
        _append(result, lambda o=obj, p=place, b=build: b(o, p), f"a {kind} object on image {uid}")


def _append(result: GspsImport, build: Callable[[], Measurement], what: str) -> None:
    try:
        result.measurements.append(build())
    except (ValueError, TypeError, KeyError, AttributeError, IndexError) as exc:
        result.skipped.append(f"{what}: {exc}")
