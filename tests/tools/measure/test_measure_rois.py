"""ROI area and statistics, probe values: CT disk, PET SUV, colour, pixel-centre rule."""

from __future__ import annotations

import math

import numpy as np
import pytest

from tools.measure import (
    EllipseRoi,
    FreehandRoi,
    ImageGeometry,
    PolygonRoi,
    Probe,
    RectangleRoi,
    SliceImage,
)
from workstation.model import SpacingKind


def disk_polygon(image, centre, radius_mm, n):
    """Vertices (pixel coordinates) of a regular ``n``-gon inscribed in a patient-space circle."""
    geometry = image.geometry
    r, c = np.asarray(geometry.row_direction), np.asarray(geometry.column_direction)
    t = np.linspace(0, 2 * np.pi, n, endpoint=False)[:, None]
    return [tuple(p) for p in geometry.patient_to_pixel(centre + radius_mm * (np.cos(t) * r + np.sin(t) * c))]


def ellipse_on_disk(image, centre, radius_mm):
    """Corners of the pixel-space box of a patient-space circle (axis-aligned acquisition)."""
    cx, cy = image.geometry.patient_to_pixel(centre)
    ax, ay = radius_mm / image.geometry.spacing[0], radius_mm / image.geometry.spacing[1]
    return [(cx - ax, cy - ay), (cx + ax, cy + ay)]


@pytest.mark.parametrize("spacing", [(0.7, 0.7, 2.0), (0.5, 0.8, 2.0)])
def test_ellipse_roi_on_a_ct_disk(phantoms, spacing):
    disk = phantoms.ct_disk(spacing=spacing, noise_sd=5.0, shape=(128, 128))
    image = SliceImage.from_volume(disk.volume, disk.k)
    radius = disk.radius_mm - 2.0  # stay inside the partial-volume edge
    roi = EllipseRoi.on(image, ellipse_on_disk(image, disk.centre, radius))
    assert roi.area == pytest.approx(math.pi * radius**2, rel=1e-9)  # analytic
    stats = roi.statistics
    assert stats.n * image.geometry.pixel_area == pytest.approx(math.pi * radius**2, rel=0.02)
    assert abs(stats.mean - disk.hu) <= 0.5
    assert stats.sd == pytest.approx(5.0, rel=0.1)
    label = roi.label()
    assert label.startswith(f"Area {roi.area:.1f} mm\u00b2, Mean {stats.mean:.1f} HU, SD {stats.sd:.1f}, Min ")
    assert label.endswith(f"n={stats.n}")


@pytest.mark.parametrize("degrees", [0.0, 17.0, 45.0])
def test_polygon_roi_area_and_mean_on_a_rotated_acquisition(phantoms, degrees):
    disk = phantoms.ct_disk(spacing=(0.6, 0.9, 2.0), in_plane_degrees=degrees, shape=(110, 110))
    image = SliceImage.from_volume(disk.volume, disk.k)
    n, radius = 64, disk.radius_mm - 2.0
    roi = PolygonRoi.on(image, disk_polygon(image, disk.centre, radius, n))
    assert roi.area == pytest.approx(n / 2 * radius**2 * math.sin(2 * math.pi / n), rel=1e-9)
    assert roi.statistics.n * image.geometry.pixel_area == pytest.approx(roi.area, rel=0.02)
    assert abs(roi.statistics.mean - disk.hu) <= 0.5
    assert roi.statistics.sd == 0.0


def test_freehand_roi_has_no_handles_but_moves_as_a_whole(phantoms):
    disk = phantoms.ct_disk()
    image = SliceImage.from_volume(disk.volume, disk.k)
    roi = FreehandRoi.on(image, disk_polygon(image, disk.centre, 15.0, 400))
    assert roi.handles == ()
    assert roi.area == pytest.approx(math.pi * 15.0**2, rel=1e-3)
    assert abs(roi.statistics.mean - disk.hu) <= 0.5
    moved = roi.translated(30.0, 0.0)  # 21 mm to the right: half in, half out of the disk
    assert moved.id == roi.id and moved.area == pytest.approx(roi.area)
    assert moved.statistics.mean < 0


def test_rectangle_roi_on_a_step_counts_pixel_centres(phantoms):
    pixels = np.zeros((1, 40, 40), np.int16)
    pixels[0, :, 20:] = 200
    volume = phantoms.make_volume(pixels, phantoms.make_affine((0.5, 0.25, 1.0)), units="HU")
    image = SliceImage.from_volume(volume, 0)
    roi = RectangleRoi.on(image, [(9.6, 5.0), (29.4, 14.5)])  # centres x 10..29, y 5..14
    assert roi.statistics.n == 20 * 10
    assert roi.statistics.mean == pytest.approx(100.0)
    assert (roi.statistics.minimum, roi.statistics.maximum) == (0.0, 200.0)
    assert roi.area == pytest.approx(19.8 * 0.5 * 9.5 * 0.25)


def test_box_roi_handles_keep_their_index_through_a_drag():
    geometry = ImageGeometry.from_plane((0, 0, 0), (1, 0, 0), (0, 1, 0), 1.0)
    roi = EllipseRoi.on(geometry, [(10, 10), (20, 30)])
    assert roi.handles == ((10, 10), (20, 10), (20, 30), (10, 30))
    dragged = roi.moved(1, (25, 5)).moved(1, (5, 0))  # crosses the opposite corner (10, 30)
    assert dragged.handles[1] == (5.0, 0.0) and dragged.handles[3] == (10.0, 30.0)
    assert dragged.area == pytest.approx(math.pi * 5 * 30 / 4)


def test_roi_outside_the_image_covers_no_pixels(phantoms):
    disk = phantoms.ct_disk()
    image = SliceImage.from_volume(disk.volume, disk.k)
    roi = EllipseRoi.on(image, [(-30, -30), (-10, -10)])
    assert roi.statistics is None
    assert roi.label() == f"Area {roi.area:.1f} mm\u00b2, n=0"
    unbound = EllipseRoi.on(image.geometry, [(10, 10), (20, 20)])
    assert unbound.label() == f"Area {unbound.area:.1f} mm\u00b2"


def expected_suv(activity_bq_ml, suv):
    """SUVbw by hand: activity * weight (g) / injected dose decayed to the series start."""
    elapsed = (suv.series_time - suv.injection_time).total_seconds()
    decayed = suv.injected_dose_bq * 0.5 ** (elapsed / suv.half_life_s)
    return activity_bq_ml * suv.patient_weight_kg * 1000.0 / decayed


def pet_volume(phantoms, suv, activity=5000.0, slope=0.25):
    pixels = np.zeros((2, 48, 48), np.int16)
    pixels[1, 10:38, 10:38] = round(activity / slope)
    return phantoms.make_volume(pixels, phantoms.make_affine((4.0, 4.0, 3.0)), rescale_slope=slope,
                                units="BQML", modality="PT", suv=suv)


def test_pet_roi_and_probe_report_suvbw(phantoms):
    suv = phantoms.f18_suv()
    image = SliceImage.from_volume(pet_volume(phantoms, suv), 1)
    truth = expected_suv(5000.0, suv)
    roi = RectangleRoi.on(image, [(12, 12), (30, 30)])
    assert roi.statistics.mean == pytest.approx(truth, rel=0.01)
    assert "Mean" in roi.label() and "SUVbw" in roi.label()
    probe = Probe.on(image, [(20.2, 19.7)])
    values = {q.name: q.value for q in probe.quantities}
    assert values["SUVbw"] == pytest.approx(truth, rel=0.01)
    assert values["Value"] == pytest.approx(5000.0) and values["Stored"] == 20000
    assert probe.label().startswith(f"5000 Bq/ml (stored 20000), SUVbw {truth:.2f}, LPS (")


def test_pet_without_weight_falls_back_to_bq_per_ml_with_a_note(phantoms):
    image = SliceImage.from_volume(pet_volume(phantoms, phantoms.f18_suv(patient_weight_kg=0.0)), 1)
    roi = RectangleRoi.on(image, [(12, 12), (30, 30)])
    assert roi.statistics.mean == pytest.approx(5000.0)
    assert roi.label().endswith("(SUV unavailable: patient weight is missing)")
    assert "Mean 5000 Bq/ml" in roi.label()


def test_probe_reports_stored_hu_and_the_patient_position_of_the_pixel(phantoms):
    disk = phantoms.ct_disk(spacing=(0.6, 0.8, 2.0), in_plane_degrees=17.0)
    volume = disk.volume
    image = SliceImage.from_volume(volume, disk.k)
    x, y = image.geometry.patient_to_pixel(disk.centre)
    probe = Probe.on(image, [(x, y)])
    values = {q.name: q.value for q in probe.quantities}
    col, row = round(x), round(y)
    assert values["Stored"] == volume.pixels[disk.k, row, col]
    assert values["Value"] == pytest.approx(disk.hu)
    expected = volume.index_to_patient((col, row, disk.k))
    np.testing.assert_allclose([values["x (LPS)"], values["y (LPS)"], values["z (LPS)"]], expected, atol=1e-9)
    lps = ", ".join(f"{v:.1f}" for v in expected)
    assert probe.label() == f"100.0 HU (stored 1124), LPS ({lps}) mm"


def test_probe_on_a_projection_has_no_patient_coordinates_and_outside_no_value(flat_volume):
    image = SliceImage.from_volume(flat_volume(SpacingKind.DETECTOR, spacing=(0.1, 0.1)), 0)
    assert [q.name for q in Probe.on(image, [(3, 3)]).quantities] == ["Value", "Stored"]
    outside = Probe.on(image, [(64.6, 3)])
    assert outside.quantities == () and outside.label() == "Probe"


def test_colour_probe_gives_rgb_and_roi_gives_luminance(phantoms):
    pixels = np.zeros((1, 20, 20, 3), np.uint8)
    pixels[0, :, :] = (200, 100, 50)
    volume = phantoms.make_volume(pixels, np.eye(4), photometric="RGB")
    image = SliceImage.from_volume(volume, 0)
    assert Probe.on(image, [(5, 5)]).label().startswith("RGB (200, 100, 50)")
    roi = RectangleRoi.on(image, [(2, 2), (10, 10)])
    assert roi.statistics.mean == pytest.approx(0.299 * 200 + 0.587 * 100 + 0.114 * 50)
    assert roi.label().endswith("(luminance)")


def test_resampled_plane_probe_uses_modality_values_and_source_units(phantoms):
    suv = phantoms.f18_suv()
    source = pet_volume(phantoms, suv)
    geometry = ImageGeometry.from_plane((0, 0, 0), (1, 0, 0), (0, 0, -1), 2.0)
    plane = SliceImage.from_plane(np.full((10, 10), 2500.0, np.float32), geometry, source)
    probe = Probe.on(plane, [(4, 4)])
    names = [q.name for q in probe.quantities]
    assert "Stored" not in names and probe.ref is None
    assert dict((q.name, q.value) for q in probe.quantities)["SUVbw"] == pytest.approx(expected_suv(2500.0, suv))


def test_measurement_and_image_must_agree(phantoms):
    disk = phantoms.ct_disk()
    image = SliceImage.from_volume(disk.volume, disk.k)
    other = SliceImage.from_volume(disk.volume, 0)
    with pytest.raises(ValueError, match="bound_to"):
        EllipseRoi(points=((1, 1), (5, 5)), geometry=image.geometry, ref=image.ref, image=other)
