"""Manual calibration: draw a line over something of known size, type its length.

For images without spacing (scanned films, secondary captures) or projections whose
detector spacing a reader wants to correct with a reference object (a calibration ball,
a ruler on the film). The new spacing applies to the whole series, every measurement on
it is recomputed and labelled "calibrated", and the step can be undone like any edit
(:class:`tools.measure.Calibrate`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QDoubleSpinBox, QFormLayout, QLabel, QVBoxLayout,
                               QWidget)

from tools.measure import Calibrate, Calibration
from tools.qt_measure_tools import DrawTool

if TYPE_CHECKING:
    from tools.qt_measure_session import QtMeasurementSession
    from viewer.qt_viewport import QtViewport

#: ``ask(parent, measured_text, series_text) -> known length in mm, or None``.
LengthProvider = Callable[[QWidget, str, str], "float | None"]


class QtCalibrationDialog(QDialog):
    """Asks for the true length of the line just drawn."""

    def __init__(self, measured_text: str, series_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Calibrate"))
        self.length = QDoubleSpinBox(self)
        self.length.setRange(0.01, 10000.0)
        self.length.setDecimals(2)
        self.length.setSuffix(" mm")
        self.length.setValue(10.0)
        form = QFormLayout()
        form.addRow(self.tr("Line as measured now:"), QLabel(measured_text, self))
        form.addRow(self.tr("True length:"), self.length)
        note = QLabel(self.tr("The new pixel spacing applies to every image of %1; measurements on it "
                              "will be labelled \"calibrated\".").replace("%1", series_text), self)
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)


def ask_known_length(parent: QWidget, measured_text: str, series_text: str) -> float | None:
    """The default :data:`LengthProvider`: a modal :class:`QtCalibrationDialog`."""
    dialog = QtCalibrationDialog(measured_text, series_text, parent)
    return dialog.length.value() if dialog.exec() == QDialog.DialogCode.Accepted else None


class CalibrationTool(DrawTool):
    """Draw a line like the length tool; on completion ask its true length and
    calibrate the series (one undo step)."""

    name = "calibrate"

    def __init__(self, session: QtMeasurementSession, ask: LengthProvider = ask_known_length) -> None:
        super().__init__(session, "length")
        self.name = "calibrate"
        self.ask = ask

    def _commit(self) -> None:
        viewport, image, points = self._viewport, self._image, list(self._points)
        self._reset()
        if viewport is None or image is None or len(points) != 2:
            return
        if image.ref is None or not image.ref.series_instance_uid:
            self.session.message.emit(viewport.tr("Only acquired images of a series can be calibrated."))
            return
        p, q = points
        if _screen_length(viewport, p, q) <= 4.0:
            return
        series = image.ref.series_instance_uid
        # Calibrate from the uncalibrated spacing, so a second calibration replaces the first.
        current = self.session.measurements.calibration(series)
        base = current.revert(image.geometry) if current is not None else image.geometry
        measured = base.distance_mm(p, q)
        known = self.ask(viewport, f"{measured:.2f} {base.length_unit}", _series_text(viewport))
        if known is None:
            return
        try:
            calibration = Calibration.from_line(base, p, q, float(known), image.ref)
        except ValueError as exc:
            self.session.message.emit(str(exc))
            return
        self.session.undo_stack.push(Calibrate(self.session.measurements, series, calibration))
        self.session.message.emit(viewport.tr("Series calibrated: %1 mm per pixel")
                                  .replace("%1", f"{calibration.spacing[0]:.4g}"))


def remove_calibration(session: QtMeasurementSession, viewport: QtViewport) -> bool:
    """Undoably remove the calibration of the series the viewport shows."""
    image = session.image_for(viewport)
    if image is None or image.ref is None or session.measurements.calibration(image.ref.series_instance_uid) is None:
        return False
    session.undo_stack.push(Calibrate(session.measurements, image.ref.series_instance_uid, None))
    return True


def _screen_length(viewport: QtViewport, p: tuple[float, float], q: tuple[float, float]) -> float:
    a, b = viewport.screen_point(np.asarray([p, q], dtype=float))
    return float(np.linalg.norm(a - b))


def _series_text(viewport: QtViewport) -> str:
    volume = getattr(viewport.source, "volume", None)
    series = getattr(volume, "series", None)
    if series is None:
        return viewport.tr("this series")
    number = f"{series.series_number} " if series.series_number is not None else ""
    return viewport.tr("series %1").replace("%1", f"{number}{series.description}".strip())
