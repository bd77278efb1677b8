"""Manual calibration through the real tool: a line of known length sets the series'
spacing, measurements are recomputed and labelled, and undo restores pixels."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from tools.qt_calibration import QtCalibrationDialog, ask_known_length, remove_calibration
from workstation.model import SpacingKind


def test_calibrating_a_secondary_capture(measure_phantoms, make_viewport, mouse, session):
    ph = measure_phantoms.sc
    ruler = ph.truth.rulers[0]
    start, end = ph.volume.patient_to_index(ruler.start)[:2], ph.volume.patient_to_index(ruler.end)[:2]
    viewport = make_viewport(ph.volume, 0)
    session.set_tool("length")
    mouse(viewport).drag((20, 20), (20, 120))
    before = list(session.measurements)[0]
    assert before.label() == f"Length {before.length:.1f} px"
    asked = []
    session.set_tool("calibrate")
    viewport.tool.ask = lambda parent, measured, series: asked.append(measured) or 50.0
    mouse(viewport).drag(start, end)
    assert asked and asked[0].endswith(" px") and float(asked[0].split()[0]) == pytest.approx(100.0, abs=0.5)
    series = ph.volume.series.series_instance_uid
    calibration = session.measurements.calibration(series)
    assert calibration is not None and calibration.spacing[0] == pytest.approx(0.5, rel=0.01)
    after = session.measurements.get(before.id)
    assert after.geometry.spacing_kind is SpacingKind.CALIBRATED
    assert after.length == pytest.approx(before.length * calibration.spacing[0])
    assert after.label().endswith("mm (calibrated)")
    session.set_tool("length")
    mouse(viewport).drag(start, end)
    assert list(session.measurements)[-1].length == pytest.approx(50.0, abs=0.3)
    session.undo()
    session.undo()
    assert session.measurements.calibration(series) is None
    assert session.measurements.get(before.id).label().endswith(" px")


def test_recalibrating_a_radiograph_and_removing_it(measure_phantoms, make_viewport, mouse, session):
    ph = measure_phantoms.cr
    ruler = ph.truth.rulers[0]
    start, end = ph.volume.patient_to_index(ruler.start)[:2], ph.volume.patient_to_index(ruler.end)[:2]
    viewport = make_viewport(ph.volume, 0)
    session.set_tool("calibrate")
    viewport.tool.ask = lambda parent, measured, series: 80.0
    mouse(viewport).drag(start, end)
    mouse(viewport).drag(start, end)  # a second calibration starts again from the detector spacing
    series = ph.volume.series.series_instance_uid
    assert session.measurements.calibration(series).base_kind is SpacingKind.DETECTOR
    session.set_tool("length")
    mouse(viewport).drag(start, end)
    m = list(session.measurements)[-1]
    assert m.length == pytest.approx(80.0, abs=0.5) and "(calibrated)" in m.label()
    assert remove_calibration(session, viewport)
    assert "(at detector)" in session.measurements.get(m.id).label()
    assert not remove_calibration(session, viewport)


def test_the_dialog_returns_the_typed_length(qtbot):
    def answer():
        dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QtCalibrationDialog) and w.isVisible())
        dialog.length.setValue(35.5)
        dialog.accept()

    QTimer.singleShot(0, answer)
    parent = QApplication.activeWindow()
    assert ask_known_length(parent, "100.00 px", "series 90") == pytest.approx(35.5)
