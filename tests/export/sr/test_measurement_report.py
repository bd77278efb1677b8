"""Measurements -> TID 1500: valid SR, analytic values with UCUM units, image references
and outlines, finding sites, 3D coordinates for reconstructed planes; highdicom reads it."""

from __future__ import annotations

import math
from io import BytesIO

import highdicom as hd
import numpy as np
import pydicom
import pytest
from pydicom.sr.codedict import codes

from export.gsps import _tracking_uid
from export.sr.measurement_report import build_measurement_report
from export.sr.sr_reader import read_document
from tests.export.sr.conftest import dciodvfy, save
from tools.measure import (
    Angle,
    Arrow,
    CardiothoracicRatio,
    Cobb,
    EllipseRoi,
    ImageGeometry,
    Length,
    MeasurementSet,
    Polyline,
    Probe,
    RectangleRoi,
)

#: the only warnings allowed: our private code scheme (cardiothoracic ratio has no PS3.16 code)
LOCAL_SCHEME_WARNING = "Unrecognized defined term <99WS>"


def measurements(volume):
    mset = MeasurementSet()
    image2, image3 = mset.slice_image(volume, 2), mset.slice_image(volume, 3)
    return [
        Length.on(image2, [(10.0, 12.5), (40.0, 30.0)]),
        Angle.on(image2, [(5, 5), (20, 20), (35, 5)]),
        Cobb.on(image2, [(5, 40), (30, 42), (8, 55), (30, 50)]),
        CardiothoracicRatio.on(image2, [(20, 30), (40, 30), (10, 45), (55, 45)]),
        Polyline.on(image2, [(2, 2), (10, 3), (12, 9)], closed=True),
        EllipseRoi.on(image3, [(40.0, 10.0), (20.0, 30.0)]),
        RectangleRoi.on(image3, [(50, 50), (56, 60)]),
        Probe.on(image3, [(53, 55)]),
        Arrow.on(image3, [(50, 50), (40, 40)], text="Nốt mờ"),
    ]


def nums(doc):
    return {(m.label, m.name): m for m in doc.measurements}


def test_report_is_valid_and_carries_analytic_values(ct, tmp_path):
    _, volume, headers = ct
    written = measurements(volume)
    rect = written[6]
    assert np.all(rect.region(rect.image.shape).take(rect.image.pixels) == rect.image.pixels[55, 53])  # uniform
    export = build_measurement_report(written, headers, observer_name="Lê^Văn Bình")
    assert [(m.kind, "annotation" in why) for m, why in export.skipped] == [("arrow", True)]
    assert export.dataset.SOPClassUID == "1.2.840.10008.5.1.4.1.1.88.22"  # Enhanced SR: no 3D coordinates
    path = save(export.dataset, tmp_path, "tid1500.dcm")
    errors, warnings, report = dciodvfy(path)
    assert errors == [], report
    assert all(LOCAL_SCHEME_WARNING in w for w in warnings), report
    without_ratio = [m for m in written if m.kind != "cardiothoracic_ratio"]
    errors, warnings, report = dciodvfy(save(build_measurement_report(without_ratio, headers).dataset, tmp_path,
                                             "standard-codes-only.dcm"))
    assert errors == [] and warnings == [], report
    doc = read_document(pydicom.dcmread(path))
    found = nums(doc)
    length = found[("Length 1", "Length")]
    assert length.unit == "mm" and length.value == pytest.approx(math.hypot(30 * 3.0, 17.5 * 3.0))
    assert length.graphic_type == "POLYLINE" and length.graphic_data == [10.5, 13.0, 40.5, 30.5]  # pixel corners
    assert [r.sop_instance_uid for r in length.images] == [volume.frames[2].sop_instance_uid]
    assert length.finding_sites == ["Chest"] and length.tracking_uid == _tracking_uid(written[0].id)
    assert found[("Angle 2", "Angle")].value == pytest.approx(90.0) and found[("Angle 2", "Angle")].unit == "\u00b0"
    assert found[("Cobb 3", "Cobb angle")].value == pytest.approx(written[2].angle)
    assert found[("Cardiothoracic ratio 4", "Cardiothoracic ratio")].value == pytest.approx(20 / 45)
    assert found[("Polyline 5", "Perimeter")].value == pytest.approx(written[4].length)
    area = found[("Ellipse ROI 6", "Area")]
    assert area.unit == "mm\u00b2" and area.value == pytest.approx(math.pi * 30 * 30)  # 10x10 px semi-axes, 3 mm
    assert area.graphic_type == "ELLIPSE" and area.images[0].sop_instance_uid == volume.frames[3].sop_instance_uid
    hu = rect.image.modality_value(rect.image.pixels[55, 53])
    for name in ("Mean", "Minimum", "Maximum"):
        assert found[("Rectangle ROI 7", name)].value == pytest.approx(hu) and found[("Rectangle ROI 7", name)].unit == "HU"
    assert found[("Rectangle ROI 7", "Standard Deviation")].value == pytest.approx(0.0)
    assert found[("Probe 8", "Attenuation Coefficient")].value == pytest.approx(hu)


def test_highdicom_reads_the_groups_back(ct):
    _, volume, headers = ct
    export = build_measurement_report(measurements(volume), headers)
    buffer = BytesIO()
    export.dataset.save_as(buffer, enforce_file_format=True)
    sr = hd.sr.EnhancedSR.from_dataset(pydicom.dcmread(BytesIO(buffer.getvalue())))
    rois = sr.content.get_planar_roi_measurement_groups()
    assert len(rois) == 2
    units = {m.name.meaning: m.unit.value for g in rois for m in g.get_measurements()}
    assert units["Area"] == "mm2" and units["Mean"] == "[hnsf'U]"
    groups = sr.content.get_image_measurement_groups()
    assert {g.tracking_identifier for g in groups} == {"Length 1", "Angle 2", "Cobb 3", "Cardiothoracic ratio 4",
                                                      "Polyline 5", "Probe 8"}


def test_reconstructed_plane_goes_to_comprehensive_3d(ct, tmp_path):
    truth, volume, headers = ct
    plane = ImageGeometry.from_plane((0.0, 0.0, 0.0), (1.0, 0.0, 0.0), (0.0, 0.0, -1.0), 1.5)
    length = Length.on(plane, [(0.0, 0.0), (20.0, 0.0)])
    ellipse = EllipseRoi.on(plane, [(0.0, 0.0), (10.0, 4.0)])
    with_3d = build_measurement_report([length, ellipse], headers,
                                       frame_of_reference_uid=truth.frame_of_reference_uid,
                                       finding_sites={length.id: codes.SCT.Liver})
    assert with_3d.dataset.SOPClassUID == "1.2.840.10008.5.1.4.1.1.88.34" and with_3d.skipped == []
    path = save(with_3d.dataset, tmp_path, "3d.dcm")
    errors, _, report = dciodvfy(path)
    assert errors == [], report
    found = nums(read_document(pydicom.dcmread(path)))
    line = found[("Length 1", "Length")]
    assert line.value == pytest.approx(30.0) and line.finding_sites == ["Liver"] and line.images == []
    expected = length.patient_points().ravel()
    assert line.graphic_type == "POLYLINE" and np.allclose(line.graphic_data, expected, atol=1e-3)
    without = build_measurement_report([length, measurements(volume)[0]], headers)
    assert [why for _, why in without.skipped] == ["drawn on a reconstructed plane, and no frame of reference was given"]


def test_nothing_writable_is_an_error(ct):
    _, volume, headers = ct
    with pytest.raises(ValueError, match="no measurement"):
        build_measurement_report([measurements(volume)[-1]], headers)
    with pytest.raises(ValueError, match="headers"):
        build_measurement_report(measurements(volume), [])
