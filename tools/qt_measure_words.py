"""Measurement text in the UI language.

The Qt-free models (:mod:`tools.measure`) print English names and notes ("Length 52.3 mm
(at detector)"); what the reader sees on the image, in the list and in a copied table
goes through Qt's translator here: the names of kinds and quantities and the notes, while numbers, units
and text that comes from the file stay as they are. One context, "QtMeasurementPanel",
holds them all (the titles were translated there first).
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from tools.measure import Measurement
from tools.measure.base import Quantity, join_quantities

#: ``Measurement.title`` of every kind, marked for translation (the titles live in the Qt-free
#: :mod:`tools.measure`; a test checks this set covers them all).
MEASUREMENT_TITLES = frozenset({
    QT_TRANSLATE_NOOP("QtMeasurementPanel", "Angle"),
    QT_TRANSLATE_NOOP("QtMeasurementPanel", "Arrow"),
    QT_TRANSLATE_NOOP("QtMeasurementPanel", "Cardiothoracic ratio"),
    QT_TRANSLATE_NOOP("QtMeasurementPanel", "Cobb"),
    QT_TRANSLATE_NOOP("QtMeasurementPanel", "Ellipse ROI"),
    QT_TRANSLATE_NOOP("QtMeasurementPanel", "Freehand ROI"),
    QT_TRANSLATE_NOOP("QtMeasurementPanel", "Height difference"),
    QT_TRANSLATE_NOOP("QtMeasurementPanel", "Length"),
    QT_TRANSLATE_NOOP("QtMeasurementPanel", "Polygon ROI"),
    QT_TRANSLATE_NOOP("QtMeasurementPanel", "Polyline"),
    QT_TRANSLATE_NOOP("QtMeasurementPanel", "Probe"),
    QT_TRANSLATE_NOOP("QtMeasurementPanel", "Rectangle ROI"),
    QT_TRANSLATE_NOOP("QtMeasurementPanel", "Text"),
})


#: Names of the quantities and the notes the models print (``Quantity.name``,
#: ``SpacingKind.unit_note``), marked for translation; a test checks they cover the models.
#: Titles above that are also quantity names ("Length", "Angle", "Cobb") are not repeated.
MEASUREMENT_WORDS = frozenset({
    QT_TRANSLATE_NOOP("QtMeasurementPanel", "Area"),
    QT_TRANSLATE_NOOP("QtMeasurementPanel", "Perimeter"),
    QT_TRANSLATE_NOOP("QtMeasurementPanel", "Mean"),
    QT_TRANSLATE_NOOP("QtMeasurementPanel", "SD"),
    QT_TRANSLATE_NOOP("QtMeasurementPanel", "Min"),
    QT_TRANSLATE_NOOP("QtMeasurementPanel", "Max"),
    QT_TRANSLATE_NOOP("QtMeasurementPanel", "n"),
    QT_TRANSLATE_NOOP("QtMeasurementPanel", "Value"),
    QT_TRANSLATE_NOOP("QtMeasurementPanel", "Stored"),
    QT_TRANSLATE_NOOP("QtMeasurementPanel", "SUVbw"),
    QT_TRANSLATE_NOOP("QtMeasurementPanel", "CTR"),
    QT_TRANSLATE_NOOP("QtMeasurementPanel", "Heart"),
    QT_TRANSLATE_NOOP("QtMeasurementPanel", "Thorax"),
    QT_TRANSLATE_NOOP("QtMeasurementPanel", "x (LPS)"),
    QT_TRANSLATE_NOOP("QtMeasurementPanel", "y (LPS)"),
    QT_TRANSLATE_NOOP("QtMeasurementPanel", "z (LPS)"),
    QT_TRANSLATE_NOOP("QtMeasurementPanel", "at detector"),
    QT_TRANSLATE_NOOP("QtMeasurementPanel", "magnification corrected"),
    QT_TRANSLATE_NOOP("QtMeasurementPanel", "calibrated"),
    QT_TRANSLATE_NOOP("QtMeasurementPanel", "along the curve"),
    # the copied table's columns (tools.measure.table.COLUMNS; "No.", "Type", "Value" and
    # "Image" are the panel's own headers)
    QT_TRANSLATE_NOOP("QtMeasurementPanel", "Quantity"),
    QT_TRANSLATE_NOOP("QtMeasurementPanel", "Unit"),
    QT_TRANSLATE_NOOP("QtMeasurementPanel", "Note"),
})


def measurement_word(text: str) -> str:
    """A quantity name or note of the models in the UI language (unknown text as it is:
    e.g. the reason SUV is unavailable, which comes from the file)."""
    return QCoreApplication.translate("QtMeasurementPanel", text)


def translated_quantities(m: Measurement) -> tuple[Quantity, ...]:
    return tuple(replace(q, name=measurement_word(q.name)) for q in m.quantities)


def translated_notes(m: Measurement) -> tuple[str, ...]:
    return tuple(measurement_word(note) for note in m.notes())


def title_text(m: Measurement) -> str:
    """The kind of ``m`` as the Type column shows it, in the UI language."""
    return measurement_word(m.title)


def label_text(m: Measurement) -> str:
    """``m.label()`` in the UI language, e.g. "Độ dài 52.3 mm (tại đầu thu)"."""
    return join_quantities(translated_quantities(m), translated_notes(m))
