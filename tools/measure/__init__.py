"""Qt-free measurement and annotation models: geometry, statistics, undo, persistence.

Control points are image pixel coordinates ``(x=column, y=row)`` with pixel centres at
integers; :class:`ImageGeometry` turns them into patient millimetres. Measurements are
immutable: edits return new objects with the same ``id`` (see :mod:`tools.measure.base`).

How an interactive editor (the Qt half of ``tools``) is meant to drive it:

- show an image: ``image = mset.slice_image(volume, k)``; ``mset.bind(image)``; draw
  ``mset.for_image(image.ref)`` (or ``mset.on_plane(geometry)`` for a resliced plane,
  with ``SliceImage.from_plane``) unless ``mset.visible`` is false;
- draw: ``m = Length.on(image, [p, p])``, preview ``m.moved(1, p)`` while the mouse moves,
  then ``stack.push(AddMeasurement(mset, m))``; polylines grow with ``m.appended(p)``;
- edit: hit-test ``m.handles``; on press ``stack.begin_group("Move handle")``, on each move
  ``stack.push(ReplaceMeasurements.move_handle(mset, m.id, i, p))``, on release
  ``stack.end_group()``, on Escape ``stack.abort_group()``;
- follow ``mset.added/removed/replaced`` to repaint; ``m.label()`` is the text to draw.
"""

from tools.measure.annotations import Annotation, Arrow, TextAnnotation
from tools.measure.base import MEASUREMENT_KINDS, Measurement, Quantity
from tools.measure.calibration import Calibration
from tools.measure.collection import MeasurementSet
from tools.measure.geometry import ImageGeometry, ImageRef, Point
from tools.measure.image import SliceImage
from tools.measure.lines import (
    Angle,
    CardiothoracicRatio,
    Cobb,
    HeightDifference,
    Length,
    OpenAngle,
    Polyline,
)
from tools.measure.persistence import (
    SCHEMA_VERSION,
    SkippedRecord,
    dump_measurements,
    from_json,
    load_measurements,
    to_json,
)
from tools.measure.rois import EllipseRoi, FreehandRoi, PolygonRoi, Probe, RectangleRoi, Roi
from tools.measure.table import COLUMNS, as_html, as_text, measurements_table
from tools.measure.undo import (
    AddMeasurement,
    Calibrate,
    Command,
    RemoveMeasurement,
    ReplaceMeasurements,
    UndoStack,
)

__all__ = [
    "COLUMNS", "MEASUREMENT_KINDS", "SCHEMA_VERSION", "AddMeasurement", "Angle", "Annotation", "Arrow",
    "Calibrate", "Calibration", "CardiothoracicRatio", "Cobb", "Command", "EllipseRoi", "FreehandRoi",
    "HeightDifference", "ImageGeometry", "ImageRef", "Length", "Measurement", "MeasurementSet", "OpenAngle",
    "Point", "PolygonRoi", "Polyline", "Probe", "Quantity", "RectangleRoi", "RemoveMeasurement",
    "ReplaceMeasurements", "Roi", "SkippedRecord", "SliceImage", "TextAnnotation", "UndoStack", "as_html",
    "as_text", "dump_measurements", "from_json", "load_measurements", "measurements_table", "to_json",
]
