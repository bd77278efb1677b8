"""Manual calibration on a known length, and its effect on a series' measurements."""

from __future__ import annotations

import pytest

from tools.measure import Calibrate, Calibration, EllipseRoi, Length, MeasurementSet, SliceImage, UndoStack
from workstation.model import SpacingKind


def test_a_line_of_known_length_sets_the_spacing_and_keeps_the_aspect_ratio(flat_volume):
    image = SliceImage.from_volume(flat_volume(SpacingKind.UNKNOWN, spacing=(1.0, 2.0)), 0)
    calibration = Calibration.from_line(image.geometry, (10, 10), (110, 10), 50.0, image.ref)
    assert calibration.spacing == pytest.approx((0.5, 1.0))
    geometry = calibration.apply(image.geometry)
    assert geometry.spacing_kind is SpacingKind.CALIBRATED
    assert Length.on(geometry, [(10, 10), (110, 10)]).length == pytest.approx(50.0)
    assert Length.on(geometry, [(0, 0), (0, 20)]).label() == "Length 20.0 mm (calibrated)"
    assert EllipseRoi.on(geometry, [(0, 0), (10, 10)]).label().endswith("mm\u00b2 (calibrated)")
    assert calibration.revert(geometry) == image.geometry


def test_recalibrating_a_detector_image_scales_its_current_spacing(flat_volume):
    image = SliceImage.from_volume(flat_volume(SpacingKind.DETECTOR, spacing=(0.2, 0.2)), 0)
    # A 25.4 mm coin measures 150 px = 30 mm at the detector: magnification 30/25.4.
    calibration = Calibration.from_line(image.geometry, (0, 0), (90, 120), 25.4)
    assert calibration.spacing[0] == pytest.approx(0.2 * 25.4 / 30.0)
    assert calibration.base_kind is SpacingKind.DETECTOR


@pytest.mark.parametrize("p, q, length, message", [((5, 5), (5, 5), 10.0, "zero length"),
                                                   ((0, 0), (5, 5), 0.0, "positive"),
                                                   ((0, 0), (5, 5), float("nan"), "positive")])
def test_bad_calibrations_are_refused(flat_volume, p, q, length, message):
    geometry = SliceImage.from_volume(flat_volume(SpacingKind.UNKNOWN), 0).geometry
    with pytest.raises(ValueError, match=message):
        Calibration.from_line(geometry, p, q, length)


def test_calibration_round_trips_through_a_dict(flat_volume):
    image = SliceImage.from_volume(flat_volume(SpacingKind.UNKNOWN), 0)
    calibration = Calibration.from_line(image.geometry, (1, 2), (30, 40), 12.5, image.ref)
    assert Calibration.from_dict(calibration.to_dict()) == calibration
    with pytest.raises(ValueError, match="lacks 'known_length_mm'"):
        Calibration.from_dict({"spacing": [1, 1], "line": [[0, 0], [1, 1]]})


def test_calibrating_a_series_recomputes_its_measurements_and_undoes_exactly(flat_volume, phantoms):
    volume = flat_volume(SpacingKind.UNKNOWN)
    image = SliceImage.from_volume(volume, 0)
    measurements, stack = MeasurementSet(), UndoStack()
    length = Length.on(image, [(0, 0), (40, 0)])
    elsewhere = Length.on(image.geometry, [(0, 0), (40, 0)])  # a reconstructed plane: not in the series
    measurements.add(length)
    measurements.add(elsewhere)
    calibration = Calibration.from_line(image.geometry, (0, 0), (100, 0), 25.0, image.ref)
    stack.push(Calibrate(measurements, phantoms.series_uid, calibration))
    assert measurements.get(length.id).label() == "Length 10.0 mm (calibrated)"
    assert measurements.get(length.id).image.geometry.spacing_kind is SpacingKind.CALIBRATED
    assert measurements.get(elsewhere.id) is elsewhere
    assert measurements.calibrated(image.geometry, image.ref) == calibration.apply(image.geometry)
    stack.undo()
    assert measurements.get(length.id) is length and measurements.calibration(phantoms.series_uid) is None
    stack.redo()
    assert measurements.get(length.id).label() == "Length 10.0 mm (calibrated)"


def test_binding_an_uncalibrated_image_of_a_calibrated_series_is_refused(flat_volume, phantoms):
    volume = flat_volume(SpacingKind.UNKNOWN)
    image = SliceImage.from_volume(volume, 0)
    measurements = MeasurementSet()
    measurements.add(Length.on(image, [(0, 0), (40, 0)]))
    measurements.set_calibration(phantoms.series_uid, Calibration.from_line(image.geometry, (0, 0), (10, 0), 5.0))
    with pytest.raises(ValueError, match="is calibrated"):
        measurements.bind(SliceImage.from_volume(volume, 0))
    assert measurements.bind(measurements.slice_image(volume, 0)) == 1
    assert [m.label() for m in measurements] == ["Length 20.0 mm (calibrated)"]
