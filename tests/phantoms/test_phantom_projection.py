"""Projection phantoms: detector spacing, orientation labels, MONOCHROME1, no-spacing capture, mammography."""

from __future__ import annotations

import numpy as np
import pytest

from tests.phantoms.helpers import read, stored_slices, voxel_centres
from workstation import phantoms as P
from workstation.model import SpacingKind


@pytest.mark.parametrize("kind", ["cr", "dx", "sc"])
def test_pixels_are_the_scene_on_the_detector(kind, request):
    series = request.getfixturevalue(kind)
    np.testing.assert_array_equal(stored_slices(series.stack)[..., :], series.scene.sample(voxel_centres(series.stack)))


def test_cr_has_imager_pixel_spacing_only(cr):
    ds = read(cr.paths[0])
    assert [float(v) for v in ds.ImagerPixelSpacing] == [1.6, 1.5]
    assert "PixelSpacing" not in ds and "ImageOrientationPatient" not in ds
    assert list(ds.PatientOrientation) == ["L", "F"] and ds.ViewPosition == "PA"
    assert (ds.BitsAllocated, ds.BitsStored, ds.PhotometricInterpretation) == (16, 12, "MONOCHROME2")
    stack = cr.stack
    assert stack.spacing_kind is SpacingKind.DETECTOR
    # Column spacing (x) is the second value; the first pixel's centre is the origin.
    np.testing.assert_array_equal(stack.affine, np.diag([1.5, 1.6, 1.0, 1.0]))


def test_ruler_length_at_the_detector_and_in_pixels(cr):
    ruler = cr.rulers[0]
    assert ruler.length == 100.0
    start, end = (cr.stack.space_to_index(p)[:2] for p in (ruler.start, ruler.end))
    assert np.linalg.norm(end - start) == pytest.approx(100.0 / 1.5)  # a horizontal ruler: columns
    assert read(cr.paths[0]).pixel_array[int(round(start[1])), int(round(start[0]))] == ruler.value


def test_left_marker_is_on_the_image_right_for_l_f(cr):
    pixels = stored_slices(cr.stack)[0]
    rows, columns = np.nonzero(pixels == 4000)
    marker = columns[rows < pixels.shape[0] / 2]  # the lead marker at the top (the ruler is at the bottom)
    assert marker.size and marker.min() > pixels.shape[1] / 2


def test_dx_monochrome1_with_magnification_and_calibrated_spacing(dx, cr):
    ds = read(dx.paths[0])
    assert ds.PhotometricInterpretation == "MONOCHROME1" and ds.PresentationLUTShape == "INVERSE"
    assert float(ds.EstimatedRadiographicMagnificationFactor) == 1.2
    assert float(ds.DistanceSourceToDetector) / float(ds.DistanceSourceToPatient) == pytest.approx(1.2)
    np.testing.assert_allclose([float(v) for v in ds.PixelSpacing], [1.6 / 1.2, 1.5 / 1.2], rtol=1e-12)
    assert ds.PixelSpacingCalibrationType == "GEOMETRY"
    assert dx.projection.magnification == 1.2 and dx.projection.pixel_spacing == pytest.approx((1.6 / 1.2, 1.25))
    # The same anatomy as the MONOCHROME2 CR, stored inverted.
    np.testing.assert_array_equal(stored_slices(dx.stack), 4095 - stored_slices(cr.stack))


def test_a_detector_too_small_for_the_ruler_is_refused(tmp_path):
    with pytest.raises(ValueError, match="does not show"):
        P.write_radiograph(tmp_path, size=(200, 256), imager_pixel_spacing=(1.6, 1.6))


def test_secondary_capture_has_no_spacing_at_all(sc):
    ds = read(sc.paths[0])
    for keyword in ("PixelSpacing", "ImagerPixelSpacing", "ImageOrientationPatient", "FrameOfReferenceUID"):
        assert keyword not in ds
    assert (ds.BitsAllocated, ds.Modality, ds.ConversionType) == (8, "OT", "WSD")
    assert sc.stack.spacing_kind is SpacingKind.UNKNOWN and sc.stack.spacing == (1.0, 1.0, 1.0)
    assert sc.rulers[0].length == 100.0  # pixels
    assert sc.projection.imager_pixel_spacing is None


def test_mammography_views_are_mirrored(mammo):
    by_view = {(s.projection.image_laterality, s.projection.view_position): s for s in mammo}
    assert set(by_view) == {("R", "CC"), ("L", "CC"), ("R", "MLO"), ("L", "MLO")}
    expected = {("R", "CC"): ["P", "L"], ("L", "CC"): ["A", "R"], ("R", "MLO"): ["P", "FL"], ("L", "MLO"): ["A", "FR"]}
    for key, series in by_view.items():
        ds = read(series.paths[0])
        assert (ds.ImageLaterality, ds.ViewPosition, list(ds.PatientOrientation)) == (key[0], key[1], expected[key])
        assert ds.SOPClassUID == "1.2.840.10008.5.1.4.1.1.1.2"
        pixels = stored_slices(series.stack)[0]
        breast = pixels > 100
        chest_wall_right = breast[:, -1].sum() > breast[:, 0].sum()
        assert chest_wall_right == (key[0] == "R")  # right views: chest wall at the image right
        has_mass = (pixels == 3000).any()
        assert has_mass == (key[0] == "L")


def test_mammography_series_are_distinct(mammo):
    assert len({s.series_instance_uid for s in mammo}) == 4
    assert len({s.study_instance_uid for s in mammo}) == 1
    assert all(str(read(s.paths[0]).PatientName) == P.PATIENT_NGOC.name for s in mammo)
